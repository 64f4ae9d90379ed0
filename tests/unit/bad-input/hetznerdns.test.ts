/** Bad input of every legacy Hetzner DNS kind, refused in check before any request (see table.ts). */
import { UNKNOWN } from "../../../provider/core/inputs";
import { badInputTable, credentialsRows, record, wholeZoneRows } from "./table";

const ZONE_ID = "Zx8Kq2mR4tW";

badInputTable(
  "hetznerdns:Zone",
  { name: "example.com", ttl: 3600 },
  [
    { case: "no name", inputs: { name: undefined }, property: "name", rule: "name is required: the domain" },
    { case: "a name that is not a string", inputs: { name: 42 }, property: "name", rule: "name must be a domain name (a string)" },
    { case: "a name with a space", inputs: { name: "exa mple.com" }, property: "name", rule: "name: " },
    { case: "a single-label name", inputs: { name: "localhost" }, property: "name", rule: "needs at least two labels" },
    { case: "a TTL under 60 s", inputs: { ttl: 10 }, property: "ttl", rule: "ttl must be a whole number of seconds from 60 to 2147483647, got 10" },
    { case: "a TTL as text", inputs: { ttl: "1h" }, property: "ttl", rule: 'got "1h"' },
    ...credentialsRows,
    { case: "adopt in no form the kind takes", inputs: { adopt: { zone: "example.com" } }, property: "adopt", rule: "adopt must be { id } or { name }, got { zone }" },
  ],
  ["name", "ttl", "credentials"],
);

// An update's check: the zone's name is in the old inputs, so the zone is not read.
badInputTable(
  "hetznerdns:Record",
  { zoneId: ZONE_ID, name: "www", type: "A", value: "192.0.2.1", ttl: 300 },
  [
    { case: "no zone id", inputs: { zoneId: undefined }, property: "zoneId", rule: "zoneId is required" },
    { case: "a numeric zone id", inputs: { zoneId: 42 }, property: "zoneId", rule: "zoneId must be a zone id (a string), got 42" },
    { case: "a name outside the zone", inputs: { name: "www.example.org." }, property: "name", rule: "example.org" },
    { case: "a name with a space", inputs: { name: "we b" }, property: "name", rule: "name: " },
    { case: "a name label over 63 characters", inputs: { name: "a".repeat(64) }, property: "name", rule: "name: " },
    { case: "no name", inputs: { name: undefined }, property: "name", rule: 'name is required: "@" for the zone apex' },
    { case: "an unknown type", inputs: { type: "BOGUS" }, property: "type", rule: "type: " },
    { case: "a type only other APIs take", inputs: { type: "HTTPS" }, property: "type", rule: "type: " },
    { case: "the SOA (Hetzner's)", inputs: { type: "SOA" }, property: "type", rule: "(the zone's SOA is Hetzner's)" },
    { case: "no type", inputs: { type: undefined }, property: "type", rule: "type is required" },
    { case: "an IPv6 address in an A record", inputs: { value: "2001:db8::1" }, property: "value", rule: "2001:db8::1" },
    { case: "an MX without its priority", inputs: { type: "MX", value: "mail.example.com." }, property: "value", rule: "MX" },
    { case: "a CNAME to an address", inputs: { type: "CNAME", value: "192.0.2.1 x" }, property: "value", rule: "CNAME" },
    { case: "an SRV without its port", inputs: { name: "_sip._tcp", type: "SRV", value: "10 5 sip.example.com." }, property: "value", rule: "SRV" },
    { case: "no value", inputs: { value: undefined }, property: "value", rule: "value is required" },
    { case: "a value that is not a string", inputs: { value: ["192.0.2.1"] }, property: "value", rule: "value must be a string" },
    { case: "a TTL of 59 s", inputs: { ttl: 59 }, property: "ttl", rule: "ttl must be a whole number of seconds from 60" },
    ...credentialsRows,
  ],
  ["zoneId", "name", "type", "value", "ttl", { zoneId: UNKNOWN, name: "www.example.org." }],
  { olds: { zoneId: ZONE_ID, __zoneName: "example.com", name: "www", type: "A", value: "192.0.2.1", ttl: 300 } },
);

badInputTable(
  "hetznerdns:PrimaryServer",
  { zoneId: ZONE_ID, address: "198.51.100.1", port: 53 },
  [
    { case: "no zone id", inputs: { zoneId: undefined }, property: "zoneId", rule: "zoneId is required: the id of the secondary zone" },
    { case: "a numeric zone id", inputs: { zoneId: 7 }, property: "zoneId", rule: "zoneId must be a zone id (a string), got 7" },
    { case: "a host name for the address", inputs: { address: "ns1.example.com" }, property: "address", rule: 'address must be the IPv4 or IPv6 address of the primary nameserver, got "ns1.example.com"' },
    { case: "a CIDR for the address", inputs: { address: "198.51.100.0/24" }, property: "address", rule: "address must be the IPv4 or IPv6 address" },
    { case: "no address", inputs: { address: undefined }, property: "address", rule: "address must be the IPv4 or IPv6 address" },
    { case: "port 0", inputs: { port: 0 }, property: "port", rule: "port must be a port number from 1 to 65535, got 0" },
    { case: "port 65536", inputs: { port: 65536 }, property: "port", rule: "got 65536" },
    { case: "a port as text", inputs: { port: "53" }, property: "port", rule: 'got "53"' },
    ...credentialsRows,
  ],
  ["zoneId", "address", "port"],
);


badInputTable(
  "hetznerdns:ZoneRecords",
  { zone: "example.com", records: [record, { name: "@", type: "MX", values: ["10 mail.example.com."] }] },
  [
    ...wholeZoneRows,
    { case: "no zone", inputs: { zone: undefined }, property: "zone", rule: "zone" },
    { case: "a zone name with a space", inputs: { zone: "exa mple.com" }, property: "zone", rule: "zone: " },
    { case: "a type only other APIs take", inputs: { records: [{ ...record, type: "HTTPS", values: ['1 . alpn="h2"'] }] }, property: "records[0].type", rule: "HTTPS" },
    ...credentialsRows,
  ],
  ["zone", "records", { records: [{ ...record, values: [UNKNOWN] }] }, { zone: UNKNOWN, records: [{ ...record, name: "www.example.org." }] }],
);
