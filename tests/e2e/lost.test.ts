/**
 * Nothing the API created is ever lost, through the real engine and the emulator: preview shows the
 * autonames `up` creates (a replacement's too); a fault on any follow-up of a create still records the
 * resource, the next `up` finishes the job without duplicates, and destroy leaves nothing (through the
 * CLI: with --continue-on-error the inline runtime would leak every failed resource's rejected outputs).
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { hcloud } from "../../sdk";
import { engineEnv, inlineStack, removeStack, runCli, timed, useEmulator, writeProject } from "./harness";

jest.setTimeout(300_000);

const e2e = useEmulator({ token: "e2e-hcloud-token-lost-7c2e" });

const list = async (kind: string): Promise<any[]> => (await e2e.api.json("GET", `/hcloud/v1/${kind}`)).body[kind];
const fault = async (spec: Record<string, unknown>) => expect((await e2e.api.json("POST", "/__emulator/faults", spec)).status).toBe(201);

/** The `name` input of every resource a preview (or up) is about to create, by Pulumi resource name. */
function createdNames(events: EngineEvent[]): Record<string, string> {
  const names: Record<string, string> = {};
  for (const event of events) {
    const step = event.resourcePreEvent?.metadata;
    if (!step || !["create", "create-replacement"].includes(step.op)) continue;
    const name = step.new?.inputs?.name;
    if (typeof name === "string") names[step.urn.split("::").pop()!] = name;
  }
  return names;
}

test("preview shows the autonames up creates, and a replacement's new one; a targeted --replace keeps its own firewall", async () => {
  let homeLocation = "fsn1";
  const program = async () => {
    const web = new hcloud.Firewall("web", { rules: [] });
    const vip = new hcloud.FloatingIp("vip", { type: "ipv4", homeLocation });
    return { web: web.name, vip: vip.name };
  };
  const stack = await inlineStack({ projectName: "autonames", program, config: e2e.config });
  try {
    const previewed: EngineEvent[] = [];
    await timed("autonames preview", () => stack.preview({ onEvent: (e) => previewed.push(e) }));
    const shown = createdNames(previewed);
    expect(shown).toEqual({ web: expect.stringMatching(/^web-[0-9a-f]{7}$/), vip: expect.stringMatching(/^vip-[0-9a-f]{7}$/) });
    const up = await timed("autonames up", () => stack.up());
    expect({ web: up.outputs.web.value, vip: up.outputs.vip.value }).toEqual(shown);
    expect((await list("firewalls")).map((f) => f.name)).toEqual([shown.web]);

    // A replacement (create before delete) gets a new name: the preview shows the one up creates.
    homeLocation = "nbg1";
    const replacing: EngineEvent[] = [];
    await timed("autonames replace preview", () => stack.preview({ onEvent: (e) => replacing.push(e) }));
    const replacement = createdNames(replacing).vip;
    expect(replacement).toMatch(/^vip-[0-9a-f]{7}$/);
    expect(replacement).not.toBe(shown.vip);
    const replaced = await timed("autonames replace up", () => stack.up());
    expect(replaced.summary.resourceChanges).toEqual({ same: 2, replace: 1 });
    expect(replaced.outputs.vip.value).toBe(replacement);
    expect((await list("floating_ips")).map((f) => f.name)).toEqual([replacement]);

    // `up --replace` checks again without the old inputs, so the autoname is derived the same: the
    // create takes its own firewall over (owner label) and the delete of the "old" one spares it.
    const [before] = await list("firewalls");
    const webUrn = (await stack.exportStack()).deployment.resources.find((r: any) => r.urn.endsWith("::web")).urn;
    const targeted = await timed("autonames targeted replace", () => stack.up({ replace: [webUrn] }));
    expect(targeted.summary.resourceChanges).toEqual({ same: 2, replace: 1 });
    expect(await list("firewalls")).toEqual([expect.objectContaining({ id: before.id, name: shown.web })]);
  } finally {
    await removeStack(stack);
  }
  expect(await list("firewalls")).toEqual([]);
  expect(await list("floating_ips")).toEqual([]);
});

const followUpsProgram = `
import { hcloud } from "pulumi-dns-cloud";
const fw = new hcloud.Firewall("fw", { rules: [{ direction: "in", protocol: "icmp", sourceIps: ["0.0.0.0/0"] }], applyTo: { serverIds: [42] } });
new hcloud.FloatingIp("guarded", { type: "ipv4", homeLocation: "fsn1", deleteProtection: process.env.GUARDED !== "off" });
new hcloud.FloatingIp("named", { type: "ipv4", homeLocation: "fsn1", dnsPtr: [{ dnsPtr: "named.example.com" }] });
new hcloud.FloatingIp("assigned", { type: "ipv4", homeLocation: "fsn1", serverId: 43 });
const shared = new hcloud.FloatingIp("shared", { type: "ipv4", homeLocation: "fsn1" });
// Each on its own server: a running Action locks the server it touches, and a locked assign would not happen.
new hcloud.FloatingIpAssignment("assignment", { floatingIpId: shared.floatingIpId, serverId: 45 });
const attached = new hcloud.Firewall("attached", { rules: [] });
new hcloud.FirewallAttachment("attachment", { firewallId: attached.firewallId, serverIds: [44] });
export const fwId = fw.firewallId;
`;

