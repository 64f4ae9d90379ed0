/**
 * An id output the provider alone fills in (a DNS zone's `zoneId`, a firewall's `firewallId`, …) is the Pulumi id in the SDK: the engine previews a dynamic resource's update with the
 * new inputs as its outputs, so an output the provider alone fills in would be unknown there, and every record
 * of a zone being updated would preview as replaced for an unknown zoneId.
 */
import * as pulumi from "@pulumi/pulumi";

/** The output's value, or "unknown" (read through the SDK's own flags: an unknown output never calls apply). */
async function valueOf<T>(output: pulumi.Output<T>): Promise<T | "unknown"> {
  const internal = output as unknown as { isKnown: Promise<boolean>; promise(): Promise<T> };
  return (await internal.isKnown) ? internal.promise() : "unknown";
}

test("hetznerdns.Zone and vpsorg.DnsZone: zoneId is the id, also when the outputs carry only the inputs", async () => {
  // As in the preview of an update: the id is known, the outputs are the inputs.
  await pulumi.runtime.setMocks({ newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: () => ({}) }, "project", "stack", true);
  const { hetznerdns, vpsorg } = await import("../../sdk");
  const zones = [new hetznerdns.Zone("legacy", { name: "example.com", ttl: 3600 }), new vpsorg.DnsZone("vps", { domain: "example.com" })];
  const ids = await Promise.all(zones.map((zone) => valueOf(zone.zoneId)));
  expect(ids).toEqual(["legacy-id", "vps-id"]);
});

test("hcloud and hetzner: every numeric id output is the id, also when the outputs carry only the inputs", async () => {
  await pulumi.runtime.setMocks({ newResource: (args) => ({ id: "7", state: args.inputs }), call: () => ({}) }, "project", "stack", true);
  const { hcloud, hetzner } = await import("../../sdk");
  const rule = { direction: "in" as const, protocol: "icmp" as const, sourceIps: ["0.0.0.0/0"] };
  const ids = await Promise.all([
    valueOf(new hcloud.Zone("zone", { name: "example.com" }).zoneId),
    valueOf(new hcloud.Firewall("fw", { rules: [rule] }).firewallId),
    valueOf(new hcloud.FloatingIp("ip", { type: "ipv4", homeLocation: "fsn1" }).floatingIpId),
    valueOf(new hcloud.ManagedCertificate("managed", { domainNames: ["example.com"] }).certificateId),
    valueOf(new hcloud.UploadedCertificate("uploaded", { certificate: "pem", privateKey: "key" }).certificateId),
    valueOf(new hcloud.Image("image", { adopt: { id: 7 } }).imageId),
    valueOf(new hetzner.StorageBox("box", { storageBoxType: "bx11", location: "fsn1", password: "secret" }).storageBoxId),
  ]);
  expect(ids).toEqual([7, 7, 7, 7, 7, 7, 7]);
});
