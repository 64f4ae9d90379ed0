/**
 * Record values per type: validated and put in the canonical form the API stores and returns, so a value
 * written one way in a program and read back another never diffs: hostnames absolute, ASCII, lower case and
 * with trailing dot; IPv6 per RFC 5952; numbers without leading zeros; hex digests in lower case; CAA tags
 * lower case with the value quoted; TXT as quoted 255-byte strings (txt.ts).
 */
import * as ipaddr from "ipaddr.js";
import { DnsInputError, quoteInput } from "./errors";
import { canonicalHostname, HostnameContext, relativeName, zoneName } from "./names";
import { lexValue, Token, tokenText } from "./strings";
import { canonicalTxt, quoteString, txtFromWire } from "./txt";
import { isRecordType, KNOWN_RECORD_TYPES, RecordSet, RecordType } from "./types";

/** Which record types a family accepts (default: every type the module knows). */
export interface RecordTypeOptions {
  types?: readonly string[];
}

/** The type as the API spells it; throws for a type not in `types` (the family's list). */
export function recordType(type: string, types: readonly string[] = KNOWN_RECORD_TYPES): RecordType {
  if (typeof type === "string" && isRecordType(type, types)) return type;
  const upper = typeof type === "string" ? type.toUpperCase() : "";
  if (isRecordType(upper, types)) throw new DnsInputError(`record type ${quoteInput(type)} must be written in upper case: "${upper}"`);
  throw new DnsInputError(`record type ${quoteInput(String(type))} is not one of ${types.join(", ")}`);
}

const FORMATS: Record<RecordType, string> = {
  A: '"<IPv4 address>", e.g. "203.0.113.10"',
  AAAA: '"<IPv6 address>", e.g. "2001:db8::10"',
  CAA: '"<flags> <tag> <value>", e.g. "0 issue \\"letsencrypt.org\\""',
  CERT: '"<type> <key tag> <algorithm> <base64 certificate>", e.g. "PKIX 0 0 MIIB…"',
  DNSKEY: '"<flags> 3 <algorithm> <base64 public key>", e.g. "257 3 13 mdsswUyr…"',
  LOC: '"<d> [<m> [<s>]] N|S <d> [<m> [<s>]] E|W <altitude>m [<size>m [<horizontal>m [<vertical>m]]]", e.g. "52 22 23 N 4 53 32 E -2m"',
  NAPTR: '"<order> <preference> <flags> <service> <regexp> <replacement>", e.g. "100 10 \\"S\\" \\"SIP+D2U\\" \\"\\" _sip._udp.example.com."',
  OPENPGPKEY: '"<base64 public key>"',
  SMIMEA: '"<usage> <selector> <matching type> <hex data>"',
  SSHFP: '"<algorithm> <fingerprint type> <hex fingerprint>", e.g. "4 2 123456…"',
  URI: '"<priority> <weight> <target>", e.g. "10 1 \\"https://example.com/\\""',
  CNAME: '"<hostname>", e.g. "www.example.com."',
  DS: '"<key tag> <algorithm> <digest type> <hex digest>"',
  HINFO: '"<cpu> <os>", e.g. "\\"x86\\" \\"Linux\\""',
  HTTPS: '"<priority> <target> [key=value …]", e.g. "1 . alpn=h2"',
  MX: '"<preference> <exchange>", e.g. "10 mail.example.com."',
  NS: '"<nameserver>", e.g. "ns1.example.com."',
  PTR: '"<hostname>", e.g. "host.example.com."',
  RP: '"<mailbox name> <TXT name>", e.g. "admin.example.com. ."',
  SOA: '"<mname> <rname> <serial> <refresh> <retry> <expire> <minimum>"',
  SRV: '"<priority> <weight> <port> <target>", e.g. "10 60 5060 sip.example.com."',
  SVCB: '"<priority> <target> [key=value …]", e.g. "1 svc.example.com. alpn=h2"',
  TLSA: '"<usage> <selector> <matching type> <hex data>"',
  DANE: '"<usage> <selector> <matching type> <hex data>"',
  TXT: "plain text, or quoted strings",
};

