/**
 * Contract test of the emulator's Cloud DNS (`/zones…`): every request and response is checked against the
 * official OpenAPI document (objects closed), and the documented behaviour is exercised over real HTTP:
 * zones by id or name, the records Hetzner creates, the SOA serial, RRSets and their actions, change
 * protection, zone modes, zone files, pagination, locks and the validation errors.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../emulator/server";
import { contractClient } from "./openapi";
import { contract, expectError, requestLogViolations, useHcloudEmulator } from "./hcloud-setup";

const { api, control } = useHcloudEmulator();

const ASSIGNED = ["hydrogen.ns.hetzner.com.", "oxygen.ns.hetzner.com.", "helium.ns.hetzner.de."];

/** Today's first SOA serial, YYYYMMDD00 (UTC). */
function todaysFirstSerial(): number {
  const now = new Date();
  return (now.getUTCFullYear() * 10000 + (now.getUTCMonth() + 1) * 100 + now.getUTCDate()) * 100;
}

async function createZone(body: Record<string, unknown>) {
  const response = await api.post("/zones", { mode: "primary", ...body });
  expect(response.status).toBe(201);
  return response.body as { zone: any; action: any };
}

async function action(path: string, body?: unknown, status = 201) {
  const response = await api.post(path, body);
  expect(response.status).toBe(status);
  return response.body.action;
}

async function rrsets(zone: string | number, query = "") {
  return (await api.get(`/zones/${zone}/rrsets?per_page=100${query}`)).body.rrsets as any[];
}

async function serial(zone: string | number): Promise<number> {
  const soa = (await api.get(`/zones/${zone}/rrsets/@/SOA`)).body.rrset;
  return Number(soa.records[0].value.split(" ")[2]);
}

afterEach(async () => {
  // Every request the emulator accepted must be one the spec documents (the refused ones are the tests of refusals).
  const { requests } = (await control("GET", "/requests")).body;
  expect(requestLogViolations(requests.filter((r: any) => r.status < 400))).toEqual([]);
});

