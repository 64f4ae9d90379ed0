/**
 * Drift of every Hetzner Cloud and storage box kind, in one stack, through the real engine and the
 * emulator. Each object is changed out of band through the API (as another client would); then
 * `preview --refresh --diff` shows the drift by property name without recording it; `refresh` records it
 * in outputs and inputs, naming the same properties; `up` reverts every object to what the program
 * declares. Then each object is deleted out of band: `refresh` drops it from the state and `up` creates it
 * again. (hcloud.Image only adopts: an image deleted out of band cannot be made again, so it stays.)
 */
import { EngineEvent } from "@pulumi/pulumi/automation";
import { hcloud, hetzner } from "../../sdk";
import { testCertificate } from "../support/certificates";
import { hcloudOutOfBand } from "../support/hcloud";
import { hetznerConfig, outOfBand } from "../support/storage-boxes";
import { inlineStack, removeStack, timed, useEmulator } from "./harness";

jest.setTimeout(600_000);

const e2e = useEmulator({ token: "e2e-drift-cloud-token-3f9a", actionDurationMs: 50 });
const PASSWORD = "Drift-Box-Pass-2026!";
const PEM = testCertificate({ domains: ["drift.example"] });

// What the program declares, each in the API's words too, for the check that `up` put it back.
const RULES: hcloud.FirewallRuleArgs[] = [{ direction: "in", protocol: "tcp", port: "443", sourceIps: ["0.0.0.0/0", "::/0"] }];
const WWW = "192.0.2.10";

/** The changed property names of each resource (by resource name) in the steps of one kind of a run's events. */
function changedProperties(events: EngineEvent[], op: string): Record<string, string[]> {
  const changed: Record<string, string[]> = {};
  for (const event of events) {
    const step = event.resourcePreEvent?.metadata ?? event.resOutputsEvent?.metadata;
    if (!step || step.op !== op || !step.urn.includes("pulumi-nodejs:dynamic/")) continue;
    const name = step.urn.split("::").pop()!;
    changed[name] = [...new Set([...(changed[name] ?? []), ...(step.diffs ?? [])])].sort();
  }
  return changed;
}

