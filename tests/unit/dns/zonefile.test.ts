import * as fs from "fs";
import * as path from "path";
import { DnsInputError, parseZoneFile, readZoneFile, RecordSet, sortRecordSets, toZoneFile } from "../../../provider/dns";

const realistic = fs.readFileSync(path.join(__dirname, "../../fixtures/zones/realistic.zone"), "utf8");

const DKIM =
  "v=DKIM1; k=rsa; " +
  "p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAw0jSxrLfqZ94kzKEqBM0x1OdyuiDULQOoNHsy9etfx7wjZhwzahW5eYiOCdX8mvdjktmjFIK+MrhyGJnjXo0p3BrioP/IPmstwaeWTpHsRAk00F/2uHcMaY9PwA2/ZwuE/ADR4tkMA/sO+Q1Z9e+c4fw4a+d" +
  "blKAw84AKhzJ1xX8tuEbmBs2Ky5iaVDqEimjBIXN3aPlOa1OxQsvFpK8zgYhef/K2j+Csy7VJS7CaipGP3obIrk8t0apZhj1NubMZKlDLSbzy1Ybvf6dHhHFVfvEgBEQhDTAdW3DayCRH7/g9MDzxjzzcTNLX8yFogIazvrV2WzkLWhSYOfejg87YQIDAQAB";

describe("parseZoneFile: the realistic zone", () => {
  test("gives exactly these rrsets, sorted, TXT as plain text, values canonical", () => {
    expect(readZoneFile(realistic, "example-shop.de")).toEqual({
      ttl: 3600,
      records: [
        { name: "@", type: "A", values: ["203.0.113.10"] },
        { name: "@", type: "AAAA", values: ["2001:db8::10"] },
        { name: "@", type: "CAA", values: ['0 issue "letsencrypt.org"', '0 iodef "mailto:security@example-shop.de"'] },
        { name: "@", type: "MX", values: ["10 mx1.mail-provider.example.", "20 mx2.mail-provider.example."] },
        { name: "@", type: "TXT", values: ["v=spf1 ip4:203.0.113.0/24 include:_spf.mail-provider.example ~all"] },
        { name: "*", type: "A", values: ["203.0.113.11"] },
        { name: "_dmarc", type: "TXT", values: ["v=DMARC1; p=quarantine; rua=mailto:dmarc@example-shop.de; pct=100"] },
        { name: "mail._domainkey", type: "TXT", values: [DKIM] },
        { name: "_sip._tcp", type: "SRV", values: ["10 60 5060 sip.example-shop.de."] },
        { name: "dev", type: "NS", values: ["ns1.dev-hosting.example.", "ns2.dev-hosting.example."] },
        { name: "mx1", type: "A", values: ["203.0.113.25"] },
        { name: "_25._tcp.mx1", type: "TLSA", values: ["3 1 1 0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6"] },
        { name: "shop", type: "A", ttl: 300, values: ["203.0.113.12", "203.0.113.13"] },
        { name: "sip", type: "A", values: ["203.0.113.20"] },
        { name: "www", type: "CNAME", values: ["example-shop.de."] },
        { name: "xn--bcher-kva", type: "A", values: ["203.0.113.30"] },
      ],
    });
  });

  test("round trip: parseZoneFile(toZoneFile(x)) equals x, and the written file is stable", () => {
    const { ttl, records } = readZoneFile(realistic, "example-shop.de");
    const written = toZoneFile(records, { origin: "example-shop.de", ttl });
    expect(readZoneFile(written, "example-shop.de")).toEqual({ ttl, records });
    expect(toZoneFile(parseZoneFile(written, "example-shop.de"), { origin: "example-shop.de", ttl })).toBe(written);
  });

  test("the zone may be named in Unicode or with a trailing dot", () => {
    expect(parseZoneFile(realistic, "Example-Shop.DE.")).toEqual(parseZoneFile(realistic, "example-shop.de"));
  });
});