describe("zones", () => {
  it("creates a primary zone with Hetzner's nameservers, SOA and three NS records, and a create_zone action", async () => {
    const { zone, action: created } = await createZone({ name: "example.com", labels: { env: "prod" } });
    expect(zone).toEqual({
      id: zone.id,
      name: "example.com",
      mode: "primary",
      status: "ok",
      ttl: 3600,
      record_count: 4,
      protection: { delete: false },
      labels: { env: "prod" },
      created: expect.any(String),
      registrar: "other",
      authoritative_nameservers: { assigned: ASSIGNED, delegated: [], delegation_last_check: null, delegation_status: "unknown" },
      primary_nameservers: [],
    });
    expect(created).toMatchObject({ command: "create_zone", status: "success", resources: [{ id: zone.id, type: "zone" }] });
    expect(await rrsets(zone.id)).toEqual([
      {
        id: "@/SOA",
        name: "@",
        type: "SOA",
        ttl: null,
        labels: {},
        protection: { change: false },
        records: [{ value: `hydrogen.ns.hetzner.com. dns.hetzner.com. ${todaysFirstSerial()} 86400 10800 3600000 3600`, comment: "" }],
        zone: zone.id,
      },
      {
        id: "@/NS",
        name: "@",
        type: "NS",
        ttl: null,
        labels: {},
        protection: { change: false },
        records: ASSIGNED.map((value) => ({ value, comment: "" })),
        zone: zone.id,
      },
    ]);
  });

  it("creates a zone with rrsets, gets it by id and by name, and counts its records", async () => {
    const { zone } = await createZone({
      name: "xn--mnchen-3ya.de",
      ttl: 10800,
      rrsets: [
        { name: "www", type: "A", records: [{ value: "198.51.100.1", comment: "web" }, { value: "198.51.100.2" }] },
        { name: "@", type: "MX", ttl: 300, records: [{ value: "10 mail.example.com." }] },
      ],
    });
    expect(zone).toMatchObject({ name: "xn--mnchen-3ya.de", ttl: 10800, record_count: 7 });
    expect((await api.get(`/zones/${zone.id}`)).body.zone).toEqual(zone);
    expect((await api.get("/zones/xn--mnchen-3ya.de")).body.zone).toEqual(zone);
    expect((await api.get("/zones/xn--mnchen-3ya.de/rrsets/www/A")).body.rrset).toMatchObject({
      id: "www/A",
      ttl: null,
      records: [{ value: "198.51.100.1", comment: "web" }, { value: "198.51.100.2", comment: "" }],
    });
    expectError(await api.get("/zones/other.de"), 404, "not_found");
    expectError(await api.get("/zones/424242"), 404, "not_found");
  });

  it("refuses zone names the API refuses: upper case, trailing dot, unicode, top-level or public suffix, subdomains", async () => {
    for (const name of ["Example.com", "example.com.", "münchen.de", "com", "co.uk", "www.example.com", "a.b.co.uk", "exa_mple.com", "-x.com", "xn--zz.de", ""]) {
      expectError(await api.post("/zones", { name, mode: "primary" }), 422, "invalid_input", "name");
    }
    await createZone({ name: "example.co.uk" });
    expectError(await api.post("/zones", { name: "example.co.uk", mode: "primary" }), 409, "uniqueness_error", "name");
    expectError(await api.post("/zones", { mode: "primary" }), 422, "invalid_input", "name");
    expectError(await api.post("/zones", { name: "a.com", mode: "tertiary" }), 422, "invalid_input", "mode");
    expectError(await api.post("/zones", { name: "a.com", mode: "primary", ttl: 59 }), 422, "invalid_input", "ttl");
    expectError(await api.post("/zones", { name: "a.com", mode: "primary", ttl: 2147483648 }), 422, "invalid_input", "ttl");
    expectError(await api.post("/zones", { name: "a.com", mode: "primary", labels: { "hetzner.cloud/x": "y" } }), 422, "invalid_input", "labels");
  });

  it("lists with name, mode and label_selector filters, sorting and pagination", async () => {
    const a = (await createZone({ name: "a.com", labels: { team: "x" } })).zone;
    const b = (await createZone({ name: "b.com", labels: { team: "y" } })).zone;
    const c = (await api.post("/zones", { name: "c.com", mode: "secondary", primary_nameservers: [{ address: "198.51.100.1" }] })).body.zone;
    expect((await api.get("/zones?name=b.com")).body.zones.map((z: any) => z.id)).toEqual([b.id]);
    expect((await api.get("/zones?mode=secondary")).body.zones.map((z: any) => z.id)).toEqual([c.id]);
    expect((await api.get(`/zones?label_selector=${encodeURIComponent("team=x")}`)).body.zones.map((z: any) => z.id)).toEqual([a.id]);
    expect((await api.get("/zones?sort=name:desc")).body.zones.map((z: any) => z.name)).toEqual(["c.com", "b.com", "a.com"]);
    const page = await api.get("/zones?per_page=2&page=2");
    expect(page.body.zones.map((z: any) => z.id)).toEqual([c.id]);
    expect(page.body.meta.pagination).toMatchObject({ page: 2, per_page: 2, previous_page: 1, next_page: null, last_page: 2, total_entries: 3 });
  });

  it("updates labels (replacing them) and deletes with a delete_zone action; delete protection is `protected`", async () => {
    const { zone } = await createZone({ name: "example.com", labels: { a: "1", b: "2" } });
    expect((await api.put("/zones/example.com", { labels: { c: "3" } })).body.zone.labels).toEqual({ c: "3" });
    expect((await action(`/zones/${zone.id}/actions/change_protection`, { delete: true })).command).toBe("change_protection");
    expect((await api.get(`/zones/${zone.id}`)).body.zone.protection).toEqual({ delete: true });
    expectError(await api.delete(`/zones/${zone.id}`), 423, "protected");
    await action(`/zones/${zone.id}/actions/change_protection`, { delete: false });
    const deleted = await api.delete("/zones/example.com");
    expect(deleted.status).toBe(201);
    expect(deleted.body.action).toMatchObject({ command: "delete_zone", resources: [{ id: zone.id, type: "zone" }] });
    expectError(await api.get(`/zones/${zone.id}`), 404, "not_found");
    // The delete action stays visible, on the global and the zone action endpoints.
    expect((await api.get(`/actions?id=${deleted.body.action.id}`)).body.actions).toHaveLength(1);
    expect((await api.get(`/zones/actions/${deleted.body.action.id}`)).body.action.command).toBe("delete_zone");
  });

  it("changes the default TTL (counting the SOA serial up) with change_ttl", async () => {
    const { zone } = await createZone({ name: "example.com" });
    const before = await serial(zone.id);
    expect((await action(`/zones/${zone.id}/actions/change_ttl`, { ttl: 600 })).command).toBe("change_ttl");
    expect((await api.get(`/zones/${zone.id}`)).body.zone.ttl).toBe(600);
    expect(await serial(zone.id)).toBe(before + 1);
    expectError(await api.post(`/zones/${zone.id}/actions/change_ttl`, { ttl: 30 }), 422, "invalid_input", "ttl");
    expectError(await api.post(`/zones/${zone.id}/actions/change_ttl`, {}, { unchecked: true }), 422, "invalid_input", "ttl");
  });

  it("lists a zone's actions, gets them by id, and shows them on GET /actions?id= (the waiter's endpoint)", async () => {
    const { zone, action: created } = await createZone({ name: "example.com" });
    await action(`/zones/${zone.id}/actions/change_ttl`, { ttl: 600 });
    const listed = (await api.get(`/zones/${zone.id}/actions?sort=id`)).body.actions;
    expect(listed.map((a: any) => a.command)).toEqual(["create_zone", "change_ttl"]);
    expect((await api.get(`/zones/example.com/actions/${created.id}`)).body.action.id).toBe(created.id);
    expect((await api.get("/zones/actions?status=success")).body.actions).toHaveLength(2);
    expect((await api.get(`/actions?id=${created.id}&id=${listed[1].id}`)).body.actions.map((a: any) => a.command)).toEqual(["create_zone", "change_ttl"]);
    expectError(await api.get("/zones/actions/999999"), 404, "not_found");
  });
});