/** Digest lengths (hex characters) of the DS digest types and TLSA matching types that fix one. */
const DS_DIGEST_HEX: Record<number, number> = { 1: 40, 2: 64, 4: 96 };
const TLSA_MATCHING_HEX: Record<number, number> = { 1: 64, 2: 128 };

class ValueReader {
  constructor(
    readonly type: RecordType,
    readonly value: string,
    readonly tokens: Token[],
    readonly context: HostnameContext,
  ) {}

  fail(rule: string): never {
    throw new DnsInputError(`${this.type} value ${quoteInput(this.value)}${rule.startsWith(":") ? "" : " "}${rule}`);
  }

  malformed(): never {
    this.fail(`must be ${FORMATS[this.type]}`);
  }

  count(min: number, max = min): void {
    if (this.tokens.length < min || this.tokens.length > max || this.tokens.some((t, i) => t.quoted && !this.quotable(i))) {
      this.malformed();
    }
  }

  /** Which fields may be quoted: CAA's value, HINFO's fields, NAPTR's flags, service and regexp, URI's target; nothing else. */
  private quotable(index: number): boolean {
    if (this.type === "NAPTR") return index >= 2 && index <= 4;
    return ((this.type === "CAA" || this.type === "URI") && index === 2) || this.type === "HINFO";
  }

  integer(index: number, what: string, max: number): string {
    const raw = this.tokens[index].raw;
    if (!/^\d+$/.test(raw) || Number(raw) > max) this.fail(`: ${what} must be a whole number from 0 to ${max}`);
    return String(Number(raw));
  }

  hostname(index: number, what: string, root: "root allowed" | "host only"): string {
    const raw = this.tokens[index].raw;
    if (raw.includes("\\")) this.fail(`: ${what} must not contain escapes`);
    if (raw === "." && root === "host only") this.fail(`: ${what} must name a host, not the root "."`);
    try {
      return canonicalHostname(raw, this.context);
    } catch (error) {
      this.fail(`: ${what} ${(error as Error).message}`);
    }
  }

  /** Base64 from the given token on (zone files may split it with blanks), as one string. */
  base64(from: number, what: string): string {
    const text = this.tokens
      .slice(from)
      .map((t) => t.raw)
      .join("");
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) this.fail(`: ${what} must be base64`);
    return text;
  }

  /** A number or the mnemonic of one (CERT types, DNSSEC algorithms), as the number. */
  numberOrName(index: number, what: string, max: number, names: Record<string, number>): string {
    const named = names[this.tokens[index].raw.toUpperCase()];
    return named === undefined ? this.integer(index, what, max) : String(named);
  }

  /** Hex from the given token on (zone files may split it with blanks), lower case. */
  hex(from: number, what: string, lengths: Record<number, number>, kind: number): string {
    const hex = this.tokens
      .slice(from)
      .map((t) => t.raw)
      .join("");
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length % 2 !== 0) this.fail(`: ${what} must be an even number of hex digits`);
    const expected = lengths[kind];
    if (expected !== undefined && hex.length !== expected) this.fail(`: ${what} of type ${kind} has ${expected} hex digits, not ${hex.length}`);
    return hex.toLowerCase();
  }
}

function canonicalA(r: ValueReader): string {
  r.count(1);
  const raw = r.tokens[0].raw;
  if (!ipaddr.IPv4.isValidFourPartDecimal(raw)) r.fail("is not an IPv4 address (four decimal numbers 0-255, no leading zeros)");
  return ipaddr.IPv4.parse(raw).toString();
}

function canonicalAaaa(r: ValueReader): string {
  r.count(1);
  const raw = r.tokens[0].raw;
  if (raw.includes("%") || !ipaddr.IPv6.isValid(raw)) r.fail("is not an IPv6 address");
  return ipaddr.IPv6.parse(raw).toRFC5952String();
}

