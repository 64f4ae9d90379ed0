import nock from "nock";
import { check, create, diff, planRecordSteps, read, recordKey, remove, update } from "../../../provider/hcloud/zone-rrset";
import { UNKNOWN } from "../../../provider/core/inputs";
import { API, NO_BODY, useHcloudClient, wireActions } from "../helpers";
import { ASSIGNED_NS, wireRrset, wireZone } from "./zone-wire";

const auth = useHcloudClient("rrset-token");
const { action, waitFor } = wireActions({ id: 301, type: "zone" });
const OWNER = "pulumi-dns-cloud/owner";
const owned = { [OWNER]: "own" };

/** update_records answers 200, every other action 201 (as the spec has it). */
const postAction = (scope: nock.Scope, path: string, body: nock.RequestBodyMatcher, id: number, command: string, status = "success", error: unknown = null) =>
  waitFor(scope.post(path, body).reply(path.endsWith("/update_records") ? 200 : 201, { action: action(id, command) }), id, command, status, error);
const rec = (value: string, comment = "") => ({ value, comment });

describe("check", () => {
  test("names become relative, values canonical, with defaults", async () => {
    const { inputs, failures } = await check({}, {
      zone: "Example.COM",
      name: "WWW.example.com.",
      type: "AAAA",
      records: [{ value: "2001:DB8:0:0::1" }, { value: "2001:db8::2", comment: "second" }],
      __owner: "own",
    });
    expect(failures).toEqual([]);
    expect(inputs).toEqual({
      zone: "example.com",
      __zoneName: "example.com",
      type: "AAAA",
      name: "www",
      ttl: null,
      records: [rec("2001:db8::1"), rec("2001:db8::2", "second")],
      labels: {},
      changeProtection: false,
      __owner: "own",
    });
  });

  test("relative hostnames in values get the zone; TXT plain text is quoted; an IDN label is punycode", async () => {
    const mx = await check({}, { zone: "example.com", name: "@", type: "MX", records: [{ value: "10 mail" }] });
    expect(mx.inputs.records).toEqual([rec("10 mail.example.com.")]);
    const txt = await check({}, { zone: "example.com", name: "_dmarc", type: "TXT", records: [{ value: "v=DMARC1; p=reject" }] });
    expect(txt.inputs.records).toEqual([rec('"v=DMARC1; p=reject"')]);
    const idn = await check({}, { zone: "example.com", name: "bücher", type: "A", records: [{ value: "192.0.2.1" }] });
    expect(idn.inputs.name).toBe("xn--bcher-kva");
  });

  test("a zone given by id is looked up once for its name, then taken from the previous inputs", async () => {
    nock(API, auth).get("/zones/301").reply(200, { zone: wireZone() });
    const first = await check({}, { zone: 301, name: "www.example.com", type: "A", records: [{ value: "192.0.2.1" }] });
    expect(first.failures).toEqual([]);
    expect(first.inputs).toMatchObject({ zone: 301, __zoneName: "example.com", name: "www" });
    // No request the second time (a preview sends none).
    const again = await check(first.inputs, { zone: "301", name: "www", type: "A", records: [{ value: "192.0.2.2" }] });
    expect(again.inputs).toMatchObject({ zone: 301, __zoneName: "example.com" });
  });

  test("by id, the zone is not read with credentials that are unknown (preview) or broken (check reports those)", async () => {
    const news = { zone: 301, name: "www", type: "A", records: [{ value: "192.0.2.1" }] };
    expect((await check({}, { ...news, credentials: { token: UNKNOWN } })).failures).toEqual([]);
    expect((await check({}, { ...news, credentials: { endpoint: "ftp://nowhere" } })).inputs).not.toHaveProperty("__zoneName");
  });

  test("the first checks of many record sets in one zone given by id read the zone once", async () => {
    const scope = nock(API, auth).get("/zones/304").reply(200, { zone: wireZone({ id: 304, name: "example.net" }) });
    const names = ["a", "b", "c", "d"];
    const results = await Promise.all(names.map((name) => check({}, { zone: 304, name, type: "A", records: [{ value: "192.0.2.1" }] })));
    scope.done();
    expect(results.map((r) => r.inputs.__zoneName)).toEqual(names.map(() => "example.net"));
    // Later checks in the same process take the name without a request (nock would refuse one).
    expect((await check({}, { zone: 304, name: "e", type: "A", records: [{ value: "192.0.2.1" }] })).inputs.__zoneName).toBe("example.net");
  });

  test("a zone id that does not exist fails check, each time it is asked (a miss is not remembered)", async () => {
    nock(API, auth).get("/zones/999").times(2).reply(404, { error: { code: "not_found", message: "zone not found" } });
    for (let i = 0; i < 2; i++) {
      const { failures } = await check({}, { zone: 999, name: "www", type: "A", records: [{ value: "192.0.2.1" }] });
      expect(failures).toEqual([{ property: "zone", reason: "zone 999 not found: check the id, or give the zone's name" }]);
    }
  });

  const base = { zone: "example.com", name: "www", type: "A", records: [{ value: "192.0.2.1" }] };
  test.each([
    [{ zone: undefined }, "zone", /^zone is required/],
    [{ type: "a" }, "type", /^type: record type "a" must be written in upper case: "A"$/],
    [{ type: "SPF" }, "type", /^type: record type "SPF" is not one of A, AAAA/],
    [{ name: undefined }, "name", /^name is required: "@" for the zone apex/],
    [{ name: "www.example.org." }, "name", /^name: name "www.example.org." is outside the zone example.com$/],
    [{ ttl: 30 }, "ttl", /^ttl must be a whole number of seconds from 60 to 2147483647, got 30$/],
    [{ records: [] }, "records", /^records must list at least one \{ value, comment\? \}$/],
    [{ records: Array.from({ length: 51 }, (_, i) => ({ value: `192.0.2.${i}` })) }, "records", /^records: at most 50 values in one record set/],
    [{ records: [{ value: "192.0.2.300" }] }, "records[0].value", /^records\[0\]\.value: /],
    [{ type: "AAAA", records: [{ value: "2001:db8::1" }, { value: "2001:DB8:0::1" }] }, "records[1].value", /^records\[1\]\.value: the same value as records\[0\]/],
    [{ records: [{ value: "192.0.2.1", ttl: 60 }] }, "records[0]", /unknown property "ttl"/],
    [{ records: [{ value: "192.0.2.1", comment: 5 }] }, "records[0].comment", /comment must be a string/],
    [{ changeProtection: "on" }, "changeProtection", /must be true or false/],
    [{ labels: { [OWNER]: "x" } }, "labels", /reserved/],
  ])("rejects %j", async (change, property, reason) => {
    const { failures } = await check({}, { ...base, ...change });
    expect(failures.map((f) => f.property)).toContain(property);
    expect(failures.find((f) => f.property === property)!.reason).toMatch(reason);
  });

  test("passes unknown values through during preview (names and values are checked once the zone is known)", async () => {
    const { inputs, failures } = await check({}, { zone: UNKNOWN, name: "WWW", type: "A", records: [{ value: UNKNOWN }, { value: "not checked yet" }] });
    expect(failures).toEqual([]);
    expect(inputs).toMatchObject({ zone: UNKNOWN, name: "WWW", records: [{ value: UNKNOWN }, rec("not checked yet")] });
  });
});

