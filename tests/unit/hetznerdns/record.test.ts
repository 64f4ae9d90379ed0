/** hetznerdns.Record: check in canonical form, bulk writes of concurrent creates and updates, shared reads. */
import nock from "nock";
import { record } from "../../../provider/hetznerdns/record";
import { countRequests, HETZNER_DNS_API, networkError, useHetznerDnsClient } from "../helpers";
import { dnsError, wireRecord, wireZone, ZONE_ID } from "./fixtures";

const auth = useHetznerDnsClient("dns-token");
const api = () => nock(HETZNER_DNS_API, auth);

const inputs = (name: string, value: string, extra: Record<string, unknown> = {}) => ({
  zoneId: ZONE_ID,
  __zoneName: "example.com",
  name,
  type: "A",
  value,
  ttl: null,
  ...extra,
});

describe("check", () => {
  test("reads the zone's name once, then puts name and value in canonical form", async () => {
    api().get(`/zones/${ZONE_ID}`).reply(200, { zone: wireZone() });
    const checked = await record.check({}, { zoneId: ZONE_ID, name: "Mail.Example.com.", type: "MX", value: "10 MX1", ttl: 300 });
    expect(checked.failures).toEqual([]);
    expect(checked.inputs).toEqual({ zoneId: ZONE_ID, __zoneName: "example.com", name: "mail", type: "MX", value: "10 mx1.example.com.", ttl: 300 });
    // The next check of the same zone sends nothing (a no-op preview makes no request).
    const again = await record.check(checked.inputs!, { zoneId: ZONE_ID, name: "mail", type: "MX", value: "10 mx1", ttl: 300 });
    expect(again.inputs).toEqual(checked.inputs);
  });

  test("TXT: plain text becomes the quoted wire form; a bad value, type or ttl fails before any request", async () => {
    const olds = { zoneId: ZONE_ID, __zoneName: "example.com" };
    const txt = await record.check(olds, { zoneId: ZONE_ID, name: "@", type: "TXT", value: 'v=spf1 -all "quoted"' });
    expect(txt.inputs!.value).toBe('"v=spf1 -all \\"quoted\\""');
    const bad = await record.check(olds, { zoneId: ZONE_ID, name: "www", type: "A", value: "192.0.2.300", ttl: 5 });
    expect(bad.failures!.map((f) => f.property)).toEqual(["ttl", "value"]);
    const soa = await record.check(olds, { zoneId: ZONE_ID, name: "@", type: "SOA", value: "x" });
    expect(soa.failures).toEqual([
      { property: "type", reason: 'type: record type "SOA" is not one of A, AAAA, CAA, CNAME, DANE, DS, HINFO, MX, NS, RP, SRV, TLSA, TXT (the zone\'s SOA is Hetzner\'s)' },
    ]);
  });

  test("a new record with bad input fails without reading its zone (no request)", async () => {
    const checked = await record.check({}, { zoneId: ZONE_ID, name: "www", type: "BOGUS", value: "192.0.2.1", ttl: 5 });
    expect(checked.failures!.map((f) => f.property)).toEqual(["type", "ttl"]);
  });

  test("a zone id nobody has fails at zoneId", async () => {
    api().get("/zones/nope").reply(404, dnsError(404, "zone not found"));
    const checked = await record.check({}, { zoneId: "nope", name: "www", type: "A", value: "192.0.2.1" });
    expect(checked.failures).toEqual([{ property: "zoneId", reason: "zone nope not found: check the id (hetznerdns.getZone finds it by name)" }]);
  });
});

describe("diff", () => {
  const olds = { ...inputs("www", "192.0.2.1"), zoneName: "example.com" };
  test("name, value and ttl change in place; zoneId and type replace; a CNAME swap frees the name first", async () => {
    expect(await record.diff("r1", olds, inputs("www", "192.0.2.1"))).toMatchObject({ changes: false, replaces: [] });
    expect(await record.diff("r1", olds, inputs("web", "192.0.2.2", { ttl: 60 }))).toMatchObject({ changes: true, replaces: [] });
    expect(await record.diff("r1", olds, inputs("www", "192.0.2.1", { zoneId: "other" }))).toMatchObject({ replaces: ["zoneId"], deleteBeforeReplace: false });
    expect(await record.diff("r1", olds, inputs("www", "host.example.com.", { type: "CNAME" }))).toMatchObject({ replaces: ["type"], deleteBeforeReplace: true });
  });
});

