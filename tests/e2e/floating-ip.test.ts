/**
 * hcloud.FloatingIp, hcloud.FloatingIpAssignment and hcloud.FirewallAttachment through the real engine
 * and the emulator: create, no-op preview, in-place and replacing updates, refresh after out-of-band
 * changes and deletes, a failed assign action that the next `up` completes, destroy.
 */
import { hcloud } from "../../sdk";
import { inlineStack, removeStack, timed, useEmulator } from "./harness";

jest.setTimeout(300_000);

const e2e = useEmulator({ token: "e2e-hcloud-token-fip-3a9d" });

const floatingIps = async (): Promise<any[]> => (await e2e.api.json("GET", "/hcloud/v1/floating_ips")).body.floating_ips;
const floatingIp = async (id: number) => (await e2e.api.json("GET", `/hcloud/v1/floating_ips/${id}`)).body.floating_ip;
/** Server ids and label selectors a firewall is applied to, as the API reports them. */
const appliedTo = async (firewallId: number) =>
  (await e2e.api.json("GET", `/hcloud/v1/firewalls/${firewallId}`)).body.firewall.applied_to.map((a: any) => a.server?.id ?? a.label_selector.selector);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Out-of-band action through the API, waited out like any client would. */
async function outOfBand(path: string, body?: unknown) {
  const response = await e2e.api.json("POST", `/hcloud/v1${path}`, body);
  expect(response.status).toBe(201);
  await sleep(400);
}

