/** The example programs run as programs of their own against the emulator: up, then destroy. */
import * as fs from "fs";
import * as path from "path";
import { testCertificate } from "../support/certificates";
import { engineEnv, REPO_ROOT, runCli, runProcess, timed, useEmulator, writeProject } from "./harness";

jest.setTimeout(180_000);

const e2e = useEmulator({ token: "automation-example-token", actionDurationMs: 200 });
let afterTest = () => undefined as void;
afterEach(() => afterTest());

function runExample(args: string[], env: Record<string, string>) {
  return runProcess(path.join(REPO_ROOT, "node_modules", ".bin", "ts-node"), ["examples/automation/index.ts", ...args], {
    cwd: REPO_ROOT,
    env: { ...env, TS_NODE_TRANSPILE_ONLY: "true", TS_NODE_PROJECT: "examples/automation/tsconfig.json" },
  });
}

test("examples/automation: up creates the firewall on the label selector, destroy removes it", async () => {
  const stackName = `ci${Date.now()}`;
  const env = engineEnv({ HCLOUD_TOKEN: e2e.token, HCLOUD_ENDPOINT: e2e.emulator.hcloudUrl, STACK: stackName });
  // The workspace writes the stack's config file beside the example.
  afterTest = () => fs.rmSync(path.join(REPO_ROOT, "examples", "automation", `Pulumi.${stackName}.yaml`), { force: true });

  const up = await timed("automation example up", () => runExample([], env));
  expect(up.stderr).toContain("+ 2 created");
  expect(up.code).toBe(0);
  const outputs = JSON.parse(up.stdout.trim().split("\n").pop()!);
  expect(outputs.appliedTo).toEqual([{ type: "label_selector", labelSelector: "role=web", serverIds: [42, 43] }]);
  expect((await e2e.api.json("GET", `/hcloud/v1/firewalls/${outputs.firewallId}`)).body.firewall.labels).toEqual({ managed_by: "automation-api", "pulumi-dns-cloud/owner": expect.stringMatching(/^[0-9a-f]{32}$/) });

  const destroy = await timed("automation example destroy", () => runExample(["--destroy"], env));
  expect(destroy.code).toBe(0);
  expect((await e2e.api.json("GET", "/hcloud/v1/firewalls")).body.firewalls).toEqual([]);
});

