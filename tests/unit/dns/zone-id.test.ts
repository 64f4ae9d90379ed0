/**
 * A DNS zone's `zoneId` is its Pulumi id in the SDK: the engine previews a dynamic resource's update with the
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
  const { hetznerdns, vpsorg } = await import("../../../sdk");
  const zones = [new hetznerdns.Zone("legacy", { name: "example.com", ttl: 3600 }), new vpsorg.DnsZone("vps", { domain: "example.com" })];
  const ids = await Promise.all(zones.map((zone) => valueOf(zone.zoneId)));
  expect(ids).toEqual(["legacy-id", "vps-id"]);
});
