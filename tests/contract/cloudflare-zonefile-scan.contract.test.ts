/**
 * Contract test of the Cloudflare family's BIND export and import, scans (immediate, and triggered with
 * review), usage, and of the request-log check for `/cloudflare/client/v4` (paths the spec lacks are not
 * checked; those it has are).
 */
import { cloudflareContract } from "./cloudflare-spec";
import { requestLogViolations } from "./hcloud-setup";
import { expectFailure, useCloudflareEmulator } from "./cloudflare-setup";

const setup = useCloudflareEmulator();
const { api, control, zone, record } = setup;

afterEach(async () => {
  const { requests } = (await control("GET", "/requests")).body;
  expect(requestLogViolations(requests.filter((r: any) => r.status < 400))).toEqual([]);
});

async function exported(zoneId: string): Promise<{ status: number; type: string | null; text: string }> {
  const response = await fetch(`${setup.url()}/zones/${zoneId}/dns_records/export`, { headers: { Authorization: "Bearer emulator-token" } });
  return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
}

async function imported(zoneId: string, file: string, proxied?: string) {
  const form = new FormData();
  form.append("file", new Blob([file], { type: "text/plain" }), "bind_config.txt");
  if (proxied !== undefined) form.append("proxied", proxied);
  const response = await fetch(`${setup.url()}/zones/${zoneId}/dns_records/import`, { method: "POST", headers: { Authorization: "Bearer emulator-token" }, body: form });
  const body = (await response.json()) as any;
  if (response.status === 200) cloudflareContract.assertResponse("POST", `/zones/${zoneId}/dns_records/import`, 200, body);
  return { status: response.status, body, headers: response.headers };
}

const recordLines = (text: string) => text.split("\n").filter((line) => line !== "" && !line.startsWith(";;"));