test("drift of every hcloud and hetzner kind: preview --refresh and refresh name it, up reverts it; deleted objects are made again", async () => {
  const snapshot = (await e2e.api.json("POST", "/__emulator/hcloud/images", { type: "snapshot", description: "base" })).body.image;
  const program = async () => {
    const firewall = new hcloud.Firewall("fw", { name: "drift-fw", rules: RULES });
    new hcloud.FirewallAttachment("fw-on-42", { firewallId: firewall.firewallId, serverIds: [42] });
    const ip = new hcloud.FloatingIp("ip", { name: "drift-ip", type: "ipv4", homeLocation: "fsn1", description: "vip" });
    new hcloud.FloatingIpAssignment("ip-on-42", { floatingIpId: ip.floatingIpId, serverId: 42 });
    new hcloud.Image("image", { adopt: { id: snapshot.id }, description: "golden" });
    new hcloud.ManagedCertificate("managed", { name: "drift-managed", domainNames: ["drift.example"] });
    new hcloud.UploadedCertificate("uploaded", { name: "drift-uploaded", certificate: PEM.certificate, privateKey: PEM.privateKey });
    const zone = new hcloud.Zone("zone", { name: "drift.example", ttl: 3600 });
    new hcloud.ZoneRrset("www", { zone: zone.zoneId, name: "www", type: "A", records: [{ value: WWW }] });
    new hcloud.ZoneRecords("mail", { zone: zone.zoneId, filter: { types: ["MX"] }, records: [{ name: "@", type: "MX", values: ["10 mx1"] }] });
    const box = new hetzner.StorageBox("box", { name: "drift-box", storageBoxType: "bx11", location: "fsn1", password: PASSWORD });
    new hetzner.StorageBoxSubaccount("sub", { storageBoxId: box.storageBoxId, name: "drift-sub", homeDirectory: "sub", password: PASSWORD, description: "restores" });
    new hetzner.StorageBoxSnapshot("snap", { storageBoxId: box.storageBoxId, description: "baseline" });
    return {};
  };
  const stack = await inlineStack({ projectName: "drift-cloud", program, config: { ...e2e.config, ...hetznerConfig(e2e) } });
  try {
    expect((await timed("drift up", () => stack.up())).summary.resourceChanges).toEqual({ create: 14 });
    const state = async () => Object.fromEntries((await stack.exportStack()).deployment.resources.map((r: any) => [r.urn.split("::").pop(), r]));
    const ids = Object.fromEntries(Object.entries(await state()).map(([name, r]: [string, any]) => [name, r.id]));
    const boxId = Number(ids.box);
    const [zoneId, certificateIds] = [ids.zone, [ids.managed, ids.uploaded]];

    // Out of band, one change to each object.
    await hcloudOutOfBand(e2e.api, "POST", `/firewalls/${ids.fw}/actions/set_rules`, { rules: [{ direction: "in", protocol: "tcp", port: "22", source_ips: ["0.0.0.0/0"] }] });
    await hcloudOutOfBand(e2e.api, "POST", `/firewalls/${ids.fw}/actions/remove_from_resources`, { remove_from: [{ type: "server", server: { id: 42 } }] });
    await hcloudOutOfBand(e2e.api, "PUT", `/floating_ips/${ids.ip}`, { description: "tampered" });
    await hcloudOutOfBand(e2e.api, "POST", `/floating_ips/${ids.ip}/actions/unassign`);
    await hcloudOutOfBand(e2e.api, "PUT", `/images/${snapshot.id}`, { description: "tampered" });
    for (const id of certificateIds) await hcloudOutOfBand(e2e.api, "PUT", `/certificates/${id}`, { name: `tampered-${id}` });
    await hcloudOutOfBand(e2e.api, "POST", `/zones/${zoneId}/actions/change_ttl`, { ttl: 600 });
    await hcloudOutOfBand(e2e.api, "POST", `/zones/${zoneId}/rrsets/www/A/actions/set_records`, { records: [{ value: "192.0.2.99" }] });
    await hcloudOutOfBand(e2e.api, "POST", `/zones/${zoneId}/rrsets/@/MX/actions/set_records`, { records: [{ value: "20 mx2.drift.example." }] });
    await outOfBand(e2e.api, boxId, "POST", `/storage_boxes/${boxId}/actions/update_access_settings`, { webdav_enabled: true });
    for (const path of [`subaccounts/${ids.sub}`, `snapshots/${ids.snap}`]) {
      expect((await e2e.api.json("PUT", `/hetzner/v1/storage_boxes/${boxId}/${path}`, { description: "tampered" })).status).toBe(200);
    }
    const drifted: Record<string, string[]> = {
      fw: ["rules"],
      "fw-on-42": ["serverIds"],
      ip: ["description"],
      "ip-on-42": ["serverId"],
      image: ["description"],
      managed: ["name"],
      uploaded: ["name"],
      zone: ["ttl"],
      www: ["records"],
      mail: ["records"],
      box: ["accessSettings"],
      sub: ["description"],
      snap: ["description"],
    };

    // preview --refresh shows the drift, by property name, and records nothing.
    const previewEvents: EngineEvent[] = [];
    await e2e.api.clearRequests();
    const preview = await timed("drift preview --refresh", () => stack.preview({ refresh: true, diff: true, onEvent: (event) => previewEvents.push(event) }));
    expect(changedProperties(previewEvents, "refresh")).toEqual(drifted);
    // Every drifted resource previews as an update of those properties, the ones hanging off another too:
    // their parent's id output is the Pulumi id, known in the preview, so nothing previews as replaced.
    expect(changedProperties(previewEvents, "update")).toEqual(drifted);
    expect(previewEvents.filter((e) => /replace/.test(e.resourcePreEvent?.metadata.op ?? ""))).toEqual([]);
    // The text shows each drifted property under its resource.
    const blocks = preview.stdout.split(/\n(?=\s*[~+-] pulumi-nodejs:dynamic\/)/);
    for (const [name, [property]] of Object.entries(drifted)) {
      const block = blocks.find((text) => text.includes(`::${name}]`) && text.includes("(refresh)"));
      expect({ name, shows: new RegExp(`\\n\\s*[~+-] ${property}\\s*:`).test(block ?? "") }).toEqual({ name, shows: true });
    }
    expect((await e2e.api.requestLines()).filter((line: string) => !line.startsWith("GET"))).toEqual([]);

    // refresh records it, in outputs and inputs, naming the same properties.
    const refreshEvents: EngineEvent[] = [];
    const refresh = await timed("drift refresh", () => stack.refresh({ onEvent: (event) => refreshEvents.push(event) }));
    expect(refresh.summary.resourceChanges).toEqual({ same: 1, update: 13 });
    // A refresh reports each drifted resource as an update of its state.
    expect(changedProperties(refreshEvents, "update")).toEqual(drifted);
    const refreshed = await state();
    expect(refreshed.fw.inputs.rules).toEqual([expect.objectContaining({ port: "22", sourceIps: ["0.0.0.0/0"] })]);
    expect(refreshed["fw-on-42"].inputs.serverIds).toEqual([]);
    expect(refreshed.ip.inputs.description).toBe("tampered");
    expect(refreshed["ip-on-42"].inputs.serverId).toBeNull();
    expect(refreshed.image.inputs.description).toBe("tampered");
    expect([refreshed.managed.inputs.name, refreshed.uploaded.inputs.name]).toEqual(certificateIds.map((id) => `tampered-${id}`));
    expect(refreshed.zone.inputs.ttl).toBe(600);
    expect(refreshed.www.inputs.records).toEqual([expect.objectContaining({ value: "192.0.2.99" })]);
    expect(refreshed.mail.inputs.records).toEqual([{ name: "@", type: "MX", values: ["20 mx2.drift.example."] }]);
    expect(refreshed.box.inputs.accessSettings.webdavEnabled).toBe(true);
    expect([refreshed.sub.inputs.description, refreshed.snap.inputs.description]).toEqual(["tampered", "tampered"]);

    // up reverts every object to what the program declares.
    const revert = await timed("drift up (revert)", () => stack.up());
    expect(revert.summary.resourceChanges).toEqual({ same: 1, update: 13 });
    const live = async (path: string) => (await e2e.api.json("GET", path)).body;
    const firewall = (await live(`/hcloud/v1/firewalls/${ids.fw}`)).firewall;
    expect(firewall.rules).toEqual([expect.objectContaining({ direction: "in", protocol: "tcp", port: "443", source_ips: RULES[0].sourceIps })]);
    expect(firewall.applied_to).toEqual([expect.objectContaining({ type: "server", server: { id: 42 } })]);
    expect((await live(`/hcloud/v1/floating_ips/${ids.ip}`)).floating_ip).toMatchObject({ description: "vip", server: 42 });
    expect((await live(`/hcloud/v1/images/${snapshot.id}`)).image.description).toBe("golden");
    expect((await live(`/hcloud/v1/certificates/${ids.managed}`)).certificate.name).toBe("drift-managed");
    expect((await live(`/hcloud/v1/certificates/${ids.uploaded}`)).certificate.name).toBe("drift-uploaded");
    expect((await live(`/hcloud/v1/zones/${zoneId}`)).zone.ttl).toBe(3600);
    expect((await live(`/hcloud/v1/zones/${zoneId}/rrsets/www/A`)).rrset.records).toEqual([expect.objectContaining({ value: WWW })]);
    expect((await live(`/hcloud/v1/zones/${zoneId}/rrsets/@/MX`)).rrset.records).toEqual([expect.objectContaining({ value: "10 mx1.drift.example." })]);
    expect((await live(`/hetzner/v1/storage_boxes/${boxId}`)).storage_box.access_settings.webdav_enabled).toBe(false);
    expect((await live(`/hetzner/v1/storage_boxes/${boxId}/subaccounts/${ids.sub}`)).subaccount.description).toBe("restores");
    expect((await live(`/hetzner/v1/storage_boxes/${boxId}/snapshots/${ids.snap}`)).snapshot.description).toBe("baseline");

    // Deleted out of band (what lives inside an object goes with it): refresh drops them, up makes them again.
    await hcloudOutOfBand(e2e.api, "POST", `/firewalls/${ids.fw}/actions/remove_from_resources`, { remove_from: [{ type: "server", server: { id: 42 } }] });
    await hcloudOutOfBand(e2e.api, "DELETE", `/firewalls/${ids.fw}`);
    await hcloudOutOfBand(e2e.api, "POST", `/floating_ips/${ids.ip}/actions/unassign`);
    await hcloudOutOfBand(e2e.api, "DELETE", `/floating_ips/${ids.ip}`);
    for (const id of certificateIds) await hcloudOutOfBand(e2e.api, "DELETE", `/certificates/${id}`);
    await hcloudOutOfBand(e2e.api, "DELETE", `/zones/${zoneId}`);
    expect((await e2e.api.json("DELETE", `/hetzner/v1/storage_boxes/${boxId}`)).status).toBe(201);
    while ((await e2e.api.json("GET", `/hetzner/v1/storage_boxes/${boxId}`)).status !== 404) await new Promise((resolve) => setTimeout(resolve, 50));
    const gone = await timed("drift refresh (deleted)", () => stack.refresh());
    expect(gone.summary.resourceChanges).toEqual({ same: 2, delete: 12 });
    expect(Object.values(await state()).filter((r: any) => r.type.startsWith("pulumi-nodejs:dynamic/")).map((r: any) => r.urn.split("::").pop())).toEqual(["image"]);
    const recreated = await timed("drift up (recreate)", () => stack.up());
    expect(recreated.summary.resourceChanges).toEqual({ same: 2, create: 12 });
    expect((await timed("drift preview (settled)", () => stack.preview())).changeSummary).toEqual({ same: 14 });
  } finally {
    await removeStack(stack);
  }
});
