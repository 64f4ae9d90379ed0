/** vpsorg.ZoneRecords: the shared record model mapped to one VPS.org record per value, the fewest per-record requests. */
import * as fs from "fs";
import * as path from "path";
import { parseZoneFile } from "../../../provider/dns";
import * as zoneRecords from "../../../provider/vpsorg/zone-records";
import { CREATED, useVpsorgClient, wireRecord, wireZone, ZONE_ID, vpsorgError } from "./fixtures";

const NOT_FOUND = vpsorgError("Not found.", "not_found");

const api = useVpsorgClient();
const realistic = parseZoneFile(fs.readFileSync(path.join(__dirname, "../../fixtures/zones/realistic.zone"), "utf8"), "example-shop.de");
const zoneDetail = (records: unknown[], domain = "example.com") => ({ ...wireZone({ domain, record_count: records.length }), records });

describe("check", () => {
  test("the realistic zone restricted to VPS.org's types passes; its TLSA is a failure naming the types", async () => {
    const supported = realistic.filter((r) => r.type !== "TLSA");
    expect((await zoneRecords.check({}, { zone: "example-shop.de", records: supported })).failures).toEqual([]);
    const tlsaAt = realistic.findIndex((r) => r.type === "TLSA");
    expect((await zoneRecords.check({}, { zone: "example-shop.de", records: realistic })).failures).toEqual([
      { property: `records[${tlsaAt}].type`, reason: 'record type "TLSA" is not one of A, AAAA, CNAME, MX, TXT, NS, SRV, CAA' },
    ]);
  });

  test("a zone by uuid: shapes now, the DNS rules once the zone's domain is known", async () => {
    const result = await zoneRecords.check({}, { zone: ZONE_ID, records: [{ name: "www", type: "A", values: ["192.0.2.1"] }] });
    expect(result).toEqual({ inputs: { zone: ZONE_ID, records: [{ name: "www", type: "A", values: ["192.0.2.1"] }] }, failures: [] });
  });
});

describe("diff", () => {
  const olds = {
    zone: "example.com",
    zoneId: ZONE_ID,
    zoneName: "example.com",
    records: [
      { name: "@", type: "MX", values: ["10 mx1.example.net.", "20 mx2.example.net."] },
      { name: "www", type: "A", ttl: 300, values: ["192.0.2.1"] },
    ],
  };

  test("the same records spelt otherwise, in another order, TTL 3600 written out: no change", async () => {
    const records = [
      { name: "WWW.example.com.", type: "A", ttl: 300, values: ["192.0.2.1"] },
      { name: "@", type: "MX", ttl: 3600, values: ["20 MX2.example.net.", "10 mx1.example.net."] },
    ];
    expect(await zoneRecords.diff(ZONE_ID, olds, { zone: "example.com", records })).toEqual({ changes: false, replaces: [] });
  });

  test("a changed rrset is named in the detailed diff; another zone replaces", async () => {
    const records = [olds.records[0], { name: "www", type: "A", values: ["192.0.2.1"] }];
    expect(await zoneRecords.diff(ZONE_ID, olds, { zone: "example.com", records })).toEqual({ changes: true, replaces: [], detailedDiff: { "records[1]": "update" } });
    expect(await zoneRecords.diff(ZONE_ID, olds, { zone: "example.org", records })).toMatchObject({ replaces: ["zone"] });
  });
});

test("create: one record per value, the fewest requests: kept, rewritten in place (PATCH of what differs), deleted, created", async () => {
  api().get("/dns-zones/").query({ domain: "example.com" }).reply(200, [wireZone()]);
  api()
    .get(`/dns-zones/${ZONE_ID}/`)
    .reply(
      200,
      zoneDetail([
        wireRecord("r-mx1", "MX", "@", "mx1.example.net", { priority: 10 }),
        wireRecord("r-mx-old", "MX", "@", "old.example.net", { priority: 30 }),
        wireRecord("r-www", "A", "www", "192.0.2.1"),
        wireRecord("r-legacy", "TXT", "legacy", "remove me"),
      ]),
    );
  api().delete("/dns-records/r-legacy/").reply(204);
  api().patch("/dns-records/r-mx-old/", { value: "mx2.example.net", priority: 20 }).reply(200, wireRecord("r-mx-old", "MX", "@", "mx2.example.net", { priority: 20 }));
  api().patch("/dns-records/r-www/", { ttl: 300 }).reply(200, wireRecord("r-www", "A", "www", "192.0.2.1", { ttl: 300 }));
  api()
    .post(`/dns-zones/${ZONE_ID}/records/`, { record_type: "SRV", name: "_sip._tcp", value: "60 5060 sip.example.com", ttl: 3600, priority: 10 })
    .reply(201, wireRecord("r-srv", "SRV", "_sip._tcp", "60 5060 sip.example.com", { priority: 10 }));
  api()
    .post(`/dns-zones/${ZONE_ID}/records/`, { record_type: "TXT", name: "@", value: "v=spf1 -all", ttl: 3600 })
    .reply(201, wireRecord("r-txt", "TXT", "@", "v=spf1 -all"));
  api()
    .get(`/dns-zones/${ZONE_ID}/`)
    .reply(
      200,
      zoneDetail([
        wireRecord("r-mx1", "MX", "@", "mx1.example.net", { priority: 10 }),
        wireRecord("r-mx-old", "MX", "@", "mx2.example.net", { priority: 20 }),
        wireRecord("r-www", "A", "www", "192.0.2.1", { ttl: 300 }),
        wireRecord("r-srv", "SRV", "_sip._tcp", "60 5060 sip.example.com", { priority: 10 }),
        wireRecord("r-txt", "TXT", "@", "v=spf1 -all"),
      ]),
    );
  const records = [
    { name: "@", type: "MX", values: ["10 mx1.example.net.", "20 mx2.example.net."] },
    { name: "www", type: "A", ttl: 300, values: ["192.0.2.1"] },
    { name: "_sip._tcp", type: "SRV", values: ["10 60 5060 sip"] },
    { name: "@", type: "TXT", values: ["v=spf1 -all"] },
  ];
  const { id, outs } = await zoneRecords.create({ zone: "example.com", records });
  expect(id).toBe(ZONE_ID);
  expect(outs).toEqual({
    zone: "example.com",
    zoneId: ZONE_ID,
    zoneName: "example.com",
    recordCount: 5,
    records: [
      { name: "@", type: "MX", values: ["10 mx1.example.net.", "20 mx2.example.net."] },
      { name: "www", type: "A", ttl: 300, values: ["192.0.2.1"] },
      { name: "_sip._tcp", type: "SRV", values: ["10 60 5060 sip.example.com."] },
      { name: "@", type: "TXT", values: ['"v=spf1 -all"'] },
    ],
  });
});

