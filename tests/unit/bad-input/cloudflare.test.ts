/** Bad input of both Cloudflare kinds, refused in check before any request (see table.ts). */
import { UNKNOWN } from "../../../provider/core/inputs";
import { badInputTable, credentialsRows, record } from "./table";

const ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353";
/** An update's check: the zone's name is in the old inputs, so the zone is not read. */
const olds = { zoneId: ZONE_ID, zoneName: "example.com" };

badInputTable(
  "cloudflare:DnsRecord",
  { zoneId: ZONE_ID, name: "www", type: "A", content: "192.0.2.1", ttl: 300, proxied: false, comment: "web", tags: ["team:web"] },
  [
    { case: "a zone name for the zone id", inputs: { zoneId: "example.com" }, property: "zoneId", rule: "zoneId must be a Cloudflare zone id" },
    { case: "a zone id over 32 characters", inputs: { zoneId: `${ZONE_ID}0` }, property: "zoneId", rule: "zoneId must be a Cloudflare zone id (up to 32 letters and digits)" },
    { case: "a name outside the zone", inputs: { name: "www.example.org." }, property: "name", rule: "example.org" },
    { case: "a name with a space", inputs: { name: "we b" }, property: "name", rule: "we b" },
    { case: "no name", inputs: { name: undefined }, property: "name", rule: 'name must be "@", a name relative to the zone, or a name inside it' },
    { case: "an unknown type", inputs: { type: "BOGUS" }, property: "type", rule: "type must be one of A, AAAA" },
    { case: "a lower-case type", inputs: { type: "a" }, property: "type", rule: 'type must be written in upper case: "A"' },
    { case: "an IPv6 address in an A record", inputs: { content: "2001:db8::1" }, property: "content", rule: "2001:db8::1" },
    { case: "an IPv4 address in an AAAA record", inputs: { type: "AAAA", content: "192.0.2.1" }, property: "content", rule: "192.0.2.1" },
    { case: "no content", inputs: { content: undefined }, property: "content", rule: "a A record needs content, a non-empty string" },
    { case: "data on an A record", inputs: { data: { flags: 0 } }, property: "data", rule: "only CAA, CERT" },
    { case: "content on a CAA record", inputs: { type: "CAA", content: '0 issue "letsencrypt.org"' }, property: "data", rule: "a CAA record takes its value as data" },
    { case: "content beside data on a CAA record", inputs: { type: "CAA", content: '0 issue "letsencrypt.org"', data: { flags: 0, tag: "issue", value: "letsencrypt.org" } }, property: "content", rule: "a CAA record takes data, not content" },
    { case: "an MX without its priority", inputs: { type: "MX", content: "mail.example.com" }, property: "priority", rule: "a MX record needs priority, a whole number from 0 to 65535" },
    { case: "a priority on an A record", inputs: { priority: 10 }, property: "priority", rule: "only MX and URI records take priority" },
    { case: "a TTL of 20 s", inputs: { ttl: 20 }, property: "ttl", rule: "ttl must be 1 (automatic) or a whole number of seconds from" },
    { case: "a fractional TTL", inputs: { ttl: 300.5 }, property: "ttl", rule: "ttl must be 1 (automatic)" },
    { case: "a TTL on a proxied record", inputs: { proxied: true }, property: "ttl", rule: "a proxied record's ttl must be 1 (automatic), not 300" },
    { case: "a proxied TXT record", inputs: { type: "TXT", content: "hello", ttl: 1, proxied: true }, property: "proxied", rule: "a TXT record cannot be proxied" },
    { case: "proxied as a word", inputs: { proxied: "yes" }, property: "proxied", rule: "proxied must be true or false" },
    { case: "an empty tag", inputs: { tags: [""] }, property: "tags", rule: "tags must be a list of non-empty strings" },
    { case: "a comment that is not a string", inputs: { comment: 5 }, property: "comment", rule: "comment must be a string" },
    { case: "settings that are not flags", inputs: { settings: { ipv4_only: "yes" } }, property: "settings", rule: "settings must be a map of flags" },
    ...credentialsRows,
  ],
  ["zoneId", "name", "type", "content", "ttl", "proxied", "tags", { tags: [UNKNOWN] }, { zoneId: UNKNOWN, name: "www.example.org." }],
  { olds },
);


badInputTable(
  "cloudflare:DnsRecords",
  { zoneId: ZONE_ID, records: [record, { name: "@", type: "MX", values: ["10 mail.example.com."] }], recordExtras: [{ name: "www", type: "A", proxied: true }] },
  [
    { case: "a zone name for the zone id", inputs: { zoneId: "example.com" }, property: "zoneId", rule: "zoneId must be a Cloudflare zone id" },
    { case: "a record outside the zone", inputs: { records: [{ ...record, name: "www.example.org." }], recordExtras: undefined }, property: "records[0].name", rule: "example.org" },
    { case: "an unknown record type", inputs: { records: [{ ...record, type: "BOGUS" }], recordExtras: undefined }, property: "records[0].type", rule: "BOGUS" },
    { case: "an A record holding a name", inputs: { records: [{ ...record, values: ["web.example.com."] }], recordExtras: undefined }, property: "records[0].values[0]", rule: "web.example.com" },
    { case: "a record TTL of 30 s", inputs: { records: [{ ...record, ttl: 30 }], recordExtras: undefined }, property: "records[0].ttl", rule: "TTL must be a whole number of seconds" },
    { case: "the same rrset twice", inputs: { records: [record, { ...record, values: ["192.0.2.2"] }], recordExtras: undefined }, property: "records[1]", rule: "www/A" },
    { case: "extras for a record not listed", inputs: { recordExtras: [{ name: "api", type: "A", proxied: true }] }, property: "recordExtras[0]", rule: "api A is not in records" },
    { case: "a proxied TXT record", inputs: { records: [{ name: "www", type: "TXT", values: ["hello"] }], recordExtras: [{ name: "www", type: "TXT", proxied: true }] }, property: "recordExtras[0].proxied", rule: "a TXT record cannot be proxied" },
    { case: "a proxied record with a TTL", inputs: { records: [{ ...record, ttl: 300 }] }, property: "recordExtras[0].proxied", rule: "proxied records must have an automatic TTL: remove ttl 300" },
    { case: "an unknown extras property", inputs: { recordExtras: [{ name: "www", type: "A", cdn: true }] }, property: "recordExtras[0]", rule: 'unknown property "cdn"' },
    ...credentialsRows,
  ],
  ["zoneId", "records", { records: [{ ...record, values: [UNKNOWN] }] }, "recordExtras", { zoneId: UNKNOWN, records: [{ ...record, name: "www.example.org." }] }],
  { olds },
);
