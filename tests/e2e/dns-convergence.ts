/**
 * Convergence of a DNS stack with the emulator: what the stack's state claims (object ids, and the record
 * sets of its whole-zone resources) against what the emulator holds in the stack's zones (`/__emulator/state`).
 * Orphans: live objects nothing in the state claims; missing: claimed objects that are not live; duplicates:
 * live records of one zone alike in name, type and value. Plus the scenario table the fault suites print.
 */

export type DnsFamily = "hetznerdns" | "cloudflare" | "vpsorg";

/** One live object, as the emulator holds it. */
export interface LiveObject {
  kind: "zone" | "record" | "primary server";
  id: string;
  /** Records: the zone's id, the relative name (`@` at the apex), the type and the value as stored. */
  zone?: string;
  name?: string;
  type?: string;
  value?: string;
}

export interface Convergence {
  orphans: string[];
  /** The orphans themselves (what `orphans` describes), e.g. to remove by hand. */
  orphaned: LiveObject[];
  missing: string[];
  duplicates: string[];
}

interface StateResource {
  type: string;
  id?: string;
  outputs?: Record<string, any>;
}

const relative = (name: string, zone: string) => (name === zone ? "@" : name.endsWith(`.${zone}`) ? name.slice(0, -zone.length - 1) : name);

/**
 * The family's live objects in the zones named `zoneNames` (Cloudflare's zones are made out of band, so only
 * their records count), leaving out what the vendor keeps (the SOA and the apex NS).
 */
export function liveObjects(family: DnsFamily, emulatorState: Record<string, any>, zoneNames: string[]): LiveObject[] {
  const slice = emulatorState[family];
  if (!slice) return [];
  if (family === "hetznerdns") {
    const zones = (slice.zones as any[]).filter((z) => zoneNames.includes(z.name));
    const ids = new Set(zones.map((z) => z.id));
    return [
      ...zones.map((z): LiveObject => ({ kind: "zone", id: z.id })),
      ...(slice.records as any[])
        .filter((r) => ids.has(r.zone_id) && r.type !== "SOA" && !(r.type === "NS" && r.name === "@"))
        .map((r): LiveObject => ({ kind: "record", id: r.id, zone: r.zone_id, name: r.name, type: r.type, value: r.value })),
      ...(slice.primaryServers as any[]).filter((p) => ids.has(p.zone_id)).map((p): LiveObject => ({ kind: "primary server", id: p.id })),
    ];
  }
  if (family === "cloudflare") {
    const zones = new Map((slice.zones as any[]).filter((z) => zoneNames.includes(z.name)).map((z) => [z.id, z.name]));
    return (slice.records as any[])
      .filter((r) => zones.has(r.zoneId))
      .map((r) => ({ kind: "record", id: r.id, zone: r.zoneId, name: relative(r.name, zones.get(r.zoneId)!), type: r.type, value: r.data ? JSON.stringify(r.data) : r.content }));
  }
  const zones = (slice.zones as any[]).filter((z) => zoneNames.includes(z.domain));
  const ids = new Set(zones.map((z) => z.uuid));
  return [
    ...zones.map((z): LiveObject => ({ kind: "zone", id: z.uuid })),
    ...(slice.records as any[])
      .filter((r) => ids.has(r.zone))
      .map((r): LiveObject => ({ kind: "record", id: r.uuid, zone: r.zone, name: r.name, type: r.recordType, value: `${r.priority ?? ""} ${r.value}`.trim() })),
  ];
}

/** Whole-zone resources: their id is the zone's, their `records` output every set they hold there. */
const WHOLE_ZONE = /(hetznerdns:ZoneRecords|cloudflare:DnsRecords|vpsorg:ZoneRecords)$/;

/** Compares the stack's exported state (`deployment.resources`) with the live objects. */
export function compare(resources: StateResource[], live: LiveObject[], family: DnsFamily): Convergence {
  const ours = resources.filter((r) => r.type.includes(`${family}:`) && r.id);
  const claimed = new Set(ours.filter((r) => !WHOLE_ZONE.test(r.type)).map((r) => r.id!));
  // Per whole zone: how many values each `name type` holds in the state.
  const wholeZones = new Map<string, Map<string, number>>();
  for (const r of ours.filter((r) => WHOLE_ZONE.test(r.type))) {
    const sets = new Map<string, number>();
    for (const set of (r.outputs?.records ?? []) as Array<{ name: string; type: string; values: string[] }>) sets.set(`${set.name} ${set.type}`, set.values.length);
    wholeZones.set(r.id!, sets);
  }
  const describe = (o: LiveObject) => (o.kind === "record" ? `record ${o.name} ${o.type} ${o.value} (${o.id})` : `${o.kind} ${o.id}`);
  const orphaned: LiveObject[] = [];
  const liveCount = new Map<string, number>();
  for (const object of live) {
    if (claimed.has(object.id)) continue;
    const sets = object.kind === "record" ? wholeZones.get(object.zone!) : undefined;
    if (sets) {
      const key = `${object.zone} ${object.name} ${object.type}`;
      liveCount.set(key, (liveCount.get(key) ?? 0) + 1);
      if (liveCount.get(key)! <= (sets.get(`${object.name} ${object.type}`) ?? 0)) continue;
    }
    orphaned.push(object);
  }
  const liveIds = new Set(live.map((o) => o.id));
  const missing = [...claimed].filter((id) => !liveIds.has(id)).map((id) => `${ours.find((r) => r.id === id)!.type.split(":").slice(-2).join(":")} ${id}`);
  for (const [zone, sets] of wholeZones) {
    for (const [set, count] of sets) {
      const have = liveCount.get(`${zone} ${set}`) ?? 0;
      if (have < count) missing.push(`${count - have} value(s) of ${set} in zone ${zone}`);
    }
  }
  const seen = new Map<string, number>();
  for (const o of live.filter((o) => o.kind === "record")) {
    const key = `${o.zone} ${o.name} ${o.type} ${String(o.value).toLowerCase()}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const duplicates = [...seen].filter(([, n]) => n > 1).map(([key, n]) => `${key} × ${n}`);
  return { orphans: orphaned.map(describe), orphaned, missing, duplicates };
}

/** One row of the scenario table. */
export interface ScenarioOutcome {
  family: DnsFamily;
  scenario: string;
  /** The disturbed run: `ok`, `failed clearly` (short message, no stack trace, no token), `failed unclearly`, or `killed`. */
  firstRun: "ok" | "failed clearly" | "failed unclearly" | "killed";
  /** The first error line of a failed first run (shortened). */
  error?: string;
  /** The next run (faults cleared) succeeded and state equals the emulator's content. */
  converged: boolean;
  /** Objects removed by hand before that run could succeed (records a killed run made and nothing recorded). */
  removedByHand: number;
  /** API requests of the family in both runs. */
  requests: number;
  duplicates: number;
  orphans: number;
  missing: number;
}

/** The table as text, one row per scenario. */
export function scenarioTable(rows: ScenarioOutcome[]): string {
  const header = ["family", "scenario", "first run", "converged", "removed by hand", "requests", "duplicates", "orphans", "missing"];
  const cells = rows.map((r) => [r.family, r.scenario, r.firstRun, r.converged ? "yes" : "NO", String(r.removedByHand), String(r.requests), String(r.duplicates), String(r.orphans), String(r.missing)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...cells.map(line)].join("\n");
}
