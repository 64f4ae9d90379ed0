/**
 * DNS record routes of the spec: list (with Cloudflare's filters, order and pagination), create, details,
 * overwrite (PUT), update (PATCH), delete. The writes are functions over a record list, so `/batch` runs the
 * same code on a copy and commits it only when every operation passed.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { CODES, CloudflareError, invalidIdentifier, isIdentifier, isObject, queryValue, success, type Query } from "./conventions";
import { paginate } from "./lists";
import { RECORD_TYPES, asciiName, inputOf, renderRecord, validateRecord, zoneRuleError, type RecordInput } from "./record-model";
import { PLANS, type CloudflareContext, type StoredRecord, type StoredZone } from "./state";
import { findZone } from "./zones";

export const requestPath = (request: FastifyRequest) => request.url.split("?")[0];

export function bodyObject(body: unknown): Record<string, unknown> {
  if (!isObject(body)) throw new CloudflareError(400, { code: CODES.invalidBody, message: "Request body is invalid." });
  return body;
}

/** The record `id` of zone `zone` in `records`: 7003 for a malformed id, 81044 for one the zone does not have. */
export function findRecord(records: StoredRecord[], zone: StoredZone, id: unknown, path: string): StoredRecord {
  if (typeof id !== "string" || !isIdentifier(id)) throw invalidIdentifier(path);
  const record = records.find((r) => r.id === id && r.zoneId === zone.id);
  if (!record) throw new CloudflareError(404, { code: CODES.recordNotFound, message: "Record does not exist." });
  return record;
}

/** Validates `input` and the zone rules against `records` (without `replacing`), and builds the stored record. */
function buildRecord(ctx: CloudflareContext, zone: StoredZone, records: StoredRecord[], input: RecordInput, replacing?: StoredRecord, now = Date.now()): StoredRecord {
  const fields = validateRecord(input, zone);
  const others = records.filter((r) => r.zoneId === zone.id && r !== replacing);
  const ruleError = zoneRuleError(fields, others, zone);
  if (ruleError) throw ruleError;
  if (!replacing && others.length >= PLANS[zone.plan].recordQuota) {
    throw new CloudflareError(400, { code: CODES.recordQuota, message: `Record quota exceeded: the ${zone.plan} plan allows ${PLANS[zone.plan].recordQuota} records per zone.` });
  }
  return { ...fields, id: replacing?.id ?? ctx.newId("record"), zoneId: zone.id, createdOn: replacing?.createdOn ?? now, modifiedOn: now, ...(replacing?.source ? { source: replacing.source } : {}) };
}

export function createRecord(ctx: CloudflareContext, zone: StoredZone, records: StoredRecord[], input: RecordInput, source?: StoredRecord["source"]): StoredRecord {
  const record = buildRecord(ctx, zone, records, input);
  if (source) record.source = source;
  records.push(record);
  return record;
}

/** PUT: the body is the whole record (left-out fields take their defaults). */
export function overwriteRecord(ctx: CloudflareContext, zone: StoredZone, records: StoredRecord[], id: unknown, input: RecordInput, path: string): StoredRecord {
  const old = findRecord(records, zone, id, path);
  const record = buildRecord(ctx, zone, records, input, old);
  records[records.indexOf(old)] = record;
  return record;
}

/** PATCH: the body's fields over the stored record (`data` merged field by field while the type stays). */
export function patchRecord(ctx: CloudflareContext, zone: StoredZone, records: StoredRecord[], id: unknown, input: RecordInput, path: string): StoredRecord {
  const old = findRecord(records, zone, id, path);
  const merged: RecordInput = { ...inputOf(old), ...input };
  const typeKept = input.type === undefined || input.type === old.type;
  if (typeKept && old.data && isObject(input.data)) merged.data = { ...old.data, ...input.data };
  // A new type takes its value from the body only: the old content or data belongs to the old type.
  if (!typeKept) for (const key of ["content", "data", "priority"]) if (!(key in input)) delete merged[key];
  const record = buildRecord(ctx, zone, records, merged, old);
  records[records.indexOf(old)] = record;
  return record;
}

