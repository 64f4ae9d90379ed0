/** hcloud.ZoneRecords: check, diff, and the exact requests of create, read, update and delete. */
import nock from "nock";
import { UNKNOWN } from "../../../provider/core/inputs";
import { OWNER_LABEL } from "../../../provider/core/resource";
import { check, create, diff, read, remove, update } from "../../../provider/hcloud/zone-records";
import * as log from "../../../provider/host/log";
import { API, hetznerError, NO_BODY, useHcloudClient, wireActions } from "../helpers";
import { ASSIGNED_NS, listMeta, wireRrset, wireZone } from "./zone-wire";

const auth = useHcloudClient("zone-records-token");
const { action, waitFor } = wireActions({ id: 301, type: "zone" });

const ME = "owner-me";
const OTHER = "owner-other";
const mine = { [OWNER_LABEL]: ME };
const SOA_VALUE = "hydrogen.ns.hetzner.com. dns.hetzner.com. 2026113001 86400 10800 3600000 3600";
const SOA = wireRrset("@", "SOA", [SOA_VALUE]);
const NS = wireRrset("@", "NS", ASSIGNED_NS);
const ZONE_FILE = "$ORIGIN example.com.\n; exported\n";

/** The rrsets of zone 301 as one page of the list. */
const listed = (scope: nock.Scope, ...rrsets: unknown[]) =>
  scope.get("/zones/301/rrsets").query({ page: "1", per_page: "100" }).reply(200, { rrsets: [SOA, NS, ...rrsets], meta: listMeta(rrsets.length + 2) });
/** A write answered with the running action `id`, then the waiter's poll that finds it done. */
const written = (interceptor: nock.Interceptor, id: number, command: string, reply: Record<string, unknown> = {}) =>
  waitFor(interceptor.reply(201, { ...reply, action: action(id, command) }), id, command);
/** The reads that make the outputs: the rrsets and the zone file. */
const outputsRead = (scope: nock.Scope, ...rrsets: unknown[]) => listed(scope, ...rrsets).get("/zones/301/zonefile").reply(200, { zonefile: ZONE_FILE });

let lines: string[];
beforeEach(() => {
  lines = [];
  jest.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
});
afterEach(() => jest.restoreAllMocks());