describe("parseZoneFile: presentation format", () => {
  const zone = "example.com";

  test("$ORIGIN, @, relative and absolute owners, omitted owner, TTL and class in either order", () => {
    const text = [
      "$ORIGIN example.com.",
      "$TTL 1h",
      "@ IN 10800 NS hydrogen.ns.hetzner.com. ; comment",
      "  IN 10800 NS oxygen.ns.hetzner.com.",
      "www 300 IN A 198.51.100.1",
      "www.example.com. IN 300 A 198.51.100.2",
      "mail A 198.51.100.3",
      "\tAAAA 2001:db8::3",
      "$ORIGIN dev.example.com.",
      "api CNAME @",
      "api2 CNAME api",
      "",
    ].join("\n");
    expect(readZoneFile(text, zone)).toEqual({
      ttl: 3600,
      records: [
        { name: "@", type: "NS", ttl: 10800, values: ["hydrogen.ns.hetzner.com.", "oxygen.ns.hetzner.com."] },
        { name: "api.dev", type: "CNAME", values: ["dev.example.com."] },
        { name: "api2.dev", type: "CNAME", values: ["api.dev.example.com."] },
        { name: "mail", type: "A", values: ["198.51.100.3"] },
        { name: "mail", type: "AAAA", values: ["2001:db8::3"] },
        { name: "www", type: "A", ttl: 300, values: ["198.51.100.1", "198.51.100.2"] },
      ],
    });
  });

  test("the Hetzner API's own example (tabs, SOA, class before TTL)", () => {
    const text =
      "$ORIGIN\texample.com.\n$TTL\t3600\n\n@\tIN\tSOA\thydrogen.ns.hetzner.com. dns.hetzner.com. 2024010100 86400 10800 3600000 3600\n\n" +
      "@\tIN\t10800\tNS\thydrogen.ns.hetzner.com. ; Some comment.\n@\tIN\t10800\tNS\toxygen.ns.hetzner.com.\n@\tIN\t10800\tNS\thelium.ns.hetzner.de.\n";
    expect(parseZoneFile(text, zone)).toEqual([
      { name: "@", type: "SOA", values: ["hydrogen.ns.hetzner.com. dns.hetzner.com. 2024010100 86400 10800 3600000 3600"] },
      { name: "@", type: "NS", ttl: 10800, values: ["hydrogen.ns.hetzner.com.", "oxygen.ns.hetzner.com.", "helium.ns.hetzner.de."] },
    ]);
  });

  test("parentheses over lines with comments inside; quoted strings holding ; ( ) and blanks; escapes; CRLF", () => {
    const text = [
      "@ SOA ns1 hostmaster (",
      "      2024010101 ; serial",
      "      86400 10800 3600000 3600 )",
      '_dmarc TXT "v=DMARC1; p=reject (strict)" ; a comment',
      't1 TXT "say \\"hi\\"" "\\\\ and \\059 and \\195\\188"',
      "t2 TXT unquoted strings",
      "t3 TXT ( \"multi\"",
      '   "line" )',
      "",
    ].join("\r\n");
    expect(parseZoneFile(text, zone)).toEqual([
      { name: "@", type: "SOA", values: ["ns1.example.com. hostmaster.example.com. 2024010101 86400 10800 3600000 3600"] },
      { name: "_dmarc", type: "TXT", values: ["v=DMARC1; p=reject (strict)"] },
      { name: "t1", type: "TXT", values: ['say "hi"\\ and ; and ü'] },
      { name: "t2", type: "TXT", values: ["unquotedstrings"] },
      { name: "t3", type: "TXT", values: ["multiline"] },
    ]);
  });

  test("IDN owners and values become punycode; a relative name in a value is taken literally (zone-file semantics)", () => {
    const text = "bücher A 203.0.113.30\nMÜNCHEN CNAME bücher\n@ MX 10 mail.example.com\n";
    expect(parseZoneFile(text, zone)).toEqual([
      { name: "@", type: "MX", values: ["10 mail.example.com.example.com."] },
      { name: "xn--bcher-kva", type: "A", values: ["203.0.113.30"] },
      { name: "xn--mnchen-3ya", type: "CNAME", values: ["xn--bcher-kva.example.com."] },
    ]);
  });

  test("a byte order mark before the first line is ignored", () => {
    expect(parseZoneFile("\uFEFF$ORIGIN example.com.\nwww A 203.0.113.1\n", zone)).toEqual([{ name: "www", type: "A", values: ["203.0.113.1"] }]);
  });

  test("a record without TTL before any $TTL keeps the zone default, not the previous record's TTL", () => {
    expect(readZoneFile("a 600 A 203.0.113.1\nb A 203.0.113.2\n", zone)).toEqual({
      records: [
        { name: "a", type: "A", ttl: 600, values: ["203.0.113.1"] },
        { name: "b", type: "A", values: ["203.0.113.2"] },
      ],
    });
  });

  test("a later $TTL gives the records after it that TTL explicitly", () => {
    expect(readZoneFile("$TTL 3600\na A 203.0.113.1\n$TTL 300\nb A 203.0.113.2\n$TTL 3600\nc A 203.0.113.3\n", zone)).toEqual({
      ttl: 3600,
      records: [
        { name: "a", type: "A", values: ["203.0.113.1"] },
        { name: "b", type: "A", ttl: 300, values: ["203.0.113.2"] },
        { name: "c", type: "A", values: ["203.0.113.3"] },
      ],
    });
  });

  test("records of one set agree on the TTL: an explicit TTL equal to the default joins them; a repeated value is kept once", () => {
    expect(parseZoneFile("$TTL 300\na A 203.0.113.1\na 300 A 203.0.113.2\na A 203.0.113.1\n", zone)).toEqual([
      { name: "a", type: "A", ttl: 300, values: ["203.0.113.1", "203.0.113.2"] },
    ]);
  });

  test.each([
    ["$TTL 3600\nwww 300 A 203.0.113.1\nwww A 203.0.113.2\n", "line 3: www/A has TTL 3600 here but 300 on line 2: the records of one rrset share one TTL"],
    ["www A 203.0.113.1\nwww 300 A 203.0.113.2\n", "line 2: www/A has TTL 300 here but (zone default) on line 1: the records of one rrset share one TTL"],
    ["  A 203.0.113.1\n", "line 1: the first record needs an owner name"],
    ["www CH A 203.0.113.1\n", "line 1: class CH is not supported; only IN"],
    ["www IN TYPE65 \\# 0\n", 'line 1: record type "TYPE65" is not supported'],
    ["www IN SPF \"v=spf1 -all\"\n", 'line 1: record type "SPF" is not supported'],
    ["www IN A\n", "line 1: the A record has no value"],
    ["www 300\n", "line 1: the record has no type"],
    ["www A 203.0.113.256\n", 'line 1: A value "203.0.113.256" is not an IPv4 address (four decimal numbers 0-255, no leading zeros)'],
    ["www.other.com. A 203.0.113.1\n", 'line 1: name "www.other.com." is outside the zone example.com'],
    ["$ORIGIN other.com.\nwww A 203.0.113.1\n", "line 1: $ORIGIN other.com. is outside the zone example.com"],
    ["$INCLUDE other.zone\n", "line 1: $INCLUDE is not supported; only $ORIGIN and $TTL are (paste included or generated records in)"],
    ["$TTL\n", "line 1: $TTL takes one argument"],
    ["$TTL 1x\n", 'line 1: TTL "1x" must be seconds (at most 2147483647) or a duration like 1h30m'],
    ["www 99999999999 A 203.0.113.1\n", 'line 1: TTL "99999999999" must be seconds (at most 2147483647) or a duration like 1h30m'],
    ['www TXT "open\nnext TXT "x"\n', "line 1: a quoted string is not closed on its line"],
    ["www TXT ( \"open\"\n", 'line 1: "(" is not closed'],
    ["www A 203.0.113.1 )\n", 'line 1: ")" without "("'],
    ["w\\046w A 203.0.113.1\n", "line 1: name w\\046w must be written without quotes or escapes"],
  ])("%j is refused: %s", (text, message) => {
    expect(() => parseZoneFile(text, "example.com")).toThrow(new DnsInputError(message));
  });
});

