/**
 * RRSets of primary zones (`/zones/{id_or_name}/rrsets…`, spec tags Zone RRSets and Zone RRSet Actions):
 * list, create, get, update labels, delete, and the six RRSet actions. Every change of records counts the
 * SOA serial up; a change-protected RRSet refuses every change but labels and protection.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { renderAction } from "../hetzner/actions";
import { FieldErrors, HetznerError, bodyObject, invalidInput, queryValue, queryValues, refuseBody, type Query } from "../hetzner/conventions";
import { labelSelector, validateLabels, type Labels } from "../hetzner/labels";
import { paginate, sortItems } from "../hetzner/lists";
import type { HcloudContext } from "./context";
import { RECORD_TYPES, rrsetNameError } from "./dns-records";
import {
  MAX_RECORDS_PER_ACTION,
  RRSETS_MAX_PER_PAGE,
  assertChangeable,
  assertMode,
  assertZoneUnlocked,
  bumpSerial,
  currentSerial,
  findRrset,
  findZone,
  getRrset,
  parseRecords,
  parseRrsetInput,
  renderRrset,
  reportTo,
  rrsetAction,
  rrsetId,
  rrsetTypeError,
  ttlError,
  zoneRuleErrors,
  type StoredRecord,
  type StoredRrset,
  type StoredZone,
} from "./zone-model";

type ZoneParams = { Params: { id_or_name: string } };
type RrsetParams = { Params: { id_or_name: string; rr_name: string; rr_type: string } };

/** Refuses a change that would break a zone-wide rule (CNAME alone at its name, SOA, Hetzner's NS at the apex). */
function assertZoneRules(rrsets: StoredRrset[], field: string): void {
  const problems = zoneRuleErrors(rrsets);
  if (problems.length === 0) return;
  const errors = new FieldErrors();
  for (const problem of problems) errors.add(field, problem);
  errors.throwIfAny();
}

/** The zone's RRSets with `rrset` put in place of (or beside) the one with its name and type; `null` removes it. */
function withRrset(zone: StoredZone, name: string, type: string, rrset: StoredRrset | null): StoredRrset[] {
  const others = zone.rrsets.filter((r) => !(r.name === name && r.type === type));
  return rrset === null ? others : [...others, rrset];
}

function parseActionRecords(body: Record<string, unknown>, type: string, commentRequired = false): StoredRecord[] {
  const errors = new FieldErrors();
  const records = parseRecords(body.records, type, (message) => errors.add("records", message), { commentRequired, max: MAX_RECORDS_PER_ACTION });
  errors.throwIfAny();
  return records;
}

/** Values of `records` that the RRSet does not hold: `invalid_input` (the value identifies a record, spec). */
function assertHeld(rrset: StoredRrset, records: StoredRecord[]): void {
  const missing = records.filter((record) => !rrset.records.some((held) => held.value === record.value));
  if (missing.length > 0) {
    throw invalidInput("records", `RRSet ${rrsetId(rrset.name, rrset.type)} has no record with value ${missing.map((r) => `'${r.value}'`).join(", ")}`);
  }
}

