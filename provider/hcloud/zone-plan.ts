/**
 * The planner of whole-zone resources (hcloud.ZoneRecords, hcloud.Zone `records`): from the live rrsets of
 * a zone and the desired ones, the writes that reach the desired state with the fewest requests.
 * Pure: no requests, no clock; values on both sides are already canonical (provider/dns `canonicalValue`).
 */
import { OWNER_LABEL } from "../core/resource";
import { MAX_RECORDS_PER_ACTION } from "./api/rrsets";

import { inScope as inScopeOf, PlannedRrset, RecordScope, rrsetKey } from "../dns/zone-records-input";

export type { PlannedRrset, RecordScope } from "../dns/zone-records-input";
export { rrsetKey } from "../dns/zone-records-input";

export interface LiveRrset extends PlannedRrset {
  labels: Record<string, string>;
  changeProtection: boolean;
  /** Some record carries a comment (set by hand or another tool: this kit writes none). */
  commented?: boolean;
}

export type PlanStep =
  /** POST …/rrsets (with the owner label). */
  | { command: "create"; rrset: PlannedRrset; labels: Record<string, string> }
  | { command: "set_records" | "add_records" | "remove_records"; name: string; type: string; values: string[] }
  | { command: "change_ttl"; name: string; type: string; ttl: number | null }
  /** DELETE …/rrsets/{name}/{type}. */
  | { command: "delete"; name: string; type: string }
  /** POST …/actions/import_zonefile of these rrsets: the zone's SOA and apex NS as they are, then the desired ones. */
  | { command: "import_zonefile"; rrsets: PlannedRrset[] };

export interface ZonePlan {
  path: "none" | "rrsets" | "import";
  steps: PlanStep[];
  /** Requests the chosen path sends, Action waits included (see `costOf`). */
  requests: number;
  /** Requests of the per-rrset path, and of the import (undefined with the reason when it may not be used). */
  compared: { rrsets: number; import?: number; importRefused?: string };
}

export interface PlanRequest {
  /** Every rrset of the zone, as listed. */
  live: LiveRrset[];
  /** What the program wants, canonical, each inside the scope. */
  desired: PlannedRrset[];
  /** Undefined: the whole zone (except what Hetzner manages). */
  scope?: RecordScope;
  /** This resource's owner key (its rrsets carry OWNER_LABEL with this value). */
  owner: string;
  /**
   * Which in-scope rrsets this resource may change or remove (default: every one; destroy passes only its
   * own). The rest is left as it is, like rrsets out of scope.
   */
  managed?: (rrset: LiveRrset) => boolean;
}

/** A plan that cannot be carried out correctly; the message names the rrsets and the fix. */
export class ZonePlanError extends Error {}

/** The zone's SOA and apex NS: created and kept by Hetzner, in no resource's scope. */
export function isHetznerManaged(rrset: { name: string; type: string }): boolean {
  return rrset.type === "SOA" || (rrset.name === "@" && rrset.type === "NS");
}

/** The rrset is in the scope (never when Hetzner manages it). */
export const inScope = (rrset: { name: string; type: string }, scope?: RecordScope): boolean => inScopeOf(rrset, scope, isHetznerManaged);

const byKey = (a: { name: string; type: string }, b: { name: string; type: string }) =>
  a.name === b.name ? a.type.localeCompare(b.type) : a.name.localeCompare(b.name);

/**
 * What each path costs, in requests. Every rrset write starts an Action, awaited before the next write
 * (Hetzner documents no concurrency for the rrset Actions of one zone), and awaiting it takes at least one
 * poll: 2 requests per write. The import is one write and one wait: 2, whatever the zone's size.
 * No request is ever spent on the owner label: a resource owns its scope and what its state records; the
 * label goes only where it is free (the body of a POST …/rrsets sent anyway), so the rrsets an import makes
 * anew, or an unlabelled one adopted in scope, stay unlabelled.
 */
export const REQUESTS_PER_ACTION = 2;

export function costOf(steps: PlanStep[]): number {
  return steps.length * REQUESTS_PER_ACTION;
}

const chunks = (values: string[]) =>
  Array.from({ length: Math.ceil(values.length / MAX_RECORDS_PER_ACTION) }, (_, i) => values.slice(i * MAX_RECORDS_PER_ACTION, (i + 1) * MAX_RECORDS_PER_ACTION));

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((v) => b.includes(v));

/**
 * The plan: per-rrset writes, or one import of the whole zone when that sends fewer requests and is
 * allowed (no filter, nothing else kept in the zone, no change-protected rrset, no label but this
 * resource's owner label, no record comment). Ties go to the per-rrset path: it leaves untouched rrsets
 * (their comments and labels) as they are. An unlabelled rrset in scope is adopted as it is, without a
 * request. Throws ZonePlanError when an
 * rrset in scope belongs to another resource, or a change-protected one would have to change.
 */
