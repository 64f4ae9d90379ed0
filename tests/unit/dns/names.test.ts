import { absoluteName, DnsInputError, relativeName, unicodeName, zoneName } from "../../../provider/dns";

describe("zoneName", () => {
  test.each([
    ["example.com", "example.com"],
    ["Example.COM.", "example.com"],
    ["münchen.de", "xn--mnchen-3ya.de"],
    ["MÜNCHEN.de.", "xn--mnchen-3ya.de"],
    ["xn--mnchen-3ya.de", "xn--mnchen-3ya.de"],
    ["bücher.example", "xn--bcher-kva.example"],
    ["example-shop.de", "example-shop.de"],
    ["example。com", "example.com"], // the ideographic full stop separates labels (UTS #46)
  ])("%j → %s", (input, expected) => {
    expect(zoneName(input)).toBe(expected);
  });

  test.each([
    ["", "a DNS name must not be empty"],
    ["com", 'zone name "com" needs at least two labels, e.g. "example.com"'],
    ["_dmarc.example.com", 'name "_dmarc.example.com": a zone name has no "_"'],
    ["*.example.com", 'name "*.example.com": "*" is only allowed in record names (wildcards)'],
    ["exa mple.com", 'name "exa mple.com": label "exa mple" may contain only letters, digits, "-" and "_", and must not start or end with "-"'],
    ["example..com", 'name "example..com" has an empty label'],
    ["xn--zz.com", 'name "xn--zz.com": label "xn--zz" is not a valid internationalized label'],
    [`${"a".repeat(64)}.com`, `name "${"a".repeat(59)}…": label "${"a".repeat(59)}…" is longer than 63 bytes`],
  ])("%j is refused: %s", (input, message) => {
    expect(() => zoneName(input)).toThrow(new DnsInputError(message));
  });

  test("a name of 253 characters passes; 254 is refused", () => {
    const label = "a".repeat(63);
    const name253 = `${label}.${label}.${label}.${"b".repeat(58)}.de`;
    expect(name253).toHaveLength(253);
    expect(zoneName(name253)).toBe(name253);
    expect(() => zoneName(`c.${name253}`)).toThrow(/is longer than 253 characters/);
  });
});

describe("relativeName", () => {
  const zone = "example.com";
  test.each([
    ["@", "@"],
    ["www", "www"],
    ["WWW", "www"],
    ["www.example.com", "www"],
    ["www.example.com.", "www"],
    ["WWW.Example.COM.", "www"],
    ["example.com", "@"],
    ["example.com.", "@"],
    ["Example.Com.", "@"],
    ["*", "*"],
    ["*.dev", "*.dev"],
    ["*.dev.example.com.", "*.dev"],
    ["_dmarc", "_dmarc"],
    ["_25._tcp.mx1", "_25._tcp.mx1"],
    ["mail._domainkey", "mail._domainkey"],
    ["bücher", "xn--bcher-kva"],
    ["Bücher", "xn--bcher-kva"],
    ["xn--bcher-kva", "xn--bcher-kva"],
    ["bücher.example.com.", "xn--bcher-kva"],
    ["✉️", "xn--4bi"],
    ["1", "1"], // not an IPv4 address, as the WHATWG host parser would read it
    ["0x10", "0x10"],
  ])("%j → %s", (input, expected) => {
    expect(relativeName(input, zone)).toBe(expected);
  });

  test("the zone may be given in any form: IDN, upper case, trailing dot", () => {
    expect(relativeName("www.xn--mnchen-3ya.de.", "MÜNCHEN.de.")).toBe("www");
    expect(relativeName("www.münchen.de", "xn--mnchen-3ya.de")).toBe("www");
    expect(relativeName("münchen.de.", "münchen.de")).toBe("@");
  });

  test.each([
    ["www.other.com.", 'name "www.other.com." is outside the zone example.com'],
    ["example.com.evil.", 'name "example.com.evil." is outside the zone example.com'],
    ["", "a DNS name must not be empty"],
    ["a..b", 'name "a..b" has an empty label'],
    ["www.*", 'name "www.*": "*" is only allowed as the whole first label (a wildcard)'],
    ["*x", 'name "*x": label "*x" may contain only letters, digits, "-" and "_", and must not start or end with "-"'],
    ["-www", 'name "-www": label "-www" may contain only letters, digits, "-" and "_", and must not start or end with "-"'],
    ["@.www", 'name "@.www": label "@" may contain only letters, digits, "-" and "_", and must not start or end with "-"'],
  ])("%j is refused: %s", (input, message) => {
    expect(() => relativeName(input, zone)).toThrow(new DnsInputError(message));
  });

  test("a relative name that makes the full name longer than 253 characters is refused", () => {
    const label = "a".repeat(63);
    const long = `${label}.${label}.${label}.${"b".repeat(50)}`;
    expect(() => relativeName(long, zone)).toThrow(`name "${long.slice(0, 59)}…" in zone example.com is longer than 253 characters`);
  });

  test("an invalid zone is refused", () => {
    expect(() => relativeName("www", "localhost")).toThrow('zone name "localhost" needs at least two labels');
  });
});

describe("absoluteName", () => {
  test.each([
    ["@", "example.com", "example.com."],
    ["www", "example.com", "www.example.com."],
    ["www.example.com.", "Example.com", "www.example.com."],
    ["bücher", "münchen.de", "xn--bcher-kva.xn--mnchen-3ya.de."],
    ["*.dev", "example.com", "*.dev.example.com."],
  ])("%j in %s → %s", (name, zone, expected) => {
    expect(absoluteName(name, zone)).toBe(expected);
  });

  test("round trip: relativeName(absoluteName(x)) === relativeName(x)", () => {
    for (const name of ["@", "www", "Bücher", "_dmarc", "*.dev", "a.b.c"]) {
      expect(relativeName(absoluteName(name, "example.com"), "example.com")).toBe(relativeName(name, "example.com"));
    }
  });
});

describe("unicodeName", () => {
  test("shows punycode labels in Unicode and leaves the rest", () => {
    expect(unicodeName("xn--bcher-kva.xn--mnchen-3ya.de")).toBe("bücher.münchen.de");
    expect(unicodeName("_dmarc.example.com")).toBe("_dmarc.example.com");
  });
});
