/** The Cloud DNS wire client (api/zones.ts, api/rrsets.ts): exact requests, and wire ⇄ domain conversion. */
import { makeClient, api, hetznerError, NO_BODY, useNock, wireActions, networkError } from "../helpers";
import { ASSIGNED_NS, listMeta, wireRrset, wireZone } from "./zone-wire";

useNock();
const { action } = wireActions({ id: 301, type: "zone" });
const client = () => makeClient().client;

describe("zones", () => {
  test("get converts the wire zone (by id or by name)", async () => {
    api().get("/zones/301").reply(200, { zone: wireZone({ labels: { env: "prod" }, authoritative_nameservers: { assigned: ASSIGNED_NS, delegated: ["ns1.other.net."], delegation_last_check: "2026-11-25T11:00:00+00:00", delegation_status: "invalid" } }) });
    expect(await client().zones.get(301)).toEqual({
      id: 301,
      name: "example.com",
      mode: "primary",
      ttl: 3600,
      labels: { env: "prod" },
      deleteProtection: false,
      primaryNameservers: [],
      status: "ok",
      recordCount: 4,
      registrar: "other",
      authoritativeNameservers: { assigned: ASSIGNED_NS, delegated: ["ns1.other.net."], delegationStatus: "invalid", delegationLastCheck: "2026-11-25T11:00:00+00:00" },
      created: "2026-11-25T10:00:00+00:00",
    });
    api().get("/zones/xn--mnchen-3ya.de").reply(200, { zone: wireZone({ name: "xn--mnchen-3ya.de" }) });
    expect((await client().zones.get("xn--mnchen-3ya.de")).name).toBe("xn--mnchen-3ya.de");
  });

  test("find answers undefined for a zone that is gone; findByName uses the exact-name filter", async () => {
    api().get("/zones/302").reply(404, hetznerError("not_found", "zone not found"));
    expect(await client().zones.find(302)).toBeUndefined();
    api().get("/zones").query({ name: "example.com", page: "1", per_page: "50" }).reply(200, { zones: [wireZone()], meta: listMeta(1, 1, 1, 50) });
    expect((await client().zones.findByName("example.com"))?.id).toBe(301);
    api().get("/zones").query({ name: "example.org", page: "1", per_page: "50" }).reply(200, { zones: [], meta: listMeta(0, 1, 1, 50) });
    expect(await client().zones.findByName("example.org")).toBeUndefined();
  });

  test("list passes the label selector and mode, and reads a secondary zone's primary nameservers", async () => {
    const secondary = wireZone({
      id: 302,
      name: "example.net",
      mode: "secondary",
      primary_nameservers: [{ address: "198.51.100.1", port: 53 }, { address: "2001:db8::1", port: 5353, tsig_algorithm: "hmac-sha256", tsig_key: "c2VjcmV0" }],
    });
    api().get("/zones").query({ label_selector: "env=prod", mode: "secondary", page: "1", per_page: "50" }).reply(200, { zones: [secondary], meta: listMeta(1, 1, 1, 50) });
    const [zone] = await client().zones.list({ labelSelector: "env=prod", mode: "secondary" });
    expect(zone.primaryNameservers).toEqual([
      { address: "198.51.100.1", port: 53 },
      { address: "2001:db8::1", port: 5353, tsigAlgorithm: "hmac-sha256", tsigKey: "c2VjcmV0" },
    ]);
  });

  test("create sends name, mode, labels and only the optional parts given; returns the zone and its Action", async () => {
    api()
      .post("/zones", { name: "example.com", mode: "primary", labels: { a: "b" } })
      .reply(201, { zone: wireZone({ labels: { a: "b" } }), action: action(11, "create_zone") });
    const { value, actions } = await client().zones.create({ name: "example.com", mode: "primary", labels: { a: "b" } });
    expect(value.id).toBe(301);
    expect(actions).toEqual([expect.objectContaining({ id: 11, command: "create_zone", status: "running" })]);

    api()
      .post("/zones", {
        name: "example.com",
        mode: "primary",
        ttl: 600,
        labels: {},
        rrsets: [
          { name: "www", type: "A", records: [{ value: "192.0.2.1", comment: "web" }] },
          { name: "@", type: "TXT", ttl: 300, records: [{ value: '"v=spf1 -all"' }], labels: { k: "v" } },
        ],
      })
      .reply(201, { zone: wireZone({ ttl: 600 }), action: action(12, "create_zone") });
    await client().zones.create({
      name: "example.com",
      mode: "primary",
      ttl: 600,
      labels: {},
      rrsets: [
        { name: "www", type: "A", ttl: null, records: [{ value: "192.0.2.1", comment: "web" }] },
        { name: "@", type: "TXT", ttl: 300, records: [{ value: '"v=spf1 -all"', comment: "" }], labels: { k: "v" } },
      ],
    });

    api()
      .post("/zones", { name: "example.net", mode: "secondary", labels: {}, primary_nameservers: [{ address: "198.51.100.1", port: 53, tsig_algorithm: "hmac-sha1", tsig_key: "a2V5" }] })
      .reply(201, { zone: wireZone({ name: "example.net", mode: "secondary", primary_nameservers: [{ address: "198.51.100.1", port: 53, tsig_algorithm: "hmac-sha1", tsig_key: "a2V5" }] }), action: action(13, "create_zone") });
    await client().zones.create({ name: "example.net", mode: "secondary", labels: {}, primaryNameservers: [{ address: "198.51.100.1", port: 53, tsigAlgorithm: "hmac-sha1", tsigKey: "a2V5" }] });

    api().post("/zones", { name: "example.org", mode: "primary", labels: {}, zonefile: "www IN A 192.0.2.1\n" }).reply(201, { zone: wireZone({ name: "example.org" }), action: action(14, "create_zone") });
    await client().zones.create({ name: "example.org", mode: "primary", labels: {}, zonefile: "www IN A 192.0.2.1\n" });
  });

  test("create asks takeOver after a lost answer and after uniqueness_error, and waits on the found zone's running Actions", async () => {
    const c = client();
    api()
      .post("/zones", { name: "example.com", mode: "primary", labels: {} })
      .replyWithError(networkError())
      .post("/zones", { name: "example.com", mode: "primary", labels: {} })
      .reply(409, hetznerError("uniqueness_error", "name is already used"))
      .get("/zones/301")
      .reply(200, { zone: wireZone() })
      .get("/zones/301/actions")
      .query({ status: "running" })
      .reply(200, { actions: [action(15, "create_zone")], meta: listMeta(1, 1, 1, 25) });
    const asked: string[] = [];
    const { value, actions } = await c.zones.create({ name: "example.com", mode: "primary", labels: {} }, async (how) => {
      asked.push(how);
      // The lost answer finds nothing (the create is sent again); the second one meets the name.
      return how === "nameTaken" ? c.zones.get(301) : undefined;
    });
    expect(asked).toEqual(["answerLost", "nameTaken"]);
    expect(value.id).toBe(301);
    expect(actions.map((a) => a.id)).toEqual([15]);
  });

  test("update PUTs the labels; delete returns its Action; zonefile export and import", async () => {
    api().put("/zones/301", { labels: { a: "b" } }).reply(200, { zone: wireZone({ labels: { a: "b" } }) });
    expect((await client().zones.update(301, { labels: { a: "b" } })).labels).toEqual({ a: "b" });
    api().delete("/zones/301", NO_BODY).reply(201, { action: action(16, "delete_zone") });
    expect(await client().zones.delete(301)).toEqual([expect.objectContaining({ id: 16, command: "delete_zone" })]);
    api().get("/zones/301/zonefile").reply(200, { zonefile: "$ORIGIN example.com.\n" });
    expect(await client().zones.exportZonefile(301)).toBe("$ORIGIN example.com.\n");
    api().post("/zones/301/actions/import_zonefile", { zonefile: "www IN A 192.0.2.2\n" }).reply(201, { action: action(17, "import_zonefile") });
    expect(await client().zones.importZonefile(301, "www IN A 192.0.2.2\n")).toEqual([expect.objectContaining({ id: 17 })]);
  });

  test("zone actions: change_ttl, change_protection, change_primary_nameservers", async () => {
    api().post("/zones/301/actions/change_ttl", { ttl: 600 }).reply(201, { action: action(21, "change_ttl") });
    api().post("/zones/301/actions/change_protection", { delete: true }).reply(201, { action: action(22, "change_protection") });
    api()
      .post("/zones/301/actions/change_primary_nameservers", { primary_nameservers: [{ address: "198.51.100.2", port: 5353 }] })
      .reply(201, { action: action(23, "change_primary_nameservers") });
    const c = client();
    expect((await c.zones.changeTtl(301, 600))[0].id).toBe(21);
    expect((await c.zones.changeProtection(301, true))[0].id).toBe(22);
    expect((await c.zones.changePrimaryNameservers(301, [{ address: "198.51.100.2", port: 5353 }]))[0].id).toBe(23);
  });

  test("client.rrsets is the zones' RRSet client", () => {
    const c = client();
    expect(c.rrsets).toBe(c.zones.rrsets);
  });
});

