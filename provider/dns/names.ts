/**
 * DNS names: relative vs absolute vs "@", case, trailing dots, IDN ⇄ punycode (ACE).
 *
 * IDN conversion uses Node's `url.domainToASCII` / `url.domainToUnicode` (WHATWG URL, UTS #46), label by
 * label. Why not the `punycode` package: it only transcodes, it does not map case and compatibility forms
 * ("Bücher" → "bücher", full-width letters) the way browsers and registries do, and Node's own `punycode`
 * module is deprecated. Why label by label: whole-name conversion runs the WHATWG host parser, which reads
 * an all-numeric name as an IPv4 address ("1" → "0.0.0.1") and refuses "*".
 */
import { domainToASCII, domainToUnicode } from "node:url";
import { DnsInputError, quoteInput } from "./errors";

const MAX_LABEL_BYTES = 63;
/** 255 octets on the wire (length bytes and the root included) is 253 characters in presentation form. */
const MAX_NAME_CHARS = 253;
/** The dots UTS #46 treats as label separators. */
const LABEL_SEPARATORS = /[.\u3002\uff0e\uff61]/;
const ASCII_LABEL = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/;

interface NameRules {
  /** "*" as the whole first label (owner names of wildcard records). */
  wildcard: boolean;
  /** Labels starting with "_" (`_dmarc`, `_25._tcp`). Zone names have none. */
  underscore: boolean;
}

const OWNER: NameRules = { wildcard: true, underscore: true };
const HOSTNAME: NameRules = { wildcard: false, underscore: true };
const ZONE: NameRules = { wildcard: false, underscore: false };

/** One label in ASCII lower case; IDN labels become punycode. */
function asciiLabel(label: string, name: string, rules: NameRules, first: boolean): string {
  if (label === "") throw new DnsInputError(`name ${quoteInput(name)} has an empty label`);
  if (label === "*") {
    if (rules.wildcard && first) return "*";
    throw new DnsInputError(
      rules.wildcard
        ? `name ${quoteInput(name)}: "*" is only allowed as the whole first label (a wildcard)`
        : `name ${quoteInput(name)}: "*" is only allowed in record names (wildcards)`,
    );
  }
  // eslint-disable-next-line no-control-regex
  const ascii = /^[\x00-\x7f]*$/.test(label) ? label.toLowerCase() : domainToASCII(label);
  if (ascii === "" || (ascii.startsWith("xn--") && domainToUnicode(ascii) === "")) {
    throw new DnsInputError(`name ${quoteInput(name)}: label ${quoteInput(label)} is not a valid internationalized label`);
  }
  if (!ASCII_LABEL.test(ascii)) {
    throw new DnsInputError(
      `name ${quoteInput(name)}: label ${quoteInput(label)} may contain only letters, digits, "-" and "_", and must not start or end with "-"`,
    );
  }
  if (!rules.underscore && ascii.includes("_")) {
    throw new DnsInputError(`name ${quoteInput(name)}: a zone name has no "_"`);
  }
  if (ascii.length > MAX_LABEL_BYTES) {
    throw new DnsInputError(`name ${quoteInput(name)}: label ${quoteInput(label)} is longer than ${MAX_LABEL_BYTES} bytes`);
  }
  return ascii;
}

/** A name without trailing dot, in ASCII lower case, checked label by label. */
function asciiName(name: string, rules: NameRules, shown = name): string {
  if (typeof name !== "string" || name === "") throw new DnsInputError("a DNS name must not be empty");
  const labels = name.split(LABEL_SEPARATORS).map((label, index) => asciiLabel(label, shown, rules, index === 0));
  const ascii = labels.join(".");
  if (ascii.length > MAX_NAME_CHARS) {
    throw new DnsInputError(`name ${quoteInput(shown)} is longer than ${MAX_NAME_CHARS} characters`);
  }
  return ascii;
}

function withoutTrailingDot(name: string): { name: string; absolute: boolean } {
  return name.endsWith(".") && name !== "." ? { name: name.slice(0, -1), absolute: true } : { name, absolute: false };
}

