/**
 * Zone domains, record names and per-type record values as the VPS.org API takes them. The seed gives the
 * record types, their example values ("Supported DNS Record Types") and "@ for root, subdomain, or FQDN" for
 * names; it is silent on exact syntax, so the rules below are guesses, each marked, kept to what a BIND9 zone
 * (the seed: "automatic BIND9 zone file generation") can hold. Values are checked, never rewritten.
 */
import ipaddr from "ipaddr.js";
import type { RecordType } from "./accounts";

const MAX_DOMAIN_LENGTH = 253;
const DOMAIN_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** Owner names may hold underscores (`_dmarc`, `_sip._tcp`), as BIND takes them. */
const OWNER_LABEL = /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/;
const HOST_LABEL = /^[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?$/;
const TOP_LEVEL = /^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** TTL bounds (guess: the seed gives only the default, 3600). */
export const MIN_TTL = 60;
export const MAX_TTL = 604800;
export const DEFAULT_TTL = 3600;
/** Longest TXT value (guess; the API splits TXT into 255-character strings itself, the seed shows it unquoted). */
export const MAX_TXT_LENGTH = 4096;

/**
 * The zone domain as stored (lower case), or undefined when it is not a domain name (seed: 400 "Invalid
 * domain name: ensure domain follows DNS naming conventions"). Guess: ASCII only (IDN as Punycode), no
 * trailing dot, at least two labels, a top-level label of letters or `xn--`.
 */
export function normalDomain(domain: string): string | undefined {
  const lower = domain.toLowerCase();
  const labels = lower.split(".");
  if (lower.length > MAX_DOMAIN_LENGTH || labels.length < 2) return undefined;
  if (!labels.every((label) => DOMAIN_LABEL.test(label)) || !TOP_LEVEL.test(labels.at(-1)!)) return undefined;
  return lower;
}

/**
 * The record name as the API returns it: `@` for the apex, else relative to the zone, in lower case (guess:
 * the seed takes "@ for root, subdomain, or FQDN"; a BIND zone needs one of them, so an FQDN inside the zone,
 * with or without the final dot, is stored relative). A name ending in a dot outside the zone is refused.
 */
export function recordName(name: string, domain: string): { name: string } | { error: string } {
  const lower = name.toLowerCase();
  if (lower === "@") return { name: "@" };
  const absolute = lower.endsWith(".");
  const bare = absolute ? lower.slice(0, -1) : lower;
  if (bare === domain) return { name: "@" };
  const relative = bare.endsWith(`.${domain}`) ? bare.slice(0, -domain.length - 1) : bare;
  if (absolute && relative === bare) return { error: `Record name must be within the zone ${domain}` };
  const labels = relative.split(".");
  if (!labels.every((label, index) => (label === "*" && index === 0) || OWNER_LABEL.test(label))) return { error: "Enter a valid record name" };
  if (relative.length + 1 + domain.length > MAX_DOMAIN_LENGTH) return { error: `Record name is too long: with the domain at most ${MAX_DOMAIN_LENGTH} characters` };
  return { name: relative };
}

/**
 * A fully qualified hostname, the final dot optional (guess: every hostname in the seed is fully qualified,
 * "mail.example.com"; a bare label would be ambiguous in the generated zone, so it is refused).
 */
function validHostname(text: string): boolean {
  const bare = text.endsWith(".") ? text.slice(0, -1) : text;
  const labels = bare.split(".");
  return bare.length <= MAX_DOMAIN_LENGTH && labels.length >= 2 && labels.every((label) => HOST_LABEL.test(label));
}

const uint = (text: string, max: number) => /^\d{1,5}$/.test(text) && Number(text) <= max;

/** Why `value` is not a `type` value, or undefined. Example values: the seed's "Supported DNS Record Types". */
export function recordValueError(type: RecordType, value: string): string | undefined {
  switch (type) {
    case "A":
      return ipaddr.IPv4.isValidFourPartDecimal(value) ? undefined : "Enter a valid IPv4 address";
    case "AAAA":
      return ipaddr.IPv6.isValid(value) && !value.includes("%") ? undefined : "Enter a valid IPv6 address";
    case "CNAME":
    case "NS":
    case "MX":
      return validHostname(value) ? undefined : `${type} value must be a fully qualified hostname (e.g. mail.example.com)`;
    case "TXT":
      return value.length <= MAX_TXT_LENGTH ? undefined : `TXT value must be at most ${MAX_TXT_LENGTH} characters`;
    case "SRV": {
      // "10 5060 sip.example.com": weight, port and target, the priority apart (seed).
      const [weight, port, target, ...rest] = value.split(" ");
      const ok = rest.length === 0 && target !== undefined && uint(weight, 65535) && uint(port, 65535) && (target === "." || validHostname(target));
      return ok ? undefined : "SRV value must be 'weight port target' (e.g. 5 5060 sip.example.com)";
    }
    case "CAA": {
      // `0 issue "letsencrypt.org"` (seed): flags 0-255, a tag (RFC 8659: letters and digits), a quoted value.
      const match = /^(\d{1,3}) ([a-zA-Z0-9]+) "((?:[^"\\]|\\.)*)"$/.exec(value);
      return match && Number(match[1]) <= 255 ? undefined : `CAA value must be 'flags tag "value"' (e.g. 0 issue "letsencrypt.org")`;
    }
  }
}