describe("diff", () => {
  const olds = {
    zone: "example.com",
    zoneId: 301,
    zoneName: "example.com",
    name: "www",
    type: "A",
    ttl: null,
    records: [rec("192.0.2.1"), rec("192.0.2.2", "b")],
    labels: {},
    changeProtection: false,
  };
  const news = { zone: "example.com", __zoneName: "example.com", name: "www", type: "A", ttl: null, records: [rec("192.0.2.2", "b"), rec("192.0.2.1")], labels: {}, changeProtection: false };

  test("record order never diffs; the zone by id is the same zone", async () => {
    expect(await diff("301/www/A", olds, news)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect((await diff("301/www/A", olds, { ...news, zone: 301 })).changes).toBe(false);
  });

  test.each([
    [{ records: [rec("192.0.2.1")] }, { "records[1]": "delete" }],
    [{ records: [rec("192.0.2.3"), rec("192.0.2.1"), rec("192.0.2.2", "b")] }, { "records[0]": "add" }],
    [{ records: [rec("192.0.2.1"), rec("192.0.2.2", "c")] }, { "records[1]": "update" }],
    [{ records: [rec("192.0.2.3"), rec("192.0.2.2", "b")] }, { "records[0]": "update" }],
    [{ ttl: 300 }, { ttl: "update" }],
    [{ labels: { a: "b" } }, { labels: "update" }],
    [{ changeProtection: true }, { changeProtection: "update" }],
    [{ records: [{ value: UNKNOWN, comment: "" }] }, { records: "update" }],
  ])("%j changes in place, detailed per record", async (change, detailedDiff) => {
    expect(await diff("301/www/A", olds, { ...news, ...change })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false, detailedDiff });
  });

  test("zone, name and type replace; a type change to or from CNAME at one name deletes first", async () => {
    expect(await diff("301/www/A", olds, { ...news, zone: "example.org" })).toEqual({ changes: true, replaces: ["zone"], deleteBeforeReplace: false });
    expect(await diff("301/www/A", olds, { ...news, zone: 302 })).toEqual({ changes: true, replaces: ["zone"], deleteBeforeReplace: false });
    expect(await diff("301/www/A", olds, { ...news, name: "web" })).toEqual({ changes: true, replaces: ["name"], deleteBeforeReplace: false });
    expect(await diff("301/www/A", olds, { ...news, type: "AAAA" })).toEqual({ changes: true, replaces: ["type"], deleteBeforeReplace: false });
    expect(await diff("301/www/A", olds, { ...news, type: "CNAME" })).toEqual({ changes: true, replaces: ["type"], deleteBeforeReplace: true });
  });
});

