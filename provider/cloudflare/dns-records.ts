/**
 * cloudflare.DnsRecords: a whole Cloudflare zone (or the part a filter selects) from one list in the shared
 * record model (`{ name, type, ttl?, values }`, the same input as every family's whole-zone resource), plus
 * Cloudflare's extras per record set (`proxied`, `comment`, `tags`). The change set is planned with the
 * fewest writes (provider/dns/record-plan.ts) and sent as `/batch` requests, split only at the batch limit,
 * deletes first. Cloudflare's own SOA and apex NS are in no scope. The Pulumi id is the zone id.
 */
import { withCredentials } from "../core/credentials";
import { canonicalJson, CheckFailure, containsUnknown, isUnknown } from "../core/inputs";
import { partialFailure, Props, ResourceImplementation } from "../core/resource";
import { relativeName } from "../dns/names";
import { LiveRecord, planRecords, RecordPlan, SingleRecord, toSingleRecords, groupRecords } from "../dns/record-plan";
import { RecordSet } from "../dns/types";
import {
  checkFilter,
  checkRecordsShape,
  desiredRecords,
  inScope,
  PlannedRrset,
  RecordScope,
  recordsDetailedDiff,
  recordsOutput,
  rrsetKey,
  sameRecords,
} from "../dns/zone-records-input";
import { batchSize, MAX_BATCH_OPERATIONS } from "./api/batch";
import { cloudflareClient, CloudflareClient, DEFAULT_ENDPOINT } from "./client";
import { AUTOMATIC_TTL, PROXIABLE_TYPES } from "./dns-record";
import { fromCloudflare, MODEL_TYPES, toCloudflareFields } from "./record-values";
import { answerLost } from "./record-writer";
import type { BatchRequestWire, RecordBodyWire, RecordPatchWire, RecordWire } from "./wire";

/** Cloudflare keeps the SOA and the apex NS for itself (its list does not even return them). */
const vendorManaged = ({ name, type }: { name: string; type: string }) => type === "SOA" || (type === "NS" && name === "@");

/** Cloudflare's extras for one record set, applied to each of its records. */
export interface RecordExtras {
  name: string;
  type: string;
  proxied?: boolean;
  comment?: string;
  tags?: string[];
}
const EXTRAS_KEYS = ["name", "type", "proxied", "comment", "tags"];

/** The extras in one comparable form: relative names, sorted, only sets with something set. */
function normalExtras(extras: RecordExtras[]): RecordExtras[] {
  return extras
    .map(({ name, type, proxied, comment, tags }) => ({
      name,
      type,
      ...(proxied ? { proxied: true } : {}),
      ...(comment ? { comment } : {}),
      ...(tags?.length ? { tags: [...tags].sort() } : {}),
    }))
    .filter((e) => Object.keys(e).length > 2)
    .sort((a, b) => rrsetKey(a).localeCompare(rrsetKey(b)));
}

function checkExtras(value: unknown, zone: string | undefined, desired: PlannedRrset[] | undefined, failures: CheckFailure[]): RecordExtras[] | unknown {
  if (value === undefined || value === null) return [];
  if (containsUnknown(value)) return value;
  const fail = (property: string, reason: string) => failures.push({ property, reason: `${property}: ${reason}` });
  if (!Array.isArray(value)) {
    fail("recordExtras", "recordExtras must be a list of { name, type, proxied?, comment?, tags? }");
    return value;
  }
  return value.map((entry: Record<string, any>, i) => {
    const at = `recordExtras[${i}]`;
    if (typeof entry !== "object" || entry === null) return fail(at, "must be { name, type, proxied?, comment?, tags? }"), entry;
    for (const key of Object.keys(entry)) if (!EXTRAS_KEYS.includes(key)) fail(at, `unknown property "${key}" (expected ${EXTRAS_KEYS.join(", ")})`);
    const type = typeof entry.type === "string" ? entry.type.toUpperCase() : entry.type;
    let name = entry.name;
    if (zone !== undefined && typeof name === "string") {
      try {
        name = relativeName(name, zone);
      } catch (error) {
        fail(`${at}.name`, (error as Error).message);
      }
    }
    const set = desired?.find((r) => r.name === name && r.type === type);
    if (desired && !set) fail(at, `${name} ${type} is not in records`);
    if (entry.proxied !== undefined && typeof entry.proxied !== "boolean") fail(`${at}.proxied`, "proxied must be true or false");
    if (entry.proxied === true && !PROXIABLE_TYPES.has(type)) fail(`${at}.proxied`, `a ${type} record cannot be proxied (only A, AAAA and CNAME can)`);
    if (entry.proxied === true && set && set.ttl !== null) fail(`${at}.proxied`, `proxied records must have an automatic TTL: remove ttl ${set.ttl} from ${name} ${type} in records`);
    if (entry.comment !== undefined && typeof entry.comment !== "string") fail(`${at}.comment`, "comment must be a string");
    if (entry.tags !== undefined && (!Array.isArray(entry.tags) || entry.tags.some((t: unknown) => typeof t !== "string" || !t))) fail(`${at}.tags`, "tags must be a list of non-empty strings");
    return Object.fromEntries(Object.entries({ ...entry, name, type }).filter(([, v]) => v !== undefined));
  });
}

