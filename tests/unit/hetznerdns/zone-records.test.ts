/** hetznerdns.ZoneRecords: the fewest record writes, sent as bulk POST/PUT and single DELETEs; SOA and apex NS left alone. */
import nock from "nock";
import { zoneRecords } from "../../../provider/hetznerdns/zone-records";
import { HETZNER_DNS_API, useHetznerDnsClient } from "../helpers";
import { wireRecord, wireZone, ZONE_ID } from "./fixtures";

const auth = useHetznerDnsClient("dns-token");
const api = () => nock(HETZNER_DNS_API, auth);

const SOA = wireRecord("soa", "@", "SOA", "hydrogen.ns.hetzner.com. dns.hetzner.com. 2026112501 86400 10800 3600000 3600");
const NS = wireRecord("ns1", "@", "NS", "hydrogen.ns.hetzner.com.");

test("check: the same records input as hcloud.ZoneRecords, with the legacy API's types", async () => {
  const checked = await zoneRecords.check({}, { zone: "example.com", records: [{ name: "www", type: "A", values: ["192.0.2.1"] }, { name: "x", type: "SVCB", values: ["1 ."] }] });
  expect(checked.failures).toEqual([
    { property: "records[1].type", reason: expect.stringContaining('record type "SVCB" is not one of A, AAAA, CAA, CNAME, DANE, DS, HINFO, MX, NS, RP, SRV, TLSA, TXT') },
  ]);
});

test("create: deletes, then the update and one bulk POST; SOA and apex NS untouched; outputs from the listing after", async () => {
  api().get("/zones").query({ name: "example.com", per_page: "100", page: "1" }).reply(200, { zones: [wireZone()] });
  api()
    .get("/records")
    .query({ zone_id: ZONE_ID })
    .reply(200, { records: [SOA, NS, wireRecord("old", "old", "A", "192.0.2.9"), wireRecord("w1", "www", "A", "192.0.2.1", 300)] });
  api().delete("/records/old").reply(200);
  // www: the TTL changes in place (one update: a bulk of one is a plain PUT), and its second value is created beside it.
  api().put("/records/w1", { zone_id: ZONE_ID, name: "www", type: "A", value: "192.0.2.1" }).reply(200, { record: wireRecord("w1", "www", "A", "192.0.2.1") });
  api()
    .post("/records/bulk", {
      records: [
        { zone_id: ZONE_ID, name: "@", type: "TXT", value: '"v=spf1 -all"' },
        { zone_id: ZONE_ID, name: "www", type: "A", value: "192.0.2.2" },
      ],
    })
    .reply(200, { records: [wireRecord("w2", "www", "A", "192.0.2.2"), wireRecord("t1", "@", "TXT", '"v=spf1 -all"')] });
  api()
    .get("/records")
    .query({ zone_id: ZONE_ID })
    .reply(200, {
      records: [SOA, NS, wireRecord("w1", "www", "A", "192.0.2.1"), wireRecord("w2", "www", "A", "192.0.2.2"), wireRecord("t1", "@", "TXT", '"v=spf1 -all"')],
    });
  const { inputs } = await zoneRecords.check({}, {
    zone: "example.com",
    records: [
      { name: "www", type: "A", values: ["192.0.2.1", "192.0.2.2"] },
      { name: "@", type: "TXT", values: ["v=spf1 -all"] },
    ],
  });
  const { id, outs } = await zoneRecords.create(inputs!);
  expect(id).toBe(ZONE_ID);
  expect(outs.records).toEqual([
    { name: "www", type: "A", values: ["192.0.2.1", "192.0.2.2"] },
    { name: "@", type: "TXT", values: ['"v=spf1 -all"'] },
  ]);
  expect(outs).toMatchObject({ zoneId: ZONE_ID, zoneName: "example.com", rrsetCount: 2 });
});

test("diff: no change against the outputs sends nothing; a changed value is an update of that rrset", async () => {
  const olds = { zone: "example.com", zoneId: ZONE_ID, zoneName: "example.com", records: [{ name: "www", type: "A", values: ["192.0.2.1"] }] };
  expect(await zoneRecords.diff(ZONE_ID, olds, { zone: "example.com", records: [{ name: "WWW.example.com.", type: "A", values: ["192.0.2.1"] }] })).toMatchObject({ changes: false });
  expect(await zoneRecords.diff(ZONE_ID, olds, { zone: "example.com", records: [{ name: "www", type: "A", values: ["192.0.2.7"] }] })).toMatchObject({
    changes: true,
    replaces: [],
    detailedDiff: { "records[0]": "update" },
  });
});

test("delete: removes only the records its state records; the rest of the zone stays", async () => {
  api()
    .get(`/zones/${ZONE_ID}`)
    .reply(200, { zone: wireZone() });
  api()
    .get("/records")
    .query({ zone_id: ZONE_ID })
    .reply(200, { records: [SOA, NS, wireRecord("w1", "www", "A", "192.0.2.1"), wireRecord("other", "other", "A", "192.0.2.5")] });
  api().delete("/records/w1").reply(200);
  await zoneRecords.delete(ZONE_ID, { zone: "example.com", zoneId: ZONE_ID, zoneName: "example.com", records: [{ name: "www", type: "A", values: ["192.0.2.1"] }] });
});

test("a refused bulk fails its records in one entry: at most three named, the rest counted, the reason once", async () => {
  api().get("/zones").query({ name: "example.com", per_page: "100", page: "1" }).reply(200, { zones: [wireZone()] });
  api().get("/records").query({ zone_id: ZONE_ID }).reply(200, { records: [SOA, NS] });
  api().post("/records/bulk").reply(406, { message: "not acceptable" });
  api().get("/records").query({ zone_id: ZONE_ID }).reply(200, { records: [SOA, NS] });
  const values = ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.5"];
  const { inputs } = await zoneRecords.check({}, { zone: "example.com", records: [{ name: "www", type: "A", values }] });
  await expect(zoneRecords.create(inputs!)).rejects.toThrow(
    "creating hetznerdns.ZoneRecords of zone example.com failed: creating www A 192.0.2.1, creating www A 192.0.2.2, creating www A 192.0.2.3 and 2 more: hetznerdns API POST /records/bulk failed: HTTP 406 not_acceptable: not acceptable",
  );
});
