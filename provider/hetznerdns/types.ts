/**
 * The record types of the legacy Hetzner DNS API. It creates the types of its `RecordTypeCreatable`
 * enum; of those, the SOA is the zone's own (Hetzner keeps it, no resource manages it). It lists PTR
 * records (of reverse zones) but creates none. DANE is its name for TLSA (provider/dns reads both alike).
 */
import type { RecordType } from "../dns";

export const LEGACY_RECORD_TYPES: readonly RecordType[] = ["A", "AAAA", "CAA", "CNAME", "DANE", "DS", "HINFO", "MX", "NS", "RP", "SRV", "TLSA", "TXT"];
