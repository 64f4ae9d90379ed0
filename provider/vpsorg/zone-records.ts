/**
 * vpsorg.ZoneRecords: every record of a VPS.org zone (or of the part a filter selects) from one list in
 * the shared record model (`{ name, type, ttl?, values }`), the same input every DNS family takes.
 * VPS.org stores one record per value and has no bulk endpoint: each RRSet maps to one record per value,
 * and a change sends the fewest per-record requests (provider/dns/record-plan.ts: a value changed in
 * place is one PATCH, not a DELETE and a POST), a few at a time.
 * VPS.org records carry no labels, so ownership is the scope plus what the state records.
 */
import { settleWithLimit } from "../core/concurrency";
import { withCredentials } from "../core/credentials";
import { CheckFailure, containsUnknown, isUnknown } from "../core/inputs";
import { partialFailure, Props, ResourceImplementation } from "../core/resource";
import { RecordSet, relativeName, zoneName } from "../dns";
import { groupRecords, LiveRecord, planRecords, SingleRecord, toSingleRecords } from "../dns/record-plan";
import {
  checkFilter,
  checkRecordsShape,
  desiredRecords,
  failuresMessage,
  inScope,
  PlannedRrset,
  recordedOrder,
  RecordScope,
  recordsOutput,
  rrsetKey,
  zoneRecordsDiff,
  zoneRecordsReadInputs,
} from "../dns/zone-records-input";
import { currentResourceUrn, reportLine } from "../host/log";
import { DnsRecordInfo } from "./api/records";
import { DnsZoneDetail, DnsZoneInfo } from "./api/zones";
import { DEFAULT_ENDPOINT, VpsorgClient, vpsorgClient } from "./client";
import { fromWire, isZoneUuid, modelTtl, toWire, wireTtl } from "./values";
import { VPSORG_RECORD_TYPES } from "./wire";

/** Requests in flight at once for one resource: enough to write a large zone quickly, few enough for a rate limit. */
export const WRITE_CONCURRENCY = 8;

const TYPES: readonly string[] = VPSORG_RECORD_TYPES;
const absent = (value: unknown) => value === undefined || value === null;

/**
 * What VPS.org makes itself (seed: "automatic BIND9 zone file generation"): the SOA and the apex NS of
 * its nameservers are no records of the API. A zone file exported elsewhere lists them: they are skipped.
 */
export const isVpsorgManaged = (rrset: { name: string; type: string }) => rrset.type === "SOA" || (rrset.name === "@" && rrset.type === "NS");

/** A zone uuid, or a domain (IDN accepted, made punycode): a domain has dots, a uuid none. */
function checkZoneRef(value: unknown, failures: CheckFailure[]): unknown {
  if (isUnknown(value)) return value;
  if (typeof value === "string" && isZoneUuid(value)) return value.trim();
  if (typeof value === "string" && value) {
    try {
      return zoneName(value);
    } catch (error) {
      failures.push({ property: "zone", reason: `zone: ${(error as Error).message}` });
      return value;
    }
  }
  failures.push({ property: "zone", reason: `zone must be the uuid or the domain of an existing VPS.org zone, got ${JSON.stringify(value)}` });
  return value;
}

const isDomain = (ref: string) => ref.includes(".");

export interface ZoneRecordsOutputs {
  zone: string;
  records: RecordSet[];
  filter?: RecordScope;
  zoneId: string;
  zoneName: string;
  /** Records (one per value) in scope. */
  recordCount: number;
}

const describe = (zone: { domain: string }) => `vpsorg.ZoneRecords of zone ${zone.domain}`;
const desiredOptions = { vendorManaged: isVpsorgManaged, types: TYPES };

export async function check(_olds: Props, news: Props) {
  const failures: CheckFailure[] = [];
  const zone = checkZoneRef(news.zone, failures);
  // A zone given by domain lets the preview check every record; by uuid, once the zone is read.
  const zoneKnown = typeof zone === "string" && isDomain(zone) && !failures.length ? zone : undefined;
  const filter = checkFilter(news.filter, zoneKnown, failures, TYPES);
  if (absent(news.records)) failures.push({ property: "records", reason: "records is required: every record set in scope (an empty list removes them all)" });
  const records = checkRecordsShape(news.records ?? [], failures, "records", TYPES);
  if (zoneKnown && !failures.length && !containsUnknown(records) && !containsUnknown(filter)) {
    failures.push(...desiredRecords(records as RecordSet[], zoneKnown, filter as RecordScope | undefined, desiredOptions).failures);
  }
  const inputs: Props = { zone, records };
  if (filter !== undefined) inputs.filter = filter;
  return { inputs, failures };
}

