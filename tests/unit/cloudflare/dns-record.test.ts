/** cloudflare.DnsRecord: check before any request, diff, and writes through the zone's batch. */
import nock from "nock";
import { check, create, diff, read, remove, update } from "../../../provider/cloudflare/dns-record";
import { CLOUDFLARE_API, countRequests } from "../helpers";
import { failed, ok, useCloudflareClient, wireRecord, ZONE, ZONE_ID } from "./fixtures";

const auth = useCloudflareClient();
const BATCH = `/zones/${ZONE_ID}/dns_records/batch`;
const zoneLookup = () => nock(CLOUDFLARE_API, auth).get(`/zones/${ZONE_ID}`).reply(200, ok({ id: ZONE_ID, name: ZONE }));
const checked = async (news: Record<string, unknown>, olds: Record<string, unknown> = {}) => check(olds, { zoneId: ZONE_ID, ...news });

describe("check", () => {
  test("a proxied record with a ttl other than 1 fails before any request, naming the fix", async () => {
    const { failures } = await checked({ name: "www", type: "A", content: "192.0.2.1", proxied: true, ttl: 300 });
    expect(failures).toEqual([{ property: "ttl", reason: "a proxied record's ttl must be 1 (automatic), not 300: Cloudflare answers for it; remove ttl or set proxied: false" }]);
  });

  test("bad input is reported per property, before any request", async () => {
    const { failures } = await checked({ name: "www", type: "mx", content: "", ttl: 5 });
    expect(failures).toEqual([
      { property: "type", reason: 'type must be written in upper case: "MX"' },
      { property: "ttl", reason: "ttl must be 1 (automatic) or a whole number of seconds from 30 to 86400" },
    ]);
    const structured = await checked({ name: "@", type: "CAA", content: '0 issue "letsencrypt.org"', proxied: true });
    expect(structured.failures.map((f) => f.property)).toEqual(["data", "proxied"]);
  });

  test("a value the DNS module refuses for its type fails before any request", async () => {
    const ip = await checked({ name: "www", type: "A", content: "192.0.2.300" });
    expect(ip.failures).toEqual([{ property: "content", reason: 'A value "192.0.2.300" is not an IPv4 address (four decimal numbers 0-255, no leading zeros)' }]);
    const caa = await checked({ name: "@", type: "CAA", data: { flags: 300, tag: "issue", value: "letsencrypt.org" } });
    expect(caa.failures).toEqual([{ property: "data", reason: 'CAA value "300 issue \\"letsencrypt.org\\"": flags must be a whole number from 0 to 255' }]);
  });

  test("the name in Cloudflare's form (FQDN, punycode, lower case) from the zone's name, read once per zone", async () => {
    const lookup = countRequests(zoneLookup());
    const [www, idn, apex] = await Promise.all([
      checked({ name: "WWW", type: "A", content: "192.0.2.1" }),
      checked({ name: "bücher.example.com.", type: "CNAME", content: "Target.Example.NET." }),
      checked({ name: "@", type: "MX", content: "mail.example.com", priority: 10 }),
    ]);
    expect([www.inputs.name, idn.inputs.name, apex.inputs.name]).toEqual(["www.example.com", "xn--bcher-kva.example.com", "example.com"]);
    expect(idn.inputs.content).toBe("target.example.net");
    expect(www.inputs).toMatchObject({ zoneName: ZONE, ttl: 1, proxied: false, tags: [], settings: {} });
    expect(lookup.count).toBe(1);
    // Once recorded, later checks send nothing.
    const again = await checked({ name: "www", type: "A", content: "192.0.2.1" }, { zoneId: ZONE_ID, zoneName: ZONE });
    expect(again.inputs.name).toBe("www.example.com");
  });

  test("a name outside the zone fails", async () => {
    const { failures } = await checked({ name: "www.example.org.", type: "A", content: "192.0.2.1" }, { zoneId: ZONE_ID, zoneName: ZONE });
    expect(failures).toEqual([{ property: "name", reason: 'name "www.example.org." is outside the zone example.com' }]);
  });
});

