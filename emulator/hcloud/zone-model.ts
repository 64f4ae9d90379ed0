/**
 * The stored Cloud DNS zones and RRSets, and what the zone and RRSet routes share: lookups, rendering,
 * parsing of RRSet input, zone-wide record rules, the SOA serial, and the zone's actions and locks.
 */
import { actionsInvolving, isRunning, startAction, type StoredAction } from "../hetzner/actions";
import { HetznerError, isObject, notFound, timestamp, type FieldErrors } from "../hetzner/conventions";
import { validateLabels, type Labels } from "../hetzner/labels";
import type { HcloudContext } from "./context";
import {
  ASSIGNED_NAMESERVERS,
  RECORD_TYPES,
  defaultSoa,
  nextSerial,
  recordValueError,
  rrsetNameError,
  soaSerial,
  validTtl,
  withSoaSerial,
} from "./dns-records";

export interface StoredRecord {
  value: string;
  comment: string;
}

export interface StoredRrset {
  name: string;
  type: string;
  /** null: the zone's default TTL. */
  ttl: number | null;
  labels: Labels;
  protection: { change: boolean };
  records: StoredRecord[];
  created: number;
}

export interface PrimaryNameserver {
  address: string;
  port: number;
  tsig_key?: string;
  tsig_algorithm?: string;
}

export interface StoredZone {
  id: number;
  name: string;
  mode: "primary" | "secondary";
  ttl: number;
  labels: Labels;
  protection: { delete: boolean };
  created: number;
  primaryNameservers: PrimaryNameserver[];
  rrsets: StoredRrset[];
  /** Running RRSet actions by action id, each with the RRSet it locks (`name/TYPE`); zone actions lock the whole zone. */
  rrsetActions: Record<string, string>;
}

export const DEFAULT_ZONE_TTL = 3600;
/** "The maximum value for `per_page` on this endpoint is `100`" (spec, List RRSets). */
export const RRSETS_MAX_PER_PAGE = 100;
/** `maxItems` of `records` in the RRSet actions' request bodies (spec). */
export const MAX_RECORDS_PER_ACTION = 50;

export const rrsetId = (name: string, type: string) => `${name}/${type}`;

// ---- errors ----

/** "This operation is not supported for this Zone's `mode`" (spec, operation specific errors). */
const incorrectZoneMode = (zone: StoredZone, needed: "primary" | "secondary") =>
  new HetznerError(422, "incorrect_zone_mode", `zone ${zone.name} is in ${zone.mode} mode; this operation needs a zone in ${needed} mode`);

export function assertMode(zone: StoredZone, needed: "primary" | "secondary"): void {
  if (zone.mode !== needed) throw incorrectZoneMode(zone, needed);
}

/**
 * A change-protected RRSet refuses every change but labels and protection (the API answers `protected`,
 * caddy-dns/hetzner#28), in the API's own words (the hcloud CLI's e2e test against the API matches them).
 */
export function assertChangeable(_zone: StoredZone, rrset: StoredRrset): void {
  if (rrset.protection.change) {
    throw new HetznerError(423, "protected", "RRSet(s) is/are change protected");
  }
}

// ---- lookups ----

/** A zone by its `{id_or_name}` path parameter: an id, or the zone's name. */
export function findZone(ctx: HcloudContext, raw: string): StoredZone {
  const zones = ctx.state().zones;
  const zone = /^[1-9]\d{0,15}$/.test(raw) ? zones.find((z) => z.id === Number(raw)) : zones.find((z) => z.name === raw);
  if (!zone) throw notFound("zone");
  return zone;
}

export function findRrset(zone: StoredZone, name: string, type: string): StoredRrset | undefined {
  return zone.rrsets.find((rrset) => rrset.name === name && rrset.type === type);
}

export function getRrset(zone: StoredZone, name: string, type: string): StoredRrset {
  const rrset = findRrset(zone, name, type);
  if (!rrset) throw notFound("rrset");
  return rrset;
}

// ---- rendering ----

const recordCount = (zone: StoredZone) => zone.rrsets.reduce((count, rrset) => count + rrset.records.length, 0);

export function renderRrset(zone: StoredZone, rrset: StoredRrset) {
  return {
    id: rrsetId(rrset.name, rrset.type),
    name: rrset.name,
    type: rrset.type,
    ttl: rrset.ttl,
    labels: { ...rrset.labels },
    protection: { ...rrset.protection },
    records: rrset.records.map((record) => ({ value: record.value, comment: record.comment })),
    zone: zone.id,
  };
}

