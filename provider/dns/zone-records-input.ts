/**
 * The `records` and `filter` inputs every whole-zone resource takes (hcloud.ZoneRecords and Zone `records`,
 * hetznerdns.ZoneRecords, cloudflare.DnsRecords, vpsorg.ZoneRecords): the same shape in every family, so a
 * zone moves from one provider to another unchanged. Shape checks, the scope a filter selects, the program's
 * records against the zone, the `records` output and its detailed diff. Each family says which record types
 * it accepts and which records the vendor keeps for itself (SOA, the apex NS), which are in no scope.
 */
import { canonicalJson, CheckFailure, containsUnknown, isUnknown } from "../core/inputs";
import { relativeName } from "./names";
import { checkRecordSets } from "./rules";
import { RECORD_TYPES, RecordSet } from "./types";
import { canonicalRecordSet, canonicalValue } from "./values";

/** One rrset as the planners compare it: `ttl` null is the zone's default TTL; values canonical. */
export interface PlannedRrset {
  name: string;
  type: string;
  ttl: number | null;
  values: string[];
}

/** Which rrsets a resource owns: unset parts match everything. */
export interface RecordScope {
  /** Relative names (`@`, `www`), or `*.sub` for every name below `sub` (and `*` for every name below the apex). */
  names?: string[];
  types?: string[];
}

/** Records the vendor creates and keeps (e.g. SOA and the apex NS): in no resource's scope. */
export type VendorManaged = (rrset: { name: string; type: string }) => boolean;

export const rrsetKey = (rrset: { name: string; type: string }) => `${rrset.name}/${rrset.type}`;

const RECORD_KEYS = ["name", "type", "ttl", "values"];
const FILTER_KEYS = ["names", "types"];
const absent = (value: unknown) => value === undefined || value === null;

/** The scope's name entry matches the relative name. */
function nameMatches(pattern: string, name: string): boolean {
  if (pattern === name) return true;
  if (pattern === "*") return name !== "@";
  return pattern.startsWith("*.") && name.endsWith(pattern.slice(1));
}

/** The rrset is in the scope (never when the vendor manages it). */
export function inScope(rrset: { name: string; type: string }, scope: RecordScope | undefined, vendorManaged: VendorManaged): boolean {
  if (vendorManaged(rrset)) return false;
  if (scope?.names && !scope.names.some((pattern) => nameMatches(pattern, rrset.name))) return false;
  if (scope?.types && !scope.types.includes(rrset.type)) return false;
  return true;
}

/** The shape of `records` (each { name, type, ttl?, values }); the DNS rules come once the zone's name is known. */
export function checkRecordsShape(value: unknown, failures: CheckFailure[], property = "records", types: readonly string[] = RECORD_TYPES): unknown {
  if (isUnknown(value)) return value;
  if (!Array.isArray(value)) {
    failures.push({ property, reason: `${property} must be a list of { name, type, ttl?, values }` });
    return value;
  }
  return value.map((entry, i) => {
    const at = `${property}[${i}]`;
    const fail = (reason: string) => failures.push({ property: at, reason: `${at}: ${reason}` });
    if (containsUnknown(entry)) return entry;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      fail("each record set must be { name, type, ttl?, values }");
      return entry;
    }
    const e = entry as Record<string, any>;
    for (const key of Object.keys(e)) if (!RECORD_KEYS.includes(key)) fail(`unknown property "${key}" (expected name, type, ttl, values)`);
    if (typeof e.name !== "string" || !e.name) fail(`name must be a name relative to the zone ("@", "www") or inside it, got ${JSON.stringify(e.name)}`);
    if (typeof e.type !== "string") fail(`type must be one of ${types.join(", ")}, got ${JSON.stringify(e.type)}`);
    if (!Array.isArray(e.values) || !e.values.length || e.values.some((v: unknown) => typeof v !== "string")) fail("values must be a non-empty list of strings");
    const out: Record<string, any> = { name: e.name, type: typeof e.type === "string" ? e.type.toUpperCase() : e.type, values: e.values };
    if (!absent(e.ttl)) out.ttl = e.ttl;
    return out;
  });
}

