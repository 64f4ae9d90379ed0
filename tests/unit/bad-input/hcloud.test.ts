/** Bad input of every Hetzner Cloud kind, refused in check before any request (see table.ts). */
import { UNKNOWN } from "../../../provider/core/inputs";
import { testCertificate } from "../../support/certificates";
import { badInputTable, credentialsRows, labelRows, record, wholeZoneRows } from "./table";

const nameRows = [
  { case: "a name over 128 characters", inputs: { name: "n".repeat(129) }, property: "name", rule: "name must be a string of at most 128 characters" },
  { case: "a name that is not a string", inputs: { name: 42 }, property: "name", rule: "name must be a string" },
];

const rule = { direction: "in", protocol: "tcp", port: "443", sourceIps: ["0.0.0.0/0", "::/0"] };
const withRule = (changes: Record<string, unknown>) => ({ rules: [Object.fromEntries(Object.entries({ ...rule, ...changes }).filter(([, v]) => v !== undefined))] });

badInputTable(
  "hcloud:Firewall",
  { name: "web", labels: { env: "prod" }, rules: [rule], applyTo: { serverIds: [42], labelSelectors: ["role=web"] } },
  [
    { case: "a CIDR with host bits set", inputs: withRule({ sourceIps: ["10.1.2.3/8"] }), property: "rules[0]", rule: '"10.1.2.3/8" has host bits set: write 10.0.0.0/8 for the network or 10.1.2.3/32' },
    { case: "an IPv6 CIDR with host bits set", inputs: withRule({ sourceIps: ["2001:db8::1/32"] }), property: "rules[0]", rule: "has host bits set: write 2001:db8::/32" },
    { case: "a prefix too long", inputs: withRule({ sourceIps: ["10.0.0.0/33"] }), property: "rules[0]", rule: '"10.0.0.0/33" is not a valid CIDR' },
    { case: "a host name for a CIDR", inputs: withRule({ sourceIps: ["example.com"] }), property: "rules[0]", rule: '"example.com" is not an IP address or CIDR' },
    { case: "a short inet_aton address", inputs: withRule({ sourceIps: ["10.1"] }), property: "rules[0]", rule: '"10.1" is not an IP address or CIDR' },
    { case: "no source for an inbound rule", inputs: withRule({ sourceIps: [] }), property: "rules[0]", rule: "sourceIps must list at least one CIDR" },
    { case: "a destination on an inbound rule", inputs: withRule({ destinationIps: ["10.0.0.0/8"] }), property: "rules[0]", rule: 'destinationIps is not allowed for direction "in"' },
    { case: "port 0", inputs: withRule({ port: "0" }), property: "rules[0]", rule: 'port must be a port 1-65535, a range "low-high" or "any", got "0"' },
    { case: "port 65536", inputs: withRule({ port: 65536 }), property: "rules[0]", rule: 'got "65536"' },
    { case: "a reversed port range", inputs: withRule({ port: "5000-1024" }), property: "rules[0]", rule: 'got "5000-1024"' },
    { case: "a port word", inputs: withRule({ port: "https" }), property: "rules[0]", rule: 'got "https"' },
    { case: "no port for tcp", inputs: withRule({ port: undefined }), property: "rules[0]", rule: "port is required for protocol tcp" },
    { case: "a port for icmp", inputs: withRule({ protocol: "icmp", port: "80" }), property: "rules[0]", rule: "port is only allowed for tcp and udp, not icmp" },
    { case: "an unknown protocol", inputs: withRule({ protocol: "ftp" }), property: "rules[0]", rule: 'protocol must be one of tcp, udp, icmp, esp, gre, got "ftp"' },
    { case: "an upper-case protocol", inputs: withRule({ protocol: "TCP" }), property: "rules[0]", rule: 'got "TCP"' },
    { case: "an unknown direction", inputs: withRule({ direction: "both" }), property: "rules[0]", rule: 'direction must be "in" or "out", got "both"' },
    { case: "an unknown rule property", inputs: withRule({ ports: "80" }), property: "rules[0]", rule: 'unknown property "ports"' },
    { case: "a description over 255 characters", inputs: withRule({ description: "d".repeat(256) }), property: "rules[0]", rule: "description must be a string of at most 255 characters" },
    { case: "a rule that is not an object", inputs: { rules: ["allow 443"] }, property: "rules[0]", rule: "each rule must be an object" },
    { case: "51 rules", inputs: { rules: Array.from({ length: 51 }, (_, i) => ({ ...rule, port: String(1000 + i) })) }, property: "rules", rule: "a firewall takes at most 50 rules, got 51" },
    { case: "rules that are not a list", inputs: { rules: rule }, property: "rules", rule: "rules must be a list" },
    { case: "a server id that is not one", inputs: { applyTo: { serverIds: [-1] } }, property: "applyTo", rule: "applyTo.serverIds: -1 is not a server id" },
    { case: "an empty label selector", inputs: { applyTo: { labelSelectors: [""] } }, property: "applyTo", rule: 'applyTo.labelSelectors: "" is not a label selector' },
    { case: "a label selector of bad syntax", inputs: { applyTo: { labelSelectors: ["=web"] } }, property: "applyTo", rule: 'applyTo.labelSelectors: "=web" is not a label selector' },
    { case: "an unknown applyTo property", inputs: { applyTo: { servers: [42] } }, property: "applyTo", rule: 'applyTo: unknown property "servers"' },
    ...nameRows,
    ...labelRows,
    ...credentialsRows,
    { case: "adopt in no form the kind takes", inputs: { adopt: { label: "x" } }, property: "adopt", rule: "adopt must be { id } or { name }, got { label }" },
  ],
  ["name", "labels", { labels: { env: UNKNOWN } }, "rules", { rules: [{ ...rule, sourceIps: [UNKNOWN] }] }, { rules: [{ ...rule, port: UNKNOWN }] }, "applyTo", "credentials", { credentials: { token: UNKNOWN } }, "adopt"],
);