export function deleteRecord(zone: StoredZone, records: StoredRecord[], id: unknown, path: string): StoredRecord {
  const old = findRecord(records, zone, id, path);
  records.splice(records.indexOf(old), 1);
  return old;
}

// ---- list filters (Cloudflare "List DNS Records": name/content/comment/tag with .exact/.contains/.startswith/.endswith) ----

type Predicate = (record: StoredRecord) => boolean;

const TEXT_OPERATORS: Record<string, (value: string, wanted: string) => boolean> = {
  exact: (value, wanted) => value === wanted,
  contains: (value, wanted) => value.includes(wanted),
  startswith: (value, wanted) => value.startsWith(wanted),
  endswith: (value, wanted) => value.endsWith(wanted),
};

function oneOf(query: Query, name: string, values: readonly string[], fallback: string): string {
  const value = queryValue(query, name) ?? fallback;
  if (!values.includes(value)) throw new CloudflareError(400, { code: CODES.invalidQuery, message: `${name} must be one of ${values.join(", ")}` });
  return value;
}

/**
 * Filters of one text field (`name`, `content`, `comment`): the plain key is `exact`; case-insensitive, as
 * the API matches. `exactValue` normalises the value of an exact match (a name filter's Unicode or relative form).
 */
function textFilters(query: Query, field: string, value: (record: StoredRecord) => string | null, exactValue = (s: string) => s.toLowerCase()): Predicate[] {
  const predicates: Predicate[] = [];
  for (const [key, raw] of Object.entries(query)) {
    const [base, operator = "exact"] = key.split(".");
    if (base !== field || raw === undefined) continue;
    const given = Array.isArray(raw) ? raw.at(-1)! : raw;
    const wanted = operator === "exact" ? exactValue(given) : given.toLowerCase();
    if (operator === "present") predicates.push((r) => value(r) !== null && value(r) !== "");
    else if (operator === "absent") predicates.push((r) => value(r) === null || value(r) === "");
    else if (TEXT_OPERATORS[operator]) predicates.push((r) => value(r) !== null && TEXT_OPERATORS[operator](value(r)!.toLowerCase(), wanted));
    else throw new CloudflareError(400, { code: CODES.invalidQuery, message: `unknown filter ${key}` });
  }
  return predicates;
}

/** Tag filters (`tag=name:value`, `tag.present=name`, `tag.absent=name`, `tag.exact/contains/startswith/endswith=name:value`). */
function tagFilters(query: Query): Predicate[] {
  const predicates: Predicate[] = [];
  const split = (tag: string) => {
    const at = tag.indexOf(":");
    return at < 0 ? { name: tag, value: "" } : { name: tag.slice(0, at), value: tag.slice(at + 1) };
  };
  for (const [key, raw] of Object.entries(query)) {
    const [base, operator = "exact"] = key.split(".");
    if (base !== "tag" || raw === undefined) continue;
    for (const wanted of Array.isArray(raw) ? raw : [raw]) {
      const { name, value } = split(wanted);
      const tagsOf = (record: StoredRecord) => record.tags.map(split).filter((tag) => tag.name === name);
      if (operator === "present") predicates.push((r) => tagsOf(r).length > 0);
      else if (operator === "absent") predicates.push((r) => tagsOf(r).length === 0);
      else if (TEXT_OPERATORS[operator]) predicates.push((r) => tagsOf(r).some((tag) => TEXT_OPERATORS[operator](tag.value, value)));
      else throw new CloudflareError(400, { code: CODES.invalidQuery, message: `unknown filter ${key}` });
    }
  }
  return predicates;
}

const ORDER_KEYS: Record<string, (record: StoredRecord) => string | number> = {
  type: (r) => r.type,
  name: (r) => r.name,
  content: (r) => r.content,
  ttl: (r) => r.ttl,
  proxied: (r) => (r.proxied ? 1 : 0),
};

