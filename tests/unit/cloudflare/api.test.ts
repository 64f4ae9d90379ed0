/** Cloudflare settings, envelope, pagination, rate limits, and the lookups and one-off operations programs call. */
import nock from "nock";
import * as cloudflare from "../../../sdk/cloudflare/lookups";
import { CloudflareClient } from "../../../provider/cloudflare/client";
import { useStackConfig } from "../../../provider/core/config";
import { ConfigurationError } from "../../../provider/core/errors";
import { classifyCloudflareFailure } from "../../../provider/cloudflare/envelope";
import { CLOUDFLARE_API, countRequests, isolateConfig, offContract, useNock } from "../helpers";
import { failed, fastCloudflareOptions, ok, wireRecord, ZONE_ID } from "./fixtures";

useNock();
isolateConfig(["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ENDPOINT"]);
const RECORDS = `/zones/${ZONE_ID}/dns_records`;
const client = () => new CloudflareClient(fastCloudflareOptions({ token: undefined, endpoint: undefined }));

describe("settings", () => {
  test("cloudflare:apiToken, then CLOUDFLARE_API_TOKEN; cloudflare:endpoint, then CLOUDFLARE_ENDPOINT", async () => {
    process.env.CLOUDFLARE_API_TOKEN = "env-token";
    process.env.CLOUDFLARE_ENDPOINT = CLOUDFLARE_API;
    nock(CLOUDFLARE_API, { reqheaders: { authorization: "Bearer env-token" } }).get("/zones/z1").reply(200, ok({ id: "z1", name: "example.com" }));
    await client().zones.get("z1");
    useStackConfig({ get: (key) => ({ "cloudflare:apiToken": "stack-token", "cloudflare:endpoint": "https://other.test/client/v4" })[key] });
    nock("https://other.test/client/v4", { reqheaders: { authorization: "Bearer stack-token" } }).get("/zones/z1").reply(200, ok({ id: "z1", name: "example.com" }));
    await client().zones.get("z1");
  });

  test("no token: an error naming both places, before any request", async () => {
    process.env.CLOUDFLARE_ENDPOINT = CLOUDFLARE_API;
    const failure = client().zones.get("z1");
    await expect(failure).rejects.toThrow(ConfigurationError);
    await expect(failure).rejects.toThrow("Cloudflare API token is not set: looked at cloudflare:apiToken, CLOUDFLARE_API_TOKEN (in this order). Run `pulumi config set --secret cloudflare:apiToken <token>` or set the CLOUDFLARE_API_TOKEN environment variable");
  });
});

describe("the envelope", () => {
  test("a validation error shows its causes from error_chain and the fix, never the token", async () => {
    nock(CLOUDFLARE_API).get("/zones/z1").reply(403, failed(10000, "Authentication error"));
    const refused = (await new CloudflareClient(fastCloudflareOptions({ token: "secret-cf" })).zones.get("z1").catch((e: Error) => e)) as Error;
    expect(refused.message).toBe("cloudflare API GET /zones/z1 failed: HTTP 403 10000: Authentication error; check cloudflare:apiToken / CLOUDFLARE_API_TOKEN: Cloudflare did not accept the token");
    offContract({ requests: "an invalid A record, to see Cloudflare's refusal" });
    nock(CLOUDFLARE_API).post(RECORDS).reply(400, failed(1004, "DNS Validation Error", [{ code: 9005, message: "Content for A record must be a valid IPv4 address." }]));
    const invalid = (await new CloudflareClient(fastCloudflareOptions()).records.create(ZONE_ID, { type: "A", name: "x.example.com", content: "1.2.3" }).catch((e: Error) => e)) as Error;
    expect(invalid.message).toContain("HTTP 400 1004: DNS Validation Error: content: Content for A record must be a valid IPv4 address.");
  });

  test("429: waits Retry-After, then sends again", async () => {
    const delays: number[] = [];
    const c = new CloudflareClient(fastCloudflareOptions({ retry: { maxDelayMs: 5000, onRetry: (r) => delays.push(r.delayMs) } }));
    nock(CLOUDFLARE_API).get("/zones/z1").reply(429, failed(971, "Please wait and consider throttling your request speed"), { "Retry-After": "1" });
    nock(CLOUDFLARE_API).get("/zones/z1").reply(200, ok({ id: "z1", name: "example.com" }));
    expect((await c.zones.get("z1")).name).toBe("example.com");
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(1000);
  });

  test("both of Cloudflare's rate-limit codes read as rate-limited, whatever the status", () => {
    const facts = (code: string) => ({ status: 400, code, message: "", method: "GET", path: "/zones" }) as Parameters<typeof classifyCloudflareFailure>[0];
    expect(["971", "10100", "1004"].map((code) => classifyCloudflareFailure(facts(code)))).toEqual(["rate_limited", "rate_limited", undefined]);
  });

  test("a list follows result_info until the last page", async () => {
    const page = (n: number) => ({ page: n, per_page: 2, count: n < 2 ? 2 : 1, total_count: 3, total_pages: 2 });
    nock(CLOUDFLARE_API).get(RECORDS).query({ type: "A", page: "1", per_page: "5000" }).reply(200, ok([wireRecord({ name: "a.example.com", type: "A" }), wireRecord({ name: "b.example.com", type: "A" })], page(1)));
    nock(CLOUDFLARE_API).get(RECORDS).query({ type: "A", page: "2", per_page: "5000" }).reply(200, ok([wireRecord({ name: "c.example.com", type: "A" })], page(2)));
    expect((await new CloudflareClient(fastCloudflareOptions()).records.list(ZONE_ID, { type: "A" })).map((r) => r.name)).toEqual(["a.example.com", "b.example.com", "c.example.com"]);
  });
});