describe("creates and updates of one zone at once: one bulk request", () => {
  test("three creates: one POST /records/bulk, each resource its own record", async () => {
    api()
      .post("/records/bulk", {
        records: [
          { zone_id: ZONE_ID, name: "a", type: "A", value: "192.0.2.1" },
          { zone_id: ZONE_ID, name: "b", type: "A", value: "192.0.2.2", ttl: 60 },
          { zone_id: ZONE_ID, name: "c", type: "A", value: "192.0.2.3" },
        ],
      })
      // In another order than sent: results are matched by their fields.
      .reply(200, { records: [wireRecord("rc", "c", "A", "192.0.2.3"), wireRecord("ra", "a", "A", "192.0.2.1"), wireRecord("rb", "b", "A", "192.0.2.2", 60)] });
    const results = await Promise.all([
      record.create(inputs("a", "192.0.2.1")),
      record.create(inputs("b", "192.0.2.2", { ttl: 60 })),
      record.create(inputs("c", "192.0.2.3")),
    ]);
    expect(results.map((r) => [r.id, r.outs.name, r.outs.ttl, r.outs.fqdn])).toEqual([
      ["ra", "a", null, "a.example.com."],
      ["rb", "b", 60, "b.example.com."],
      ["rc", "c", null, "c.example.com."],
    ]);
  });

  test("a record the bulk refuses is sent alone: that resource fails with the API's reason, the others are created", async () => {
    api()
      .post("/records/bulk")
      .reply(200, {
        records: [wireRecord("ra", "a", "A", "192.0.2.1")],
        valid_records: [{ zone_id: ZONE_ID, name: "a", type: "A", value: "192.0.2.1" }],
        invalid_records: [{ zone_id: ZONE_ID, name: "b", type: "A", value: "192.0.2.2" }],
      });
    api()
      .post("/records", { zone_id: ZONE_ID, name: "b", type: "A", value: "192.0.2.2" })
      .reply(422, { record: {}, ...dnsError(422, "422 Unprocessable Entity: taken: 192.0.2.2; ") });
    const [a, b] = await Promise.allSettled([record.create(inputs("a", "192.0.2.1")), record.create(inputs("b", "192.0.2.2"))]);
    expect(a).toMatchObject({ status: "fulfilled", value: { id: "ra" } });
    expect(b).toMatchObject({
      status: "rejected",
      reason: {
        message:
          "creating hetznerdns.Record b A in zone example.com failed: hetznerdns API POST /records failed: HTTP 422 invalid_input: 422 Unprocessable Entity: taken: 192.0.2.2;",
      },
    });
  });

  test("a whole bulk refused as invalid (422): each record is sent alone, and only the bad one's resource fails", async () => {
    api()
      .post("/records/bulk")
      .reply(422, dnsError(422, "422 Unprocessable Entity: invalid records"));
    api()
      .post("/records", { zone_id: ZONE_ID, name: "a", type: "A", value: "192.0.2.1" })
      .reply(200, { record: wireRecord("ra", "a", "A", "192.0.2.1") });
    api()
      .post("/records", { zone_id: ZONE_ID, name: "b", type: "A", value: "192.0.2.2" })
      .reply(422, { record: {}, ...dnsError(422, "422 Unprocessable Entity: taken: 192.0.2.2; ") });
    const [a, b] = await Promise.allSettled([record.create(inputs("a", "192.0.2.1")), record.create(inputs("b", "192.0.2.2"))]);
    expect(a).toMatchObject({ status: "fulfilled", value: { id: "ra" } });
    expect(b).toMatchObject({ status: "rejected", reason: { message: expect.stringContaining("POST /records failed: HTTP 422 invalid_input: 422 Unprocessable Entity: taken: 192.0.2.2;") } });
  });

  test("two updates: one PUT /records/bulk; one the bulk lists as failed is sent alone for its reason", async () => {
    api()
      .put("/records/bulk", {
        records: [
          { id: "ra", zone_id: ZONE_ID, name: "a", type: "A", value: "192.0.2.10" },
          { id: "rb", zone_id: ZONE_ID, name: "b", type: "CNAME", value: "a.example.com." },
        ],
      })
      .reply(200, { records: [wireRecord("ra", "a", "A", "192.0.2.10")], failed_records: [{ zone_id: ZONE_ID, name: "b", type: "CNAME", value: "a.example.com." }] });
    api()
      .put("/records/rb", { zone_id: ZONE_ID, name: "b", type: "CNAME", value: "a.example.com." })
      .reply(422, { record: {}, ...dnsError(422, "422 Unprocessable Entity: cname conflict") });
    const [a, b] = await Promise.allSettled([
      record.update("ra", inputs("a", "192.0.2.1"), inputs("a", "192.0.2.10")),
      record.update("rb", inputs("b", "a.example.com.", { type: "CNAME", ttl: 60 }), inputs("b", "a.example.com.", { type: "CNAME" })),
    ]);
    expect(a).toMatchObject({ status: "fulfilled", value: { outs: { value: "192.0.2.10" } } });
    expect(b).toMatchObject({ status: "rejected", reason: { message: expect.stringContaining("HTTP 422 invalid_input: 422 Unprocessable Entity: cname conflict") } });
  });

  test("a single write goes alone (POST /records), not through the bulk", async () => {
    api().post("/records", { zone_id: ZONE_ID, name: "a", type: "A", value: "192.0.2.1" }).reply(200, { record: wireRecord("ra", "a", "A", "192.0.2.1") });
    expect((await record.create(inputs("a", "192.0.2.1"))).id).toBe("ra");
  });
});

