/** vpsorg.DnsRecord: check (types, priority, SRV shape, names), create, PATCH of only what changed, shared reads, delete. */
import * as record from "../../../provider/vpsorg/dns-record";
import { countRequests } from "../helpers";
import { CREATED, useVpsorgClient, wireRecord, wireZone, ZONE_ID, vpsorgError } from "./fixtures";

const NOT_FOUND = vpsorgError("Not found.", "not_found");

const api = useVpsorgClient();
const REC = "rec-0001";

describe("check", () => {
  const check = (news: Record<string, unknown>) => record.check({}, { zoneId: ZONE_ID, name: "@", ...news });

  test("values are put in VPS.org's form: hostnames without dot, IPv6 RFC 5952, names ASCII lower case", async () => {
    expect(await check({ recordType: "MX", name: "Mail.Example.com.", value: "MX1.Example.NET.", priority: 10 })).toEqual({
      inputs: { zoneId: ZONE_ID, recordType: "MX", name: "mail.example.com", value: "mx1.example.net", priority: 10 },
      failures: [],
    });
    expect((await check({ recordType: "AAAA", value: "2001:0DB8:0:0::1" })).inputs.value).toBe("2001:db8::1");
    expect((await check({ recordType: "A", name: "bücher", value: "192.0.2.1" })).inputs.name).toBe("xn--bcher-kva");
  });

  test("a type VPS.org does not support, a priority where none belongs, an SRV value of the wrong shape: failures naming the fix", async () => {
    expect((await check({ recordType: "TLSA", value: "3 1 1 00" })).failures).toEqual([
      { property: "recordType", reason: 'recordType: record type "TLSA" is not one of A, AAAA, CNAME, MX, TXT, NS, SRV, CAA' },
    ]);
    expect((await check({ recordType: "A", value: "192.0.2.1", priority: 5 })).failures).toEqual([
      { property: "priority", reason: "priority applies to MX and SRV records only; remove it from this A record" },
    ]);
    expect((await check({ recordType: "MX", value: "mail.example.com" })).failures).toEqual([
      { property: "priority", reason: "MX records require priority (a whole number from 0 to 65535)" },
    ]);
    expect((await check({ recordType: "SRV", name: "_sip._tcp", value: "10 60 5060 sip.example.com", priority: 10 })).failures).toEqual([
      { property: "value", reason: 'SRV value "10 60 5060 sip.example.com" must be "<weight> <port> <target>", e.g. "60 5060 sip.example.com" (priority apart)' },
    ]);
    expect((await check({ recordType: "A", value: "192.0.2.1", ttl: 5 })).failures).toEqual([{ property: "ttl", reason: "ttl must be a whole number of seconds from 60 to 2147483647" }]);
  });
});

describe("diff", () => {
  const olds = { zoneId: ZONE_ID, zoneName: "example.com", recordType: "MX", name: "@", value: "mail.example.com", ttl: 3600, priority: 10, created: CREATED };

  test("the same record written another way is no change (FQDN name, unset TTL = 3600)", async () => {
    expect(await record.diff(REC, olds, { zoneId: ZONE_ID, recordType: "MX", name: "example.com", value: "mail.example.com", priority: 10 })).toMatchObject({ changes: false });
  });

  test("zone and type replace; name, value, priority and ttl change in place", async () => {
    expect(await record.diff(REC, olds, { ...olds, recordType: "CNAME" })).toEqual({ changes: true, replaces: ["recordType"], deleteBeforeReplace: false });
    expect(await record.diff(REC, olds, { ...olds, priority: 20, ttl: 600 })).toEqual({ changes: true, replaces: [], detailedDiff: { ttl: "update", priority: "update" } });
  });
});

test("create: reads the zone (its domain, and a clear error when it is missing), then one POST", async () => {
  api().get(`/dns-zones/${ZONE_ID}/`).reply(200, { ...wireZone(), records: [] });
  api()
    .post(`/dns-zones/${ZONE_ID}/records/`, { record_type: "SRV", name: "_sip._tcp", value: "60 5060 sip.example.com", priority: 10 })
    .reply(201, wireRecord(REC, "SRV", "_sip._tcp", "60 5060 sip.example.com", { priority: 10 }));
  expect(await record.create({ zoneId: ZONE_ID, recordType: "SRV", name: "_sip._tcp", value: "60 5060 sip.example.com", priority: 10 })).toEqual({
    id: REC,
    outs: { zoneId: ZONE_ID, zoneName: "example.com", recordType: "SRV", name: "_sip._tcp", value: "60 5060 sip.example.com", ttl: 3600, priority: 10, created: CREATED },
  });
});

test("create in a zone that does not exist: a clear error, no POST", async () => {
  api().get(`/dns-zones/${ZONE_ID}/`).reply(404, NOT_FOUND);
  await expect(record.create({ zoneId: ZONE_ID, recordType: "A", name: "www", value: "192.0.2.1" })).rejects.toThrow(
    `vpsorg.DnsRecord www A: zone ${ZONE_ID} does not exist in this VPS.org account: create it first (vpsorg.DnsZone), or fix zoneId`,
  );
});

