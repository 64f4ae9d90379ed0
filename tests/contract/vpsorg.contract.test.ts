/**
 * Contract test of the emulator's VPS.org DNS family (`/vpsorg/api/v1`): every response is checked against
 * our document derived from the seed 003 (tests/contract/vpsorg.openapi.json, objects closed), every
 * accepted request too (through the request log), and the seed's behaviour is exercised over real HTTP:
 * bearer tokens and accounts, zones with their records, the record rules per type, trailing slashes.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { requestLogViolations, useHcloudEmulator, vpsorgContract } from "./hcloud-setup";
import { contractClient, type ApiResponse, type ContractClient } from "./openapi";

/** A default-project token VPS.org takes (its tokens start with `vps_`). */
const TOKEN = "vps_emulator-token";
const setup = useHcloudEmulator({ url: (emulator) => emulator.vpsorgUrl, contract: vpsorgContract });
const { control } = setup;
const client = (token: string, emulator: () => RunningEmulator = () => setup.emulator) =>
  contractClient(() => emulator().vpsorgUrl, vpsorgContract, { Authorization: `Bearer ${token}` });
const api = client(TOKEN);

/** A seed error: status, `error_code`, a `detail` and, when given, the `field`. */
function expectError(response: ApiResponse, status: number, errorCode: string, field?: string): void {
  expect({ status: response.status, error_code: response.body?.error_code, field: response.body?.field }).toEqual({ status, error_code: errorCode, field });
  expect(typeof response.body.detail).toBe("string");
}

async function createZone(domain = "example.com", on: ContractClient = api): Promise<any> {
  const response = await on.post("/dns-zones/", { domain });
  expect(response.status).toBe(201);
  return response.body;
}

async function createRecord(zone: string, body: Record<string, unknown>): Promise<any> {
  const response = await api.post(`/dns-zones/${zone}/records/`, body);
  expect(response).toMatchObject({ status: 201 });
  return response.body;
}

const patch = (path: string, body: unknown) => api.request("PATCH", path, body);

afterEach(async () => {
  // Every request the emulator accepted must be one the document describes (the refused ones are the tests of refusals).
  const { requests } = (await control("GET", "/requests")).body;
  expect(requestLogViolations(requests.filter((r: any) => r.status < 300))).toEqual([]);
});

describe("zones", () => {
  it("creates a zone with no record (201, the seed's shape), lists it, filters by exact domain, shows its details", async () => {
    const created = await createZone("Example.com");
    expect(created).toEqual({ uuid: expect.stringMatching(/^[0-9a-f-]{36}$/), domain: "example.com", created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), record_count: 0, records: [] });
    const other = await createZone("myapp.io");

    expect((await api.get("/dns-zones/")).body.map((z: any) => z.domain)).toEqual(["example.com", "myapp.io"]);
    expect((await api.get("/dns-zones/?domain=myapp.io")).body).toEqual([{ uuid: other.uuid, domain: "myapp.io", created_at: other.created_at, record_count: 0 }]);
    expect((await api.get("/dns-zones/?domain=app.io")).body).toEqual([]);

    await createRecord(created.uuid, { record_type: "A", name: "www", value: "192.0.2.1" });
    const details = (await api.get(`/dns-zones/${created.uuid}/`)).body;
    expect(details).toMatchObject({ uuid: created.uuid, record_count: 1, records: [{ record_type: "A", name: "www", value: "192.0.2.1", ttl: 3600, priority: null }] });
    expect((await api.get("/dns-zones/")).body[0].record_count).toBe(1);
  });

  it("refuses a missing or invalid domain and a zone that already exists (400, field domain)", async () => {
    expectError(await api.post("/dns-zones/", {}), 400, "validation_error", "domain");
    expectError(await api.post("/dns-zones/"), 400, "validation_error", "domain");
    for (const domain of ["com", "exa mple.com", "-bad.com", "example.com.", "bücher.de", "example.123", 42]) {
      expectError(await api.post("/dns-zones/", { domain }), 400, "validation_error", "domain");
    }
    await createZone("xn--bcher-kva.de");
    const duplicate = await api.post("/dns-zones/", { domain: "XN--BCHER-KVA.de" });
    expectError(duplicate, 400, "validation_error", "domain");
    expect(duplicate.body.detail).toMatch(/already exists/);
  });

  it("deletes a zone with all its records (204); then the zone and its records are 404", async () => {
    const zone = await createZone();
    const record = await createRecord(zone.uuid, { record_type: "TXT", name: "@", value: "v=spf1 -all" });
    const response = await api.delete(`/dns-zones/${zone.uuid}/`);
    expect(response).toMatchObject({ status: 204, body: undefined });
    expectError(await api.get(`/dns-zones/${zone.uuid}/`), 404, "not_found");
    expectError(await api.get(`/dns-records/${record.uuid}/`), 404, "not_found");
    expect((await api.get("/dns-records/")).body).toEqual([]);
    expectError(await api.delete(`/dns-zones/${zone.uuid}/`), 404, "not_found");
  });
});