describe("check", () => {
  test("zone names become punycode, types upper case, filter names relative; the DNS rules pass", async () => {
    const { inputs, failures } = await check({}, {
      zone: "München.de",
      records: [{ name: "www.münchen.de.", type: "a", values: ["192.0.2.1"] }, { name: "@", type: "TXT", ttl: 300, values: ["v=spf1 -all"] }],
      filter: { names: ["www", "@", "*.Dev"], types: ["a", "txt"] },
      __owner: ME,
    });
    expect(failures).toEqual([]);
    expect(inputs).toEqual({
      zone: "xn--mnchen-3ya.de",
      records: [{ name: "www.münchen.de.", type: "A", values: ["192.0.2.1"] }, { name: "@", type: "TXT", ttl: 300, values: ["v=spf1 -all"] }],
      filter: { names: ["www", "@", "*.dev"], types: ["A", "TXT"] },
      __owner: ME,
    });
  });

  test("a zone id is kept as a string; records are then checked once the zone's name is known", async () => {
    const { inputs, failures } = await check({}, { zone: 301, records: [{ name: "www", type: "A", values: ["not an address"] }] });
    expect(failures).toEqual([]);
    expect(inputs.zone).toBe("301");
  });

  test.each<[Record<string, unknown>, string, RegExp]>([
    [{ zone: "", records: [] }, "zone", /zone must be the id or the name of an existing zone/],
    [{ zone: "example.com" }, "records", /^records is required: every rrset in scope \(an empty list removes them all\)$/],
    [{ zone: "example.com", records: "www A 1.2.3.4" }, "records", /records must be a list of \{ name, type, ttl\?, values \}/],
    [{ zone: "example.com", records: [{ name: "www", type: "A", values: [] }] }, "records[0]", /values must be a non-empty list of strings/],
    [{ zone: "example.com", records: [{ name: "www", type: "A", value: "1.2.3.4", values: ["192.0.2.1"] }] }, "records[0]", /unknown property "value"/],
    [{ zone: "example.com", records: [{ name: "www", type: "A", values: ["192.0.2.300"] }] }, "records[0].values[0]", /./],
    [{ zone: "example.com", records: [{ name: "www.example.org.", type: "A", values: ["192.0.2.1"] }] }, "records[0].name", /./],
    [{ zone: "example.com", records: [{ name: "www", type: "A", ttl: 5, values: ["192.0.2.1"] }] }, "records[0].ttl", /TTL must be/],
    [{ zone: "example.com", records: [{ name: "www", type: "A", values: ["192.0.2.1"] }, { name: "WWW", type: "A", values: ["192.0.2.2"] }] }, "records[1]", /duplicate rrset www\/A/],
    [{ zone: "example.com", records: [{ name: "www", type: "A", values: ["192.0.2.1"] }], filter: { names: ["*.dev"] } }, "records[0]", /^records\[0\]: www A is outside this resource's filter \{"names":\["\*\.dev"\]\}$/],
    [{ zone: "example.com", records: [], filter: { types: ["MXX"] } }, "filter.types[0]", /"MXX" is not a record type/],
    [{ zone: "example.com", records: [], filter: { kinds: ["A"] } }, "filter", /unknown property "kinds"/],
  ])("rejects %j at %s", async (news, property, reason) => {
    const { failures } = await check({}, news);
    expect(failures.map((f) => f.property)).toContain(property);
    expect(failures.find((f) => f.property === property)!.reason).toMatch(reason);
  });

  test("the SOA and apex NS of a zone file exported elsewhere pass (they are skipped, not checked)", async () => {
    const { failures } = await check({}, {
      zone: "example.com",
      records: [
        { name: "@", type: "SOA", values: ["ns1.other-dns.example. hostmaster.example.com. 1 7200 3600 1209600 3600"] },
        { name: "example.com.", type: "NS", values: ["ns1.other-dns.example.", "ns2.other-dns.example."] },
        { name: "www", type: "A", values: ["192.0.2.1"] },
      ],
    });
    expect(failures).toEqual([]);
  });

  test("passes unknown values through during preview", async () => {
    const { inputs, failures } = await check({}, { zone: UNKNOWN, records: [{ name: "www", type: "A", values: [UNKNOWN] }], filter: UNKNOWN });
    expect(failures).toEqual([]);
    expect(inputs).toEqual({ zone: UNKNOWN, records: [{ name: "www", type: "A", values: [UNKNOWN] }], filter: UNKNOWN });
  });

  test("a zone not known yet (zone.zoneId of a zone being made or updated) checks the records once it is known", async () => {
    const records = [{ name: "@", type: "MX", values: ["10 mx1"] }];
    const { inputs, failures } = await check({}, { zone: UNKNOWN, filter: { types: ["MX"] }, records });
    expect(failures).toEqual([]);
    expect(inputs).toEqual({ zone: UNKNOWN, filter: { types: ["MX"] }, records });
  });
});

describe("diff", () => {
  const olds = {
    zone: "example.com",
    zoneId: 301,
    zoneName: "example.com",
    records: [
      { name: "@", type: "MX", values: ["10 mx1.example.com.", "20 mx2.example.com."] },
      { name: "@", type: "TXT", ttl: 300, values: ['"v=spf1 -all"'] },
      { name: "www", type: "CNAME", values: ["example.com."] },
    ],
    rrsetCount: 3,
  };
  const news = {
    zone: "example.com",
    records: [
      { name: "WWW.example.com.", type: "CNAME", values: ["@"] },
      { name: "@", type: "TXT", ttl: 300, values: ["v=spf1 -all"] },
      { name: "@", type: "MX", values: ["20 mx2", "10 MX1.example.com."] },
      { name: "@", type: "SOA", values: ["ns1.other-dns.example. hostmaster.example.com. 1 7200 3600 1209600 3600"] },
    ],
  };

  test("no change when the records are the live ones, however spelt (names, order, TXT quoting, the SOA skipped)", async () => {
    expect(await diff("301", olds, news)).toEqual({ changes: false, replaces: [] });
    expect((await diff("301", olds, { ...news, zone: "301" })).changes).toBe(false);
  });

  test("a value, a TTL, an rrset more or less, or the filter is an in-place change", async () => {
    for (const records of [
      [...news.records.slice(0, 2), { name: "@", type: "MX", values: ["10 mx1"] }],
      [news.records[0], { name: "@", type: "TXT", values: ["v=spf1 -all"] }, news.records[2]],
      news.records.slice(1),
      [...news.records, { name: "api", type: "A", values: ["192.0.2.1"] }],
      [...news.records.slice(0, 2), UNKNOWN],
    ]) {
      expect(await diff("301", olds, { ...news, records })).toMatchObject({ changes: true, replaces: [] });
    }
    expect(await diff("301", olds, { ...news, filter: { types: ["MX", "TXT", "CNAME"] } })).toEqual({ changes: true, replaces: [], detailedDiff: { filter: "update" } });
  });

  test("the detailed diff names the rrsets that change: removed by their old position, added or changed by their new one", async () => {
    const records = [
      { name: "api", type: "A", values: ["192.0.2.1"] }, // added
      { name: "@", type: "MX", values: ["10 mx1"] }, // changed (a value less)
      news.records[1], // the same TXT
      news.records[3], // the SOA, skipped
    ]; // www/CNAME (old position 2) removed
    expect(await diff("301", olds, { ...news, records })).toEqual({
      changes: true,
      replaces: [],
      detailedDiff: { "records[0]": "add", "records[1]": "update", "records[2]": "delete" },
    });
  });

  test("another zone replaces", async () => {
    expect(await diff("301", olds, { ...news, zone: "example.org" })).toEqual({ changes: true, replaces: ["zone"], deleteBeforeReplace: false });
    expect((await diff("301", olds, { ...news, zone: UNKNOWN })).replaces).toEqual(["zone"]);
  });

  test("a record that is wrong against the zone fails the preview, naming it", async () => {
    await expect(diff("301", olds, { zone: "301", records: [{ name: "www", type: "A", values: ["not an address"] }] })).rejects.toThrow(
      /^hcloud\.ZoneRecords of zone example\.com: .*not an address/,
    );
  });
});

describe("create", () => {
  const inputs = {
    zone: "example.com",
    records: [
      { name: "@", type: "SOA", values: [SOA_VALUE] },
      { name: "www", type: "A", values: ["192.0.2.1"] },
      { name: "keep", type: "TXT", values: ["hello"] },
      { name: "h0", type: "A", values: ["192.0.2.10"] },
      { name: "h1", type: "A", values: ["192.0.2.11"] },
    ],
    __owner: ME,
    __provider: "serialized-shim",
  };
  const keep = wireRrset("keep", "TXT", ['"hello"'], { labels: mine });
  const hosts = [wireRrset("h0", "A", ["192.0.2.10"], { labels: mine }), wireRrset("h1", "A", ["192.0.2.11"], { labels: mine })];

  test("creates what is missing and removes what is not listed, each Action awaited; outputs from the live zone", async () => {
    const scope = nock(API, auth).get("/zones/example.com").reply(200, { zone: wireZone() });
    // A user's label on an rrset that stays keeps the import (which would drop it) out.
    const tagged = wireRrset("keep", "TXT", ['"hello"'], { labels: { ...mine, team: "shop" } });
    listed(scope, tagged, ...hosts, wireRrset("old", "A", ["192.0.2.9"], { labels: {} }));
    written(scope.delete("/zones/301/rrsets/old/A", NO_BODY), 1, "delete_rrset");
    written(scope.post("/zones/301/rrsets", { name: "www", type: "A", records: [{ value: "192.0.2.1" }], labels: mine }), 2, "create_rrset", {
      rrset: wireRrset("www", "A", ["192.0.2.1"], { labels: mine }),
    });
    const www = wireRrset("www", "A", ["192.0.2.1"], { labels: mine });
    outputsRead(scope, tagged, ...hosts, www);
    const report = jest.spyOn(log, "reportLine");
    const result = await create(inputs);
    scope.done();
    expect(result).toEqual({
      id: "301",
      outs: {
        zone: "example.com",
        // In the program's order (the SOA it listed skipped), so a later preview's detailed diff lines up.
        records: [
          { name: "www", type: "A", values: ["192.0.2.1"] },
          { name: "keep", type: "TXT", values: ['"hello"'] },
          { name: "h0", type: "A", values: ["192.0.2.10"] },
          { name: "h1", type: "A", values: ["192.0.2.11"] },
        ],
        zoneId: 301,
        zoneName: "example.com",
        zoneFile: ZONE_FILE,
        rrsetCount: 4,
        __owner: ME,
      },
    });
    expect(lines).toEqual([
      "hcloud.ZoneRecords of zone example.com: skipped records[0] @ SOA: the zone's SOA and apex NS are Hetzner's, no resource manages them",
      "hcloud.ZoneRecords of zone example.com: 2 rrset writes, 4 requests (no import: keep/TXT carries labels an import would drop)",
    ]);
    // The skipped SOA is a warning; the plan's line is not.
    expect(report.mock.calls.map(([, , severity]) => severity ?? "info")).toEqual(["warning", "info"]);
  });

  test("two writes or more: one import of the whole zone (SOA and NS as they are), and no request after it for owner labels", async () => {
    // Owned by label, or unlabelled and adopted: the import drops the owner labels, the state records the rrsets.
    const stale = ["www", "keep", "h0"].map((name) => wireRrset(name, "A", ["198.51.100.1"], { labels: mine }));
    stale.push(wireRrset("h1", "A", ["198.51.100.1"], { labels: {} }));
    const scope = nock(API, auth).get("/zones/example.com").reply(200, { zone: wireZone() });
    listed(scope, ...stale);
    const zonefile = [
      "$ORIGIN example.com.",
      "$TTL 3600",
      `@    IN SOA ${SOA_VALUE}`,
      "@    IN NS  hydrogen.ns.hetzner.com.",
      "@    IN NS  oxygen.ns.hetzner.com.",
      "@    IN NS  helium.ns.hetzner.de.",
      "h0   IN A   192.0.2.10",
      "h1   IN A   192.0.2.11",
      'keep IN TXT "hello"',
      "www  IN A   192.0.2.1",
      "",
    ].join("\n");
    written(scope.post("/zones/301/actions/import_zonefile", { zonefile }), 1, "import_zonefile");
    const imported = [wireRrset("keep", "TXT", ['"hello"']), wireRrset("h0", "A", ["192.0.2.10"]), wireRrset("h1", "A", ["192.0.2.11"]), wireRrset("www", "A", ["192.0.2.1"])];
    outputsRead(scope, ...imported);
    const { outs } = await create(inputs);
    scope.done();
    expect(outs.rrsetCount).toBe(4);
    expect(lines[1]).toBe("hcloud.ZoneRecords of zone example.com: one zone file import, 2 requests (per-rrset writes: 10)");
  });

  test("an rrset in scope that another resource owns fails before any write, naming both owners", async () => {
    const scope = nock(API, auth).get("/zones/example.com").reply(200, { zone: wireZone() });
    listed(scope, keep, ...hosts, wireRrset("www", "A", ["192.0.2.1"], { labels: { [OWNER_LABEL]: OTHER } }));
    await expect(create(inputs)).rejects.toThrow(
      `hcloud.ZoneRecords of zone example.com: rrset www/A belongs to another resource (label ${OWNER_LABEL}=${OTHER}), but is in the scope of this one (${OWNER_LABEL}=${ME}): ` +
        "an rrset has exactly one owner; leave it out of this resource's records and narrow its filter, or remove it from the other resource",
    );
    scope.done();
  });

  test("a filter leaves everything outside it alone (its names made relative once a zone given by id is known)", async () => {
    const scope = nock(API, auth).get("/zones/301").reply(200, { zone: wireZone() });
    const outside = [wireRrset("www", "A", ["192.0.2.1"]), wireRrset("x", "TXT", ['"x"'], { labels: { [OWNER_LABEL]: OTHER } })];
    listed(scope, ...outside, wireRrset("a.dev", "A", ["192.0.2.1"], { labels: mine }));
    written(scope.post("/zones/301/rrsets/a.dev/A/actions/set_records", { records: [{ value: "192.0.2.2" }] }), 1, "set_records");
    outputsRead(scope, ...outside, wireRrset("a.dev", "A", ["192.0.2.2"], { labels: mine }));
    const result = await create({ zone: "301", records: [{ name: "a.dev", type: "A", values: ["192.0.2.2"] }], filter: { names: ["*.DEV.example.com."] }, __owner: ME });
    scope.done();
    expect(result.outs).toMatchObject({ records: [{ name: "a.dev", type: "A", values: ["192.0.2.2"] }], filter: { names: ["*.dev"] }, rrsetCount: 1 });
  });

  test("a zone that does not exist, or a secondary one, fails naming it and the fix", async () => {
    nock(API, auth).get("/zones/example.com").reply(404, hetznerError("not_found", "zone not found"));
    await expect(create(inputs)).rejects.toThrow("hcloud.ZoneRecords: zone example.com does not exist: create it first (hcloud.Zone), or fix zone");
    nock(API, auth).get("/zones/example.com").reply(200, { zone: wireZone({ mode: "secondary" }) });
    await expect(create(inputs)).rejects.toThrow(/zone example\.com is a secondary zone: its records come from its primary nameservers/);
  });

  test("a failed write records the resource with what is live, so the next up plans again from there", async () => {
    const scope = nock(API, auth).get("/zones/example.com").reply(200, { zone: wireZone() });
    listed(scope, keep, ...hosts);
    scope.post("/zones/301/rrsets").reply(422, hetznerError("invalid_input", "invalid input in field 'records'"));
    outputsRead(scope, keep, ...hosts);
    const error = await create(inputs).then(
      () => undefined,
      (e) => e,
    );
    scope.done();
    expect(error.message).toMatch(/^creating hcloud\.ZoneRecords of zone example\.com failed: .*invalid input in field 'records'/);
    expect(error.id).toBe("301");
    expect(error.properties).toMatchObject({ zoneId: 301, rrsetCount: 3, __provider: "serialized-shim" });
  });
});

describe("update", () => {
  test("changes only what differs: values (removed in the API's own spelling), TTL; an unlabelled rrset is adopted as it is (no label request)", async () => {
    const scope = nock(API, auth).get("/zones/301").reply(200, { zone: wireZone() });
    // Written by another tool: the SPF value split into strings of its own choosing.
    const txt = wireRrset("@", "TXT", ['"v=spf1" " -all"', '"google-site-verification=abc"'], { labels: mine });
    const unchanged = ["h0", "h1", "h2"].map((name) => wireRrset(name, "A", ["192.0.2.10"], { labels: mine }));
    listed(scope, txt, wireRrset("@", "A", ["192.0.2.1", "192.0.2.2"], { labels: mine }), wireRrset("www", "CNAME", ["example.com."], { labels: { team: "web" } }), ...unchanged);
    written(scope.post("/zones/301/rrsets/%40/A/actions/add_records", { records: [{ value: "192.0.2.3" }] }), 1, "add_records");
    written(scope.post("/zones/301/rrsets/%40/A/actions/change_ttl", { ttl: 600 }), 2, "change_ttl");
    written(scope.post("/zones/301/rrsets/%40/TXT/actions/remove_records", { records: [{ value: '"v=spf1" " -all"' }] }), 3, "remove_records");
    outputsRead(scope, ...unchanged);
    const { outs } = await update("301", {}, {
      zone: "example.com",
      records: [
        { name: "@", type: "A", ttl: 600, values: ["192.0.2.1", "192.0.2.2", "192.0.2.3"] },
        { name: "www", type: "CNAME", values: ["@"] },
        { name: "@", type: "TXT", values: ["google-site-verification=abc"] },
        ...["h0", "h1", "h2"].map((name) => ({ name, type: "A", values: ["192.0.2.10"] })),
      ],
      __owner: ME,
    });
    scope.done();
    expect(outs.rrsetCount).toBe(3);
    // The user's label on the adopted rrset keeps the import (which would drop it) out.
    expect(lines).toEqual(["hcloud.ZoneRecords of zone example.com: 3 rrset writes, 6 requests (no import: www/CNAME carries labels an import would drop)"]);
  });

  test("a record comment set by hand keeps the import (which would drop it) out: the changes go rrset by rrset", async () => {
    const scope = nock(API, auth).get("/zones/301").reply(200, { zone: wireZone() });
    const noted = wireRrset("www", "A", [], { labels: mine, records: [{ value: "192.0.2.1", comment: "web frontend" }] });
    listed(scope, noted, wireRrset("h0", "A", ["192.0.2.10"], { labels: mine }), wireRrset("h1", "A", ["192.0.2.10"], { labels: mine }));
    written(scope.post("/zones/301/rrsets/h0/A/actions/set_records", { records: [{ value: "192.0.2.20" }] }), 1, "set_records");
    written(scope.post("/zones/301/rrsets/h1/A/actions/set_records", { records: [{ value: "192.0.2.20" }] }), 2, "set_records");
    outputsRead(scope, noted);
    await update("301", {}, { zone: "301", records: [{ name: "www", type: "A", values: ["192.0.2.1"] }, ...["h0", "h1"].map((name) => ({ name, type: "A", values: ["192.0.2.20"] }))], __owner: ME });
    scope.done();
    expect(lines).toEqual(["hcloud.ZoneRecords of zone example.com: 2 rrset writes, 4 requests (no import: www/A carries record comments an import would drop)"]);
  });

  test("a live value spelt differently from the canonical form is no change", async () => {
    const scope = nock(API, auth).get("/zones/301").reply(200, { zone: wireZone() });
    const rrsets = [wireRrset("@", "TXT", ['"v=spf1" " -all"'], { labels: mine }), wireRrset("@", "AAAA", ["2001:DB8:0:0::1"], { labels: mine })];
    listed(scope, ...rrsets);
    outputsRead(scope, ...rrsets);
    const { outs } = await update("301", {}, { zone: "301", records: [{ name: "@", type: "TXT", values: ["v=spf1 -all"] }, { name: "@", type: "AAAA", values: ["2001:db8::1"] }], __owner: ME });
    scope.done();
    expect(outs.records).toEqual([
      { name: "@", type: "TXT", values: ['"v=spf1 -all"'] },
      { name: "@", type: "AAAA", values: ["2001:db8::1"] },
    ]);
    expect(lines).toEqual([]);
  });

  test("a change-protected rrset that would change fails before any write", async () => {
    const scope = nock(API, auth).get("/zones/301").reply(200, { zone: wireZone() });
    listed(scope, wireRrset("www", "A", ["192.0.2.1"], { labels: mine, protection: { change: true } }), ...["h0", "h1"].map((name) => wireRrset(name, "A", ["192.0.2.1"], { labels: mine })));
    await expect(
      update("301", {}, { zone: "301", records: ["www", "h0", "h1"].map((name) => ({ name, type: "A", values: [name === "www" ? "192.0.2.2" : "192.0.2.1"] })), __owner: ME }),
    ).rejects.toThrow(
      "hcloud.ZoneRecords of zone example.com: rrset www/A is change-protected and would have to change: turn its change protection off first, or leave it out of this resource's scope",
    );
    scope.done();
  });
});

describe("read", () => {
  test("the rrsets in scope as they are live; a zone that is gone is gone", async () => {
    const scope = nock(API, auth).get("/zones/301").reply(200, { zone: wireZone() });
    outputsRead(scope, wireRrset("www", "A", ["192.0.2.7"], { ttl: 60 }), wireRrset("x", "TXT", ['"x"']));
    const props = { zone: "example.com", records: [], filter: { names: ["www"] }, zoneId: 301, __owner: ME };
    expect(await read("301", props)).toEqual({
      id: "301",
      props: { zone: "example.com", records: [{ name: "www", type: "A", ttl: 60, values: ["192.0.2.7"] }], filter: { names: ["www"] }, zoneId: 301, zoneName: "example.com", zoneFile: ZONE_FILE, rrsetCount: 1, __owner: ME },
      inputs: { zone: "example.com", records: [{ name: "www", type: "A", ttl: 60, values: ["192.0.2.7"] }], filter: { names: ["www"] }, __owner: ME },
    });
    scope.done();
    nock(API, auth).get("/zones/301").reply(404, hetznerError("not_found", "zone not found"));
    expect(await read("301", props)).toEqual({ id: "", props: {} });
  });
});

test("read keeps the recorded order; rrsets new in scope come after it, sorted", async () => {
  const scope = nock(API, auth).get("/zones/301").reply(200, { zone: wireZone() });
  outputsRead(scope, wireRrset("a", "A", ["192.0.2.1"]), wireRrset("z", "A", ["192.0.2.1"]), wireRrset("m", "A", ["192.0.2.1"]), wireRrset("b", "A", ["192.0.2.1"]));
  const recorded = ["z", "a"].map((name) => ({ name, type: "A", values: ["192.0.2.1"] }));
  const { props } = await read("301", { zone: "301", records: recorded, zoneId: 301 });
  scope.done();
  expect(props.records.map((r: { name: string }) => r.name)).toEqual(["z", "a", "b", "m"]);
});

test("read: a relative hostname the API holds is read as RFC 1035 says, even when it ends with the zone's name", async () => {
  const scope = nock(API, auth).get("/zones/301").reply(200, { zone: wireZone() });
  outputsRead(scope, wireRrset("www", "CNAME", ["web.example.com"]), wireRrset("@", "MX", ["10 mx"]));
  const { props } = await read("301", { zone: "301", records: [], zoneId: 301 });
  scope.done();
  expect(props.records).toEqual([
    { name: "@", type: "MX", values: ["10 mx.example.com."] },
    { name: "www", type: "CNAME", values: ["web.example.com.example.com."] },
  ]);
});

describe("delete", () => {
  test("removes the rrsets in scope that are its own (label, or recorded in its state); the rest, SOA and NS stay", async () => {
    const scope = nock(API, auth).get("/zones/301").reply(200, { zone: wireZone() });
    const many = ["h0", "h1", "h2", "h3"].map((name) => wireRrset(name, "A", ["192.0.2.1"], { labels: { team: "x" } }));
    listed(scope, wireRrset("www", "A", ["192.0.2.1"], { labels: mine }), wireRrset("recorded", "A", ["192.0.2.1"]), wireRrset("other", "A", ["192.0.2.1"], { labels: { [OWNER_LABEL]: OTHER } }), ...many);
    written(scope.delete("/zones/301/rrsets/recorded/A", NO_BODY), 1, "delete_rrset");
    written(scope.delete("/zones/301/rrsets/www/A", NO_BODY), 2, "delete_rrset");
    await remove("301", { zone: "example.com", records: [{ name: "recorded", type: "A", values: ["192.0.2.1"] }], zoneId: 301, __owner: ME });
    scope.done();
  });

  test("with nothing else in the zone, the cheaper import of the SOA and NS alone (rrsets an import left unlabelled are recorded)", async () => {
    const scope = nock(API, auth).get("/zones/301").reply(200, { zone: wireZone({ ttl: 600 }) });
    listed(scope, wireRrset("a", "A", ["192.0.2.1"], { labels: mine }), ...["b", "c"].map((name) => wireRrset(name, "A", ["192.0.2.1"], { labels: {} })));
    const zonefile = `$ORIGIN example.com.\n$TTL 600\n@ IN SOA ${SOA_VALUE}\n@ IN NS  hydrogen.ns.hetzner.com.\n@ IN NS  oxygen.ns.hetzner.com.\n@ IN NS  helium.ns.hetzner.de.\n`;
    written(scope.post("/zones/301/actions/import_zonefile", { zonefile }), 1, "import_zonefile");
    await remove("301", { zone: "example.com", records: ["b", "c"].map((name) => ({ name, type: "A", values: ["192.0.2.1"] })), zoneId: 301, __owner: ME });
    scope.done();
  });

  test("state without an owner key (made before owner keys) deletes only what it recorded", async () => {
    const scope = nock(API, auth).get("/zones/301").reply(200, { zone: wireZone() });
    const others = ["h0", "h1", "h2"].map((name) => wireRrset(name, "A", ["192.0.2.1"]));
    listed(scope, wireRrset("recorded", "A", ["192.0.2.1"]), ...others);
    written(scope.delete("/zones/301/rrsets/recorded/A", NO_BODY), 1, "delete_rrset");
    await remove("301", { zone: "example.com", records: [{ name: "recorded", type: "A", values: ["192.0.2.1"] }], zoneId: 301 });
    scope.done();
  });

  test("a zone that is gone: nothing to do", async () => {
    nock(API, auth).get("/zones/301").reply(404, hetznerError("not_found", "zone not found"));
    await remove("301", { zone: "example.com", records: [], zoneId: 301, __owner: ME });
  });
});