describe("rrsets", () => {
  const www = { zone: 301, name: "www", type: "A" };

  test("list fetches every page at 100 per page, with the name and type filters", async () => {
    const first = Array.from({ length: 100 }, (_, i) => wireRrset(`h${i}`, "A", [`192.0.2.${i}`]));
    api()
      .get("/zones/301/rrsets")
      .query({ type: "A", page: "1", per_page: "100" })
      .reply(200, { rrsets: first, meta: listMeta(101, 1, 2) })
      .get("/zones/301/rrsets")
      .query({ type: "A", page: "2", per_page: "100" })
      .reply(200, { rrsets: [wireRrset("h100", "A", ["192.0.2.100"])], meta: listMeta(101, 2, 2) });
    const all = await client().rrsets.list(301, { type: "A" });
    expect(all).toHaveLength(101);
    expect(all[100]).toEqual({ id: "h100/A", zone: 301, name: "h100", type: "A", ttl: null, records: [{ value: "192.0.2.100", comment: "" }], labels: {}, changeProtection: false });

    api()
      .get("/zones/example.com/rrsets")
      .query({ name: "@", type: ["NS", "SOA"], page: "1", per_page: "100" })
      .reply(200, { rrsets: [wireRrset("@", "NS", ASSIGNED_NS, { ttl: 3600, records: ASSIGNED_NS.map((value) => ({ value, comment: "" })) })], meta: listMeta(1) });
    const [ns] = await client().rrsets.list("example.com", { name: "@", type: ["NS", "SOA"] });
    expect(ns).toMatchObject({ name: "@", type: "NS", ttl: 3600, records: ASSIGNED_NS.map((value) => ({ value, comment: "" })) });
  });

  test("get, find and paths: @ and wildcard names are escaped as path segments", async () => {
    api().get("/zones/301/rrsets/%40/MX").reply(200, { rrset: wireRrset("@", "MX", ["10 mx.example.com."], { labels: { a: "b" }, protection: { change: true }, ttl: 300 }) });
    expect(await client().rrsets.get({ zone: 301, name: "@", type: "MX" })).toEqual({
      id: "@/MX",
      zone: 301,
      name: "@",
      type: "MX",
      ttl: 300,
      records: [{ value: "10 mx.example.com.", comment: "" }],
      labels: { a: "b" },
      changeProtection: true,
    });
    api().get("/zones/301/rrsets/*.dev/A").reply(404, hetznerError("not_found", "rrset not found"));
    expect(await client().rrsets.find({ zone: 301, name: "*.dev", type: "A" })).toBeUndefined();
  });

  test("create sends the RRSet (ttl only when set, comments only when given)", async () => {
    api()
      .post("/zones/301/rrsets", { name: "www", type: "A", records: [{ value: "192.0.2.1" }, { value: "192.0.2.2", comment: "second" }], labels: { o: "x" } })
      .reply(201, { rrset: wireRrset("www", "A", ["192.0.2.1", "192.0.2.2"]), action: action(31, "create_rrset") });
    const { value, actions } = await client().rrsets.create(301, {
      name: "www",
      type: "A",
      ttl: null,
      records: [{ value: "192.0.2.1", comment: "" }, { value: "192.0.2.2", comment: "second" }],
      labels: { o: "x" },
    });
    expect(value.id).toBe("www/A");
    expect(actions.map((a) => a.id)).toEqual([31]);
  });

  test("create hands a taken name and type to takeOver", async () => {
    api().post("/zones/301/rrsets").reply(409, hetznerError("uniqueness_error", "rrset already exists"));
    api().get("/zones/301/rrsets/www/A").reply(200, { rrset: wireRrset("www", "A", ["192.0.2.1"]) });
    const c = client();
    const { value, actions } = await c.rrsets.create(301, { name: "www", type: "A", records: [{ value: "192.0.2.1" }] }, async (how) => {
      expect(how).toBe("nameTaken");
      return c.rrsets.get(www);
    });
    expect(value.id).toBe("www/A");
    expect(actions).toEqual([]);
  });

  test("labels, delete and every record action", async () => {
    const c = client();
    api().put("/zones/301/rrsets/www/A", { labels: { a: "b" } }).reply(200, { rrset: wireRrset("www", "A", ["192.0.2.1"], { labels: { a: "b" } }) });
    expect((await c.rrsets.update(www, { labels: { a: "b" } })).labels).toEqual({ a: "b" });
    api().delete("/zones/301/rrsets/www/A", NO_BODY).reply(201, { action: action(40, "delete_rrset") });
    expect((await c.rrsets.delete(www))[0].id).toBe(40);

    const base = "/zones/301/rrsets/www/A/actions";
    api()
      .post(`${base}/set_records`, { records: [{ value: "192.0.2.1" }, { value: "192.0.2.2", comment: "b" }] })
      .reply(201, { action: action(41, "set_records") })
      .post(`${base}/add_records`, { records: [{ value: "192.0.2.3" }] })
      .reply(201, { action: action(42, "add_records") })
      .post(`${base}/add_records`, { ttl: 300, records: [{ value: "192.0.2.4" }] })
      .reply(201, { action: action(43, "add_records") })
      .post(`${base}/remove_records`, { records: [{ value: "192.0.2.3" }] })
      .reply(201, { action: action(44, "remove_records") })
      .post(`${base}/update_records`, { records: [{ value: "192.0.2.1", comment: "" }, { value: "192.0.2.2", comment: "new" }] })
      .reply(200, { action: action(45, "update_records") })
      .post(`${base}/change_ttl`, { ttl: null })
      .reply(201, { action: action(46, "change_ttl") })
      .post(`${base}/change_ttl`, { ttl: 120 })
      .reply(201, { action: action(47, "change_ttl") })
      .post(`${base}/change_protection`, { change: true })
      .reply(201, { action: action(48, "change_protection") });
    const ids = [
      await c.rrsets.setRecords(www, [{ value: "192.0.2.1", comment: "" }, { value: "192.0.2.2", comment: "b" }]),
      await c.rrsets.addRecords(www, [{ value: "192.0.2.3", comment: "" }]),
      await c.rrsets.addRecords(www, [{ value: "192.0.2.4", comment: "" }], 300),
      await c.rrsets.removeRecords(www, ["192.0.2.3"]),
      await c.rrsets.updateRecords(www, [{ value: "192.0.2.1", comment: "" }, { value: "192.0.2.2", comment: "new" }]),
      await c.rrsets.changeTtl(www, null),
      await c.rrsets.changeTtl(www, 120),
      await c.rrsets.changeProtection(www, true),
    ].map(([a]) => a.id);
    expect(ids).toEqual([41, 42, 43, 44, 45, 46, 47, 48]);
  });
});
