/**
 * hcloud.Firewall through the real engine and the emulator: the Automation API lifecycle
 * (up → no-op preview → change → drift → refresh → destroy) and the `pulumi` CLI on examples/quickstart.
 */
import * as fs from "fs";
import * as path from "path";
import { hcloud } from "../../sdk";
import { backendFilesContaining, engineEnv, inlineStack, removeStack, REPO_ROOT, runCli, timed, useEmulator, writeProject } from "./harness";

jest.setTimeout(240_000);

const e2e = useEmulator({ token: "e2e-hcloud-token-5f1c" });

test("Automation API: up, no-op preview, rule change, drift and refresh, destroy", async () => {
  let rules: hcloud.FirewallRuleArgs[] = [
    { direction: "in", protocol: "tcp", port: "22", sourceIps: ["10.0.0.0/8"] },
    { direction: "in", protocol: "icmp", sourceIps: ["0.0.0.0/0", "::/0"] },
  ];
  const program = async () => {
    const fw = new hcloud.Firewall("edge", { name: "edge", labels: { team: "net" }, rules, applyTo: { serverIds: [42], labelSelectors: ["role=db"] } });
    return { id: fw.firewallId, name: fw.name, rules: fw.rules, appliedTo: fw.appliedTo };
  };
  const stack = await inlineStack({
    projectName: "fw-lifecycle",
    program,
    config: e2e.config,
  });
  try {
    const up = await timed("up", () => stack.up());
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    const id = up.outputs.id.value as number;
    expect(up.outputs.rules.value).toEqual([
      { direction: "in", protocol: "tcp", port: "22", sourceIps: ["10.0.0.0/8"] },
      { direction: "in", protocol: "icmp", sourceIps: ["0.0.0.0/0", "::/0"] },
    ]);
    expect(up.outputs.appliedTo.value).toEqual([
      { type: "server", serverId: 42 },
      { type: "label_selector", labelSelector: "role=db", serverIds: [44] },
    ]);
    const live = (await e2e.api.json("GET", `/hcloud/v1/firewalls/${id}`)).body.firewall;
    expect(live.name).toBe("edge");
    expect(live.rules.map((r: { source_ips: string[] }) => r.source_ips)).toEqual([["10.0.0.0/8"], ["0.0.0.0/0", "::/0"]]);

    // The token is secret config: encrypted in the stored state (the default provider's inputs), never in __provider.
    expect(backendFilesContaining(stack, e2e.token)).toEqual([]);
    const exported = await stack.exportStack();
    const firewallState = exported.deployment.resources.find((r: { type: string }) => r.type.endsWith("hcloud:Firewall"));
    expect(JSON.stringify(firewallState)).not.toContain(e2e.token);

    // Same rules in another order and spelling: nothing to do, and not one API request.
    rules = [
      { direction: "in", protocol: "icmp", sourceIps: ["::0/0", "0.0.0.0/0"] },
      { direction: "in", protocol: "tcp", port: 22, sourceIps: [" 10.0.0.0/8"] },
    ];
    await e2e.api.clearRequests();
    const preview = await timed("no-op preview", () => stack.preview());
    expect(preview.changeSummary).toEqual({ same: 2 });
    expect(await e2e.api.requestLines()).toEqual([]);

    // A rule change goes through set_rules only.
    rules = [{ direction: "in", protocol: "tcp", port: "443", sourceIps: ["0.0.0.0/0"] }];
    await e2e.api.clearRequests();
    const changed = await timed("up (rules)", () => stack.up());
    expect(changed.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    const lines = await e2e.api.requestLines();
    expect(lines).toContain(`POST /hcloud/v1/firewalls/${id}/actions/set_rules`);
    expect(lines.filter((l: string) => l.startsWith("PUT") || l.includes("apply_to") || l.includes("remove_from"))).toEqual([]);
    expect((await e2e.api.json("GET", `/hcloud/v1/firewalls/${id}`)).body.firewall.rules).toEqual([
      expect.objectContaining({ direction: "in", protocol: "tcp", port: "443", source_ips: ["0.0.0.0/0"] }),
    ]);

    // Out-of-band rename: refresh reports it, the next up puts the program's name back.
    expect((await e2e.api.json("PUT", `/hcloud/v1/firewalls/${id}`, { name: "tampered" })).status).toBe(200);
    const refresh = await timed("refresh", () => stack.refresh());
    expect(refresh.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    const refreshed = (await stack.exportStack()).deployment.resources.find((r: { type: string }) => r.type.endsWith("hcloud:Firewall"));
    expect(refreshed.outputs.name).toBe("tampered");
    expect(refreshed.inputs.name).toBe("tampered");
    const restore = await timed("up (restore)", () => stack.up());
    expect(restore.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect((await e2e.api.json("GET", `/hcloud/v1/firewalls/${id}`)).body.firewall.name).toBe("edge");

    await timed("destroy", () => stack.destroy());
    expect((await e2e.api.json("GET", "/hcloud/v1/firewalls")).body.firewalls).toEqual([]);
    expect((await e2e.api.json("GET", `/hcloud/v1/firewalls/${id}`)).status).toBe(404);
  } finally {
    await removeStack(stack);
  }
});

test("Automation API: bad rules fail in check, before any API request", async () => {
  const stack = await inlineStack({
    projectName: "fw-invalid",
    program: async () => {
      new hcloud.Firewall("bad", { rules: [{ direction: "in", protocol: "tcp", sourceIps: ["10.0.0.300"] }] });
    },
    config: e2e.config,
  });
  try {
    await e2e.api.clearRequests();
    const error = await stack.up().then(() => undefined, (e: Error) => e);
    expect(String(error)).toMatch(/port is required for protocol tcp/);
    expect(String(error)).toMatch(/"10.0.0.300" is not an IP address or CIDR/);
    expect(await e2e.api.requestLines()).toEqual([]);
  } finally {
    await removeStack(stack);
  }
});

test("Automation API: transient faults are retried and a lost create response never duplicates the firewall", async () => {
  const stack = await inlineStack({
    projectName: "fw-faults",
    program: async () => {
      const fw = new hcloud.Firewall("flaky", { name: "flaky", rules: [{ direction: "in", protocol: "icmp", sourceIps: ["0.0.0.0/0"] }], applyTo: { serverIds: [43] } });
      return { id: fw.firewallId };
    },
    config: e2e.config,
  });
  try {
    await e2e.api.json("DELETE", "/__emulator/faults");
    const faults = [
      // The create is carried out but its response is lost: the provider must look it up, not post again.
      { method: "POST", path: "^/hcloud/v1/firewalls$", afterProcessing: true, resetConnection: true },
      { method: "GET", path: "^/hcloud/v1/actions$", status: 429, code: "rate_limit_exceeded", headers: { "retry-after": "1" } },
      { method: "GET", path: "^/hcloud/v1/firewalls/\\d+$", status: 503, code: "unavailable", times: 2 },
    ];
    for (const fault of faults) expect((await e2e.api.json("POST", "/__emulator/faults", fault)).status).toBeLessThan(300);
    await e2e.api.clearRequests();

    const up = await timed("up (faults)", () => stack.up());
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    const lines: string[] = await e2e.api.requestLines();
    expect(lines.filter((l) => l === "POST /hcloud/v1/firewalls")).toHaveLength(1);
    const statuses = (await e2e.api.requests()).map((r) => r.status);
    expect(statuses).toEqual(expect.arrayContaining([0, 429, 503]));
    const all = (await e2e.api.json("GET", "/hcloud/v1/firewalls?name=flaky")).body.firewalls;
    expect(all).toHaveLength(1);
    expect(all[0].id).toBe(up.outputs.id.value);
    expect((await e2e.api.json("GET", "/__emulator/faults")).body.faults).toEqual([]);
  } finally {
    await e2e.api.json("DELETE", "/__emulator/faults");
    await removeStack(stack);
  }
});

test("pulumi CLI on examples/quickstart: up shows action progress, outputs, no-op preview, destroy", async () => {
  const source = path.join(REPO_ROOT, "examples", "quickstart");
  const files = Object.fromEntries(
    ["Pulumi.yaml", "index.ts", "package.json", "tsconfig.json"].map((f) => [f, fs.readFileSync(path.join(source, f), "utf8")]),
  );
  const dir = writeProject(files, "quickstart-");
  const env = engineEnv();
  // Actions that run longer than the waiter's report threshold (5 s) show their progress in the CLI output.
  await e2e.api.json("PUT", "/__emulator/config", { actionDurationMs: 9000 });
  try {
    for (const args of [
      ["stack", "init", "cli"],
      ["config", "set", "hcloud:endpoint", e2e.emulator.hcloudUrl],
      ["config", "set", "--secret", "hcloud:token", e2e.token],
    ]) {
      expect((await runCli(args, { cwd: dir, env })).code).toBe(0);
    }
    const up = await timed("cli up", () => runCli(["up", "--yes", "--skip-preview"], { cwd: dir, env }));
    expect(up.code).toBe(0);
    // Shown under the firewall, not under the stack (where the engine puts the provider's plain stdout).
    const progress = /waiting for (set_firewall_rules|apply_firewall) on firewall \d+ \(web-[0-9a-f]{7}\): \d+% after \d+s/;
    const { "pulumi-nodejs:dynamic/hcloud:Firewall (web)": underFirewall, ...elsewhere } = diagnosticsByResource(up.stdout);
    expect(underFirewall).toEqual(expect.arrayContaining([expect.stringMatching(progress)]));
    expect(Object.values(elsewhere).flat().filter((line) => progress.test(line))).toEqual([]);
    expect(up.stdout + up.stderr).not.toContain(e2e.token);

    const outputs = JSON.parse((await runCli(["stack", "output", "--json"], { cwd: dir, env })).stdout);
    expect(outputs.firewallName).toMatch(/^web-[0-9a-f]{7}$/);
    expect(outputs.appliedTo).toEqual([
      { type: "server", serverId: 42 },
      { type: "label_selector", labelSelector: "role=web", serverIds: [42, 43] },
    ]);
    expect(outputs.rules[0]).toEqual({ direction: "in", protocol: "tcp", port: "22", sourceIps: ["203.0.113.7/32"], description: "SSH from the office" });

    await e2e.api.json("PUT", "/__emulator/config", { actionDurationMs: 300 });
    const preview = await runCli(["preview", "--expect-no-changes"], { cwd: dir, env });
    expect(preview.code).toBe(0);

    const destroy = await timed("cli destroy", () => runCli(["destroy", "--yes", "--skip-preview"], { cwd: dir, env }));
    expect(destroy.code).toBe(0);
    expect((await e2e.api.json("GET", `/hcloud/v1/firewalls/${outputs.firewallId}`)).status).toBe(404);
  } finally {
    await e2e.api.json("PUT", "/__emulator/config", { actionDurationMs: 300 });
    await runCli(["stack", "rm", "--yes", "--force"], { cwd: dir, env });
  }
});

/** The CLI's closing "Diagnostics:" section: its lines under each resource heading (`type (name)`). */
function diagnosticsByResource(stdout: string): Record<string, string[]> {
  const section = stdout.split("\nDiagnostics:\n")[1]?.split(/\n(?:Outputs|Resources):\n/)[0] ?? "";
  const byResource: Record<string, string[]> = {};
  let heading: string | undefined;
  for (const line of section.split("\n")) {
    const head = /^ {2}(\S.*):$/.exec(line);
    if (head) byResource[(heading = head[1])] = [];
    else if (heading && line.startsWith("    ")) byResource[heading].push(line.trim());
  }
  return byResource;
}
