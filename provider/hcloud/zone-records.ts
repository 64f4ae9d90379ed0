/**
 * hcloud.ZoneRecords: every rrset of a zone (or of the part a filter selects) from one list of records,
 * for users who keep a whole zone as code. What the program does not list in its scope is removed; what
 * is out of scope is never touched. The zone's SOA and apex NS are Hetzner's and in no scope.
 * Ownership is the scope plus what the state records: the owner label goes only into the POSTs sent
 * anyway (never a request of its own), and an rrset carrying another owner's label is never taken.
 * zone-plan.ts decides the writes; this file resolves the zone, reads it and carries the plan out. The
 * same kit converges hcloud.Zone's `records`.
 */
import { withCredentials } from "../core/credentials";
import { isNotFound } from "../core/errors";
import { CheckFailure, containsUnknown, isUnknown } from "../core/inputs";
import { Settler } from "../core/lifecycle";
import { ownedLabels, OWNER_LABEL, partialFailure, Props, ResourceImplementation } from "../core/resource";
import { RecordSet, toZoneFile, zoneName } from "../dns";
import {
  canonicalLive,
  checkFilter,
  checkRecordsShape,
  DesiredRecords,
  desiredRecords as desiredRecordsIn,
  failuresMessage,
  PlannedRrset,
  RecordScope,
  recordsOutput,
  rrsetKey,
  sameRecords,
  zoneRecordsDiff,
} from "../dns/zone-records-input";
import { currentResourceUrn, reportLine } from "../host/log";
import { Rrset, RrsetSpec } from "./api/rrsets";
import { Zone } from "./api/zones";
import { DEFAULT_ENDPOINT, HcloudClient, hcloudClient } from "./client";
import { inScope, isHetznerManaged, LiveRrset, planZone, PlanStep, ZonePlan, ZonePlanError } from "./zone-plan";

// ---- the records as the program writes them -----------------------------------------------------

/** A zone reference from the program: a numeric id, or a name (IDN accepted, made punycode). */
export function checkZoneRef(value: unknown, failures: CheckFailure[], property = "zone"): unknown {
  if (isUnknown(value)) return value;
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return String(value);
  if (typeof value === "string" && /^\d+$/.test(value)) return value;
  if (typeof value === "string" && value) {
    try {
      return zoneName(value);
    } catch (error) {
      failures.push({ property, reason: `${property}: ${(error as Error).message}` });
      return value;
    }
  }
  failures.push({ property, reason: `${property} must be the id or the name of an existing zone, got ${JSON.stringify(value)}` });
  return value;
}

const absent = (value: unknown) => value === undefined || value === null;

/** The program's records against a Hetzner Cloud zone (SOA and apex NS are Hetzner's: left out). */
export const desiredRecords = (records: RecordSet[], zone: string, scope: RecordScope | undefined, property = "records") =>
  desiredRecordsIn(records, zone, scope, { vendorManaged: isHetznerManaged, property });

/**
 * The listed rrsets with canonical values (written elsewhere, a value may be spelt differently), and the
 * spelling the API holds of each, which remove_records must name.
 */
export function liveRrsets(rrsets: Rrset[], zone: string): { live: LiveRrset[]; stored: Map<string, string> } {
  const stored = new Map<string, string>();
  const live = rrsets.map((r) => ({
    name: r.name,
    type: r.type,
    ttl: r.ttl,
    values: r.records.map((record) => {
      const value = canonicalLive(r.type, record.value, zone);
      stored.set(`${rrsetKey(r)} ${value}`, record.value);
      return value;
    }),
    labels: r.labels,
    changeProtection: r.changeProtection,
    commented: r.records.some((record) => record.comment !== ""),
  }));
  return { live, stored };
}

// ---- carrying a plan out ------------------------------------------------------------------------

const stepTarget = (step: PlanStep) => (step.command === "create" ? step.rrset : step.command === "import_zonefile" ? undefined : step);