export function renderZone(ctx: HcloudContext, zone: StoredZone) {
  const now = Date.now();
  const updating = actionsInvolving(ctx, "zone", zone.id).some((action) => isRunning(action, now));
  return {
    id: zone.id,
    name: zone.name,
    mode: zone.mode,
    status: updating ? "updating" : "ok",
    ttl: zone.ttl,
    record_count: recordCount(zone),
    protection: { ...zone.protection },
    labels: { ...zone.labels },
    created: timestamp(zone.created),
    // A domain not registered through Hetzner is "other" (terraform-provider-hcloud's e2e tests on the API);
    // the emulator cannot see the public DNS, so the delegation is never checked.
    registrar: "other",
    authoritative_nameservers: {
      assigned: [...ASSIGNED_NAMESERVERS],
      delegated: [],
      delegation_last_check: null,
      delegation_status: "unknown",
    },
    primary_nameservers: zone.mode === "secondary" ? zone.primaryNameservers.map((ns) => ({ ...ns })) : [],
  };
}

// ---- input ----

export type Report = (field: string, message: string) => void;

export const reportTo = (errors: FieldErrors): Report => (field, message) => errors.add(field, message);

/**
 * The `records` of an RRSet input: non-empty, distinct values, each valid for `type`; `comment` a string
 * (required by `update_records`). CNAME and SOA RRSets hold exactly one record.
 */
export function parseRecords(raw: unknown, type: string, report: (message: string) => void, options: { commentRequired?: boolean; max?: number } = {}): StoredRecord[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    report("must be a non-empty array of records");
    return [];
  }
  if (options.max !== undefined && raw.length > options.max) report(`must hold at most ${options.max} records`);
  const records: StoredRecord[] = [];
  raw.forEach((entry, index) => {
    if (!isObject(entry) || typeof entry.value !== "string") {
      report(`record ${index}: must be an object with a string value`);
      return;
    }
    if (entry.comment !== undefined && typeof entry.comment !== "string") report(`record ${index}: comment must be a string`);
    if (options.commentRequired && entry.comment === undefined) report(`record ${index}: comment is required`);
    if (RECORD_TYPES.includes(type)) {
      const problem = recordValueError(type, entry.value);
      if (problem) report(`record ${index}: value '${entry.value}' ${problem}`);
    }
    if (records.some((record) => record.value === entry.value)) report(`record ${index}: value '${entry.value}' is a duplicate: values must be distinct`);
    records.push({ value: entry.value, comment: typeof entry.comment === "string" ? entry.comment : "" });
  });
  if ((type === "CNAME" || type === "SOA") && raw.length > 1) report(`a ${type} RRSet holds exactly one record`);
  return records;
}

/** Name rules that depend on the type: SOA only at the apex. */
export function rrsetTypeError(name: string, type: unknown): string | undefined {
  if (typeof type !== "string" || !RECORD_TYPES.includes(type)) return `must be one of ${RECORD_TYPES.join(", ")}`;
  if (type === "SOA" && name !== "@") return "SOA is only allowed at the zone apex '@'";
  return undefined;
}

export function ttlError(ttl: unknown, nullable: boolean): string | undefined {
  if (ttl === null && nullable) return undefined;
  return validTtl(ttl) ? undefined : `must be an integer between 60 and 2147483647${nullable ? " or null (the zone's default TTL)" : ""}`;
}

/** An RRSet of a create request (`POST /zones/{id}/rrsets` or an entry of `rrsets` of `POST /zones`). */
export function parseRrsetInput(raw: unknown, zoneName: string, report: Report, now = Date.now()): StoredRrset | undefined {
  if (!isObject(raw)) {
    report("rrset", "must be an object");
    return undefined;
  }
  let problems = 0;
  const counted: Report = (field, message) => {
    problems++;
    report(field, message);
  };
  const nameProblem = rrsetNameError(raw.name, zoneName);
  if (nameProblem) counted("name", nameProblem);
  const typeProblem = rrsetTypeError(typeof raw.name === "string" ? raw.name : "", raw.type);
  if (typeProblem) counted("type", typeProblem);
  if (raw.ttl !== undefined) {
    const problem = ttlError(raw.ttl, true);
    if (problem) counted("ttl", problem);
  }
  const records = parseRecords(raw.records, String(raw.type), (message) => counted("records", message));
  validateLabels(raw.labels, { add: counted });
  if (problems > 0) return undefined;
  return {
    name: raw.name as string,
    type: raw.type as string,
    ttl: (raw.ttl as number | null | undefined) ?? null,
    labels: { ...(raw.labels as Labels | undefined) },
    protection: { change: false },
    records,
    created: now,
  };
}

/**
 * Zone-wide rules on a prospective set of RRSets: a CNAME is alone at its name (RFC 1034 3.6.2), one SOA
 * at the apex, and the apex NS RRSet lists the nameservers Hetzner assigned (spec "Zone file import").
 */