test("a failed write still records what is live (id and outputs), naming the failure", async () => {
  api().get(`/dns-zones/${ZONE_ID}/`).reply(200, zoneDetail([]));
  api().post(`/dns-zones/${ZONE_ID}/records/`, { record_type: "A", name: "a", value: "192.0.2.1", ttl: 3600 }).reply(201, wireRecord("r-a", "A", "a", "192.0.2.1"));
  api()
    .post(`/dns-zones/${ZONE_ID}/records/`, { record_type: "A", name: "b", value: "192.0.2.2", ttl: 3600 })
    .reply(400, { detail: "Record limit reached", error_code: "validation_error" });
  api().get(`/dns-zones/${ZONE_ID}/`).reply(200, zoneDetail([wireRecord("r-a", "A", "a", "192.0.2.1")]));
  const records = [
    { name: "a", type: "A", values: ["192.0.2.1"] },
    { name: "b", type: "A", values: ["192.0.2.2"] },
  ];
  const error = (await zoneRecords.update(ZONE_ID, {}, { zone: ZONE_ID, records }).catch((e) => e)) as Error & { id: string; properties: Record<string, unknown> };
  expect(error.message).toBe(
    `updating vpsorg.ZoneRecords of zone example.com failed: vpsorg API POST /dns-zones/${ZONE_ID}/records/ failed: HTTP 400 validation_error: Record limit reached`,
  );
  expect(error.id).toBe(ZONE_ID);
  expect(error.properties.records).toEqual([{ name: "a", type: "A", values: ["192.0.2.1"] }]);
});

test("read: one request for the zone and its records; a zone gone is gone", async () => {
  api().get(`/dns-zones/${ZONE_ID}/`).reply(200, zoneDetail([wireRecord("r1", "CNAME", "www.example.com", "example.com"), wireRecord("r2", "A", "other", "192.0.2.9")]));
  const props = { zone: ZONE_ID, zoneId: ZONE_ID, zoneName: "example.com", filter: { names: ["www"] }, records: [] };
  expect(await zoneRecords.read(ZONE_ID, props)).toEqual({
    id: ZONE_ID,
    props: { zone: ZONE_ID, zoneId: ZONE_ID, zoneName: "example.com", filter: { names: ["www"] }, recordCount: 1, records: [{ name: "www", type: "CNAME", values: ["example.com."] }] },
    inputs: { zone: ZONE_ID, filter: { names: ["www"] }, records: [{ name: "www", type: "CNAME", values: ["example.com."] }] },
  });
  api().get(`/dns-zones/${ZONE_ID}/`).reply(404, NOT_FOUND);
  expect(await zoneRecords.read(ZONE_ID, props)).toEqual({ id: "", props: {} });
});

test("delete removes the records of the rrsets its state records, and nothing else", async () => {
  api()
    .get(`/dns-zones/${ZONE_ID}/`)
    .reply(200, zoneDetail([wireRecord("r1", "A", "www", "192.0.2.1"), wireRecord("r2", "A", "www", "192.0.2.2"), wireRecord("r3", "A", "later", "192.0.2.3")]));
  api().delete("/dns-records/r1/").reply(204);
  api().delete("/dns-records/r2/").reply(204);
  await zoneRecords.remove(ZONE_ID, { zone: ZONE_ID, records: [{ name: "www", type: "A", values: ["192.0.2.1", "192.0.2.2"] }], created: CREATED });
});
