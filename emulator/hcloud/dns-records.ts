/**
 * DNS names and record values as the Cloud DNS API takes them: zone names and RRSet names (spec "Zones",
 * "Zone RRSets", field descriptions), TTLs, and per-type record values (docs.hetzner.com/networking/dns/
 * record-types, RFC 1035 presentation formats). Values are checked, never rewritten: the API stores what it
 * is given, and takes hostnames relative to the zone or absolute with a trailing dot (docs.hetzner.com/
 * networking/dns/faq/records).
 */
import { domainToASCII } from "node:url";
import ipaddr from "ipaddr.js";

/** The `type` enum of RRSets (spec). */
export const RECORD_TYPES = ["A", "AAAA", "CAA", "CNAME", "DS", "HINFO", "HTTPS", "MX", "NS", "PTR", "RP", "SOA", "SRV", "SVCB", "TLSA", "TXT"];
const MIN_TTL = 60;
const MAX_TTL = 2147483647;
/** "Must be in between 60s and 2147483647s" (spec, zone and RRSet `ttl`). */
export const validTtl = (ttl: unknown): ttl is number => typeof ttl === "number" && Number.isInteger(ttl) && ttl >= MIN_TTL && ttl <= MAX_TTL;

/** The nameservers Hetzner assigns to every zone (spec examples of zones and of the zone file). */
export const ASSIGNED_NAMESERVERS = ["hydrogen.ns.hetzner.com.", "oxygen.ns.hetzner.com.", "helium.ns.hetzner.de."];

const ZONE_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const OWNER_LABEL = /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/;
const HOST_LABEL = /^[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?$/;
const MAX_DOMAIN_LENGTH = 253;

/**
 * Public suffixes of more than one label that the emulator knows (a small part of publicsuffix.org's
 * list): `example.co.uk` is a registrable domain, `www.example.com` a subdomain. Any other suffix is the
 * last label.
 */
const MULTI_LABEL_SUFFIXES = new Set([
  "co.uk", "org.uk", "me.uk", "ltd.uk", "plc.uk", "net.uk", "ac.uk", "gov.uk",
  "com.au", "net.au", "org.au", "co.nz", "org.nz", "co.jp", "ne.jp", "or.jp",
  "co.at", "or.at", "com.br", "com.mx", "co.za", "com.cn", "com.tr", "co.in", "co.il", "com.pl",
]);

const hasNonAscii = (text: string) => /[^\x00-\x7f]/.test(text);
/** An `xn--` label that is not valid Punycode does not survive the WHATWG domain-to-ASCII round trip. */
const validAce = (label: string) => !label.startsWith("xn--") || domainToASCII(label) === label;

/** Why `name` is not a zone name the API takes, or undefined (spec, `name` of a Zone). */
export function zoneNameError(name: unknown): string | undefined {
  if (typeof name !== "string" || name === "") return "is required and must be a domain name";
  if (name.endsWith(".")) return "must not end with a dot";
  if (hasNonAscii(name)) return "must be transcribed to Punycode with ACE prefix (e.g. xn--mnchen-3ya.de for münchen.de)";
  if (name !== name.toLowerCase()) return "must be in lower case";
  if (name.length > MAX_DOMAIN_LENGTH) return `must be at most ${MAX_DOMAIN_LENGTH} characters`;
  const labels = name.split(".");
  if (!labels.every((label) => ZONE_LABEL.test(label) && validAce(label))) return "is not a valid domain name";
  if (labels.length < 2) return "must be a domain below a public suffix (e.g. example.com): a top-level domain is not a zone";
  const suffixLabels = MULTI_LABEL_SUFFIXES.has(labels.slice(-2).join(".")) ? 2 : 1;
  if (labels.length === suffixLabels) return "is a public suffix, not a domain";
  if (labels.length > suffixLabels + 1) return "is a subdomain: subdomains are not supported, create a zone for the domain";
  return undefined;
}

/** True when one of the two names is the other or lies below it (label-wise). */
export function sameOrNested(a: string, b: string): boolean {
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
}

/** Why `name` is not an RRSet name in zone `zone`, or undefined (spec, `name` of an RRSet). */
export function rrsetNameError(name: unknown, zone: string): string | undefined {
  if (typeof name !== "string" || name === "") return "is required ('@' for the zone apex)";
  if (name === "@") return undefined;
  if (name.endsWith(".")) return "must not end with a dot: names are relative to the zone, '@' for the apex";
  if (hasNonAscii(name)) return "must be transcribed to Punycode with ACE prefix (e.g. xn--4bi)";
  if (name !== name.toLowerCase()) return "must be in lower case";
  if (name === zone || name.endsWith(`.${zone}`)) return `must not end with the zone name ${zone}: names are relative to the zone, '@' for the apex`;
  const labels = name.split(".");
  if (!labels.every((label, index) => (label === "*" && index === 0) || (OWNER_LABEL.test(label) && validAce(label)))) {
    return "is not a valid relative domain name";
  }
  if (name.length + 1 + zone.length > MAX_DOMAIN_LENGTH) return `is too long: with the zone name it must be at most ${MAX_DOMAIN_LENGTH} characters`;
  return undefined;
}

// ---- record values ----

/** A value split into fields: plain tokens and quoted character-strings (quotes removed, escapes kept). */
interface Field {
  text: string;
  quoted: boolean;
}

/** Splits a presentation-format value at blanks; undefined when a quote is not closed. */
function splitFields(value: string): Field[] | undefined {
  const fields: Field[] = [];
  let i = 0;
  while (i < value.length) {
    if (value[i] === " " || value[i] === "\t") {
      i++;
      continue;
    }
    if (value[i] === '"') {
      let text = "";
      i++;
      while (i < value.length && value[i] !== '"') {
        if (value[i] === "\\" && i + 1 < value.length) text += value[i++];
        text += value[i++];
      }
      if (i >= value.length) return undefined;
      i++;
      fields.push({ text, quoted: true });
      if (i < value.length && value[i] !== " " && value[i] !== "\t") return undefined;
    } else {
      const start = i;
      while (i < value.length && value[i] !== " " && value[i] !== "\t") i++;
      fields.push({ text: value.slice(start, i), quoted: false });
    }
  }
  return fields;
}

/** The length in octets of a character-string's content, `\X` and `\DDD` escapes counting one. */
function characterStringLength(text: string): number | undefined {
  const chars = Array.from(text); // code points, so a character beyond the BMP counts its 4 UTF-8 octets
  let length = 0;
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] === "\\") {
      const digits = chars.slice(i + 1, i + 4).join("");
      if (/^\d{3}$/.test(digits)) {
        if (Number(digits) > 255) return undefined;
        i += 3;
      } else i++;
      length++;
    } else length += Buffer.byteLength(chars[i]);
  }
  return length;
}