badInputTable(
  "hcloud:FirewallAttachment",
  { firewallId: 7, serverIds: [42], labelSelectors: ["role=web"] },
  [
    { case: "a firewall id of 0", inputs: { firewallId: 0 }, property: "firewallId", rule: "firewallId: 0 is not a firewall id" },
    { case: "no firewall id", inputs: { firewallId: undefined }, property: "firewallId", rule: "is not a firewall id" },
    { case: "a fractional server id", inputs: { serverIds: [1.5] }, property: "serverIds[0]", rule: "serverIds[0]: 1.5 is not a server id" },
    { case: "an empty label selector", inputs: { labelSelectors: [" "] }, property: "labelSelectors", rule: 'labelSelectors[0]: " " is not a label selector' },
    { case: "a label selector of bad syntax", inputs: { labelSelectors: ["role in (web"] }, property: "labelSelectors", rule: 'labelSelectors[0]: "role in (web" is not a label selector' },
    { case: "no target at all", inputs: { serverIds: [], labelSelectors: [] }, property: "serverIds", rule: "needs at least one of serverIds or labelSelectors" },
    ...credentialsRows,
  ],
  ["firewallId", "serverIds", { serverIds: [UNKNOWN] }, "labelSelectors", { serverIds: UNKNOWN, labelSelectors: UNKNOWN }],
);

badInputTable(
  "hcloud:FloatingIp",
  { type: "ipv4", homeLocation: "fsn1", name: "vip", description: "front", labels: { env: "prod" }, serverId: 42, dnsPtr: [{ dnsPtr: "vip.example.com" }], deleteProtection: false },
  [
    { case: "an unknown type", inputs: { type: "ipv5" }, property: "type", rule: 'type must be "ipv4" or "ipv6", got "ipv5"' },
    { case: "no type", inputs: { type: undefined }, property: "type", rule: 'type must be "ipv4" or "ipv6"' },
    { case: "a home location that is not a location name", inputs: { homeLocation: "Falkenstein 1" }, property: "homeLocation", rule: 'homeLocation must be a location name such as "fsn1"' },
    { case: "a server id of 0", inputs: { serverId: 0 }, property: "serverId", rule: "serverId: 0 is not a server id" },
    { case: "a server name for a server id", inputs: { serverId: "web-1" }, property: "serverId", rule: 'serverId: "web-1" is not a server id' },
    { case: "a reverse DNS name that is no hostname", inputs: { dnsPtr: [{ dnsPtr: "not a host!" }] }, property: "dnsPtr[0]", rule: 'dnsPtr must be a hostname, got "not a host!"' },
    { case: "an IPv6 reverse DNS address on an IPv4", inputs: { dnsPtr: [{ ip: "2001:db8::1", dnsPtr: "vip.example.com" }] }, property: "dnsPtr[0]", rule: 'ip "2001:db8::1" is not a single IPv4 address' },
    { case: "two reverse DNS entries on an IPv4", inputs: { dnsPtr: [{ ip: "192.0.2.1", dnsPtr: "a.example.com" }, { ip: "192.0.2.2", dnsPtr: "b.example.com" }] }, property: "dnsPtr", rule: "an ipv4 floating IP has a single address" },
    { case: "the same address twice", inputs: { type: "ipv6", dnsPtr: [{ ip: "2001:db8::1", dnsPtr: "a.example.com" }, { ip: "2001:DB8::1", dnsPtr: "b.example.com" }] }, property: "dnsPtr[1]", rule: "ip 2001:db8::1 is listed twice" },
    { case: "an unknown reverse DNS property", inputs: { dnsPtr: [{ dnsPtr: "vip.example.com", ttl: 60 }] }, property: "dnsPtr[0]", rule: 'unknown property "ttl"' },
    { case: "a description that is not a string", inputs: { description: 5 }, property: "description", rule: "description must be a string" },
    { case: "delete protection as a word", inputs: { deleteProtection: "yes" }, property: "deleteProtection", rule: 'deleteProtection must be true or false, got "yes"' },
    ...nameRows,
    ...labelRows,
    ...credentialsRows,
  ],
  ["type", "homeLocation", "name", "serverId", "dnsPtr", { dnsPtr: [{ ip: UNKNOWN, dnsPtr: "vip.example.com" }] }, "deleteProtection", "description", "labels"],
);

