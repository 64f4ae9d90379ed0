/**
 * VPS.org DNS records (seed 003): the nested routes `/dns-zones/{uuid}/records/` (list, create) and the
 * direct ones `/dns-records/{uuid}/` (get, patch, delete) and `/dns-records/?zone=&record_type=`.
 */
import { unlessNotFound } from "../../core/errors";
import { HttpClient } from "../../core/http";
import { SharedListing } from "../../core/shared-listing";
import { CreateRecordRequestWire, PatchRecordRequestWire, RecordWire } from "../wire";

export interface DnsRecordInfo {
  /** The record's uuid. */
  id: string;
  /** The zone's uuid, when known (the nested routes imply it; the direct ones may carry it). */
  zoneId?: string;
  recordType: string;
  /** As the API stores it: "@", relative, or a FQDN. */
  name: string;
  value: string;
  ttl: number;
  /** MX and SRV; null for the other types. */
  priority: number | null;
  created: string;
}

export interface RecordSpec {
  recordType: string;
  name: string;
  value: string;
  ttl?: number;
  priority?: number;
}

/** What a PATCH changes; only the fields present are sent. */
export type RecordChanges = Partial<Pick<DnsRecordInfo, "name" | "value" | "ttl" | "priority">>;

export function toRecord(wire: RecordWire, zoneId = wire.zone): DnsRecordInfo {
  return {
    id: wire.uuid,
    ...(zoneId === undefined ? {} : { zoneId }),
    recordType: wire.record_type,
    name: wire.name,
    value: wire.value,
    ttl: wire.ttl,
    priority: wire.priority ?? null,
    created: wire.created_at,
  };
}

const recordPath = (id: string) => `/dns-records/${encodeURIComponent(id)}/`;
const zoneRecordsPath = (zoneId: string) => `/dns-zones/${encodeURIComponent(zoneId)}/records/`;

export class RecordsApi {
  /** The records of one zone, shared by the reads of this process (a refresh of 300 records: one listing). */
  private readonly listings = new SharedListing<DnsRecordInfo[]>({ load: (zoneId) => this.listInZone(zoneId) });

  constructor(private readonly http: HttpClient) {}

  /** The zone's records from a listing in flight or a few seconds old, else a new one. */
  sharedListing(zoneId: string): Promise<DnsRecordInfo[]> {
    return this.listings.get(zoneId);
  }

  /** Every record of the zone (the nested route). */
  async listInZone(zoneId: string): Promise<DnsRecordInfo[]> {
    return (await this.http.get<RecordWire[]>(zoneRecordsPath(zoneId))).data.map((r) => toRecord(r, zoneId));
  }

  /** Records of the token's account, filtered by zone and type (the direct route). */
  async list(filter: { zoneId?: string; recordType?: string } = {}): Promise<DnsRecordInfo[]> {
    const query = { zone: filter.zoneId, record_type: filter.recordType };
    return (await this.http.get<RecordWire[]>("/dns-records/", query)).data.map((r) => toRecord(r, r.zone ?? filter.zoneId));
  }

  async get(id: string): Promise<DnsRecordInfo> {
    return toRecord((await this.http.get<RecordWire>(recordPath(id))).data);
  }

  find(id: string): Promise<DnsRecordInfo | undefined> {
    return unlessNotFound(this.get(id));
  }

  /** Creates a record; `recover` looks it up after a lost answer instead of creating a second one. */
  async create(zoneId: string, spec: RecordSpec, recover?: () => Promise<RecordWire | undefined>): Promise<DnsRecordInfo> {
    const body: CreateRecordRequestWire = { record_type: spec.recordType, name: spec.name, value: spec.value };
    if (spec.ttl !== undefined) body.ttl = spec.ttl;
    if (spec.priority !== undefined) body.priority = spec.priority;
    try {
      const { data } = await this.http.request<RecordWire>({ method: "POST", path: zoneRecordsPath(zoneId), body, recover });
      return toRecord(data, zoneId);
    } finally {
      this.listings.invalidate(zoneId);
    }
  }

  /** PATCH of only the given fields (of a record of `zoneId`). The same PATCH twice sets the same values: safe to repeat. */
  async patch(zoneId: string, id: string, changes: RecordChanges): Promise<DnsRecordInfo> {
    const body: PatchRecordRequestWire = {};
    if (changes.name !== undefined) body.name = changes.name;
    if (changes.value !== undefined) body.value = changes.value;
    if (changes.ttl !== undefined) body.ttl = changes.ttl;
    if (changes.priority !== undefined) body.priority = changes.priority;
    try {
      const { data } = await this.http.request<RecordWire>({ method: "PATCH", path: recordPath(id), body, idempotent: true });
      return toRecord(data, zoneId);
    } finally {
      this.listings.invalidate(zoneId);
    }
  }

  /** Deletes a record of `zoneId`; one already gone is no error. */
  async delete(zoneId: string, id: string): Promise<void> {
    try {
      await unlessNotFound(this.http.request({ method: "DELETE", path: recordPath(id) }));
    } finally {
      this.listings.invalidate(zoneId);
    }
  }
}