test("create refused by the API: the message names the record and the zone before the API's reason", async () => {
  api().get(`/dns-zones/${ZONE_ID}/`).reply(200, { ...wireZone(), records: [] });
  api()
    .post(`/dns-zones/${ZONE_ID}/records/`)
    .reply(400, vpsorgError("An identical record already exists in this zone", "validation_error", "value"));
  await expect(record.create({ zoneId: ZONE_ID, recordType: "A", name: "www", value: "192.0.2.1" })).rejects.toThrow(
    /^creating vpsorg\.DnsRecord www A in zone example\.com failed: vpsorg API POST .* HTTP 400 validation_error: value: An identical record already exists in this zone/,
  );
});

describe("update: one PATCH with only what changed", () => {
  const olds = { zoneId: ZONE_ID, zoneName: "example.com", recordType: "MX", name: "@", value: "mail.example.com", ttl: 3600, priority: 10, created: CREATED };

  test("the priority alone", async () => {
    api().patch(`/dns-records/${REC}/`, { priority: 20 }).reply(200, wireRecord(REC, "MX", "@", "mail.example.com", { priority: 20 }));
    expect((await record.update(REC, olds, { ...olds, priority: 20 })).outs).toMatchObject({ priority: 20, value: "mail.example.com" });
  });

  test("the name and the TTL back to the default", async () => {
    const old = { ...olds, ttl: 300 };
    api().patch(`/dns-records/${REC}/`, { name: "mx", ttl: 3600 }).reply(200, wireRecord(REC, "MX", "mx", "mail.example.com", { priority: 10 }));
    await record.update(REC, old, { zoneId: ZONE_ID, recordType: "MX", name: "mx", value: "mail.example.com", priority: 10 });
  });

  test("nothing differs (a credentials rotation): no write, the live record is recorded", async () => {
    api().get(`/dns-records/${REC}/`).reply(200, wireRecord(REC, "MX", "@", "mail.example.com", { priority: 10 }));
    await record.update(REC, olds, { ...olds });
  });
});

test("read: the records of one zone read at once share one listing; a record or zone gone is gone", async () => {
  const scope = api()
    .get(`/dns-zones/${ZONE_ID}/records/`)
    .reply(200, [wireRecord("r1", "A", "www", "192.0.2.1"), wireRecord("r2", "TXT", "@", "v=spf1 -all")]);
  const counted = countRequests(scope);
  const props = (id: string) => ({ zoneId: ZONE_ID, zoneName: "example.com" });
  const [r1, r2, r3] = await Promise.all(["r1", "r2", "r3"].map((id) => record.read(id, props(id))));
  expect(counted.count).toBe(1);
  expect(r1).toMatchObject({ id: "r1", props: { value: "192.0.2.1" } });
  expect(r2).toMatchObject({ id: "r2", inputs: { recordType: "TXT", value: "v=spf1 -all" } });
  expect(r3).toEqual({ id: "", props: {} });
});

test("read after a write sees the write: the listing is invalidated", async () => {
  const props = { zoneId: ZONE_ID, zoneName: "example.com", recordType: "A", name: "www", value: "192.0.2.1", ttl: 3600 };
  api().get(`/dns-zones/${ZONE_ID}/records/`).reply(200, [wireRecord("r1", "A", "www", "192.0.2.1")]);
  await record.read("r1", props);
  api().patch("/dns-records/r1/", { value: "192.0.2.2" }).reply(200, wireRecord("r1", "A", "www", "192.0.2.2"));
  await record.update("r1", props, { ...props, value: "192.0.2.2" });
  api().get(`/dns-zones/${ZONE_ID}/records/`).reply(200, [wireRecord("r1", "A", "www", "192.0.2.2")]);
  expect((await record.read("r1", props)).props).toMatchObject({ value: "192.0.2.2" });
});

test("delete: one DELETE; a record already gone is fine", async () => {
  api().delete(`/dns-records/${REC}/`).reply(204);
  await record.remove(REC, { zoneId: ZONE_ID });
  api().delete(`/dns-records/${REC}/`).reply(404, NOT_FOUND);
  await record.remove(REC, { zoneId: ZONE_ID });
});

test("records of one zone created at once read the zone once", async () => {
  const zoneRead = countRequests(api().get(`/dns-zones/${ZONE_ID}/`).reply(200, { ...wireZone(), records: [] }));
  for (const id of ["r1", "r2", "r3"]) {
    api().post(`/dns-zones/${ZONE_ID}/records/`, { record_type: "A", name: id, value: "192.0.2.1" }).reply(201, wireRecord(id, "A", id, "192.0.2.1"));
  }
  const created = await Promise.all(["r1", "r2", "r3"].map((name) => record.create({ zoneId: ZONE_ID, recordType: "A", name, value: "192.0.2.1" })));
  expect(created.map((c) => c.id)).toEqual(["r1", "r2", "r3"]);
  expect(zoneRead.count).toBe(1);
});
