/**
 * hcloud.ZoneRrset: one RRSet (all records of one name and type) of a Hetzner Cloud DNS zone — check,
 * diff, create, read, update, delete. Names and values are put in the API's canonical form by
 * provider/dns in `check`, so a value written one way and read back another never diffs.
 *
 * The zone's SOA and apex NS RRSets exist from the zone's creation: creating one of those adopts it
 * (and sets its records), and deleting the resource restores what Hetzner assigned instead of deleting.
 */
import { isApiError, unlessNotFound } from "../core/errors";
import { HetznerErrorCode } from "../core/hetzner";
import { CheckFailure, containsUnknown, isUnknown, sameValue } from "../core/inputs";
import { finishCreate, Settler } from "../core/lifecycle";
import { checkUserLabels, ownedLabels, OWNER_LABEL, partialFailure, Props, ResourceImplementation, visibleLabels } from "../core/resource";
import { credentialsProblems, withCredentials } from "../core/credentials";
import type { PropertyChange } from "../host";
import { absoluteName, canonicalValue, RECORD_TYPES, recordType, relativeName, zoneName } from "../dns";
import { MAX_RECORDS_PER_ACTION, Rrset, RrsetKey, RrsetRecord } from "./api/zones";
import { DEFAULT_ENDPOINT, HcloudClient, hcloudClient } from "./client";
import { checkBoolean, checkTtl, dnsReason } from "./zone";

export interface ZoneRrsetOutputs {
  /** The zone as the program gave it (id or name). */
  zone: number | string;
  zoneId: number;
  /** ASCII (punycode), no trailing dot. */
  zoneName: string;
  name: string;
  type: string;
  /** null: the zone's default TTL. */
  ttl: number | null;
  records: RrsetRecord[];
  labels: Record<string, string>;
  changeProtection: boolean;
  /** The absolute name, with trailing dot. */
  fqdn: string;
}

const RECORD_KEYS = ["value", "comment"];
const absent = (value: unknown) => value === undefined || value === null;

/** The SOA and the apex NS come with the zone: they are adopted and restored, never created or deleted. */
export const comesWithZone = (name: string, type: string) => type === "SOA" || (type === "NS" && name === "@");

// ---- check -------------------------------------------------------------------------------------