export async function check(olds: Props, news: Props) {
  const failures: CheckFailure[] = [];
  const inputs: Props = { ...news };
  const zoneId = news.zoneId;
  if (!isUnknown(zoneId) && (typeof zoneId !== "string" || !/^[0-9a-zA-Z]{1,32}$/.test(zoneId))) failures.push({ property: "zoneId", reason: "zoneId must be a Cloudflare zone id (up to 32 letters and digits)" });
  inputs.records = checkRecordsShape(news.records, failures, "records", MODEL_TYPES);
  if (failures.length === 0 && !isUnknown(zoneId) && !containsUnknown(inputs.records)) {
    const zone = olds.zoneId === zoneId && typeof olds.zoneName === "string" ? olds.zoneName : await cloudflareClient(news).zoneName(zoneId);
    inputs.zoneName = zone;
    inputs.filter = checkFilter(news.filter, zone, failures, MODEL_TYPES);
    if (!containsUnknown(inputs.filter)) {
      const desired = desiredRecords(inputs.records, zone, inputs.filter as RecordScope | undefined, { vendorManaged, types: MODEL_TYPES });
      failures.push(...desired.failures);
      inputs.recordExtras = checkExtras(news.recordExtras, zone, desired.rrsets, failures);
    }
  } else {
    inputs.filter = checkFilter(news.filter, undefined, failures, MODEL_TYPES);
    inputs.recordExtras = checkExtras(news.recordExtras, undefined, undefined, failures);
  }
  // The engine's Struct takes no undefined values (an unset filter).
  for (const key of Object.keys(inputs)) if (inputs[key] === undefined) delete inputs[key];
  return { inputs, failures };
}

/** The program's record sets in canonical form (check has validated them). */
function desiredOf(inputs: Props): PlannedRrset[] {
  return desiredRecords(inputs.records, inputs.zoneName, inputs.filter ?? undefined, { vendorManaged, types: MODEL_TYPES }).rrsets;
}

export async function diff(_id: string, olds: Props, news: Props) {
  const replaces = containsUnknown(news.zoneId) || olds.zoneId !== news.zoneId ? ["zoneId"] : [];
  // Another zone: its records are written before this zone's go, as every family's whole-zone resource does
  // (records of two zones never clash, and the names keep answering throughout).
  if (replaces.length || [news.records, news.filter, news.recordExtras].some(containsUnknown)) {
    return { changes: true, replaces, deleteBeforeReplace: false };
  }
  const desired = desiredOf(news);
  const positions = desiredRecords(news.records, news.zoneName, news.filter ?? undefined, { vendorManaged, types: MODEL_TYPES }).positions;
  const detailedDiff: Record<string, { kind: "add" | "update" | "delete"; inputDiff: boolean }> = {};
  if (!sameRecords(olds.records ?? [], desired)) {
    for (const [path, kind] of Object.entries(recordsDetailedDiff(olds.records ?? [], desired, positions))) detailedDiff[path] = { kind, inputDiff: true };
  }
  if (canonicalJson(olds.filter ?? null) !== canonicalJson(news.filter ?? null)) detailedDiff.filter = { kind: "update", inputDiff: true };
  if (canonicalJson(normalExtras(olds.recordExtras ?? [])) !== canonicalJson(normalExtras(news.recordExtras ?? []))) detailedDiff.recordExtras = { kind: "update", inputDiff: true };
  return { changes: Object.keys(detailedDiff).length > 0, replaces, deleteBeforeReplace: false, detailedDiff };
}

/** The zone's live records this resource owns: in scope, of the model's types, not Cloudflare's own. */
function owned(live: RecordWire[], zone: string, scope: RecordScope | undefined): Array<{ wire: RecordWire; record: LiveRecord }> {
  return live.flatMap((wire) => {
    if (!(MODEL_TYPES as readonly string[]).includes(wire.type)) return [];
    const name = relativeName(wire.name, zone);
    if (!inScope({ name, type: wire.type }, scope, vendorManaged)) return [];
    const ttl = wire.ttl === AUTOMATIC_TTL || wire.ttl === undefined ? null : wire.ttl;
    return [{ wire, record: { id: wire.id, name, type: wire.type, ttl, value: fromCloudflare(wire, zone) } }];
  });
}