/** A zone name as the API wants it: IDN → punycode, lower case, no trailing dot. */
export function zoneName(name: string): string {
  if (typeof name !== "string") throw new DnsInputError("a zone name must be a string");
  const ascii = asciiName(withoutTrailingDot(name).name, ZONE, name);
  if (!ascii.includes(".")) {
    throw new DnsInputError(`zone name ${quoteInput(name)} needs at least two labels, e.g. "example.com"`);
  }
  return ascii;
}

/** `inner` relative to `zone` (both ASCII), or undefined when it is not inside the zone. */
function insideZone(inner: string, zone: string): string | undefined {
  if (inner === zone) return "@";
  if (inner.endsWith(`.${zone}`)) return inner.slice(0, -(zone.length + 1));
  return undefined;
}

/**
 * A record name relative to the zone, as the API wants it ("@" for the apex, ASCII lower case).
 * Accepts "@", a relative name, or a name inside the zone with or without trailing dot, in any case, IDN or not.
 */
export function relativeName(name: string, zone: string): string {
  const zoneAscii = zoneName(zone);
  if (name === "@") return "@";
  const { name: bare, absolute } = withoutTrailingDot(name);
  const ascii = asciiName(bare, OWNER, name);
  const inside = insideZone(ascii, zoneAscii);
  if (inside !== undefined) return inside;
  if (absolute) throw new DnsInputError(`name ${quoteInput(name)} is outside the zone ${zoneAscii}`);
  if (ascii.length + zoneAscii.length + 1 > MAX_NAME_CHARS) {
    throw new DnsInputError(`name ${quoteInput(name)} in zone ${zoneAscii} is longer than ${MAX_NAME_CHARS} characters`);
  }
  return ascii;
}

/** The fully qualified name, ASCII, with trailing dot. Takes any form `relativeName` takes. */
export function absoluteName(relative: string, zone: string): string {
  const name = relativeName(relative, zone);
  const zoneAscii = zoneName(zone);
  return name === "@" ? `${zoneAscii}.` : `${name}.${zoneAscii}.`;
}

/** A name for people: punycode labels shown in Unicode ("xn--bcher-kva" → "bücher"). */
export function unicodeName(name: string): string {
  return name
    .split(".")
    .map((label) => (label.startsWith("xn--") ? domainToUnicode(label) || label : label))
    .join(".");
}

export interface HostnameContext {
  /** The zone, ASCII, no trailing dot. */
  zone: string;
  /** What a relative hostname is appended to: the zone, or a zone file's current $ORIGIN (ASCII, no trailing dot). */
  origin?: string;
  /**
   * A program's relative hostname that already ends with the zone name ("mail.example.com" in example.com)
   * is most likely meant absolute: refuse to guess. A zone file means it literally (RFC 1035), so it appends.
   */
  refuseZoneSuffix: boolean;
  /** An owner name in a zone file: "*" allowed as its first label. */
  wildcard?: boolean;
}

/** A hostname inside a record value (MX exchange, CNAME target, …) in canonical form: absolute, ASCII lower case. */
export function canonicalHostname(value: string, context: HostnameContext): string {
  const origin = context.origin ?? context.zone;
  if (value === "@") return `${origin}.`;
  if (value === ".") return ".";
  const { name: bare, absolute } = withoutTrailingDot(value);
  const ascii = asciiName(bare, context.wildcard ? OWNER : HOSTNAME, value);
  if (absolute) return `${ascii}.`;
  const relative = context.refuseZoneSuffix ? insideZone(ascii, context.zone) : undefined;
  if (relative !== undefined) {
    throw new DnsInputError(
      `hostname ${quoteInput(value)} ends with the zone name: write ${quoteInput(`${ascii}.`)} (absolute) or ${quoteInput(relative)} (relative)`,
    );
  }
  const full = `${ascii}.${origin}`;
  if (full.length > MAX_NAME_CHARS) {
    throw new DnsInputError(`hostname ${quoteInput(value)} in zone ${origin} is longer than ${MAX_NAME_CHARS} characters`);
  }
  return `${full}.`;
}
