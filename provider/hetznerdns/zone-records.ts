/**
 * hetznerdns.ZoneRecords: every record of a legacy Hetzner DNS zone (or of the part a filter selects) from
 * one list of rrsets, the same `records` and `filter` inputs as hcloud.ZoneRecords (provider/dns/
 * zone-records-input.ts), so a zone moves between the two APIs unchanged. The API stores one record per
 * value: dns/record-plan.ts picks the fewest record writes, and they go out as bulk POST/PUT /records/bulk
 * (the client's RecordWrites) and single DELETEs (the API has no bulk delete). The zone's SOA and apex NS
 * are Hetzner's and in no scope. Records carry no labels: ownership is the scope plus what the state records.
 */
import { withCredentials } from "../core/credentials";
import { isNotFound, unlessNotFound } from "../core/errors";
import { CheckFailure, containsUnknown, isUnknown } from "../core/inputs";
import { partialFailure, Props, ResourceImplementation } from "../core/resource";
import { RecordSet, zoneName } from "../dns";
import { groupRecords, LiveRecord, planRecords, RecordPlan, SingleRecord, toSingleRecords } from "../dns/record-plan";
import {
  canonicalLive,
  checkFilter,
  checkRecordsShape,
  DesiredRecords,
  desiredRecords,
  failuresMessage,
  inScope,
  recordedOrder,
  RecordScope,
  recordsOutput,
  rrsetKey,
  zoneRecordsDiff,
  zoneRecordsReadInputs,
} from "../dns/zone-records-input";
import { currentResourceUrn, reportLine } from "../host/log";
import { LegacyZone } from "./api/zones";
import { DEFAULT_ENDPOINT, HetznerDnsClient, hetznerDnsClient } from "./client";
import { LEGACY_RECORD_TYPES } from "./types";

/** The SOA and the apex NS come with the zone and stay Hetzner's. */
export const isHetznerManaged = ({ name, type }: { name: string; type: string }) => type === "SOA" || (type === "NS" && name === "@");

/** Deletes sent at once (one request each). */
const DELETE_CONCURRENCY = 8;

const absent = (value: unknown) => value === undefined || value === null;
const describe = (zone: { name: string }) => `hetznerdns.ZoneRecords of zone ${zone.name}`;
/** Legacy zone ids are opaque strings without dots; zone names have dots. */
const isZoneId = (ref: string) => !ref.includes(".");

export interface ZoneRecordsOutputs {
  zone: string;
  records: RecordSet[];
  filter?: RecordScope;
  zoneId: string;
  zoneName: string;
  /** The rrsets in scope. */
  rrsetCount: number;
}

/** A zone reference from the program: an id, or a name (IDN accepted, made punycode). */
function checkZoneRef(value: unknown, failures: CheckFailure[]): unknown {
  if (isUnknown(value)) return value;
  if (typeof value !== "string" || !value) {
    failures.push({ property: "zone", reason: `zone must be the id or the name of an existing zone, got ${JSON.stringify(value)}` });
    return value;
  }
  if (isZoneId(value)) return value;
  try {
    return zoneName(value);
  } catch (error) {
    failures.push({ property: "zone", reason: `zone: ${(error as Error).message}` });
    return value;
  }
}

const desiredIn = (records: RecordSet[], zone: string, scope: RecordScope | undefined) =>
  desiredRecords(records, zone, scope, { vendorManaged: isHetznerManaged, types: LEGACY_RECORD_TYPES });

export async function check(_olds: Props, news: Props) {
  const failures: CheckFailure[] = [];
  const zone = checkZoneRef(news.zone, failures);
  // A zone given by name lets the preview check every record; by id, they are checked once the name is known.
  const zoneKnown = typeof zone === "string" && !isZoneId(zone) && !failures.length ? zone : undefined;
  const filter = checkFilter(news.filter, zoneKnown, failures, LEGACY_RECORD_TYPES);
  // Required: an absent list would remove every record in scope.
  if (absent(news.records)) failures.push({ property: "records", reason: "records is required: every rrset in scope (an empty list removes them all)" });
  const records = checkRecordsShape(news.records ?? [], failures, "records", LEGACY_RECORD_TYPES);
  if (zoneKnown && !failures.length && !containsUnknown(records) && !containsUnknown(filter)) {
    failures.push(...desiredIn(records as RecordSet[], zoneKnown, filter as RecordScope | undefined).failures);
  }
  const inputs: Props = { zone, records };
  if (filter !== undefined) inputs.filter = filter;
  return { inputs, failures };
}

