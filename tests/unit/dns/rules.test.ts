import * as fs from "fs";
import * as path from "path";
import { checkRecordSets, parseZoneFile, RecordSet } from "../../../provider/dns";

const zone = "example.com";

describe("checkRecordSets", () => {
  test("the realistic zone passes", () => {
    const text = fs.readFileSync(path.join(__dirname, "../../fixtures/zones/realistic.zone"), "utf8");
    expect(checkRecordSets(parseZoneFile(text, "example-shop.de"), "example-shop.de", "records")).toEqual([]);
  });

  test("programs' spellings pass: FQDN names, IDN, quoted TXT, relative hostnames", () => {
    const sets: RecordSet[] = [
      { name: "www.example.com.", type: "A", values: ["203.0.113.1"] },
      { name: "bücher", type: "AAAA", ttl: 60, values: ["2001:db8::1"] },
      { name: "@", type: "MX", ttl: 2147483647, values: ["10 mail", "20 mail.example.net."] },
      { name: "_dmarc", type: "TXT", values: ['"v=DMARC1; p=none"', "second value"] },
      { name: "*.dev", type: "CNAME", values: ["www"] },
    ];
    expect(checkRecordSets(sets, zone, "records")).toEqual([]);
  });

  test.each<[string, RecordSet[], { property: string; reason: string }[]]>([
    [
      "a CNAME beside other data at one name",
      [
        { name: "www", type: "A", values: ["203.0.113.1"] },
        { name: "WWW.example.com.", type: "CNAME", values: ["example.net."] },
        { name: "www", type: "TXT", values: ["x"] },
      ],
      [
        { property: "records[1].type", reason: "CNAME at www beside A (records[0]): a name with a CNAME holds no other records" },
        { property: "records[1].type", reason: "CNAME at www beside TXT (records[2]): a name with a CNAME holds no other records" },
      ],
    ],
    [
      "a CNAME at the apex",
      [{ name: "example.com.", type: "CNAME", values: ["example.net."] }],
      [{ property: "records[0].type", reason: "no CNAME at the zone apex (@): the apex holds SOA and NS; use A/AAAA records" }],
    ],
    [
      "a CNAME with two values",
      [{ name: "www", type: "CNAME", values: ["a.example.net.", "b.example.net."] }],
      [{ property: "records[0].values", reason: "a CNAME rrset holds exactly one value" }],
    ],
    [
      "the same rrset twice, spelt differently",
      [
        { name: "www", type: "A", values: ["203.0.113.1"] },
        { name: "www.example.com", type: "A", values: ["203.0.113.2"] },
      ],
      [{ property: "records[1]", reason: "duplicate rrset www/A (also records[0]): list its values in one rrset" }],
    ],
    [
      "the same value twice in one set, spelt differently",
      [
        { name: "@", type: "MX", values: ["10 mail", "10 MAIL.example.com."] },
        { name: "t", type: "TXT", values: ["hello", '"hel" "lo"'] },
      ],
      [
        { property: "records[0].values[1]", reason: "duplicate of values[0]: an rrset holds each value once" },
        { property: "records[1].values[1]", reason: "duplicate of values[0]: an rrset holds each value once" },
      ],
    ],
    [
      "TTL bounds",
      [
        { name: "a", type: "A", ttl: 59, values: ["203.0.113.1"] },
        { name: "b", type: "A", ttl: 2147483648, values: ["203.0.113.1"] },
        { name: "c", type: "A", ttl: 300.5, values: ["203.0.113.1"] },
      ],
      [
        { property: "records[0].ttl", reason: "TTL must be a whole number of seconds from 60 to 2147483647" },
        { property: "records[1].ttl", reason: "TTL must be a whole number of seconds from 60 to 2147483647" },
        { property: "records[2].ttl", reason: "TTL must be a whole number of seconds from 60 to 2147483647" },
      ],
    ],
    [
      "names outside the zone and invalid names",
      [
        { name: "www.example.net.", type: "A", values: ["203.0.113.1"] },
        { name: "a b", type: "A", values: ["203.0.113.1"] },
      ],
      [
        { property: "records[0].name", reason: 'name "www.example.net." is outside the zone example.com' },
        {
          property: "records[1].name",
          reason: 'name "a b": label "a b" may contain only letters, digits, "-" and "_", and must not start or end with "-"',
        },
      ],
    ],
    [
      "invalid values, types and empty value lists",
      [
        { name: "a", type: "A", values: ["203.0.113.1", "::1"] },
        { name: "b", type: "SPF", values: ["v=spf1 -all"] },
        { name: "c", type: "A", values: [] },
        { name: "@", type: "MX", values: ["10 mail.example.com"] },
      ],
      [
        { property: "records[0].values[1]", reason: 'A value "::1" is not an IPv4 address (four decimal numbers 0-255, no leading zeros)' },
        { property: "records[1].type", reason: 'record type "SPF" is not one of A, AAAA, CAA, CNAME, DS, HINFO, HTTPS, MX, NS, PTR, RP, SOA, SRV, SVCB, TLSA, TXT' },
        { property: "records[2].values", reason: "must list at least one value" },
        {
          property: "records[3].values[0]",
          reason: 'MX value "10 mail.example.com": the exchange hostname "mail.example.com" ends with the zone name: write "mail.example.com." (absolute) or "mail" (relative)',
        },
      ],
    ],
    [
      "SOA away from the apex, or with two values",
      [{ name: "sub", type: "SOA", values: ["ns1 hostmaster 1 2 3 4 5", "ns2 hostmaster 1 2 3 4 5"] }],
      [
        { property: "records[0].values", reason: "an SOA rrset holds exactly one value" },
        { property: "records[0].name", reason: "an SOA record belongs at the zone apex (@)" },
      ],
    ],
  ])("%s", (_title, sets, failures) => {
    expect(checkRecordSets(sets, zone, "records")).toEqual(failures);
  });

  test("shapes a program may pass by mistake are failures, not crashes", () => {
    expect(checkRecordSets("nope" as unknown as RecordSet[], zone, "records")).toEqual([
      { property: "records", reason: "must be a list of records ({ name, type, ttl?, values })" },
    ]);
    expect(checkRecordSets([null as unknown as RecordSet, { name: "a", type: "A" } as unknown as RecordSet], zone, "rrsets")).toEqual([
      { property: "rrsets[0]", reason: "must be a record ({ name, type, ttl?, values })" },
      { property: "rrsets[1].values", reason: "must list at least one value" },
    ]);
  });

  test("an invalid zone is one failure at the property", () => {
    expect(checkRecordSets([], "localhost", "records")).toEqual([
      { property: "records", reason: 'the zone name is not valid: zone name "localhost" needs at least two labels, e.g. "example.com"' },
    ]);
  });
});
