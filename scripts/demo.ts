/**
 * `npm run demo`: starts the emulator, runs a real `pulumi up` of examples/quickstart against it on a
 * local backend, prints the stack outputs and the requests the provider made.
 * `npm run demo -- preview|refresh|destroy` runs that command on the same stack (the emulator's state
 * is kept in .demo/, so the stack survives between runs).
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { startEmulator } from "../emulator/server";
import { engineEnv, REPO_ROOT } from "./engine-env";

const DEMO_DIR = path.join(REPO_ROOT, ".demo");
const PROGRAM_DIR = path.join(REPO_ROOT, "examples", "quickstart");
const STACK = "demo";
const TOKEN = "demo-token";
const COMMANDS: Record<string, string[]> = {
  up: ["up", "--yes"],
  preview: ["preview", "--diff"],
  refresh: ["refresh", "--yes"],
  destroy: ["destroy", "--yes"],
};

async function main(): Promise<number> {
  const command = process.argv[2] ?? "up";
  if (!COMMANDS[command]) {
    console.error(`usage: npm run demo [-- ${Object.keys(COMMANDS).join("|")}]`);
    return 2;
  }
  const env = engineEnv({ backendDir: path.join(DEMO_DIR, "backend"), passphrase: "demo" });
  const emulator = await startEmulator({
    port: 0,
    stateFile: path.join(DEMO_DIR, "emulator-state.json"),
    actionDurationMs: 1500,
    tokens: [TOKEN],
  });
  const pulumi = (args: string[], quiet = false) => {
    const result = spawnSync("pulumi", [...args, "--non-interactive"], {
      cwd: PROGRAM_DIR,
      env,
      stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit",
      encoding: "utf8",
    });
    if (result.status !== 0 && quiet) process.stderr.write(`${result.stdout ?? ""}${result.stderr ?? ""}`);
    return result;
  };
  try {
    console.log(`emulator: ${emulator.url} (state in ${path.relative(REPO_ROOT, DEMO_DIR)}/)`);
    for (const args of [
      ["stack", "select", "--create", STACK],
      ["config", "set", "hcloud:endpoint", emulator.hcloudUrl],
      ["config", "set", "--secret", "hcloud:token", TOKEN],
    ]) {
      if (pulumi(args, true).status !== 0) return 1;
    }
    await fetch(`${emulator.url}/__emulator/requests`, { method: "DELETE" });
    const run = pulumi([...COMMANDS[command], "--stack", STACK]);
    if (run.status !== 0) return run.status ?? 1;

    const log = (await (await fetch(`${emulator.url}/__emulator/requests`)).json()) as {
      requests: Array<{ method: string; path: string; status: number }>;
    };
    console.log(`\nrequests the provider made (${log.requests.length}):`);
    for (const r of log.requests) console.log(`  ${r.status} ${r.method} ${r.path}`);
    if (command === "up" || command === "refresh") {
      console.log("\nstack outputs:");
      pulumi(["stack", "output", "--json", "--stack", STACK]);
    }
    console.log(
      "\nNext: `npm run demo -- preview` (no changes expected), `npm run demo -- refresh`, `npm run demo -- destroy`.",
    );
    return 0;
  } finally {
    await emulator.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