/** `zone` as an id (a number) or a zone name (punycode); undefined when it is neither. */
function zoneRef(value: unknown): number | string | undefined {
  if (typeof value === "number") return Number.isSafeInteger(value) && value > 0 ? value : undefined;
  if (typeof value !== "string" || !value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  return zoneName(value);
}

/**
 * The zone's name, which names and values are relative to: the zone input itself, or for an id the
 * name recorded at the last check (a lookup only when the zone is new to this resource, and one per
 * zone in a provider process: see ZonesApi.nameOf).
 */
async function zoneNameOf(zone: number | string, olds: Props, news: Props): Promise<string | undefined> {
  if (typeof zone === "string") return zone;
  if (olds.zone === zone && typeof olds.__zoneName === "string") return olds.__zoneName;
  return hcloudClient(news).zones.nameOf(zone);
}

export async function check(olds: Props, news: Props) {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const inputs: Props = {};

  let zone: unknown = news.zone;
  let zoneAscii: string | undefined;
  if (absent(zone) || zone === "") fail("zone", 'zone is required: the zone\'s id or name, e.g. zone.zoneId or "example.com"');
  else if (!isUnknown(zone)) {
    try {
      const ref = zoneRef(zone);
      if (ref === undefined) fail("zone", `zone must be a zone id or a zone name, got ${JSON.stringify(zone)}`);
      else {
        zone = ref;
        // By id, the zone is read with the resource's credentials: not before they are known and sound (check reports those).
        const canRead = typeof ref === "string" || (!containsUnknown(news.credentials) && credentialsProblems(news.credentials, DEFAULT_ENDPOINT).length === 0);
        if (canRead) {
          zoneAscii = await zoneNameOf(ref, olds, news);
          if (zoneAscii === undefined) fail("zone", `zone ${ref} not found: check the id, or give the zone's name`);
        }
      }
    } catch (error) {
      fail("zone", `zone: ${dnsReason(error)}`);
    }
  }
  inputs.zone = zone;
  if (zoneAscii !== undefined) inputs.__zoneName = zoneAscii;

  let type: unknown = news.type;
  let typeKnown = false;
  if (absent(type)) fail("type", 'type is required, e.g. "A", "MX" or "TXT"');
  else if (!isUnknown(type)) {
    try {
      type = recordType(type as string, RECORD_TYPES);
      typeKnown = true;
    } catch (error) {
      fail("type", `type: ${dnsReason(error)}`);
    }
  }
  inputs.type = type;

  let name: unknown = news.name;
  if (absent(name) || name === "") fail("name", 'name is required: "@" for the zone apex, or a name relative to the zone such as "www"');
  else if (!isUnknown(name) && zoneAscii !== undefined) {
    try {
      name = relativeName(name as string, zoneAscii);
    } catch (error) {
      fail("name", `name: ${dnsReason(error)}`);
    }
  }
  inputs.name = name;

  inputs.ttl = absent(news.ttl) ? null : checkTtl(news.ttl, "ttl", failures);
  inputs.records = checkRecords(news.records, typeKnown ? (type as string) : undefined, zoneAscii, failures);
  inputs.labels = checkUserLabels(news.labels ?? {}, failures);
  inputs.changeProtection = checkBoolean(news.changeProtection, "changeProtection", failures);
  if (news.__owner !== undefined) inputs.__owner = news.__owner;
  return { inputs, failures };
}

/** The records with canonical values (when type and zone are known) and "" for no comment; at most 50, no value twice. */
function checkRecords(value: unknown, type: string | undefined, zone: string | undefined, failures: CheckFailure[]): unknown {
  if (isUnknown(value)) return value;
  if (!Array.isArray(value) || value.length === 0) {
    failures.push({ property: "records", reason: "records must list at least one { value, comment? }" });
    return value;
  }
  if (value.length > MAX_RECORDS_PER_ACTION) {
    failures.push({ property: "records", reason: `records: at most ${MAX_RECORDS_PER_ACTION} values in one record set (the API sets at most ${MAX_RECORDS_PER_ACTION} at once), got ${value.length}` });
  }
  if ((type === "CNAME" || type === "SOA") && value.length > 1) {
    failures.push({ property: "records", reason: `records: ${type === "SOA" ? "an" : "a"} ${type} record set holds exactly one value, got ${value.length}` });
  }
  const seen = new Map<string, number>();
  return value.map((entry, i) => {
    const at = `records[${i}]`;
    const fail = (property: string, reason: string) => failures.push({ property, reason: `${property}: ${reason}` });
    if (containsUnknown(entry)) return entry;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      fail(at, "each record must be { value, comment? }");
      return entry;
    }
    const e = entry as Props;
    for (const key of Object.keys(e)) if (!RECORD_KEYS.includes(key)) fail(at, `unknown property "${key}" (expected value, comment)`);
    const comment = absent(e.comment) ? "" : e.comment;
    if (typeof comment !== "string") fail(`${at}.comment`, "comment must be a string");
    let canonical = e.value;
    if (typeof e.value !== "string" || e.value === "") fail(`${at}.value`, "value must be a non-empty string");
    else if (type !== undefined && zone !== undefined) {
      try {
        canonical = canonicalValue(type, e.value, zone);
      } catch (error) {
        fail(`${at}.value`, dnsReason(error));
      }
      const first = seen.get(canonical);
      if (first !== undefined) fail(`${at}.value`, `the same value as records[${first}] (a record set holds each value once)`);
      else seen.set(canonical, i);
    }
    return { value: canonical, comment };
  });
}

// ---- diff --------------------------------------------------------------------------------------

/** Records as a comparable set: value (by `key`) → comment (order never matters to the API). */
const recordMap = (records: unknown, key: (value: string) => string): Map<string, string> =>
  new Map((Array.isArray(records) ? (records as RrsetRecord[]) : []).map((r) => [key(r.value), r.comment ?? ""]));

function sameRecords(a: unknown, b: unknown, type: string): boolean {
  const key = recordKey(type);
  const left = recordMap(a, key);
  const right = recordMap(b, key);
  return left.size === right.size && [...left].every(([value, comment]) => right.get(value) === comment);
}