/** `filter`: { names?, types? }; names relative (`*.sub` for a subtree), types upper case and among `types`. */
export function checkFilter(value: unknown, zone: string | undefined, failures: CheckFailure[], types: readonly string[] = RECORD_TYPES): unknown {
  if (absent(value)) return undefined;
  if (containsUnknown(value)) return value;
  const fail = (property: string, reason: string) => failures.push({ property, reason: `${property}: ${reason}` });
  if (typeof value !== "object" || Array.isArray(value)) {
    fail("filter", "filter must be { names?, types? }");
    return value;
  }
  const f = value as Record<string, any>;
  for (const key of Object.keys(f)) if (!FILTER_KEYS.includes(key)) fail("filter", `unknown property "${key}" (expected names, types)`);
  const out: RecordScope = {};
  if (!absent(f.names)) {
    if (!Array.isArray(f.names) || f.names.some((n: unknown) => typeof n !== "string" || !n)) fail("filter.names", "names must be a list of relative names");
    else {
      out.names = f.names.map((n: string, i: number) => {
        if (zone === undefined) return n.toLowerCase();
        try {
          return relativeName(n, zone);
        } catch (error) {
          fail(`filter.names[${i}]`, (error as Error).message);
          return n;
        }
      });
    }
  }
  if (!absent(f.types)) {
    if (!Array.isArray(f.types) || f.types.some((t: unknown) => typeof t !== "string")) fail("filter.types", "types must be a list of record types");
    else {
      out.types = f.types.map((t: string) => t.toUpperCase());
      out.types!.forEach((t: string, i: number) => {
        if (!types.includes(t)) fail(`filter.types[${i}]`, `"${t}" is not a record type (${types.join(", ")})`);
      });
    }
  }
  return out;
}

export interface DesiredRecords {
  rrsets: PlannedRrset[];
  /** Where each rrset is in the program's list. */
  positions: number[];
  /** `records[i] <name> <type>` of each vendor-managed rrset the program listed (a zone file exported elsewhere has them): left out. */
  skipped: string[];
  failures: CheckFailure[];
}

export interface DesiredRecordsOptions {
  vendorManaged: VendorManaged;
  /** The family's record types (default: Hetzner Cloud's). */
  types?: readonly string[];
  property?: string;
}

/**
 * The program's records against the zone: names relative, values canonical, vendor-managed rrsets left
 * out, the zone-level rules checked, each rrset inside the scope.
 */
export function desiredRecords(records: RecordSet[], zone: string, scope: RecordScope | undefined, options: DesiredRecordsOptions): DesiredRecords {
  const { vendorManaged, types = RECORD_TYPES, property = "records" } = options;
  const failures: CheckFailure[] = [];
  const skippedIndex = new Set<number>();
  const skipped: string[] = [];
  const rrsets: PlannedRrset[] = [];
  const positions: number[] = [];
  records.forEach((set, i) => {
    let name: string;
    try {
      name = relativeName(set.name, zone);
    } catch {
      return; // checkRecordSets names it
    }
    const type = set.type.toUpperCase();
    if (vendorManaged({ name, type })) {
      skippedIndex.add(i);
      skipped.push(`${property}[${i}] ${name} ${type}`);
      return;
    }
    try {
      const canonical = canonicalRecordSet(set, zone, { types });
      rrsets.push({ name, type, ttl: canonical.ttl ?? null, values: canonical.values });
      positions.push(i);
    } catch {
      return; // checkRecordSets names it
    }
    if (!inScope({ name, type }, scope, vendorManaged)) {
      failures.push({ property: `${property}[${i}]`, reason: `${property}[${i}]: ${name} ${type} is outside this resource's filter ${canonicalJson(scope)}` });
    }
  });
  const underSkipped = (p: string) => [...skippedIndex].some((i) => p === `${property}[${i}]` || p.startsWith(`${property}[${i}].`));
  const rules = checkRecordSets(records, zone, property, { types }).filter((f) => !underSkipped(f.property));
  return { rrsets, positions, skipped, failures: [...rules, ...failures] };
}

/** One message naming every failure, for errors raised after check (a zone given by id is checked late). */
export const failuresMessage = (what: string, failures: CheckFailure[]) => `${what}: ${failures.map((f) => f.reason).join("; ")}`;

/**
 * The rrsets the outputs show: canonical, values sorted, `ttl` only when the rrset has its own; in the
 * order of `order` (rrset keys: the program's list, so a preview's detailed diff lines up), the rest sorted.
 */