describe("records", () => {
  it("creates one record per value of every type; MX and SRV take priority apart; TTL defaults to 3600", async () => {
    const zone = await createZone();
    const values: [string, string, number?][] = [
      ["A", "192.0.2.1"],
      ["AAAA", "2001:0db8::1"],
      ["CNAME", "example.com"],
      ["MX", "mail.example.com", 10],
      ["TXT", "v=spf1 include:_spf.google.com ~all"],
      ["NS", "ns1.example.com"],
      ["SRV", "10 5060 sip.example.com", 5],
      ["CAA", '0 issue "letsencrypt.org"'],
    ];
    for (const [type, value, priority] of values) {
      const name = type === "CNAME" ? "alias" : type === "SRV" ? "_sip._tcp" : type === "NS" ? "dev" : "@";
      const record = await createRecord(zone.uuid, { record_type: type, name, value, ...(priority === undefined ? {} : { priority }) });
      expect(record).toEqual({ uuid: expect.any(String), record_type: type, name, value, ttl: 3600, priority: priority ?? null, created_at: expect.any(String) });
    }
    const listed = (await api.get(`/dns-zones/${zone.uuid}/records/`)).body;
    expect(listed.map((r: any) => r.record_type)).toEqual(values.map(([type]) => type));
  });

  it("stores an FQDN name relative to the zone and in lower case, trims names and values; refuses a name outside the zone", async () => {
    const zone = await createZone();
    expect((await createRecord(zone.uuid, { record_type: "A", name: "WWW.example.com.", value: "192.0.2.1" })).name).toBe("www");
    expect((await createRecord(zone.uuid, { record_type: "A", name: "example.com", value: "192.0.2.2" })).name).toBe("@");
    expect((await createRecord(zone.uuid, { record_type: "A", name: "*.shop", value: "192.0.2.3", ttl: 300 })).name).toBe("*.shop");
    // Surrounding whitespace is trimmed, as DRF's CharField does.
    expect(await createRecord(zone.uuid, { record_type: "TXT", name: " txt ", value: " v=spf1 -all " })).toMatchObject({ name: "txt", value: "v=spf1 -all" });
    expectError(await api.post(`/dns-zones/${zone.uuid}/records/`, { record_type: "A", name: "www.other.org.", value: "192.0.2.1" }), 400, "validation_error", "name");
    expectError(await api.post(`/dns-zones/${zone.uuid}/records/`, { record_type: "A", name: "bad name", value: "192.0.2.1" }), 400, "validation_error", "name");
  });

  it("validates each field and the record: the seed's MX error, priority only for MX/SRV, values per type, conflicts", async () => {
    const zone = await createZone();
    const post = (body: Record<string, unknown>) => api.post(`/dns-zones/${zone.uuid}/records/`, body);

    const mx = await post({ record_type: "MX", name: "@", value: "mail.example.com" });
    expect(mx.body).toEqual({ detail: "MX records require a priority value", error_code: "validation_error", field: "priority" });
    expectError(await post({ record_type: "SRV", name: "_sip._tcp", value: "10 5060 sip.example.com" }), 400, "validation_error", "priority");
    expectError(await post({ record_type: "A", name: "@", value: "192.0.2.1", priority: 10 }), 400, "validation_error", "priority");
    expect((await post({ record_type: "A", name: "@", value: "192.0.2.1", priority: null })).status).toBe(201);

    expectError(await post({ name: "@", value: "192.0.2.1" }), 400, "validation_error", "record_type");
    expectError(await post({ record_type: "TLSA", name: "@", value: "3 1 1 AB" }), 400, "validation_error", "record_type");
    expectError(await post({ record_type: "A", value: "192.0.2.1" }), 400, "validation_error", "name");
    expectError(await post({ record_type: "A", name: "@" }), 400, "validation_error", "value");
    expectError(await post({ record_type: "A", name: "@", value: "192.0.2.5", ttl: 30 }), 400, "validation_error", "ttl");
    expectError(await post({ record_type: "A", name: "@", value: "192.0.2.5", ttl: "300" }), 400, "validation_error", "ttl");
    expectError(await post({ record_type: "MX", name: "@", value: "mail.example.com", priority: 70000 }), 400, "validation_error", "priority");

    const badValues: [string, string, number?][] = [
      ["A", "192.0.2.256"],
      ["A", "2001:db8::1"],
      ["AAAA", "192.0.2.1"],
      ["CNAME", "www"],
      ["MX", "10 mail.example.com", 10],
      ["NS", "not a host"],
      ["SRV", "5060 sip.example.com", 10],
      ["SRV", "10 70000 sip.example.com", 10],
      ["CAA", "0 issue letsencrypt.org"],
      ["TXT", "x".repeat(4097)],
    ];
    for (const [record_type, value, priority] of badValues) {
      expectError(await post({ record_type, name: "bad", value, ...(priority === undefined ? {} : { priority }) }), 400, "validation_error", "value");
    }

    // An identical record, a CNAME beside other data or at the apex.
    expectError(await post({ record_type: "A", name: "@", value: "192.0.2.1" }), 400, "validation_error", "value");
    expectError(await post({ record_type: "CNAME", name: "@", value: "example.org" }), 400, "validation_error", "name");
    await createRecord(zone.uuid, { record_type: "CNAME", name: "www", value: "example.com." });
    expectError(await post({ record_type: "TXT", name: "www", value: "hello" }), 400, "validation_error", "name");
    expectError(await post({ record_type: "CNAME", name: "www", value: "example.org" }), 400, "validation_error", "name");
  });

  it("takes every record of the realistic zone (tests/fixtures/zones/realistic.zone) of VPS.org's types, as a client sends them", async () => {
    const zone = await createZone("example-shop.de");
    const dkim = "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" + "w0jSxrLfqZ94kzKEqBM0x1Od".repeat(15);
    const records: [string, string, string, number?, number?][] = [
      ["@", "A", "203.0.113.10"],
      ["@", "AAAA", "2001:db8:0:0::10"],
      ["www", "CNAME", "example-shop.de."],
      ["*", "A", "203.0.113.11"],
      ["shop", "A", "203.0.113.12", undefined, 300],
      ["shop", "A", "203.0.113.13", undefined, 300],
      ["@", "MX", "mx1.mail-provider.example.", 10],
      ["@", "MX", "mx2.mail-provider.example.", 20],
      ["@", "TXT", "v=spf1 ip4:203.0.113.0/24 include:_spf.mail-provider.example ~all"],
      ["_dmarc", "TXT", "v=DMARC1; p=quarantine; rua=mailto:dmarc@example-shop.de; pct=100"],
      ["mail._domainkey", "TXT", dkim],
      ["_sip._tcp", "SRV", "60 5060 sip.example-shop.de.", 10],
      ["sip", "A", "203.0.113.20"],
      ["@", "CAA", '0 issue "letsencrypt.org"'],
      ["@", "CAA", '0 iodef "mailto:security@example-shop.de"'],
      ["xn--bcher-kva", "A", "203.0.113.30"],
      ["dev", "NS", "ns1.dev-hosting.example."],
      ["dev", "NS", "ns2.dev-hosting.example."],
      ["mx1", "A", "203.0.113.25"],
    ];
    for (const [name, record_type, value, priority, ttl] of records) {
      await createRecord(zone.uuid, { record_type, name, value, ...(priority === undefined ? {} : { priority }), ...(ttl === undefined ? {} : { ttl }) });
    }
    const listed = (await api.get(`/dns-zones/${zone.uuid}/`)).body;
    expect(listed.record_count).toBe(records.length);
    expect(listed.records.map((r: any) => [r.name, r.record_type, r.value])).toEqual(records.map(([name, type, value]) => [name, type, value]));
  });

  it("lists the account's records, filtered by zone and record_type; refuses a malformed filter", async () => {
    const one = await createZone("one.com");
    const two = await createZone("two.com");
    const a = await createRecord(one.uuid, { record_type: "A", name: "@", value: "192.0.2.1" });
    const mx = await createRecord(one.uuid, { record_type: "MX", name: "@", value: "mail.one.com", priority: 10 });
    const b = await createRecord(two.uuid, { record_type: "A", name: "@", value: "192.0.2.2" });
    const uuids = async (query: string) => (await api.get(`/dns-records/${query}`)).body.map((r: any) => r.uuid);

    expect(await uuids("")).toEqual([a.uuid, mx.uuid, b.uuid]);
    expect(await uuids(`?zone=${one.uuid}`)).toEqual([a.uuid, mx.uuid]);
    expect(await uuids("?record_type=A")).toEqual([a.uuid, b.uuid]);
    expect(await uuids(`?zone=${one.uuid}&record_type=MX`)).toEqual([mx.uuid]);
    expect(await uuids("?zone=00000000-0000-4000-8000-000000000000")).toEqual([]);
    expectError(await api.get("/dns-records/?zone=nope"), 400, "validation_error", "zone");
    expectError(await api.get("/dns-records/?record_type=TLSA"), 400, "validation_error", "record_type");
  });

  it("reads, updates with PATCH (only what is given) and PUT (the required fields), deletes a record", async () => {
    const zone = await createZone();
    const mx = await createRecord(zone.uuid, { record_type: "MX", name: "@", value: "mail.example.com", priority: 10, ttl: 600 });
    expect((await api.get(`/dns-records/${mx.uuid}/`)).body).toEqual(mx);

    expect((await patch(`/dns-records/${mx.uuid}/`, { ttl: 1800 })).body).toEqual({ ...mx, ttl: 1800 });
    expect((await patch(`/dns-records/${mx.uuid}/`, { priority: 20, value: "mx2.example.com." })).body).toMatchObject({ priority: 20, value: "mx2.example.com.", ttl: 1800 });
    // The record as a whole stays valid: MX keeps needing a priority; a type without one needs it cleared.
    expectError(await patch(`/dns-records/${mx.uuid}/`, { priority: null }), 400, "validation_error", "priority");
    expectError(await patch(`/dns-records/${mx.uuid}/`, { record_type: "A", value: "192.0.2.9" }), 400, "validation_error", "priority");
    expectError(await patch(`/dns-records/${mx.uuid}/`, { ttl: null }), 400, "validation_error", "ttl");

    expectError(await api.put(`/dns-records/${mx.uuid}/`, { value: "192.0.2.9" }), 400, "validation_error", "record_type");
    const replaced = await api.put(`/dns-records/${mx.uuid}/`, { record_type: "A", name: "mail", value: "192.0.2.9", priority: null });
    expect(replaced.body).toEqual({ uuid: mx.uuid, record_type: "A", name: "mail", value: "192.0.2.9", ttl: 1800, priority: null, created_at: mx.created_at });
    expect((await api.get(`/dns-zones/${zone.uuid}/records/`)).body).toEqual([replaced.body]);

    expect(await api.delete(`/dns-records/${mx.uuid}/`)).toMatchObject({ status: 204, body: undefined });
    expectError(await api.get(`/dns-records/${mx.uuid}/`), 404, "not_found");
    expectError(await patch(`/dns-records/${mx.uuid}/`, { ttl: 600 }), 404, "not_found");
    expect((await api.get(`/dns-zones/${zone.uuid}/`)).body).toMatchObject({ record_count: 0, records: [] });
  });
});