/** The zone input names the zone the outputs were made in (by id or by name). */
function sameZone(olds: Props, zone: unknown): boolean {
  if (typeof zone === "number") return zone === olds.zoneId;
  return zone === (olds.zoneName ?? olds.zone);
}

export async function diff(_id: string, olds: Props, news: Props) {
  const replaces: string[] = [];
  if (containsUnknown(news.zone) || !sameZone(olds, news.zone)) replaces.push("zone");
  if (containsUnknown(news.name) || news.name !== olds.name) replaces.push("name");
  if (containsUnknown(news.type) || news.type !== olds.type) replaces.push("type");
  const changed = [...replaces];
  if (containsUnknown(news.ttl) || (news.ttl ?? null) !== (olds.ttl ?? null)) changed.push("ttl");
  if (containsUnknown(news.records) || !sameRecords(olds.records, news.records, news.type)) changed.push("records");
  if (containsUnknown(news.labels) || !sameValue(olds.labels ?? {}, news.labels ?? {})) changed.push("labels");
  if (containsUnknown(news.changeProtection) || (olds.changeProtection ?? false) !== (news.changeProtection ?? false)) changed.push("changeProtection");
  // A CNAME may not stand beside other data at one name: a type change to or from CNAME at the same
  // name frees the name first. Any other replacement creates the new record set before deleting the old one.
  const cnameSwap = replaces.length === 1 && replaces[0] === "type" && (olds.type === "CNAME" || news.type === "CNAME");
  const result = { changes: changed.length > 0, replaces, deleteBeforeReplace: cnameSwap };
  // In place, `pulumi preview --diff` shows the records added, removed and re-commented, not the whole list
  // (the host hook only speaks add/delete/update, so a replacement keeps the engine's own display).
  if (replaces.length || !changed.length) return result;
  const detailedDiff: Record<string, PropertyChange> = {};
  for (const field of changed) {
    if (field === "records" && !containsUnknown(news.records)) Object.assign(detailedDiff, recordChanges(olds.records ?? [], news.records, recordKey(news.type)));
    else detailedDiff[field] = "update";
  }
  return { ...result, detailedDiff };
}

/** Records removed (by their old position), added or re-commented (by their new position); one position with both is an update. */
function recordChanges(olds: RrsetRecord[], news: RrsetRecord[], key: (value: string) => string): Record<string, PropertyChange> {
  const oldByKey = new Map(olds.map((r) => [key(r.value), r]));
  const newKeys = new Set(news.map((r) => key(r.value)));
  const changes: Record<string, PropertyChange> = {};
  olds.forEach((r, i) => {
    if (!newKeys.has(key(r.value))) changes[`records[${i}]`] = "delete";
  });
  news.forEach((r, i) => {
    const old = oldByKey.get(key(r.value));
    if (old && old.comment === r.comment) return;
    const at = `records[${i}]`;
    changes[at] = old || changes[at] ? "update" : "add";
  });
  return changes;
}

// ---- the fewest record actions -----------------------------------------------------------------

export interface RecordStep {
  command: "set_records" | "add_records" | "remove_records" | "update_records";
  records: RrsetRecord[];
}

/**
 * The fewest requests that turn the `live` records into the `desired` ones. set_records replaces them
 * all in one request; the targeted actions take one request per kind of change (add_records for new
 * values, remove_records for dropped ones, update_records for comments of kept ones). So: no change,
 * nothing; one kind of change, its targeted action (as few requests, and the body carries only the
 * change); two or three kinds, or more records than one request takes, one set_records. Values are matched by `key` (the canonical form, see
 * recordKey), and removals name the value as the API spells it.
 */
