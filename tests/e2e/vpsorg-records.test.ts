/**
 * vpsorg.DnsZone and vpsorg.DnsRecord through the real engine and the emulator: create, a no-op preview
 * without a request, updates that PATCH only what changed, a replacement, refresh after an out-of-band
 * change and delete, destroy (the zone takes its records with it); and a refresh of many records of one
 * zone sharing one listing.
 */
import { vpsorg } from "../../sdk";
import { inlineStack, removeStack, timed, useEmulator } from "./harness";
import { vpsorgTools } from "../support/vpsorg";

jest.setTimeout(600_000);

const e2e = useEmulator({ token: "vps_e2e-records-5b0c" });
const { config, outOfBand, requests, writes, liveLines } = vpsorgTools(e2e);

test("DnsZone and DnsRecord: create, no-op preview, PATCH of only what changed, replacement, refresh after out-of-band change and delete, destroy", async () => {
  let mx = { value: "mx1.mail.example", priority: 10 };
  let web = { name: "www", ttl: undefined as number | undefined };
  let v6Type: "AAAA" | "A" = "AAAA";
  let domain = "Vpsorg-E2E.com";
  const program = async () => {
    const zone = new vpsorg.DnsZone("zone", { domain });
    const www = new vpsorg.DnsRecord("www", { zoneId: zone.zoneId, recordType: "A", name: web.name, value: "192.0.2.10", ttl: web.ttl });
    const mail = new vpsorg.DnsRecord("mx", { zoneId: zone.zoneId, recordType: "MX", name: "@", value: mx.value, priority: mx.priority });
    new vpsorg.DnsRecord("sip", { zoneId: zone.zoneId, recordType: "SRV", name: "_sip._tcp", value: "60 5060 sip.example.net.", priority: 10 });
    const spf = new vpsorg.DnsRecord("spf", { zoneId: zone.zoneId, recordType: "TXT", name: "@", value: "v=spf1 mx -all" });
    const v6 = new vpsorg.DnsRecord("v6", { zoneId: zone.zoneId, recordType: v6Type, name: "v6", value: v6Type === "AAAA" ? "2001:DB8:0:0::10" : "192.0.2.60" });
    return { zoneId: zone.zoneId, domain: zone.domain, wwwId: www.id, mxId: mail.id, spfId: spf.id, v6Id: v6.id, v6Value: v6.value };
  };
  const stack = await inlineStack({ projectName: "vpsorg-records", program, config: config() });
  try {
    const up = await timed("vpsorg up", () => stack.up());
    expect(up.summary.resourceChanges).toEqual({ create: 7 });
    const zoneId = up.outputs.zoneId.value;
    expect(up.outputs.domain.value).toBe("vpsorg-e2e.com");
    expect(up.outputs.v6Value.value).toBe("2001:db8::10");
    expect(await liveLines(zoneId)).toEqual([
      "@ MX 10 mx1.mail.example 3600",
      "@ TXT - v=spf1 mx -all 3600",
      "_sip._tcp SRV 10 60 5060 sip.example.net 3600",
      "v6 AAAA - 2001:db8::10 3600",
      "www A - 192.0.2.10 3600",
    ]);

    await e2e.api.clearRequests();
    expect((await timed("vpsorg no-op preview", () => stack.preview())).changeSummary).toEqual({ same: 7 });
    expect(await requests()).toEqual([]);

    // In place: the MX priority alone; the A record's name and TTL (one PATCH each, only those fields).
    mx = { ...mx, priority: 20 };
    web = { name: "web", ttl: 600 };
    await e2e.api.clearRequests();
    const changed = await timed("vpsorg up (in place)", () => stack.up());
    expect(changed.summary.resourceChanges).toEqual({ same: 5, update: 2 });
    expect((await writes()).sort()).toEqual(
      [`PATCH /vpsorg/api/v1/dns-records/${up.outputs.mxId.value}/ {"priority":20}`, `PATCH /vpsorg/api/v1/dns-records/${up.outputs.wwwId.value}/ {"name":"web","ttl":600}`].sort(),
    );
    expect((await stack.preview()).changeSummary).toEqual({ same: 7 });

    // Another type replaces the record: the new one is created before the old one is deleted.
    v6Type = "A";
    await e2e.api.clearRequests();
    const replaced = await timed("vpsorg up (replace)", () => stack.up());
    expect(replaced.summary.resourceChanges).toEqual({ same: 6, replace: 1 });
    expect(await writes()).toEqual([
      `POST /vpsorg/api/v1/dns-zones/${zoneId}/records/ {"record_type":"A","name":"v6","value":"192.0.2.60"}`,
      `DELETE /vpsorg/api/v1/dns-records/${up.outputs.v6Id.value}/`,
    ]);

    // Out of band: the MX changed, the TXT deleted. Refresh records both; the next up restores them.
    await outOfBand("PATCH", `/dns-records/${up.outputs.mxId.value}/`, { value: "mx9.mail.example" });
    await outOfBand("DELETE", `/dns-records/${up.outputs.spfId.value}/`);
    await e2e.api.clearRequests();
    const refresh = await timed("vpsorg refresh", () => stack.refresh());
    expect(refresh.summary.resourceChanges).toEqual({ same: 5, update: 1, delete: 1 });
    // The records of the zone read at once shared one listing.
    expect((await requests()).filter((l) => l.endsWith("/records/")).length).toBeLessThan(5);
    await e2e.api.clearRequests();
    const restored = await timed("vpsorg up (restore)", () => stack.up());
    expect(restored.summary.resourceChanges).toEqual({ same: 5, update: 1, create: 1 });
    expect((await writes()).sort()).toEqual(
      [`PATCH /vpsorg/api/v1/dns-records/${up.outputs.mxId.value}/ {"value":"mx1.mail.example"}`, `POST /vpsorg/api/v1/dns-zones/${zoneId}/records/ {"record_type":"TXT","name":"@","value":"v=spf1 mx -all"}`].sort(),
    );
    expect((await stack.preview()).changeSummary).toEqual({ same: 7 });

    // Another domain replaces the zone (the new one first) and, with its uuid, every record in it.
    domain = "vpsorg-e2e.org";
    const moved = await timed("vpsorg up (another domain)", () => stack.up());
    expect(moved.summary.resourceChanges).toEqual({ same: 1, replace: 6 });
    expect(await outOfBand("GET", "/dns-zones/")).toEqual([expect.objectContaining({ uuid: moved.outputs.zoneId.value, domain: "vpsorg-e2e.org", record_count: 5 })]);

    await e2e.api.clearRequests();
    await timed("vpsorg destroy", () => stack.destroy());
    expect(await outOfBand("GET", "/dns-zones/")).toEqual([]);
  } finally {
    await removeStack(stack);
  }
});