describe("secondary zones", () => {
  const primaries = [{ address: "198.51.100.1", port: 53 }, { address: "2001:db8::53", port: 5353, tsig_key: "c2VjcmV0", tsig_algorithm: "hmac-sha256" }];

  it("creates with primary nameservers (ignoring rrsets), changes them, and refuses what only primary zones do", async () => {
    const created = await api.post("/zones", { name: "example.com", mode: "secondary", primary_nameservers: primaries, rrsets: [{ name: "www", type: "A", records: [{ value: "198.51.100.1" }] }] });
    expect(created.status).toBe(201);
    const zone = created.body.zone;
    expect(zone).toMatchObject({ mode: "secondary", record_count: 0, primary_nameservers: primaries });
    const changed = await action(`/zones/${zone.id}/actions/change_primary_nameservers`, { primary_nameservers: [{ address: "203.0.113.1" }] });
    expect(changed.command).toBe("change_primary_nameservers");
    expect((await api.get(`/zones/${zone.id}`)).body.zone.primary_nameservers).toEqual([{ address: "203.0.113.1", port: 53 }]);

    expectError(await api.get(`/zones/${zone.id}/rrsets`), 422, "incorrect_zone_mode");
    expectError(await api.get(`/zones/${zone.id}/zonefile`), 422, "incorrect_zone_mode");
    expectError(await api.post(`/zones/${zone.id}/actions/change_ttl`, { ttl: 600 }), 422, "incorrect_zone_mode");
    expectError(await api.post(`/zones/${zone.id}/actions/import_zonefile`, { zonefile: "" }), 422, "incorrect_zone_mode");
    expectError(await api.post(`/zones/${zone.id}/rrsets`, { name: "www", type: "A", records: [{ value: "198.51.100.1" }] }), 422, "incorrect_zone_mode");
    expectError(await api.get(`/zones/${zone.id}/rrsets/@/SOA`), 422, "incorrect_zone_mode");
    expectError(await api.post(`/zones/${zone.id}/rrsets/www/A/actions/add_records`, { records: [{ value: "198.51.100.1" }] }), 422, "incorrect_zone_mode");
  });

  it("the request log redacts TSIG keys, as it redacts certificate keys", async () => {
    const created = await api.post("/zones", { name: "example.com", mode: "secondary", primary_nameservers: primaries });
    expect(created.status).toBe(201);
    await action(`/zones/${created.body.zone.id}/actions/change_primary_nameservers`, { primary_nameservers: [{ address: "203.0.113.1", tsig_key: "bmV3LXNlY3JldA==", tsig_algorithm: "hmac-sha256" }] });
    expect((await api.post("/certificates", { name: "c", certificate: "not pem", private_key: "-----BEGIN PRIVATE KEY-----\nS2V5\n-----END PRIVATE KEY-----" })).status).toBe(422);
    const { requests } = (await control("GET", "/requests")).body;
    expect(requests.map((r: any) => r.body?.primary_nameservers?.map((p: any) => p.tsig_key) ?? r.body?.private_key)).toEqual([
      [undefined, "[redacted]"],
      ["[redacted]"],
      "[redacted]",
    ]);
    for (const secret of ["c2VjcmV0", "bmV3LXNlY3JldA==", "S2V5"]) expect(JSON.stringify(requests)).not.toContain(secret);
  });

  it("validates primary nameservers; change_primary_nameservers is incorrect_zone_mode on a primary zone", async () => {
    for (const primary_nameservers of [
      undefined,
      [],
      [{ address: "not-an-ip" }],
      [{ address: "10.0.0.1" }],
      [{ address: "127.0.0.1" }],
      [{ address: "198.51.100.1", port: 0 }],
      [{ address: "198.51.100.1", tsig_key: "c2VjcmV0" }],
      [{ address: "198.51.100.1", tsig_algorithm: "hmac-sha256" }],
      [{ address: "198.51.100.1", tsig_key: "not base64!", tsig_algorithm: "hmac-sha256" }],
    ]) {
      expectError(await api.post("/zones", { name: "example.com", mode: "secondary", primary_nameservers }), 422, "invalid_input", "primary_nameservers");
    }
    const { zone } = await createZone({ name: "example.com", primary_nameservers: primaries });
    expect(zone.primary_nameservers).toEqual([]);
    expectError(await api.post(`/zones/${zone.id}/actions/change_primary_nameservers`, { primary_nameservers: primaries }), 422, "incorrect_zone_mode");
  });
});