export function planRecordSteps(live: RrsetRecord[], desired: RrsetRecord[], key: (value: string) => string = (v) => v): RecordStep[] {
  const liveByKey = new Map(live.map((r) => [key(r.value), r]));
  const desiredKeys = new Set(desired.map((r) => key(r.value)));
  const added = desired.filter((r) => !liveByKey.has(key(r.value)));
  const removed = [...liveByKey].filter(([k]) => !desiredKeys.has(k)).map(([, r]) => r);
  const recommented = desired.filter((r) => liveByKey.has(key(r.value)) && liveByKey.get(key(r.value))!.comment !== r.comment);
  const targeted: RecordStep[] = [];
  if (added.length) targeted.push({ command: "add_records", records: added });
  if (removed.length) targeted.push({ command: "remove_records", records: removed });
  if (recommented.length) targeted.push({ command: "update_records", records: recommented });
  // One request takes at most 50 records: more to remove (live records added out of band) is one set_records too.
  const fits = targeted.every((step) => step.records.length <= MAX_RECORDS_PER_ACTION);
  return targeted.length <= 1 && fits ? targeted : [{ command: "set_records", records: desired }];
}

// ---- create / read / update / delete -----------------------------------------------------------

/** `<zoneId>/<name>/<type>`: a name never holds a slash. */
export const rrsetId = (zoneId: number, name: string, type: string) => `${zoneId}/${name}/${type}`;

function parseId(id: string): { zone: number; name: string; type: string } {
  const first = id.indexOf("/");
  const last = id.lastIndexOf("/");
  return { zone: Number(id.slice(0, first)), name: id.slice(first + 1, last), type: id.slice(last + 1) };
}

const describe = (zone: string | number, name: string, type: string) => `record set ${name} ${type} in zone ${zone}`;

/** A live value in canonical form (a value the API spells differently must not show as drift); read back, so a relative name is literal. */
function canonicalOf(type: string, zone: string): (value: string) => string {
  return (value) => {
    try {
      return canonicalValue(type, value, zone, { zoneSuffix: "append" });
    } catch {
      return value;
    }
  };
}

/**
 * What of a value counts when records are compared: its canonical form, and for the SOA without its
 * serial, which is Hetzner's to count up (every change anywhere in the zone bumps it).
 */
export function recordKey(type: string, zone?: string): (value: string) => string {
  const canonical = zone === undefined ? (v: string) => v : canonicalOf(type, zone);
  if (type !== "SOA") return canonical;
  return (value) => canonical(value).split(" ").map((field, i) => (i === 2 ? "<serial>" : field)).join(" ");
}

/** Live records, canonical, in the program's order (the API's order is not stable). */
function orderedRecords(live: RrsetRecord[], asked: unknown, canonical: (value: string) => string): RrsetRecord[] {
  const order = new Map((Array.isArray(asked) ? (asked as RrsetRecord[]) : []).map((r, i) => [r.value, i]));
  const rank = (r: RrsetRecord) => order.get(r.value) ?? Number.MAX_SAFE_INTEGER;
  return live
    .map((r) => ({ value: canonical(r.value), comment: r.comment }))
    .sort((a, b) => rank(a) - rank(b) || a.value.localeCompare(b.value));
}

function outputsOf(live: Rrset, zoneAscii: string, props: Props): Props {
  const outs: Props = {
    zone: props.zone ?? live.zone,
    zoneId: live.zone,
    zoneName: zoneAscii,
    name: live.name,
    type: live.type,
    ttl: live.ttl,
    records: orderedRecords(live.records, props.records, canonicalOf(live.type, zoneAscii)),
    labels: visibleLabels(live.labels),
    changeProtection: live.changeProtection,
    fqdn: absoluteName(live.name, zoneAscii),
    __zoneName: zoneAscii,
  };
  if (props.__adopted !== undefined) outs.__adopted = props.__adopted;
  if (props.__owner !== undefined) outs.__owner = props.__owner;
  return outs;
}

function protectedError(what: string, verb: string): Error {
  return new Error(`${what} has change protection: disable changeProtection first (set changeProtection: false and run \`pulumi up\`), then ${verb} it`);
}

/** Protection blocks record and TTL changes: refused before any request while it stays on. */
function refuseWhileProtected(live: Rrset, inputs: Props, zoneAscii: string, resource: string): void {
  if (!live.changeProtection || inputs.changeProtection === false) return;
  const steps = planRecordSteps(live.records, inputs.records, recordKey(live.type, zoneAscii));
  if (steps.length || live.ttl !== (inputs.ttl ?? null)) throw protectedError(resource, "change");
}

