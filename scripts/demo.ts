/**
 * `npm run demo`: starts the emulator, runs a real `pulumi up` of examples/quickstart against it on a
 * local backend, prints the stack outputs and the requests the provider made.
 * `npm run demo -- preview|refresh|destroy` runs that command on the same stack (the emulator's state
 * is kept in .demo/, so the stack survives between runs).
 */
import { spawn } from "child_process";
import * as path from "path";
import { startEmulator } from "../emulator/server";
import { engineEnv, REPO_ROOT } from "./engine-env";

const DEMO_DIR = path.join(REPO_ROOT, ".demo");
const PROGRAM_DIR = path.join(REPO_ROOT, "examples", "quickstart");
const STACK = "demo";
const TOKEN = "demo-token";
// A fixed port: `refresh` and `destroy` use the endpoint recorded with the stack's provider at the last `up`.
const PORT = Number(process.env.DEMO_EMULATOR_PORT ?? 4780);
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
    port: PORT,
    stateFile: path.join(DEMO_DIR, "emulator-state.json"),
    actionDurationMs: 1500,
    tokens: [TOKEN],
  });
  // Asynchronous on purpose: the emulator serves from this process's event loop while pulumi runs.
  const pulumi = (args: string[], quiet = false) =>
    new Promise<number>((resolve, reject) => {
      const child = spawn("pulumi", [...args, "--non-interactive"], {
        cwd: PROGRAM_DIR,
        env: { ...process.env, ...env },
        stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit",
      });
      let output = "";
      child.stdout?.on("data", (d) => (output += d));
      child.stderr?.on("data", (d) => (output += d));
      child.on("error", reject);
      child.on("close", (code) => {
        if (code !== 0 && quiet) process.stderr.write(output);
        resolve(code ?? 1);
      });
    });
  try {
    console.log(`emulator: ${emulator.url} (state in ${path.relative(REPO_ROOT, DEMO_DIR)}/)`);
    for (const args of [
      ["stack", "select", "--create", STACK],
      ["config", "set", "hcloud:endpoint", emulator.hcloudUrl],
      ["config", "set", "--secret", "hcloud:token", TOKEN],
    ]) {
      if ((await pulumi(args, true)) !== 0) return 1;
    }
    await fetch(`${emulator.url}/__emulator/requests`, { method: "DELETE" });
    const status = await pulumi([...COMMANDS[command], "--stack", STACK]);
    if (status !== 0) return status;

    const log = (await (await fetch(`${emulator.url}/__emulator/requests`)).json()) as {
      requests: Array<{ method: string; path: string; query?: Record<string, unknown>; status: number }>;
    };
    console.log(`\nrequests the provider made (${log.requests.length}):`);
    for (const r of log.requests) console.log(`  ${r.status} ${r.method} ${r.path}${queryString(r.query)}`);
    if (command === "up" || command === "refresh") {
      console.log("\nstack outputs:");
      await pulumi(["stack", "output", "--json", "--stack", STACK]);
    }
    console.log(
      "\nNext: `npm run demo -- preview` (no changes expected), `npm run demo -- refresh`, `npm run demo -- destroy`.",
    );
    return 0;
  } finally {
    await emulator.close();
  }
}

function queryString(query: Record<string, unknown> = {}): string {
  const pairs = Object.entries(query).flatMap(([key, value]) => (Array.isArray(value) ? value : [value]).map((v) => [key, String(v)]));
  return pairs.length ? `?${new URLSearchParams(pairs as [string, string][])}` : "";
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
