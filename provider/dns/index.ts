/**
 * The DNS module every DNS family shares (Hetzner Cloud DNS today; legacy Hetzner DNS, Cloudflare and
 * VPS.org next): one record model, names, canonical values, TXT quoting, zone-level rules and zone files.
 * Pure code: no requests, no provider state, so the SDK exposes it to programs as `dns`.
 */
export { RECORD_TYPES, KNOWN_RECORD_TYPES } from "./types";
export type { RecordType, RecordSet } from "./types";
export { DnsInputError } from "./errors";
export { zoneName, relativeName, absoluteName, unicodeName } from "./names";
export { canonicalValue, canonicalRecordSet, recordType, valueFromWire } from "./values";
export type { CanonicalValueOptions, RecordTypeOptions } from "./values";
export { txtToWire, txtFromWire } from "./txt";
export { checkRecordSets, MIN_TTL, MAX_TTL } from "./rules";
export { parseZoneFile, readZoneFile, toZoneFile, sortRecordSets } from "./zonefile";
export type { ZoneFile } from "./zonefile";