describe("rrsets", () => {
  it("creates, gets, updates labels and deletes an RRSet, each change of records counting the SOA serial up", async () => {
    const { zone } = await createZone({ name: "example.com" });
    const first = await serial(zone.id);
    expect(first).toBe(todaysFirstSerial());
    const created = await api.post("/zones/example.com/rrsets", { name: "www", type: "AAAA", ttl: 300, labels: { a: "b" }, records: [{ value: "2001:db8::1", comment: "web" }] });
    expect(created.status).toBe(201);
    expect(created.body.rrset).toEqual({ id: "www/AAAA", name: "www", type: "AAAA", ttl: 300, labels: { a: "b" }, protection: { change: false }, records: [{ value: "2001:db8::1", comment: "web" }], zone: zone.id });
    expect(created.body.action).toMatchObject({ command: "create_rrset", resources: [{ id: zone.id, type: "zone" }] });
    expect(await serial(zone.id)).toBe(first + 1);
    expect((await api.get(`/zones/${zone.id}`)).body.zone.record_count).toBe(5);

    expect((await api.put("/zones/example.com/rrsets/www/AAAA", { labels: { c: "d" } })).body.rrset.labels).toEqual({ c: "d" });
    expect(await serial(zone.id)).toBe(first + 1);

    const deleted = await api.delete("/zones/example.com/rrsets/www/AAAA");
    expect(deleted.status).toBe(201);
    expect(deleted.body.action.command).toBe("delete_rrset");
    expectError(await api.get("/zones/example.com/rrsets/www/AAAA"), 404, "not_found");
    expect(await serial(zone.id)).toBe(first + 2);
    expectError(await api.post("/zones/example.com/rrsets", { name: "@", type: "NS", records: [{ value: "ns1.example.net." }] }), 409, "uniqueness_error");
  });

  it("lists with name and type filters, label selector, sorting, and pages of up to 100", async () => {
    const rrsetsIn = Array.from({ length: 120 }, (_, i) => ({ name: `host${String(i).padStart(3, "0")}`, type: "A", records: [{ value: `198.51.100.${i}` }], labels: { half: i < 60 ? "first" : "second" } }));
    await createZone({ name: "example.com", rrsets: [...rrsetsIn, { name: "host000", type: "TXT", records: [{ value: '"x"' }] }] });
    const first = await api.get("/zones/example.com/rrsets?per_page=500");
    expect(first.body.meta.pagination).toMatchObject({ page: 1, per_page: 100, next_page: 2, last_page: 2, total_entries: 123 });
    expect(first.body.rrsets).toHaveLength(100);
    expect((await api.get("/zones/example.com/rrsets?per_page=100&page=2")).body.rrsets).toHaveLength(23);
    expect((await rrsets("example.com", "&name=host000")).map((r) => r.id)).toEqual(["host000/A", "host000/TXT"]);
    expect((await rrsets("example.com", "&type=TXT&type=SOA")).map((r) => r.id)).toEqual(["@/SOA", "host000/TXT"]);
    expect(await rrsets("example.com", `&label_selector=${encodeURIComponent("half=second")}`)).toHaveLength(60);
    expect((await rrsets("example.com", "&sort=name:desc&type=A"))[0].name).toBe("host119");
    expectError(await api.get("/zones/example.com/rrsets?type=SPF", { unchecked: true }), 422, "invalid_input", "type");
  });

  it("refuses RRSet names the API refuses", async () => {
    await createZone({ name: "example.com" });
    for (const name of ["WWW", "www.", "www.example.com", "example.com", "bücher", "a..b", "-a", ""]) {
      expectError(await api.post("/zones/example.com/rrsets", { name, type: "A", records: [{ value: "198.51.100.1" }] }), 422, "invalid_input", "name");
    }
    for (const name of ["*", "*.dev", "_dmarc", "_25._tcp.mx1", "xn--bcher-kva", "@"]) {
      const response = await api.post("/zones/example.com/rrsets", { name, type: "TXT", records: [{ value: '"ok"' }] });
      expect({ name, status: response.status }).toEqual({ name, status: 201 });
    }
    // Names arrive percent-encoded in paths.
    expect((await api.get("/zones/example.com/rrsets/%40/TXT")).body.rrset.id).toBe("@/TXT");
    expect((await api.get("/zones/example.com/rrsets/%2A.dev/TXT")).body.rrset.id).toBe("*.dev/TXT");
  });

  it("validates records: non-empty, distinct, TTL bounds, values per type, CNAME alone at its name", async () => {
    await createZone({ name: "example.com", rrsets: [{ name: "www", type: "A", records: [{ value: "198.51.100.1" }] }] });
    const post = (body: Record<string, unknown>) => api.post("/zones/example.com/rrsets", body);
    expectError(await post({ name: "a", type: "A", records: [] }), 422, "invalid_input", "records");
    expectError(await post({ name: "a", type: "A", records: [{ value: "198.51.100.1" }, { value: "198.51.100.1" }] }), 422, "invalid_input", "records");
    expectError(await post({ name: "a", type: "A", ttl: 59, records: [{ value: "198.51.100.1" }] }), 422, "invalid_input", "ttl");
    const invalid: [string, string][] = [
      ["A", "2001:db8::1"],
      ["A", "198.51.100"],
      ["AAAA", "198.51.100.1"],
      ["AAAA", "2001:db8::g"],
      ["MX", "mail.example.com."],
      ["MX", "70000 mail.example.com."],
      ["TXT", "unquoted text"],
      ["TXT", `"${"x".repeat(256)}"`],
      ["TXT", `"${"😀".repeat(64)}"`],
      ["TXT", '"unterminated'],
      ["CNAME", "a.example.com. b.example.com."],
      ["CAA", "0 issue"],
      ["CAA", '0 issue "a" "b"'],
      ["SRV", "10 60 sip.example.com."],
      ["TLSA", "3 1 1 zz"],
      ["TLSA", "3 1 1 abcd"],
      ["DS", "12345 13 2 abcd"],
      ["HINFO", '"one"'],
      ["NS", "not a host"],
    ];
    for (const [type, value] of invalid) {
      const response = await post({ name: "v", type, records: [{ value }] });
      expect({ type, value, status: response.status, code: response.body.error?.code }).toEqual({ type, value, status: 422, code: "invalid_input" });
    }
    const valid: [string, string][] = [
      ["TXT", `"${"a".repeat(255)}" "${"b".repeat(100)}"`],
      ["TXT", '"v=DMARC1; p=none"'],
      ["TXT", `"${"😀".repeat(63)}" "${"ä".repeat(127)}\\""`],
      ["CAA", '0 issue "letsencrypt.org"'],
      ["SRV", "10 60 5060 sip.example.com."],
      ["TLSA", `3 1 1 ${"0C".repeat(32)}`],
      ["DS", `12345 13 2 ${"ab".repeat(32)}`],
      ["MX", "0 ."],
      ["HTTPS", "1 . alpn=h2"],
      ["HINFO", '"cpu" "os"'],
      ["PTR", "host.example.net."],
      ["RP", "admin.example.com. ."],
    ];
    for (const [index, [type, value]] of valid.entries()) {
      const response = await post({ name: `ok-${index}`, type, records: [{ value }] });
      expect({ type, value, status: response.status }).toEqual({ type, value, status: 201 });
    }
    expectError(await post({ name: "www", type: "CNAME", records: [{ value: "other.example.com." }] }), 422, "invalid_input", "records");
    expect((await post({ name: "alias", type: "CNAME", records: [{ value: "www" }] })).status).toBe(201);
    expectError(await post({ name: "alias", type: "TXT", records: [{ value: '"x"' }] }), 422, "invalid_input", "records");
    expectError(await post({ name: "www", type: "SOA", records: [{ value: "a. b. 1 2 3 4 5" }] }), 422, "invalid_input", "type");
  });

  it("the API keeps the SOA serial: one written with set_records is replaced by the next", async () => {
    await createZone({ name: "example.com" });
    const first = todaysFirstSerial();
    const soa = (serialValue: number) => [{ value: `hydrogen.ns.hetzner.com. hostmaster.example.com. ${serialValue} 7200 900 1209600 300` }];
    await action("/zones/example.com/rrsets/@/SOA/actions/set_records", { records: soa(0) });
    expect((await api.get("/zones/example.com/rrsets/@/SOA")).body.rrset.records[0].value).toBe(`hydrogen.ns.hetzner.com. hostmaster.example.com. ${first + 1} 7200 900 1209600 300`);
    await action("/zones/example.com/rrsets/@/SOA/actions/set_records", { records: soa(2099010105) });
    expect(await serial("example.com")).toBe(first + 2);
    await api.post("/zones/example.com/rrsets", { name: "www", type: "A", records: [{ value: "198.51.100.1" }] });
    expect(await serial("example.com")).toBe(first + 3);
  });

  it("refuses a delete of the SOA and of Hetzner's apex NS records", async () => {
    await createZone({ name: "example.com" });
    expectError(await api.delete("/zones/example.com/rrsets/@/SOA"), 422, "invalid_input");
    expectError(await api.delete("/zones/example.com/rrsets/@/NS"), 422, "invalid_input");
  });
});