/** Sends the plan's steps in order, each Action awaited; stops at the first failure (the settler has it). */
export async function applyPlan(client: HcloudClient, zone: Zone, plan: ZonePlan, stored: Map<string, string>, s: Settler): Promise<void> {
  const rrsets = client.rrsets;
  const failedBefore = s.errors.length;
  for (const step of plan.steps) {
    const target = stepTarget(step);
    const key = target && { zone: zone.id, name: target.name, type: target.type };
    const records = (values: string[]) => values.map((value) => ({ value, comment: "" }));
    switch (step.command) {
      case "create":
        await s.step("create", rrsets.create(zone.id, { ...step.rrset, records: records(step.rrset.values), labels: step.labels }).then((r) => r.actions));
        break;
      case "delete":
        await s.step("delete", rrsets.delete(key!));
        break;
      case "set_records":
        await s.step(step.command, rrsets.setRecords(key!, records(step.values)));
        break;
      case "add_records":
        await s.step(step.command, rrsets.addRecords(key!, records(step.values)));
        break;
      case "remove_records":
        await s.step(step.command, rrsets.removeRecords(key!, step.values.map((v) => stored.get(`${rrsetKey(step)} ${v}`) ?? v)));
        break;
      case "change_ttl":
        await s.step(step.command, rrsets.changeTtl(key!, step.ttl));
        break;
      case "import_zonefile":
        await s.step(step.command, client.zones.importZonefile(zone.id, importFile(zone, step.rrsets)));
        break;
    }
    if (s.errors.length > failedBefore) return;
  }
}

/** The zone file of an import, keeping the zone's default TTL (a `$TTL` line sets it). */
export function importFile(zone: Zone, rrsets: PlannedRrset[]): string {
  const sets: RecordSet[] = rrsets.map(({ name, type, ttl, values }) => ({ name, type, ...(ttl === null ? {} : { ttl }), values }));
  return toZoneFile(sets, { origin: zone.name, ttl: zone.ttl });
}

/** One line under the resource: which path the plan took and what the other would have cost. */
function reportPlan(what: string, plan: ZonePlan): void {
  if (plan.path === "none") return;
  const other =
    plan.path === "import" ? `per-rrset writes: ${plan.compared.rrsets}` : plan.compared.import === undefined ? `no import: ${plan.compared.importRefused}` : `an import: ${plan.compared.import}`;
  const how = plan.path === "import" ? "one zone file import" : `${plan.steps.length} rrset write${plan.steps.length > 1 ? "s" : ""}`;
  reportLine(`${what}: ${how}, ${plan.requests} requests (${other})`, currentResourceUrn());
}

function reportSkipped(what: string, skipped: string[]): void {
  if (!skipped.length) return;
  reportLine(`${what}: skipped ${skipped.join(", ")}: the zone's SOA and apex NS are Hetzner's, no resource manages them`, currentResourceUrn(), "warning");
}

/** The zone, by id or name; a missing zone fails naming it and the fix; a secondary zone has no rrsets to manage. */
export async function resolveZone(client: HcloudClient, ref: string, what: string): Promise<Zone> {
  let zone: Zone;
  try {
    zone = await client.zones.get(/^\d+$/.test(ref) ? Number(ref) : ref);
  } catch (error) {
    if (isNotFound(error)) throw new Error(`${what}: zone ${ref} does not exist: create it first (hcloud.Zone), or fix zone`);
    throw error;
  }
  if (zone.mode !== "primary") {
    throw new Error(`${what}: zone ${zone.name} is a secondary zone: its records come from its primary nameservers by zone transfer, so none can be managed here`);
  }
  return zone;
}

export interface ConvergeRequest {
  client: HcloudClient;
  zone: Zone;
  desired: PlannedRrset[];
  scope?: RecordScope;
  owner: string;
  /** Names the resource in messages and lines. */
  what: string;
  managed?: (rrset: LiveRrset) => boolean;
}

/** Reads the zone's rrsets, plans and carries the plan out. A plan error is thrown before any write. */
export async function converge(request: ConvergeRequest, s: Settler): Promise<ZonePlan> {
  const { client, zone, what } = request;
  const { live, stored } = liveRrsets(await client.rrsets.list(zone.id), zone.name);
  let plan: ZonePlan;
  try {
    plan = planZone({ live, desired: request.desired, scope: request.scope, owner: request.owner, managed: request.managed });
  } catch (error) {
    if (error instanceof ZonePlanError) throw new Error(`${what}: ${error.message}`);
    throw error;
  }
  reportPlan(what, plan);
  await applyPlan(client, zone, plan, stored, s);
  return plan;
}

// ---- the resource -------------------------------------------------------------------------------

export interface ZoneRecordsOutputs {
  zone: string;
  records: RecordSet[];
  filter?: RecordScope;
  zoneId: number;
  zoneName: string;
  /** The zone as the API exports it (BIND). */
  zoneFile: string;
  /** The rrsets in scope. */
  rrsetCount: number;
}

const describe = (zone: { name: string }) => `hcloud.ZoneRecords of zone ${zone.name}`;

