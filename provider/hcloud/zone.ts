/**
 * hcloud.Zone: the whole life of a Hetzner Cloud DNS zone — check, diff, create, read, update, delete.
 * Inputs and outputs are camelCase program shapes; api/zones.ts speaks the wire, provider/dns names.
 *
 * Without `records`, the zone's RRSets are not this file's business: each is owned by one hcloud.ZoneRrset,
 * or all of them by hcloud.ZoneRecords. With `records` (a zone created together with its RRSets in one
 * POST), the Zone owns them all, through the same planner as ZoneRecords (zone-records.ts), called below.
 */
import { canonicalIpAddress } from "../core/cidr";
import { unlessNotFound, isApiError } from "../core/errors";
import { HetznerErrorCode } from "../core/hetzner";
import { canonicalJson, CheckFailure, containsUnknown, isUnknown, sameValue } from "../core/inputs";
import { claimFound, differences, finishCreate, Settler } from "../core/lifecycle";
import { checkUserLabels, ownedLabels, OWNER_LABEL, partialFailure, Props, ResourceImplementation, visibleLabels } from "../core/resource";
import { withCredentials } from "../core/credentials";
import { DnsInputError, MAX_TTL, MIN_TTL, RecordSet, zoneName } from "../dns";
import { WithActions } from "./api/firewalls";
import { PrimaryNameserver, RrsetSpec, TsigAlgorithm, Zone, ZoneMode, ZoneSpec } from "./api/zones";
import { DEFAULT_ENDPOINT, HcloudClient, hcloudClient } from "./client";
import { checkZoneRecordsInput, convergeZoneRecords, zoneCreateRrsets, zoneRecordsChanged, zoneRecordsOutput } from "./zone-records";

/** Hetzner's default TTL of a zone (the spec's default), recorded when the program sets none. */
export const DEFAULT_ZONE_TTL = 3600;

const MODES: readonly ZoneMode[] = ["primary", "secondary"];
const TSIG_ALGORITHMS: readonly TsigAlgorithm[] = ["hmac-md5", "hmac-sha1", "hmac-sha256"];
const NAMESERVER_KEYS = ["address", "port", "tsigAlgorithm", "tsigKey"];
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const REPLACING_FIELDS = ["name", "mode"] as const;

export interface ZoneOutputs {
  name: string;
  mode: ZoneMode;
  ttl: number;
  labels: Record<string, string>;
  deleteProtection: boolean;
  primaryNameservers: PrimaryNameserver[];
  zoneId: number;
  /** Hetzner's authoritative nameservers assigned to the zone. */
  nameservers: string[];
  delegation: { delegated: string[]; status: string | null; lastCheck: string | null };
  status: string;
  registrar: string;
  recordCount: number;
  created: string;
  /** With the `records` input: the zone's rrsets as they are live. */
  records?: RecordSet[];
}

// ---- check -------------------------------------------------------------------------------------

const absent = (value: unknown) => value === undefined || value === null;

export async function check(_olds: Props, news: Props) {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });

  let name = news.name;
  if (absent(name) || name === "") fail("name", 'name is required: the domain of the zone, e.g. "example.com"');
  else if (!isUnknown(name)) {
    try {
      name = zoneName(name);
    } catch (error) {
      fail("name", `name: ${dnsReason(error)}`);
    }
  }

  const mode = absent(news.mode) ? "primary" : news.mode;
  if (!isUnknown(mode) && !MODES.includes(mode)) fail("mode", `mode must be "primary" or "secondary", got ${JSON.stringify(mode)}`);

  const inputs: Props = { name, mode };
  // A secondary zone's records and TTLs come from its primary nameservers (change_ttl is primary-only).
  if (mode === "secondary") {
    if (!absent(news.ttl)) fail("ttl", "ttl applies to primary zones only: a secondary zone takes its TTLs from its primary nameservers; remove ttl");
  } else {
    inputs.ttl = absent(news.ttl) ? (isUnknown(mode) ? undefined : DEFAULT_ZONE_TTL) : checkTtl(news.ttl, "ttl", failures);
    if (inputs.ttl === undefined) delete inputs.ttl;
  }
  inputs.labels = checkUserLabels(news.labels ?? {}, failures);
  inputs.deleteProtection = checkBoolean(news.deleteProtection, "deleteProtection", failures);
  const nameservers = checkPrimaryNameservers(news.primaryNameservers, mode, failures);
  if (nameservers !== undefined) inputs.primaryNameservers = nameservers;
  if (news.__owner !== undefined) inputs.__owner = news.__owner;
  // The `records` input is checked against the zone's name (unless that name itself failed).
  const records = checkZoneRecordsInput(news.records, failures.some((f) => f.property === "name") ? undefined : name, mode, failures);
  if (records !== undefined) inputs.records = records;
  return { inputs, failures };
}

