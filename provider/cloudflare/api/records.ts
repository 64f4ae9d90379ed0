/** `/zones/{zone_id}/dns_records…`: one record at a time, and the list with Cloudflare's filters. */
import { HttpClient, Query } from "../../core/http";
import { Envelope, getResult, listAllPages } from "../envelope";
import type { RecordBodyWire, RecordPatchWire, RecordWire } from "../wire";

/** The list filters of `GET /zones/{zone_id}/dns_records` the provider passes on (the spec's query parameters). */
export interface RecordFilters {
  type?: string;
  name?: string;
  content?: string;
  tag?: string;
  comment?: string;
  proxied?: boolean;
  /** `all` (default) or `any` of the filters. */
  match?: "any" | "all";
}

export const recordsPath = (zoneId: string) => `/zones/${encodeURIComponent(zoneId)}/dns_records`;
const recordPath = (zoneId: string, id: string) => `${recordsPath(zoneId)}/${encodeURIComponent(id)}`;

export class RecordsApi {
  constructor(private readonly http: HttpClient) {}

  /** Every record of the zone matching `filters` (all pages). */
  list(zoneId: string, filters: RecordFilters = {}): Promise<RecordWire[]> {
    const query: Query = {};
    for (const [key, value] of Object.entries(filters)) if (value !== undefined) query[key] = value;
    return listAllPages<RecordWire>(this.http, recordsPath(zoneId), query);
  }

  get(zoneId: string, id: string): Promise<RecordWire> {
    return getResult<RecordWire>(this.http, recordPath(zoneId, id));
  }

  async create(zoneId: string, body: RecordBodyWire): Promise<RecordWire> {
    return (await this.http.request<Envelope<RecordWire>>({ method: "POST", path: recordsPath(zoneId), body })).data.result;
  }

  /** PATCH: only the fields given change. Idempotent: the same patch twice leaves the same record. */
  async patch(zoneId: string, id: string, body: RecordPatchWire): Promise<RecordWire> {
    return (await this.http.request<Envelope<RecordWire>>({ method: "PATCH", path: recordPath(zoneId, id), body, idempotent: true })).data.result;
  }

  async put(zoneId: string, id: string, body: RecordBodyWire): Promise<RecordWire> {
    return (await this.http.request<Envelope<RecordWire>>({ method: "PUT", path: recordPath(zoneId, id), body })).data.result;
  }

  async delete(zoneId: string, id: string): Promise<void> {
    await this.http.request({ method: "DELETE", path: recordPath(zoneId, id) });
  }
}

/** A record as programs see it (lookups, scans): camelCase, Cloudflare's values as they are. */
export interface DnsRecordInfo {
  id: string;
  /** Fully qualified, ASCII, without trailing dot. */
  name: string;
  type: string;
  content?: string;
  data?: Record<string, string | number>;
  priority?: number;
  /** 1: automatic. */
  ttl: number;
  proxied: boolean;
  proxiable: boolean;
  comment?: string;
  tags: string[];
  settings: Record<string, boolean>;
  createdOn?: string;
  modifiedOn?: string;
}

export function toRecordInfo(wire: RecordWire): DnsRecordInfo {
  const info: DnsRecordInfo = {
    id: wire.id,
    name: wire.name,
    type: wire.type,
    ttl: wire.ttl ?? 1,
    proxied: wire.proxied ?? false,
    proxiable: wire.proxiable ?? false,
    tags: wire.tags ?? [],
    settings: wire.settings ?? {},
  };
  if (wire.content !== undefined) info.content = wire.content;
  if (wire.data !== undefined) info.data = wire.data;
  if (wire.priority !== undefined) info.priority = wire.priority;
  if (wire.comment) info.comment = wire.comment;
  if (wire.created_on) info.createdOn = wire.created_on;
  if (wire.modified_on) info.modifiedOn = wire.modified_on;
  return info;
}

/** A record of a scan review's `accepts`, back in the wire's shape. */
export function fromRecordInfo(info: Partial<DnsRecordInfo>): Partial<RecordWire> {
  const wire: Partial<RecordWire> = {};
  for (const key of ["id", "name", "type", "content", "data", "priority", "ttl", "proxied", "comment", "tags", "settings"] as const) {
    if (info[key] !== undefined) (wire as Record<string, unknown>)[key] = info[key];
  }
  return wire;
}
