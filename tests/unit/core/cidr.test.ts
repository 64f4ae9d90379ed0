import { normalizeCidr, normalizeCidrList } from "../../../provider/core/cidr";

describe("normalizeCidr", () => {
  test.each([
    ["10.0.0.1", "10.0.0.1/32"],
    [" 10.0.0.1 ", "10.0.0.1/32"],
    ["2001:db8::1", "2001:db8::1/128"],
    ["10.0.0.0/24", "10.0.0.0/24"],
    ["192.168.0.0/17", "192.168.0.0/17"],
    ["10.0.0.5/32", "10.0.0.5/32"],
    ["0.0.0.0/0", "0.0.0.0/0"],
    ["::/0", "::/0"],
    ["::0/0", "::/0"],
    ["2001:DB8:0:0:0:0:0:1", "2001:db8::1/128"],
    ["2001:0DB8:0000:0000:0000:0000:0000:0000/32", "2001:db8::/32"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1/128"],
    ["2001:db8::abcd:1/128", "2001:db8::abcd:1/128"],
    ["2001:db8:1234::/48", "2001:db8:1234::/48"],
    ["FE80::/10", "fe80::/10"],
  ])("%j → %s", (input, expected) => {
    expect(normalizeCidr(input)).toBe(expected);
  });

  test.each([
    ["", /empty CIDR/],
    ["   ", /empty CIDR/],
    ["web-server", /"web-server" is not an IP address or CIDR/],
    ["10.0.0.256", /"10.0.0.256" is not an IP address or CIDR/],
    ["2001:db8::g", /not an IP address or CIDR/],
    ["10.0.0.0/33", /"10.0.0.0\/33" is not a valid CIDR \(expected e\.g\. 10\.0\.0\.0\/24 or 2001:db8::\/64\)/],
    ["2001:db8::/129", /not a valid CIDR/],
    ["10.0.0.0/", /not a valid CIDR/],
    ["10.0.0.0/abc", /not a valid CIDR/],
    ["/24", /not a valid CIDR/],
    ["10.0.0.0/24/8", /not a valid CIDR/],
  ])("rejects %j readably", (input, message) => {
    expect(() => normalizeCidr(input)).toThrow(message);
  });

  // Clearing host bits would widen an allow rule to a whole network the user may not have meant.
  test.each([
    ["10.1.2.3/8", "write 10.0.0.0/8 for the network or 10.1.2.3/32 for the single address"],
    ["10.0.0.5/24", "write 10.0.0.0/24 for the network or 10.0.0.5/32 for the single address"],
    ["192.168.77.200/17", "write 192.168.0.0/17 for the network or 192.168.77.200/32 for the single address"],
    ["1.2.3.4/0", "write 0.0.0.0/0 for the network or 1.2.3.4/32 for the single address"],
    ["2001:DB8::ABCD:1/64", "write 2001:db8::/64 for the network or 2001:db8::abcd:1/128 for the single address"],
    ["2001:db8:1234:5678::/48", "write 2001:db8:1234::/48 for the network or 2001:db8:1234:5678::/128 for the single address"],
    ["2001:db8::1/0", "write ::/0 for the network or 2001:db8::1/128 for the single address"],
  ])("refuses %j, whose host bits are set, naming both readings", (input, fix) => {
    expect(() => normalizeCidr(input)).toThrow(`"${input}" has host bits set: ${fix}`);
  });

  // ipaddr.js alone would parse legacy inet_aton spellings (octal, short forms, one big number) and
  // silently name another host (10.0.0.010 → 10.0.0.8); the Hetzner API (Go's net.ParseIP) rejects them.
  test.each(["10.0.0.010", "192.168.001.010/32", "010.0.0.0/8", "10.1", "10.0.0/24", "167772161", "0x0a.0.0.1"])(
    "rejects the non-dotted-decimal IPv4 spelling %j instead of reinterpreting it",
    (input) => {
      expect(() => normalizeCidr(input)).toThrow(/not (an IP address|a valid CIDR)/);
    },
  );
});

describe("normalizeCidrList", () => {
  test("normalises, removes duplicates that only differed in spelling, sorts", () => {
    expect(
      normalizeCidrList(["2001:DB8::1", "10.0.0.0/24", "1.2.3.4", "10.0.0.0/24", "2001:db8:0:0:0:0:0:1/128", "1.2.3.4/32"]),
    ).toEqual(["1.2.3.4/32", "10.0.0.0/24", "2001:db8::1/128"]);
  });

  test("an empty list stays empty; one invalid entry fails the whole list", () => {
    expect(normalizeCidrList([])).toEqual([]);
    expect(() => normalizeCidrList(["10.0.0.0/8", "nope"])).toThrow(/"nope" is not an IP address/);
  });
});