describe("rrset actions", () => {
  const base = "/zones/example.com/rrsets";

  beforeEach(async () => {
    await createZone({ name: "example.com", rrsets: [{ name: "www", type: "A", records: [{ value: "198.51.100.1", comment: "one" }, { value: "198.51.100.2" }] }] });
  });

  it("set_records replaces the records; add_records appends; remove_records removes; each counts the serial up", async () => {
    const start = await serial("example.com");
    expect((await action(`${base}/www/A/actions/set_records`, { records: [{ value: "198.51.100.3", comment: "three" }] })).command).toBe("set_rrset_records");
    expect((await api.get(`${base}/www/A`)).body.rrset.records).toEqual([{ value: "198.51.100.3", comment: "three" }]);
    expect((await action(`${base}/www/A/actions/add_records`, { records: [{ value: "198.51.100.4" }] })).command).toBe("add_rrset_records");
    expect((await api.get(`${base}/www/A`)).body.rrset.records.map((r: any) => r.value)).toEqual(["198.51.100.3", "198.51.100.4"]);
    expect((await action(`${base}/www/A/actions/remove_records`, { records: [{ value: "198.51.100.3" }] })).command).toBe("remove_rrset_records");
    expect((await api.get(`${base}/www/A`)).body.rrset.records).toEqual([{ value: "198.51.100.4", comment: "" }]);
    expect(await serial("example.com")).toBe(start + 3);
    expect((await api.get("/zones/example.com")).body.zone.record_count).toBe(5);
  });

  it("add_records creates a missing RRSet (with its TTL); remove_records deletes an RRSet left empty", async () => {
    await action(`${base}/mail/MX/actions/add_records`, { ttl: 600, records: [{ value: "10 mx.example.net." }] });
    expect((await api.get(`${base}/mail/MX`)).body.rrset).toMatchObject({ id: "mail/MX", ttl: 600, labels: {}, protection: { change: false } });
    await action(`${base}/mail/MX/actions/remove_records`, { records: [{ value: "10 mx.example.net." }] });
    expectError(await api.get(`${base}/mail/MX`), 404, "not_found");
    // A new RRSet's name and type follow the create rules.
    expectError(await api.post(`${base}/Mail/MX/actions/add_records`, { records: [{ value: "10 mx.example.net." }] }), 422, "invalid_input", "name");
  });

  it("add_records: a TTL must match the RRSet's own, a value already held is refused; remove_records: values must be held", async () => {
    await action(`${base}/www/A/actions/change_ttl`, { ttl: 300 });
    expectError(await api.post(`${base}/www/A/actions/add_records`, { ttl: 600, records: [{ value: "198.51.100.9" }] }), 422, "invalid_input", "ttl");
    expect((await action(`${base}/www/A/actions/add_records`, { ttl: 300, records: [{ value: "198.51.100.9" }] })).status).toBe("success");
    expectError(await api.post(`${base}/www/A/actions/add_records`, { records: [{ value: "198.51.100.9" }] }), 422, "invalid_input", "records");
    expectError(await api.post(`${base}/www/A/actions/remove_records`, { records: [{ value: "198.51.100.200" }] }), 422, "invalid_input", "records");
    expectError(await api.post(`${base}/www/A/actions/set_records`, { records: [] }), 422, "invalid_input", "records");
    expectError(await api.post(`${base}/www/A/actions/set_records`, { records: [{ value: "2001:db8::1" }] }), 422, "invalid_input", "records");
    const tooMany = Array.from({ length: 51 }, (_, i) => ({ value: `198.51.${i}.1` }));
    expectError(await api.post(`${base}/www/A/actions/set_records`, { records: tooMany }), 422, "invalid_input", "records");
    expectError(await api.post(`${base}/nope/A/actions/set_records`, { records: [{ value: "198.51.100.1" }] }), 404, "not_found");
  });

  it("update_records changes comments only (200, no serial change) and needs every value held and a comment", async () => {
    const start = await serial("example.com");
    const updated = await action(`${base}/www/A/actions/update_records`, { records: [{ value: "198.51.100.2", comment: "two" }] }, 200);
    expect(updated.command).toBe("update_rrset_records");
    expect((await api.get(`${base}/www/A`)).body.rrset.records).toEqual([
      { value: "198.51.100.1", comment: "one" },
      { value: "198.51.100.2", comment: "two" },
    ]);
    expect(await serial("example.com")).toBe(start);
    expectError(await api.post(`${base}/www/A/actions/update_records`, { records: [{ value: "198.51.100.7", comment: "x" }] }), 422, "invalid_input", "records");
  });

  it("change_ttl sets a TTL or null (the zone default) and counts the serial up", async () => {
    const start = await serial("example.com");
    expect((await action(`${base}/www/A/actions/change_ttl`, { ttl: 120 })).command).toBe("change_rrset_ttl");
    expect((await api.get(`${base}/www/A`)).body.rrset.ttl).toBe(120);
    await action(`${base}/www/A/actions/change_ttl`, { ttl: null });
    expect((await api.get(`${base}/www/A`)).body.rrset.ttl).toBeNull();
    expect(await serial("example.com")).toBe(start + 2);
    expectError(await api.post(`${base}/www/A/actions/change_ttl`, { ttl: 10 }), 422, "invalid_input", "ttl");
  });

  it("change protection refuses set, add, remove and update of records, change_ttl, delete and a zone file import; labels stay changeable", async () => {
    expect((await action(`${base}/www/A/actions/change_protection`, { change: true })).command).toBe("change_rrset_protection");
    expect((await api.get(`${base}/www/A`)).body.rrset.protection).toEqual({ change: true });
    const records = [{ value: "198.51.100.1", comment: "x" }];
    expectError(await api.post(`${base}/www/A/actions/set_records`, { records }), 423, "protected");
    expectError(await api.post(`${base}/www/A/actions/add_records`, { records: [{ value: "198.51.100.5" }] }), 423, "protected");
    expectError(await api.post(`${base}/www/A/actions/remove_records`, { records }), 423, "protected");
    expectError(await api.post(`${base}/www/A/actions/update_records`, { records }), 423, "protected");
    expectError(await api.post(`${base}/www/A/actions/change_ttl`, { ttl: 600 }), 423, "protected");
    expectError(await api.delete(`${base}/www/A`), 423, "protected");
    const exported = (await api.get("/zones/example.com/zonefile")).body.zonefile;
    expectError(await api.post("/zones/example.com/actions/import_zonefile", { zonefile: exported }), 423, "protected");
    expect((await api.put(`${base}/www/A`, { labels: { kept: "yes" } })).status).toBe(200);
    await action(`${base}/www/A/actions/change_protection`, { change: false });
    expect((await api.delete(`${base}/www/A`)).status).toBe(201);
  });

  it("a failed action (action fault) changes nothing", async () => {
    expect((await control("POST", "/action-faults", { command: "set_rrset_records", code: "server_error", message: "boom" })).status).toBeLessThan(300);
    const failed = await action(`${base}/www/A/actions/set_records`, { records: [{ value: "198.51.100.9" }] });
    expect(failed).toMatchObject({ status: "error", error: { code: "server_error", message: "boom" } });
    expect((await api.get(`${base}/www/A`)).body.rrset.records.map((r: any) => r.value)).toEqual(["198.51.100.1", "198.51.100.2"]);
  });
});

