/**
 * Engine harness for lifecycle tests: runs real `pulumi` (built by scripts/engine.sh) against a local
 * file backend, either through the Automation API with an inline program or through the CLI on a
 * program folder. No Pulumi Cloud, no plugin downloads, no network.
 *
 * Programs and workspaces live under /work/main/.pulumi-state/ (git-ignored) on purpose: the
 * dynamic-provider plugin (and our language host) run with that folder as cwd and find
 * `@pulumi/pulumi` and `pulumi-dns-cloud` (self-linked in node_modules) by walking up from it.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigMap, LocalWorkspace, PulumiCommand, PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { requestLogViolations } from "../contract/hcloud-setup";
import { engineEnv as baseEngineEnv, ensureEngine, REPO_ROOT } from "../../scripts/engine-env";

export { REPO_ROOT };
export const STATE_ROOT = path.join(REPO_ROOT, ".pulumi-state");
export const PASSPHRASE = "e2e-passphrase";

const created: string[] = [];

/** The engine bin folder: from jest's globalSetup, else by running scripts/engine.sh (cached). */
export const engineBin = ensureEngine;

/** Path of the `pulumi` executable: the cached build, or the one on PATH that engine.sh chose. */
export function pulumiPath(): string {
  const built = path.join(engineBin(), "pulumi");
  return fs.existsSync(built) ? built : "pulumi";
}

/** A fresh folder, removed by cleanup(). Under .pulumi-state by default (see the header comment). */
export function tempDir(prefix = "e2e-", parent = STATE_ROOT): string {
  fs.mkdirSync(parent, { recursive: true });
  const dir = fs.mkdtempSync(path.join(parent, prefix));
  created.push(dir);
  return dir;
}

/**
 * Environment for the engine (the variables to add to process.env). Each call gets a fresh file
 * backend and PULUMI_HOME; pass the same env to every command that must see the same stacks.
 */
export function engineEnv(extra: Record<string, string> = {}): Record<string, string> {
  const root = tempDir("pulumi-e2e-", os.tmpdir());
  return baseEngineEnv({
    backendDir: path.join(root, "backend"),
    homeDir: path.join(root, "home"),
    passphrase: PASSPHRASE,
    // Test programs are type-checked by jest/tsc already; skipping ts-node's check saves seconds per run.
    extra: { PULUMI_NODEJS_TRANSPILE_ONLY: "true", ...extra },
  });
}

export interface InlineStackOptions {
  projectName: string;
  stackName?: string;
  program: PulumiFn;
  config?: Record<string, { value: string; secret?: boolean }>;
  /** Must be inside REPO_ROOT (default: a fresh folder under .pulumi-state). */
  workDir?: string;
  /** Default: a fresh engineEnv(). */
  env?: Record<string, string>;
}