export function listRecords(records: StoredRecord[], zone: StoredZone, query: Query): { items: StoredRecord[]; info: object } {
  const match = oneOf(query, "match", ["all", "any"], "all");
  const tagMatch = oneOf(query, "tag_match", ["all", "any"], "all");
  const order = oneOf(query, "order", Object.keys(ORDER_KEYS), "type");
  const direction = oneOf(query, "direction", ["asc", "desc"], "asc");
  const type = queryValue(query, "type");
  if (type !== undefined && !RECORD_TYPES.includes(type)) throw new CloudflareError(400, { code: CODES.invalidQuery, message: `type must be one of ${RECORD_TYPES.join(", ")}` });

  const predicates: Predicate[] = [
    ...(type !== undefined ? [(r: StoredRecord) => r.type === type] : []),
    // Names are FQDNs in Punycode: an exact name filter in Unicode matches its Punycode form.
    ...textFilters(query, "name", (r) => r.name, asciiName),
    ...textFilters(query, "content", (r) => r.content),
    ...textFilters(query, "comment", (r) => r.comment),
  ];
  const proxied = queryValue(query, "proxied");
  if (proxied !== undefined) predicates.push((r) => String(r.proxied) === proxied);
  const search = queryValue(query, "search")?.toLowerCase();
  if (search) predicates.push((r) => [r.name, r.content, r.comment ?? "", ...r.tags].some((text) => text.toLowerCase().includes(search)));
  const tags = tagFilters(query);
  if (tags.length > 0) predicates.push(tagMatch === "all" ? (r) => tags.every((p) => p(r)) : (r) => tags.some((p) => p(r)));

  const key = ORDER_KEYS[order];
  const sign = direction === "asc" ? 1 : -1;
  const selected = records
    .filter((r) => r.zoneId === zone.id)
    .filter((r) => predicates.length === 0 || (match === "all" ? predicates.every((p) => p(r)) : predicates.some((p) => p(r))))
    // The id breaks ties, so pages never overlap or skip a record.
    .sort((a, b) => (key(a) < key(b) ? -sign : key(a) > key(b) ? sign : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // Spec `dns-records_per_page`: default 100, 1..5,000,000.
  return paginate(selected, query, { defaultPerPage: 100, maxPerPage: 5_000_000 });
}

type RecordParams = { Params: { zone_id: string; dns_record_id: string } };

export async function recordRoutes(app: FastifyInstance, ctx: CloudflareContext): Promise<void> {
  const zoneOf = (request: FastifyRequest<{ Params: { zone_id: string } }>) => findZone(ctx, request.params.zone_id, requestPath(request));

  app.get<{ Params: { zone_id: string } }>("/zones/:zone_id/dns_records", async (request) => {
    const { items, info } = listRecords(ctx.state().records, zoneOf(request), request.query as Query);
    return success(items.map(renderRecord), info);
  });

  app.post<{ Params: { zone_id: string } }>("/zones/:zone_id/dns_records", async (request) => {
    const zone = zoneOf(request);
    return success(renderRecord(createRecord(ctx, zone, ctx.state().records, bodyObject(request.body))));
  });

  app.get<RecordParams>("/zones/:zone_id/dns_records/:dns_record_id", async (request) => {
    const zone = zoneOf(request);
    return success(renderRecord(findRecord(ctx.state().records, zone, request.params.dns_record_id, requestPath(request))));
  });

  app.put<RecordParams>("/zones/:zone_id/dns_records/:dns_record_id", async (request) => {
    const zone = zoneOf(request);
    return success(renderRecord(overwriteRecord(ctx, zone, ctx.state().records, request.params.dns_record_id, bodyObject(request.body), requestPath(request))));
  });

  app.patch<RecordParams>("/zones/:zone_id/dns_records/:dns_record_id", async (request) => {
    const zone = zoneOf(request);
    return success(renderRecord(patchRecord(ctx, zone, ctx.state().records, request.params.dns_record_id, bodyObject(request.body), requestPath(request))));
  });

  app.delete<RecordParams>("/zones/:zone_id/dns_records/:dns_record_id", async (request) => {
    const zone = zoneOf(request);
    return success({ id: deleteRecord(zone, ctx.state().records, request.params.dns_record_id, requestPath(request)).id });
  });
}
