/** cloudflare.DnsRecords: check before requests, the change set (fewest writes, extras), diff without requests. */
import nock from "nock";
import { changeSet, check, diff, update } from "../../../provider/cloudflare/dns-records";
import { fromCloudflare, toCloudflareFields } from "../../../provider/cloudflare/record-values";
import { CLOUDFLARE_API, countRequests, networkError } from "../helpers";
import { ok, useCloudflareClient, wireRecord, ZONE, ZONE_ID } from "./fixtures";

const auth = useCloudflareClient();
const known = { zoneId: ZONE_ID, zoneName: ZONE };

test("check: the zone's name read once, record sets checked with the shared rules, extras checked against them", async () => {
  nock(CLOUDFLARE_API, auth).get(`/zones/${ZONE_ID}`).reply(200, ok({ id: ZONE_ID, name: ZONE }));
  const { inputs, failures } = await check({}, {
    zoneId: ZONE_ID,
    records: [
      { name: "www", type: "cname", ttl: 300, values: ["@"] },
      { name: "@", type: "HINFO", values: ['"x86" "Linux"'] },
    ],
    recordExtras: [{ name: "www.example.com", type: "CNAME", proxied: true }, { name: "mail", type: "MX", comment: "x" }],
  });
  expect(inputs.zoneName).toBe(ZONE);
  expect(failures.map((f) => f.property)).toEqual(["records[1].type", "recordExtras[0].proxied", "recordExtras[1]"]);
  expect(failures[1].reason).toBe("recordExtras[0].proxied: proxied records must have an automatic TTL: remove ttl 300 from www CNAME in records");
});

test("the change set: kept records untouched, a changed value patched in place, extras patched, leftovers deleted and created", () => {
  const live = [
    wireRecord({ id: "a1", name: "example.com", type: "A", content: "192.0.2.1" }),
    wireRecord({ id: "a2", name: "example.com", type: "A", content: "192.0.2.2" }),
    wireRecord({ id: "w1", name: "www.example.com", type: "CNAME", content: "example.com", proxied: false }),
    wireRecord({ id: "old", name: "legacy.example.com", type: "TXT", content: '"bye"' }),
    wireRecord({ id: "hinfo", name: "geo.example.com", type: "HINFO", content: '"x86" "Linux"' }),
  ];
  const { operations, plan } = changeSet(live, {
    ...known,
    records: [
      { name: "@", type: "A", values: ["192.0.2.1", "192.0.2.3"] },
      { name: "www", type: "CNAME", values: ["@"] },
      { name: "@", type: "MX", values: ["10 mail"] },
    ],
    recordExtras: [{ name: "www", type: "CNAME", proxied: true, comment: "site" }],
  });
  expect(plan.kept.map((r) => r.id)).toEqual(["a1", "w1"]);
  expect(operations).toEqual({
    deletes: [{ id: "old" }],
    patches: [{ id: "a2", content: "192.0.2.3" }, { id: "w1", proxied: true, comment: "site" }],
    posts: [{ type: "MX", name: "example.com", ttl: 1, priority: 10, content: "mail.example.com" }],
  });
});

test("diff compares the program's records with the recorded outputs, without a request", async () => {
  const olds = { ...known, records: [{ name: "@", type: "TXT", ttl: 300, values: ['"v=spf1 -all"'] }], recordExtras: [], recordCount: 1, zoneFile: "" };
  const same = await diff(ZONE_ID, olds, { ...known, records: [{ name: "example.com.", type: "TXT", ttl: 300, values: ["v=spf1 -all"] }], recordExtras: [{ name: "@", type: "TXT", comment: "" }] });
  expect(same.changes).toBe(false);
  const changed = await diff(ZONE_ID, olds, { ...known, records: [{ name: "@", type: "TXT", values: ["v=spf1 -all"] }] });
  expect(changed).toMatchObject({ changes: true, replaces: [], detailedDiff: { "records[0]": { kind: "update" } } });
  // Another zone: the new zone's records are written before the old zone's go.
  expect(await diff(ZONE_ID, olds, { ...known, zoneId: "0".repeat(32), records: olds.records })).toMatchObject({ changes: true, replaces: ["zoneId"], deleteBeforeReplace: false });
});

test("model values in Cloudflare's fields and back", () => {
  const cases: Array<[string, string]> = [
    ["MX", "10 mail.example.com."],
    ["CAA", '0 issue "letsencrypt.org"'],
    ["SRV", "10 60 5060 sip.example.com."],
    ["TLSA", "3 1 1 0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6"],
    ["HTTPS", "1 . alpn=h2"],
    ["CNAME", "target.example.net."],
    ["URI", '10 1 "https://example.com/"'],
    ["LOC", "52 22 23.5 N 4 53 32 E -2m 1m 10000m 10m"],
    ["NAPTR", '100 10 "S" "SIP+D2U" "" _sip._udp.example.com.'],
    ["SSHFP", `4 2 ${"0123456789abcdef".repeat(4)}`],
    ["DNSKEY", "257 3 13 AQID"],
    ["CERT", "1 12345 8 AQID"],
    ["OPENPGPKEY", "AQID"],
  ];
  for (const [type, value] of cases) {
    const fields = toCloudflareFields(type, value);
    expect(fromCloudflare(wireRecord({ name: "x.example.com", type, ...fields }), ZONE)).toBe(value);
  }
  expect(toCloudflareFields("SRV", "10 60 5060 sip.example.com.")).toEqual({ data: { priority: 10, weight: 60, port: 5060, target: "sip.example.com" } });
});

test("a batch whose answer was lost is planned again from the zone: what it did is not sent twice", async () => {
  const api = () => nock(CLOUDFLARE_API, auth);
  const listing = (records: ReturnType<typeof wireRecord>[]) =>
    api().get(`/zones/${ZONE_ID}/dns_records`).query(true).reply(200, ok(records, { page: 1, per_page: 5000, count: records.length, total_count: records.length, total_pages: 1 }));
  const made = wireRecord({ id: "n1", name: "example.com", type: "A", content: "192.0.2.1" });
  listing([]);
  const batch = countRequests(api().post(`/zones/${ZONE_ID}/dns_records/batch`).replyWithError(networkError()));
  // Carried out: the zone has the record, so nothing is left to send.
  listing([made]);
  listing([made]);
  api().get(`/zones/${ZONE_ID}/dns_records/export`).reply(200, "example.com. 1 IN A 192.0.2.1\n");
  const { outs } = await update(ZONE_ID, {}, { ...known, records: [{ name: "@", type: "A", values: ["192.0.2.1"] }] });
  expect(outs.records).toEqual([{ name: "@", type: "A", values: ["192.0.2.1"] }]);
  expect(batch.count).toBe(1);
});