describe("lookups and operations", () => {
  beforeEach(() => {
    process.env.CLOUDFLARE_API_TOKEN = "cf-token";
    process.env.CLOUDFLARE_ENDPOINT = CLOUDFLARE_API;
  });

  test("getZone takes a Unicode name and asks for its punycode form", async () => {
    nock(CLOUDFLARE_API).get("/zones").query({ name: "xn--bcher-kva.example", page: "1", per_page: "50" }).reply(200, ok([{ id: "z2", name: "xn--bcher-kva.example", status: "active", name_servers: ["ada.ns.cloudflare.com"] }], { page: 1, per_page: 50, count: 1, total_count: 1, total_pages: 1 }));
    expect(await cloudflare.getZone("Bücher.example.")).toEqual({ id: "z2", name: "xn--bcher-kva.example", status: "active", nameServers: ["ada.ns.cloudflare.com"] });
    nock(CLOUDFLARE_API).get("/zones").query(true).reply(200, ok([], { page: 1, per_page: 50, count: 0, total_count: 0, total_pages: 0 }));
    await expect(cloudflare.getZone("example.org")).rejects.toThrow('cloudflare zone "example.org" not found');
  });

  test("getDnsRecords passes Cloudflare's filters and answers camelCase records", async () => {
    nock(CLOUDFLARE_API).get(RECORDS).query({ type: "MX", "tag": "team:mail", match: "any", page: "1", per_page: "5000" }).reply(200, ok([wireRecord({ id: "m1", name: "example.com", type: "MX", content: "mail.example.com", priority: 10 })], { page: 1, per_page: 5000, count: 1, total_count: 1, total_pages: 1 }));
    const [mx] = await cloudflare.getDnsRecords(ZONE_ID, { type: "MX", tag: "team:mail", match: "any" });
    expect(mx).toMatchObject({ id: "m1", name: "example.com", type: "MX", content: "mail.example.com", priority: 10, ttl: 1, proxied: false, createdOn: "2026-11-30T08:00:00.000000Z" });
  });

  test("export answers the zone file text; import uploads it as multipart with proxied", async () => {
    offContract({ requests: "the checker reads bodies as JSON, not multipart", replies: "the checker reads bodies as JSON, not text/plain" });
    nock(CLOUDFLARE_API, { reqheaders: { accept: "text/plain" } }).get(`${RECORDS}/export`).reply(200, "www.example.com.\t1\tIN\tA\t192.0.2.1\n", { "Content-Type": "text/plain" });
    expect(await cloudflare.exportZoneFile(ZONE_ID)).toBe("www.example.com.\t1\tIN\tA\t192.0.2.1\n");
    let sent = "";
    nock(CLOUDFLARE_API, { reqheaders: { "content-type": /^multipart\/form-data; boundary=/ } })
      .post(`${RECORDS}/import`, (body) => ((sent = String(body)), true))
      .reply(200, ok({ recs_added: 1, total_records_parsed: 1 }));
    expect(await cloudflare.importZoneFile(ZONE_ID, "www 300 IN A 192.0.2.1\n", { proxied: true })).toEqual({ recordsAdded: 1, recordsParsed: 1 });
    expect(sent).toMatch(/name="file"; filename="bind_config.txt"[\s\S]*www 300 IN A 192\.0\.2\.1/);
    expect(sent).toMatch(/name="proxied"\r\n\r\ntrue/);
  });

  test("scan, trigger, list and review of scanned records, usage", async () => {
    nock(CLOUDFLARE_API).post(`${RECORDS}/scan`, {}).reply(200, ok({ recs_added: 3, total_records_parsed: 3 }));
    expect(await cloudflare.scanDnsRecords(ZONE_ID)).toEqual({ recordsAdded: 3, recordsParsed: 3 });
    const trigger = countRequests(nock(CLOUDFLARE_API).post(`${RECORDS}/scan/trigger`).reply(200, ok(null)));
    await cloudflare.triggerDnsRecordScan(ZONE_ID);
    expect(trigger.count).toBe(1);
    const found = [wireRecord({ id: "s1", name: "www.example.com", type: "A" }), wireRecord({ id: "s2", name: "ftp.example.com", type: "A" })];
    nock(CLOUDFLARE_API).get(`${RECORDS}/scan/review`).reply(200, ok(found));
    const scanned = await cloudflare.listScannedDnsRecords(ZONE_ID);
    expect(scanned.map((r) => r.id)).toEqual(["s1", "s2"]);
    nock(CLOUDFLARE_API)
      .post(`${RECORDS}/scan/review`, { accepts: [{ id: "s1", name: "www.example.com", type: "A", content: "192.0.2.1", ttl: 1, proxied: false, tags: [], settings: {} }], rejects: [{ id: "s2" }] })
      .reply(200, ok({ accepts: [found[0]], rejects: ["s2"] }));
    const { createdOn: _c, modifiedOn: _m, proxiable: _p, ...accept } = scanned[0];
    expect(await cloudflare.reviewScannedDnsRecords(ZONE_ID, { accepts: [accept], rejects: ["s2"] })).toMatchObject({ accepted: [{ id: "s1" }], rejected: ["s2"] });
    nock(CLOUDFLARE_API).get(`${RECORDS}/usage`).reply(200, ok({ record_usage: 120, record_quota: 200 }));
    expect(await cloudflare.getDnsRecordUsage(ZONE_ID)).toEqual({ records: 120, quota: 200 });
  });
});