/** The program's labels plus the owner label: the one the record set carries is kept, else this resource's (an adopted one gets it). */
const liveOwnedLabels = (live: Rrset, inputs: Props) => ownedLabels(inputs.labels, live.labels[OWNER_LABEL] ?? inputs.__owner);

/**
 * Converges the live record set on `inputs`, each Action awaited in turn: protection off first (it blocks
 * changes), labels, the fewest record actions, the TTL, protection on last.
 */
async function converge(client: HcloudClient, live: Rrset, inputs: Props, zoneAscii: string, s: Settler, labels = liveOwnedLabels(live, inputs)): Promise<void> {
  const api = client.rrsets;
  const key: RrsetKey = { zone: live.zone, name: live.name, type: live.type };
  if (live.changeProtection && inputs.changeProtection === false) await s.step("change_protection", api.changeProtection(key, false));
  if (!sameValue(live.labels, labels)) {
    s.steps++;
    await api.update(key, { labels }).catch((error) => s.fail("labels", error));
  }
  for (const step of planRecordSteps(live.records, inputs.records, recordKey(live.type, zoneAscii))) {
    const started =
      step.command === "set_records"
        ? api.setRecords(key, step.records)
        : step.command === "add_records"
          ? api.addRecords(key, step.records)
          : step.command === "remove_records"
            ? api.removeRecords(key, step.records.map((r) => r.value))
            : api.updateRecords(key, step.records);
    await s.step(step.command, started);
  }
  const ttl = inputs.ttl ?? null;
  if (live.ttl !== ttl) await s.step("change_ttl", api.changeTtl(key, ttl));
  if (!live.changeProtection && inputs.changeProtection === true) await s.step("change_protection", api.changeProtection(key, true));
}

/** The error for a record set of this name and type that someone else made. */
function notOursError(resource: string): Error {
  return new Error(
    `${resource} already exists and is not managed by this resource (it does not carry this resource's owner label ${OWNER_LABEL}). ` +
      "Delete it, or leave it to whoever manages it and remove this resource from the program, then run `pulumi up` again",
  );
}

export async function create(inputs: Props) {
  const client = hcloudClient(inputs);
  const zoneAscii: string = inputs.__zoneName;
  const resource = describe(zoneAscii, inputs.name, inputs.type);
  const key: RrsetKey = { zone: inputs.zone, name: inputs.name, type: inputs.type };
  let created: Rrset;
  let actions: Awaited<ReturnType<HcloudClient["rrsets"]["create"]>>["actions"] = [];
  let props = inputs;
  if (comesWithZone(inputs.name, inputs.type)) {
    // Hetzner made it with the zone: adopt it, remembering what to restore when this resource goes.
    created = await client.rrsets.get(key);
    refuseWhileProtected(created, inputs, zoneAscii, resource);
    props = { ...inputs, __adopted: { ttl: created.ttl, labels: created.labels } };
  } else {
    const spec = { name: inputs.name, type: inputs.type, ttl: inputs.ttl, records: inputs.records, labels: ownedLabels(inputs.labels, inputs.__owner) };
    // A create whose answer was lost, or repeated after a hard interrupt, finds its own record set by the owner label.
    ({ value: created, actions } = await client.rrsets.create(inputs.zone, spec, async () => {
      const found = await client.rrsets.find(key);
      if (!found) return undefined;
      if (inputs.__owner === undefined || found.labels[OWNER_LABEL] !== inputs.__owner) throw notOursError(resource);
      return found;
    }));
  }
  // The create's answer is the record set as asked: it is read again only when steps followed it or
  // something failed (a failed create Action may have left no record set at all).
  let readAgain = false;
  return finishCreate({
    id: rrsetId(created.zone, created.name, created.type),
    created,
    resource,
    inputs: props,
    waiter: client.waiter,
    run: async (s) => {
      await s.step("create_rrset", actions);
      const before = s.steps;
      await converge(client, created, inputs, zoneAscii, s);
      readAgain = s.steps > before || s.errors.length > 0;
    },
    read: async () => (readAgain ? client.rrsets.find({ zone: created.zone, name: created.name, type: created.type }) : undefined),
    outputs: (live) => outputsOf(live, zoneAscii, props),
    // The outputs come from the live record set, so whatever a failed step left undone already shows there.
    markUndone: () => undefined,
  });
}

