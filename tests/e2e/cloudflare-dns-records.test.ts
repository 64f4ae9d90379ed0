/**
 * cloudflare.DnsRecords through the real engine and the emulator: create (one /batch), no-op preview without a
 * request, updates (a value patched in place, proxied on and off), refresh after out-of-band change and delete,
 * replace (another zone), destroy; and the realistic zone file, whose second preview is empty.
 */
import * as fs from "fs";
import * as path from "path";
import { cloudflare, dns } from "../../sdk";
import { CLOUDFLARE_API, cloudflareHelpers } from "./cloudflare-harness";
import { inlineStack, REPO_ROOT, removeStack, timed, useEmulator } from "./harness";

jest.setTimeout(600_000);

const e2e = useEmulator({ token: "e2e-cloudflare-token-dns-records-8d1f" });
const { config, existingZone, recordsOf } = cloudflareHelpers(e2e);
const API = CLOUDFLARE_API;
const summary = (records: any[]) => records.map((r) => `${r.name} ${r.type} ${r.content}${r.priority !== undefined ? ` p${r.priority}` : ""} ttl=${r.ttl}${r.proxied ? " proxied" : ""}${r.comment ? ` "${r.comment}"` : ""}`).sort();
const writes = (lines: string[]) => lines.filter((l) => !l.startsWith("GET "));