export async function check(_olds: Props, news: Props) {
  const failures: CheckFailure[] = [];
  const zone = checkZoneRef(news.zone, failures);
  // A zone given by name lets the preview check every record; by id, they are checked once the name is known.
  const zoneKnown = typeof zone === "string" && !isUnknown(zone) && !/^\d+$/.test(zone) && !failures.length ? zone : undefined;
  const filter = checkFilter(news.filter, zoneKnown, failures);
  // Required: an absent list would remove every rrset in scope.
  if (absent(news.records)) failures.push({ property: "records", reason: "records is required: every rrset in scope (an empty list removes them all)" });
  const records = checkRecordsShape(news.records ?? [], failures);
  if (zoneKnown && !failures.length && !containsUnknown(records) && !containsUnknown(filter)) {
    failures.push(...desiredRecords(records as RecordSet[], zoneKnown, filter as RecordScope | undefined).failures);
  }
  const inputs: Props = { zone, records };
  if (filter !== undefined) inputs.filter = filter;
  if (news.__owner !== undefined) inputs.__owner = news.__owner;
  return { inputs, failures };
}

/** The filter with its names relative to the zone (a zone given by id left them as written in check). */
const scopeOf = (props: Props, zone: { name: string }): RecordScope | undefined =>
  props.filter ? (checkFilter(props.filter, zone.name, []) as RecordScope) : undefined;

/** The program's records against the zone, or an error naming every failure. */
function desiredOrThrow(inputs: Props, zone: { name: string }, what = describe(zone)): DesiredRecords & { scope?: RecordScope } {
  const scope = scopeOf(inputs, zone);
  const desired = desiredRecords(inputs.records ?? [], zone.name, scope);
  if (desired.failures.length) throw new Error(failuresMessage(what, desired.failures));
  return { ...desired, scope };
}

export async function diff(_id: string, olds: Props, news: Props) {
  return zoneRecordsDiff(olds, news, (inputs, zoneName) => desiredOrThrow(inputs, { name: zoneName }));
}

/** The outputs from what is live: the rrsets in scope and the zone file. */
async function outputsOf(client: HcloudClient, zone: Zone, inputs: Props, order: string[]): Promise<ZoneRecordsOutputs> {
  const scope = scopeOf(inputs, zone);
  const [rrsets, zoneFile] = await Promise.all([client.rrsets.list(zone.id), client.zones.exportZonefile(zone.id)]);
  const records = recordsOutput(liveRrsets(rrsets, zone.name).live.filter((r) => inScope(r, scope)), order);
  return {
    zone: inputs.zone,
    records,
    ...(scope ? { filter: scope } : {}),
    zoneId: zone.id,
    zoneName: zone.name,
    zoneFile,
    rrsetCount: records.length,
  };
}

export async function create(inputs: Props) {
  const client = hcloudClient(inputs);
  const zone = await resolveZone(client, inputs.zone, "hcloud.ZoneRecords");
  return writeRecords(client, zone, String(zone.id), inputs, "creating");
}

/**
 * Converges the zone on the inputs and returns the outputs. A plan error (another owner, protection)
 * fails before any write; a failed write records what is live (the next `up` plans again from there).
 */
async function writeRecords(client: HcloudClient, zone: Zone, id: string, inputs: Props, doing: string) {
  const what = describe(zone);
  const desired = desiredOrThrow(inputs, zone);
  reportSkipped(what, desired.skipped);
  const s = new Settler(client.waiter, what);
  await converge({ client, zone, desired: desired.rrsets, scope: desired.scope, owner: inputs.__owner, what }, s);
  const order = desired.rrsets.map(rrsetKey);
  const outs = { ...(await outputsOf(client, zone, inputs, order)), ...(inputs.__owner !== undefined ? { __owner: inputs.__owner } : {}) };
  if (s.errors.length) throw partialFailure(`${doing} ${what} failed: ${s.message}`, id, outs, inputs);
  return { id, outs };
}

export async function read(id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const client = hcloudClient(props);
  const zone = await client.zones.find(Number(id));
  if (!zone) return { id: "", props: {} };
  // Kept in the order recorded last, so a refresh shows only what changed.
  const outs = await outputsOf(client, zone, props, ((props.records ?? []) as RecordSet[]).map(rrsetKey));
  const inputs: Props = { zone: props.zone, records: outs.records };
  if (props.filter) inputs.filter = props.filter;
  if (props.__owner !== undefined) inputs.__owner = props.__owner;
  return { id, props: { ...outs, ...(props.__owner !== undefined ? { __owner: props.__owner } : {}) }, inputs };
}

export async function update(id: string, _olds: Props, news: Props) {
  const client = hcloudClient(news);
  const zone = await resolveZone(client, id, "hcloud.ZoneRecords");
  const { outs } = await writeRecords(client, zone, id, news, "updating");
  return { outs };
}

