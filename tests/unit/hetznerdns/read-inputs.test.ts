/**
 * Every legacy Hetzner DNS kind's `read` returns inputs that `check` takes unchanged and that `diff` finds equal
 * to the live object (issue #12: refresh records drift as inputs, the next `up` reverts exactly that), for
 * objects another client wrote in its own spelling.
 */
import nock from "nock";
import { primaryServer } from "../../../provider/hetznerdns/primary-server";
import { record } from "../../../provider/hetznerdns/record";
import { zone } from "../../../provider/hetznerdns/zone";
import { zoneRecords } from "../../../provider/hetznerdns/zone-records";
import { expectReadInputsAccepted } from "../../support/read-inputs";
import { HETZNER_DNS_API, useHetznerDnsClient } from "../helpers";
import { wireRecord, wireZone, ZONE_ID } from "./fixtures";

const auth = useHetznerDnsClient("dns-token");
const api = () => nock(HETZNER_DNS_API, auth);

/** The zone's records as another client may have written them: upper case, relative hostnames, TXT unquoted, IPv6 uncompressed. */
const LIVE = [
  wireRecord("soa", "@", "SOA", "hydrogen.ns.hetzner.com. dns.hetzner.com. 2026112501 86400 10800 3600000 3600"),
  wireRecord("ns", "@", "NS", "hydrogen.ns.hetzner.com."),
  wireRecord("mx", "@", "MX", "10 MX1.Example.com."),
  wireRecord("txt", "@", "TXT", "v=spf1 mx -all", 300),
  wireRecord("v6", "www", "AAAA", "2001:0DB8:0:0::1"),
  wireRecord("cname", "docs", "CNAME", "www"),
];
const listing = () => api().get("/records").query({ zone_id: ZONE_ID }).reply(200, { records: LIVE });

test("Zone: a TTL the program sets is read back as an input; one it leaves unset stays unset", async () => {
  for (const programTtl of [3600, null]) {
    api().get(`/zones/${ZONE_ID}`).reply(200, { zone: wireZone({ ttl: 7200 }) });
    api().get(`/zones/${ZONE_ID}/export`).reply(200, "$ORIGIN example.com.\n", { "Content-Type": "text/plain" });
    const read = await zone.read(ZONE_ID, { name: "example.com", __ttl: programTtl });
    expect(read.inputs).toEqual({ name: "example.com", ttl: programTtl === null ? null : 7200 });
    await expectReadInputsAccepted(zone, read);
  }
});

test("Record: each record of the zone, read through one listing", async () => {
  listing();
  const props = { zoneId: ZONE_ID, __zoneName: "example.com" };
  const reads = await Promise.all(["mx", "txt", "v6", "cname"].map((id) => record.read(id, props)));
  expect(reads.map((r) => r.inputs!.value)).toEqual(["10 mx1.example.com.", '"v=spf1 mx -all"', "2001:db8::1", "www.example.com."]);
  for (const read of reads) await expectReadInputsAccepted(record, read);
});

test("PrimaryServer: an address in another spelling", async () => {
  const server = { id: "ps1", zone_id: ZONE_ID, address: "2001:0DB8::53", port: 5353, created: "2026-11-25T10:00:00Z", modified: "2026-11-25T10:00:00Z" };
  api().get("/primary_servers/ps1").reply(200, { primary_server: server });
  const read = await primaryServer.read("ps1", { zoneId: ZONE_ID, address: "2001:db8::53", port: 53 });
  expect(read.inputs).toEqual({ zoneId: ZONE_ID, address: "2001:db8::53", port: 5353 });
  await expectReadInputsAccepted(primaryServer, read);
});

test("ZoneRecords: the zone by name (every record checked by the DNS rules); Hetzner's SOA and apex NS left out", async () => {
  api().get(`/zones/${ZONE_ID}`).reply(200, { zone: wireZone() });
  listing();
  const read = await zoneRecords.read(ZONE_ID, { zone: "example.com", records: [] });
  expect(read.inputs!.records).toEqual([
    { name: "@", type: "MX", values: ["10 mx1.example.com."] },
    { name: "@", type: "TXT", ttl: 300, values: ['"v=spf1 mx -all"'] },
    { name: "docs", type: "CNAME", values: ["www.example.com."] },
    { name: "www", type: "AAAA", values: ["2001:db8::1"] },
  ]);
  await expectReadInputsAccepted(zoneRecords, read);
});