test("DnsRecords lifecycle: create, no-op preview, patch in place, proxied on and off, refresh after out-of-band change and delete, another zone, destroy", async () => {
  const zoneA = await existingZone("records-a-e2e.com");
  const zoneB = await existingZone("records-b-e2e.com");
  // Made by hand before the program: in scope, not listed, so removed.
  await e2e.api.json("POST", `${API}/zones/${zoneA}/dns_records`, { type: "A", name: "legacy", content: "192.0.2.99" });
  let zoneId = zoneA;
  let records: dns.RecordSet[] = [
    { name: "@", type: "A", values: ["192.0.2.1", "192.0.2.2"] },
    { name: "www", type: "CNAME", values: ["@"] },
    { name: "@", type: "MX", values: ["10 mx1", "20 mx2.mail.example."] },
    { name: "@", type: "TXT", ttl: 300, values: ["v=spf1 -all"] },
    { name: "_sip._tcp", type: "SRV", values: ["10 60 5060 sip.example.net."] },
    { name: "@", type: "CAA", values: ['0 issue "letsencrypt.org"'] },
  ];
  let extras: cloudflare.RecordExtrasArgs[] = [{ name: "www", type: "CNAME", proxied: true, comment: "site" }];
  const program = async () => {
    const zone = new cloudflare.DnsRecords("zone", { zoneId, records, recordExtras: extras });
    return { count: zone.recordCount, records: zone.records, zoneFile: zone.zoneFile };
  };
  const stack = await inlineStack({ projectName: "cloudflare-dns-records", program, config: config() });
  try {
    await e2e.api.clearRequests();
    const up = await timed("cloudflare zone up", () => stack.up());
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    // The zone's name, the live records, one batch (legacy deleted, eight created), then the outputs' list and export.
    expect(writes(await e2e.api.requestLines())).toEqual([`POST ${API}/zones/${zoneA}/dns_records/batch`]);
    expect(up.outputs.count.value).toBe(8);
    expect(summary(await recordsOf(zoneA))).toEqual([
      "_sip._tcp.records-a-e2e.com SRV 60 5060 sip.example.net p10 ttl=1",
      "records-a-e2e.com A 192.0.2.1 ttl=1",
      "records-a-e2e.com A 192.0.2.2 ttl=1",
      'records-a-e2e.com CAA 0 issue "letsencrypt.org" ttl=1',
      "records-a-e2e.com MX mx1.records-a-e2e.com p10 ttl=1",
      "records-a-e2e.com MX mx2.mail.example p20 ttl=1",
      // TXT goes out quoted, as Cloudflare recommends (RFC 1035 character strings).
      'records-a-e2e.com TXT "v=spf1 -all" ttl=300',
      'www.records-a-e2e.com CNAME records-a-e2e.com ttl=1 proxied "site"',
    ]);
    expect(up.outputs.zoneFile.value).toContain("www.records-a-e2e.com.");

    await e2e.api.clearRequests();
    expect((await stack.preview()).changeSummary).toEqual({ same: 2 });
    expect(await e2e.api.requestLines()).toEqual([]);

    // One A value replaced, proxied off: two PATCHes in one batch, nothing deleted or created.
    records = records.map((r) => (r.type === "A" ? { ...r, values: ["192.0.2.1", "192.0.2.3"] } : r));
    extras = [];
    await e2e.api.clearRequests();
    expect((await stack.up()).summary.resourceChanges).toEqual({ same: 1, update: 1 });
    const batch = (await e2e.api.requests()).filter((r) => r.method === "POST");
    expect(batch).toHaveLength(1);
    expect(Object.keys(batch[0].body as object)).toEqual(["patches"]);
    expect((batch[0].body as any).patches).toHaveLength(2);
    expect(summary(await recordsOf(zoneA))).toContain("www.records-a-e2e.com CNAME records-a-e2e.com ttl=1");

    // Proxied on again.
    extras = [{ name: "www", type: "CNAME", proxied: true }];
    expect((await stack.up()).summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect(summary(await recordsOf(zoneA))).toContain("www.records-a-e2e.com CNAME records-a-e2e.com ttl=1 proxied");

    // Out of band: a TTL changed, a record deleted, one added. Refresh records all three; `up` restores the program's.
    const live = await recordsOf(zoneA);
    const txt = live.find((r) => r.type === "TXT");
    const caa = live.find((r) => r.type === "CAA");
    await e2e.api.json("PATCH", `${API}/zones/${zoneA}/dns_records/${txt.id}`, { ttl: 3600 });
    await e2e.api.json("DELETE", `${API}/zones/${zoneA}/dns_records/${caa.id}`);
    await e2e.api.json("POST", `${API}/zones/${zoneA}/dns_records`, { type: "A", name: "intruder", content: "192.0.2.66" });
    const refreshed = await stack.refresh();
    expect(refreshed.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    const restored = await stack.up();
    expect(restored.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    const after = summary(await recordsOf(zoneA));
    expect(after).toContain('records-a-e2e.com TXT "v=spf1 -all" ttl=300');
    expect(after).toContain('records-a-e2e.com CAA 0 issue "letsencrypt.org" ttl=1');
    expect(after.some((line) => line.startsWith("intruder"))).toBe(false);

    // Another zone: the records move (replace, the old zone's records deleted first).
    zoneId = zoneB;
    expect((await stack.up()).summary.resourceChanges).toEqual({ same: 1, replace: 1 });
    expect(await recordsOf(zoneA)).toEqual([]);
    expect(await recordsOf(zoneB)).toHaveLength(8);

    await e2e.api.clearRequests();
    expect((await stack.destroy()).summary.resourceChanges).toEqual({ delete: 2 });
    expect(writes(await e2e.api.requestLines())).toEqual([`POST ${API}/zones/${zoneB}/dns_records/batch`]);
    expect(await recordsOf(zoneB)).toEqual([]);
  } finally {
    await removeStack(stack);
  }
});

/** Types Cloudflare has beyond Hetzner Cloud's, in zone-file spelling (mnemonics, split base64, short LOC). */
const MORE_TYPES: dns.RecordSet[] = [
  { name: "office", type: "LOC", values: ["52 22 23.5 N 4 53 32 E -2m"] },
  { name: "_ftp._tcp", type: "URI", values: ['10 1 "ftp://ftp.example-shop.de/public"'] },
  { name: "@", type: "NAPTR", values: ['100 10 "S" "SIP+D2U" "" _sip._udp'] },
  { name: "sip", type: "SSHFP", values: [`4 2 ${"0123456789ABCDEF".repeat(4)}`] },
  { name: "@", type: "DNSKEY", values: ["257 3 ECDSAP256SHA256 mdsswUyr3DPW132mOi8V9xESWE8jTo0d xCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ=="] },
];

test("the realistic zone file (and the types beyond it): Cloudflare's SOA and NS skipped, an empty second preview without a request", async () => {
  const text = fs.readFileSync(path.join(REPO_ROOT, "tests/fixtures/zones/realistic.zone"), "utf8");
  const zoneId = await existingZone("example-shop.de");
  const program = async () => {
    // As exported from another DNS host: its SOA and apex NS come along, and are Cloudflare's here.
    const records = [
      { name: "@", type: "SOA", values: ["ns1.old-host.example. hostmaster.example-shop.de. 2024010101 7200 3600 1209600 3600"] },
      { name: "@", type: "NS", values: ["ns1.old-host.example.", "ns2.old-host.example."] },
      ...dns.parseZoneFile(text, "example-shop.de"),
      ...MORE_TYPES,
    ];
    const zone = new cloudflare.DnsRecords("shop", { zoneId, records, recordExtras: [{ name: "www", type: "CNAME", proxied: true }] });
    return { count: zone.recordCount };
  };
  const stack = await inlineStack({ projectName: "cloudflare-dns-records-realistic", program, config: config() });
  try {
    const up = await timed("cloudflare realistic up", () => stack.up());
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    const values = [...dns.parseZoneFile(text, "example-shop.de"), ...MORE_TYPES].reduce((n, set) => n + set.values.length, 0);
    expect(up.outputs.count.value).toBe(values);
    const dkim = (await recordsOf(zoneId)).find((r) => r.name === "mail._domainkey.example-shop.de");
    expect(dkim.content).toMatch(/^"v=DKIM1; k=rsa; p=MIIB[^"]+" "[^"]+"$/);

    await e2e.api.clearRequests();
    expect((await timed("cloudflare realistic second preview", () => stack.preview())).changeSummary).toEqual({ same: 2 });
    expect(await e2e.api.requestLines()).toEqual([]);
    const refresh = await stack.refresh();
    expect(refresh.summary.resourceChanges?.update ?? 0).toBe(0);
    expect((await stack.preview()).changeSummary).toEqual({ same: 2 });
    await stack.destroy();
    expect(await recordsOf(zoneId)).toEqual([]);
  } finally {
    await removeStack(stack);
  }
});