/** The extras a record of `name`/`type` should carry. */
function extrasFor(extras: RecordExtras[], record: { name: string; type: string }) {
  const found = extras.find((e) => e.name === record.name && e.type === record.type);
  return { proxied: found?.proxied ?? false, comment: found?.comment ?? "", tags: [...(found?.tags ?? [])].sort() };
}

function liveExtras(wire: RecordWire) {
  return { proxied: wire.proxied ?? false, comment: wire.comment ?? "", tags: [...(wire.tags ?? [])].sort() };
}

/** The body of a record the plan creates. */
function postBody(record: SingleRecord, zone: string, extras: RecordExtras[]): RecordBodyWire {
  const { proxied, comment, tags } = extrasFor(extras, record);
  return {
    type: record.type,
    name: record.name === "@" ? zone : `${record.name}.${zone}`,
    ttl: record.ttl ?? AUTOMATIC_TTL,
    ...toCloudflareFields(record.type, record.value),
    ...(PROXIABLE_TYPES.has(record.type) ? { proxied } : {}),
    ...(comment ? { comment } : {}),
    ...(tags.length ? { tags } : {}),
  };
}

/** The PATCH of a live record: its value and TTL when the plan rewrites it, the extras that differ. */
function patchBody(wire: RecordWire, record: LiveRecord, to: SingleRecord | undefined, extras: RecordExtras[]): RecordPatchWire {
  const patch: RecordPatchWire = {};
  if (to) {
    if (to.value !== record.value) Object.assign(patch, toCloudflareFields(to.type, to.value));
    if (to.ttl !== record.ttl) patch.ttl = to.ttl ?? AUTOMATIC_TTL;
  }
  const want = extrasFor(extras, record);
  const have = liveExtras(wire);
  if (PROXIABLE_TYPES.has(record.type) && want.proxied !== have.proxied) patch.proxied = want.proxied;
  if (want.comment !== have.comment) patch.comment = want.comment;
  if (canonicalJson(want.tags) !== canonicalJson(have.tags)) patch.tags = want.tags;
  // A proxied record must be automatic: turning proxying on also sets the TTL Cloudflare requires.
  if (patch.proxied === true && (to?.ttl ?? record.ttl) === null && wire.ttl !== AUTOMATIC_TTL) patch.ttl = AUTOMATIC_TTL;
  return patch;
}

/** The batch operations that take the zone from `live` to `desired`, deletes first. */
export function changeSet(live: RecordWire[], inputs: Props): { operations: BatchRequestWire; plan: RecordPlan } {
  const zone = inputs.zoneName as string;
  const extras = (inputs.recordExtras ?? []) as RecordExtras[];
  const mine = owned(live, zone, inputs.filter ?? undefined);
  const wireOf = new Map(mine.map(({ wire, record }) => [record.id, wire]));
  const plan = planRecords(
    mine.map(({ record }) => record),
    toSingleRecords(desiredOf(inputs)),
  );
  const patches: Array<RecordPatchWire & { id: string }> = [];
  for (const update of plan.updates) patches.push({ id: update.id, ...patchBody(wireOf.get(update.id)!, update.from, update.to, extras) });
  for (const kept of plan.kept) {
    const patch = patchBody(wireOf.get(kept.id)!, kept, undefined, extras);
    if (Object.keys(patch).length) patches.push({ id: kept.id, ...patch });
  }
  return {
    plan,
    operations: {
      deletes: plan.deletes.map(({ id }) => ({ id })),
      patches,
      posts: plan.creates.map((record) => postBody(record, zone, extras)),
    },
  };
}

/** The operations in batches of at most MAX_BATCH_OPERATIONS, in deletes, patches, posts order across batches too. */
function splitBatches(operations: BatchRequestWire): BatchRequestWire[] {
  const all = [
    ...(operations.deletes ?? []).map((op) => ["deletes", op] as const),
    ...(operations.patches ?? []).map((op) => ["patches", op] as const),
    ...(operations.posts ?? []).map((op) => ["posts", op] as const),
  ];
  const batches: BatchRequestWire[] = [];
  for (let i = 0; i < all.length; i += MAX_BATCH_OPERATIONS) {
    const batch: Record<string, unknown[]> = {};
    for (const [kind, op] of all.slice(i, i + MAX_BATCH_OPERATIONS)) (batch[kind] ??= []).push(op);
    batches.push(batch as BatchRequestWire);
  }
  return batches;
}

