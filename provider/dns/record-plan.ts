/**
 * The planner of families that store one record per value (legacy Hetzner DNS, Cloudflare, VPS.org): from
 * the live records of a zone and the desired rrsets, the record writes that reach the desired state with
 * the fewest requests. Pure: values on both sides are already canonical (canonicalValue), names relative.
 * Each family sends the writes its own way (bulk, /batch, one request each); deletes go first, so a name
 * a CNAME takes over is free by then.
 */
import { PlannedRrset, rrsetKey } from "./zone-records-input";

/** One record: `ttl` null is the zone's default TTL. */
export interface SingleRecord {
  name: string;
  type: string;
  ttl: number | null;
  value: string;
}

export interface LiveRecord extends SingleRecord {
  id: string;
}

/** A live record rewritten in place (its value, its TTL or both): one request instead of a delete and a create. */
export interface RecordUpdate {
  id: string;
  from: LiveRecord;
  to: SingleRecord;
}

export interface RecordPlan {
  deletes: LiveRecord[];
  updates: RecordUpdate[];
  creates: SingleRecord[];
  /** Live records that already are as desired. */
  kept: LiveRecord[];
}

const byValue = (a: { value: string }, b: { value: string }) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
const byRecord = (a: SingleRecord, b: SingleRecord) => rrsetKey(a).localeCompare(rrsetKey(b)) || byValue(a, b);

/** The rrsets as single records, one per value. */
export function toSingleRecords(rrsets: PlannedRrset[]): SingleRecord[] {
  return rrsets.flatMap(({ name, type, ttl, values }) => values.map((value) => ({ name, type, ttl, value })));
}

/**
 * Single records as rrsets, values sorted. Records of one name and type that disagree on their TTL (set
 * apart by hand) stay apart, one rrset per TTL: the outputs show what is live, and the difference from the
 * one rrset the program lists makes the next update put them together.
 */
export function groupRecords(records: SingleRecord[]): PlannedRrset[] {
  const sets = new Map<string, PlannedRrset>();
  for (const record of [...records].sort(byRecord)) {
    const key = `${rrsetKey(record)}/${record.ttl ?? ""}`;
    const set = sets.get(key) ?? { name: record.name, type: record.type, ttl: record.ttl, values: [] };
    set.values.push(record.value);
    sets.set(key, set);
  }
  return [...sets.values()];
}

function groupByKey<T extends { name: string; type: string }>(items: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(rrsetKey(item), [...(groups.get(rrsetKey(item)) ?? []), item]);
  return groups;
}

/**
 * The writes from `live` to `desired` (both canonical). Per name and type: a live record whose value is
 * desired is kept (updated when only its TTL differs); the remaining live records (a second copy of a value
 * among them) are rewritten in place with the remaining desired values, in value order;
 * what is left over is created or deleted. Live records of a name and type not desired are deleted.
 */
export function planRecords(live: LiveRecord[], desired: SingleRecord[]): RecordPlan {
  const plan: RecordPlan = { deletes: [], updates: [], creates: [], kept: [] };
  const liveGroups = groupByKey(live);
  const desiredGroups = groupByKey(desired);
  const keys = [...new Set([...liveGroups.keys(), ...desiredGroups.keys()])].sort();
  for (const key of keys) {
    const wanted = [...(desiredGroups.get(key) ?? [])].sort(byValue);
    const unmatched: LiveRecord[] = [];
    const leftover: SingleRecord[] = [...wanted];
    for (const record of [...(liveGroups.get(key) ?? [])].sort((a, b) => byValue(a, b) || a.id.localeCompare(b.id))) {
      const at = leftover.findIndex((w) => w.value === record.value);
      if (at < 0) {
        unmatched.push(record);
        continue;
      }
      const [want] = leftover.splice(at, 1);
      if (want.ttl === record.ttl) plan.kept.push(record);
      else plan.updates.push({ id: record.id, from: record, to: { ...want } });
    }
    const rewrites = Math.min(unmatched.length, leftover.length);
    for (let i = 0; i < rewrites; i++) plan.updates.push({ id: unmatched[i].id, from: unmatched[i], to: { ...leftover[i] } });
    plan.deletes.push(...unmatched.slice(rewrites));
    plan.creates.push(...leftover.slice(rewrites).map((w) => ({ ...w })));
  }
  return plan;
}

/** Requests a plan costs when every write is a request of its own. */
export const writesOf = (plan: RecordPlan) => plan.deletes.length + plan.updates.length + plan.creates.length;
