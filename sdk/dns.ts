/**
 * The shared DNS module for programs: `import { dns } from "pulumi-dns-cloud"`.
 * The same record model every DNS family's resources take, zone files in and out, and the checks `check`
 * runs, so a program can read a zone file once and hand its records to any family.
 * Pure code from provider/dns: importing it starts no provider and sends no request.
 */
export {
  RECORD_TYPES,
  KNOWN_RECORD_TYPES,
  DnsInputError,
  zoneName,
  relativeName,
  absoluteName,
  unicodeName,
  canonicalValue,
  canonicalRecordSet,
  valueFromWire,
  recordType,
  txtToWire,
  txtFromWire,
  checkRecordSets,
  MIN_TTL,
  MAX_TTL,
  parseZoneFile,
  readZoneFile,
  toZoneFile,
  sortRecordSets,
} from "../provider/dns";
export type { RecordType, RecordSet, ZoneFile, CanonicalValueOptions, RecordTypeOptions } from "../provider/dns";