function canonicalCaa(r: ValueReader): string {
  r.count(3);
  const flags = r.integer(0, "flags", 255);
  const tag = r.tokens[1].raw;
  if (!/^[a-zA-Z0-9]+$/.test(tag)) r.fail(": the tag (issue, issuewild, iodef, …) must be letters and digits");
  return `${flags} ${tag.toLowerCase()} ${quoteString(tokenText(r.tokens[2]))}`;
}

function canonicalSvcb(r: ValueReader): string {
  if (r.tokens.length < 2 || r.tokens.slice(0, 2).some((t) => t.quoted)) r.malformed();
  const priority = r.integer(0, "priority", 65535);
  const target = r.hostname(1, "target", "root allowed");
  const params = r.tokens.slice(2).map((token) => {
    const match = /^([A-Za-z0-9-]+)(?:=(.*))?$/s.exec(token.raw);
    if (token.quoted || !match) r.fail(`: parameter ${quoteInput(token.raw)} must be key=value`);
    return { key: match[1].toLowerCase(), raw: match[2] === undefined ? "" : `=${match[2]}` };
  });
  if (priority === "0" && params.length > 0) r.fail(": priority 0 (alias mode) takes no parameters");
  const seen = new Set<string>();
  for (const { key } of params) {
    if (seen.has(key)) r.fail(`: parameter ${key} is given twice`);
    seen.add(key);
  }
  return [priority, target, ...params.map((p) => `${p.key}${p.raw}`)].join(" ");
}

/** CERT types (RFC 4398 section 2.1) and DNSSEC algorithm mnemonics (IANA registry) a zone file may use. */
const CERT_TYPES: Record<string, number> = { PKIX: 1, SPKI: 2, PGP: 3, IPKIX: 4, ISPKI: 5, IPGP: 6, ACPKIX: 7, IACPKIX: 8, URI: 253, OID: 254 };
const DNSSEC_ALGORITHMS: Record<string, number> = {
  RSAMD5: 1, DH: 2, DSA: 3, RSASHA1: 5, "DSA-NSEC3-SHA1": 6, "RSASHA1-NSEC3-SHA1": 7, RSASHA256: 8, RSASHA512: 10, "ECC-GOST": 12, ECDSAP256SHA256: 13, ECDSAP384SHA384: 14, ED25519: 15, ED448: 16,
};
/** SSHFP fingerprint lengths (hex characters) per type (RFC 4255, RFC 6594). */
const SSHFP_HEX: Record<number, number> = { 1: 40, 2: 64 };

function canonicalTlsa(r: ValueReader): string {
  r.count(4, Infinity);
  const usage = r.integer(0, "usage", 255);
  const selector = r.integer(1, "selector", 255);
  const matching = r.integer(2, "matching type", 255);
  return `${usage} ${selector} ${matching} ${r.hex(3, "the data", TLSA_MATCHING_HEX, Number(matching))}`;
}