describe("toZoneFile", () => {
  const sets: RecordSet[] = [
    { name: "www", type: "CNAME", values: ["@"] },
    { name: "Bücher.example.com.", type: "TXT", ttl: 300, values: ['say "hi"\nbye', "x".repeat(300)] },
    { name: "@", type: "MX", values: ["20 mx2", "10 mx1"] },
    { name: "@", type: "NS", ttl: 86400, values: ["ns1.example.net."] },
    { name: "@", type: "SOA", values: ["ns1.example.net. hostmaster 1 86400 10800 3600000 3600"] },
    { name: "*.dev", type: "A", values: ["203.0.113.1"] },
  ];

  test("writes $ORIGIN, $TTL, sorted rrsets, canonical values and quoted TXT", () => {
    expect(toZoneFile(sets, { origin: "example.com", ttl: 3600 })).toBe(
      [
        "$ORIGIN example.com.",
        "$TTL 3600",
        "@                   IN SOA   ns1.example.net. hostmaster.example.com. 1 86400 10800 3600000 3600",
        "@             86400 IN NS    ns1.example.net.",
        "@                   IN MX    20 mx2.example.com.",
        "@                   IN MX    10 mx1.example.com.",
        "*.dev               IN A     203.0.113.1",
        "www                 IN CNAME example.com.",
        `xn--bcher-kva 300   IN TXT   "say \\"hi\\"\\010bye"`,
        `xn--bcher-kva 300   IN TXT   "${"x".repeat(255)}" "${"x".repeat(45)}"`,
        "",
      ].join("\n"),
    );
  });

  test("parseZoneFile reads it back as the sets, sorted, names relative and values canonical", () => {
    const back = parseZoneFile(toZoneFile(sets, { origin: "example.com" }), "example.com");
    expect(back).toEqual(
      sortRecordSets([
        { name: "www", type: "CNAME", values: ["example.com."] },
        { name: "xn--bcher-kva", type: "TXT", ttl: 300, values: ['say "hi"\nbye', "x".repeat(300)] },
        { name: "@", type: "MX", values: ["20 mx2.example.com.", "10 mx1.example.com."] },
        { name: "@", type: "NS", ttl: 86400, values: ["ns1.example.net."] },
        { name: "@", type: "SOA", values: ["ns1.example.net. hostmaster.example.com. 1 86400 10800 3600000 3600"] },
        { name: "*.dev", type: "A", values: ["203.0.113.1"] },
      ]),
    );
    expect(toZoneFile(back, { origin: "example.com" })).toBe(toZoneFile(sets, { origin: "example.com" }));
  });

  test("names the first broken rule", () => {
    expect(() =>
      toZoneFile(
        [
          { name: "www", type: "A", values: ["203.0.113.1"] },
          { name: "www", type: "CNAME", values: ["example.net."] },
          { name: "x", type: "A", values: ["bad"] },
        ],
        { origin: "example.com" },
      ),
    ).toThrow(new DnsInputError('records[2].values[0]: A value "bad" is not an IPv4 address (four decimal numbers 0-255, no leading zeros) (and 1 more)'));
  });

  test("an empty zone is just its $ORIGIN", () => {
    expect(toZoneFile([], { origin: "münchen.de" })).toBe("$ORIGIN xn--mnchen-3ya.de.\n");
    expect(parseZoneFile("$ORIGIN xn--mnchen-3ya.de.\n", "münchen.de")).toEqual([]);
  });
});