/** The reason of a DnsInputError (a bug is thrown on). */
export function dnsReason(error: unknown): string {
  if (error instanceof DnsInputError) return error.message;
  throw error;
}

export function checkBoolean(value: unknown, property: string, failures: CheckFailure[]): unknown {
  if (absent(value)) return false;
  if (isUnknown(value) || typeof value === "boolean") return value;
  failures.push({ property, reason: `${property} must be true or false, got ${JSON.stringify(value)}` });
  return value;
}

/** A TTL in seconds within the API's bounds. */
export function checkTtl(value: unknown, property: string, failures: CheckFailure[]): unknown {
  if (isUnknown(value)) return value;
  if (typeof value !== "number" || !Number.isInteger(value) || value < MIN_TTL || value > MAX_TTL) {
    failures.push({ property, reason: `${property} must be a whole number of seconds from ${MIN_TTL} to ${MAX_TTL}, got ${JSON.stringify(value)}` });
  }
  return value;
}

/** Secondary zones: the entries canonical (address per RFC 5952, port 53 unless told). Primary zones: none allowed. */
function checkPrimaryNameservers(value: unknown, mode: unknown, failures: CheckFailure[]): unknown {
  if (isUnknown(value)) return value;
  const list = absent(value) ? [] : value;
  if (!Array.isArray(list)) {
    failures.push({ property: "primaryNameservers", reason: "primaryNameservers must be a list of { address, port?, tsigAlgorithm?, tsigKey? }" });
    return value;
  }
  if (mode === "primary") {
    if (list.length) {
      failures.push({ property: "primaryNameservers", reason: 'primaryNameservers applies to secondary zones only: remove it, or set mode: "secondary"' });
    }
    return undefined;
  }
  if (isUnknown(mode)) return absent(value) ? undefined : list;
  return list.map((entry, i) => {
    const at = `primaryNameservers[${i}]`;
    const fail = (reason: string) => failures.push({ property: at, reason: `${at}: ${reason}` });
    if (containsUnknown(entry)) return entry;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      fail("each entry must be { address, port?, tsigAlgorithm?, tsigKey? }");
      return entry;
    }
    const e = entry as Props;
    for (const key of Object.keys(e)) if (!NAMESERVER_KEYS.includes(key)) fail(`unknown property "${key}" (expected ${NAMESERVER_KEYS.join(", ")})`);
    const out: Props = { address: canonicalIpAddress(e.address) ?? e.address, port: absent(e.port) ? 53 : e.port };
    if (canonicalIpAddress(e.address) === undefined) {
      fail(`address must be the public IPv4 or IPv6 address of the primary nameserver, got ${JSON.stringify(e.address)}`);
    }
    if (typeof out.port !== "number" || !Number.isInteger(out.port) || out.port < 1 || out.port > 65535) fail(`port must be a port number from 1 to 65535, got ${JSON.stringify(e.port)}`);
    const algorithm = absent(e.tsigAlgorithm) ? undefined : e.tsigAlgorithm;
    // The key is a secret: messages never quote it.
    const key = absent(e.tsigKey) ? undefined : e.tsigKey;
    if (algorithm !== undefined && !TSIG_ALGORITHMS.includes(algorithm)) fail(`tsigAlgorithm must be one of ${TSIG_ALGORITHMS.join(", ")}, got ${JSON.stringify(algorithm)}`);
    if (key !== undefined && (typeof key !== "string" || !key || !BASE64.test(key))) fail("tsigKey must be the base64-encoded TSIG key");
    if ((algorithm === undefined) !== (key === undefined)) fail("tsigAlgorithm and tsigKey go together: set both, or neither");
    if (algorithm !== undefined) out.tsigAlgorithm = algorithm;
    if (key !== undefined) out.tsigKey = key;
    return out;
  });
}

// ---- diff --------------------------------------------------------------------------------------

/** Primary nameservers in one order: their order means nothing to the API. */
const sortedNameservers = (list: unknown) =>
  Array.isArray(list) ? [...list].sort((a, b) => canonicalJson(a).localeCompare(canonicalJson(b))) : list;