test("a fault on each follow-up of a create records the resource; the next up finishes it; destroy leaves nothing", async () => {
  const dir = writeProject({ "Pulumi.yaml": "name: follow-ups\nruntime: nodejs\n", "index.ts": followUpsProgram }, "follow-ups-");
  const env = engineEnv();
  const cli = (args: string[], extra: Record<string, string> = {}) => runCli(args, { cwd: dir, env: { ...env, ...extra } });
  try {
    for (const args of [["stack", "init", "faults"], ["config", "set", "hcloud:endpoint", e2e.emulator.hcloudUrl], ["config", "set", "--secret", "hcloud:token", e2e.token]]) {
      expect((await cli(args)).code).toBe(0);
    }
    await fault({ method: "POST", path: "/floating_ips/\\d+/actions/change_protection$", code: "invalid_input", message: "protection refused", status: 422 });
    await fault({ method: "POST", path: "/floating_ips/\\d+/actions/change_dns_ptr$", code: "invalid_input", message: "PTR refused", status: 422 });
    // Carried out, but the answer is lost (502): the assignments and the attachment exist.
    await fault({ method: "POST", path: "/floating_ips/\\d+/actions/assign$", status: 502, code: "bad_gateway", afterProcessing: true, times: 2 });
    await fault({ method: "POST", path: "/firewalls/\\d+/actions/apply_to_resources$", status: 502, code: "bad_gateway", afterProcessing: true });

    // Every create runs, even after the first failure: each meets its own fault.
    const failed = await timed("follow-ups up (faults)", () => cli(["up", "--yes", "--skip-preview", "--continue-on-error"]));
    expect(failed.code).not.toBe(0);
    expect(failed.stdout + failed.stderr).toMatch(/was created, but/);
    expect(await list("floating_ips")).toHaveLength(4);
    expect(await list("firewalls")).toHaveLength(2);
    const exported = JSON.parse((await cli(["stack", "export"])).stdout);
    const recorded = exported.deployment.resources.filter((r: any) => r.type.includes("hcloud:"));
    expect(recorded).toHaveLength(8);
    // What a lost answer did is recorded, so destroy undoes it.
    const state = (name: string) => recorded.find((r: any) => r.urn.endsWith(`::${name}`));
    expect(state("assignment").outputs.serverId).toBe(45);
    expect(state("attachment").outputs.serverIds).toEqual([44]);

    const converged = await timed("follow-ups up (converge)", () => cli(["up", "--yes", "--skip-preview"]));
    expect(converged.code).toBe(0);
    expect(converged.stdout).not.toMatch(/\d+ created/);
    const ips = await list("floating_ips");
    expect(ips).toHaveLength(4);
    expect(ips.find((ip) => ip.name.startsWith("guarded-")).protection.delete).toBe(true);
    expect(ips.find((ip) => ip.name.startsWith("named-")).dns_ptr[0].dns_ptr).toBe("named.example.com");
    expect(ips.find((ip) => ip.name.startsWith("assigned-")).server).toBe(43);
    expect(ips.find((ip) => ip.name.startsWith("shared-")).server).toBe(45);
    const firewalls = await list("firewalls");
    expect(firewalls).toHaveLength(2);
    expect(firewalls.find((f) => f.name.startsWith("fw-")).applied_to).toEqual([{ type: "server", server: { id: 42 } }]);
    expect(firewalls.find((f) => f.name.startsWith("attached-")).applied_to).toEqual([{ type: "server", server: { id: 44 } }]);
    expect((await cli(["preview", "--expect-no-changes"])).code).toBe(0);

    // Protection must go before destroy.
    expect((await cli(["up", "--yes", "--skip-preview"], { GUARDED: "off" })).code).toBe(0);
    const destroy = await timed("follow-ups destroy", () => cli(["destroy", "--yes", "--skip-preview"]));
    expect(destroy.code).toBe(0);
  } finally {
    await e2e.api.json("DELETE", "/__emulator/faults");
    await cli(["stack", "rm", "--yes", "--force"]);
  }
  expect(await list("floating_ips")).toEqual([]);
  expect(await list("firewalls")).toEqual([]);
});