export function recordsOutput(rrsets: Array<{ name: string; type: string; ttl?: number | null; values: string[] }>, order: string[] = []): RecordSet[] {
  const rank = new Map(order.map((key, i) => [key, i]));
  const at = (r: { name: string; type: string }) => rank.get(rrsetKey(r)) ?? order.length;
  return rrsets
    .map(({ name, type, ttl, values }) => ({ name, type, ...(ttl === null || ttl === undefined ? {} : { ttl }), values: [...values].sort() }))
    .sort((a, b) => at(a) - at(b) || (a.name === b.name ? a.type.localeCompare(b.type) : a.name.localeCompare(b.name)));
}

/** The same rrsets, whatever their order. */
export const sameRecords = (a: Array<RecordSet | PlannedRrset>, b: Array<RecordSet | PlannedRrset>) => canonicalJson(recordsOutput(a)) === canonicalJson(recordsOutput(b));

/** A value read back from an API in canonicalValue's form; one it cannot read is compared as it is. */
export function canonicalLive(type: string, value: string, zone: string): string {
  try {
    return canonicalValue(type, value, zone, { zoneSuffix: "append" });
  } catch {
    return value;
  }
}

/**
 * The detailed diff of `records`: rrsets removed (by their position in the old outputs), added or changed (by
 * their position in the program's list), so `pulumi preview --diff` shows the rrsets that change, not the list.
 */
export function recordsDetailedDiff(olds: RecordSet[], desired: PlannedRrset[], positions: number[], property = "records"): Record<string, "add" | "update" | "delete"> {
  const oldByKey = new Map(olds.map((r) => [rrsetKey(r), r]));
  const desiredKeys = new Set(desired.map(rrsetKey));
  const changes: Record<string, "add" | "update" | "delete"> = {};
  olds.forEach((r, i) => {
    if (!desiredKeys.has(rrsetKey(r))) changes[`${property}[${i}]`] = "delete";
  });
  desired.forEach((r, i) => {
    const old = oldByKey.get(rrsetKey(r));
    if (old && sameRecords([r], [old])) return;
    const at = `${property}[${positions[i]}]`;
    changes[at] = old || changes[at] ? "update" : "add";
  });
  return changes;
}

/** What a family's whole-zone resource makes of its inputs against a zone (names relative, values canonical). */
export type DesiredOf = (inputs: Record<string, any>, zoneName: string) => { rrsets: PlannedRrset[]; positions: number[]; scope?: RecordScope };

/**
 * diff() of every whole-zone resource: another zone (by id or name) replaces, the new records written before
 * the old ones go; otherwise the filter and the records count, and the detailed diff names the rrsets that
 * change. `olds` are the outputs, which record the zone as given (`zone`) and as the API knows it
 * (`zoneId`, `zoneName`).
 */
export function zoneRecordsDiff(olds: Record<string, any>, news: Record<string, any>, desiredOf: DesiredOf) {
  if (containsUnknown(news.zone)) return { changes: true, replaces: ["zone"] };
  if (![olds.zone, String(olds.zoneId), olds.zoneName].includes(news.zone)) return { changes: true, replaces: ["zone"], deleteBeforeReplace: false };
  if (containsUnknown(news.records) || containsUnknown(news.filter)) return { changes: true, replaces: [] };
  const { rrsets, positions, scope } = desiredOf(news, olds.zoneName);
  const filterChanged = canonicalJson(scope ?? null) !== canonicalJson(olds.filter ?? null);
  if (!filterChanged && sameRecords(rrsets, olds.records ?? [])) return { changes: false, replaces: [] };
  const detailedDiff = recordsDetailedDiff(olds.records ?? [], rrsets, positions);
  if (filterChanged) detailedDiff.filter = "update";
  return { changes: true, replaces: [], detailedDiff };
}

/** The rrset keys in the order the state recorded them, so a refresh keeps that order and shows only what changed. */
export const recordedOrder = (props: Record<string, any>): string[] => ((props.records ?? []) as RecordSet[]).map(rrsetKey);

/** read()'s inputs of a whole-zone resource: the zone as the program gave it, the live records, the filter. */
export function zoneRecordsReadInputs(props: Record<string, any>, records: RecordSet[]): Record<string, any> {
  return { zone: props.zone, records, ...(props.filter ? { filter: props.filter } : {}) };
}