describe("diff", () => {
  const outputs = { zoneId: ZONE_ID, zoneName: ZONE, name: "www.example.com", type: "A", content: "192.0.2.1", ttl: 1, proxied: false, tags: [], settings: {}, createdOn: "t0", modifiedOn: "t1" };
  const inputs = { zoneId: ZONE_ID, zoneName: ZONE, name: "www.example.com", type: "A", content: "192.0.2.1", ttl: 1, proxied: false, tags: [], settings: {} };

  test("createdOn/modifiedOn, an empty comment and settings that are off never diff", async () => {
    expect((await diff("r1", { ...outputs, settings: { ipv4_only: false } }, { ...inputs, comment: "" })).changes).toBe(false);
  });

  test("proxied on is an update; a type or zone change replaces, deleting first", async () => {
    expect(await diff("r1", outputs, { ...inputs, proxied: true })).toMatchObject({ changes: true, replaces: [] });
    expect(await diff("r1", outputs, { ...inputs, type: "AAAA", content: "2001:db8::1" })).toMatchObject({ changes: true, replaces: ["type"], deleteBeforeReplace: true });
  });

  test("data compares the fields the program gives", async () => {
    const caa = { ...outputs, type: "CAA", content: undefined, data: { flags: 0, tag: "issue", value: "letsencrypt.org" } };
    expect((await diff("r1", caa, { ...inputs, type: "CAA", content: undefined, data: { flags: "0", tag: "issue", value: "letsencrypt.org" } })).changes).toBe(false);
    expect((await diff("r1", caa, { ...inputs, type: "CAA", content: undefined, data: { flags: 0, tag: "issue", value: "pki.goog" } })).changes).toBe(true);
  });
});

describe("writes", () => {
  const inputs = { zoneId: ZONE_ID, zoneName: ZONE, name: "www.example.com", type: "A", content: "192.0.2.1", ttl: 1, proxied: true, tags: [], settings: {}, comment: "web" };

  test("create posts the record in a batch and records Cloudflare's answer", async () => {
    const live = wireRecord({ id: "r1", name: "www.example.com", type: "A", proxied: true, comment: "web" });
    nock(CLOUDFLARE_API, auth)
      .post(BATCH, { posts: [{ type: "A", name: "www.example.com", ttl: 1, content: "192.0.2.1", proxied: true, comment: "web" }] })
      .reply(200, ok({ posts: [live] }));
    const { id, outs } = await create(inputs);
    expect(id).toBe("r1");
    expect(outs).toMatchObject({ recordId: "r1", name: "www.example.com", proxied: true, proxiable: true, comment: "web", createdOn: live.created_on });
  });

  test("update patches only what changed (proxied off, a ttl, no comment)", async () => {
    const olds = { ...inputs, recordId: "r1" };
    const news = { ...inputs, proxied: false, ttl: 300, comment: undefined };
    nock(CLOUDFLARE_API, auth)
      .post(BATCH, { patches: [{ id: "r1", ttl: 300, proxied: false, comment: "" }] })
      .reply(200, ok({ patches: [wireRecord({ id: "r1", name: "www.example.com", type: "A", ttl: 300 })] }));
    const { outs } = await update("r1", olds, news);
    expect(outs).toMatchObject({ ttl: 300, proxied: false });
    expect(outs.comment).toBeUndefined();
  });

  test("a creation refused for this record fails with the record named and Cloudflare's reason", async () => {
    nock(CLOUDFLARE_API, auth).post(BATCH).reply(400, failed(81053, "An A, AAAA, or CNAME record with that host already exists."));
    await expect(create(inputs)).rejects.toThrow(
      "creating A record www.example.com failed: cloudflare API POST /zones/023e105f4ecef8ad9ca31a8372d0c353/dns_records/batch failed: HTTP 400 81053: name: An A, AAAA, or CNAME record with that host already exists.; a CNAME cannot share its name with other records: remove one of them",
    );
  });

  test("delete of a record already gone succeeds; read of it reports it gone", async () => {
    nock(CLOUDFLARE_API, auth).post(BATCH, { deletes: [{ id: "r9" }] }).reply(404, failed(81044, "Record does not exist."));
    await expect(remove("r9", inputs)).resolves.toBeUndefined();
    nock(CLOUDFLARE_API, auth).get(`/zones/${ZONE_ID}/dns_records`).query(true).reply(200, ok([], { page: 1, per_page: 5000, count: 0, total_count: 0, total_pages: 1 }));
    expect(await read("r9", inputs)).toEqual({ id: "", props: {} });
  });
});
