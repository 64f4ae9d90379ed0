/**
 * Every record type the module can validate and put in canonical form (values.ts has one reader per type).
 * A family accepts its own list of these (RECORD_TYPES for Hetzner Cloud) and passes it where input is checked.
 */
export const KNOWN_RECORD_TYPES = [
  "A",
  "AAAA",
  "CAA",
  "CERT",
  "CNAME",
  "DANE",
  "DNSKEY",
  "DS",
  "HINFO",
  "HTTPS",
  "LOC",
  "MX",
  "NAPTR",
  "NS",
  "OPENPGPKEY",
  "PTR",
  "RP",
  "SMIMEA",
  "SOA",
  "SRV",
  "SSHFP",
  "SVCB",
  "TLSA",
  "TXT",
  "URI",
] as const;

export type RecordType = (typeof KNOWN_RECORD_TYPES)[number];

/** The record types the Hetzner Cloud DNS API accepts (its `type` enum). */
export const RECORD_TYPES: readonly RecordType[] = ["A", "AAAA", "CAA", "CNAME", "DS", "HINFO", "HTTPS", "MX", "NS", "PTR", "RP", "SOA", "SRV", "SVCB", "TLSA", "TXT"];

/**
 * The one record model of every DNS family: an RRSet.
 * `name` is relative to the zone ("@" for the apex, "www", "*.dev"); `values` are in presentation form,
 * except TXT, which is the plain text (quoting and splitting happen in txt.ts).
 * `ttl` unset means the zone's default TTL.
 */
export interface RecordSet {
  name: string;
  type: string;
  ttl?: number;
  values: string[];
}

/** A type the module knows; with `types`, also one of those (a family's list). */
export function isRecordType(type: string, types: readonly string[] = KNOWN_RECORD_TYPES): type is RecordType {
  return types.includes(type) && (KNOWN_RECORD_TYPES as readonly string[]).includes(type);
}