/** The filter with its names relative to the zone (a zone given by id left them as written in check). */
const scopeOf = (props: Props, zone: { name: string }): RecordScope | undefined =>
  props.filter ? (checkFilter(props.filter, zone.name, [], LEGACY_RECORD_TYPES) as RecordScope) : undefined;

function desiredOrThrow(inputs: Props, zone: { name: string }): DesiredRecords & { scope?: RecordScope } {
  const scope = scopeOf(inputs, zone);
  const desired = desiredIn(inputs.records ?? [], zone.name, scope);
  if (desired.failures.length) throw new Error(failuresMessage(describe(zone), desired.failures));
  return { ...desired, scope };
}

export async function diff(_id: string, olds: Props, news: Props) {
  return zoneRecordsDiff(olds, news, (inputs, zoneName) => desiredOrThrow(inputs, { name: zoneName }));
}

/** The zone, by id or name; a missing zone fails naming it and the fix; a secondary zone has no records to manage. */
async function resolveZone(client: HetznerDnsClient, ref: string): Promise<LegacyZone> {
  let zone: LegacyZone | undefined;
  try {
    zone = isZoneId(ref) ? await client.zones.get(ref) : await client.zones.byName(ref);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  if (!zone) throw new Error(`hetznerdns.ZoneRecords: zone ${ref} does not exist: create it first (hetznerdns.Zone), or fix zone`);
  if (zone.isSecondaryDns) {
    throw new Error(`${describe(zone)}: the zone is a secondary zone: its records come from its primary servers by zone transfer, so none can be managed here`);
  }
  return zone;
}

/** The zone's records in scope, values canonical (written elsewhere, a value may be spelt differently). */
async function liveInScope(client: HetznerDnsClient, zone: LegacyZone, scope: RecordScope | undefined): Promise<LiveRecord[]> {
  const records = await client.recordWrites.listing.get(zone.id);
  return records
    .filter((r) => inScope(r, scope, isHetznerManaged))
    .map((r) => ({ id: r.id, name: r.name, type: r.type, ttl: r.ttl, value: canonicalLive(r.type, r.value, zone.name) }));
}

/** One line under the resource: how many writes the change took and how they went out. */
function reportPlan(what: string, plan: RecordPlan): void {
  const parts = [
    plan.creates.length && `${plan.creates.length} created (bulk POST)`,
    plan.updates.length && `${plan.updates.length} updated (bulk PUT)`,
    plan.deletes.length && `${plan.deletes.length} deleted`,
  ].filter(Boolean);
  if (parts.length) reportLine(`${what}: ${parts.join(", ")}`, currentResourceUrn());
}

function reportSkipped(what: string, skipped: string[]): void {
  if (!skipped.length) return;
  reportLine(`${what}: skipped ${skipped.join(", ")}: the zone's SOA and apex NS are Hetzner's, no resource manages them`, currentResourceUrn(), "warning");
}

/**
 * Runs `work` on every item, `limit` at once; the failures, each naming its records. Records that failed alike
 * (one bulk request refused) share one entry: at most three named, the rest counted.
 */
async function settleAll<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>, name: (item: T) => string): Promise<string[]> {
  const failed = new Map<string, string[]>();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      await work(items[i]).catch((error: Error) => failed.set(error.message, [...(failed.get(error.message) ?? []), name(items[i])]));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return [...failed].map(([message, names]) => `${names.slice(0, 3).join(", ")}${names.length > 3 ? ` and ${names.length - 3} more` : ""}: ${message}`);
}

const recordName = (r: SingleRecord) => `${r.name} ${r.type} ${r.value}`;

/**
 * Carries the plan out: deletes first (a name a CNAME takes over is free by then), then updates and creates,
 * every one submitted at once so the client's batcher sends each kind as bulk requests. Returns the failures.
 */