test("a type VPS.org does not support, or a priority on an A record, fails the preview before any request, naming the fix", async () => {
  let record: { recordType: string; value: string; priority?: number } = { recordType: "TLSA", value: "3 1 1 00" };
  const program = async () => {
    new vpsorg.DnsRecord("bad", { zoneId: "zone-uuid", name: "www", ...record } as vpsorg.DnsRecordArgs);
  };
  const stack = await inlineStack({ projectName: "vpsorg-check", program, config: config() });
  try {
    await e2e.api.clearRequests();
    const preview = async () => ((await stack.preview().catch((e) => e)) as Error).message;
    expect(await preview()).toContain('recordType: record type "TLSA" is not one of A, AAAA, CNAME, MX, TXT, NS, SRV, CAA');
    record = { recordType: "A", value: "192.0.2.1", priority: 10 };
    expect(await preview()).toContain("priority applies to MX and SRV records only; remove it from this A record");
    record = { recordType: "SRV", value: "10 60 5060 sip.example.com", priority: 10 };
    expect(await preview()).toContain('SRV value "10 60 5060 sip.example.com" must be "<weight> <port> <target>"');
    expect(await requests()).toEqual([]);
  } finally {
    await removeStack(stack);
  }
});

test("adopt: a zone made elsewhere by its domain and a record by its uuid are taken over, not created; get reads a record", async () => {
  const existing = await outOfBand("POST", "/dns-zones/", { domain: "adopted-e2e.com" });
  const mx = await outOfBand("POST", `/dns-zones/${existing.uuid}/records/`, { record_type: "MX", name: "@", value: "mx.example.net", priority: 10 });
  const program = async () => {
    const zone = new vpsorg.DnsZone("zone", { domain: "adopted-e2e.com", adopt: { domain: "adopted-e2e.com" } });
    new vpsorg.DnsRecord("mx", { zoneId: zone.zoneId, recordType: "MX", name: "@", value: "mx.example.net", priority: 20, adopt: { id: mx.uuid } });
    const read = vpsorg.DnsRecord.get("read", mx.uuid, { zoneId: existing.uuid });
    return { zoneId: zone.zoneId, readValue: read.value };
  };
  const stack = await inlineStack({ projectName: "vpsorg-adopt", program, config: config() });
  try {
    await e2e.api.clearRequests();
    const up = await timed("vpsorg adopt up", () => stack.up());
    // The stack, the zone and the record: taken over; `get` is a read, no change.
    expect(up.summary.resourceChanges).toEqual({ create: 3 });
    expect(up.outputs.zoneId.value).toBe(existing.uuid);
    expect(up.outputs.readValue.value).toBe("mx.example.net");
    // Nothing created; the adopted record brought to the program's priority with one PATCH.
    expect(await writes()).toEqual([`PATCH /vpsorg/api/v1/dns-records/${mx.uuid}/ {"priority":20}`]);
    expect((await stack.preview()).changeSummary).toEqual({ same: 3, read: 1 });
  } finally {
    await removeStack(stack);
  }
  expect(await outOfBand("GET", "/dns-zones/")).toEqual([]);
});
