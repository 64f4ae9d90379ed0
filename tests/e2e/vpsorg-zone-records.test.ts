/**
 * vpsorg.ZoneRecords through the real engine and the emulator: create on an existing zone, a no-op preview
 * without a request, the fewest per-record writes for a change (a value or TTL changed in place is one
 * PATCH), refresh after out-of-band changes and deletes, another zone (replace), destroy (the zone and
 * records it never recorded stay); and the realistic zone restricted to VPS.org's types, whose second preview is empty.
 */
import * as fs from "fs";
import * as path from "path";
import { dns, vpsorg } from "../../sdk";
import { inlineStack, REPO_ROOT, removeStack, timed, useEmulator } from "./harness";
import { vpsorgTools } from "../support/vpsorg";

jest.setTimeout(600_000);

const e2e = useEmulator({ token: "vps_e2e-zone-records-31fa" });
const { config, outOfBand, requests, writes, liveLines } = vpsorgTools(e2e);
const recordOf = async (zoneId: string, name: string, type: string) =>
  (await outOfBand("GET", `/dns-zones/${zoneId}/records/`)).find((r: any) => r.name === name && r.record_type === type);

test("ZoneRecords: create, no-op preview, the fewest per-record writes, refresh after out-of-band change and delete, destroy", async () => {
  const zone = await outOfBand("POST", "/dns-zones/", { domain: "zone-records-e2e.com" });
  // Made by hand before the program: in scope (no filter), not listed, so removed.
  const legacy = await outOfBand("POST", `/dns-zones/${zone.uuid}/records/`, { record_type: "A", name: "legacy", value: "192.0.2.99" });
  let records: dns.RecordSet[] = [
    { name: "@", type: "A", values: ["192.0.2.1"] },
    { name: "www", type: "CNAME", values: ["@"] },
    { name: "@", type: "MX", values: ["10 mx1", "20 mx2.mail.example."] },
    { name: "@", type: "TXT", ttl: 300, values: ["v=spf1 -all"] },
    { name: "mx1", type: "A", values: ["192.0.2.25"] },
  ];
  let zoneRef = "zone-records-e2e.com";
  const program = async () => {
    const zr = new vpsorg.ZoneRecords("zone", { zone: zoneRef, records });
    return { zoneId: zr.zoneId, count: zr.recordCount, records: zr.records };
  };
  const stack = await inlineStack({ projectName: "vpsorg-zone-records", program, config: config() });
  try {
    await e2e.api.clearRequests();
    const up = await timed("zone records up", () => stack.up());
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    expect(up.outputs.zoneId.value).toBe(zone.uuid);
    expect(up.outputs.count.value).toBe(6);
    // One request per record: the unlisted one deleted, one POST per value (no bulk endpoint).
    const created = await writes();
    expect(created.filter((l) => l.startsWith("DELETE"))).toEqual([`DELETE /vpsorg/api/v1/dns-records/${legacy.uuid}/`]);
    expect(created.filter((l) => !l.startsWith("DELETE"))).toHaveLength(6);
    expect(created.filter((l) => l.startsWith(`POST /vpsorg/api/v1/dns-zones/${zone.uuid}/records/ `))).toHaveLength(6);
    expect(await liveLines(zone.uuid)).toEqual([
      "@ A - 192.0.2.1 3600",
      "@ MX 10 mx1.zone-records-e2e.com 3600",
      "@ MX 20 mx2.mail.example 3600",
      "@ TXT - v=spf1 -all 300",
      "mx1 A - 192.0.2.25 3600",
      "www CNAME - zone-records-e2e.com 3600",
    ]);

    await e2e.api.clearRequests();
    expect((await timed("zone records no-op preview", () => stack.preview())).changeSummary).toEqual({ same: 2 });
    expect(await requests()).toEqual([]);

    // One value changed, one TTL changed, one rrset more, one less.
    const txt = await recordOf(zone.uuid, "@", "TXT");
    const mx1a = await recordOf(zone.uuid, "mx1", "A");
    records = [
      { name: "@", type: "A", values: ["192.0.2.1"] },
      { name: "www", type: "CNAME", values: ["@"] },
      { name: "@", type: "MX", values: ["10 mx1", "20 mx2.mail.example."] },
      { name: "@", type: "TXT", values: ["v=spf1 -all"] },
      { name: "mx1", type: "A", values: ["192.0.2.26"] },
      { name: "_dmarc", type: "TXT", values: ["v=DMARC1; p=none"] },
    ];
    await e2e.api.clearRequests();
    const changed = await timed("zone records up (in place)", () => stack.up());
    expect(changed.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect((await writes()).sort()).toEqual(
      [
        `PATCH /vpsorg/api/v1/dns-records/${mx1a.uuid}/ {"value":"192.0.2.26"}`,
        `PATCH /vpsorg/api/v1/dns-records/${txt.uuid}/ {"ttl":3600}`,
        `POST /vpsorg/api/v1/dns-zones/${zone.uuid}/records/ {"record_type":"TXT","name":"_dmarc","value":"v=DMARC1; p=none","ttl":3600}`,
      ].sort(),
    );
    expect((await stack.preview()).changeSummary).toEqual({ same: 2 });

    // Out of band: a value changed and a record deleted; refresh records both, the next up restores them.
    await outOfBand("PATCH", `/dns-records/${mx1a.uuid}/`, { value: "192.0.2.27" });
    await outOfBand("DELETE", `/dns-records/${(await recordOf(zone.uuid, "_dmarc", "TXT")).uuid}/`);
    const refresh = await timed("zone records refresh", () => stack.refresh());
    expect(refresh.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    const refreshed = (await stack.exportStack()).deployment.resources.find((r: { type: string }) => r.type.endsWith("vpsorg:ZoneRecords"));
    expect(refreshed.outputs.records).toContainEqual({ name: "mx1", type: "A", values: ["192.0.2.27"] });
    expect(refreshed.outputs.records.map((r: dns.RecordSet) => r.name)).not.toContain("_dmarc");
    await e2e.api.clearRequests();
    expect((await timed("zone records up (restore)", () => stack.up())).summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect((await writes()).length).toBe(2);
    expect((await stack.preview()).changeSummary).toEqual({ same: 2 });

    // Another zone (by uuid) replaces: the records are written there first, then removed from the old zone;
    // a record made in the old zone's scope after the last up is not the resource's and stays.
    await outOfBand("POST", `/dns-zones/${zone.uuid}/records/`, { record_type: "A", name: "later", value: "192.0.2.77" });
    const other = await outOfBand("POST", "/dns-zones/", { domain: "zone-records-e2e.org" });
    zoneRef = other.uuid;
    records = [{ name: "@", type: "A", values: ["192.0.2.1"] }, { name: "www", type: "CNAME", values: ["@"] }];
    const moved = await timed("zone records up (another zone)", () => stack.up());
    expect(moved.summary.resourceChanges).toEqual({ same: 1, replace: 1 });
    expect(moved.outputs.zoneId.value).toBe(other.uuid);
    expect(await liveLines(other.uuid)).toEqual(["@ A - 192.0.2.1 3600", "www CNAME - zone-records-e2e.org 3600"]);
    expect(await liveLines(zone.uuid)).toEqual(["later A - 192.0.2.77 3600"]);

    // Destroy removes its records; the zone stays.
    await timed("zone records destroy", () => stack.destroy());
    expect(await liveLines(other.uuid)).toEqual([]);
    expect((await outOfBand("GET", `/dns-zones/${other.uuid}/`)).domain).toBe("zone-records-e2e.org");
  } finally {
    await removeStack(stack);
  }
});

test("the realistic zone restricted to VPS.org's types: up, then an empty second preview; with its TLSA, a clear check error", async () => {
  const file = fs.readFileSync(path.join(REPO_ROOT, "tests/fixtures/zones/realistic.zone"), "utf8");
  const all = dns.parseZoneFile(file, "example-shop.de");
  const supported = all.filter((r) => r.type !== "TLSA");
  let records = supported;
  const zone = await outOfBand("POST", "/dns-zones/", { domain: "example-shop.de" });
  const program = async () => {
    const zr = new vpsorg.ZoneRecords("shop", { zone: "example-shop.de", records });
    return { count: zr.recordCount };
  };
  const stack = await inlineStack({ projectName: "vpsorg-realistic", program, config: config() });
  try {
    const up = await timed("realistic up", () => stack.up());
    expect(up.outputs.count.value).toBe(supported.reduce((n, r) => n + r.values.length, 0));
    expect((await liveLines(zone.uuid)).filter((l) => l.startsWith("_sip._tcp ") || l.startsWith("mail._domainkey "))).toEqual([
      "_sip._tcp SRV 10 60 5060 sip.example-shop.de 3600",
      expect.stringMatching(/^mail\._domainkey TXT - v=DKIM1; k=rsa; p=MIIB\S+ 3600$/),
    ]);
    await e2e.api.clearRequests();
    expect((await timed("realistic second preview", () => stack.preview())).changeSummary).toEqual({ same: 2 });
    expect(await requests()).toEqual([]);

    records = all;
    const failure = (await stack.preview().catch((e) => e)) as Error;
    const at = all.findIndex((r) => r.type === "TLSA");
    expect(failure.message).toContain(`records[${at}].type: record type "TLSA" is not one of A, AAAA, CNAME, MX, TXT, NS, SRV, CAA`);
  } finally {
    records = supported;
    await removeStack(stack);
  }
});
