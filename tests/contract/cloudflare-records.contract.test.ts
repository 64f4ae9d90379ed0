/**
 * Contract test of the emulator's Cloudflare family (`/cloudflare/client/v4`): auth, the envelope, zones,
 * DNS record CRUD with Cloudflare's rules, list filters and pagination, and `/batch` as one transaction.
 * Every response of a path the spec documents is checked against it; every accepted request too (through
 * the request log).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../emulator/server";
import { contractClient } from "./openapi";
import { cloudflareContract } from "./cloudflare-spec";
import { requestLogViolations } from "./hcloud-setup";
import { expectFailure, useCloudflareEmulator } from "./cloudflare-setup";

const setup = useCloudflareEmulator();
const { api, control, zone, record } = setup;

afterEach(async () => {
  // Every request the emulator accepted must be one the spec documents (where it has the path).
  const { requests } = (await control("GET", "/requests")).body;
  expect(requestLogViolations(requests.filter((r: any) => r.status < 400))).toEqual([]);
});

const raw = (path: string, headers: Record<string, string>) => fetch(`${setup.url()}${path}`, { headers }).then(async (r) => ({ status: r.status, headers: r.headers, body: await r.json() }));

describe("auth and the envelope", () => {
  it("answers missing, malformed and unknown credentials as Cloudflare does", async () => {
    expectFailure(await raw("/zones", {}), 400, 9106);
    expectFailure(await raw("/zones", { Authorization: "Token abc" }), 400, "6003/6111");
    expectFailure(await raw("/zones", { Authorization: "Bearer not-a-token" }), 403, 10000);
    expectFailure(await raw("/zones", { "X-Auth-Email": "a@b.c", "X-Auth-Key": "k" }), 400, "6003/6103");
    expect((await raw("/zones", { Authorization: "Bearer emulator-token" })).body).toMatchObject({ success: true, errors: [], messages: [], result: [] });
  });

  it("answers an unknown path 7000 and a malformed or foreign zone id 7003", async () => {
    expectFailure(await api.get("/nowhere"), 400, 7000);
    expectFailure(await api.get("/zones/not-an-id/dns_records"), 400, 7003);
    expectFailure(await api.get(`/zones/${"0".repeat(32)}/dns_records`), 400, 7003);
  });

  it("answers bad JSON in the envelope", async () => {
    const response = await fetch(`${setup.url()}/zones/${"a".repeat(32)}/dns_records`, { method: "POST", headers: { Authorization: "Bearer emulator-token", "Content-Type": "application/json" }, body: "{" });
    expectFailure({ status: response.status, headers: response.headers, body: await response.json() }, 400, 9207);
  });

  it("gives each project its own account: zones of one token are invisible to another; a revoked token is refused", async () => {
    const emulator = await startEmulator({ port: 0, tokens: ["token-a"], projects: { b: ["token-b"] } });
    try {
      const as = (token: string) => contractClient(emulator.cloudflareUrl, cloudflareContract, { Authorization: `Bearer ${token}` });
      const created = await fetch(`${emulator.url}/__emulator/cloudflare/zones?project=b`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ name: "b.example" }) });
      const zoneB = ((await created.json()) as any).zone;
      expect((await as("token-b").get("/zones", { unchecked: true })).body.result.map((z: any) => z.id)).toEqual([zoneB.id]);
      expect((await as("token-a").get("/zones", { unchecked: true })).body.result).toEqual([]);
      expectFailure(await as("token-a").get(`/zones/${zoneB.id}/dns_records`, { unchecked: true }), 400, 7003);
      const a = (await as("token-a").get(`/zones?name=b.example`, { unchecked: true })).body.result;
      expect(a).toEqual([]);
      expect(zoneB.account.id).toMatch(/^[0-9a-f]{32}$/);
      await fetch(`${emulator.url}/__emulator/revoke-token`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ token: "token-b" }) });
      expectFailure(await as("token-b").get("/zones", { unchecked: true }), 403, 10000);
    } finally {
      await emulator.close();
    }
  });

  it("makes the next requests 429 with Retry-After through the control route", async () => {
    expect((await control("POST", "/cloudflare/rate-limit", { times: 2, retryAfterSeconds: 7 })).status).toBe(201);
    for (let i = 0; i < 2; i++) {
      const limited = await api.get("/zones");
      expectFailure(limited, 429, 10100);
      expect(limited.headers.get("retry-after")).toBe("7");
    }
    expect((await api.get("/zones")).status).toBe(200);
  });
});

describe("zones", () => {
  it("keeps zones and records in the state file across a restart, reading a file that predates the review list", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cf-state-"));
    const stateFile = path.join(dir, "state.json");
    fs.writeFileSync(stateFile, JSON.stringify({ cloudflare: { nextId: { zone: 7 }, zones: [{ id: "b".repeat(32), name: "old.example", plan: "free", createdOn: 0, modifiedOn: 0 }], records: [] } }));
    let emulator = await startEmulator({ port: 0, stateFile });
    try {
      const client = () => contractClient(emulator.cloudflareUrl, cloudflareContract, { Authorization: "Bearer emulator-token" });
      expect((await client().post(`/zones/${"b".repeat(32)}/dns_records/scan/trigger`, undefined, { unchecked: true })).status).toBe(200);
      const created = await client().post(`/zones/${"b".repeat(32)}/dns_records`, { type: "A", name: "www", content: "192.0.2.1" });
      await emulator.close();
      emulator = await startEmulator({ port: 0, stateFile });
      expect((await client().get(`/zones/${"b".repeat(32)}/dns_records/${created.body.result.id}`)).body.result).toEqual(created.body.result);
      expect((await client().get(`/zones/${"b".repeat(32)}/dns_records/scan/review`, { unchecked: true })).body.result.length).toBeGreaterThan(0);
    } finally {
      await emulator.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("creates a zone with POST /zones in the token's account, finds it by name, refuses duplicates", async () => {
    const account = (await api.get("/zones")).body;
    expect(account.result_info).toEqual({ page: 1, per_page: 20, count: 0, total_count: 0, total_pages: 1 });
    const other = await zone("other.org");
    const { result: otherZone } = (await api.get(`/zones/${other}`)).body;
    const created = await api.post("/zones", { name: "Example.COM", account: { id: otherZone.account.id } });
    expect(created.body.result).toMatchObject({ name: "example.com", status: "active", account: otherZone.account, plan: { id: "free" }, name_servers: ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"] });
    expect(created.body.result.id).toMatch(/^[0-9a-f]{32}$/);
    expect((await api.get("/zones?name=example.com")).body.result.map((z: any) => z.id)).toEqual([created.body.result.id]);
    expectFailure(await api.post("/zones", { name: "example.com", account: { id: otherZone.account.id } }), 400, 1061);
    expectFailure(await api.post("/zones", { name: "example.com", account: { id: "f".repeat(32) } }), 400, 1099);
    expectFailure(await api.post("/zones", { name: "not a domain", account: { id: otherZone.account.id } }), 400, 1099);
    expectFailure(await api.get("/zones?per_page=51"), 400, 9206);
  });
});

describe("records", () => {
  it("creates, reads, overwrites, patches and deletes an A record; names become FQDNs; timestamps move", async () => {
    const zoneId = await zone();
    const created = await record(zoneId, { type: "A", name: "www", content: "192.0.2.1", ttl: 3600, comment: "web", proxied: false });
    expect(created).toMatchObject({ name: "www.example.com", type: "A", content: "192.0.2.1", ttl: 3600, proxied: false, proxiable: true, comment: "web", tags: [], settings: {} });
    expect(created.id).toMatch(/^[0-9a-f]{32}$/);
    expect((await api.get(`/zones/${zoneId}/dns_records/${created.id}`)).body.result).toEqual(created);

    const put = await api.put(`/zones/${zoneId}/dns_records/${created.id}`, { type: "A", name: "www.example.com", content: "192.0.2.2", proxied: true });
    expect(put.body.result).toMatchObject({ id: created.id, content: "192.0.2.2", ttl: 1, proxied: true, created_on: created.created_on });
    // PUT overwrites: the comment left out is gone (the spec types `comment` as a string, so none is left out).
    expect(put.body.result).not.toHaveProperty("comment");
    const patched = await api.patch(`/zones/${zoneId}/dns_records/${created.id}`, { comment: "patched" });
    expect(patched.body.result).toMatchObject({ content: "192.0.2.2", proxied: true, comment: "patched" });
    expect(patched.body.result.modified_on >= created.modified_on).toBe(true);

    expect((await api.delete(`/zones/${zoneId}/dns_records/${created.id}`)).body).toEqual({ success: true, errors: [], messages: [], result: { id: created.id } });
    expectFailure(await api.get(`/zones/${zoneId}/dns_records/${created.id}`), 404, 81044);
    expectFailure(await api.get(`/zones/${zoneId}/dns_records/xyz`), 400, 7003);
  });

  it("keeps names as FQDN Punycode and content canonical: apex, Unicode, absolute, IPv6", async () => {
    const zoneId = await zone();
    expect((await record(zoneId, { type: "TXT", name: "@", content: "apex" })).name).toBe("example.com");
    expect((await record(zoneId, { type: "A", name: "bücher", content: "192.0.2.3" })).name).toBe("xn--bcher-kva.example.com");
    expect((await record(zoneId, { type: "A", name: "Deep.Sub.Example.com.", content: "192.0.2.4" })).name).toBe("deep.sub.example.com");
    expect((await record(zoneId, { type: "AAAA", name: "v6", content: "2001:0db8:0000:0000:0000:0000:0000:0001" })).content).toBe("2001:db8::1");
    expect((await record(zoneId, { type: "A", name: "*.wild", content: "192.0.2.5" })).name).toBe("*.wild.example.com");
    expect((await record(zoneId, { type: "CNAME", name: "alias", content: "Target.Example.NET." })).content).toBe("target.example.net");
  });

  it("computes content from structured data and takes priority for MX, SRV and URI", async () => {
    const zoneId = await zone();
    const caa = await record(zoneId, { type: "CAA", name: "@", data: { flags: 0, tag: "issue", value: "letsencrypt.org" } });
    expect(caa).toMatchObject({ content: '0 issue "letsencrypt.org"', data: { flags: 0, tag: "issue", value: "letsencrypt.org" } });
    const srv = await record(zoneId, { type: "SRV", name: "_sip._tcp", data: { priority: 10, weight: 5, port: 5060, target: "sip.example.com" } });
    expect(srv).toMatchObject({ name: "_sip._tcp.example.com", content: "5 5060 sip.example.com", priority: 10 });
    expect(await record(zoneId, { type: "MX", name: "@", content: "mail.example.com", priority: 10 })).toMatchObject({ priority: 10, proxiable: false });
    expect(await record(zoneId, { type: "URI", name: "_ftp._tcp", data: { weight: 1, target: "ftp://ftp.example.com/" }, priority: 5 })).toMatchObject({ content: '1 "ftp://ftp.example.com/"', priority: 5 });
    expect((await record(zoneId, { type: "TLSA", name: "_443._tcp", data: { usage: 3, selector: 1, matching_type: 1, certificate: "ABCDEF01" } })).content).toBe("3 1 1 abcdef01");
    expect((await record(zoneId, { type: "DS", name: "sub", data: { key_tag: 2371, algorithm: 13, digest_type: 2, digest: "AB12" } })).content).toBe("2371 13 2 ab12");
    expect((await record(zoneId, { type: "HTTPS", name: "@", data: { priority: 1, target: ".", value: 'alpn="h3,h2"' } })).content).toBe('1 . alpn="h3,h2"');
    expect((await record(zoneId, { type: "SSHFP", name: "host", data: { algorithm: 4, type: 2, fingerprint: "AA" } })).content).toBe("4 2 aa");
    expect((await record(zoneId, { type: "LOC", name: "loc", data: { lat_degrees: 52, lat_minutes: 22, lat_seconds: 23, lat_direction: "N", long_degrees: 4, long_minutes: 53, long_seconds: 32, long_direction: "E", altitude: -2, size: 1, precision_horz: 10000, precision_vert: 10 } })).content).toBe(
      "52 22 23 N 4 53 32 E -2m 1m 10000m 10m",
    );
    expect((await record(zoneId, { type: "NAPTR", name: "naptr", data: { order: 100, preference: 10, flags: "S", service: "SIP+D2U", regex: "", replacement: "_sip._udp.example.com" } })).content).toBe(
      '100 10 "S" "SIP+D2U" "" _sip._udp.example.com',
    );
  });

  it("refuses invalid records with 1004 and the causes: content, TTL, proxied, priority, data, tags on free", async () => {
    const zoneId = await zone();
    const create = (body: Record<string, unknown>) => api.post(`/zones/${zoneId}/dns_records`, body, { unchecked: true });
    expectFailure(await create({ type: "A", name: "a", content: "999.1.1.1" }), 400, "1004/9005");
    expectFailure(await create({ type: "A", name: "a", content: "192.0.2.1", ttl: 30 }), 400, "1004/9021");
    expectFailure(await create({ type: "A", name: "a", content: "192.0.2.1", ttl: 3600, proxied: true }), 400, "1004/9022");
    expectFailure(await create({ type: "TXT", name: "a", content: "x", proxied: true }), 400, "1004/9004");
    expectFailure(await create({ type: "MX", name: "a", content: "mail.example.com" }), 400, "1004/9100");
    expectFailure(await create({ type: "CAA", name: "a", content: '0 issue "x"' }), 400, "1004/9101");
    expectFailure(await create({ type: "SRV", name: "srv", data: { priority: 1, weight: 1, port: 1, target: "t.example.com" } }), 400, "1004/9000");
    expectFailure(await create({ type: "A", name: "a", content: "192.0.2.1", tags: ["team:dns"] }), 400, "1004/9102");
    expectFailure(await create({ type: "SPF", name: "a", content: "v=spf1" }), 400, "1004/9104");
    expectFailure(await create({ type: "A", name: "bad name!", content: "192.0.2.1", ttl: 5 }), 400, "1004/9000", "1004/9021");
    expectFailure(await create({ type: "A", name: "a", content: "192.0.2.1", settings: { flatten_cname: true } }), 400, "1004/9102");
    expectFailure(await create({ type: "CNAME", name: "loop", content: "loop.example.com" }), 400, "1004/9005");
  });

  it("keeps Cloudflare's zone rules: identical records, CNAME and NS exclusivity", async () => {
    const zoneId = await zone();
    const a = await record(zoneId, { type: "A", name: "www", content: "192.0.2.1" });
    expectFailure(await api.post(`/zones/${zoneId}/dns_records`, { type: "A", name: "www.example.com", content: "192.0.2.1", ttl: 300 }), 400, 81058);
    expectFailure(await api.post(`/zones/${zoneId}/dns_records`, { type: "CNAME", name: "www", content: "x.example.net" }), 400, 81053);
    await record(zoneId, { type: "CNAME", name: "alias", content: "x.example.net" });
    expectFailure(await api.post(`/zones/${zoneId}/dns_records`, { type: "TXT", name: "alias", content: "t" }), 400, 81054);
    await record(zoneId, { type: "NS", name: "delegated", content: "ns1.example.net" });
    await record(zoneId, { type: "NS", name: "delegated", content: "ns2.example.net" });
    expectFailure(await api.post(`/zones/${zoneId}/dns_records`, { type: "A", name: "delegated", content: "192.0.2.9" }), 400, 81056);
    expectFailure(await api.post(`/zones/${zoneId}/dns_records`, { type: "NS", name: "www", content: "ns1.example.net" }), 400, 81056);
    // Updating a record to what it already is is no conflict with itself.
    expect((await api.put(`/zones/${zoneId}/dns_records/${a.id}`, { type: "A", name: "www", content: "192.0.2.1", ttl: 120 })).body.result.ttl).toBe(120);
    // A paid plan allows tags.
    const pro = await zone("example.net", "pro");
    expect((await record(pro, { type: "A", name: "t", content: "192.0.2.1", tags: ["team:dns", "owner"] })).tags).toEqual(["team:dns", "owner"]);
  });

  it("lists with Cloudflare's filters, match any/all, order and pagination", async () => {
    const zoneId = await zone("example.com", "pro");
    await record(zoneId, { type: "A", name: "a", content: "192.0.2.1", comment: "first web", tags: ["team:web"] });
    await record(zoneId, { type: "A", name: "b", content: "192.0.2.2", tags: ["team:db", "env:prod"] });
    await record(zoneId, { type: "TXT", name: "a", content: "hello" });
    await record(zoneId, { type: "AAAA", name: "c", content: "2001:db8::1", proxied: true });
    const names = async (query: string) => (await api.get(`/zones/${zoneId}/dns_records?${query}`)).body.result.map((r: any) => `${r.type} ${r.name}`);
    expect(await names("type=A")).toEqual(["A a.example.com", "A b.example.com"]);
    expect(await names("name=a.example.com")).toEqual(["A a.example.com", "TXT a.example.com"]);
    expect(await names("name=a.example.com&type=TXT")).toEqual(["TXT a.example.com"]);
    expect(await names("name=a.example.com&type=AAAA&match=any")).toEqual(["A a.example.com", "AAAA c.example.com", "TXT a.example.com"]);
    expect(await names("content=hello")).toEqual(["TXT a.example.com"]);
    expect(await names("comment.contains=web")).toEqual(["A a.example.com"]);
    expect(await names("comment.absent=")).toEqual(["A b.example.com", "AAAA c.example.com", "TXT a.example.com"]);
    expect(await names("tag=team:db")).toEqual(["A b.example.com"]);
    expect(await names("tag.present=team")).toEqual(["A a.example.com", "A b.example.com"]);
    expect(await names("tag=team:web&tag.exact=env:prod&tag_match=any")).toEqual(["A a.example.com", "A b.example.com"]);
    expect(await names("proxied=true")).toEqual(["AAAA c.example.com"]);
    expect(await names("search=HELLO")).toEqual(["TXT a.example.com"]);
    expect(await names("order=name&direction=desc")).toEqual(["AAAA c.example.com", "A b.example.com", expect.stringMatching(/a\.example\.com$/), expect.stringMatching(/a\.example\.com$/)]);

    const page = await api.get(`/zones/${zoneId}/dns_records?per_page=3&page=2`);
    expect(page.body.result).toHaveLength(1);
    expect(page.body.result_info).toEqual({ page: 2, per_page: 3, count: 1, total_count: 4, total_pages: 2 });
    expectFailure(await api.get(`/zones/${zoneId}/dns_records?per_page=0`, { unchecked: true }), 400, 9206);
    expectFailure(await api.get(`/zones/${zoneId}/dns_records?order=zone`, { unchecked: true }), 400, 9206);
  });
});

describe("batch", () => {
  it("runs deletes, patches, puts and posts in that order in one request and answers each list", async () => {
    const zoneId = await zone();
    const gone = await record(zoneId, { type: "A", name: "gone", content: "192.0.2.1" });
    const patched = await record(zoneId, { type: "A", name: "patched", content: "192.0.2.2" });
    const put = await record(zoneId, { type: "A", name: "put", content: "192.0.2.3" });
    // The post reuses what the delete frees: it only passes because deletes run first.
    const response = await api.post(`/zones/${zoneId}/dns_records/batch`, {
      posts: [{ type: "A", name: "gone", content: "192.0.2.1", comment: "again" }],
      puts: [{ id: put.id, type: "TXT", name: "put", content: "now text" }],
      patches: [{ id: patched.id, ttl: 300 }],
      deletes: [{ id: gone.id }],
    });
    expect(response.status).toBe(200);
    const { result } = response.body;
    expect(result.deletes.map((r: any) => r.id)).toEqual([gone.id]);
    expect(result.patches[0]).toMatchObject({ id: patched.id, ttl: 300 });
    expect(result.puts[0]).toMatchObject({ id: put.id, type: "TXT", content: "now text" });
    expect(result.posts[0]).toMatchObject({ name: "gone.example.com", comment: "again" });
    const listed = (await api.get(`/zones/${zoneId}/dns_records`)).body.result;
    expect(listed.map((r: any) => r.id).sort()).toEqual([result.posts[0].id, patched.id, put.id].sort());
  });

  it("applies nothing when one operation fails, and says which", async () => {
    const zoneId = await zone();
    const keep = await record(zoneId, { type: "A", name: "keep", content: "192.0.2.1" });
    const response = await api.post(`/zones/${zoneId}/dns_records/batch`, {
      deletes: [{ id: keep.id }],
      posts: [
        { type: "A", name: "new", content: "192.0.2.2" },
        { type: "A", name: "bad", content: "not-an-ip" },
      ],
    });
    expectFailure(response, 400, "1004/9005");
    expect(response.body.errors[0].message).toMatch(/^posts\[1\]: /);
    expect((await api.get(`/zones/${zoneId}/dns_records`)).body.result.map((r: any) => r.id)).toEqual([keep.id]);

    const missing = await api.post(`/zones/${zoneId}/dns_records/batch`, { patches: [{ id: "a".repeat(32), ttl: 60 }] });
    expectFailure(missing, 404, 81044);
    expect(missing.body.errors[0].message).toMatch(/^patches\[0\]: /);
  });

  it("refuses a batch above the plan's limit (Free: 200) before running any of it", async () => {
    const zoneId = await zone();
    const posts = Array.from({ length: 201 }, (_, i) => ({ type: "A", name: `h${i}`, content: "192.0.2.1" }));
    expectFailure(await api.post(`/zones/${zoneId}/dns_records/batch`, { posts }), 400, 81100);
    expect((await api.post(`/zones/${zoneId}/dns_records/batch`, { posts: posts.slice(0, 200) })).body.result.posts).toHaveLength(200);
    expect((await api.get(`/zones/${zoneId}/dns_records?per_page=1`)).body.result_info.total_count).toBe(200);
  });
});
