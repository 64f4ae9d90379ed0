/** Bad input of every VPS.org kind, refused in check before any request (see table.ts). */
import { UNKNOWN } from "../../../provider/core/inputs";
import { badInputTable, credentialsRows, record, wholeZoneRows } from "./table";

const ZONE_ID = "3f1c2a9e-0000-4000-8000-000000000001";

badInputTable(
  "vpsorg:DnsZone",
  { domain: "example.com" },
  [
    { case: "no domain", inputs: { domain: undefined }, property: "domain", rule: "domain is required: the zone's domain" },
    { case: "a domain with a space", inputs: { domain: "exa mple.com" }, property: "domain", rule: "domain: " },
    { case: "a single-label domain", inputs: { domain: "localhost" }, property: "domain", rule: "needs at least two labels" },
    { case: "a domain label over 63 characters", inputs: { domain: `${"a".repeat(64)}.com` }, property: "domain", rule: "domain: " },
    ...credentialsRows,
    { case: "adopt in no form the kind takes", inputs: { adopt: { name: "example.com" } }, property: "adopt", rule: "adopt must be { id } or { domain }, got { name }" },
  ],
  ["domain", "credentials", "adopt"],
);

badInputTable(
  "vpsorg:DnsRecord",
  { zoneId: ZONE_ID, name: "www", recordType: "A", value: "192.0.2.1", ttl: 3600 },
  [
    { case: "no zone id", inputs: { zoneId: undefined }, property: "zoneId", rule: "zoneId is required: the uuid of the zone" },
    { case: "a domain for the zone id", inputs: { zoneId: "example.com" }, property: "zoneId", rule: 'zoneId must be the uuid of the zone (a vpsorg.DnsZone\'s zoneId), got "example.com"' },
    { case: "no name", inputs: { name: undefined }, property: "name", rule: 'name is required: "@" for the zone apex' },
    { case: "a name with a space", inputs: { name: "we b" }, property: "name", rule: "name: " },
    { case: "a name label over 63 characters", inputs: { name: "a".repeat(64) }, property: "name", rule: "name: " },
    { case: "a type VPS.org does not take", inputs: { recordType: "PTR" }, property: "recordType", rule: "recordType: " },
    { case: "an unknown type", inputs: { recordType: "BOGUS" }, property: "recordType", rule: "recordType: " },
    { case: "an IPv6 address in an A record", inputs: { value: "2001:db8::1" }, property: "value", rule: "2001:db8::1" },
    { case: "an MX without its priority", inputs: { recordType: "MX", value: "mail.example.com" }, property: "priority", rule: "MX records require priority" },
    { case: "a priority on an A record", inputs: { priority: 10 }, property: "priority", rule: "priority applies to MX and SRV records only" },
    { case: "an MX priority of 70000", inputs: { recordType: "MX", value: "mail.example.com", priority: 70000 }, property: "priority", rule: "priority must be a whole number from 0 to 65535" },
    { case: "an SRV without its port", inputs: { name: "_sip._tcp", recordType: "SRV", value: "60 sip.example.com", priority: 10 }, property: "value", rule: "SRV" },
    { case: "no value", inputs: { value: undefined }, property: "value", rule: "value" },
    { case: "a TTL of 59 s", inputs: { ttl: 59 }, property: "ttl", rule: "ttl must be a whole number of seconds from" },
    { case: "a TTL as text", inputs: { ttl: "1h" }, property: "ttl", rule: "ttl must be a whole number of seconds from" },
    ...credentialsRows,
  ],
  ["zoneId", "name", "recordType", "value", "ttl", { recordType: "MX", value: "mail.example.com", priority: UNKNOWN }],
);


badInputTable(
  "vpsorg:ZoneRecords",
  { zone: "example.com", records: [record, { name: "@", type: "MX", values: ["10 mail.example.com."] }] },
  [
    ...wholeZoneRows,
    { case: "no zone", inputs: { zone: undefined }, property: "zone", rule: "zone must be the uuid or the domain of an existing VPS.org zone" },
    { case: "a zone that is neither uuid nor domain", inputs: { zone: "my-zone" }, property: "zone", rule: 'zone: zone name "my-zone" needs at least two labels' },
    { case: "a type VPS.org does not take", inputs: { records: [{ ...record, type: "PTR", values: ["host.example.com."] }] }, property: "records[0].type", rule: "PTR" },
    ...credentialsRows,
  ],
  ["zone", "records", { records: [{ ...record, values: [UNKNOWN] }] }, { zone: UNKNOWN, records: [{ ...record, name: "www.example.org." }] }, { zone: ZONE_ID, records: [{ ...record, name: "www.example.org." }] }],
);
