/** VPS.org values ⇄ the shared model's canonical values: MX/SRV priority apart, hostnames without dot, TXT plain. */
import { DnsInputError } from "../../../provider/dns";
import { fromWire, modelTtl, toWire, vpsorgRecordType, wireTtl } from "../../../provider/vpsorg/values";

const zone = "example.com";

describe("toWire and fromWire", () => {
  test.each([
    ["MX", "10 mail.example.com.", { value: "mail.example.com", priority: 10 }],
    ["SRV", "10 60 5060 sip.example.com.", { value: "60 5060 sip.example.com", priority: 10 }],
    ["CNAME", "example.com.", { value: "example.com" }],
    ["NS", "ns1.example.net.", { value: "ns1.example.net" }],
    ["A", "192.0.2.1", { value: "192.0.2.1" }],
    ["AAAA", "2001:db8::1", { value: "2001:db8::1" }],
    ["CAA", '0 issue "letsencrypt.org"', { value: '0 issue "letsencrypt.org"' }],
    ["TXT", '"v=spf1 include:_spf.google.com ~all"', { value: "v=spf1 include:_spf.google.com ~all" }],
    ["MX", "0 .", { value: ".", priority: 0 }],
  ])("%s %s ⇄ %j", (type, canonical, wire) => {
    expect(toWire(type, canonical)).toEqual(wire);
    expect(fromWire(type, wire, zone)).toBe(canonical);
  });

  test("read back, another spelling of the same value is the same canonical value", () => {
    expect(fromWire("MX", { value: "Mail.Example.COM.", priority: 10 }, zone)).toBe("10 mail.example.com.");
    expect(fromWire("AAAA", { value: "2001:0db8:0:0::1" }, zone)).toBe("2001:db8::1");
    expect(fromWire("CNAME", { value: "@" }, zone)).toBe("example.com.");
  });

  test("a TXT value longer than 255 bytes is plain text on the wire and split in the model", () => {
    const long = "k".repeat(300);
    const canonical = fromWire("TXT", { value: long }, zone);
    expect(canonical).toBe(`"${"k".repeat(255)}" "${"k".repeat(45)}"`);
    expect(toWire("TXT", canonical)).toEqual({ value: long });
  });

  test("read back, a value it cannot read is kept as it is (it shows as a difference)", () => {
    expect(fromWire("A", { value: "not-an-ip" }, zone)).toBe("not-an-ip");
  });
});

describe("strict (a program's DnsRecord)", () => {
  const strict = (type: string, value: string, priority?: number) => () => fromWire(type, { value, priority }, "zone.invalid", true);

  test("MX and SRV require priority; other types refuse it", () => {
    expect(strict("MX", "mail.example.com")).toThrow("MX records require priority (a whole number from 0 to 65535)");
    expect(strict("SRV", "60 5060 sip.example.com")).toThrow("SRV records require priority");
    expect(strict("A", "192.0.2.1", 10)).toThrow("priority applies to MX and SRV records only; remove it from this A record");
    expect(strict("MX", "mail.example.com", 70000)).toThrow("priority must be a whole number from 0 to 65535");
  });

  test("SRV value is weight port target; MX value one hostname", () => {
    expect(strict("SRV", "10 60 5060 sip.example.com", 10)).toThrow('SRV value "10 60 5060 sip.example.com" must be "<weight> <port> <target>"');
    expect(strict("SRV", "5060 sip.example.com", 10)).toThrow("must be \"<weight> <port> <target>\"");
    expect(strict("MX", "10 mail.example.com", 10)).toThrow("must be the mail server's hostname");
    expect(strict("SRV", "60 70000 sip.example.com", 10)).toThrow("port must be a whole number from 0 to 65535");
    expect(strict("SRV", "60 5060 sip.example.com", 10)()).toBe("10 60 5060 sip.example.com.");
  });

  test('"@" in a value is refused: a single record names hosts in full', () => {
    expect(strict("CNAME", "@")).toThrow('CNAME value: write the hostname in full (e.g. "example.com"), not "@"');
  });

  test("errors are DnsInputErrors", () => {
    expect(strict("A", "300.1.1.1")).toThrow(DnsInputError);
  });
});

test("record types: VPS.org's eight, upper case", () => {
  expect(vpsorgRecordType("SRV")).toBe("SRV");
  expect(() => vpsorgRecordType("mx")).toThrow('record type "mx" must be written in upper case: "MX"');
  expect(() => vpsorgRecordType("TLSA")).toThrow('record type "TLSA" is not one of A, AAAA, CNAME, MX, TXT, NS, SRV, CAA');
});

test("TTL: 3600 is VPS.org's default and the same as unset", () => {
  expect(modelTtl(3600)).toBeNull();
  expect(modelTtl(undefined)).toBeNull();
  expect(modelTtl(300)).toBe(300);
  expect(wireTtl(null)).toBe(3600);
  expect(wireTtl(300)).toBe(300);
});
