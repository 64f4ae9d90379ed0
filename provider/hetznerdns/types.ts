/**
 * The record types of the legacy Hetzner DNS API. It creates the types of its `RecordTypeCreatable`
 * enum; of those, the SOA is the zone's own (Hetzner keeps it, no resource manages it). It lists PTR
 * records (of reverse zones) but creates none.
 */
export const LEGACY_RECORD_TYPES = ["A", "AAAA", "CAA", "CNAME", "DANE", "DS", "HINFO", "MX", "NS", "RP", "SRV", "TLSA", "TXT"] as const;

export const isLegacyRecordType = (type: string) => (LEGACY_RECORD_TYPES as readonly string[]).includes(type);
