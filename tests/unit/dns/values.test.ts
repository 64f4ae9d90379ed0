import { canonicalRecordSet, canonicalValue, DnsInputError, KNOWN_RECORD_TYPES, RECORD_TYPES, recordType, valueFromWire } from "../../../provider/dns";

const zone = "example.com";

/** [type, value as a program may write it, canonical form]. */
const GOOD: [string, string, string][] = [
  ["A", "203.0.113.10", "203.0.113.10"],
  ["A", "0.0.0.0", "0.0.0.0"],
  ["AAAA", "2001:db8:0:0::10", "2001:db8::10"],
  ["AAAA", "2001:DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
  ["AAAA", "2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
  ["AAAA", "::1", "::1"],
  ["CNAME", "example-shop.de.", "example-shop.de."],
  ["CNAME", "www", "www.example.com."],
  ["CNAME", "@", "example.com."],
  ["CNAME", "Target.Example.NET.", "target.example.net."],
  ["CNAME", "s1._domainkey.mailer.example.", "s1._domainkey.mailer.example."],
  ["CNAME", "bücher.example.", "xn--bcher-kva.example."],
  ["NS", "ns1.dev-hosting.example.", "ns1.dev-hosting.example."],
  ["NS", "ns1", "ns1.example.com."],
  ["PTR", "host.example.net.", "host.example.net."],
  ["MX", "10 mail", "10 mail.example.com."],
  ["MX", "10 mx1.mail-provider.example.", "10 mx1.mail-provider.example."],
  ["MX", "010   MX1.Example.NET.", "10 mx1.example.net."],
  ["MX", "0 .", "0 ."],
  ["SRV", "10 60 5060 sip.example-shop.de.", "10 60 5060 sip.example-shop.de."],
  ["SRV", "10 60 5060 sip", "10 60 5060 sip.example.com."],
  ["SRV", "0 0 0 .", "0 0 0 ."],
  ["CAA", '0 issue "letsencrypt.org"', '0 issue "letsencrypt.org"'],
  ["CAA", "0 issue letsencrypt.org", '0 issue "letsencrypt.org"'],
  ["CAA", '128 ISSUEWILD ";"', '128 issuewild ";"'],
  ["CAA", '0 iodef "mailto:security@example-shop.de"', '0 iodef "mailto:security@example-shop.de"'],
  ["CAA", '0 issue "ca.example; account=\\"1\\""', '0 issue "ca.example; account=\\"1\\""'],
  [
    "TLSA",
    "3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6",
    "3 1 1 0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6",
  ],
  ["TLSA", "3 1 0 30 82 01 0A", "3 1 0 3082010a"],
  [
    "DS",
    "12345 13 2 2BB183AF5F22588179A53B0A98631FAD1A292118AB1B7DC8A1C7F1B5BC1EF9B6",
    "12345 13 2 2bb183af5f22588179a53b0a98631fad1a292118ab1b7dc8a1c7f1b5bc1ef9b6",
  ],
  ["DS", "1 8 1 A9993E364706816ABA3E25717850C26C9CD0D89D", "1 8 1 a9993e364706816aba3e25717850c26c9cd0d89d"],
  ["HINFO", '"x86_64" "Linux"', '"x86_64" "Linux"'],
  ["HINFO", "PC Linux", '"PC" "Linux"'],
  ["RP", "admin.example.com. .", "admin.example.com. ."],
  ["RP", "admin info", "admin.example.com. info.example.com."],
  ["SVCB", '1 svc alpn="h2,h3" port=443', '1 svc.example.com. alpn="h2,h3" port=443'],
  ["SVCB", "0 other.example.", "0 other.example."],
  ["HTTPS", "1 . ALPN=h3 ipv4hint=203.0.113.1", "1 . alpn=h3 ipv4hint=203.0.113.1"],
  ["HTTPS", "2 . no-default-alpn", "2 . no-default-alpn"],
  [
    "SOA",
    "hydrogen.ns.hetzner.com. dns.hetzner.com. 2024010100 86400 10800 3600000 3600",
    "hydrogen.ns.hetzner.com. dns.hetzner.com. 2024010100 86400 10800 3600000 3600",
  ],
  ["SOA", "ns1 hostmaster 0 86400 10800 3600000 3600", "ns1.example.com. hostmaster.example.com. 0 86400 10800 3600000 3600"],
  ["TXT", "v=spf1 -all", '"v=spf1 -all"'],
  ["TXT", '"v=spf1 -all"', '"v=spf1 -all"'],
];

describe("canonicalValue", () => {
  test.each(GOOD)("%s %j → %s", (type, value, canonical) => {
    expect(canonicalValue(type, value, zone)).toBe(canonical);
  });

  test.each(GOOD)("%s %j: idempotent", (type, value) => {
    const once = canonicalValue(type, value, zone);
    expect(canonicalValue(type, once, zone)).toBe(once);
  });

  test("every record type of the API has a canonical form", () => {
    expect(new Set(GOOD.map(([type]) => type))).toEqual(new Set(RECORD_TYPES));
  });

  test.each([
    ["A", "203.0.113", 'A value "203.0.113" is not an IPv4 address (four decimal numbers 0-255, no leading zeros)'],
    ["A", "203.0.113.256", 'A value "203.0.113.256" is not an IPv4 address (four decimal numbers 0-255, no leading zeros)'],
    ["A", "010.0.0.1", 'A value "010.0.0.1" is not an IPv4 address (four decimal numbers 0-255, no leading zeros)'],
    ["A", "2001:db8::1", 'A value "2001:db8::1" is not an IPv4 address (four decimal numbers 0-255, no leading zeros)'],
    ["A", "1.2.3.4 5.6.7.8", 'A value "1.2.3.4 5.6.7.8" must be "<IPv4 address>", e.g. "203.0.113.10"'],
    ["A", "", "A value must not be empty"],
    ["AAAA", "203.0.113.10", 'AAAA value "203.0.113.10" is not an IPv6 address'],
    ["AAAA", "fe80::1%eth0", 'AAAA value "fe80::1%eth0" is not an IPv6 address'],
    ["AAAA", "2001:db8::g", 'AAAA value "2001:db8::g" is not an IPv6 address'],
    [
      "MX",
      "10 mail.example.com",
      'MX value "10 mail.example.com": the exchange hostname "mail.example.com" ends with the zone name: write "mail.example.com." (absolute) or "mail" (relative)',
    ],
    ["CNAME", "example.com", 'CNAME value "example.com": the target hostname "example.com" ends with the zone name: write "example.com." (absolute) or "@" (relative)'],
    ["MX", "mail.example.net.", 'MX value "mail.example.net." must be "<preference> <exchange>", e.g. "10 mail.example.com."'],
    ["MX", "65536 mail.example.net.", 'MX value "65536 mail.example.net.": preference must be a whole number from 0 to 65535'],
    ["MX", "-1 mail.example.net.", 'MX value "-1 mail.example.net.": preference must be a whole number from 0 to 65535'],
    ["MX", '10 "mail.example.net."', 'MX value "10 \\"mail.example.net.\\"" must be "<preference> <exchange>", e.g. "10 mail.example.com."'],
    ["CNAME", ".", 'CNAME value ".": the target must name a host, not the root "."'],
    ["CNAME", "a b", 'CNAME value "a b" must be "<hostname>", e.g. "www.example.com."'],
    ["CNAME", "*.example.net.", 'CNAME value "*.example.net.": the target name "*.example.net.": "*" is only allowed in record names (wildcards)'],
    ["NS", "ns_1 .example.net.", 'NS value "ns_1 .example.net." must be "<nameserver>", e.g. "ns1.example.com."'],
    ["SRV", "10 60 sip.example.net.", 'SRV value "10 60 sip.example.net." must be "<priority> <weight> <port> <target>", e.g. "10 60 5060 sip.example.com."'],
    ["SRV", "10 60 70000 sip.example.net.", 'SRV value "10 60 70000 sip.example.net.": port must be a whole number from 0 to 65535'],
    ["CAA", "0 issue", 'CAA value "0 issue" must be "<flags> <tag> <value>", e.g. "0 issue \\"letsencrypt.org\\""'],
    ["CAA", "256 issue ca.example", 'CAA value "256 issue ca.example": flags must be a whole number from 0 to 255'],
    ["CAA", '0 is-sue "ca.example"', 'CAA value "0 is-sue \\"ca.example\\"": the tag (issue, issuewild, iodef, …) must be letters and digits'],
    ["CAA", "0 issue ca.example; policy", 'CAA value "0 issue ca.example; policy" must be "<flags> <tag> <value>", e.g. "0 issue \\"letsencrypt.org\\""'],
    ["CAA", '0 issue "ca.example', 'CAA value "0 issue \\"ca.example": a quoted string is not closed'],
    ["TLSA", "3 1 1 0C72", 'TLSA value "3 1 1 0C72": the data of type 1 has 64 hex digits, not 4'],
    ["TLSA", "3 1 0 XYZ0", 'TLSA value "3 1 0 XYZ0": the data must be an even number of hex digits'],
    ["TLSA", "3 1 0 abc", 'TLSA value "3 1 0 abc": the data must be an even number of hex digits'],
    ["DS", "12345 13 2 ABCDEF", 'DS value "12345 13 2 ABCDEF": the digest of type 2 has 64 hex digits, not 6'],
    ["DS", "123456 13 2 ABCDEF", 'DS value "123456 13 2 ABCDEF": key tag must be a whole number from 0 to 65535'],
    ["HINFO", "x86", 'HINFO value "x86" must be "<cpu> <os>", e.g. "\\"x86\\" \\"Linux\\""'],
    ["RP", "admin.example.com.", 'RP value "admin.example.com." must be "<mailbox name> <TXT name>", e.g. "admin.example.com. ."'],
    ["SVCB", "0 . alpn=h2", 'SVCB value "0 . alpn=h2": priority 0 (alias mode) takes no parameters'],
    ["SVCB", "1 . alpn=h2 alpn=h3", 'SVCB value "1 . alpn=h2 alpn=h3": parameter alpn is given twice'],
    ["HTTPS", "1 . =h2", 'HTTPS value "1 . =h2": parameter "=h2" must be key=value'],
    ["HTTPS", "1", 'HTTPS value "1" must be "<priority> <target> [key=value …]", e.g. "1 . alpn=h2"'],
    ["SOA", "ns1 hostmaster 1 2 3 4", 'SOA value "ns1 hostmaster 1 2 3 4" must be "<mname> <rname> <serial> <refresh> <retry> <expire> <minimum>"'],
    ["SOA", "ns1 hostmaster 4294967296 2 3 4 5", 'SOA value "ns1 hostmaster 4294967296 2 3 4 5": serial must be a whole number from 0 to 4294967295'],
    ["TXT", '"unclosed', 'TXT value "\\"unclosed" starts with a quote but is not quoted text: a quoted string is not closed'],
  ])("%s %j is refused: %s", (type, value, message) => {
    expect(() => canonicalValue(type, value, zone)).toThrow(new DnsInputError(message));
  });

  test("a long value is shortened in the message", () => {
    expect(() => canonicalValue("A", "1".repeat(100), zone)).toThrow(`A value "${"1".repeat(59)}…" is not an IPv4 address`);
  });

  test('zoneSuffix "append" reads a relative hostname ending with the zone name as RFC 1035 does (values read back)', () => {
    expect(canonicalValue("MX", "10 mail.example.com", zone, { zoneSuffix: "append" })).toBe("10 mail.example.com.example.com.");
    expect(canonicalValue("CNAME", "www", zone, { zoneSuffix: "append" })).toBe("www.example.com.");
    expect(() => canonicalValue("MX", "10 mail.example.com", zone, { zoneSuffix: "refuse" })).toThrow(/ends with the zone name/);
  });

  test("relative hostnames take the zone in any spelling", () => {
    expect(canonicalValue("MX", "10 mail", "MÜNCHEN.de.")).toBe("10 mail.xn--mnchen-3ya.de.");
  });
});

describe("recordType", () => {
  test("accepts the API's types", () => {
    for (const type of RECORD_TYPES) expect(recordType(type)).toBe(type);
  });

  test.each([
    ["mx", 'record type "mx" must be written in upper case: "MX"'],
    // Without a family's list: every type the module reads.
    ["SPF", `record type "SPF" is not one of ${KNOWN_RECORD_TYPES.join(", ")}`],
    ["", `record type "" is not one of ${KNOWN_RECORD_TYPES.join(", ")}`],
  ])("%j is refused: %s", (type, message) => {
    expect(() => recordType(type)).toThrow(new DnsInputError(message));
    expect(() => canonicalValue(type, "x", zone)).toThrow(new DnsInputError(message));
  });

  test("a family's list narrows what is accepted", () => {
    expect(() => recordType("LOC", RECORD_TYPES)).toThrow(new DnsInputError(`record type "LOC" is not one of ${RECORD_TYPES.join(", ")}`));
  });
});

/** The types Cloudflare (and legacy Hetzner DNS: DANE) have beyond Hetzner Cloud's: [type, as a program or zone file may write it, canonical form]. */
const MORE: [string, string, string][] = [
  ["CERT", "PKIX 12345 RSASHA256 MIIBCgKC AQEAw0jS", "1 12345 8 MIIBCgKCAQEAw0jS"],
  ["CERT", "1 0 0 AQID", "1 0 0 AQID"],
  ["DNSKEY", "257 3 ECDSAP256SHA256 mdsswUyr3DPW132mOi8V9xESWE8jTo0d xCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==", "257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ=="],
  ["LOC", "52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m", "52 22 23 N 4 53 32 E -2m 0m 10000m 10m"],
  ["LOC", "52 N 4 e 10", "52 0 0 N 4 0 0 E 10m 1m 10000m 10m"],
  ["LOC", "42 21 54.5 s 71 6 18 W -24m 30m", "42 21 54.5 S 71 6 18 W -24m 30m 10000m 10m"],
  ["NAPTR", '100 10 "S" "SIP+D2U" "" _sip._udp', '100 10 "S" "SIP+D2U" "" _sip._udp.example.com.'],
  // RFC 3403's example: a backslash inside the regexp is written `\\` in presentation form (RFC 1035 escapes).
  ["NAPTR", '100 50 "a" "z3950+N2L+N2C" "!^urn:cid:.+@([^\\\\.]+\\\\.)(.*)$!\\\\2!i" .', '100 50 "a" "z3950+N2L+N2C" "!^urn:cid:.+@([^\\\\.]+\\\\.)(.*)$!\\\\2!i" .'],
  ["OPENPGPKEY", "mQINBFit2jsBEADrbl5vjVxYeAE0g0IDYCBpHirv1Sjlqxx5gjtPhb2YhvyDMXjq XY44Zwv6Aw==", "mQINBFit2jsBEADrbl5vjVxYeAE0g0IDYCBpHirv1Sjlqxx5gjtPhb2YhvyDMXjqXY44Zwv6Aw=="],
  ["SMIMEA", "3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6", "3 1 1 0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6"],
  ["SSHFP", `4 2 ${"0123456789ABCDEF".repeat(4)}`, `4 2 ${"0123456789abcdef".repeat(4)}`],
  ["DANE", `3 1 1 ${"AB".repeat(32)}`, `3 1 1 ${"ab".repeat(32)}`],
  ["URI", "10 1 https://example.com/path", '10 1 "https://example.com/path"'],
  ["URI", '010 1 "ftp://ftp1.example.com/public"', '10 1 "ftp://ftp1.example.com/public"'],
];

describe("the types beyond Hetzner Cloud's", () => {
  test.each(MORE)("%s %j → %s, idempotent", (type, value, canonical) => {
    expect(canonicalValue(type, value, zone)).toBe(canonical);
    expect(canonicalValue(type, canonical, zone)).toBe(canonical);
  });

  test("every type the module knows has a canonical form", () => {
    expect(new Set([...GOOD, ...MORE].map(([type]) => type))).toEqual(new Set(KNOWN_RECORD_TYPES));
  });

  test.each([
    ["CERT", "PKIX 0 0 not*base64", 'CERT value "PKIX 0 0 not*base64": the certificate must be base64'],
    ["DNSKEY", "257 2 13 AQID", 'DNSKEY value "257 2 13 AQID": the protocol must be 3 (RFC 4034)'],
    ["LOC", "91 N 4 E 0m", 'LOC value "91 N 4 E 0m": latitude degrees must be a number from 0 to 90'],
    ["LOC", "52 22 23 4 53 32 E 0m", 'LOC value "52 22 23 4 53 32 E 0m" must be "<d> [<m> [<s>]] N|S <d> [<m> [<s>]] E|W <altitude>m [<size>m [<horizontal>m [<vertical>m]]]", e.g. "52 22 23 N 4 53 32 E -2m"'],
    ["NAPTR", '100 10 "S" "SIP+D2U" _sip._udp', 'NAPTR value "100 10 \\"S\\" \\"SIP+D2U\\" _sip._udp" must be "<order> <preference> <flags> <service> <regexp> <replacement>", e.g. "100 10 \\"S\\" \\"SIP+D2U\\" \\"\\" _sip._udp.example.com."'],
    ["SSHFP", "4 2 abcd", 'SSHFP value "4 2 abcd": the fingerprint of type 2 has 64 hex digits, not 4'],
    ["URI", "10 https://example.com/", 'URI value "10 https://example.com/" must be "<priority> <weight> <target>", e.g. "10 1 \\"https://example.com/\\""'],
  ])("%s %j is refused: %s", (type, value, message) => {
    expect(() => canonicalValue(type, value, zone)).toThrow(new DnsInputError(message));
  });
});

describe("canonicalRecordSet and valueFromWire", () => {
  test("an rrset as the API stores it, and its values back in the program's form", () => {
    const set = canonicalRecordSet(
      { name: "Mail._DomainKey.example.com.", type: "TXT", ttl: 300, values: ["v=DKIM1; p=abc", '"two" " strings"'] },
      zone,
    );
    expect(set).toEqual({ name: "mail._domainkey", type: "TXT", ttl: 300, values: ['"v=DKIM1; p=abc"', '"two strings"'] });
    expect(set.values.map((v) => valueFromWire("TXT", v))).toEqual(["v=DKIM1; p=abc", "two strings"]);
    expect(canonicalRecordSet({ name: "@", type: "MX", values: ["10 mail"] }, zone)).toEqual({
      name: "@",
      type: "MX",
      values: ["10 mail.example.com."],
    });
    expect(valueFromWire("MX", "10 mail.example.com.")).toBe("10 mail.example.com.");
  });

  test("throws for what checkRecordSets reports", () => {
    expect(() => canonicalRecordSet({ name: "www.example.net.", type: "A", values: ["203.0.113.1"] }, zone)).toThrow(
      new DnsInputError('name "www.example.net." is outside the zone example.com'),
    );
  });
});