/** An Automation API stack running `program` in-process against our CLI and a local backend. */
export async function inlineStack(opts: InlineStackOptions): Promise<Stack> {
  const env = opts.env ?? engineEnv();
  const workDir = path.resolve(opts.workDir ?? tempDir(`${opts.projectName}-`));
  // Outside the repo the plugin cannot resolve @pulumi/pulumi, and the engine then hangs rather than failing.
  if (path.relative(REPO_ROOT, workDir).startsWith("..")) throw new Error(`workDir must be inside ${REPO_ROOT}: ${workDir}`);
  const bin = pulumiPath();
  const pulumiCommand = await PulumiCommand.get(bin === "pulumi" ? { skipVersionCheck: true } : { root: path.dirname(path.dirname(bin)), skipVersionCheck: true });
  const stack = await LocalWorkspace.createOrSelectStack(
    { projectName: opts.projectName, stackName: opts.stackName ?? "test", program: opts.program },
    {
      workDir,
      envVars: env,
      pulumiCommand,
      projectSettings: { name: opts.projectName, runtime: "nodejs", backend: { url: env.PULUMI_BACKEND_URL } },
    },
  );
  if (opts.config) await stack.setAllConfig(opts.config as ConfigMap);
  return stack;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `pulumi <args> --non-interactive` in cwd with process.env + env; never throws on exit codes. */
export function runCli(args: string[], opts: { cwd: string; env: Record<string, string>; timeoutMs?: number }): Promise<CliResult> {
  const fullArgs = args.includes("--non-interactive") ? args : [...args, "--non-interactive"];
  return runProcess(pulumiPath(), fullArgs, opts);
}

/** Runs a command with process.env + env, collecting its output; interrupted after timeoutMs. */
export function runProcess(
  command: string,
  args: string[],
  opts: { cwd: string; env: Record<string, string>; timeoutMs?: number },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGINT"), opts.timeoutMs ?? 180_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/**
 * Writes a program folder (files relative to it) under .pulumi-state and returns its path.
 * Unless given, adds a package.json whose `main` is index.ts: without one, @pulumi/pulumi's run entry
 * walks up to the repo's package.json and runs ITS main (dist/sdk/index.js) instead of the program.
 */
export function writeProject(files: Record<string, string>, prefix = "cli-"): string {
  const dir = tempDir(prefix);
  if (!files["package.json"]) files = { "package.json": JSON.stringify({ name: path.basename(dir).toLowerCase(), private: true, main: "index.ts" }), ...files };
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/**
 * An example program (examples/<name>: its files copied into a project folder under .pulumi-state) and a
 * `pulumi` runner for it that expects success: exit code 0 and nothing on stderr.
 */
export function exampleProject(example: string, files: string[] = ["Pulumi.yaml", "index.ts", "package.json", "tsconfig.json"]) {
  const source = path.join(REPO_ROOT, "examples", example);
  const dir = writeProject(Object.fromEntries(files.map((f) => [f, fs.readFileSync(path.join(source, f), "utf8")])), `${example}-example-`);
  const env = engineEnv();
  const cli = async (args: string[]): Promise<CliResult> => {
    const result = await runCli(args, { cwd: dir, env });
    expect({ args, code: result.code, stderr: result.stderr.replace(/^Created stack.*\n/, "") }).toEqual({ args, code: 0, stderr: "" });
    return result;
  };
  return { dir, env, cli };
}

/** Destroys what the stack still has and removes it from the backend (best effort). */
export async function removeStack(stack: Stack): Promise<void> {
  try {
    await stack.destroy();
  } finally {
    await stack.workspace.removeStack(stack.name).catch(() => undefined);
  }
}

/** Removes every folder made by tempDir()/engineEnv()/writeProject() so far. */
export function cleanup(): void {
  while (created.length) fs.rmSync(created.pop()!, { recursive: true, force: true });
}

/** Processes working in `dir` (the engine starts the language host and the provider there). Linux /proc. */
export function processesIn(dir: string): string[] {
  const where = fs.realpathSync(dir);
  return fs.readdirSync("/proc").flatMap((pid) => {
    if (!/^\d+$/.test(pid)) return [];
    try {
      if (fs.realpathSync(`/proc/${pid}/cwd`) !== where) return [];
      return [`${pid} ${fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ").slice(0, 120)}`];
    } catch {
      return []; // gone meanwhile (also between its cwd and its cmdline), or not ours to read
    }
  });
}

/** Runs fn, prints how long it took, returns its result. */
export async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await fn();
  } finally {
    process.stdout.write(`[e2e] ${label}: ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  }
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, unknown>;
  hasBody: boolean;
  body?: unknown;
  status: number | null;
  /** The emulator project of the request's token. */
  project?: string;
}

/** Talks to a running emulator: its control endpoints and, out of band, its APIs. */
export function emulatorControl(url: string, token: string) {
  const json = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const requests = async (): Promise<LoggedRequest[]> => (await json("GET", "/__emulator/requests")).body.requests;
  // What the log held before each clear, so the whole traffic can be checked at the end.
  const cleared: LoggedRequest[] = [];
  return {
    json,
    requests,
    clearRequests: async () => {
      cleared.push(...(await requests()));
      return json("DELETE", "/__emulator/requests");
    },
    /** Every API request served, including those cleared from the log since. */
    allRequests: async (): Promise<LoggedRequest[]> => [...cleared, ...(await requests())],
    /** `METHOD /path` lines of the API requests served since the last clear. */
    requestLines: async () => (await json("GET", "/__emulator/requests")).body.requests.map((r: LoggedRequest) => `${r.method} ${r.path}`),
  };
}

export type EmulatorControl = ReturnType<typeof emulatorControl>;

export interface UseEmulatorOptions {
  /** The token the emulator accepts (default "e2e-hcloud-token"). */
  token?: string;
  /** More tokens of the default project (e.g. one per API family; VPS.org's start with `vps_`). */
  moreTokens?: string[];
  /** How long every action runs (default 300 ms). */
  actionDurationMs?: number;
  /** More projects, each with its own tokens and state (`token` is the default project's). */
  projects?: Record<string, string[]>;
}

/** The emulator of a test file; read the fields inside hooks and tests only (it starts in beforeAll). */
export interface UsedEmulator {
  readonly emulator: RunningEmulator;
  /** emulatorControl() of the emulator, with the token. */
  readonly api: EmulatorControl;
  readonly token: string;
  /** Stack config pointing the hcloud provider at the emulator (the token as a secret). */
  readonly config: Record<string, { value: string; secret?: boolean }>;
}

/**
 * Starts an emulator for the test file in beforeAll; afterAll checks every API request it served
 * against the Hetzner Cloud spec (failing the file on a violation), closes it and runs cleanup().
 * Call it at the top level of the file.
 */
export function useEmulator(options: UseEmulatorOptions = {}): UsedEmulator {
  const token = options.token ?? "e2e-hcloud-token";
  let running: RunningEmulator | undefined;
  let api: EmulatorControl | undefined;
  const started = (): RunningEmulator => {
    if (!running) throw new Error("the emulator is started in beforeAll");
    return running;
  };

  beforeAll(async () => {
    running = await startEmulator({ port: 0, actionDurationMs: options.actionDurationMs ?? 300, tokens: [token, ...(options.moreTokens ?? [])], projects: options.projects });
    api = emulatorControl(running.url, token);
  });
  afterAll(async () => {
    try {
      const violations = running ? requestLogViolations(await api!.allRequests()) : [];
      if (violations.length) throw new Error(`requests that break the Hetzner Cloud spec:\n${violations.join("\n")}`);
    } finally {
      await running?.close();
      cleanup();
    }
  });

  return {
    get emulator() {
      return started();
    },
    get api() {
      started();
      return api!;
    },
    token,
    get config() {
      return { "hcloud:endpoint": { value: started().hcloudUrl }, "hcloud:token": { value: token, secret: true } };
    },
  };
}

/** Files of the stack's local backend whose raw bytes contain the text. */
export function backendFilesContaining(stack: { workspace: { envVars: Record<string, string> } }, text: string): string[] {
  const root = stack.workspace.envVars.PULUMI_BACKEND_URL.replace(/^file:\/\//, "");
  const files: string[] = fs.readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
  expect(files.length).toBeGreaterThan(0);
  return files.filter((f) => fs.readFileSync(f).includes(text));
}

/** The lines of the CLI's "Diagnostics:" section, per resource heading. */
export function diagnostics(stdout: string): Record<string, string[]> {
  const section = stdout.split(/^Diagnostics:$/m)[1]?.split(/^\S/m)[0] ?? "";
  const byResource: Record<string, string[]> = {};
  let heading = "";
  for (const line of section.split("\n")) {
    if (/^ {2}\S/.test(line)) byResource[(heading = line.trim())] = [];
    else if (line.trim()) byResource[heading].push(line.trim());
  }
  return byResource;
}

/**
 * A CLI killed while the file backend saved the checkpoint may leave an empty file behind (gocloud's fileblob
 * writes a blob's `.attrs` in place): empty `.attrs` files go, an empty checkpoint comes back from its `.bak`.
 * Returns what was done.
 */
export function repairCheckpoint(env: Record<string, string>): string[] {
  const root = env.PULUMI_BACKEND_URL.replace(/^file:\/\//, "");
  const done: string[] = [];
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (!entry.isFile() || fs.statSync(file).size > 0) continue;
    if (file.endsWith(".attrs")) {
      fs.rmSync(file);
      done.push(`removed empty ${path.relative(root, file)}`);
    } else if (fs.existsSync(`${file}.bak`)) {
      fs.copyFileSync(`${file}.bak`, file);
      done.push(`restored ${path.relative(root, file)} from .bak`);
    } else done.push(`empty ${path.relative(root, file)}`);
  }
  return done;
}