export async function diff(_id: string, olds: Props, news: Props) {
  const differs = (field: string, a: unknown, b: unknown) => containsUnknown(news[field]) || canonicalJson(a) !== canonicalJson(b);
  const replaces = REPLACING_FIELDS.filter((f) => differs(f, olds[f] ?? (f === "mode" ? "primary" : undefined), news[f]));
  const changed: string[] = [...replaces];
  if (news.ttl !== undefined && differs("ttl", olds.ttl, news.ttl)) changed.push("ttl");
  if (differs("labels", olds.labels ?? {}, news.labels ?? {})) changed.push("labels");
  if (differs("deleteProtection", olds.deleteProtection ?? false, news.deleteProtection ?? false)) changed.push("deleteProtection");
  if (news.primaryNameservers !== undefined && differs("primaryNameservers", sortedNameservers(olds.primaryNameservers ?? []), sortedNameservers(news.primaryNameservers))) {
    changed.push("primaryNameservers");
  }
  if (!replaces.length && zoneRecordsChanged(olds, news)) changed.push("records");
  // A zone name is unique across Hetzner: another mode under the same name needs the old zone gone first;
  // a new name can be created before the old zone is deleted.
  return { changes: changed.length > 0, replaces, deleteBeforeReplace: replaces.length > 0 && !replaces.includes("name") };
}

// ---- create / read / update / delete -----------------------------------------------------------

export const describeZone = (zone: { id: number; name: string }) => `zone ${zone.id} (${zone.name})`;

/** The live primary nameservers; a TSIG key the API does not show back is the program's (it cannot drift unseen). */
function liveNameservers(live: PrimaryNameserver[], asked: unknown): PrimaryNameserver[] {
  const askedList = Array.isArray(asked) ? (asked as PrimaryNameserver[]) : [];
  return live.map((ns) => {
    if (ns.tsigKey !== undefined || ns.tsigAlgorithm === undefined) return ns;
    const same = askedList.find((a) => a.address === ns.address && a.port === ns.port && a.tsigAlgorithm === ns.tsigAlgorithm);
    return same?.tsigKey === undefined ? ns : { ...ns, tsigKey: same.tsigKey };
  });
}

export function outputsOf(zone: Zone, inputs: Props): ZoneOutputs {
  const ns = zone.authoritativeNameservers;
  return {
    name: zone.name,
    mode: zone.mode,
    ttl: zone.ttl,
    labels: visibleLabels(zone.labels),
    deleteProtection: zone.deleteProtection,
    primaryNameservers: liveNameservers(zone.primaryNameservers, inputs.primaryNameservers),
    zoneId: zone.id,
    nameservers: ns.assigned,
    delegation: { delegated: ns.delegated, status: ns.delegationStatus, lastCheck: ns.delegationLastCheck },
    status: zone.status,
    registrar: zone.registrar,
    recordCount: zone.recordCount,
    created: zone.created,
  };
}

/** What the POST /zones of these checked inputs sends (the owner label included). */
export function zoneSpecOf(inputs: Props): ZoneSpec {
  return {
    name: inputs.name,
    mode: inputs.mode ?? "primary",
    ...(inputs.ttl === undefined ? {} : { ttl: inputs.ttl }),
    labels: ownedLabels(inputs.labels, inputs.__owner),
    ...(inputs.mode === "secondary" ? { primaryNameservers: inputs.primaryNameservers ?? [] } : {}),
  };
}

/**
 * POST /zones for `spec`, optionally with the zone's first RRSets in the same request (the `records`
 * input). A create whose answer was lost, or repeated after a hard interrupt, finds
 * its own zone by name and owner label (claimFound); a zone of the name that is not ours is a clear error.
 */
export async function createZone(client: HcloudClient, spec: ZoneSpec, rrsets?: RrsetSpec[]): Promise<WithActions<Zone>> {
  try {
    return await client.zones.create({ ...spec, ...(rrsets === undefined ? {} : { rrsets }) }, async (how, sentAt) => {
      const found = await client.zones.findByName(spec.name);
      if (!found) return undefined;
      claimFound({ ...found, id: String(found.id) }, {
        kind: "zone",
        how,
        sentAt,
        labels: spec.labels,
        differences: differences([
          ["mode", spec.mode, found.mode],
          ["ttl", spec.ttl ?? found.ttl, found.ttl],
          ["labels", spec.labels, found.labels],
          ["primaryNameservers", (spec.primaryNameservers ?? []).map(({ address, port }) => ({ address, port })), found.primaryNameservers.map(({ address, port }) => ({ address, port }))],
        ]),
      });
      return found;
    });
  } catch (error) {
    // Not in this project (takeOver found nothing): another project or account holds the name.
    if (isApiError(error, HetznerErrorCode.UniquenessError)) {
      throw new Error(
        `zone "${spec.name}" already exists in another Hetzner project or account (the API refused the name). ` +
          "Delete it there, or manage it from that project's token (hcloud:token or credentials.token), then run `pulumi up` again",
      );
    }
    throw error;
  }
}

/** Outputs after a failed step: the part it left undone keeps its previous value, so the next `up` retries it. */
function markUndone(outs: Props, s: Settler, before: Props): void {
  if (s.undone("change_ttl")) outs.ttl = before.ttl;
  if (s.undone("change_protection")) outs.deleteProtection = before.deleteProtection ?? false;
  if (s.undone("change_primary_nameservers")) outs.primaryNameservers = before.primaryNameservers ?? [];
}