const scopeOf = (props: Props, zone: string): RecordScope | undefined => (props.filter ? (checkFilter(props.filter, zone, [], TYPES) as RecordScope) : undefined);

/** The program's records against the zone, VPS.org's default TTL written as unset; or an error naming every failure. */
function desiredOrThrow(inputs: Props, zone: string, what: string) {
  const scope = scopeOf(inputs, zone);
  const desired = desiredRecords(inputs.records ?? [], zone, scope, desiredOptions);
  if (desired.failures.length) throw new Error(failuresMessage(what, desired.failures));
  const rrsets: PlannedRrset[] = desired.rrsets.map((r) => ({ ...r, ttl: modelTtl(r.ttl) }));
  return { ...desired, rrsets, scope };
}

export async function diff(_id: string, olds: Props, news: Props) {
  return zoneRecordsDiff(olds, news, (inputs, zoneName) => desiredOrThrow(inputs, zoneName, describe({ domain: zoneName })));
}

// ---- the live zone ------------------------------------------------------------------------------

/** A live record in the shared model: name relative, value canonical, the default TTL as unset. */
export function liveRecord(record: DnsRecordInfo, zone: string): LiveRecord {
  let name = record.name;
  try {
    name = record.name === "@" ? "@" : relativeName(record.name.replace(/\.$/, ""), zone);
  } catch {
    // A name the API holds that the model cannot read stays as it is: it shows as a difference.
  }
  const value = fromWire(record.recordType, { value: record.value, priority: record.priority ?? undefined }, zone);
  return { id: record.id, name, type: record.recordType, ttl: modelTtl(record.ttl), value };
}

/** The zone with its records, by uuid or domain; a missing one fails naming it and the fix. */
async function resolveZone(client: VpsorgClient, ref: string): Promise<DnsZoneDetail> {
  const missing = () => new Error(`vpsorg.ZoneRecords: zone ${ref} does not exist in this VPS.org account: create it first (vpsorg.DnsZone), or fix zone`);
  let id = ref;
  if (isDomain(ref)) {
    const [zone] = await client.zones.list({ domain: ref });
    if (!zone) throw missing();
    id = zone.id;
  }
  const zone = await client.zones.find(id);
  if (!zone) throw missing();
  return zone;
}

/** The zone's records in scope (the zone's details list them all: one request reads the zone and its records). */
function liveInScope(zone: DnsZoneDetail, scope: RecordScope | undefined): LiveRecord[] {
  return zone.records.map((r) => liveRecord(r, zone.domain)).filter((r) => inScope(r, scope, isVpsorgManaged));
}

function outputsOf(zone: DnsZoneInfo, inputs: Props, live: LiveRecord[], order: string[]): ZoneRecordsOutputs {
  const scope = scopeOf(inputs, zone.domain);
  return {
    zone: inputs.zone,
    records: recordsOutput(groupRecords(live), order),
    ...(scope ? { filter: scope } : {}),
    zoneId: zone.id,
    zoneName: zone.domain,
    recordCount: live.length,
  };
}

// ---- carrying a plan out ------------------------------------------------------------------------

/** The fields of a PATCH that turns `from` into `to` (same name and type): only what differs on the wire. */
function patchOf(from: SingleRecord, to: SingleRecord) {
  const before = toWire(from.type, from.value);
  const after = toWire(to.type, to.value);
  return {
    ...(before.value !== after.value ? { value: after.value } : {}),
    ...(before.priority !== after.priority ? { priority: after.priority } : {}),
    ...(from.ttl !== to.ttl ? { ttl: wireTtl(to.ttl) } : {}),
  };
}

interface Applied {
  writes: number;
  errors: Error[];
}

/**
 * Deletes first (a CNAME may take a name others leave), then updates in place, then creates; each phase a
 * few requests at a time. Every write runs; the failures are returned, and the caller records what is live.
 */