test("examples/hcloud through the CLI: every hcloud resource up, no-op preview, destroy leaves the emulator empty", async () => {
  const source = path.join(REPO_ROOT, "examples", "hcloud");
  const files = Object.fromEntries(
    ["Pulumi.yaml", "index.ts", "package.json", "tsconfig.json"].map((f) => [f, fs.readFileSync(path.join(source, f), "utf8")]),
  );
  const dir = writeProject(files, "hcloud-example-");
  const env = engineEnv();
  const cert = testCertificate({ domains: ["example.org"] });
  try {
    for (const args of [
      ["stack", "init", "example"],
      ["config", "set", "hcloud:endpoint", e2e.emulator.hcloudUrl],
      ["config", "set", "--secret", "hcloud:token", e2e.token],
      // `--` before the key, flags before it: the PEM values start with dashes.
      ["config", "set", "--non-interactive", "--", "certificate", cert.certificate],
      ["config", "set", "--secret", "--non-interactive", "--", "privateKey", cert.privateKey],
    ]) {
      const result = await runCli(args, { cwd: dir, env });
      expect(result.stderr.replace(/^Created stack.*\n/, "")).toBe("");
      expect(result.code).toBe(0);
    }
    const up = await timed("hcloud example up", () => runCli(["up", "--yes", "--skip-preview"], { cwd: dir, env }));
    expect(up.stdout + up.stderr).toContain("+ 7 created");
    expect(up.code).toBe(0);

    const outputs = JSON.parse((await runCli(["stack", "output", "--json"], { cwd: dir, env })).stdout);
    expect(outputs.dbServers).toEqual(["db-1"]);
    expect(outputs.floatingIp).toMatch(/^203\.0\.113\.\d+$/);
    expect(outputs.floatingIpServer).toBe(42);
    expect(outputs.managedStatus.issuance).toBe("completed");
    expect(outputs.uploadedFingerprint).toMatch(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
    const firewall = (await e2e.api.json("GET", `/hcloud/v1/firewalls/${outputs.firewallId}`)).body.firewall;
    expect(firewall.applied_to.map((a: { type: string }) => a.type).sort()).toEqual(["label_selector", "server"]);

    expect((await runCli(["preview", "--expect-no-changes"], { cwd: dir, env })).code).toBe(0);
    const destroy = await timed("hcloud example destroy", () => runCli(["destroy", "--yes", "--skip-preview"], { cwd: dir, env }));
    expect(destroy.code).toBe(0);
    for (const collection of ["firewalls", "floating_ips", "certificates"]) {
      expect((await e2e.api.json("GET", `/hcloud/v1/${collection}`)).body[collection]).toEqual([]);
    }
  } finally {
    await runCli(["stack", "rm", "--yes", "--force"], { cwd: dir, env });
  }
});

test("examples/storage-box through the CLI: a box with a snapshot plan, a subaccount and a snapshot up, no-op preview, destroy leaves no storage box", async () => {
  const source = path.join(REPO_ROOT, "examples", "storage-box");
  const files = Object.fromEntries(
    ["Pulumi.yaml", "index.ts", "package.json", "tsconfig.json"].map((f) => [f, fs.readFileSync(path.join(source, f), "utf8")]),
  );
  const dir = writeProject(files, "storage-box-example-");
  const env = engineEnv();
  try {
    for (const args of [
      ["stack", "init", "example"],
      ["config", "set", "hetzner:endpoint", e2e.emulator.hetznerUrl],
      ["config", "set", "--secret", "hetzner:token", e2e.token],
      ["config", "set", "--secret", "boxPassword", "Example-Box-Pass-1!"],
      ["config", "set", "--secret", "backupPassword", "Example-Restore-Pass-2?"],
    ]) {
      const result = await runCli(args, { cwd: dir, env });
      expect(result.stderr.replace(/^Created stack.*\n/, "")).toBe("");
      expect(result.code).toBe(0);
    }
    const up = await timed("storage-box example up", () => runCli(["up", "--yes", "--skip-preview"], { cwd: dir, env }));
    expect(up.stdout + up.stderr).toContain("+ 4 created");
    expect(up.code).toBe(0);

    const outputs = JSON.parse((await runCli(["stack", "output", "--json"], { cwd: dir, env })).stdout);
    expect(outputs.storageBoxType).toBe("bx11");
    expect(outputs.restoreUser).toMatch(/^u\d+-sub1$/);
    expect(outputs.baselineSnapshot).toEqual(expect.any(String));
    const box = (await e2e.api.json("GET", `/hetzner/v1/storage_boxes/${outputs.storageBoxId}`)).body.storage_box;
    expect(box).toMatchObject({ server: outputs.server, snapshot_plan: { max_snapshots: 7, minute: 30, hour: 3 }, access_settings: { ssh_enabled: true, reachable_externally: true } });
    const [restore] = (await e2e.api.json("GET", `/hetzner/v1/storage_boxes/${outputs.storageBoxId}/subaccounts`)).body.subaccounts;
    expect(restore).toMatchObject({ username: outputs.restoreUser, home_directory: "hosts/web-1", access_settings: { ssh_enabled: true, readonly: true } });
    const snapshots = (await e2e.api.json("GET", `/hetzner/v1/storage_boxes/${outputs.storageBoxId}/snapshots`)).body.snapshots;
    expect(snapshots).toEqual([expect.objectContaining({ name: outputs.baselineSnapshot, description: "baseline", is_automatic: false })]);

    expect((await runCli(["preview", "--expect-no-changes"], { cwd: dir, env })).code).toBe(0);
    const destroy = await timed("storage-box example destroy", () => runCli(["destroy", "--yes", "--skip-preview"], { cwd: dir, env }));
    expect(destroy.code).toBe(0);
    expect((await e2e.api.json("GET", "/hetzner/v1/storage_boxes")).body.storage_boxes).toEqual([]);
  } finally {
    await runCli(["stack", "rm", "--yes", "--force"], { cwd: dir, env });
  }
});
