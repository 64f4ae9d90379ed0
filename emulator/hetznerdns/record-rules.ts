/**
 * What a record of the legacy API must be: its type (the spec's `RecordTypeCreatable`), name, value per
 * type, TTL, and the zone-wide rules (a CNAME alone at its name, no record twice, one SOA), plus the SOA
 * serial the API keeps. Shared by single and bulk writes and zone file imports.
 */
import { nextSerial, recordValueError, rrsetNameError, soaSerial, validTtl, withSoaSerial } from "../hcloud/dns-records";
import {
  HetznerDnsError,
  QUOTED_STRINGS,
  findZone,
  isObject,
  primaryServersOf,
  recordsOf,
  unprocessable,
  type HetznerDnsContext,
  type StoredDnsRecord,
  type StoredDnsZone,
} from "./model";

/** `RecordTypeCreatable` (spec): PTR is readable (`RecordType`) but cannot be created. */
export const CREATABLE_TYPES = ["A", "AAAA", "NS", "MX", "CNAME", "RP", "TXT", "SOA", "HINFO", "SRV", "DANE", "TLSA", "DS", "CAA"];
/** `RecordType` (spec): what a record may be, e.g. in an imported zone file. */
export const RECORD_TYPES = [...CREATABLE_TYPES, "PTR"];

const MAX_CHARACTER_STRING = 255;

/**
 * Why `value` is not a `type` value, or undefined. Values are checked as RFC 1035 presentation format
 * (the Cloud DNS rules of ../hcloud/dns-records.ts); DANE is Hetzner's name for TLSA records.
 *
 * TXT as the API takes it (dnscontrol's Hetzner provider, providers/hetzner/types.go): plain text without
 * quotes (which clients of this API send) or quoted strings, with the blank the API itself puts after
 * several quoted strings; a value longer than 255 characters must be split into several quoted strings,
 * else the API answers `422 Unprocessable Entity: missing: ; ` (so one quoted string of 254 or 255
 * characters, 256 or 257 with its quotes, is refused while the same text unquoted is taken).
 */
export function valueError(type: string, value: string): string | undefined {
  // The API refuses a CAA value with blanks in it (dnscontrol's Hetzner provider, auditrecords.go).
  if (type === "CAA" && /^\S+\s+\S+\s+"[^"]*\s[^"]*"$/.test(value)) return "value: the CAA value must not contain blanks";
  if (type !== "TXT") {
    const problem = recordValueError(type === "DANE" ? "TLSA" : type, value);
    return problem && `value: ${problem}`;
  }
  const text = value.trimEnd();
  if (text.trim() === "") return "value: must not be empty";
  if (/[\r\n]/.test(text)) return "value: must be one line";
  const quoted = QUOTED_STRINGS.test(text);
  if (text.length > MAX_CHARACTER_STRING && !(quoted && /"\s+"/.test(text))) return "missing: ; ";
  if (!quoted && !text.includes('"')) return undefined;
  const problem = recordValueError("TXT", text);
  return problem && `value: ${problem}`;
}

/** The documented fields of a record input, as given (bulk answers list invalid and failed inputs this way). */
export function echoRecord(raw: unknown): Record<string, unknown> {
  if (!isObject(raw)) return {};
  const fields = ["id", "zone_id", "type", "name", "value", "ttl"] as const;
  return Object.fromEntries(fields.filter((field) => raw[field] !== undefined).map((field) => [field, raw[field]]));
}

export interface RecordInput {
  zone: StoredDnsZone;
  type: string;
  name: string;
  value: string;
  ttl?: number;
}

/**
 * Checks a record input (`Record`: zone_id, type, name and value required, ttl optional) and the zone-wide
 * rules against the zone's current records (`replacing`: the record an update replaces). 422 with the
 * API's message form; an unknown zone is 422 `zone not found` (the API's answer, hetzner-ocp4#249).
 */
export function checkRecordInput(ctx: HetznerDnsContext, raw: unknown, replacing?: StoredDnsRecord): RecordInput {
  const fail = (detail: string) => unprocessable(detail, "record");
  if (!isObject(raw)) throw fail("record must be an object");
  const { zone_id: zoneId, type, name, value, ttl } = raw;
  if (typeof zoneId !== "string" || zoneId === "") throw fail("zone_id: is required");
  const zone = findZone(ctx, zoneId);
  if (!zone) throw new HetznerDnsError(422, "zone not found", "record");
  if (replacing && replacing.zone_id !== zone.id) throw fail("zone_id: a record cannot move to another zone");
  if (primaryServersOf(ctx, zone.id).length > 0) throw fail(`zone ${zone.name} is a secondary zone: its records come from its primary servers`);
  if (typeof type !== "string" || !CREATABLE_TYPES.includes(type)) throw fail(`type: must be one of ${CREATABLE_TYPES.join(", ")}`);
  if (typeof name !== "string") throw fail("name: is required ('@' for the zone apex)");
  const nameProblem = rrsetNameError(name, zone.name);
  if (nameProblem) throw fail(`name: ${nameProblem}`);
  if (typeof value !== "string") throw fail("value: is required");
  const valueProblem = valueError(type, value);
  if (valueProblem) throw fail(valueProblem);
  // Stored without the blank the API puts after several quoted strings, so a value read back is the same value.
  const stored = type === "TXT" ? value.trimEnd() : value;
  // Guess: the range of Cloud DNS, which replaced this API; the spec says only uint64.
  if (ttl !== undefined && !validTtl(ttl)) throw fail("ttl: must be an integer between 60 and 2147483647, or left out for the zone's default");

  const others = recordsOf(ctx, zone.id).filter((record) => record !== replacing);
  const atName = others.filter((record) => record.name === name);
  if (type === "SOA" && name !== "@") throw fail("SOA records are only allowed at the zone apex '@'");
  // The zone keeps its SOA (guess, as its delete is refused).
  if (replacing?.type === "SOA" && type !== "SOA") throw fail("type: the zone's SOA record stays an SOA record");
  if (type === "SOA" && atName.some((record) => record.type === "SOA")) throw fail("taken: a zone has one SOA record; ");
  // The API's answer for a record it holds already (hetzner-ocp4#223, germanbrew/terraform-provider-hetznerdns#190).
  if (atName.some((record) => record.type === type && record.value === stored)) throw fail(`taken: ${stored}; `);
  if (type === "CNAME" ? atName.length > 0 : atName.some((record) => record.type === "CNAME")) {
    throw fail(`a CNAME record cannot coexist with other records at '${name}' (RFC 1034 3.6.2)`);
  }
  return { zone, type, name, value: stored, ...(ttl === undefined ? {} : { ttl: ttl as number }) };
}

/**
 * Records a change of the zone's records: `modified` moves on and the SOA serial counts up (`YYYYMMDDnn`).
 * The API keeps the serial itself: one written in an SOA value is replaced by the next (`previousSerial`).
 */
export function recordsChanged(ctx: HetznerDnsContext, zone: StoredDnsZone, now: number, previousSerial?: number): void {
  zone.modified = now;
  const soa = recordsOf(ctx, zone.id).find((record) => record.type === "SOA");
  if (!soa) return;
  soa.value = withSoaSerial(soa.value, nextSerial(previousSerial ?? soaSerial(soa.value), now));
}

export function serialOf(ctx: HetznerDnsContext, zone: StoredDnsZone): number | undefined {
  const soa = recordsOf(ctx, zone.id).find((record) => record.type === "SOA");
  return soa && soaSerial(soa.value);
}
