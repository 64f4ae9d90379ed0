/**
 * Scans and usage. `POST …/dns_records/scan` is in the spec (answers `{recs_added, total_records_parsed}`
 * and adds what it found at once). The asynchronous scan, its review and the usage are not; their shapes
 * come from Cloudflare's API reference ("Trigger DNS Record Scan", "List Scanned DNS Records", "Review
 * Scanned DNS Records", "Get DNS Record Usage") and cloudflare-typescript (`records.scanTrigger` answers
 * only the envelope; `records.scanList` a single page of records; `records.scanReview` takes `{accepts:
 * [record], rejects: [{id}]}` and answers `{accepts: [record], rejects: [id]}`; `dns.usage.zone.get`
 * answers `{record_quota, record_usage}`).
 *
 * What a scan finds is fake and deterministic, derived from the zone's name: the apex A, `www` as a CNAME
 * to the apex, the MX and its `mail` A, and an SPF TXT. Guesses: an accept names a scanned record by `id`,
 * or by type, name and content when sent as a record body without one (its other fields override the
 * scanned ones); a review naming a record the scan did not find applies nothing (81044).
 */
import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { CODES, CloudflareError, isObject, success } from "./conventions";
import { inputOf, renderRecord, validateRecord, zoneRuleError, type RecordInput } from "./record-model";
import { bodyObject, createRecord, requestPath } from "./records";
import { PLANS, type CloudflareContext, type StoredRecord, type StoredZone } from "./state";
import { findZone } from "./zones";

/** What a scan of `zone` finds (documentation addresses of RFC 5737, picked by the zone's name). */
export function scanFindings(zone: StoredZone): RecordInput[] {
  const digest = createHash("sha256").update(zone.name).digest();
  const apex = `192.0.2.${(digest[0] % 250) + 1}`;
  const mail = `198.51.100.${(digest[1] % 250) + 1}`;
  return [
    { type: "A", name: zone.name, content: apex, ttl: 1 },
    { type: "CNAME", name: `www.${zone.name}`, content: zone.name, ttl: 1 },
    { type: "MX", name: zone.name, content: `mail.${zone.name}`, priority: 10, ttl: 1 },
    { type: "A", name: `mail.${zone.name}`, content: mail, ttl: 1 },
    { type: "TXT", name: zone.name, content: "v=spf1 mx -all", ttl: 1 },
  ];
}

/** Whether `input` could be added to the zone now (valid, not identical, no CNAME/NS conflict). */
function fits(input: RecordInput, zone: StoredZone, records: StoredRecord[]): boolean {
  try {
    return zoneRuleError(validateRecord(input, zone), records.filter((r) => r.zoneId === zone.id), zone) === null;
  } catch {
    return false;
  }
}

export async function scanRoutes(app: FastifyInstance, ctx: CloudflareContext): Promise<void> {
  const zoneOf = (request: FastifyRequest<{ Params: { zone_id: string } }>) => findZone(ctx, request.params.zone_id, requestPath(request));

  app.post<{ Params: { zone_id: string } }>("/zones/:zone_id/dns_records/scan", async (request) => {
    const zone = zoneOf(request);
    const records = ctx.state().records;
    const findings = scanFindings(zone);
    let added = 0;
    for (const input of findings) {
      if (!fits(input, zone, records)) continue;
      createRecord(ctx, zone, records, input, "scan");
      added++;
    }
    return success({ recs_added: added, total_records_parsed: findings.length });
  });

  app.post<{ Params: { zone_id: string } }>("/zones/:zone_id/dns_records/scan/trigger", async (request) => {
    const zone = zoneOf(request);
    const records = ctx.state().records;
    // The review list holds what the zone does not have yet, each with its own id (not in the zone until accepted).
    const now = Date.now();
    for (const input of scanFindings(zone)) {
      if (!fits(input, zone, records)) continue;
      const fields = validateRecord(input, zone);
      if (zone.scanned.some((r) => r.type === fields.type && r.name === fields.name && r.content === fields.content)) continue;
      zone.scanned.push({ ...fields, id: ctx.newId("record"), zoneId: zone.id, createdOn: now, modifiedOn: now, source: "scan" });
    }
    // cloudflare-typescript's RecordScanTriggerResponse is the envelope without a result.
    return { success: true, errors: [], messages: [] };
  });

  app.get<{ Params: { zone_id: string } }>("/zones/:zone_id/dns_records/scan/review", async (request) => {
    const zone = zoneOf(request);
    return success(zone.scanned.map(renderRecord));
  });

  app.post<{ Params: { zone_id: string } }>("/zones/:zone_id/dns_records/scan/review", async (request) => {
    const zone = zoneOf(request);
    const body = bodyObject(request.body);
    const lists = { accepts: body.accepts ?? [], rejects: body.rejects ?? [] };
    for (const [name, list] of Object.entries(lists)) {
      if (!Array.isArray(list) || !list.every(isObject)) throw new CloudflareError(400, { code: CODES.invalidBody, message: `${name} must be a list of objects.` });
    }
    // A scanned record by its id, or (for an accept sent as a record body) by type, name and, when given, content.
    const scannedOf = (item: Record<string, unknown>) => {
      const found =
        item.id !== undefined
          ? zone.scanned.find((r) => r.id === item.id)
          : zone.scanned.find((r) => r.type === item.type && (r.name === item.name || r.name === `${item.name}.${zone.name}`) && (item.content === undefined || r.content === item.content));
      if (!found) throw new CloudflareError(404, { code: CODES.recordNotFound, message: "Record does not exist." });
      return found;
    };
    const working = [...ctx.state().records];
    const reviewed = new Set<string>();
    const accepted = (lists.accepts as Record<string, unknown>[]).map((item) => {
      const { id: _id, ...overrides } = item;
      const scanned = scannedOf(item);
      reviewed.add(scanned.id);
      return createRecord(ctx, zone, working, { ...inputOf(scanned), ...overrides }, "scan");
    });
    const rejected = (lists.rejects as Record<string, unknown>[]).map((item) => scannedOf(item).id);
    for (const id of rejected) reviewed.add(id);
    ctx.state().records = working;
    zone.scanned = zone.scanned.filter((r) => !reviewed.has(r.id));
    return success({ accepts: accepted.map(renderRecord), rejects: rejected });
  });

  app.get<{ Params: { zone_id: string } }>("/zones/:zone_id/dns_records/usage", async (request) => {
    const zone = zoneOf(request);
    return success({ record_quota: PLANS[zone.plan].recordQuota, record_usage: ctx.state().records.filter((r) => r.zoneId === zone.id).length });
  });
}