describe("locks", () => {
  it("a running zone action locks the zone; RRSet actions lock their RRSet and zone-wide changes, not other RRSets", async () => {
    expect((await control("PUT", "/config", { actionDurationMs: 60_000 })).status).toBe(200);
    const { zone, action: created } = await createZone({ name: "example.com" });
    expect(created.status).toBe("running");
    expect((await api.get(`/zones/${zone.id}`)).body.zone.status).toBe("updating");
    expectError(await api.post("/zones/example.com/rrsets", { name: "www", type: "A", records: [{ value: "198.51.100.1" }] }), 423, "locked");
    expectError(await api.put("/zones/example.com", { labels: {} }), 423, "locked");
    // Reads never lock.
    expect((await api.get("/zones/example.com/rrsets")).status).toBe(200);

    expect((await control("PUT", "/config", { actionDurationMs: 0 })).status).toBe(200);
    const other = await createZone({ name: "example.net" });
    expect((await control("PUT", "/config", { actionDurationMs: 60_000 })).status).toBe(200);
    expect((await api.post("/zones/example.net/rrsets", { name: "www", type: "A", records: [{ value: "198.51.100.1" }] })).status).toBe(201);
    expect((await api.post("/zones/example.net/rrsets", { name: "api", type: "A", records: [{ value: "198.51.100.2" }] })).status).toBe(201);
    expectError(await api.post("/zones/example.net/rrsets/www/A/actions/set_records", { records: [{ value: "198.51.100.3" }] }), 423, "locked");
    expectError(await api.post(`/zones/${other.zone.id}/actions/change_ttl`, { ttl: 600 }), 423, "locked");
    expectError(await api.delete(`/zones/${other.zone.id}`), 423, "locked");
  });
});