/**
 * Removes the rrsets in scope that are this resource's: its owner label, or recorded in its state and
 * carrying no owner label (an import leaves rrsets unlabelled). An unlabelled rrset it never recorded
 * stays, and so does the zone.
 */
export async function remove(id: string, props: Props = {}) {
  const client = hcloudClient(props);
  const zone = await client.zones.find(Number(id));
  if (!zone) return; // the zone is gone, and its rrsets with it
  const what = describe(zone);
  const recorded = new Set(((props.records ?? []) as RecordSet[]).map(rrsetKey));
  const owner = (r: LiveRrset) => r.labels[OWNER_LABEL];
  const managed = (r: LiveRrset) =>
    (typeof props.__owner === "string" && owner(r) === props.__owner) || (owner(r) === undefined && recorded.has(rrsetKey(r)));
  const s = new Settler(client.waiter, what);
  await converge({ client, zone, desired: [], scope: scopeOf(props, zone), owner: props.__owner, what, managed }, s);
  if (s.errors.length) throw new Error(`deleting ${what} failed: ${s.message}`);
}

// ---- hcloud.Zone `records` ---------------------------------------------------------------------
// A Zone with `records` owns every rrset of its zone (no filter): they are created with the zone in its
// one POST /zones, and later changes go through the same planner. Without `records`, the zone's rrsets
// are not the Zone's business (hcloud.ZoneRrset or hcloud.ZoneRecords may own them).

const zoneWhat = (zone: { name: string }) => `hcloud.Zone ${zone.name} records`;

/** check() of the Zone's `records` (`zone`: the checked zone name; a secondary zone has none to manage). */
export function checkZoneRecordsInput(records: unknown, zone: unknown, mode: unknown, failures: CheckFailure[]): unknown {
  if (absent(records)) return undefined;
  if (mode === "secondary") {
    failures.push({ property: "records", reason: "records applies to primary zones only: a secondary zone's records come from its primary nameservers; remove records" });
    return undefined;
  }
  const before = failures.length;
  const checked = checkRecordsShape(records, failures);
  if (failures.length === before && typeof zone === "string" && !isUnknown(zone) && !containsUnknown(checked)) {
    failures.push(...desiredRecords(checked as RecordSet[], zone, undefined).failures);
  }
  return checked;
}

/** diff() of the Zone's `records` against the live ones recorded in its outputs. */
export function zoneRecordsChanged(olds: Props, news: Props): boolean {
  if (news.records === undefined) return false;
  if (containsUnknown(news.records) || containsUnknown(news.name) || olds.records === undefined) return true;
  const { rrsets } = desiredOrThrow({ records: news.records }, { name: news.name }, zoneWhat({ name: news.name }));
  return !sameRecords(rrsets, olds.records);
}

/** The rrsets a new zone is created with, in its one POST (owner-labelled); undefined without `records`. */
export function zoneCreateRrsets(inputs: Props): RrsetSpec[] | undefined {
  if (inputs.records === undefined) return undefined;
  const zone = { name: inputs.name as string };
  const desired = desiredOrThrow({ records: inputs.records }, zone, zoneWhat(zone));
  reportSkipped(zoneWhat(zone), desired.skipped);
  return desired.rrsets.map(({ name, type, ttl, values }) => ({
    name,
    type,
    ttl,
    records: values.map((value) => ({ value })),
    labels: ownedLabels({}, inputs.__owner),
  }));
}

/** The Zone's `records` output: its rrsets as they are live (SOA and apex NS aside); nothing without `records`. */
export async function zoneRecordsOutput(client: HcloudClient, zone: Zone, inputs: Props): Promise<{ records?: RecordSet[] }> {
  if (inputs.records === undefined) return {};
  const { live } = liveRrsets(await client.rrsets.list(zone.id), zone.name);
  return { records: recordsOutput(live.filter((r) => inScope(r))) };
}

/** Converges the zone's rrsets on the Zone's `records` (a plan error is thrown before any write). */
export async function convergeZoneRecords(client: HcloudClient, zone: Zone, inputs: Props, s: Settler): Promise<void> {
  if (inputs.records === undefined || zone.mode !== "primary") return;
  const what = zoneWhat(zone);
  const desired = desiredOrThrow({ records: inputs.records }, zone, what);
  reportSkipped(what, desired.skipped);
  await converge({ client, zone, desired: desired.rrsets, owner: inputs.__owner, what }, s);
}

export const zoneRecords: ResourceImplementation = withCredentials({ check, diff, create, read, update, delete: remove }, DEFAULT_ENDPOINT);
