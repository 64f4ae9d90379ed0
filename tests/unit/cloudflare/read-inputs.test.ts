/**
 * Both Cloudflare kinds' `read` return inputs that `check` takes unchanged and that `diff` finds equal to the
 * live records (issue #12: refresh records drift as inputs, the next `up` reverts exactly that), for records
 * another client wrote in its own spelling, with Cloudflare's extras.
 */
import nock from "nock";
import { dnsRecord } from "../../../provider/cloudflare/dns-record";
import { dnsRecords } from "../../../provider/cloudflare/dns-records";
import { expectReadInputsAccepted } from "../../support/read-inputs";
import { CLOUDFLARE_API } from "../helpers";
import { ok, useCloudflareClient, wireRecord, ZONE, ZONE_ID } from "./fixtures";

const auth = useCloudflareClient();

/** The zone's records as another client may have written them: upper case targets, uncompressed IPv6, structured data, extras. */
const LIVE = [
  wireRecord({ id: "a", name: `www.${ZONE}`, type: "A", content: "192.0.2.10", proxied: true, comment: "web", tags: ["team:web"] }),
  wireRecord({ id: "v6", name: `www.${ZONE}`, type: "AAAA", content: "2001:0db8:0:0::1", proxied: true, comment: "web", tags: ["team:web"] }),
  wireRecord({ id: "mx", name: ZONE, type: "MX", content: "MX1.Example.com", priority: 10, ttl: 3600 }),
  wireRecord({ id: "txt", name: ZONE, type: "TXT", content: '"v=spf1 mx -all"' }),
  wireRecord({ id: "caa", name: ZONE, type: "CAA", content: '0 issue "letsencrypt.org"', data: { flags: 0, tag: "issue", value: "letsencrypt.org" } }),
];
const listing = () =>
  nock(CLOUDFLARE_API, auth)
    .get(`/zones/${ZONE_ID}/dns_records`)
    .query({ page: "1", per_page: "5000" })
    .reply(200, ok(LIVE, { page: 1, per_page: 5000, count: LIVE.length, total_count: LIVE.length, total_pages: 1 }));

test("DnsRecord: each record of the zone, read through one listing", async () => {
  listing();
  const props = { zoneId: ZONE_ID, zoneName: ZONE };
  const reads = await Promise.all(LIVE.map((r) => dnsRecord.read(r.id, props)));
  expect(reads.map((r) => `${r.inputs!.name} ${r.inputs!.type} ${r.inputs!.content ?? JSON.stringify(r.inputs!.data)}`)).toEqual([
    `www.${ZONE} A 192.0.2.10`,
    `www.${ZONE} AAAA 2001:db8::1`,
    `${ZONE} MX mx1.example.com`,
    `${ZONE} TXT "v=spf1 mx -all"`,
    `${ZONE} CAA {"flags":0,"tag":"issue","value":"letsencrypt.org"}`,
  ]);
  for (const read of reads) await expectReadInputsAccepted(dnsRecord, read);
});

test("DnsRecords: the whole zone, its extras per record set", async () => {
  listing();
  nock(CLOUDFLARE_API, auth).get(`/zones/${ZONE_ID}/dns_records/export`).reply(200, `$ORIGIN ${ZONE}.\n`, { "Content-Type": "text/plain" });
  const read = await dnsRecords.read(ZONE_ID, { zoneId: ZONE_ID, zoneName: ZONE });
  expect(read.inputs).toMatchObject({
    records: [
      { name: "@", type: "CAA", values: ['0 issue "letsencrypt.org"'] },
      { name: "@", type: "MX", ttl: 3600, values: ["10 mx1.example.com."] },
      { name: "@", type: "TXT", values: ['"v=spf1 mx -all"'] },
      { name: "www", type: "A", values: ["192.0.2.10"] },
      { name: "www", type: "AAAA", values: ["2001:db8::1"] },
    ],
    recordExtras: [
      { name: "www", type: "A", proxied: true, comment: "web", tags: ["team:web"] },
      { name: "www", type: "AAAA", proxied: true, comment: "web", tags: ["team:web"] },
    ],
  });
  await expectReadInputsAccepted(dnsRecords, read);
});