describe("authentication and accounts", () => {
  it("answers 401 without a token, with an unknown one and with one not starting with vps_ (even one the emulator takes elsewhere)", async () => {
    const missing = await contractClient(() => setup.emulator.vpsorgUrl, vpsorgContract).get("/dns-zones/");
    expectError(missing, 401, "not_authenticated");
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
    // Another scheme is no credentials for a Bearer token class (DRF).
    expectError(await api.get("/dns-zones/", { headers: { Authorization: `Token ${TOKEN}` } }), 401, "not_authenticated");
    expectError(await client("vps_unknown").get("/dns-zones/"), 401, "authentication_failed");
    expectError(await client("emulator-token").get("/dns-zones/"), 401, "authentication_failed");
  });

  describe("two accounts", () => {
    let running: RunningEmulator | undefined;
    const emulator = () => running!;
    beforeAll(async () => {
      running = await startEmulator({ port: 0, tokens: ["vps_alice", "vps_alice-rotated"], projects: { bob: ["vps_bob"] } });
    });
    afterAll(() => running?.close());

    it("an account sees only its zones and records (another account's are 404), any of its tokens does; a domain is unique across accounts", async () => {
      const alice = client("vps_alice", emulator);
      const bob = client("vps_bob", emulator);
      const zone = await createZone("alice.com", alice);
      const record = (await alice.post(`/dns-zones/${zone.uuid}/records/`, { record_type: "A", name: "@", value: "192.0.2.1" })).body;

      expect((await client("vps_alice-rotated", emulator).get(`/dns-zones/${zone.uuid}/`)).body.records).toEqual([record]);
      expect((await bob.get("/dns-zones/")).body).toEqual([]);
      expect((await bob.get("/dns-records/")).body).toEqual([]);
      expectError(await bob.get(`/dns-zones/${zone.uuid}/`), 404, "not_found");
      expectError(await bob.get(`/dns-zones/${zone.uuid}/records/`), 404, "not_found");
      expectError(await bob.post(`/dns-zones/${zone.uuid}/records/`, { record_type: "A", name: "@", value: "192.0.2.2" }), 404, "not_found");
      expectError(await bob.get(`/dns-records/${record.uuid}/`), 404, "not_found");
      expectError(await bob.request("PATCH", `/dns-records/${record.uuid}/`, { ttl: 600 }), 404, "not_found");
      expectError(await bob.delete(`/dns-records/${record.uuid}/`), 404, "not_found");
      expectError(await bob.delete(`/dns-zones/${zone.uuid}/`), 404, "not_found");
      expectError(await bob.post("/dns-zones/", { domain: "alice.com" }), 400, "validation_error", "domain");

      // Bob's own zone gets a uuid of its own, never one of Alice's.
      const bobs = await createZone("bob.com", bob);
      expect(bobs.uuid).not.toBe(zone.uuid);
      expect((await alice.get("/dns-zones/")).body.map((z: any) => z.domain)).toEqual(["alice.com"]);
    });
  });
});