const MAX_CHARACTER_STRING = 255;
const uint = (text: string, max: number) => /^\d{1,10}$/.test(text) && Number(text) <= max;
const UINT16 = 65535;
const UINT8 = 255;
const UINT32 = 4294967295;

/** A domain name in a value: relative to the zone, or absolute with a trailing dot; `.` (the root) only where `root`. */
function validHost(text: string, root = false): boolean {
  if (text === ".") return root;
  const name = text.endsWith(".") ? text.slice(0, -1) : text;
  if (name === "" || name.length > MAX_DOMAIN_LENGTH) return false;
  return name.split(".").every((label, index) => (label === "*" && index === 0) || HOST_LABEL.test(label));
}

const hex = (text: string) => /^[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0;

/** Hex digest lengths per DS digest type (RFC 4034, 4509, 6605) and TLSA matching type (RFC 6698). */
const DS_DIGEST_LENGTH: Record<string, number> = { "1": 40, "2": 64, "4": 96 };
const TLSA_DIGEST_LENGTH: Record<string, number> = { "1": 64, "2": 128 };

/** Why `value` is not a valid `type` record value, or undefined. */
export function recordValueError(type: string, value: string): string | undefined {
  if (value.trim() === "") return "must not be empty";
  if (value !== value.trim()) return "must not start or end with blanks";
  if (/[\r\n]/.test(value)) return "must be one line";
  const fields = splitFields(value);
  if (!fields) return "has an unterminated quoted string";
  const plain = fields.map((f) => f.text);
  const allPlain = fields.every((f) => !f.quoted);
  const expect = (ok: boolean, form: string) => (ok ? undefined : `is not a valid ${type} value: expected ${form}`);
  switch (type) {
    case "A":
      return expect(ipaddr.IPv4.isValidFourPartDecimal(value), "an IPv4 address, e.g. 198.51.100.1");
    case "AAAA":
      return expect(ipaddr.IPv6.isValid(value) && !value.includes("%") && !ipaddr.IPv4.isValid(value), "an IPv6 address, e.g. 2001:db8::1");
    case "CNAME":
    case "NS":
    case "PTR":
      return expect(allPlain && plain.length === 1 && validHost(plain[0]), "one domain name, absolute with a trailing dot or relative to the zone");
    case "MX":
      return expect(allPlain && plain.length === 2 && uint(plain[0], UINT16) && validHost(plain[1], true), "'<priority> <mail server>', e.g. '10 mail.example.com.'");
    case "SRV":
      return expect(
        allPlain && plain.length === 4 && plain.slice(0, 3).every((n) => uint(n, UINT16)) && validHost(plain[3], true),
        "'<priority> <weight> <port> <target>', e.g. '10 60 5060 sip.example.com.'",
      );
    case "TXT": {
      const ok = fields.every((f) => f.quoted && (characterStringLength(f.text) ?? Infinity) <= MAX_CHARACTER_STRING);
      return expect(ok, `one or more quoted strings of at most ${MAX_CHARACTER_STRING} characters each, e.g. "v=spf1 -all"`);
    }
    case "CAA": {
      const ok =
        fields.length === 3 &&
        !fields[0].quoted &&
        uint(plain[0], UINT8) &&
        !fields[1].quoted &&
        /^[a-zA-Z0-9]{1,15}$/.test(plain[1]) &&
        (characterStringLength(plain[2]) ?? Infinity) <= MAX_CHARACTER_STRING;
      return expect(ok, `'<flags> <tag> "<value>"', e.g. '0 issue "letsencrypt.org"'`);
    }
    case "TLSA": {
      const data = plain.slice(3).join("");
      const length = TLSA_DIGEST_LENGTH[plain[2]];
      const ok = allPlain && plain.length >= 4 && plain.slice(0, 3).every((n) => uint(n, UINT8)) && hex(data) && (length === undefined || data.length === length);
      return expect(ok, "'<usage> <selector> <matching type> <hex data>', e.g. '3 1 1 <64 hex digits>'");
    }
    case "DS": {
      const digest = plain.slice(3).join("");
      const length = DS_DIGEST_LENGTH[plain[2]];
      const ok = allPlain && plain.length >= 4 && uint(plain[0], UINT16) && uint(plain[1], UINT8) && uint(plain[2], UINT8) && hex(digest) && (length === undefined || digest.length === length);
      return expect(ok, "'<key tag> <algorithm> <digest type> <hex digest>'");
    }
    case "HINFO":
      return expect(fields.length === 2 && fields.every((f) => (characterStringLength(f.text) ?? Infinity) <= MAX_CHARACTER_STRING), `'"<cpu>" "<os>"'`);
    case "RP":
      return expect(allPlain && plain.length === 2 && validHost(plain[0], true) && validHost(plain[1], true), "'<mailbox domain> <TXT domain>'");
    case "SOA":
      return expect(
        allPlain && plain.length === 7 && validHost(plain[0]) && validHost(plain[1]) && plain.slice(2).every((n) => uint(n, UINT32)),
        "'<primary ns> <mailbox> <serial> <refresh> <retry> <expire> <minimum>'",
      );
    case "HTTPS":
    case "SVCB": {
      const params = plain.slice(2);
      const ok =
        plain.length >= 2 &&
        !fields[0].quoted &&
        !fields[1].quoted &&
        uint(plain[0], UINT16) &&
        validHost(plain[1], true) &&
        params.every((param) => /^[a-z0-9-]+(=.*)?$/.test(param)) &&
        (plain[0] !== "0" || params.length === 0);
      return expect(ok, "'<priority> <target> [key=value ...]', e.g. '1 . alpn=h2'");
    }
    default:
      return `type must be one of ${RECORD_TYPES.join(", ")}`;
  }
}

/** The serial of an SOA value (its third field). */
export function soaSerial(value: string): number {
  return Number(value.split(/\s+/)[2]);
}

/** The SOA value with another serial. */
export function withSoaSerial(value: string, serial: number): string {
  const fields = value.split(/\s+/);
  fields[2] = String(serial);
  return fields.join(" ");
}

/** The first serial of a day, `YYYYMMDD00` (spec "SOA Serial"). */
export function firstSerialOf(ms: number): number {
  const date = new Date(ms);
  return (date.getUTCFullYear() * 10000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate()) * 100;
}

/** The next serial after `serial`: the `nn` of today counts up, a new day starts at `nn` 00. */
export function nextSerial(serial: number, now = Date.now()): number {
  return Math.max(serial + 1, firstSerialOf(now));
}

/** The SOA Hetzner creates with a zone (spec, zone file example). */
export function defaultSoa(now = Date.now()): string {
  return `${ASSIGNED_NAMESERVERS[0]} dns.hetzner.com. ${firstSerialOf(now)} 86400 10800 3600000 3600`;
}