describe("a create whose answer was lost", () => {
  const listing = (records: object[]) => api().get("/records").query({ zone_id: ZONE_ID }).reply(200, { records });
  const madeNow = (id: string, name: string, value: string) => ({ ...wireRecord(id, name, "A", value), created: new Date().toISOString() });

  test("a bulk carried out: each resource gets the record made since it was sent, nothing is sent again", async () => {
    const bulk = countRequests(api().post("/records/bulk").replyWithError(networkError()));
    // The older record alike is someone else's; the one made since is the bulk's.
    listing([wireRecord("old", "a", "A", "192.0.2.1"), madeNow("ra", "a", "192.0.2.1"), madeNow("rb", "b", "192.0.2.2")]);
    const results = await Promise.all([record.create(inputs("a", "192.0.2.1")), record.create(inputs("b", "192.0.2.2"))]);
    expect(results.map((r) => r.id)).toEqual(["ra", "rb"]);
    expect(bulk.count).toBe(1);
  });

  test("a bulk partly found: the record not made is sent alone; a lost single create with nothing made since is sent again", async () => {
    api().post("/records/bulk").replyWithError(networkError());
    listing([madeNow("ra", "a", "192.0.2.1"), wireRecord("old", "b", "A", "192.0.2.2")]);
    api().post("/records", { zone_id: ZONE_ID, name: "b", type: "A", value: "192.0.2.2" }).replyWithError(networkError());
    listing([madeNow("ra", "a", "192.0.2.1"), wireRecord("old", "b", "A", "192.0.2.2")]);
    api()
      .post("/records", { zone_id: ZONE_ID, name: "b", type: "A", value: "192.0.2.2" })
      .reply(422, { record: {}, ...dnsError(422, "422 Unprocessable Entity: taken: 192.0.2.2; ") });
    const [a, b] = await Promise.allSettled([record.create(inputs("a", "192.0.2.1")), record.create(inputs("b", "192.0.2.2"))]);
    expect(a).toMatchObject({ status: "fulfilled", value: { id: "ra" } });
    expect(b).toMatchObject({ status: "rejected", reason: { message: expect.stringContaining("HTTP 422 invalid_input: 422 Unprocessable Entity: taken: 192.0.2.2;") } });
  });
});

describe("reads and deletes", () => {
  test("reads of many records of one zone share one listing; a record not in it is read alone", async () => {
    api()
      .get("/records")
      .query({ zone_id: ZONE_ID })
      .reply(200, { records: [wireRecord("ra", "a", "A", "192.0.2.1"), wireRecord("rt", "@", "TXT", "hello")] });
    api().get("/records/gone").reply(404, dnsError(404, "record not found"));
    const [a, t, gone] = await Promise.all([
      record.read("ra", inputs("a", "192.0.2.1")),
      record.read("rt", inputs("@", '"hello"', { type: "TXT" })),
      record.read("gone", inputs("x", "192.0.2.9")),
    ]);
    expect(a.props).toMatchObject({ name: "a", value: "192.0.2.1" });
    // Read back unquoted, the TXT value still shows in the canonical (quoted) form: no drift.
    expect(t.inputs).toMatchObject({ name: "@", type: "TXT", value: '"hello"' });
    expect(gone).toEqual({ id: "", props: {} });
  });

  test("delete: one DELETE; a record already gone is fine; after a write the next read lists again", async () => {
    const listing = [wireRecord("ra", "a", "A", "192.0.2.1"), wireRecord("rc", "c", "A", "192.0.2.3")];
    api().get("/records").query({ zone_id: ZONE_ID }).reply(200, { records: listing });
    api().delete("/records/ra").reply(200);
    api().delete("/records/rb").reply(404, dnsError(404, "record not found"));
    api().get("/records").query({ zone_id: ZONE_ID }).reply(200, { records: listing.slice(1) });
    await record.read("ra", inputs("a", "192.0.2.1"));
    await record.delete("ra", inputs("a", "192.0.2.1"));
    await record.delete("rb", inputs("b", "192.0.2.2"));
    expect((await record.read("rc", inputs("c", "192.0.2.3"))).id).toBe("rc");
  });
});