describe("the SOA serial is Hetzner's to count up", () => {
  const soa = (serial: number, refresh = 86400) => rec(`hydrogen.ns.hetzner.com. dns.hetzner.com. ${serial} ${refresh} 10800 3600000 3600`);
  const olds = { zone: "example.com", zoneId: 301, zoneName: "example.com", name: "@", type: "SOA", ttl: null, records: [soa(2026112503)], labels: {}, changeProtection: false };
  const news = { ...olds, records: [soa(2026112500)] };

  test("a serial bumped by changes elsewhere in the zone is no change; another field is", async () => {
    expect((await diff("301/@/SOA", olds, news)).changes).toBe(false);
    expect((await diff("301/@/SOA", olds, { ...news, records: [soa(2026112500, 43200)] })).changes).toBe(true);
  });

  test("and sends no set_records", () => {
    expect(planRecordSteps([soa(2026112503)], [soa(2026112500)], recordKey("SOA", "example.com"))).toEqual([]);
    expect(planRecordSteps([soa(2026112503)], [soa(2026112500, 43200)], recordKey("SOA", "example.com"))).toEqual([{ command: "set_records", records: [soa(2026112500, 43200)] }]);
  });
});

describe("planRecordSteps: the fewest requests", () => {
  const live = [rec("a"), rec("b", "x")];
  test.each([
    ["nothing to do", [rec("b", "x"), rec("a")], []],
    ["new values only: add_records", [rec("a"), rec("b", "x"), rec("c")], [{ command: "add_records", records: [rec("c")] }]],
    ["dropped values only: remove_records", [rec("b", "x")], [{ command: "remove_records", records: [rec("a")] }]],
    ["comments only: update_records", [rec("a", "new"), rec("b", "")], [{ command: "update_records", records: [rec("a", "new"), rec("b", "")] }]],
    ["added and dropped: one set_records", [rec("a"), rec("c")], [{ command: "set_records", records: [rec("a"), rec("c")] }]],
    ["added and a comment: one set_records", [rec("a", "y"), rec("b", "x"), rec("c")], [{ command: "set_records", records: [rec("a", "y"), rec("b", "x"), rec("c")] }]],
    ["every value new: one set_records", [rec("c"), rec("d")], [{ command: "set_records", records: [rec("c"), rec("d")] }]],
  ])("%s", (_what, desired, steps) => {
    expect(planRecordSteps(live, desired)).toEqual(steps);
  });

  test("more than 50 records to remove (added out of band) is one set_records: a request takes at most 50", () => {
    const many = Array.from({ length: 52 }, (_, i) => rec(`v${i}`));
    expect(planRecordSteps(many, [rec("v0")])).toEqual([{ command: "set_records", records: [rec("v0")] }]);
    expect(planRecordSteps(many.slice(0, 51), [rec("v0")])).toEqual([{ command: "remove_records", records: many.slice(1, 51) }]);
  });

  test("live values are matched in canonical form; a removal names the value as the API spells it", () => {
    const canonical = (v: string) => v.toLowerCase();
    expect(planRecordSteps([rec("A"), rec("B")], [rec("a")], canonical)).toEqual([{ command: "remove_records", records: [rec("B")] }]);
  });
});