badInputTable(
  "hcloud:FloatingIpAssignment",
  { floatingIpId: 7, serverId: 42 },
  [
    { case: "a negative floating IP id", inputs: { floatingIpId: -7 }, property: "floatingIpId", rule: "floatingIpId: -7 is not a floating IP id" },
    { case: "an address for a floating IP id", inputs: { floatingIpId: "192.0.2.1" }, property: "floatingIpId", rule: '"192.0.2.1" is not a floating IP id' },
    { case: "no server id", inputs: { serverId: undefined }, property: "serverId", rule: "is not a server id" },
    ...credentialsRows,
  ],
  ["floatingIpId", "serverId"],
);

badInputTable(
  "hcloud:Image",
  { adopt: { id: 5 }, description: "base", type: "snapshot", labels: { env: "prod" }, deleteProtection: false, deleteOnDestroy: false },
  [
    { case: "no adopt (images cannot be created)", inputs: { adopt: undefined }, property: "adopt", rule: "images cannot be created through the API: set adopt: { id }" },
    { case: "adopt by name (images adopt by id only)", inputs: { adopt: { name: "base" } }, property: "adopt", rule: "adopt must be { id }, got { name }" },
    { case: "an adopt id of 0", inputs: { adopt: { id: 0 } }, property: "adopt", rule: "adopt.id must be a non-empty id" },
    { case: "an unknown image type", inputs: { type: "iso" }, property: "type", rule: 'type must be "snapshot" or "backup", got "iso"' },
    { case: "a description that is not a string", inputs: { description: ["base"] }, property: "description", rule: "description must be a string" },
    { case: "delete on destroy as a number", inputs: { deleteOnDestroy: 1 }, property: "deleteOnDestroy", rule: "deleteOnDestroy must be true or false, got 1" },
    ...labelRows,
    ...credentialsRows,
  ],
  ["adopt", "type", "description", "labels", "deleteProtection"],
);

const cert = testCertificate({ domains: ["example.com"] });
const other = testCertificate({ domains: ["other.example"] });

badInputTable(
  "hcloud:UploadedCertificate",
  { name: "web", labels: { env: "prod" }, certificate: cert.certificate, privateKey: cert.privateKey },
  [
    { case: "no certificate", inputs: { certificate: undefined }, property: "certificate", rule: "certificate is required: the PEM certificate" },
    { case: "a certificate that is no PEM", inputs: { certificate: "MIIB not pem" }, property: "certificate", rule: "certificate " },
    { case: "a key that is no PEM", inputs: { privateKey: "not a key" }, property: "privateKey", rule: "privateKey ", secret: "not a key" },
    { case: "the key of another certificate", inputs: { privateKey: other.privateKey }, property: "privateKey", rule: "privateKey does not belong to the certificate", secret: other.privateKey.split("\n")[1] },
    { case: "an empty key", inputs: { privateKey: "" }, property: "privateKey", rule: "privateKey is required: the PEM private key" },
    ...nameRows,
    ...labelRows,
    ...credentialsRows,
  ],
  ["certificate", "privateKey", "name", "labels"],
);

