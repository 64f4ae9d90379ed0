/** The record types the Hetzner Cloud DNS API accepts (its `type` enum); other families accept a subset. */
export const RECORD_TYPES = [
  "A",
  "AAAA",
  "CAA",
  "CNAME",
  "DS",
  "HINFO",
  "HTTPS",
  "MX",
  "NS",
  "PTR",
  "RP",
  "SOA",
  "SRV",
  "SVCB",
  "TLSA",
  "TXT",
] as const;

export type RecordType = (typeof RECORD_TYPES)[number];

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

export function isRecordType(type: string): type is RecordType {
  return (RECORD_TYPES as readonly string[]).includes(type);
}
