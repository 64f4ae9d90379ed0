/**
 * Legacy Hetzner DNS records (`/records`): one record per value. Single and bulk writes; wire ⇄ domain
 * conversion happens here, once. The bulk answers name no request index: callers match results back by
 * the fields they sent (see record-writes.ts).
 */
import { unlessNotFound } from "../../core/errors";
import { HttpClient } from "../../core/http";
import {
  BulkCreateRecordWire,
  BulkCreateResponseWire,
  BulkUpdateRecordWire,
  BulkUpdateResponseWire,
  RecordListWire,
  RecordResponseWire,
  RecordWire,
} from "../wire";

export interface RecordFields {
  zoneId: string;
  /** Relative to the zone, `@` for the apex. */
  name: string;
  type: string;
  /** As the API stores it (TXT quoted). */
  value: string;
  /** null: the zone's default TTL. */
  ttl: number | null;
}

export interface LegacyRecord extends RecordFields {
  id: string;
  created: string;
  modified: string;
}

/** A record as one bulk write answered for it. */
export interface BulkCreateResult {
  created: LegacyRecord[];
  /** Records the API refused (it gives no reason in the bulk answer). */
  invalid: RecordFields[];
}

export interface BulkUpdateResult {
  updated: LegacyRecord[];
  failed: RecordFields[];
}

interface PaginatedRecords extends RecordListWire {
  // Not in the spec's schema of GET /records, but sent by the API when it pages (as for zones).
  meta?: { pagination?: { page?: number; last_page?: number } };
}

/** What a create's lookup found after a lost answer, in place of the API's answer. */
export type Recovered<T> = { recovered: T };

/** HttpRequest.recover from a lookup of the object itself (undefined: nothing found, so the request goes again). */
export function recovering<T>(lookup?: () => Promise<T | undefined>): (() => Promise<Recovered<T> | undefined>) | undefined {
  return (
    lookup &&
    (async () => {
      const found = await lookup();
      return found === undefined ? undefined : { recovered: found };
    })
  );
}

export class RecordsApi {
  constructor(private readonly http: HttpClient) {}

  async get(id: string): Promise<LegacyRecord> {
    const { data } = await this.http.get<RecordResponseWire>(`/records/${encodeURIComponent(id)}`);
    return toRecord(data.record!);
  }

  find(id: string): Promise<LegacyRecord | undefined> {
    return unlessNotFound(this.get(id));
  }

  /**
   * Every record of the zone. Without `per_page` the API returns them all in one page; when it pages
   * anyway (`meta.pagination`), every page is read.
   */
  async list(zoneId: string): Promise<LegacyRecord[]> {
    const records: LegacyRecord[] = [];
    let perPage: number | undefined;
    for (let page = 1, last = 1; page <= last; page++) {
      const query = page === 1 ? { zone_id: zoneId } : { zone_id: zoneId, page, per_page: perPage };
      const { data } = await this.http.get<PaginatedRecords>("/records", query);
      records.push(...(data.records ?? []).map(toRecord));
      last = data.meta?.pagination?.last_page ?? page;
      perPage ??= (data.records ?? []).length || undefined;
    }
    return records;
  }

  /** Creates a record; `recover` looks it up after a lost answer instead of creating it again (see HttpRequest.recover). */
  async create(record: RecordFields, recover?: () => Promise<LegacyRecord | undefined>): Promise<LegacyRecord> {
    const { data } = await this.http.request<RecordResponseWire | Recovered<LegacyRecord>>({ method: "POST", path: "/records", body: toWire(record), recover: recovering(recover) });
    return "recovered" in data ? data.recovered : toRecord(data.record!);
  }

  async update(id: string, record: RecordFields): Promise<LegacyRecord> {
    const { data } = await this.http.request<RecordResponseWire>({ method: "PUT", path: `/records/${encodeURIComponent(id)}`, body: toWire(record) });
    return toRecord(data.record!);
  }

  async delete(id: string): Promise<void> {
    await this.http.request({ method: "DELETE", path: `/records/${encodeURIComponent(id)}` });
  }

  /**
   * POST /records/bulk: creates what it can; the rest comes back in `invalid_records`. `recover` looks the
   * records up after a lost answer (those it finds count as created, the rest as not in the answer); when it
   * finds none, the bulk is sent once more.
   */
  async bulkCreate(records: RecordFields[], recover?: () => Promise<LegacyRecord[]>): Promise<BulkCreateResult> {
    const someFound = recover && (async () => {
      const found = await recover();
      return found.length ? found : undefined;
    });
    const { data } = await this.http.request<BulkCreateResponseWire | Recovered<LegacyRecord[]>>({
      method: "POST",
      path: "/records/bulk",
      body: { records: records.map(toWire) },
      recover: recovering(someFound),
    });
    if ("recovered" in data) return { created: data.recovered, invalid: [] };
    return { created: (data.records ?? []).map(toRecord), invalid: (data.invalid_records ?? []).map(toFields) };
  }

  /** PUT /records/bulk: updates what it can; the rest comes back in `failed_records` (without ids). */
  async bulkUpdate(records: Array<RecordFields & { id: string }>): Promise<BulkUpdateResult> {
    const body = { records: records.map((r): BulkUpdateRecordWire => ({ id: r.id, ...toWire(r) })) };
    const { data } = await this.http.request<BulkUpdateResponseWire>({ method: "PUT", path: "/records/bulk", body });
    return { updated: (data.records ?? []).map(toRecord), failed: (data.failed_records ?? []).map(toFields) };
  }
}

/** The wire record; a TTL left unset is not sent, so the zone's default applies. */
function toWire(record: RecordFields): BulkCreateRecordWire & { name: string; type: NonNullable<BulkCreateRecordWire["type"]>; value: string; zone_id: string } {
  return {
    zone_id: record.zoneId,
    name: record.name,
    type: record.type as NonNullable<BulkCreateRecordWire["type"]>,
    value: record.value,
    ...(record.ttl === null ? {} : { ttl: record.ttl }),
  };
}

function toFields(wire: BulkCreateRecordWire): RecordFields {
  return { zoneId: wire.zone_id ?? "", name: wire.name ?? "", type: wire.type ?? "", value: wire.value ?? "", ttl: wire.ttl ?? null };
}

export function toRecord(wire: RecordWire): LegacyRecord {
  return {
    id: wire.id ?? "",
    zoneId: wire.zone_id ?? "",
    name: wire.name ?? "",
    type: wire.type ?? "",
    value: wire.value ?? "",
    ttl: wire.ttl ?? null,
    created: wire.created ?? "",
    modified: wire.modified ?? "",
  };
}