describe("export and import", () => {
  it("exports BIND text: SOA, Cloudflare's NS, then every record with proxy status, tags and comment", async () => {
    const zoneId = await zone("example.com", "pro");
    await record(zoneId, { type: "A", name: "www", content: "192.0.2.1", proxied: true, comment: "web", tags: ["team:web"] });
    await record(zoneId, { type: "MX", name: "@", content: "mail.example.com", priority: 10, ttl: 3600 });
    await record(zoneId, { type: "TXT", name: "@", content: "v=spf1 -all" });
    await record(zoneId, { type: "SRV", name: "_sip._tcp", data: { priority: 1, weight: 2, port: 5060, target: "sip.example.com" } });
    const { status, type, text } = await exported(zoneId);
    expect({ status, type }).toEqual({ status: 200, type: "text/plain; charset=utf-8" });
    expect(text).toContain(";; Domain:     example.com.");
    expect(recordLines(text)).toEqual([
      "example.com.\t3600\tIN\tSOA\tada.ns.cloudflare.com. dns.cloudflare.com. 2050000000 10000 2400 604800 3600",
      "example.com.\t86400\tIN\tNS\tada.ns.cloudflare.com.",
      "example.com.\t86400\tIN\tNS\tbob.ns.cloudflare.com.",
      "www.example.com.\t1\tIN\tA\t192.0.2.1 ; web cf_tags=cf-proxied:true,team:web",
      "example.com.\t3600\tIN\tMX\t10 mail.example.com.",
      "_sip._tcp.example.com.\t1\tIN\tSRV\t1 2 5060 sip.example.com.",
      'example.com.\t1\tIN\tTXT\t"v=spf1 -all"',
    ]);
  });

  it("imports a BIND file: relative and absolute owners, $TTL, data types, cf_tags; skips SOA, apex NS and identical records", async () => {
    const zoneId = await zone("example.com", "pro");
    await record(zoneId, { type: "A", name: "www", content: "192.0.2.1" });
    const file = [
      "$ORIGIN example.com.",
      "$TTL 3600",
      "@\tIN\tSOA\tns1.example.net. hostmaster.example.com. ( 1 7200 3600 1209600 3600 )",
      "@\t86400\tIN\tNS\tns1.example.net.",
      "www\tIN\tA\t192.0.2.1",
      "api.example.com.\t300\tIN\tA\t192.0.2.2 ; the api cf_tags=cf-proxied:true,team:api",
      "\tIN\tAAAA\t2001:db8::2",
      "@\tIN\tMX\t10 mail",
      '@\tIN\tTXT\t"v=spf1 " "-all"',
      '@\tIN\tCAA\t0 issue "letsencrypt.org"',
      "_sip._tcp\tIN\tSRV\t10 5 5060 sip.example.com.",
      "loc\tIN\tLOC\t52 22 23.000 N 4 53 32.000 E -2.00m 1m 10000m 10m",
      "sub\tIN\tNS\tns1.example.net.",
    ].join("\n");
    const response = await imported(zoneId, file);
    expect(response.status).toBe(200);
    expect(response.body.result).toEqual({ recs_added: 8, total_records_parsed: 11 });
    const listed = (await api.get(`/zones/${zoneId}/dns_records?per_page=50`)).body.result;
    const byName = (type: string, name: string) => listed.find((r: any) => r.type === type && r.name === name);
    expect(byName("A", "api.example.com")).toMatchObject({ ttl: 1, proxied: true, comment: "the api", tags: ["team:api"], meta: { source: "import" } });
    expect(byName("AAAA", "api.example.com")).toMatchObject({ content: "2001:db8::2", ttl: 3600, proxied: false });
    expect(byName("MX", "example.com")).toMatchObject({ content: "mail.example.com", priority: 10 });
    expect(byName("TXT", "example.com").content).toBe("v=spf1 -all");
    expect(byName("CAA", "example.com").data).toEqual({ flags: 0, tag: "issue", value: "letsencrypt.org" });
    expect(byName("SRV", "_sip._tcp.example.com")).toMatchObject({ priority: 10, content: "5 5060 sip.example.com" });
    expect(byName("LOC", "loc.example.com").content).toBe("52 22 23 N 4 53 32 E -2m 1m 10000m 10m");
    expect(byName("NS", "sub.example.com").content).toBe("ns1.example.net");
  });

  it("round-trips an export through an import into another zone, and proxies proxiable records when asked", async () => {
    const source = await zone("example.com", "pro");
    await record(source, { type: "A", name: "www", content: "192.0.2.1", proxied: true, tags: ["a:b"] });
    await record(source, { type: "CNAME", name: "docs", content: "www.example.com", comment: "docs site" });
    await record(source, { type: "TXT", name: "long", content: "x".repeat(300) });
    const target = await zone("example.com.copy.test", "pro");
    const text = (await exported(source)).text.replaceAll("example.com.", "example.com.copy.test.");
    expect((await imported(target, text)).body.result).toEqual({ recs_added: 3, total_records_parsed: 6 });
    const copy = (await api.get(`/zones/${target}/dns_records`)).body.result.map((r: any) => ({ type: r.type, name: r.name, content: r.content, proxied: r.proxied, tags: r.tags, comment: r.comment }));
    expect(copy).toEqual([
      { type: "A", name: "www.example.com.copy.test", content: "192.0.2.1", proxied: true, tags: ["a:b"], comment: undefined },
      { type: "CNAME", name: "docs.example.com.copy.test", content: "www.example.com.copy.test", proxied: false, tags: [], comment: "docs site" },
      { type: "TXT", name: "long.example.com.copy.test", content: "x".repeat(300), proxied: false, tags: [], comment: undefined },
    ]);

    const third = await zone("proxied.test");
    expect((await imported(third, "a.proxied.test. 300 IN A 192.0.2.7\nb 300 IN TXT hello\n", "true")).status).toBe(200);
    const proxied = (await api.get(`/zones/${third}/dns_records`)).body.result.map((r: any) => [r.type, r.proxied, r.ttl]);
    expect(proxied).toEqual([
      ["A", true, 1],
      ["TXT", false, 300],
    ]);
  });

  it("refuses a bad file as a whole, naming the line, and refuses a body without a file", async () => {
    const zoneId = await zone();
    const bad = await imported(zoneId, "ok 300 IN A 192.0.2.1\nbad 300 IN A 300.1.1.1\n");
    expectFailure(bad, 400, "1004/9209");
    expect(bad.body.errors[0].error_chain[0].message).toMatch(/^line 2: /);
    expectFailure(await imported(zoneId, "x.other.org. 300 IN A 192.0.2.1\n"), 400, "1004/9209");
    expectFailure(await imported(zoneId, "a 300 IN A 192.0.2.1\n", "maybe"), 400, 9207);
    expect((await api.get(`/zones/${zoneId}/dns_records`)).body.result).toEqual([]);
    expectFailure(await api.post(`/zones/${zoneId}/dns_records/import`, { file: "a 300 IN A 192.0.2.1" }, { unchecked: true }), 400, 9207);
  });
});

