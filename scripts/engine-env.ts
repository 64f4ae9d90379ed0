/**
 * The environment the real Pulumi engine runs in for the demo and the end-to-end tests: our engine
 * build first on PATH, Node 22 from node_modules, a local file backend, no update checks, no plugin
 * downloads. Shared so the demo and the tests run the engine the same way.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export const REPO_ROOT = findRepoRoot(__dirname);

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).name === "pulumi-dns-cloud") return dir;
    if (path.dirname(dir) === dir) throw new Error(`no pulumi-dns-cloud package.json above ${from}`);
  }
}

/** Runs scripts/engine.sh (cached after the first build) and returns the folder with `pulumi` and our plugins. */
export function ensureEngine(): string {
  if (process.env.PULUMI_ENGINE_BIN) return process.env.PULUMI_ENGINE_BIN;
  const out = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "engine.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const bin = out.trim().split("\n").pop()!;
  process.env.PULUMI_ENGINE_BIN = bin;
  return bin;
}

export interface EngineEnvOptions {
  /** Folder of the local file backend. */
  backendDir: string;
  /** PULUMI_HOME; the default (~/.pulumi) is fine: our plugins are found on PATH, not in its plugin cache. */
  homeDir?: string;
  passphrase: string;
  extra?: Record<string, string>;
}

/** The variables to add to process.env for every engine command that must see the same stacks. */
export function engineEnv(options: EngineEnvOptions): Record<string, string> {
  // `npm install <pkg>` prunes our self-link; programs and the provider process need it to find the package.
  require(path.join(REPO_ROOT, "scripts", "link-local.js"));
  fs.mkdirSync(options.backendDir, { recursive: true });
  if (options.homeDir) fs.mkdirSync(options.homeDir, { recursive: true });
  return {
    // Engine bin first (pulumi and our plugins), then the project's Node 22 (node_modules/.bin/node).
    PATH: [ensureEngine(), path.join(REPO_ROOT, "node_modules", ".bin"), process.env.PATH ?? ""].join(path.delimiter),
    ...(options.homeDir ? { PULUMI_HOME: options.homeDir } : {}),
    PULUMI_BACKEND_URL: `file://${options.backendDir}`,
    PULUMI_CONFIG_PASSPHRASE: options.passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    ...options.extra,
  };
}