badInputTable(
  "hcloud:ManagedCertificate",
  { name: "web", labels: { env: "prod" }, domainNames: ["example.com", "*.example.com"], retryIssuance: 1 },
  [
    { case: "no domain names", inputs: { domainNames: [] }, property: "domainNames", rule: "domainNames must list at least one domain name" },
    { case: "a domain name with a space", inputs: { domainNames: ["exa mple.com"] }, property: "domainNames", rule: 'domainNames: "exa mple.com" is not a domain name' },
    { case: "an empty label in a domain name", inputs: { domainNames: ["a..example.com"] }, property: "domainNames", rule: 'domainNames: "a..example.com" is not a domain name' },
    { case: "a label over 63 characters", inputs: { domainNames: [`${"a".repeat(64)}.example.com`] }, property: "domainNames", rule: "is not a domain name" },
    { case: "a retry trigger that is an object", inputs: { retryIssuance: { at: 1 } }, property: "retryIssuance", rule: "retryIssuance must be a string or a number" },
    ...nameRows,
    ...labelRows,
    ...credentialsRows,
  ],
  ["domainNames", { domainNames: ["example.com", UNKNOWN] }, "retryIssuance", "name"],
);


badInputTable(
  "hcloud:Zone",
  { name: "example.com", mode: "primary", ttl: 3600, labels: { env: "prod" }, deleteProtection: false, records: [record] },
  [
    { case: "no name", inputs: { name: undefined }, property: "name", rule: "name is required: the domain of the zone" },
    { case: "a name with a space", inputs: { name: "exa mple.com" }, property: "name", rule: "name: " },
    { case: "a name label over 63 characters", inputs: { name: `${"a".repeat(64)}.com` }, property: "name", rule: "name: " },
    { case: "an unknown mode", inputs: { mode: "slave" }, property: "mode", rule: 'mode must be "primary" or "secondary", got "slave"' },
    { case: "a TTL under 60 s", inputs: { ttl: 30 }, property: "ttl", rule: "ttl must be a whole number of seconds from 60 to 2147483647, got 30" },
    { case: "a fractional TTL", inputs: { ttl: 300.5 }, property: "ttl", rule: "got 300.5" },
    { case: "a TTL on a secondary zone", inputs: { mode: "secondary", records: undefined, primaryNameservers: [{ address: "198.51.100.1" }] }, property: "ttl", rule: "ttl applies to primary zones only" },
    { case: "primary nameservers on a primary zone", inputs: { primaryNameservers: [{ address: "198.51.100.1" }] }, property: "primaryNameservers", rule: "primaryNameservers applies to secondary zones only" },
    { case: "records on a secondary zone", inputs: { mode: "secondary", ttl: undefined, primaryNameservers: [{ address: "198.51.100.1" }] }, property: "records", rule: "records applies to primary zones only" },
    ...[
      { case: "a nameserver by host name", entry: { address: "ns1.example.com" }, property: "primaryNameservers[0]", rule: 'address must be the public IPv4 or IPv6 address of the primary nameserver, got "ns1.example.com"' },
      { case: "a nameserver port 0", entry: { address: "198.51.100.1", port: 0 }, property: "primaryNameservers[0]", rule: "port must be a port number from 1 to 65535, got 0" },
      { case: "a TSIG algorithm without its key", entry: { address: "198.51.100.1", tsigAlgorithm: "hmac-sha256" }, property: "primaryNameservers[0]", rule: "tsigAlgorithm and tsigKey go together" },
      { case: "a TSIG key that is no base64", entry: { address: "198.51.100.1", tsigAlgorithm: "hmac-sha256", tsigKey: "not base64!" }, property: "primaryNameservers[0]", rule: "tsigKey must be the base64-encoded TSIG key", secret: "not base64!" },
      { case: "an unknown TSIG algorithm", entry: { address: "198.51.100.1", tsigAlgorithm: "hmac-md4", tsigKey: "c2VjcmV0" }, property: "primaryNameservers[0]", rule: 'tsigAlgorithm must be one of' },
    ].map(({ entry, ...row }) => ({ ...row, inputs: { mode: "secondary", ttl: undefined, records: undefined, primaryNameservers: [entry] } })),
    { case: "a record outside the zone", inputs: { records: [{ ...record, name: "www.example.org." }] }, property: "records[0].name", rule: "example.org" },
    { case: "an unknown record type", inputs: { records: [{ ...record, type: "BOGUS" }] }, property: "records[0].type", rule: "BOGUS" },
    { case: "an IPv6 address in an A record", inputs: { records: [{ ...record, values: ["2001:db8::1"] }] }, property: "records[0].values[0]", rule: "2001:db8::1" },
    { case: "a record TTL of 59 s", inputs: { records: [{ ...record, ttl: 59 }] }, property: "records[0].ttl", rule: "TTL must be a whole number of seconds from 60" },
    ...labelRows,
    ...credentialsRows,
  ],
  ["name", "mode", "ttl", "labels", "records", { records: [{ ...record, values: [UNKNOWN] }] }, { mode: "secondary", ttl: undefined, records: undefined, primaryNameservers: [{ address: "198.51.100.1", tsigAlgorithm: "hmac-sha256", tsigKey: UNKNOWN }] }],
);