test("FloatingIp: create, no-op preview, in-place update, drift and refresh, replacement, out-of-band delete, destroy", async () => {
  let homeLocation = "fsn1";
  let labels: Record<string, string> = { team: "edge" };
  let serverId = 42;
  const program = async () => {
    const vip = new hcloud.FloatingIp("vip", { type: "ipv4", homeLocation, labels, serverId, dnsPtr: [{ dnsPtr: "vip.example.com" }] });
    return { id: vip.floatingIpId, ip: vip.ip, name: vip.name, server: vip.server, dnsPtr: vip.dnsPtr };
  };
  const stack = await inlineStack({ projectName: "fip-lifecycle", program, config: e2e.config });
  try {
    const up = await timed("fip up", () => stack.up());
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    const id = up.outputs.id.value as number;
    const ip = up.outputs.ip.value as string;
    expect(ip).toMatch(/^203\.0\.113\.\d+$/);
    expect(up.outputs.name.value).toMatch(/^vip-[0-9a-f]{7}$/);
    expect(up.outputs.dnsPtr.value).toEqual([{ ip, dnsPtr: "vip.example.com" }]);
    expect(await floatingIp(id)).toMatchObject({ server: 42, labels: { team: "edge" }, home_location: { name: "fsn1" }, dns_ptr: [{ ip, dns_ptr: "vip.example.com" }] });
    expect((await e2e.api.json("GET", "/hcloud/v1/servers/42")).body.server.public_net.floating_ips).toEqual([id]);

    await e2e.api.clearRequests();
    const preview = await timed("fip no-op preview", () => stack.preview());
    expect(preview.changeSummary).toEqual({ same: 2 });
    expect(await e2e.api.requestLines()).toEqual([]);

    // In place: labels through PUT, the server through assign — same IP.
    labels = { team: "edge", env: "prod" };
    serverId = 43;
    await e2e.api.clearRequests();
    const changed = await timed("fip up (in place)", () => stack.up());
    expect(changed.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect(changed.outputs.id.value).toBe(id);
    const lines: string[] = await e2e.api.requestLines();
    expect(lines).toEqual(expect.arrayContaining([`PUT /hcloud/v1/floating_ips/${id}`, `POST /hcloud/v1/floating_ips/${id}/actions/assign`]));
    expect(lines.filter((l) => l.includes("change_dns_ptr") || l.startsWith("DELETE"))).toEqual([]);
    expect(await floatingIp(id)).toMatchObject({ server: 43, labels: { team: "edge", env: "prod" } });

    // Out-of-band unassign: refresh records it, the next up assigns again.
    await outOfBand(`/floating_ips/${id}/actions/unassign`);
    const refresh = await timed("fip refresh", () => stack.refresh());
    expect(refresh.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    const refreshed = (await stack.exportStack()).deployment.resources.find((r: { type: string }) => r.type.endsWith("hcloud:FloatingIp"));
    expect(refreshed.outputs.server).toBeNull();
    expect(refreshed.inputs.serverId).toBeNull();
    const restored = await timed("fip up (restore)", () => stack.up());
    expect(restored.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect((await floatingIp(id)).server).toBe(43);

    // homeLocation replaces: the new IP exists (and is assigned) before the old one is deleted.
    homeLocation = "nbg1";
    await e2e.api.clearRequests();
    const replaced = await timed("fip up (replace)", () => stack.up());
    expect(replaced.summary.resourceChanges).toEqual({ same: 1, replace: 1 });
    const newId = replaced.outputs.id.value as number;
    expect(newId).not.toBe(id);
    const order: string[] = (await e2e.api.requestLines()).filter((l: string) => l === "POST /hcloud/v1/floating_ips" || l.startsWith("DELETE"));
    expect(order).toEqual(["POST /hcloud/v1/floating_ips", `DELETE /hcloud/v1/floating_ips/${id}`]);
    expect(await floatingIps()).toEqual([expect.objectContaining({ id: newId, server: 43, home_location: expect.objectContaining({ name: "nbg1" }) })]);
    expect(replaced.outputs.name.value).not.toBe(up.outputs.name.value);

    // Out-of-band delete: refresh drops it, the next up creates it again.
    await outOfBand(`/floating_ips/${newId}/actions/unassign`);
    expect((await e2e.api.json("DELETE", `/hcloud/v1/floating_ips/${newId}`)).status).toBe(204);
    const refreshGone = await timed("fip refresh (deleted)", () => stack.refresh());
    expect(refreshGone.summary.resourceChanges).toEqual({ same: 1, delete: 1 });
    const recreated = await timed("fip up (recreate)", () => stack.up());
    expect(recreated.summary.resourceChanges).toEqual({ same: 1, create: 1 });
    expect(await floatingIps()).toHaveLength(1);

    await timed("fip destroy", () => stack.destroy());
    expect(await floatingIps()).toEqual([]);
  } finally {
    await removeStack(stack);
  }
});

test("FloatingIp: a failed assign action leaves the stack consistent, and the next up converges without a duplicate", async () => {
  const stack = await inlineStack({
    projectName: "fip-fault",
    program: async () => {
      const vip = new hcloud.FloatingIp("flaky", { type: "ipv6", homeLocation: "hel1", serverId: 44 });
      return { id: vip.floatingIpId };
    },
    config: e2e.config,
  });
  try {
    expect((await e2e.api.json("POST", "/__emulator/action-faults", { command: "assign_floating_ip", code: "server_error", message: "injected assign failure" })).status).toBeLessThan(300);
    const error = await timed("fip up (failing assign)", () => stack.up().then(() => undefined, (e: Error) => e));
    expect(String(error)).toMatch(/was created, but action assign_floating_ip \(#\d+\) on floating IP \d+ \(flaky-[0-9a-f]{7}\) failed: server_error: injected assign failure/);
    const [recorded] = (await stack.exportStack()).deployment.resources.filter((r: { type: string }) => r.type.endsWith("hcloud:FloatingIp"));
    expect(recorded.outputs.serverId).toBeNull();
    expect(recorded.outputs.__provider).toBeDefined();
    expect(await floatingIps()).toEqual([expect.objectContaining({ server: null })]);

    const again = await timed("fip up (converge)", () => stack.up());
    expect(again.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    const all = await floatingIps();
    expect(all).toEqual([expect.objectContaining({ id: again.outputs.id.value, server: 44 })]);
    expect((await stack.preview()).changeSummary).toEqual({ same: 2 });
  } finally {
    await e2e.api.json("DELETE", "/__emulator/action-faults");
    await removeStack(stack);
  }
  expect(await floatingIps()).toEqual([]);
});

test("FloatingIpAssignment and FirewallAttachment beside a FloatingIp and a Firewall that leave attachments alone", async () => {
  let assignedTo = 42;
  let attachTo = [42];
  const program = async () => {
    const vip = new hcloud.FloatingIp("shared", { type: "ipv4", homeLocation: "fsn1" });
    const assignment = new hcloud.FloatingIpAssignment("shared-on-server", { floatingIpId: vip.floatingIpId, serverId: assignedTo });
    const fw = new hcloud.Firewall("base", { rules: [{ direction: "in", protocol: "icmp", sourceIps: ["0.0.0.0/0", "::/0"] }] });
    const attachment = new hcloud.FirewallAttachment("base-on-servers", { firewallId: fw.firewallId, serverIds: attachTo, labelSelectors: ["role=db"] });
    return { ipId: vip.floatingIpId, server: assignment.serverId, firewallId: fw.firewallId, attachedServers: attachment.serverIds, appliedTo: fw.appliedTo };
  };
  const stack = await inlineStack({ projectName: "fip-attachments", program, config: e2e.config });
  try {
    const up = await timed("attachments up", () => stack.up());
    expect(up.summary.resourceChanges).toEqual({ create: 5 });
    const ipId = up.outputs.ipId.value as number;
    const firewallId = up.outputs.firewallId.value as number;
    expect((await floatingIp(ipId)).server).toBe(42);
    expect(await appliedTo(firewallId)).toEqual([42, "role=db"]);

    // Both owners stay stable: the IP and the firewall do not see the attachments as drift.
    await e2e.api.clearRequests();
    expect((await timed("attachments no-op preview", () => stack.preview())).changeSummary).toEqual({ same: 5 });
    expect(await e2e.api.requestLines()).toEqual([]);
    const refresh = await timed("attachments refresh", () => stack.refresh());
    expect(refresh.summary.resourceChanges?.update ?? 0).toBe(0);
    expect((await stack.preview()).changeSummary).toEqual({ same: 5 });

    // Reassign and re-attach in place.
    assignedTo = 43;
    attachTo = [43];
    const changed = await timed("attachments up (change)", () => stack.up());
    expect(changed.summary.resourceChanges).toEqual({ same: 3, update: 2 });
    expect((await floatingIp(ipId)).server).toBe(43);
    expect(await appliedTo(firewallId)).toEqual(["role=db", 43]);

    // Out-of-band unassign: the assignment reports drift, the next up assigns again.
    await outOfBand(`/floating_ips/${ipId}/actions/unassign`);
    const drift = await timed("attachments refresh (drift)", () => stack.refresh());
    expect(drift.summary.resourceChanges).toEqual({ same: 4, update: 1 });
    const restored = await timed("attachments up (restore)", () => stack.up());
    expect(restored.summary.resourceChanges).toEqual({ same: 4, update: 1 });
    expect((await floatingIp(ipId)).server).toBe(43);

    await timed("attachments destroy", () => stack.destroy());
    expect(await floatingIps()).toEqual([]);
    expect((await e2e.api.json("GET", "/hcloud/v1/firewalls")).body.firewalls).toEqual([]);
  } finally {
    await removeStack(stack);
  }
});