async function applyPlan(client: VpsorgClient, zone: DnsZoneInfo, live: LiveRecord[], desired: SingleRecord[]): Promise<Applied> {
  const plan = planRecords(live, desired);
  const errors: Error[] = [];
  const collect = (results: Array<PromiseSettledResult<unknown>>) =>
    results.forEach((r) => r.status === "rejected" && errors.push(r.reason instanceof Error ? r.reason : new Error(String(r.reason))));
  collect(await settleWithLimit(plan.deletes, WRITE_CONCURRENCY, (r) => client.records.delete(zone.id, r.id)));
  collect(await settleWithLimit(plan.updates, WRITE_CONCURRENCY, (u) => client.records.patch(zone.id, u.id, patchOf(u.from, u.to))));
  collect(
    await settleWithLimit(plan.creates, WRITE_CONCURRENCY, (r) => {
      const wire = toWire(r.type, r.value);
      return client.records.create(zone.id, { recordType: r.type, name: r.name, value: wire.value, ttl: wireTtl(r.ttl), ...(wire.priority === undefined ? {} : { priority: wire.priority }) });
    }),
  );
  return { writes: plan.deletes.length + plan.updates.length + plan.creates.length, errors };
}

/**
 * The first failure's reason, and how many more writes failed: concurrent writes failing together (a
 * gateway down) would otherwise repeat one cause per record, past what a message should hold.
 */
function writeFailures(errors: Error[]): string {
  const [first, ...rest] = errors;
  return rest.length ? `${first.message}; and ${rest.length} more write${rest.length > 1 ? "s" : ""} failed` : first.message;
}

function reportWrites(what: string, writes: number): void {
  if (writes) reportLine(`${what}: ${writes} record write${writes > 1 ? "s" : ""}`, currentResourceUrn());
}

function reportSkipped(what: string, skipped: string[]): void {
  if (skipped.length) reportLine(`${what}: skipped ${skipped.join(", ")}: VPS.org makes a zone's SOA and apex NS itself`, currentResourceUrn(), "warning");
}

/** Converges the zone's records in scope on the inputs; a failed write still records what is live. */
async function writeRecords(client: VpsorgClient, zone: DnsZoneDetail, inputs: Props, doing: string) {
  const what = describe(zone);
  const desired = desiredOrThrow(inputs, zone.domain, what);
  reportSkipped(what, desired.skipped);
  const live = liveInScope(zone, desired.scope);
  const applied = await applyPlan(client, zone, live, toSingleRecords(desired.rrsets));
  reportWrites(what, applied.writes);
  const after = applied.writes ? liveInScope((await client.zones.find(zone.id)) ?? { ...zone, records: [] }, desired.scope) : live;
  const outs = outputsOf(zone, inputs, after, desired.rrsets.map(rrsetKey));
  if (applied.errors.length) throw partialFailure(`${doing} ${what} failed: ${writeFailures(applied.errors)}`, zone.id, outs, inputs);
  return { id: zone.id, outs };
}

export async function create(inputs: Props) {
  const client = vpsorgClient(inputs);
  return writeRecords(client, await resolveZone(client, inputs.zone), inputs, "creating");
}

export async function read(id: string, props: Props) {
  const client = vpsorgClient(props);
  const zone = await client.zones.find(id);
  if (!zone) return { id: "", props: {} };
  const live = liveInScope(zone, scopeOf(props, zone.domain));
  const outs = outputsOf(zone, props, live, recordedOrder(props));
  return { id, props: outs, inputs: zoneRecordsReadInputs(props, outs.records) };
}

export async function update(id: string, _olds: Props, news: Props) {
  const client = vpsorgClient(news);
  const { outs } = await writeRecords(client, await resolveZone(client, id), news, "updating");
  return { outs };
}

/**
 * Removes the records in scope of the RRSets its state records (VPS.org has no labels to mark them);
 * records made in its scope since its last `up` or refresh stay, and so does the zone.
 */
export async function remove(id: string, props: Props) {
  const client = vpsorgClient(props);
  const zone = await client.zones.find(id);
  if (!zone) return; // the zone is gone, and its records with it
  const recorded = new Set(((props.records ?? []) as RecordSet[]).map(rrsetKey));
  const live = liveInScope(zone, scopeOf(props, zone.domain)).filter((r) => recorded.has(rrsetKey(r)));
  const applied = await applyPlan(client, zone, live, []);
  if (applied.errors.length) throw new Error(`deleting ${describe(zone)} failed: ${writeFailures(applied.errors)}`);
}

export const zoneRecords: ResourceImplementation = withCredentials({ check, diff, create, read, update, delete: remove }, DEFAULT_ENDPOINT);
