/**
 * VPS.org DNS wire types, written by hand from the API documentation (seed 003, "DNS Management API"):
 * there is no OpenAPI document to generate them from. Each shape names the seed's sample it follows.
 * Program-facing shapes live in api/; conversion happens there.
 */

/** The record types the API accepts (seed: "Record type: A, AAAA, CNAME, MX, TXT, NS, SRV, CAA"). */
export const VPSORG_RECORD_TYPES = ["A", "AAAA", "CNAME", "MX", "TXT", "NS", "SRV", "CAA"] as const;
export type VpsorgRecordType = (typeof VPSORG_RECORD_TYPES)[number];

/** Types whose `priority` is required (seed: "priority … required for MX and SRV records"). */
export const PRIORITY_TYPES: readonly string[] = ["MX", "SRV"];

/** The TTL a record gets when the create names none (seed: "ttl … default: 3600"). */
export const DEFAULT_TTL = 3600;

/** A zone in the list (seed: GET /api/v1/dns-zones/, "Beispielantwort"). */
export interface ZoneWire {
  uuid: string;
  domain: string;
  created_at: string;
  record_count: number;
}

/** A zone with its records (seed: GET /api/v1/dns-zones/{uuid}/ and the POST's answer). */
export interface ZoneDetailWire extends ZoneWire {
  records: RecordWire[];
}

/** POST /api/v1/dns-zones/ (seed: "Anfragekörperparameter"). */
export interface CreateZoneRequestWire {
  domain: string;
}

/**
 * A record (seed: the records of GET /api/v1/dns-zones/{uuid}/records/). `zone` is not in the seed's
 * sample; the direct routes (`/dns-records/?zone=`) filter by it, so an answer may carry it.
 */
export interface RecordWire {
  uuid: string;
  record_type: string;
  name: string;
  value: string;
  ttl: number;
  priority: number | null;
  created_at: string;
  zone?: string;
}

/** POST /api/v1/dns-zones/{uuid}/records/ (seed: "Create DNS Record in Zone"). */
export interface CreateRecordRequestWire {
  record_type: string;
  name: string;
  value: string;
  ttl?: number;
  priority?: number;
}

/** PATCH /api/v1/dns-records/{uuid}/: only what changes (seed: "Example: Update TTL of a Record"). */
export type PatchRecordRequestWire = Partial<Pick<CreateRecordRequestWire, "name" | "value" | "ttl">> & { priority?: number | null };
