/** The legacy Hetzner DNS endpoint clients: pagination, bulk writes, zone files, the 404 of a name filter. */
import nock from "nock";
import { timestampMs } from "../../../provider/hetznerdns/api/zones";
import { HetznerDnsClient } from "../../../provider/hetznerdns/client";
import { HETZNER_DNS_API, offContract, useNock } from "../helpers";
import { pagination, wireRecord, wireZone, ZONE_ID } from "./fixtures";

useNock();
const TOKEN = "dns-token";
const client = () => new HetznerDnsClient({ endpoint: HETZNER_DNS_API, token: TOKEN, retry: { baseDelayMs: 1, maxDelayMs: 5 } });
const api = () => nock(HETZNER_DNS_API, { reqheaders: { "auth-api-token": TOKEN } });

test("zones: every page is read, 100 a page, until last_page", async () => {
  const zones = (from: number, count: number) => Array.from({ length: count }, (_, i) => wireZone({ id: `z${from + i}`, name: `zone${from + i}.example` }));
  api().get("/zones").query({ per_page: "100", page: "1" }).reply(200, { zones: zones(0, 100), ...pagination(1, 2, 100, 150) });
  api().get("/zones").query({ per_page: "100", page: "2" }).reply(200, { zones: zones(100, 50), ...pagination(2, 2, 100, 150) });
  const listed = await client().zones.list();
  expect(listed.map((z) => z.id)).toEqual(Array.from({ length: 150 }, (_, i) => `z${i}`));
});

test("zones by a name nobody has: the API's 404 is an empty list", async () => {
  offContract({ replies: "the spec lists no 404 for GET /zones; its name parameter says a name nobody has is one (hcloud-python#180)" });
  api().get("/zones").query({ name: "nothing.example", per_page: "100", page: "1" }).reply(404, { zones: [], error: { message: "zone not found", code: 404 } });
  expect(await client().zones.byName("nothing.example")).toBeUndefined();
});

test("records: one request without per_page; pages followed when the API pages anyway", async () => {
  api()
    .get("/records")
    .query({ zone_id: ZONE_ID })
    .reply(200, { records: [wireRecord("r1", "www", "A", "192.0.2.1"), wireRecord("r2", "@", "MX", "10 mail.example.com.", 300)], ...pagination(1, 2, 2, 3) });
  api().get("/records").query({ zone_id: ZONE_ID, page: "2", per_page: "2" }).reply(200, { records: [wireRecord("r3", "mail", "AAAA", "2001:db8::1")] });
  const records = await client().records.list(ZONE_ID);
  expect(records.map((r) => [r.id, r.name, r.type, r.value, r.ttl])).toEqual([
    ["r1", "www", "A", "192.0.2.1", null],
    ["r2", "@", "MX", "10 mail.example.com.", 300],
    ["r3", "mail", "AAAA", "2001:db8::1", null],
  ]);
});

test("bulk create and update send every record in one request and report the refused ones", async () => {
  api()
    .post("/records/bulk", {
      records: [
        { zone_id: ZONE_ID, name: "a", type: "A", value: "192.0.2.1" },
        { zone_id: ZONE_ID, name: "b", type: "A", value: "192.0.2.300", ttl: 60 },
      ],
    })
    .reply(200, {
      records: [wireRecord("r1", "a", "A", "192.0.2.1")],
      valid_records: [{ zone_id: ZONE_ID, name: "a", type: "A", value: "192.0.2.1" }],
      invalid_records: [{ zone_id: ZONE_ID, name: "b", type: "A", value: "192.0.2.300", ttl: 60 }],
    });
  const created = await client().records.bulkCreate([
    { zoneId: ZONE_ID, name: "a", type: "A", value: "192.0.2.1", ttl: null },
    { zoneId: ZONE_ID, name: "b", type: "A", value: "192.0.2.300", ttl: 60 },
  ]);
  expect(created.created.map((r) => r.id)).toEqual(["r1"]);
  expect(created.invalid).toEqual([{ zoneId: ZONE_ID, name: "b", type: "A", value: "192.0.2.300", ttl: 60 }]);

  api()
    .put("/records/bulk", { records: [{ id: "r1", zone_id: ZONE_ID, name: "a", type: "A", value: "192.0.2.2", ttl: 300 }] })
    .reply(200, { records: [wireRecord("r1", "a", "A", "192.0.2.2", 300)], failed_records: [] });
  const updated = await client().records.bulkUpdate([{ id: "r1", zoneId: ZONE_ID, name: "a", type: "A", value: "192.0.2.2", ttl: 300 }]);
  expect(updated).toEqual({ updated: [expect.objectContaining({ id: "r1", value: "192.0.2.2", ttl: 300 })], failed: [] });
});

test("zone files: export asks for text/plain; validate sends the file as text/plain", async () => {
  const file = "$ORIGIN example.com.\n$TTL 86400\nwww IN A 192.0.2.1\n";
  api().matchHeader("accept", "text/plain").get(`/zones/${ZONE_ID}/export`).reply(200, file, { "Content-Type": "text/plain" });
  expect(await client().zones.exportZoneFile(ZONE_ID)).toBe(file);
  api()
    .matchHeader("content-type", "text/plain")
    .post("/zones/file/validate", file)
    .reply(200, { parsed_records: 1, valid_records: [wireRecord("", "www", "A", "192.0.2.1")] });
  expect(await client().zones.validateZoneFile(file)).toEqual({ parsedRecords: 1, validRecords: [expect.objectContaining({ name: "www", type: "A", value: "192.0.2.1" })] });
});

test("timestamps: RFC 3339 as the spec says, and the form the API has been seen answering", () => {
  expect(timestampMs("2020-04-07T06:55:46.962Z")).toBe(Date.UTC(2020, 3, 7, 6, 55, 46, 962));
  expect(timestampMs("2020-04-07 06:55:46.962 +0000 UTC")).toBe(Date.UTC(2020, 3, 7, 6, 55, 46, 962));
  expect(timestampMs("2020-04-07 08:55:46 +0200 CEST")).toBe(Date.UTC(2020, 3, 7, 6, 55, 46));
  expect(timestampMs("")).toBeNaN();
});