describe("scans and usage", () => {
  it("scans: adds the records found (the same for the same zone name), skipping what would conflict", async () => {
    const zoneId = await zone("scan.example");
    await record(zoneId, { type: "A", name: "www", content: "192.0.2.200" });
    const response = await api.post(`/zones/${zoneId}/dns_records/scan`, {});
    expect(response.body.result).toEqual({ recs_added: 4, total_records_parsed: 5 });
    const found = (await api.get(`/zones/${zoneId}/dns_records?order=name`)).body.result;
    expect(found.map((r: any) => `${r.type} ${r.name}`).sort()).toEqual(["A mail.scan.example", "A scan.example", "A www.scan.example", "MX scan.example", "TXT scan.example"]);
    expect(found.find((r: any) => r.type === "MX").meta).toEqual({ auto_added: true, source: "scan" });
    // Again: everything is there already.
    expect((await api.post(`/zones/${zoneId}/dns_records/scan`, {})).body.result).toEqual({ recs_added: 0, total_records_parsed: 5 });
    const other = await zone("scan.example.org");
    await api.post(`/zones/${other}/dns_records/scan`, {});
    const apexOf = async (id: string) => (await api.get(`/zones/${id}/dns_records?type=A&name=${id === zoneId ? "scan.example" : "scan.example.org"}`)).body.result[0].content;
    expect(await apexOf(zoneId)).toMatch(/^192\.0\.2\.\d+$/);
  });

  it("triggers a scan whose records wait for review; accepts add them, rejects drop them; usage counts records against the plan's quota", async () => {
    const zoneId = await zone("review.example");
    expect((await api.post(`/zones/${zoneId}/dns_records/scan/trigger`)).body).toEqual({ success: true, errors: [], messages: [] });
    expect((await api.get(`/zones/${zoneId}/dns_records`)).body.result).toEqual([]);
    const pending = (await api.get(`/zones/${zoneId}/dns_records/scan/review`)).body.result;
    expect(pending).toHaveLength(5);
    const [first, second, ...rest] = pending;
    const reviewed = await api.post(`/zones/${zoneId}/dns_records/scan/review`, { accepts: [{ id: first.id, comment: "kept" }], rejects: [{ id: second.id }] });
    expect(reviewed.body.result.accepts).toEqual([expect.objectContaining({ type: first.type, name: first.name, comment: "kept" })]);
    expect(reviewed.body.result.rejects).toEqual([second.id]);
    expect((await api.get(`/zones/${zoneId}/dns_records/scan/review`)).body.result.map((r: any) => r.id)).toEqual(rest.map((r: any) => r.id));
    // An accept sent as a record body (no id) finds the scanned record by type, name and content.
    const [third] = rest;
    const byBody = await api.post(`/zones/${zoneId}/dns_records/scan/review`, { accepts: [{ type: third.type, name: third.name, content: third.content, ttl: 300 }] });
    expect(byBody.body.result.accepts).toEqual([expect.objectContaining({ type: third.type, name: third.name, ttl: 300 })]);
    rest.shift();
    expectFailure(await api.post(`/zones/${zoneId}/dns_records/scan/review`, { accepts: [{ id: rest[0].id }], rejects: [{ id: second.id }] }), 404, 81044);
    expect((await api.get(`/zones/${zoneId}/dns_records/scan/review`)).body.result).toHaveLength(2);

    expect((await api.get(`/zones/${zoneId}/dns_records/usage`)).body.result).toEqual({ record_quota: 1000, record_usage: 2 });
    await control("PUT", `/cloudflare/zones/${zoneId}/plan`, { plan: "pro" });
    expect((await api.get(`/zones/${zoneId}/dns_records/usage`)).body.result).toEqual({ record_quota: 3500, record_usage: 2 });
  });
});

describe("the request-log check", () => {
  it("checks requests of documented paths against the spec and leaves the others alone", () => {
    const zoneId = "a".repeat(32);
    const base = `/cloudflare/client/v4/zones/${zoneId}/dns_records`;
    const logged = (method: string, path: string, body?: unknown, query: Record<string, unknown> = {}) => ({ method, path, query, hasBody: body !== undefined, body });
    expect(
      requestLogViolations([
        logged("POST", `${base}/batch`, { posts: [{ anything: true }] }),
        logged("GET", `/cloudflare/client/v4/zones`, undefined, { name: "example.com" }),
        logged("DELETE", `${base}/${zoneId}`),
        logged("PATCH", `${base}/${zoneId}`, { comment: "partial" }),
        logged("POST", `${base}/import`, { file: "a 1 IN A 192.0.2.1", proxied: "true" }),
        logged("POST", base, { type: "A", name: "a", content: "192.0.2.1", ttl: 1 }),
      ]),
    ).toEqual([]);
    expect(
      requestLogViolations([
        logged("PATCH", `${base}/${zoneId}`, { ttl: "300" }),
        logged("GET", base, undefined, { "name.contains": "www" }),
        logged("POST", `${base}/import`, { proxied: "true" }),
      ]).map((line) => line.split("\n")[0]),
    ).toEqual([
      `PATCH ${base}/${zoneId}: request body of PATCH /zones/{zone_id}/dns_records/{dns_record_id}:`,
      `GET ${base}: parameters of GET /zones/{zone_id}/dns_records:`,
      `POST ${base}/import: request body of POST /zones/{zone_id}/dns_records/import:`,
    ]);
  });
});