/** Converges TTL, primary nameservers and protection of the live zone on `inputs` (each Action awaited in turn). */
async function converge(live: Zone, inputs: Props, s: Settler): Promise<void> {
  const api = hcloudClient(inputs).zones;
  if (live.mode === "primary" && inputs.ttl !== undefined && live.ttl !== inputs.ttl) await s.step("change_ttl", api.changeTtl(live.id, inputs.ttl));
  if (live.mode === "secondary" && inputs.primaryNameservers !== undefined) {
    const asked = inputs.primaryNameservers as PrimaryNameserver[];
    if (!sameValue(sortedNameservers(liveNameservers(live.primaryNameservers, asked)), sortedNameservers(asked))) {
      await s.step("change_primary_nameservers", api.changePrimaryNameservers(live.id, asked));
    }
  }
  if (live.deleteProtection !== inputs.deleteProtection) await s.step("change_protection", api.changeProtection(live.id, inputs.deleteProtection));
}

export async function create(inputs: Props) {
  const client = hcloudClient(inputs);
  const { value: created, actions } = await createZone(client, zoneSpecOf(inputs), zoneCreateRrsets(inputs));
  const done = await finishCreate({
    id: String(created.id),
    created,
    resource: describeZone(created),
    inputs,
    waiter: client.waiter,
    run: async (s) => {
      await s.step("create_zone", actions);
      await converge(created, inputs, s);
    },
    read: () => client.zones.find(created.id),
    outputs: (live) => outputsOf(live, inputs),
    markUndone: (outs, s) => markUndone(outs, s, { ttl: created.ttl, deleteProtection: created.deleteProtection, primaryNameservers: created.primaryNameservers }),
  });
  const outs: Props = { ...done.outs, ...(await zoneRecordsOutput(client, created, inputs)) };
  return { id: done.id, outs };
}

export async function read(id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const live = await hcloudClient(props).zones.find(Number(id));
  if (!live) return { id: "", props: {} };
  const outs = outputsOf(live, props);
  const inputs: Props = { name: outs.name, mode: outs.mode, labels: outs.labels, deleteProtection: outs.deleteProtection };
  if (outs.mode === "primary") inputs.ttl = outs.ttl;
  else inputs.primaryNameservers = outs.primaryNameservers;
  if (props.__owner !== undefined) inputs.__owner = props.__owner;
  const { records } = await zoneRecordsOutput(hcloudClient(props), live, props);
  if (records !== undefined) outs.records = inputs.records = records;
  return { id, props: outs, inputs };
}

/** Converges the live zone on the inputs: each part is compared with what really exists, then changed. */
export async function update(id: string, olds: Props, news: Props) {
  const client = hcloudClient(news);
  const zoneId = Number(id);
  let live = await client.zones.get(zoneId);
  const resource = describeZone(live);
  const s = new Settler(client.waiter, resource);
  // A zone made before owner labels existed gets one with its next PUT; one it already has is kept.
  const labels = ownedLabels(news.labels, live.labels[OWNER_LABEL] ?? news.__owner);
  if (!sameValue(live.labels, labels)) live = await client.zones.update(zoneId, { labels });
  await converge(live, news, s);
  await convergeZoneRecords(client, live, news, s);
  // Without an Action, the first GET or the PUT's answer already is the final state.
  const final = s.steps > 0 ? await client.zones.get(zoneId) : live;
  const outs: ZoneOutputs = { ...outputsOf(final, news), ...(await zoneRecordsOutput(client, final, news)) };
  if (s.errors.length) {
    markUndone(outs, s, olds);
    throw partialFailure(`updating ${resource} failed: ${s.message}`, id, outs, news);
  }
  return { outs };
}

function protectedError(what: string): Error {
  return new Error(`${what} has delete protection: disable deleteProtection first (set deleteProtection: false and run \`pulumi up\`), then delete it`);
}

export async function remove(id: string, props: Props = {}) {
  const zoneId = Number(id);
  if (props.deleteProtection === true) throw protectedError(`zone ${id}${props.name ? ` (${props.name})` : ""}`);
  const client = hcloudClient(props);
  const live = await client.zones.find(zoneId);
  if (!live) return; // already gone: nothing to do
  if (live.deleteProtection) throw protectedError(describeZone(live));
  const actions = await unlessNotFound(client.zones.delete(zoneId));
  if (actions) await client.waiter.wait(actions, { resource: describeZone(live) });
}

export const zone: ResourceImplementation = withCredentials({ check, diff, create, read, update, delete: remove }, DEFAULT_ENDPOINT);