badInputTable(
  "hcloud:ZoneRrset",
  { zone: "example.com", name: "www", type: "A", ttl: 300, records: [{ value: "192.0.2.1", comment: "web" }], labels: { env: "prod" }, changeProtection: false },
  [
    { case: "no zone", inputs: { zone: undefined }, property: "zone", rule: "zone is required: the zone's id or name" },
    { case: "a zone name with a space", inputs: { zone: "exa mple.com" }, property: "zone", rule: "zone: " },
    { case: "a name outside the zone", inputs: { name: "www.example.org." }, property: "name", rule: "example.org" },
    { case: "a name with a space", inputs: { name: "we b" }, property: "name", rule: "name: " },
    { case: "a name label over 63 characters", inputs: { name: "a".repeat(64) }, property: "name", rule: "name: " },
    { case: "no name", inputs: { name: undefined }, property: "name", rule: 'name is required: "@" for the zone apex' },
    { case: "an unknown type", inputs: { type: "BOGUS" }, property: "type", rule: "type: " },
    { case: "no type", inputs: { type: undefined }, property: "type", rule: "type is required" },
    { case: "an IPv6 address in an A rrset", inputs: { records: [{ value: "2001:db8::1" }] }, property: "records[0].value", rule: "2001:db8::1" },
    { case: "an IPv4 address in an AAAA rrset", inputs: { type: "AAAA", records: [{ value: "192.0.2.1" }] }, property: "records[0].value", rule: "192.0.2.1" },
    { case: "an MX without its priority", inputs: { type: "MX", records: [{ value: "mail.example.com." }] }, property: "records[0].value", rule: "MX" },
    { case: "an SRV without its port", inputs: { name: "_sip._tcp", type: "SRV", records: [{ value: "10 5 sip.example.com." }] }, property: "records[0].value", rule: "SRV" },
    { case: "a CAA with flags over 255", inputs: { name: "@", type: "CAA", records: [{ value: '256 issue "letsencrypt.org"' }] }, property: "records[0].value", rule: "CAA" },
    { case: "two values in a CNAME", inputs: { type: "CNAME", records: [{ value: "a.example.com." }, { value: "b.example.com." }] }, property: "records", rule: "a CNAME record set holds exactly one value, got 2" },
    { case: "no records", inputs: { records: [] }, property: "records", rule: "records" },
    { case: "a TTL of 59 s", inputs: { ttl: 59 }, property: "ttl", rule: "ttl must be a whole number of seconds from 60" },
    { case: "change protection as a word", inputs: { changeProtection: "on" }, property: "changeProtection", rule: 'changeProtection must be true or false, got "on"' },
    ...labelRows,
    ...credentialsRows,
  ],
  ["zone", "name", "type", "ttl", "records", { records: [{ value: UNKNOWN }] }, "labels", "changeProtection"],
);

badInputTable(
  "hcloud:ZoneRecords",
  { zone: "example.com", records: [record, { name: "@", type: "MX", values: ["10 mail.example.com."] }] },
  [
    ...wholeZoneRows,
    { case: "no zone", inputs: { zone: undefined }, property: "zone", rule: "zone must be the id or the name of an existing zone" },
    { case: "a zone name with a space", inputs: { zone: "exa mple.com" }, property: "zone", rule: "zone: " },
    { case: "an unknown record type", inputs: { records: [{ ...record, type: "BOGUS" }] }, property: "records[0].type", rule: "BOGUS" },
    { case: "a record without values", inputs: { records: [{ ...record, values: [] }] }, property: "records[0]", rule: "values must be a non-empty list of strings" },
    { case: "a CNAME beside other data", inputs: { records: [record, { name: "www", type: "CNAME", values: ["web.example.com."] }] }, property: "records[1].type", rule: "CNAME" },
    ...credentialsRows,
  ],
  ["zone", "records", { records: [{ ...record, values: [UNKNOWN] }] }, { records: [{ ...record, name: UNKNOWN }] }, "filter"],
);
