/** hcloud.Zone's `records` input (zone-records' part of the Zone): one POST with the rrsets, then the planner. */
import nock from "nock";
import { OWNER_LABEL } from "../../../provider/core/resource";
import { check, create, diff, read, update } from "../../../provider/hcloud/zone";
import { API, useHcloudClient, wireActions } from "../helpers";
import { ASSIGNED_NS, listMeta, wireRrset, wireZone } from "./zone-wire";

const auth = useHcloudClient("zone-with-records-token");
const { action, waitFor } = wireActions({ id: 301, type: "zone" });
const OWNER = "own";
const mine = { [OWNER_LABEL]: OWNER };
const SOA = wireRrset("@", "SOA", ["hydrogen.ns.hetzner.com. dns.hetzner.com. 2026113001 86400 10800 3600000 3600"]);
const NS = wireRrset("@", "NS", ASSIGNED_NS);
const listed = (scope: nock.Scope, ...rrsets: unknown[]) =>
  scope.get("/zones/301/rrsets").query({ page: "1", per_page: "100" }).reply(200, { rrsets: [SOA, NS, ...rrsets], meta: listMeta(rrsets.length + 2) });

let lines: string[];
beforeEach(() => {
  lines = [];
  jest.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
});
afterEach(() => jest.restoreAllMocks());

const records = [
  { name: "@", type: "NS", values: ["ns1.old-host.example.", "ns2.old-host.example."] },
  { name: "www", type: "CNAME", values: ["@"] },
  { name: "@", type: "TXT", ttl: 300, values: ["v=spf1 -all"] },
];

describe("check", () => {
  test("records are checked against the zone's name; without them the Zone leaves its rrsets alone", async () => {
    const { inputs, failures } = await check({}, { name: "Example.com", records });
    expect(failures).toEqual([]);
    expect(inputs.records).toEqual(records);
    expect((await check({}, { name: "example.com" })).inputs).not.toHaveProperty("records");
  });

  test.each<[Record<string, unknown>, string, RegExp]>([
    [{ mode: "secondary", primaryNameservers: [{ address: "198.51.100.1" }], records }, "records", /^records applies to primary zones only/],
    [{ records: [{ name: "www.example.org.", type: "A", values: ["192.0.2.1"] }] }, "records[0].name", /./],
    [{ records: [{ name: "www", type: "CNAME", values: ["a.example."] }, { name: "www", type: "A", values: ["192.0.2.1"] }] }, "records[0].type", /CNAME at www beside A/],
  ])("rejects %j at %s", async (news, property, reason) => {
    const { failures } = await check({}, { name: "example.com", ...news });
    expect(failures.map((f) => f.property)).toContain(property);
    expect(failures.find((f) => f.property === property)!.reason).toMatch(reason);
  });
});

describe("create", () => {
  test("the zone and its rrsets in one POST (owner-labelled, SOA and apex NS skipped with a warning); outputs with the live rrsets", async () => {
    const www = wireRrset("www", "CNAME", ["example.com."], { labels: mine });
    const txt = wireRrset("@", "TXT", ['"v=spf1 -all"'], { ttl: 300, labels: mine });
    const scope = nock(API, auth)
      .post("/zones", {
        name: "example.com",
        mode: "primary",
        ttl: 3600,
        labels: mine,
        rrsets: [
          { name: "www", type: "CNAME", records: [{ value: "example.com." }], labels: mine },
          { name: "@", type: "TXT", ttl: 300, records: [{ value: '"v=spf1 -all"' }], labels: mine },
        ],
      })
      .reply(201, { zone: wireZone({ labels: mine }), action: action(1, "create_zone") });
    waitFor(scope, 1, "create_zone").get("/zones/301").reply(200, { zone: wireZone({ labels: mine }) });
    listed(scope, www, txt);
    const { outs } = await create({ name: "example.com", mode: "primary", ttl: 3600, labels: {}, deleteProtection: false, records, __owner: OWNER });
    scope.done();
    expect(outs.records).toEqual([
      { name: "@", type: "TXT", ttl: 300, values: ['"v=spf1 -all"'] },
      { name: "www", type: "CNAME", values: ["example.com."] },
    ]);
    expect(lines).toEqual([
      "hcloud.Zone example.com records: skipped records[0] @ NS: the zone's SOA and apex NS are Hetzner's, no resource manages them",
    ]);
  });
});

describe("diff", () => {
  const olds = { name: "example.com", mode: "primary", ttl: 3600, labels: {}, deleteProtection: false, records: [{ name: "www", type: "CNAME", values: ["example.com."] }] };

  test("records the same however spelt: no change; another value, or records first given: a change in place", async () => {
    const base = { name: "example.com", mode: "primary", ttl: 3600, labels: {}, deleteProtection: false };
    expect((await diff("301", olds, { ...base, records: [{ name: "WWW.example.com.", type: "CNAME", values: ["@"] }] })).changes).toBe(false);
    expect(await diff("301", olds, { ...base, records: [{ name: "www", type: "CNAME", values: ["example.org."] }] })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect((await diff("301", { ...olds, records: undefined }, { ...base, records: [] })).changes).toBe(true);
    expect((await diff("301", olds, base)).changes).toBe(false);
  });
});

describe("update and read", () => {
  test("update converges the rrsets through the planner; read reports them as inputs and outputs", async () => {
    const www = wireRrset("www", "CNAME", ["example.com."], { labels: mine });
    const hosts = ["a", "b", "c"].map((name) => wireRrset(name, "A", ["192.0.2.1"], { labels: mine }));
    const scope = nock(API, auth).get("/zones/301").reply(200, { zone: wireZone({ labels: mine }) });
    listed(scope, www, ...hosts);
    waitFor(scope.post("/zones/301/rrsets/www/CNAME/actions/set_records", { records: [{ value: "example.org." }] }).reply(201, { action: action(1, "set_records") }), 1, "set_records");
    scope.get("/zones/301").reply(200, { zone: wireZone({ labels: mine }) });
    const changedWww = wireRrset("www", "CNAME", ["example.org."], { labels: mine });
    listed(scope, changedWww, ...hosts);
    const news = {
      name: "example.com",
      mode: "primary",
      ttl: 3600,
      labels: {},
      deleteProtection: false,
      records: [{ name: "www", type: "CNAME", values: ["example.org."] }, ...["a", "b", "c"].map((name) => ({ name, type: "A", values: ["192.0.2.1"] }))],
      __owner: OWNER,
    };
    const { outs } = await update("301", {}, news);
    scope.done();
    expect(outs.records).toContainEqual({ name: "www", type: "CNAME", values: ["example.org."] });

    const reading = nock(API, auth).get("/zones/301").reply(200, { zone: wireZone({ labels: mine }) });
    listed(reading, changedWww);
    const result = await read("301", { ...news, records: [] });
    reading.done();
    expect(result.props.records).toEqual([{ name: "www", type: "CNAME", values: ["example.org."] }]);
    expect(result.inputs!.records).toEqual([{ name: "www", type: "CNAME", values: ["example.org."] }]);
  });
});