describe("zone files", () => {
  const fixture = fs.readFileSync(path.resolve(__dirname, "..", "fixtures", "zones", "realistic.zone"), "utf8");
  const hetzner = ["@\tIN\tSOA\thydrogen.ns.hetzner.com. dns.hetzner.com. 2024010100 86400 10800 3600000 3600", ...ASSIGNED.map((ns) => `@ IN NS ${ns}`)].join("\n");

  it("creates a zone from a zone file without SOA and NS (Hetzner's are added), $TTL as the default TTL", async () => {
    const { zone } = await createZone({ name: "example-shop.de", zonefile: fixture });
    expect(zone.ttl).toBe(3600);
    const all = await rrsets(zone.id);
    const byId = Object.fromEntries(all.map((r) => [r.id, r]));
    expect(Object.keys(byId).sort()).toEqual(
      ["@/SOA", "@/NS", "@/A", "@/AAAA", "www/CNAME", "*/A", "shop/A", "@/MX", "@/TXT", "_dmarc/TXT", "mail._domainkey/TXT", "_sip._tcp/SRV", "sip/A", "@/CAA", "_25._tcp.mx1/TLSA", "xn--bcher-kva/A", "dev/NS", "mx1/A"].sort(),
    );
    expect(byId["*/A"].records).toEqual([{ value: "203.0.113.11", comment: "wildcard for customer subdomains" }]);
    expect(byId["shop/A"]).toMatchObject({ ttl: 300, records: [{ value: "203.0.113.12", comment: "" }, { value: "203.0.113.13", comment: "" }] });
    expect(byId["@/A"].ttl).toBeNull();
    expect(byId["@/CAA"].records.map((r: any) => r.value)).toEqual(['0 issue "letsencrypt.org"', '0 iodef "mailto:security@example-shop.de"']);
    expect(byId["_dmarc/TXT"].records[0].value).toBe('"v=DMARC1; p=quarantine; rua=mailto:dmarc@example-shop.de; pct=100"');
    const dkim = byId["mail._domainkey/TXT"].records[0].value as string;
    expect(dkim.startsWith('"v=DKIM1; k=rsa; " "p=MIIBIjAN')).toBe(true);
    expect(dkim.match(/"/g)).toHaveLength(6);
    expect(byId["@/NS"].records.map((r: any) => r.value)).toEqual(ASSIGNED);
    expect(zone.record_count).toBe(all.reduce((n, r) => n + r.records.length, 0));

    // Its export imports back to the same RRSets.
    const exported = (await api.get(`/zones/${zone.id}/zonefile`)).body.zonefile;
    await action(`/zones/${zone.id}/actions/import_zonefile`, { zonefile: exported });
    const withoutSoa = (list: any[]) => list.filter((r) => r.type !== "SOA");
    expect(withoutSoa(await rrsets(zone.id))).toEqual(withoutSoa(all));
  });

  it("refuses rrsets together with a zone file, and a zone file that breaks the rules", async () => {
    expectError(await api.post("/zones", { name: "example.com", mode: "primary", zonefile: "", rrsets: [{ name: "www", type: "A", records: [{ value: "198.51.100.1" }] }] }), 422, "invalid_input", "zonefile");
    const refused: [string, string][] = [
      ["$ORIGIN other.com.\nwww IN A 198.51.100.1", "$ORIGIN must be the zone's name with a trailing dot"],
      ["$ORIGIN example.com\nwww IN A 198.51.100.1", "$ORIGIN must be the zone's name with a trailing dot"],
      ["www CH A 198.51.100.1", "only IN (internet) class records are allowed"],
      ['www IN SPF "v=spf1"', "type SPF is not supported"],
      ["www IN A 2001:db8::1", "is not a valid A value"],
      ["www IN A 198.51.100.1\nwww 600 IN A 198.51.100.2", "have different TTLs"],
      ['www IN TXT "unterminated', "quoted string not closed"],
      ['www IN TXT ( "a"', "'(' not closed"],
      ["outside.org. IN A 198.51.100.1", "is outside the zone"],
      ["$INCLUDE other.zone", "$INCLUDE is not supported"],
      ["$TTL 10", "$TTL must be a TTL between 60 and 2147483647"],
      ["  IN A 198.51.100.1", "the first record must name its owner"],
      ["www IN CNAME a.example.net.\nwww IN A 198.51.100.1", "a CNAME cannot coexist with other records"],
    ];
    for (const [zonefile, reason] of refused) {
      const response = await api.post("/zones", { name: "example.com", mode: "primary", zonefile });
      expectError(response, 422, "invalid_input", "zonefile");
      expect({ zonefile, message: response.body.error.details.fields[0].messages.join(" | ") }).toEqual({ zonefile, message: expect.stringContaining(reason) });
    }
    expect((await api.get("/zones")).body.zones).toEqual([]);
  });

  it("reads the RFC 1035 forms: parentheses, quoted ';', omitted owner, TTL and class in either order, absolute owners, @ in values", async () => {
    const zonefile = [
      "$ORIGIN example.com.",
      "$TTL 1h",
      "; a comment on its own line is dropped",
      "@ IN SOA hydrogen.ns.hetzner.com. dns.hetzner.com. (",
      "        2099010100 ; serial",
      "        86400 10800 3600000 3600 )",
      ...ASSIGNED.map((ns) => `@ 10800 IN NS ${ns}`),
      "www.example.com. IN 300 A 198.51.100.1 ; first",
      "                 300 IN A 198.51.100.2",
      'txt IN TXT "a;b" "c\\"d" ; quoted',
      "alias IN CNAME @",
    ].join("\n");
    const { zone } = await createZone({ name: "example.com", zonefile });
    expect(zone.ttl).toBe(3600);
    const byId = Object.fromEntries((await rrsets(zone.id)).map((r) => [r.id, r]));
    // The serial written is not kept: a new zone starts at today's first.
    expect(byId["@/SOA"].records).toEqual([{ value: `hydrogen.ns.hetzner.com. dns.hetzner.com. ${todaysFirstSerial()} 86400 10800 3600000 3600`, comment: "serial" }]);
    expect(byId["@/NS"].ttl).toBe(10800);
    expect(byId["www/A"]).toMatchObject({ ttl: 300, records: [{ value: "198.51.100.1", comment: "first" }, { value: "198.51.100.2", comment: "" }] });
    expect(byId["txt/TXT"].records).toEqual([{ value: '"a;b" "c\\"d"', comment: "quoted" }]);
    expect(byId["alias/CNAME"].records[0].value).toBe("example.com.");
  });

  it("exports $ORIGIN, $TTL, the SOA first, then every record with its comment; the export imports back unchanged", async () => {
    const { zone } = await createZone({
      name: "example.com",
      ttl: 7200,
      rrsets: [
        { name: "www", type: "A", ttl: 300, records: [{ value: "198.51.100.1", comment: "web" }] },
        { name: "@", type: "TXT", records: [{ value: '"v=spf1 -all"' }] },
      ],
    });
    const soa = `hydrogen.ns.hetzner.com. dns.hetzner.com. ${todaysFirstSerial()} 86400 10800 3600000 3600`;
    const exported = (await api.get(`/zones/${zone.id}/zonefile`)).body.zonefile;
    expect(exported).toBe(
      [
        "$ORIGIN\texample.com.",
        "$TTL\t7200",
        "",
        `@\tIN\tSOA\t${soa}`,
        "",
        ...ASSIGNED.map((ns) => `@\tIN\tNS\t${ns}`),
        "www\tIN\t300\tA\t198.51.100.1 ; web",
        '@\tIN\tTXT\t"v=spf1 -all"',
        "",
      ].join("\n"),
    );
    const before = await rrsets(zone.id);
    const imported = await action(`/zones/${zone.id}/actions/import_zonefile`, { zonefile: exported });
    expect(imported).toMatchObject({ command: "import_zonefile", resources: [{ id: zone.id, type: "zone" }] });
    const after = await rrsets(zone.id);
    const withoutSoa = (list: any[]) => list.filter((r) => r.type !== "SOA");
    expect(withoutSoa(after)).toEqual(withoutSoa(before));
    // The import is a change of records: the serial counts up.
    expect(await serial(zone.id)).toBe(todaysFirstSerial() + 1);
  });

  it("imports replace every RRSet and set the default TTL; an import needs the SOA and Hetzner's NS records", async () => {
    const { zone } = await createZone({ name: "example.com", rrsets: [{ name: "old", type: "A", records: [{ value: "198.51.100.1" }] }] });
    await api.put("/zones/example.com/rrsets/@/NS", { labels: { owner: "me" } });
    await action(`/zones/${zone.id}/actions/import_zonefile`, { zonefile: `$ORIGIN example.com.\n$TTL 900\n${hetzner}\nnew IN A 198.51.100.2\n` });
    const ids = (await rrsets(zone.id)).map((r) => r.id);
    expect(ids).toEqual(["@/SOA", "@/NS", "new/A"]);
    // The imported RRSets are new ones: labels do not survive, even where name and type stay.
    expect((await api.get("/zones/example.com/rrsets/@/NS")).body.rrset.labels).toEqual({});
    expect((await api.get(`/zones/${zone.id}`)).body.zone).toMatchObject({ ttl: 900, record_count: 5 });

    const withoutSoa = `$ORIGIN example.com.\n${ASSIGNED.map((ns) => `@ IN NS ${ns}`).join("\n")}\n`;
    expectError(await api.post(`/zones/${zone.id}/actions/import_zonefile`, { zonefile: withoutSoa }), 422, "invalid_input", "zonefile");
    const withoutNs = `$ORIGIN example.com.\n@ IN SOA hydrogen.ns.hetzner.com. dns.hetzner.com. 2024010100 86400 10800 3600000 3600\n@ IN NS ns1.other.net.\n`;
    expectError(await api.post(`/zones/${zone.id}/actions/import_zonefile`, { zonefile: withoutNs }), 422, "invalid_input", "zonefile");
    expectError(await api.post(`/zones/${zone.id}/actions/import_zonefile`, { zonefile: `$ORIGIN example.org.\n${hetzner}` }), 422, "invalid_input", "zonefile");
    expect((await rrsets(zone.id)).map((r) => r.id)).toEqual(["@/SOA", "@/NS", "new/A"]);
  });
});

describe("projects and state", () => {
  it("zones belong to their project's state: reset empties them, the state dump holds them", async () => {
    await createZone({ name: "example.com" });
    const state = (await control("GET", "/state")).body;
    expect(state.hcloud.zones.map((z: any) => z.name)).toEqual(["example.com"]);
    expect((await control("POST", "/reset")).status).toBe(204);
    expect((await api.get("/zones")).body.zones).toEqual([]);
  });

  it("zones survive a restart through the state file", async () => {
    const stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "zones-")), "state.json");
    const first = await startEmulator({ port: 0, actionDurationMs: 0, stateFile });
    const client = (url: string) => contractClient(url, contract, { Authorization: "Bearer emulator-token" });
    await client(first.hcloudUrl).post("/zones", { name: "example.com", mode: "primary", rrsets: [{ name: "www", type: "A", records: [{ value: "198.51.100.1" }] }] });
    await first.close();
    const second = await startEmulator({ port: 0, actionDurationMs: 0, stateFile });
    try {
      expect((await client(second.hcloudUrl).get("/zones/example.com/rrsets/www/A")).body.rrset.records).toEqual([{ value: "198.51.100.1", comment: "" }]);
      expect((await client(second.hcloudUrl).post("/zones", { name: "example.net", mode: "primary" })).body.zone.id).toBe(701);
    } finally {
      await second.close();
    }
  });

  it("each project has its own zones: the same name in two projects, invisible to the other", async () => {
    const emulator = await startEmulator({ port: 0, actionDurationMs: 0, tokens: ["token-a"], projects: { b: ["token-b"] } });
    try {
      const a = contractClient(emulator.hcloudUrl, contract, { Authorization: "Bearer token-a" });
      const b = contractClient(emulator.hcloudUrl, contract, { Authorization: "Bearer token-b" });
      expect((await a.post("/zones", { name: "example.com", mode: "primary" })).status).toBe(201);
      expect((await b.get("/zones")).body.zones).toEqual([]);
      expect((await b.post("/zones", { name: "example.com", mode: "primary", ttl: 600 })).status).toBe(201);
      await a.post("/zones/example.com/rrsets", { name: "www", type: "A", records: [{ value: "198.51.100.1" }] });
      expect((await b.get("/zones/example.com/rrsets?name=www")).body.rrsets).toEqual([]);
      expect((await a.get("/zones/example.com")).body.zone.ttl).toBe(3600);
      expect((await b.get("/zones/example.com")).body.zone.ttl).toBe(600);
    } finally {
      await emulator.close();
    }
  });
});
