import * as fs from "fs";
import * as path from "path";
import { canonicalValue, DnsInputError, txtFromWire, txtToWire } from "../../../provider/dns";

/** The character-strings of a wire value, each decoded on its own. */
function strings(wire: string): string[] {
  return (wire.match(/"(?:[^"\\]|\\.)*"/g) ?? []).map((s) => txtFromWire(s));
}

/** The DKIM record of the shared fixture, as its three quoted strings (2048-bit RSA key). */
function fixtureDkim(): { quoted: string; plain: string } {
  const zone = fs.readFileSync(path.join(__dirname, "../../fixtures/zones/realistic.zone"), "utf8");
  const quoted = /mail\._domainkey\s+IN\s+TXT\s+\(([^)]*)\)/.exec(zone)![1].replace(/\s+/g, " ").trim();
  const plain = (quoted.match(/"([^"]*)"/g) ?? []).map((s) => s.slice(1, -1)).join("");
  return { quoted, plain };
}

describe("txtToWire", () => {
  test.each([
    ["hello world", '"hello world"'],
    ["", '""'],
    ['say "hi"', '"say \\"hi\\""'],
    ["back\\slash", '"back\\\\slash"'],
    ["v=DMARC1; p=none", '"v=DMARC1; p=none"'],
    ["line\nbreak\ttab", '"line\\010break\\009tab"'],
    ["grüße ✉️", '"grüße ✉️"'],
  ])("%j → %s", (plain, wire) => {
    expect(txtToWire(plain)).toBe(wire);
    expect(txtFromWire(wire)).toBe(plain);
  });

  test("splits at 255 bytes", () => {
    const plain = "a".repeat(255) + "b".repeat(10);
    expect(txtToWire(plain)).toBe(`"${"a".repeat(255)}" "${"b".repeat(10)}"`);
    expect(txtToWire("a".repeat(255))).toBe(`"${"a".repeat(255)}"`);
  });

  test("never splits a multi-byte character: the string before it stays shorter", () => {
    const plain = `${"a".repeat(254)}ü${"b".repeat(3)}`; // ü is 2 bytes: 256 bytes do not fit
    expect(txtToWire(plain)).toBe(`"${"a".repeat(254)}" "übbb"`);
    const emoji = `${"a".repeat(253)}😀`; // 4 bytes: 257
    expect(txtToWire(emoji)).toBe(`"${"a".repeat(253)}" "😀"`);
  });

  test("never splits an escape, and counts it as the one byte it stands for", () => {
    expect(txtToWire(`${"a".repeat(254)}"`)).toBe(`"${"a".repeat(254)}\\""`);
    expect(txtToWire(`${"a".repeat(255)}"`)).toBe(`"${"a".repeat(255)}" "\\""`);
    expect(txtToWire(`${"a".repeat(254)}\n`)).toBe(`"${"a".repeat(254)}\\010"`);
  });

  test("every character-string of multi-byte text holds at most 255 bytes and the text round-trips", () => {
    const plain = "Grüße aus München, 東京 und ✉️ — ".repeat(40);
    const wire = txtToWire(plain);
    const parts = strings(wire);
    expect(parts.length).toBeGreaterThan(4);
    for (const part of parts) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(255);
    for (const part of parts.slice(0, -1)) expect(Buffer.byteLength(part)).toBeGreaterThan(250);
    expect(parts.join("")).toBe(plain);
    expect(txtFromWire(wire)).toBe(plain);
  });

  test("a 2048-bit DKIM key round-trips exactly, in 255-byte strings", () => {
    const { plain } = fixtureDkim();
    expect(plain).toHaveLength(410);
    const wire = txtToWire(plain);
    expect(strings(wire)).toEqual([plain.slice(0, 255), plain.slice(255)]);
    expect(txtFromWire(wire)).toBe(plain);
  });

  test("a long SPF record round-trips exactly", () => {
    const spf = `v=spf1 ${Array.from({ length: 30 }, (_, i) => `ip4:198.51.${i}.0/24`).join(" ")} include:_spf.example.net ~all`;
    expect(spf.length).toBeGreaterThan(510);
    const wire = txtToWire(spf);
    expect(strings(wire)).toHaveLength(3);
    expect(txtFromWire(wire)).toBe(spf);
  });

  test("refuses text longer than a record can hold", () => {
    expect(() => txtToWire("a".repeat(65535))).toThrow(new DnsInputError("TXT value is longer than 65279 bytes"));
  });
});

describe("txtFromWire", () => {
  test("joins the strings of a quoted value", () => {
    expect(txtFromWire('"v=DKIM1; k=rsa; " "p=MIIB" "IjAN"')).toBe("v=DKIM1; k=rsa; p=MIIBIjAN");
  });

  test("resolves \\X and \\DDD escapes, also UTF-8 bytes split across strings", () => {
    expect(txtFromWire('"a\\"b\\\\c\\;d"')).toBe('a"b\\c;d');
    expect(txtFromWire('"\\195\\188"')).toBe("ü");
    expect(txtFromWire('"\\195" "\\188"')).toBe("ü");
  });

  test("a value that is not quoted is already plain text", () => {
    expect(txtFromWire("v=spf1 -all")).toBe("v=spf1 -all");
    expect(txtFromWire('say "hi"')).toBe('say "hi"');
  });

  test.each([
    ['"abc', 'TXT value "\\"abc" starts with a quote but is not quoted text: a quoted string is not closed'],
    ['"a" b', 'TXT value "\\"a\\" b" starts with a quote but "b" is outside quotes: quote every part, or write the plain text without quotes'],
    ['"\\256"', 'TXT value "\\"\\\\256\\"" starts with a quote but is not quoted text: escape \\256 is not an octet (000-255)'],
    ['"\\255"', 'TXT value "\\"\\\\255\\"" is not UTF-8 text'],
  ])("%j is refused: %s", (wire, message) => {
    expect(() => txtFromWire(wire)).toThrow(new DnsInputError(message));
  });
});

describe("TXT through canonicalValue", () => {
  test("an already-quoted DKIM key in three strings becomes the same wire form as its plain text", () => {
    const { quoted, plain } = fixtureDkim();
    expect(quoted.startsWith('"v=DKIM1; k=rsa; " "p=MIIB')).toBe(true);
    expect(canonicalValue("TXT", quoted, "example-shop.de")).toBe(txtToWire(plain));
    expect(canonicalValue("TXT", plain, "example-shop.de")).toBe(txtToWire(plain));
  });

  test("is idempotent", () => {
    for (const value of ["plain text", '"quoted" "twice"', "x".repeat(600), 'with "quotes" and \\']) {
      const once = canonicalValue("TXT", value, "example.com");
      expect(canonicalValue("TXT", once, "example.com")).toBe(once);
    }
  });
});