export async function rrsetRoutes(app: FastifyInstance, ctx: HcloudContext): Promise<void> {
  /** The primary zone of the path (`incorrect_zone_mode` for a secondary one). */
  const primaryZone = (request: FastifyRequest<ZoneParams>) => {
    const zone = findZone(ctx, request.params.id_or_name);
    assertMode(zone, "primary");
    return zone;
  };
  const target = (request: FastifyRequest<RrsetParams>) => {
    const zone = primaryZone(request);
    return { zone, rrset: getRrset(zone, request.params.rr_name, request.params.rr_type) };
  };
  /** The mutation preamble of an existing RRSet: found, not change protected, not locked. */
  const changeable = (request: FastifyRequest<RrsetParams>) => {
    const { zone, rrset } = target(request);
    assertChangeable(zone, rrset);
    assertZoneUnlocked(ctx, zone, rrsetId(rrset.name, rrset.type));
    return { zone, rrset };
  };
  /** Replaces the RRSet's records (or removes the RRSet), counting the serial up (from the old one when the SOA itself is written). */
  const replaceRecords = (zone: StoredZone, rrset: StoredRrset, records: StoredRecord[]) => {
    const previousSerial = currentSerial(zone);
    if (records.length === 0) zone.rrsets.splice(zone.rrsets.indexOf(rrset), 1);
    else rrset.records = records;
    bumpSerial(zone, rrset.type === "SOA" ? previousSerial : undefined);
  };

  app.get<ZoneParams>("/zones/:id_or_name/rrsets", async (request, reply) => {
    const zone = primaryZone(request);
    const query = request.query as Query;
    const name = queryValue(query, "name");
    const types = queryValues(query, "type");
    const badType = types.find((type) => !RECORD_TYPES.includes(type));
    if (badType !== undefined) throw invalidInput("type", `invalid type '${badType}'`);
    const selector = queryValue(query, "label_selector");
    const matchesLabels = selector ? labelSelector(selector, "label_selector") : () => true;
    const matching = zone.rrsets.filter((r) => (name === undefined || r.name === name) && (types.length === 0 || types.includes(r.type)) && matchesLabels(r.labels));
    const sorted = sortItems(matching, query, { id: (r) => rrsetId(r.name, r.type), name: (r) => r.name, created: (r) => r.created });
    return paginate(request, reply, sorted.map((rrset) => renderRrset(zone, rrset)), "rrsets", RRSETS_MAX_PER_PAGE);
  });

  app.post<ZoneParams>("/zones/:id_or_name/rrsets", async (request, reply) => {
    const zone = primaryZone(request);
    const errors = new FieldErrors();
    const rrset = parseRrsetInput(bodyObject(request.body), zone.name, reportTo(errors));
    errors.throwIfAny();
    const created = rrset!;
    const id = rrsetId(created.name, created.type);
    if (findRrset(zone, created.name, created.type)) {
      throw new HetznerError(409, "uniqueness_error", `RRSet ${id} already exists in zone ${zone.name}`, { fields: [{ name: "name" }, { name: "type" }] });
    }
    assertZoneRules(withRrset(zone, created.name, created.type, created), "records");
    assertZoneUnlocked(ctx, zone, id);
    // Like a zone, a created RRSet exists whatever its action reports: the 201 carries it.
    zone.rrsets.push(created);
    bumpSerial(zone);
    const action = rrsetAction(ctx, zone, id, "create_rrset", () => undefined);
    reply.code(201);
    return { rrset: renderRrset(zone, created), action: renderAction(action) };
  });

  app.get<RrsetParams>("/zones/:id_or_name/rrsets/:rr_name/:rr_type", async (request) => {
    const { zone, rrset } = target(request);
    return { rrset: renderRrset(zone, rrset) };
  });

  app.put<RrsetParams>("/zones/:id_or_name/rrsets/:rr_name/:rr_type", async (request) => {
    const { zone, rrset } = target(request);
    const body = bodyObject(request.body);
    const errors = new FieldErrors();
    validateLabels(body.labels, errors);
    errors.throwIfAny();
    assertZoneUnlocked(ctx, zone, rrsetId(rrset.name, rrset.type));
    // Labels are no part of the served records: change protection does not cover them.
    if (body.labels !== undefined) rrset.labels = { ...(body.labels as Labels) };
    return { rrset: renderRrset(zone, rrset) };
  });

  app.delete<RrsetParams>("/zones/:id_or_name/rrsets/:rr_name/:rr_type", async (request, reply) => {
    refuseBody(request);
    const { zone, rrset } = changeable(request);
    assertZoneRules(withRrset(zone, rrset.name, rrset.type, null), "rrset");
    const action = rrsetAction(ctx, zone, rrsetId(rrset.name, rrset.type), "delete_rrset", () => replaceRecords(zone, rrset, []));
    reply.code(201);
    return { action: renderAction(action) };
  });

  // ---- RRSet actions ----

  app.post<RrsetParams>("/zones/:id_or_name/rrsets/:rr_name/:rr_type/actions/change_protection", async (request, reply) => {
    const { zone, rrset } = target(request);
    const { change } = bodyObject(request.body);
    if (typeof change !== "boolean") throw invalidInput("change", "is required and must be a boolean");
    assertZoneUnlocked(ctx, zone, rrsetId(rrset.name, rrset.type));
    reply.code(201);
    return { action: renderAction(rrsetAction(ctx, zone, rrsetId(rrset.name, rrset.type), "change_rrset_protection", () => (rrset.protection.change = change))) };
  });

  app.post<RrsetParams>("/zones/:id_or_name/rrsets/:rr_name/:rr_type/actions/change_ttl", async (request, reply) => {
    const body = bodyObject(request.body);
    const { zone, rrset } = target(request);
    const problem = body.ttl === undefined ? "is required (null for the zone's default TTL)" : ttlError(body.ttl, true);
    if (problem) throw invalidInput("ttl", problem);
    assertChangeable(zone, rrset);
    assertZoneUnlocked(ctx, zone, rrsetId(rrset.name, rrset.type));
    reply.code(201);
    const action = rrsetAction(ctx, zone, rrsetId(rrset.name, rrset.type), "change_rrset_ttl", () => {
      rrset.ttl = body.ttl as number | null;
      bumpSerial(zone);
    });
    return { action: renderAction(action) };
  });

  app.post<RrsetParams>("/zones/:id_or_name/rrsets/:rr_name/:rr_type/actions/set_records", async (request, reply) => {
    const { zone, rrset } = target(request);
    const records = parseActionRecords(bodyObject(request.body), rrset.type);
    assertChangeable(zone, rrset);
    assertZoneRules(withRrset(zone, rrset.name, rrset.type, { ...rrset, records }), "records");
    assertZoneUnlocked(ctx, zone, rrsetId(rrset.name, rrset.type));
    reply.code(201);
    return { action: renderAction(rrsetAction(ctx, zone, rrsetId(rrset.name, rrset.type), "set_rrset_records", () => replaceRecords(zone, rrset, records))) };
  });

  // "For convenience, the RRSet will be automatically created if it doesn't exist" (spec).
  app.post<RrsetParams>("/zones/:id_or_name/rrsets/:rr_name/:rr_type/actions/add_records", async (request, reply) => {
    const zone = primaryZone(request);
    const { rr_name: name, rr_type: type } = request.params;
    const body = bodyObject(request.body);
    const existing = findRrset(zone, name, type);
    const errors = new FieldErrors();
    if (!existing) {
      const nameProblem = rrsetNameError(name, zone.name);
      if (nameProblem) errors.add("name", nameProblem);
      const typeProblem = rrsetTypeError(name, type);
      if (typeProblem) errors.add("type", typeProblem);
    }
    if (body.ttl !== undefined) {
      const problem = ttlError(body.ttl, true);
      if (problem) errors.add("ttl", problem);
      // "If set, and the RRSet being updated already has a TTL, the values must be the same" (spec).
      else if (existing && existing.ttl !== null && body.ttl !== null && body.ttl !== existing.ttl) {
        errors.add("ttl", `must be the RRSet's TTL ${existing.ttl} (use change_ttl to change it)`);
      }
    }
    errors.throwIfAny();
    const added = parseActionRecords(body, type);
    const duplicates = added.filter((record) => existing?.records.some((held) => held.value === record.value));
    if (duplicates.length > 0) throw invalidInput("records", `RRSet ${rrsetId(name, type)} already has a record with value ${duplicates.map((r) => `'${r.value}'`).join(", ")}`);
    if (existing) assertChangeable(zone, existing);
    const ttl = body.ttl === undefined || body.ttl === null ? (existing?.ttl ?? null) : (body.ttl as number);
    const result: StoredRrset = existing
      ? { ...existing, ttl, records: [...existing.records, ...added] }
      : { name, type, ttl, labels: {}, protection: { change: false }, records: added, created: Date.now() };
    assertZoneRules(withRrset(zone, name, type, result), "records");
    assertZoneUnlocked(ctx, zone, rrsetId(name, type));
    reply.code(201);
    const action = rrsetAction(ctx, zone, rrsetId(name, type), "add_rrset_records", () => {
      if (existing) {
        existing.ttl = result.ttl;
        replaceRecords(zone, existing, result.records);
      } else {
        zone.rrsets.push(result);
        bumpSerial(zone);
      }
    });
    return { action: renderAction(action) };
  });

  // "The RRSet will be automatically deleted if it doesn't contain any RRs afterwards" (spec).
  app.post<RrsetParams>("/zones/:id_or_name/rrsets/:rr_name/:rr_type/actions/remove_records", async (request, reply) => {
    const { zone, rrset } = target(request);
    const removed = parseActionRecords(bodyObject(request.body), rrset.type);
    assertHeld(rrset, removed);
    assertChangeable(zone, rrset);
    const remaining = rrset.records.filter((held) => !removed.some((record) => record.value === held.value));
    assertZoneRules(withRrset(zone, rrset.name, rrset.type, remaining.length === 0 ? null : { ...rrset, records: remaining }), "records");
    assertZoneUnlocked(ctx, zone, rrsetId(rrset.name, rrset.type));
    reply.code(201);
    return { action: renderAction(rrsetAction(ctx, zone, rrsetId(rrset.name, rrset.type), "remove_rrset_records", () => replaceRecords(zone, rrset, remaining))) };
  });

  // Comments only: no record changes, so the serial stays. The spec documents 200 for this one.
  app.post<RrsetParams>("/zones/:id_or_name/rrsets/:rr_name/:rr_type/actions/update_records", async (request, reply) => {
    const { zone, rrset } = target(request);
    const updated = parseActionRecords(bodyObject(request.body), rrset.type, true);
    assertHeld(rrset, updated);
    assertChangeable(zone, rrset);
    assertZoneUnlocked(ctx, zone, rrsetId(rrset.name, rrset.type));
    reply.code(200);
    const action = rrsetAction(ctx, zone, rrsetId(rrset.name, rrset.type), "update_rrset_records", () => {
      for (const record of updated) rrset.records.find((held) => held.value === record.value)!.comment = record.comment;
    });
    return { action: renderAction(action) };
  });
}