export async function read(id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const key = parseId(id);
  // One listing of the zone answers the reads of all its record sets (a refresh of 500 is 5 pages, not 500 GETs).
  const live = await hcloudClient(props).rrsets.findListed(key);
  if (!live) return { id: "", props: {} };
  const zoneAscii: string = props.__zoneName ?? props.zoneName ?? (await hcloudClient(props).zones.get(key.zone)).name;
  const outs = outputsOf(live, zoneAscii, props);
  const inputs: Props = {
    zone: outs.zone,
    __zoneName: zoneAscii,
    name: outs.name,
    type: outs.type,
    ttl: outs.ttl,
    records: outs.records,
    labels: outs.labels,
    changeProtection: outs.changeProtection,
  };
  if (props.__owner !== undefined) inputs.__owner = props.__owner;
  return { id, props: outs, inputs };
}

/** Converges the live record set on the inputs with the fewest actions (see planRecordSteps). */
export async function update(id: string, olds: Props, news: Props) {
  const client = hcloudClient(news);
  const key = parseId(id);
  const zoneAscii: string = news.__zoneName ?? olds.zoneName;
  const resource = describe(zoneAscii, key.name, key.type);
  const live = await client.rrsets.get(key);
  refuseWhileProtected(live, news, zoneAscii, resource);
  const s = new Settler(client.waiter, resource);
  await converge(client, live, news, zoneAscii, s);
  const props = olds.__adopted === undefined ? news : { ...news, __adopted: olds.__adopted };
  const final = s.steps > 0 ? await client.rrsets.get(key) : live;
  const outs = outputsOf(final, zoneAscii, props);
  if (s.errors.length) throw partialFailure(`updating ${resource} failed: ${s.message}`, id, outs, news);
  return { outs };
}

/** The apex NS back to Hetzner's assigned nameservers, and its TTL and labels back to what they were when adopted. */
async function restoreApexNs(client: HcloudClient, key: { zone: number; name: string; type: string }, props: Props, resource: string): Promise<void> {
  const zone = await client.zones.find(key.zone);
  const live = zone && (await client.rrsets.find(key));
  if (!zone || !live) return; // the zone is gone, and its NS with it
  const assigned = zone.authoritativeNameservers.assigned.map((ns) => ({ value: ns.endsWith(".") ? ns : `${ns}.`, comment: "" }));
  const adopted = (props.__adopted ?? {}) as { ttl?: number | null; labels?: Record<string, string> };
  const s = new Settler(client.waiter, resource);
  // Exactly the labels it had when adopted: this resource's owner label goes with it.
  const labels = adopted.labels ?? visibleLabels(live.labels);
  await converge(client, live, { records: assigned, ttl: adopted.ttl ?? null, changeProtection: live.changeProtection }, zone.name, s, labels);
  if (s.errors.length) throw new Error(`restoring Hetzner's nameservers of ${resource} failed: ${s.message}`);
}

export async function remove(id: string, props: Props = {}) {
  const key = parseId(id);
  const resource = describe(props.zoneName ?? key.zone, key.name, key.type);
  if (props.changeProtection === true) throw protectedError(resource, "delete");
  // Hetzner's SOA stays with the zone: dropping it from the state is all there is to do.
  if (key.type === "SOA") return;
  const client = hcloudClient(props);
  if (comesWithZone(key.name, key.type)) return restoreApexNs(client, key, props, resource);
  // No read first: a record set already gone answers 404, one protected out of band answers `protected`.
  const actions = await unlessNotFound(client.rrsets.delete(key)).catch((error) => {
    throw isApiError(error, HetznerErrorCode.Protected) ? protectedError(resource, "delete") : error;
  });
  if (actions) await client.waiter.wait(actions, { resource });
}

export const zoneRrset: ResourceImplementation = withCredentials({ check, diff, create, read, update, delete: remove }, DEFAULT_ENDPOINT);
