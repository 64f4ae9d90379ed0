/**
 * Records: `GET/POST /records`, `GET/PUT/DELETE /records/{RecordID}`, and the bulk writes
 * `POST /records/bulk` (records / valid_records / invalid_records) and `PUT /records/bulk` (records /
 * failed_records). A bulk write carries out every entry it can: one invalid entry is listed, not fatal.
 */
import type { FastifyInstance } from "fastify";
import {
  HetznerDnsError,
  findZone,
  isObject,
  jsonBody,
  newId,
  notFound,
  queryValue,
  recordsOf,
  renderRecord,
  type HetznerDnsContext,
  type StoredDnsRecord,
} from "./model";
import { checkRecordInput, echoRecord, recordsChanged, serialOf } from "./record-rules";

type IdParams = { Params: { RecordID: string } };

/**
 * `page`/`per_page` of a list: a positive integer. Otherwise zones answer 400 (the status the spec gives
 * that list); records, whose list documents no error but 401 and 406, take the default (guess).
 */
export function pageParam(raw: string | undefined, name: string, fallback: number, resource: "zones" | "records"): number {
  if (raw !== undefined && /^[1-9]\d{0,8}$/.test(raw)) return Number(raw);
  if (raw === undefined || resource === "records") return fallback;
  throw new HetznerDnsError(400, `${name} must be a positive integer`, resource);
}

/** One page of `items` with the spec's `meta.pagination`. */
export function page<T>(items: T[], pageNumber: number, perPage: number) {
  return {
    items: items.slice((pageNumber - 1) * perPage, pageNumber * perPage),
    meta: { pagination: { page: pageNumber, per_page: perPage, last_page: Math.max(1, Math.ceil(items.length / perPage)), total_entries: items.length } },
  };
}

function getRecord(ctx: HetznerDnsContext, id: string): StoredDnsRecord {
  const record = ctx.state().records.find((r) => r.id === id);
  if (!record) throw notFound("record");
  return record;
}

/** Creates a checked record (see checkRecordInput) and records the zone's change. */
function createRecord(ctx: HetznerDnsContext, raw: unknown, now: number): StoredDnsRecord {
  const input = checkRecordInput(ctx, raw);
  const serial = serialOf(ctx, input.zone);
  const record: StoredDnsRecord = { id: newId(), zone_id: input.zone.id, type: input.type, name: input.name, value: input.value, created: now, modified: now };
  if (input.ttl !== undefined) record.ttl = input.ttl;
  ctx.state().records.push(record);
  recordsChanged(ctx, input.zone, now, serial);
  return record;
}

/** Replaces a record's fields (PUT: a ttl left out is the zone's default again). */
function updateRecord(ctx: HetznerDnsContext, record: StoredDnsRecord, raw: unknown, now: number): StoredDnsRecord {
  const input = checkRecordInput(ctx, raw, record);
  const serial = serialOf(ctx, input.zone);
  Object.assign(record, { type: input.type, name: input.name, value: input.value, modified: now });
  if (input.ttl === undefined) delete record.ttl;
  else record.ttl = input.ttl;
  recordsChanged(ctx, input.zone, now, serial);
  return record;
}

/** The `records` array of a bulk body (`{records: [...]}`), else 422. */
function bulkEntries(body: Record<string, unknown>): unknown[] {
  if (!Array.isArray(body.records)) throw new HetznerDnsError(422, "422 Unprocessable Entity: records: must be an array of records");
  return body.records;
}

export async function recordRoutes(app: FastifyInstance, ctx: HetznerDnsContext): Promise<void> {
  app.get("/records", async (request) => {
    const zoneId = queryValue(request, "zone_id");
    // An unknown zone lists nothing: the spec documents no 404 here.
    const records = zoneId === undefined ? ctx.state().records : findZone(ctx, zoneId) ? recordsOf(ctx, zoneId) : [];
    const pageNumber = pageParam(queryValue(request, "page"), "page", 1, "records");
    // "Number of records to be shown per page. Returns all by default" (spec).
    const perPage = pageParam(queryValue(request, "per_page"), "per_page", Math.max(1, records.length), "records");
    const { items, meta } = page(records, pageNumber, perPage);
    return { records: items.map((record) => renderRecord(ctx, record)), meta };
  });

  app.post("/records", async (request) => ({ record: renderRecord(ctx, createRecord(ctx, jsonBody(request, "record"), Date.now())) }));

  app.get<IdParams>("/records/:RecordID", async (request) => ({ record: renderRecord(ctx, getRecord(ctx, request.params.RecordID)) }));

  app.put<IdParams>("/records/:RecordID", async (request) => {
    const record = getRecord(ctx, request.params.RecordID);
    return { record: renderRecord(ctx, updateRecord(ctx, record, jsonBody(request, "record"), Date.now())) };
  });

  app.delete<IdParams>("/records/:RecordID", async (request, reply) => {
    const record = getRecord(ctx, request.params.RecordID);
    const zone = findZone(ctx, record.zone_id)!;
    // Guess: the zone's SOA stays (the spec's 403 Forbidden); the API manages it.
    if (record.type === "SOA") throw new HetznerDnsError(403, "the SOA record of a zone cannot be deleted", "record");
    const serial = serialOf(ctx, zone);
    const records = ctx.state().records;
    records.splice(records.indexOf(record), 1);
    recordsChanged(ctx, zone, Date.now(), serial);
    return reply.code(200).send();
  });

  app.post("/records/bulk", async (request) => {
    const entries = bulkEntries(jsonBody(request, "records"));
    const now = Date.now();
    const records: StoredDnsRecord[] = [];
    const valid: unknown[] = [];
    const invalid: unknown[] = [];
    for (const entry of entries) {
      try {
        records.push(createRecord(ctx, entry, now));
        valid.push(echoRecord(entry));
      } catch (error) {
        if (!(error instanceof HetznerDnsError)) throw error;
        invalid.push(echoRecord(entry));
      }
    }
    return { records: records.map((record) => renderRecord(ctx, record)), valid_records: valid, invalid_records: invalid };
  });

  app.put("/records/bulk", async (request) => {
    const entries = bulkEntries(jsonBody(request, "records"));
    const now = Date.now();
    const updated: StoredDnsRecord[] = [];
    const failed: unknown[] = [];
    for (const entry of entries) {
      const record = isObject(entry) && typeof entry.id === "string" ? ctx.state().records.find((r) => r.id === entry.id) : undefined;
      try {
        if (!record) throw notFound("record");
        updated.push(updateRecord(ctx, record, entry, now));
      } catch (error) {
        if (!(error instanceof HetznerDnsError)) throw error;
        failed.push(echoRecord(entry));
      }
    }
    return { records: updated.map((record) => renderRecord(ctx, record)), failed_records: failed };
  });
}
