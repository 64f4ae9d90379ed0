/** The Automation API example runs as a program of its own against the emulator: up, then destroy. */
import * as fs from "fs";
import * as path from "path";
import { RunningEmulator, startEmulator } from "../../emulator/server";
import { cleanup, emulatorControl, engineEnv, REPO_ROOT, runProcess, timed } from "./harness";

jest.setTimeout(180_000);

const TOKEN = "automation-example-token";
let emulator: RunningEmulator;
let afterTest = () => undefined as void;
afterEach(() => afterTest());

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, actionDurationMs: 200, tokens: [TOKEN] });
});
afterAll(async () => {
  await emulator?.close();
  cleanup();
});

function runExample(args: string[], env: Record<string, string>) {
  return runProcess(path.join(REPO_ROOT, "node_modules", ".bin", "ts-node"), ["examples/automation/index.ts", ...args], {
    cwd: REPO_ROOT,
    env: { ...env, TS_NODE_TRANSPILE_ONLY: "true", TS_NODE_PROJECT: "examples/automation/tsconfig.json" },
  });
}

test("examples/automation: up creates the firewall on the label selector, destroy removes it", async () => {
  const stackName = `ci${Date.now()}`;
  const env = engineEnv({ HCLOUD_TOKEN: TOKEN, HCLOUD_ENDPOINT: emulator.hcloudUrl, STACK: stackName });
  // The workspace writes the stack's config file beside the example.
  afterTest = () => fs.rmSync(path.join(REPO_ROOT, "examples", "automation", `Pulumi.${stackName}.yaml`), { force: true });
  const api = emulatorControl(emulator.url, TOKEN);

  const up = await timed("automation example up", () => runExample([], env));
  expect(up.stderr).toContain("+ 2 created");
  expect(up.code).toBe(0);
  const outputs = JSON.parse(up.stdout.trim().split("\n").pop()!);
  expect(outputs.appliedTo).toEqual([{ type: "label_selector", labelSelector: "role=web", serverIds: [42, 43] }]);
  expect((await api.json("GET", `/hcloud/v1/firewalls/${outputs.firewallId}`)).body.firewall.labels).toEqual({ managed_by: "automation-api" });

  const destroy = await timed("automation example destroy", () => runExample(["--destroy"], env));
  expect(destroy.code).toBe(0);
  expect((await api.json("GET", "/hcloud/v1/firewalls")).body.firewalls).toEqual([]);
});