export function planZone(request: PlanRequest): ZonePlan {
  const { live, desired, scope, owner } = request;
  const managed = (r: LiveRrset) => inScope(r, scope) && (request.managed?.(r) ?? true);
  const mine = live.filter(managed);
  const kept = live.filter((r) => !managed(r));

  const foreign = mine.filter((r) => r.labels[OWNER_LABEL] !== undefined && r.labels[OWNER_LABEL] !== owner);
  if (foreign.length) {
    throw new ZonePlanError(
      `${foreign.map((r) => `rrset ${rrsetKey(r)} belongs to another resource (label ${OWNER_LABEL}=${r.labels[OWNER_LABEL]})`).join("; ")}, ` +
        `but is in the scope of this one (${OWNER_LABEL}=${owner}): an rrset has exactly one owner; ` +
        `leave it out of this resource's records and narrow its filter, or remove it from the other resource`,
    );
  }

  const liveByKey = new Map(mine.map((r) => [rrsetKey(r), r]));
  const desiredKeys = new Set(desired.map(rrsetKey));

  // ---- the per-rrset path: deletes first (a CNAME may take a name others leave), then changes, then creates.
  const deletes: PlanStep[] = [];
  const changes: PlanStep[] = [];
  const creates: PlanStep[] = [];
  const touched: LiveRrset[] = [];
  for (const old of [...mine].sort(byKey)) {
    if (!desiredKeys.has(rrsetKey(old))) {
      deletes.push({ command: "delete", name: old.name, type: old.type });
      touched.push(old);
    }
  }
  for (const want of [...desired].sort(byKey)) {
    const old = liveByKey.get(rrsetKey(want));
    if (!old) {
      creates.push({ command: "create", rrset: { ...want, values: [...want.values] }, labels: { [OWNER_LABEL]: owner } });
      continue;
    }
    const { name, type } = want;
    const steps: PlanStep[] = [];
    if (!sameSet(old.values, want.values)) {
      const added = want.values.filter((v) => !old.values.includes(v));
      const removed = old.values.filter((v) => !want.values.includes(v));
      // One request either way for a one-sided change: add/remove keep the comments of the records they do
      // not name. A request takes at most 50 records, so set_records whenever it saves requests (both sides,
      // or more than 50 on one); more than 50 desired are added in chunks first, then removed (never
      // emptying the rrset, which would delete it).
      const sideRequests = chunks(added).length + chunks(removed).length;
      if (sideRequests > 1 && want.values.length <= MAX_RECORDS_PER_ACTION) {
        steps.push({ command: "set_records", name, type, values: [...want.values] });
      } else {
        for (const values of chunks(added)) steps.push({ command: "add_records", name, type, values });
        for (const values of chunks(removed)) steps.push({ command: "remove_records", name, type, values });
      }
    }
    if (old.ttl !== want.ttl) steps.push({ command: "change_ttl", name, type, ttl: want.ttl });
    if (steps.length) touched.push(old);
    changes.push(...steps);
  }
  const perRrset = [...deletes, ...changes, ...creates];
  const rrsetsCost = costOf(perRrset);
  if (!perRrset.length) return { path: "none", steps: [], requests: 0, compared: { rrsets: 0 } };

  // ---- the import: the whole zone in one file (the rrsets it makes carry no labels).
  const refused = importRefusal(live, kept, scope, owner);
  const importSteps: PlanStep[] | undefined = refused
    ? undefined
    : [{ command: "import_zonefile", rrsets: [...[...kept].sort(byKey), ...[...desired].sort(byKey)].map(({ name, type, ttl, values }) => ({ name, type, ttl, values: [...values] })) }];
  const importCost = importSteps ? costOf(importSteps) : undefined;
  const compared = { rrsets: rrsetsCost, ...(importCost === undefined ? { importRefused: refused } : { import: importCost }) };

  if (importSteps && importCost! < rrsetsCost) return { path: "import", steps: importSteps, requests: importCost!, compared };

  const protectedOnes = touched.filter((r) => r.changeProtection);
  if (protectedOnes.length) {
    throw new ZonePlanError(
      `${protectedOnes.map((r) => `rrset ${rrsetKey(r)}`).join(", ")} ${protectedOnes.length > 1 ? "are" : "is"} change-protected and would have to change: ` +
        `turn its change protection off first, or leave it out of this resource's scope`,
    );
  }
  return { path: "rrsets", steps: perRrset, requests: rrsetsCost, compared };
}

/** Why the import may not be used here, or undefined when it may. */
function importRefusal(live: LiveRrset[], kept: LiveRrset[], scope: RecordScope | undefined, owner: string): string | undefined {
  if (scope?.names || scope?.types) return "a filter limits this resource to part of the zone";
  const others = kept.filter((r) => !isHetznerManaged(r));
  if (others.length) return `the zone holds rrsets this resource leaves alone (${others.map(rrsetKey).join(", ")})`;
  if (!kept.some((r) => r.type === "SOA") || !kept.some((r) => r.name === "@" && r.type === "NS")) {
    return "the zone's SOA or apex NS is missing, and an import must contain both";
  }
  // An import makes every rrset anew, without labels: only this resource's own owner label may go (its
  // state records what it owns); any other (a user's, another tool's, an hcloud.ZoneRrset's on the apex
  // NS) would be lost.
  const labelled = live.filter((r) => Object.entries(r.labels).some(([key, value]) => key !== OWNER_LABEL || value !== owner));
  if (labelled.length) return `${labelled.map(rrsetKey).join(", ")} ${labelled.length > 1 ? "carry" : "carries"} labels an import would drop`;
  // Its zone file holds no comments: those of the records would be lost the same way.
  const commented = live.filter((r) => r.commented);
  if (commented.length) return `${commented.map(rrsetKey).join(", ")} ${commented.length > 1 ? "carry" : "carries"} record comments an import would drop`;
  const protectedOnes = live.filter((r) => r.changeProtection);
  if (protectedOnes.length) return `change-protected rrsets (${protectedOnes.map(rrsetKey).join(", ")}) block an import`;
  return undefined;
}
