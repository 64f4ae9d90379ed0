/**
 * Cloudflare DNS record wire types. Generated ones (generated/cloudflare.ts, from the 2024 spec subset in
 * contract/specs/cloudflare-dns-records.openapi.json) where the spec has them; hand-written ones for what it
 * lacks, each naming its source. Program-facing shapes live in the resources; conversion happens in api/.
 */
import type { components } from "../../generated/cloudflare";

type Schemas = components["schemas"];

export type MessageWire = Schemas["dns-records_messages"][number];
export type ResultInfoWire = Schemas["dns-records_result_info"] & {
  /** Sent by the API beside the spec's fields (cloudflare-typescript's V4PagePagination reads it). */
  total_pages?: number;
};
export type RecordTypeWire = Schemas["dns-records_type"];
export type TtlWire = Schemas["dns-records_ttl"];

/** The structured fields of the types that take `data` (CAA, SRV, LOC, …), per the spec's record schemas. */
export type RecordDataWire = Record<string, string | number>;

/**
 * Per-record settings (`flatten_cname` on CNAME, `ipv4_only`/`ipv6_only` on proxied records): not in the
 * 2024 spec; from cloudflare-typescript `src/resources/dns/records.ts` (`CNAMERecord.Settings`, `ARecord.Settings`).
 */
export type RecordSettingsWire = Record<string, boolean>;

/**
 * A record as the API returns it. The spec models each type separately (a oneOf of 20 schemas) and marks
 * the read-only fields required in requests too (see contract/specs/README.md); one flat shape is what
 * every endpoint actually exchanges.
 */
export interface RecordWire {
  id: string;
  type: string;
  name: string;
  content?: string;
  data?: RecordDataWire;
  priority?: number;
  ttl: TtlWire;
  proxied?: boolean;
  proxiable?: boolean;
  comment?: string | null;
  tags?: string[];
  settings?: RecordSettingsWire;
  created_on?: string;
  modified_on?: string;
}

/** The writable fields of a record: a POST or PUT body (a PATCH sends a subset). */
export type RecordBodyWire = Omit<RecordWire, "id" | "proxiable" | "created_on" | "modified_on" | "ttl"> & { ttl?: TtlWire };
export type RecordPatchWire = Partial<RecordBodyWire>;

/**
 * `POST /zones/{zone_id}/dns_records/batch` (not in the 2024 spec). Shapes from Cloudflare's API reference
 * ("Batch DNS Records", developers.cloudflare.com/api/resources/dns/subresources/records/methods/batch) and
 * cloudflare-typescript `RecordBatchParams`/`RecordBatchResponse`: executed as deletes, patches, puts, posts,
 * in one transaction; the answer lists the records of each kind in the order sent.
 */
export interface BatchRequestWire {
  deletes?: Array<{ id: string }>;
  patches?: Array<RecordPatchWire & { id: string }>;
  puts?: Array<RecordBodyWire & { id: string }>;
  posts?: RecordBodyWire[];
}
export interface BatchResultWire {
  deletes?: RecordWire[];
  patches?: RecordWire[];
  puts?: RecordWire[];
  posts?: RecordWire[];
}

/** `POST …/dns_records/import` and `POST …/dns_records/scan`: the spec's `dns_response_import_scan` result. */
export type ImportScanResultWire = { recs_added?: number; total_records_parsed?: number };

/**
 * `POST …/dns_records/scan/review` (not in the 2024 spec): cloudflare-typescript `RecordScanReviewParams`
 * (accepts: the scanned records to keep, rejects: `{ id }` of those to drop) and `RecordScanReviewResponse`.
 */
export interface ScanReviewRequestWire {
  accepts?: Array<Partial<RecordWire>>;
  rejects?: Array<{ id: string }>;
}
export interface ScanReviewResultWire {
  accepts?: RecordWire[];
  rejects?: string[];
}

/** `GET …/dns_records/usage` (not in the 2024 spec): Cloudflare's API reference "Get DNS Record Usage". */
export interface UsageWire {
  record_usage: number;
  /** Null when the account's quota applies instead of a zone quota. */
  record_quota?: number | null;
}

/** `GET /zones` and `GET /zones/{zone_id}` (the Zones API, outside this spec): the fields the provider reads. */
export interface ZoneWire {
  id: string;
  name: string;
  status?: string;
  name_servers?: string[];
  account?: { id: string; name?: string };
}