/** LOC (RFC 1876 section 3): every optional field written out, numbers as Cloudflare shows them (seconds to 3 decimals, meters to 2). */
function canonicalLoc(r: ValueReader): string {
  const raw = r.tokens.map((t) => t.raw);
  if (r.tokens.some((t) => t.quoted)) r.malformed();
  let i = 0;
  const number = (what: string, min: number, max: number, meters = false): number => {
    const text = raw[i++];
    const match = text === undefined ? null : (meters ? /^(-?\d+(?:\.\d+)?)m?$/ : /^(\d+(?:\.\d+)?)$/).exec(text);
    if (!match || Number(match[1]) < min || Number(match[1]) > max) r.fail(`: ${what} must be a number from ${min} to ${max}`);
    return Number(match[1]);
  };
  const angle = (what: string, maxDegrees: number, directions: string): string => {
    const degrees = number(`${what} degrees`, 0, maxDegrees);
    let minutes = 0;
    let seconds = 0;
    if (raw[i] !== undefined && !directions.includes(raw[i].toUpperCase())) minutes = number(`${what} minutes`, 0, 59);
    if (raw[i] !== undefined && !directions.includes(raw[i].toUpperCase())) seconds = number(`${what} seconds`, 0, 59.999);
    const direction = raw[i++]?.toUpperCase();
    if (direction === undefined || !directions.includes(direction)) r.malformed();
    return `${degrees} ${minutes} ${Number(seconds.toFixed(3))} ${direction}`;
  };
  const meters = (what: string, fallback: number, min = 0, max = 90000000) => (raw[i] === undefined ? fallback : number(what, min, max, true));
  const latitude = angle("latitude", 90, "NS");
  const longitude = angle("longitude", 180, "EW");
  if (raw[i] === undefined) r.malformed();
  const sizes = [meters("altitude", 0, -100000, 42849672.95), meters("size", 1), meters("horizontal precision", 10000), meters("vertical precision", 10)];
  if (i !== raw.length) r.malformed();
  return `${latitude} ${longitude} ${sizes.map((m) => `${Number(m.toFixed(2))}m`).join(" ")}`;
}

const CANONICAL: Record<RecordType, (r: ValueReader) => string> = {
  A: canonicalA,
  AAAA: canonicalAaaa,
  CAA: canonicalCaa,
  CNAME: (r) => (r.count(1), r.hostname(0, "the target", "host only")),
  NS: (r) => (r.count(1), r.hostname(0, "the nameserver", "host only")),
  PTR: (r) => (r.count(1), r.hostname(0, "the target", "host only")),
  MX: (r) => (r.count(2), `${r.integer(0, "preference", 65535)} ${r.hostname(1, "the exchange", "root allowed")}`),
  SRV: (r) => {
    r.count(4);
    return [
      r.integer(0, "priority", 65535),
      r.integer(1, "weight", 65535),
      r.integer(2, "port", 65535),
      r.hostname(3, "the target", "root allowed"),
    ].join(" ");
  },
  TLSA: canonicalTlsa,
  // The legacy Hetzner DNS API's name for a TLSA record (RFC 6698, DNS-Based Authentication of Named Entities).
  DANE: canonicalTlsa,
  DS: (r) => {
    r.count(4, Infinity);
    const keyTag = r.integer(0, "key tag", 65535);
    const algorithm = r.integer(1, "algorithm", 255);
    const digestType = r.integer(2, "digest type", 255);
    return `${keyTag} ${algorithm} ${digestType} ${r.hex(3, "the digest", DS_DIGEST_HEX, Number(digestType))}`;
  },
  HINFO: (r) => (r.count(2), r.tokens.map((t) => quoteString(tokenText(t))).join(" ")),
  RP: (r) => (r.count(2), `${r.hostname(0, "the mailbox name", "root allowed")} ${r.hostname(1, "the TXT name", "root allowed")}`),
  SVCB: canonicalSvcb,
  HTTPS: canonicalSvcb,
  SOA: (r) => {
    r.count(7);
    const numbers = ["serial", "refresh", "retry", "expire", "minimum"].map((what, i) => r.integer(i + 2, what, 4294967295));
    return [r.hostname(0, "mname", "host only"), r.hostname(1, "rname", "host only"), ...numbers].join(" ");
  },
  TXT: () => {
    throw new Error("TXT is handled by canonicalTxt");
  },
  CERT: (r) => {
    r.count(4, Infinity);
    const type = r.numberOrName(0, "type", 65535, CERT_TYPES);
    return `${type} ${r.integer(1, "key tag", 65535)} ${r.numberOrName(2, "algorithm", 255, DNSSEC_ALGORITHMS)} ${r.base64(3, "the certificate")}`;
  },
  DNSKEY: (r) => {
    r.count(4, Infinity);
    const flags = r.integer(0, "flags", 65535);
    if (r.tokens[1].raw !== "3") r.fail(": the protocol must be 3 (RFC 4034)");
    return `${flags} 3 ${r.numberOrName(2, "algorithm", 255, DNSSEC_ALGORITHMS)} ${r.base64(3, "the public key")}`;
  },
  LOC: canonicalLoc,
  NAPTR: (r) => {
    r.count(6);
    const strings = [2, 3, 4].map((i) => quoteString(tokenText(r.tokens[i])));
    return [r.integer(0, "order", 65535), r.integer(1, "preference", 65535), ...strings, r.hostname(5, "the replacement", "root allowed")].join(" ");
  },
  OPENPGPKEY: (r) => (r.count(1, Infinity), r.base64(0, "the public key")),
  // SMIMEA has TLSA's fields (RFC 8162 section 2).
  SMIMEA: canonicalTlsa,
  SSHFP: (r) => {
    r.count(3, Infinity);
    const algorithm = r.integer(0, "algorithm", 255);
    const type = r.integer(1, "fingerprint type", 255);
    return `${algorithm} ${type} ${r.hex(2, "the fingerprint", SSHFP_HEX, Number(type))}`;
  },
  URI: (r) => (r.count(3), `${r.integer(0, "priority", 65535)} ${r.integer(1, "weight", 65535)} ${quoteString(tokenText(r.tokens[2]))}`),
};