describe("create", () => {
  const inputs = { zone: "example.com", __zoneName: "example.com", name: "www", type: "A", ttl: 300, records: [rec("192.0.2.1"), rec("192.0.2.2", "b")], labels: { env: "prod" }, changeProtection: true, __owner: "own", __provider: "shim" };

  test("posts the record set with the owner label, waits on its Action, then protects it; outputs in the program's order", async () => {
    const created = wireRrset("www", "A", [], { ttl: 300, labels: { env: "prod", ...owned }, records: [{ value: "192.0.2.2", comment: "b" }, { value: "192.0.2.1" }] });
    const scope = nock(API, auth)
      .post("/zones/example.com/rrsets", { name: "www", type: "A", ttl: 300, records: [{ value: "192.0.2.1" }, { value: "192.0.2.2", comment: "b" }], labels: { env: "prod", ...owned } })
      .reply(201, { rrset: created, action: action(1, "create_rrset") });
    waitFor(scope, 1, "create_rrset");
    postAction(scope, "/zones/301/rrsets/www/A/actions/change_protection", { change: true }, 2, "change_protection")
      .get("/zones/301/rrsets/www/A")
      .reply(200, { rrset: { ...created, protection: { change: true } } });
    const result = await create(inputs);
    scope.done();
    expect(result).toEqual({
      id: "301/www/A",
      outs: {
        zone: "example.com",
        zoneId: 301,
        zoneName: "example.com",
        name: "www",
        type: "A",
        ttl: 300,
        records: [rec("192.0.2.1"), rec("192.0.2.2", "b")],
        labels: { env: "prod" },
        changeProtection: true,
        fqdn: "www.example.com.",
        __zoneName: "example.com",
        __owner: "own",
      },
    });
  });

  test("a record set of the name and type that is not ours is refused, naming it", async () => {
    nock(API, auth)
      .post("/zones/example.com/rrsets")
      .reply(409, { error: { code: "uniqueness_error", message: "rrset already exists" } })
      .get("/zones/example.com/rrsets/www/A")
      .reply(200, { rrset: wireRrset("www", "A", ["198.51.100.7"]) });
    await expect(create(inputs)).rejects.toThrow(
      "record set www A in zone example.com already exists and is not managed by this resource (it does not carry this resource's owner label pulumi-dns-cloud/owner). Delete it, or leave it to whoever manages it and remove this resource from the program, then run `pulumi up` again",
    );
  });

  test("its own record set after an interrupted create is claimed and converged", async () => {
    const found = wireRrset("www", "A", ["192.0.2.1"], { ttl: 300, labels: { env: "prod", ...owned } });
    const scope = nock(API, auth)
      .post("/zones/example.com/rrsets")
      .reply(409, { error: { code: "uniqueness_error", message: "rrset already exists" } })
      .get("/zones/example.com/rrsets/www/A")
      .reply(200, { rrset: found });
    postAction(scope, "/zones/301/rrsets/www/A/actions/add_records", { records: [{ value: "192.0.2.2", comment: "b" }] }, 3, "add_records");
    postAction(scope, "/zones/301/rrsets/www/A/actions/change_protection", { change: true }, 4, "change_protection")
      .get("/zones/301/rrsets/www/A")
      .reply(200, { rrset: { ...found, protection: { change: true }, records: [{ value: "192.0.2.1" }, { value: "192.0.2.2", comment: "b" }] } });
    const { id, outs } = await create(inputs);
    scope.done();
    expect(id).toBe("301/www/A");
    expect(outs.records).toEqual([rec("192.0.2.1"), rec("192.0.2.2", "b")]);
  });

  test("the apex NS is adopted, not created: labels and records set, what it had remembered for the delete", async () => {
    const live = wireRrset("@", "NS", ASSIGNED_NS, { ttl: 3600 });
    const desired = ["ns1.example.net.", "ns2.example.net."];
    const scope = nock(API, auth)
      .get("/zones/example.com/rrsets/%40/NS")
      .reply(200, { rrset: live })
      .put("/zones/301/rrsets/%40/NS", { labels: owned })
      .reply(200, { rrset: { ...live, labels: owned } });
    postAction(scope, "/zones/301/rrsets/%40/NS/actions/set_records", { records: desired.map((value) => ({ value })) }, 5, "set_records")
      .get("/zones/301/rrsets/%40/NS")
      .reply(200, { rrset: { ...live, labels: owned, records: desired.map((value) => ({ value })) } });
    const { id, outs } = await create({ zone: "example.com", __zoneName: "example.com", name: "@", type: "NS", ttl: 3600, records: desired.map((v) => rec(v)), labels: {}, changeProtection: false, __owner: "own" });
    scope.done();
    expect(id).toBe("301/@/NS");
    expect(outs).toMatchObject({ records: desired.map((v) => rec(v)), __adopted: { ttl: 3600, labels: {} } });
  });

  test("a failed record action records the record set with its live records", async () => {
    const created = wireRrset("www", "A", ["192.0.2.1", "192.0.2.2"], { labels: owned });
    const scope = nock(API, auth)
      .post("/zones/example.com/rrsets")
      .reply(201, { rrset: created, action: action(1, "create_rrset") });
    waitFor(scope, 1, "create_rrset", "error", { code: "invalid_input", message: "bad record" })
      .get("/zones/301/rrsets/www/A")
      .reply(404, { error: { code: "not_found", message: "rrset not found" } });
    const error = await create({ ...inputs, ttl: null, labels: {}, changeProtection: false, records: [rec("192.0.2.1"), rec("192.0.2.2")] }).then(() => undefined, (e) => e);
    scope.done();
    expect(error.message).toMatch(/^record set www A in zone example.com was created, but action create_rrset \(#1\) .*failed: invalid_input: bad record/);
    expect(error.id).toBe("301/www/A");
    expect(error.properties.__provider).toBe("shim");
  });
});

describe("read", () => {
  /** The zone's listing (one page), which every read of its record sets shares. */
  const listing = (zone: string, rrsets: unknown[]) =>
    nock(API, auth)
      .get(`/zones/${zone}/rrsets`)
      .query({ page: "1", per_page: "100" })
      .reply(200, { rrsets, meta: { pagination: { page: 1, per_page: 100, previous_page: null, next_page: null, last_page: 1, total_entries: rrsets.length } } });

  test("reports drift (records, ttl, labels) as outputs and inputs", async () => {
    listing("301", [wireRrset("www", "A", ["192.0.2.9"], { ttl: 60, labels: { x: "y", ...owned } })]);
    const props = { zone: 301, zoneName: "example.com", __zoneName: "example.com", name: "www", type: "A", ttl: null, records: [rec("192.0.2.1")], __owner: "own" };
    const result = await read("301/www/A", props);
    expect(result.props).toMatchObject({ ttl: 60, records: [rec("192.0.2.9")], labels: { x: "y" } });
    expect(result.inputs).toEqual({ zone: 301, __zoneName: "example.com", name: "www", type: "A", ttl: 60, records: [rec("192.0.2.9")], labels: { x: "y" }, changeProtection: false, __owner: "own" });
  });

  test("a hostname the API holds relative is read the RFC 1035 way: relative to the zone, even when it ends with the zone name", async () => {
    listing("301", [wireRrset("@", "MX", ["10 mx1", "20 mail.example.com"])]);
    const result = await read("301/@/MX", { zone: "example.com", zoneName: "example.com", __zoneName: "example.com", records: [] });
    expect(result.props.records).toEqual([rec("10 mx1.example.com."), rec("20 mail.example.com.example.com.")]);
  });

  test("a record set deleted out of band reads as gone, and so does one whose zone is gone", async () => {
    listing("301", [wireRrset("www", "AAAA", ["2001:db8::1"])]);
    expect(await read("301/www/A", { zoneName: "example.com" })).toEqual({ id: "", props: {} });
    nock(API, auth).get("/zones/302/rrsets").query(true).reply(404, { error: { code: "not_found", message: "zone not found" } });
    expect(await read("302/www/A", { zoneName: "example.org" })).toEqual({ id: "", props: {} });
  });

  test("the reads of one zone's record sets share one listing; a write in between is not read past", async () => {
    const www = wireRrset("www", "A", ["192.0.2.1"], { labels: owned });
    const mail = wireRrset("mail", "A", ["192.0.2.2"], { labels: owned });
    const scope = listing("303", [www, mail]);
    const props = { zone: 303, zoneName: "example.com", __zoneName: "example.com", records: [] };
    const [a, b] = await Promise.all([read("303/www/A", props), read("303/mail/A", props)]);
    scope.done();
    expect([a.props.records, b.props.records]).toEqual([[rec("192.0.2.1")], [rec("192.0.2.2")]]);
    const writes = nock(API, auth).delete("/zones/303/rrsets/mail/A", NO_BODY).reply(201, { action: action(13, "delete_rrset") });
    waitFor(writes, 13, "delete_rrset");
    await remove("303/mail/A", { zoneName: "example.com" });
    writes.done();
    listing("303", [www]);
    expect(await read("303/mail/A", props)).toEqual({ id: "", props: {} });
  });
});

describe("update", () => {
  const olds = { zone: "example.com", zoneId: 301, zoneName: "example.com", name: "www", type: "A", ttl: null, records: [rec("192.0.2.1"), rec("192.0.2.2")], labels: {}, changeProtection: false, __owner: "own" };
  const news = { zone: "example.com", __zoneName: "example.com", name: "www", type: "A", ttl: null, records: [rec("192.0.2.1"), rec("192.0.2.2")], labels: {}, changeProtection: false, __owner: "own" };
  const live = (overrides: Record<string, unknown> = {}) => wireRrset("www", "A", ["192.0.2.1", "192.0.2.2"], { labels: owned, ...overrides });
  const path = "/zones/301/rrsets/www/A";

  test.each([
    ["one new value: add_records", { records: [rec("192.0.2.1"), rec("192.0.2.2"), rec("192.0.2.3")] }, "add_records", { records: [{ value: "192.0.2.3" }] }],
    ["one value dropped: remove_records", { records: [rec("192.0.2.1")] }, "remove_records", { records: [{ value: "192.0.2.2" }] }],
    ["a comment only: update_records", { records: [rec("192.0.2.1", "web"), rec("192.0.2.2")] }, "update_records", { records: [{ value: "192.0.2.1", comment: "web" }] }],
    ["one added and one dropped: set_records", { records: [rec("192.0.2.1"), rec("192.0.2.3")] }, "set_records", { records: [{ value: "192.0.2.1" }, { value: "192.0.2.3" }] }],
    ["ttl: change_ttl", { ttl: 120 }, "change_ttl", { ttl: 120 }],
    ["protection: change_protection", { changeProtection: true }, "change_protection", { change: true }],
  ])("%s, and nothing else", async (_what, change, command, body) => {
    const scope = nock(API, auth).get(path).reply(200, { rrset: live() });
    postAction(scope, `${path}/actions/${command}`, body, 7, command)
      .get(path)
      .reply(200, { rrset: live() });
    await update("301/www/A", olds, { ...news, ...change });
    scope.done();
  });

  test("labels: one PUT, with the owner label kept", async () => {
    const scope = nock(API, auth).get(path).reply(200, { rrset: live() }).put(path, { labels: { a: "b", ...owned } }).reply(200, { rrset: live({ labels: { a: "b", ...owned } }) }).get(path).reply(200, { rrset: live({ labels: { a: "b", ...owned } }) });
    const { outs } = await update("301/www/A", olds, { ...news, labels: { a: "b" } });
    scope.done();
    expect(outs.labels).toEqual({ a: "b" });
  });

  test("back to the zone's default TTL sends ttl null", async () => {
    const scope = nock(API, auth).get(path).reply(200, { rrset: live({ ttl: 300 }) });
    postAction(scope, `${path}/actions/change_ttl`, { ttl: null }, 8, "change_ttl").get(path).reply(200, { rrset: live() });
    expect((await update("301/www/A", { ...olds, ttl: 300 }, news)).outs.ttl).toBeNull();
    scope.done();
  });

  test("protection off first, then the records; on: records first, protection last", async () => {
    const order: string[] = [];
    const scope = nock(API, auth).get(path).reply(200, { rrset: live({ protection: { change: true } }) });
    scope.on("request", (req: { method: string; path: string }) => order.push(`${req.method} ${req.path.replace("/v1", "")}`));
    postAction(scope, `${path}/actions/change_protection`, { change: false }, 9, "change_protection");
    postAction(scope, `${path}/actions/remove_records`, { records: [{ value: "192.0.2.2" }] }, 10, "remove_records").get(path).reply(200, { rrset: live({ records: [{ value: "192.0.2.1" }] }) });
    await update("301/www/A", { ...olds, changeProtection: true }, { ...news, records: [rec("192.0.2.1")] });
    scope.done();
    expect(order.filter((l) => l.startsWith("POST"))).toEqual([`POST ${path}/actions/change_protection`, `POST ${path}/actions/remove_records`]);
  });

  test("a change while protection stays on is refused before any write, with the fix", async () => {
    nock(API, auth).get(path).reply(200, { rrset: live({ protection: { change: true } }) });
    await expect(update("301/www/A", { ...olds, changeProtection: true }, { ...news, changeProtection: true, records: [rec("192.0.2.1")] })).rejects.toThrow(
      "record set www A in zone example.com has change protection: disable changeProtection first (set changeProtection: false and run `pulumi up`), then change it",
    );
  });

  test("a failed action is a partial failure with the live records", async () => {
    const scope = nock(API, auth).get(path).reply(200, { rrset: live() });
    postAction(scope, `${path}/actions/add_records`, { records: [{ value: "192.0.2.3" }] }, 11, "add_records", "error", { code: "invalid_input", message: "nope" })
      .get(path)
      .reply(200, { rrset: live() });
    const error = await update("301/www/A", olds, { ...news, records: [...news.records, rec("192.0.2.3")], __provider: "shim" }).then(() => undefined, (e) => e);
    scope.done();
    expect(error.message).toMatch(/^updating record set www A in zone example.com failed: action add_records \(#11\)/);
    expect(error.properties).toMatchObject({ records: [rec("192.0.2.1"), rec("192.0.2.2")], __provider: "shim" });
  });
});

describe("delete", () => {
  test("deletes and waits on the Action, with no read first; one already gone is fine", async () => {
    const scope = nock(API, auth).delete("/zones/301/rrsets/www/A", NO_BODY).reply(201, { action: action(12, "delete_rrset") });
    waitFor(scope, 12, "delete_rrset");
    await remove("301/www/A", { zoneName: "example.com" });
    scope.done();
    nock(API, auth).delete("/zones/301/rrsets/www/A", NO_BODY).reply(404, { error: { code: "not_found", message: "rrset not found" } });
    await remove("301/www/A", { zoneName: "example.com" });
  });

  test("one protected out of band fails with the fix", async () => {
    nock(API, auth).delete("/zones/301/rrsets/www/A", NO_BODY).reply(423, { error: { code: "protected", message: "RRSet is change protected" } });
    await expect(remove("301/www/A", { zoneName: "example.com", changeProtection: false })).rejects.toThrow(
      "record set www A in zone example.com has change protection: disable changeProtection first (set changeProtection: false and run `pulumi up`), then delete it",
    );
  });

  test("a protected record set fails before any request, with the fix", async () => {
    await expect(remove("301/www/A", { zoneName: "example.com", changeProtection: true })).rejects.toThrow(
      "record set www A in zone example.com has change protection: disable changeProtection first (set changeProtection: false and run `pulumi up`), then delete it",
    );
  });

  test("the SOA is left as it is (no request)", async () => {
    await remove("301/@/SOA", { zoneName: "example.com" });
  });

  test("the apex NS gets Hetzner's nameservers back, and the TTL and labels it had when adopted", async () => {
    const scope = nock(API, auth)
      .get("/zones/301")
      .reply(200, { zone: wireZone() })
      .get("/zones/301/rrsets/%40/NS")
      .reply(200, { rrset: wireRrset("@", "NS", ["ns1.example.net."], { ttl: 600, labels: owned }) })
      .put("/zones/301/rrsets/%40/NS", { labels: {} })
      .reply(200, { rrset: wireRrset("@", "NS", ["ns1.example.net."], { ttl: 600 }) });
    postAction(scope, "/zones/301/rrsets/%40/NS/actions/set_records", { records: ASSIGNED_NS.map((value) => ({ value })) }, 13, "set_records");
    postAction(scope, "/zones/301/rrsets/%40/NS/actions/change_ttl", { ttl: 3600 }, 14, "change_ttl");
    await remove("301/@/NS", { zoneName: "example.com", __adopted: { ttl: 3600, labels: {} } });
    scope.done();
  });
});
