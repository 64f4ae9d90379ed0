/** vpsorg.DnsZone: domain checked and punycoded in check, create (and a lost answer), read, delete. */
import * as zone from "../../../provider/vpsorg/dns-zone";
import { networkError } from "../helpers";
import { useVpsorgClient, wireZone, ZONE_ID, vpsorgError } from "./fixtures";

const NOT_FOUND = vpsorgError("Not found.", "not_found");

const api = useVpsorgClient();

describe("check", () => {
  test("an IDN is made punycode; a missing or malformed domain fails before any request", async () => {
    expect(await zone.check({}, { domain: "München.DE." })).toEqual({ inputs: { domain: "xn--mnchen-3ya.de" }, failures: [] });
    expect((await zone.check({}, {})).failures).toEqual([{ property: "domain", reason: 'domain is required: the zone\'s domain, e.g. "example.com"' }]);
    expect((await zone.check({}, { domain: "localhost" })).failures).toEqual([
      { property: "domain", reason: 'domain: zone name "localhost" needs at least two labels, e.g. "example.com"' },
    ]);
  });

  test("diff: another domain replaces (created first); the same domain is no change", async () => {
    expect(await zone.diff(ZONE_ID, { domain: "example.com" }, { domain: "example.com" })).toMatchObject({ changes: false });
    expect(await zone.diff(ZONE_ID, { domain: "example.com" }, { domain: "example.org" })).toEqual({ changes: true, replaces: ["domain"], deleteBeforeReplace: false });
  });
});

test("create: one POST; the uuid is the id", async () => {
  api().post("/dns-zones/", { domain: "example.com" }).reply(201, { ...wireZone(), records: [] });
  expect(await zone.create({ domain: "example.com" })).toEqual({
    id: ZONE_ID,
    outs: { domain: "example.com", zoneId: ZONE_ID, recordCount: 0, created: "2026-11-30T09:00:00Z" },
  });
});

test("create whose answer was lost: the zone made after the request is taken, not created twice", async () => {
  api().post("/dns-zones/").replyWithError(networkError());
  api().get("/dns-zones/").query({ domain: "example.com" }).reply(200, [wireZone({ created_at: new Date().toISOString() })]);
  expect((await zone.create({ domain: "example.com" })).id).toBe(ZONE_ID);
});

test("create of a domain the account already has: an error naming the zone and the fix", async () => {
  api().post("/dns-zones/").reply(400, vpsorgError("Zone already exists", "validation_error", "domain"));
  api().get("/dns-zones/").query({ domain: "example.com" }).reply(200, [wireZone()]);
  await expect(zone.create({ domain: "example.com" })).rejects.toThrow(
    `vpsorg.DnsZone example.com: the zone already exists in this VPS.org account (uuid ${ZONE_ID}, created 2026-11-30T09:00:00Z)`,
  );
});

test("read: the live zone, or gone after a 404", async () => {
  api().get(`/dns-zones/${ZONE_ID}/`).reply(200, { ...wireZone({ record_count: 2 }), records: [] });
  expect(await zone.read(ZONE_ID, { domain: "example.com" })).toMatchObject({ id: ZONE_ID, props: { recordCount: 2 }, inputs: { domain: "example.com" } });
  api().get(`/dns-zones/${ZONE_ID}/`).reply(404, NOT_FOUND);
  expect(await zone.read(ZONE_ID, { domain: "example.com" })).toEqual({ id: "", props: {} });
});

test("delete: one DELETE; a zone already gone is fine", async () => {
  api().delete(`/dns-zones/${ZONE_ID}/`).reply(204);
  await zone.remove(ZONE_ID, {});
  api().delete(`/dns-zones/${ZONE_ID}/`).reply(404, NOT_FOUND);
  await zone.remove(ZONE_ID, {});
});