/** canonicalValue with the hostname context spelt out (zone files resolve relative names against $ORIGIN). */
export function canonicalValueIn(type: string, value: string, context: HostnameContext): string {
  const recordTypeName = recordType(type);
  if (typeof value !== "string") throw new DnsInputError(`${recordTypeName} value must be a string`);
  if (recordTypeName === "TXT") return canonicalTxt(value);
  let tokens: Token[];
  try {
    tokens = lexValue(value);
  } catch (error) {
    throw new DnsInputError(`${recordTypeName} value ${quoteInput(value)}: ${(error as Error).message}`);
  }
  if (tokens.length === 0) throw new DnsInputError(`${recordTypeName} value must not be empty`);
  return CANONICAL[recordTypeName](new ValueReader(recordTypeName, value, tokens, context));
}

export interface CanonicalValueOptions {
  /**
   * What a relative hostname that already ends with the zone name ("mail.example.com" in example.com) means.
   * "refuse" (default, for programs): it is most likely meant absolute, so it is refused rather than guessed.
   * "append" (for values read back from an API or a zone file): it is relative, as RFC 1035 says.
   */
  zoneSuffix?: "refuse" | "append";
}

/**
 * One value of `type` validated and in the canonical wire form. Relative hostnames get the zone appended;
 * one that already ends with the zone name is refused (add the trailing dot, or drop the zone name).
 * Idempotent: canonicalValue(t, canonicalValue(t, v, z), z) === canonicalValue(t, v, z).
 */
export function canonicalValue(type: string, value: string, zone: string, options: CanonicalValueOptions = {}): string {
  return canonicalValueIn(type, value, { zone: zoneName(zone), refuseZoneSuffix: options.zoneSuffix !== "append" });
}

/** A value the API returned, in the program's form: TXT as plain text, every other type as it is (already canonical). */
export function valueFromWire(type: string, wire: string): string {
  return type === "TXT" ? txtFromWire(wire) : wire;
}

/**
 * An rrset as the API stores it: name relative ("@", ASCII), values in canonical wire form (TXT quoted), in the
 * given order. Compare it with what the API returns to find what differs. Throws DnsInputError; run
 * checkRecordSets first to report every failure with its property path.
 */
export function canonicalRecordSet(set: RecordSet, zone: string, options: RecordTypeOptions = {}): RecordSet {
  const zoneAscii = zoneName(zone);
  const canonical: RecordSet = {
    name: relativeName(set.name, zoneAscii),
    type: recordType(set.type, options.types),
    values: set.values.map((value) => canonicalValue(set.type, value, zoneAscii)),
  };
  if (set.ttl !== undefined && set.ttl !== null) canonical.ttl = set.ttl;
  return canonical;
}