async function applyPlan(client: HetznerDnsClient, zone: LegacyZone, plan: RecordPlan): Promise<string[]> {
  const writes = client.recordWrites;
  const fields = (r: SingleRecord) => ({ zoneId: zone.id, name: r.name, type: r.type, value: r.value, ttl: r.ttl });
  const failures = await settleAll(plan.deletes, DELETE_CONCURRENCY, (r) => unlessNotFound(writes.delete(zone.id, r.id)), (r) => `deleting ${recordName(r)}`);
  if (failures.length) return failures;
  const all = Number.MAX_SAFE_INTEGER;
  const [updated, created] = await Promise.all([
    settleAll(plan.updates, all, (u) => writes.update({ id: u.id, fields: fields(u.to), zoneName: zone.name }), (u) => `updating ${recordName(u.from)} to ${recordName(u.to)}`),
    settleAll(plan.creates, all, (r) => writes.create({ fields: fields(r), zoneName: zone.name }), (r) => `creating ${recordName(r)}`),
  ]);
  return [...updated, ...created];
}

/** The outputs from what is live: the rrsets in scope (in the program's order, so a preview lines up). */
async function outputsOf(client: HetznerDnsClient, zone: LegacyZone, inputs: Props, order: string[]): Promise<ZoneRecordsOutputs> {
  const scope = scopeOf(inputs, zone);
  const records = recordsOutput(groupRecords(await liveInScope(client, zone, scope)), order);
  return { zone: inputs.zone, records, ...(scope ? { filter: scope } : {}), zoneId: zone.id, zoneName: zone.name, rrsetCount: records.length };
}

/** Converges the zone on the inputs; a failed write records what is live (the next `up` plans again from there). */
async function writeRecords(client: HetznerDnsClient, zone: LegacyZone, inputs: Props, doing: string) {
  const what = describe(zone);
  const desired = desiredOrThrow(inputs, zone);
  reportSkipped(what, desired.skipped);
  const plan = planRecords(await liveInScope(client, zone, desired.scope), toSingleRecords(desired.rrsets));
  reportPlan(what, plan);
  const failures = await applyPlan(client, zone, plan);
  const outs = await outputsOf(client, zone, inputs, desired.rrsets.map(rrsetKey));
  if (failures.length) throw partialFailure(`${doing} ${what} failed: ${failures.join("; ")}`, zone.id, outs, inputs);
  return { id: zone.id, outs };
}

export async function create(inputs: Props) {
  const client = hetznerDnsClient(inputs);
  return writeRecords(client, await resolveZone(client, inputs.zone), inputs, "creating");
}

export async function read(id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const client = hetznerDnsClient(props);
  const zone = await client.zones.find(id);
  if (!zone) return { id: "", props: {} };
  const outs = await outputsOf(client, zone, props, recordedOrder(props));
  return { id, props: outs, inputs: zoneRecordsReadInputs(props, outs.records) };
}

export async function update(id: string, _olds: Props, news: Props) {
  const client = hetznerDnsClient(news);
  const { outs } = await writeRecords(client, await resolveZone(client, id), news, "updating");
  return { outs };
}

/** Removes the records in scope that the state records as this resource's; the rest of the zone stays. */
export async function remove(id: string, props: Props = {}) {
  const client = hetznerDnsClient(props);
  const zone = await client.zones.find(id);
  if (!zone) return; // the zone is gone, and its records with it
  const recorded = new Set(toSingleRecords(((props.records ?? []) as RecordSet[]).map((r) => ({ ...r, ttl: r.ttl ?? null }))).map(recordName));
  const plan = planRecords((await liveInScope(client, zone, scopeOf(props, zone))).filter((r) => recorded.has(recordName(r))), []);
  reportPlan(describe(zone), plan);
  const failures = await applyPlan(client, zone, plan);
  if (failures.length) throw new Error(`deleting ${describe(zone)} failed: ${failures.join("; ")}`);
}

export const zoneRecords: ResourceImplementation = withCredentials({ check, diff, create, read, update, delete: remove }, DEFAULT_ENDPOINT);
