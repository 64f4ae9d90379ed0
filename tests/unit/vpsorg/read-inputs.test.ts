/**
 * Every VPS.org kind's `read` returns inputs that `check` takes unchanged and that `diff` finds equal to the
 * live object (issue #12: refresh records drift as inputs, the next `up` reverts exactly that), for objects
 * another client wrote in its own spelling.
 */
import { dnsRecord } from "../../../provider/vpsorg/dns-record";
import { dnsZone } from "../../../provider/vpsorg/dns-zone";
import { zoneRecords } from "../../../provider/vpsorg/zone-records";
import { expectReadInputsAccepted } from "../../support/read-inputs";
import { useVpsorgClient, wireRecord, wireZone, ZONE_ID } from "./fixtures";

const api = useVpsorgClient();

/** The zone's records as another client may have written them: upper case, FQDN names and targets with a trailing dot, IPv6 uncompressed. */
const LIVE = [
  wireRecord("mx", "MX", "@", "MX1.Example.net.", { priority: 10 }),
  wireRecord("srv", "SRV", "_sip._tcp.example.com", "60 5060 SIP.example.net.", { priority: 10, ttl: 300 }),
  wireRecord("txt", "TXT", "@", "v=spf1 mx -all"),
  wireRecord("v6", "AAAA", "WWW", "2001:0DB8:0:0::1"),
  wireRecord("cname", "CNAME", "docs.example.com.", "www.example.com"),
];

test("DnsZone: its domain", async () => {
  api().get(`/dns-zones/${ZONE_ID}/`).reply(200, { ...wireZone(), records: [] });
  const read = await dnsZone.read(ZONE_ID, { domain: "example.com" });
  expect(read.inputs).toEqual({ domain: "example.com" });
  await expectReadInputsAccepted(dnsZone, read);
});

test("DnsRecord: each record of the zone, read through one listing", async () => {
  api().get(`/dns-zones/${ZONE_ID}/records/`).reply(200, LIVE);
  const props = { zoneId: ZONE_ID, zoneName: "example.com" };
  const reads = await Promise.all(LIVE.map((r) => dnsRecord.read(r.uuid, props)));
  // In check's form: names relative to the zone, hostnames lower case without the trailing dot, IPv6 compressed.
  expect(reads.map((r) => `${r.inputs!.name} ${r.inputs!.recordType} ${r.inputs!.priority ?? "-"} ${r.inputs!.value}`)).toEqual([
    "@ MX 10 mx1.example.net",
    "_sip._tcp SRV 10 60 5060 sip.example.net",
    "@ TXT - v=spf1 mx -all",
    "www AAAA - 2001:db8::1",
    "docs CNAME - www.example.com",
  ]);
  for (const read of reads) await expectReadInputsAccepted(dnsRecord, read);
});

test("ZoneRecords: the zone by domain (every record checked by the DNS rules)", async () => {
  api().get(`/dns-zones/${ZONE_ID}/`).reply(200, { ...wireZone({ record_count: LIVE.length }), records: LIVE });
  const read = await zoneRecords.read(ZONE_ID, { zone: "example.com", records: [] });
  expect(read.inputs!.records).toEqual([
    { name: "_sip._tcp", type: "SRV", ttl: 300, values: ["10 60 5060 sip.example.net."] },
    { name: "@", type: "MX", values: ["10 mx1.example.net."] },
    { name: "@", type: "TXT", values: ['"v=spf1 mx -all"'] },
    { name: "docs", type: "CNAME", values: ["www.example.com."] },
    { name: "www", type: "AAAA", values: ["2001:db8::1"] },
  ]);
  await expectReadInputsAccepted(zoneRecords, read);
});