describe("state file", () => {
  it("keeps every account's zones and records and its id counters across a restart", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-vpsorg-state-"));
    const options = { port: 0, stateFile: path.join(dir, "state.json"), tokens: ["vps_a"], projects: { b: ["vps_b"] } };
    let running = await startEmulator(options);
    try {
      const a = client("vps_a", () => running);
      const zone = await createZone("kept.com", a);
      const record = (await a.post(`/dns-zones/${zone.uuid}/records/`, { record_type: "A", name: "@", value: "192.0.2.1" })).body;
      await running.close();

      running = await startEmulator(options);
      expect((await a.get(`/dns-zones/${zone.uuid}/`)).body).toEqual({ ...zone, record_count: 1, records: [record] });
      const next = await createZone("next.com", a);
      expect(next.uuid).not.toBe(zone.uuid);
      expect((await client("vps_b", () => running).get("/dns-zones/")).body).toEqual([]);
    } finally {
      await running.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("paths and methods", () => {
  it("redirects a path without its trailing slash (301 to the slashed path, every method, before authentication), as Django's APPEND_SLASH", async () => {
    const zone = await createZone();
    const raw = (method: string, path: string, token = TOKEN) =>
      fetch(`${setup.emulator.vpsorgUrl}${path}`, { method, redirect: "manual", headers: { Authorization: `Bearer ${token}` } });
    for (const [method, path] of [
      ["GET", "/dns-zones"],
      ["POST", "/dns-zones"],
      ["DELETE", `/dns-zones/${zone.uuid}`],
      ["PATCH", "/dns-records/abc"],
      ["GET", `/dns-zones/${zone.uuid}/records`],
    ]) {
      const response = await raw(method, path);
      expect({ method, status: response.status, location: response.headers.get("location") }).toEqual({ method, status: 301, location: `/vpsorg/api/v1${path}/` });
    }
    expect((await raw("GET", "/dns-records?zone=x", "vps_nobody")).headers.get("location")).toBe("/vpsorg/api/v1/dns-records/?zone=x");
    // The zone is still there: nothing was deleted by the unslashed DELETE.
    expect((await api.get(`/dns-zones/${zone.uuid}/`)).status).toBe(200);
  });

  it("answers 404 for an unknown path and 405 (with Allow) for a method the path does not take", async () => {
    const zone = await createZone();
    const unknown = await api.get("/dns-zonez/", { unchecked: true });
    expect(unknown).toMatchObject({ status: 404, body: { error_code: "not_found" } });
    const put = await api.put(`/dns-zones/${zone.uuid}/`, { domain: "other.com" }, { unchecked: true });
    expect(put).toMatchObject({ status: 405, body: { detail: 'Method "PUT" not allowed.', error_code: "method_not_allowed" } });
    expect(put.headers.get("allow")).toBe("GET, DELETE, HEAD, OPTIONS");
    expect((await api.post("/dns-records/", { record_type: "A" }, { unchecked: true })).status).toBe(405);
  });

  it("answers bad JSON with parse_error, a non-object body with validation_error, another media type with 415", async () => {
    const bad = await api.post("/dns-zones/", "{not json");
    expectError(bad, 400, "parse_error");
    expectError(await api.post("/dns-zones/", ["example.com"]), 400, "validation_error");
    const form = await api.post("/dns-zones/", "domain=example.com", { headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expectError(form, 415, "unsupported_media_type");
    expect((await api.get("/dns-zones/")).body).toEqual([]);
  });

  it("the request-log check holds /vpsorg/api/v1 requests to the document: an unslashed path, an undocumented field or filter, a wrong type", () => {
    const logged = (method: string, path: string, body?: unknown, query: Record<string, unknown> = {}) => ({ method, path: `/vpsorg/api/v1${path}`, query, hasBody: body !== undefined, body });
    const uuid = "44b4a7e7-9bdf-56f3-b711-d19e5e8f5b53";
    expect(
      requestLogViolations([
        logged("POST", `/dns-zones/${uuid}/records/`, { record_type: "MX", name: "@", value: "mail.example.com", priority: 10, ttl: 300 }),
        logged("PATCH", `/dns-records/${uuid}/`, { ttl: 1800 }),
        logged("GET", "/dns-records/", undefined, { zone: uuid, record_type: "A" }),
        logged("GET", "/dns-zones"),
        logged("PATCH", `/dns-records/${uuid}/`, { ttl: "1800", zone: uuid }),
        logged("GET", "/dns-zones/", undefined, { page: "2" }),
      ]),
    ).toEqual([
      "GET /vpsorg/api/v1/dns-zones: GET /dns-zones is not documented in the spec",
      expect.stringMatching(/^PATCH \/vpsorg\/api\/v1\/dns-records\/[^:]+: request body of PATCH \/dns-records\/\{uuid\}\/:\n.*additional properties.*\n.*\/ttl must be integer/),
      expect.stringMatching(/^GET \/vpsorg\/api\/v1\/dns-zones\/: parameters of GET \/dns-zones\/:\n.*"additionalProperty":"page"/),
    ]);
  });

  it("renders an injected fault in the seed's error shape", async () => {
    expect((await control("POST", "/faults", { path: "^/vpsorg/api/v1/dns-zones/$", status: 503 })).status).toBe(201);
    expectError(await api.get("/dns-zones/"), 503, "service_unavailable");
    expect((await control("POST", "/faults", { path: "^/vpsorg/api/v1/dns-zones/$", code: "throttled" })).status).toBe(201);
    expectError(await api.get("/dns-zones/"), 429, "throttled");
  });
});