export function zoneRuleErrors(rrsets: StoredRrset[]): string[] {
  const problems: string[] = [];
  const typesAt = new Map<string, string[]>();
  for (const rrset of rrsets) typesAt.set(rrset.name, [...(typesAt.get(rrset.name) ?? []), rrset.type]);
  for (const [name, types] of typesAt) {
    if (types.includes("CNAME") && types.length > 1) {
      problems.push(`a CNAME cannot coexist with other records at '${name}' (${types.filter((t) => t !== "CNAME").join(", ")})`);
    }
  }
  if (!rrsets.some((rrset) => rrset.name === "@" && rrset.type === "SOA")) problems.push("the zone needs its SOA record at '@'");
  const apexNs = rrsets.find((rrset) => rrset.name === "@" && rrset.type === "NS");
  const missing = ASSIGNED_NAMESERVERS.filter((ns) => !apexNs?.records.some((record) => record.value.toLowerCase() === ns));
  if (missing.length > 0) problems.push(`the apex NS records must include the assigned Hetzner nameservers (missing: ${missing.join(", ")})`);
  return problems;
}

// ---- the records Hetzner creates and the SOA serial ----

export function defaultRrsets(now = Date.now()): StoredRrset[] {
  const rrset = (type: string, values: string[]): StoredRrset => ({
    name: "@",
    type,
    ttl: null,
    labels: {},
    protection: { change: false },
    records: values.map((value) => ({ value, comment: "" })),
    created: now,
  });
  return [rrset("SOA", [defaultSoa(now)]), rrset("NS", ASSIGNED_NAMESERVERS)];
}

function soaOf(zone: StoredZone): StoredRecord | undefined {
  return findRrset(zone, "@", "SOA")?.records[0];
}

/**
 * Records the change of the zone's records: the SOA serial counts up (`YYYYMMDDnn`, spec "SOA Serial").
 * The API keeps the serial itself: one written in an SOA (set_records, a zone file) is replaced, so
 * `previousSerial` is the serial before a change that replaced the SOA (Terraform's hcloud provider
 * stores the SOA with serial 0 for this reason, docs of hcloud_zone_rrset).
 */
export function bumpSerial(zone: StoredZone, previousSerial?: number): void {
  const soa = soaOf(zone);
  if (!soa) return;
  soa.value = withSoaSerial(soa.value, nextSerial(previousSerial ?? soaSerial(soa.value)));
}

export function currentSerial(zone: StoredZone): number | undefined {
  const soa = soaOf(zone);
  return soa && soaSerial(soa.value);
}

// ---- actions and locks ----

const zoneResource = (zone: StoredZone) => [{ id: zone.id, type: "zone" }];

/**
 * Refuses a change while an action runs on the zone: 423 `locked` (spec "Error Codes"). Zone actions lock
 * the whole zone; an RRSet action locks its RRSet and every zone-wide change (import, delete, …), so
 * clients may change several RRSets of a zone at once, as Terraform's hcloud provider does.
 */
export function assertZoneUnlocked(ctx: HcloudContext, zone: StoredZone, rrset?: string): void {
  const now = Date.now();
  for (const action of actionsInvolving(ctx, "zone", zone.id)) {
    if (!isRunning(action, now)) continue;
    const lockedRrset = zone.rrsetActions[action.id];
    if (rrset !== undefined && lockedRrset !== undefined && lockedRrset !== rrset) continue;
    const what = lockedRrset === undefined ? `zone ${zone.name}` : `RRSet ${lockedRrset} of zone ${zone.name}`;
    throw new HetznerError(423, "locked", `${what} is locked by running action ${action.id} (${action.command})`);
  }
}

/** Starts a zone action; its change happens only when no action fault makes the action fail. */
export function zoneAction(ctx: HcloudContext, zone: StoredZone, command: string, change: () => void): StoredAction {
  const action = startAction(ctx, command, zoneResource(zone));
  if (!action.error) change();
  return action;
}

/** Starts an RRSet action (its resource is the zone, spec examples), remembering which RRSet it locks. */
export function rrsetAction(ctx: HcloudContext, zone: StoredZone, rrset: string, command: string, change: () => void): StoredAction {
  const now = Date.now();
  for (const id of Object.keys(zone.rrsetActions)) {
    const action = ctx.actions().find((a) => a.id === Number(id));
    if (!action || !isRunning(action, now)) delete zone.rrsetActions[id];
  }
  const action = startAction(ctx, command, zoneResource(zone));
  if (isRunning(action, now)) zone.rrsetActions[action.id] = rrset;
  if (!action.error) change();
  return action;
}