async function outputsOf(client: CloudflareClient, inputs: Props, live?: RecordWire[]): Promise<Props> {
  const zone = inputs.zoneName as string;
  const [records, zoneFile] = await Promise.all([live ?? client.records.list(inputs.zoneId), client.zoneFiles.export(inputs.zoneId)]);
  const mine = owned(records, zone, inputs.filter ?? undefined);
  const rrsets = groupRecords(mine.map(({ record }) => record));
  // The program's order when there is one (not for get(), or a generator reading the zone).
  const order = Array.isArray(inputs.records) ? desiredOf(inputs).map(rrsetKey) : [];
  // Extras as live (the first record of each set speaks for it), so a refresh shows them drifting too.
  const extras: RecordExtras[] = [];
  for (const rrset of rrsets) {
    const wire = mine.find(({ record }) => record.name === rrset.name && record.type === rrset.type)!.wire;
    const { proxied, comment, tags } = liveExtras(wire);
    extras.push({ name: rrset.name, type: rrset.type, ...(proxied ? { proxied } : {}), ...(comment ? { comment } : {}), ...(tags.length ? { tags } : {}) });
  }
  return {
    zoneId: inputs.zoneId,
    zoneName: zone,
    records: recordsOutput(rrsets, order),
    recordExtras: normalExtras(extras),
    ...(inputs.filter ? { filter: inputs.filter } : {}),
    recordCount: mine.length,
    zoneFile,
  };
}

/** How often a change set is planned again from the zone after a batch's answer was lost. */
const MAX_REPLANS = 2;

/**
 * Sends the change set; a failure after some batches went through names what is live. A batch whose answer
 * was lost may have been carried out (a batch is one transaction: all of it or nothing), so the change set is
 * planned again from the zone: what the batch did is not sent twice, what it did not do is.
 */
async function apply(inputs: Props, verb: string): Promise<{ outs: Props; error?: Error }> {
  const client = cloudflareClient(inputs);
  const plan = (live: RecordWire[]) => {
    const { operations } = changeSet(live, inputs);
    return batchSize(operations) ? splitBatches(operations) : [];
  };
  const live = await client.records.list(inputs.zoneId);
  let batches = plan(live);
  const wrote = batches.length > 0;
  let error: Error | undefined;
  for (let i = 0, replans = 0; i < batches.length; i++) {
    try {
      await client.batch.send(inputs.zoneId, batches[i]);
    } catch (failure) {
      const lost = answerLost(failure);
      if (lost && replans++ < MAX_REPLANS) {
        batches = plan(await client.records.list(inputs.zoneId));
        i = -1;
        continue;
      }
      const done = lost ? "the answer was lost: the batch may have been carried out; the next `pulumi up` reads the zone and finishes" : i === 0 && replans === 0 ? "nothing was changed" : `${i} of ${batches.length} batches went through`;
      error = new Error(`${verb} the records of zone ${inputs.zoneName} failed (${done}): ${(failure as Error).message}`);
      break;
    }
  }
  client.writer.invalidate(inputs.zoneId);
  return { outs: await outputsOf(client, inputs, wrote ? undefined : live), error };
}

export async function create(inputs: Props) {
  const { outs, error } = await apply(inputs, "creating");
  // The records written before the failure are the resource's: recorded, so the next `up` continues.
  if (error) throw partialFailure(error.message, inputs.zoneId, outs, inputs);
  return { id: inputs.zoneId as string, outs };
}

export async function update(_id: string, _olds: Props, news: Props) {
  const { outs, error } = await apply(news, "updating");
  if (error) throw error;
  return { outs };
}

export async function read(id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const outs = await outputsOf(cloudflareClient(props), props);
  const inputs: Props = { zoneId: outs.zoneId, zoneName: outs.zoneName, records: outs.records as RecordSet[], recordExtras: outs.recordExtras };
  if (props.filter) inputs.filter = props.filter;
  return { id, props: outs, inputs };
}

export async function remove(_id: string, props: Props) {
  const client = cloudflareClient(props);
  const mine = owned(await client.records.list(props.zoneId), props.zoneName, props.filter ?? undefined);
  for (const batch of splitBatches({ deletes: mine.map(({ record }) => ({ id: record.id })) })) await client.batch.send(props.zoneId, batch);
  client.writer.invalidate(props.zoneId);
}

export const dnsRecords: ResourceImplementation = withCredentials({ check, diff, create, read, update, delete: remove }, DEFAULT_ENDPOINT);
