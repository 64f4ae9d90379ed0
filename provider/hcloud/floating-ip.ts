/**
 * hcloud.FloatingIp: the whole life of a Hetzner Cloud Floating IP — check, diff, create, read, update, delete.
 * Inputs and outputs are camelCase program shapes; api/floating-ips.ts speaks the wire.
 */
import ipaddr from "ipaddr.js";
import { unlessNotFound } from "../core/errors";
import { canonicalJson, CheckFailure, checkId, containsUnknown, isUnknown, sameValue } from "../core/inputs";
import { finishCreate, replaceOrder, Settler, spareTakenOver } from "../core/lifecycle";
import { checkName, checkUserLabels, ownedLabels, OWNER_LABEL, partialFailure, Props, ResourceImplementation, visibleLabels } from "../core/resource";
import { DnsPtr, FloatingIp, FloatingIpType } from "./api/floating-ips";
import { DEFAULT_ENDPOINT, hcloudClient } from "./client";
import { withCredentials } from "../core/credentials";

/** A reverse DNS entry as the program writes it: `ip` defaults to the IPv4 itself, or `<network>::1` for IPv6. */
export interface DnsPtrInput {
  ip?: string;
  dnsPtr: string;
}

export interface FloatingIpInputs {
  type: FloatingIpType;
  homeLocation: string;
  name: string;
  description: string | null;
  labels: Record<string, string>;
  /** Absent: assignment is not this resource's business (a FloatingIpAssignment may own it). */
  serverId?: number;
  /** Absent: reverse DNS is not managed. */
  dnsPtr?: DnsPtrInput[];
  deleteProtection: boolean;
}

export interface FloatingIpOutputs extends Omit<FloatingIpInputs, "serverId" | "dnsPtr"> {
  /** Live assignment, only when the resource manages it (null: unassigned). */
  serverId?: number | null;
  /** Managed entries as they are live (all live entries when dnsPtr is not managed). */
  dnsPtr: DnsPtr[];
  floatingIpId: number;
  ip: string;
  blocked: boolean;
  server: number | null;
  created: string;
}

const TYPES = ["ipv4", "ipv6"];
// Hyphen-separated runs, each hyphen required: one way to match any text, so no backtracking blow-up.
const LOCATION_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** The limit the API applies to every resource name (stated for firewalls in the OpenAPI spec). */
const MAX_NAME_LENGTH = 128;
const HOSTNAME = /^(?=.{1,255}$)([a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9])?\.)*[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9])?\.?$/;
const PTR_KEYS = ["ip", "dnsPtr"];
const REPLACING_FIELDS = ["type", "homeLocation"] as const;

// ---- check -------------------------------------------------------------------------------------

const absent = (value: unknown) => value === undefined || value === null;

export async function check(olds: Props, news: Props) {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });

  const type = news.type;
  if (!isUnknown(type) && !TYPES.includes(type)) fail("type", `type must be "ipv4" or "ipv6", got ${JSON.stringify(type)}`);
  const homeLocation = news.homeLocation;
  if (!isUnknown(homeLocation) && (typeof homeLocation !== "string" || !LOCATION_NAME.test(homeLocation))) {
    fail("homeLocation", `homeLocation must be a location name such as "fsn1", "nbg1", "hel1", "ash", "hil" or "sin", got ${JSON.stringify(homeLocation)}`);
  }

  // A replacement is created before the old IP is deleted, so an autonamed IP gets a fresh name then.
  const replacing = REPLACING_FIELDS.some((f) => olds[f] !== undefined && olds[f] !== news[f]);
  const named = checkName(news, replacing ? undefined : olds.name, failures, MAX_NAME_LENGTH, [type, homeLocation]);

  const description = absent(news.description) ? null : news.description;
  if (description !== null && !isUnknown(description) && typeof description !== "string") fail("description", "description must be a string");

  const inputs: Props = {
    type,
    homeLocation,
    ...named.fields,
    description,
    labels: checkUserLabels(news.labels ?? {}, failures),
    deleteProtection: checkBoolean(news.deleteProtection, "deleteProtection", failures),
  };
  if (!absent(news.serverId)) inputs.serverId = checkId(news.serverId, "serverId", failures, "server");
  if (!absent(news.dnsPtr)) inputs.dnsPtr = checkDnsPtr(news.dnsPtr, type, failures);
  return { inputs, failures };
}

function checkBoolean(value: unknown, property: string, failures: CheckFailure[]): unknown {
  if (absent(value)) return false;
  if (isUnknown(value) || typeof value === "boolean") return value;
  failures.push({ property, reason: `${property} must be true or false, got ${JSON.stringify(value)}` });
  return value;
}

/** The address in canonical spelling (IPv6 per RFC 5952), or undefined when it is not one address of that family. */
function canonicalAddress(raw: unknown, type?: unknown): string | undefined {
  if (typeof raw !== "string") return undefined;
  if (type !== "ipv6" && ipaddr.IPv4.isValidFourPartDecimal(raw)) return ipaddr.IPv4.parse(raw).toString();
  if (type !== "ipv4" && ipaddr.IPv6.isValid(raw) && !raw.includes("%")) return ipaddr.IPv6.parse(raw).toRFC5952String();
  return undefined;
}

/** Validates the entries and returns them canonical and sorted; entries with unknown parts pass as they are. */
function checkDnsPtr(value: unknown, type: unknown, failures: CheckFailure[]): unknown {
  if (isUnknown(value)) return value;
  if (!Array.isArray(value)) {
    failures.push({ property: "dnsPtr", reason: "dnsPtr must be a list of { ip?, dnsPtr }" });
    return value;
  }
  const seen = new Set<string>();
  const entries = value.map((entry, i) => {
    const at = `dnsPtr[${i}]`;
    const fail = (reason: string) => failures.push({ property: at, reason: `${at}: ${reason}` });
    if (containsUnknown(entry)) return entry;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      fail("each entry must be { ip?, dnsPtr }");
      return entry;
    }
    const e = entry as Props;
    for (const key of Object.keys(e)) if (!PTR_KEYS.includes(key)) fail(`unknown property "${key}" (expected ip, dnsPtr)`);
    if (typeof e.dnsPtr !== "string" || !HOSTNAME.test(e.dnsPtr)) fail(`dnsPtr must be a hostname, got ${JSON.stringify(e.dnsPtr)}`);
    const out: Props = { dnsPtr: e.dnsPtr };
    if (!absent(e.ip)) {
      const ip = canonicalAddress(e.ip, isUnknown(type) ? undefined : type);
      if (ip === undefined) {
        fail(`ip ${JSON.stringify(e.ip)} is not a single ${type === "ipv4" ? "IPv4" : type === "ipv6" ? "IPv6" : "IP"} address, so it cannot lie inside the floating IP`);
      } else out.ip = ip;
    }
    const key = out.ip ?? "(default)";
    if (seen.has(key)) fail(`ip ${key} is listed twice`);
    seen.add(key);
    return out;
  });
  if (type === "ipv4" && entries.length > 1) {
    failures.push({ property: "dnsPtr", reason: "an ipv4 floating IP has a single address, so dnsPtr takes at most one entry" });
  }
  return entries;
}

// ---- reverse DNS against the live address ------------------------------------------------------

/** Resolves entries to absolute addresses inside the floating IP, sorted by address; throws naming the offenders. */
export function resolveDnsPtr(entries: DnsPtrInput[], fip: { type: string; ip: string; floatingIpId?: number; id?: number }): DnsPtr[] {
  const outside: string[] = [];
  const resolved = entries.map((entry) => {
    let ip: string;
    if (fip.type === "ipv4") {
      ip = entry.ip ?? fip.ip;
      if (ip !== fip.ip) outside.push(ip);
    } else {
      const [network, bits] = ipaddr.IPv6.parseCIDR(fip.ip.includes("/") ? fip.ip : `${fip.ip}/64`);
      if (entry.ip === undefined) {
        const bytes = network.toByteArray();
        bytes[15] = 1;
        ip = ipaddr.fromByteArray(bytes).toString();
      } else {
        ip = entry.ip;
        const address = ipaddr.IPv6.isValid(ip) ? ipaddr.IPv6.parse(ip) : undefined;
        if (!address || !address.match(network, bits)) outside.push(ip);
      }
      ip = canonicalAddress(ip, "ipv6") ?? ip;
    }
    return { ip, dnsPtr: entry.dnsPtr };
  });
  if (outside.length) {
    throw new Error(
      `dnsPtr: ${outside.join(", ")} ${outside.length > 1 ? "do" : "does"} not lie inside floating IP ${fip.floatingIpId ?? fip.id} (${fip.ip})` +
        (fip.type === "ipv4" ? ": an ipv4 entry must name the floating IP itself (or leave ip out)" : ""),
    );
  }
  return sortPtrs(resolved);
}

const sortPtrs = (ptrs: DnsPtr[]) => [...ptrs].sort((a, b) => a.ip.localeCompare(b.ip));

// ---- diff --------------------------------------------------------------------------------------

const managesServer = (props: Props) => props.serverId !== undefined;
const managesDnsPtr = (props: Props) => props.dnsPtr !== undefined && props.dnsPtr !== null && props.__dnsPtrUnmanaged !== true;

export async function diff(_id: string, olds: Props, news: Props) {
  const differs = (field: string, a: unknown, b: unknown) => containsUnknown(news[field]) || canonicalJson(a) !== canonicalJson(b);
  const replaces = REPLACING_FIELDS.filter((f) => differs(f, olds[f], news[f]));
  const changed: string[] = [...replaces];
  if (differs("name", olds.name, news.name)) changed.push("name");
  if (differs("description", olds.description ?? null, news.description ?? null)) changed.push("description");
  if (differs("labels", olds.labels ?? {}, news.labels ?? {})) changed.push("labels");
  if (differs("deleteProtection", olds.deleteProtection ?? false, news.deleteProtection ?? false)) changed.push("deleteProtection");
  if (managesServer(news) && differs("serverId", olds.serverId ?? null, news.serverId)) changed.push("serverId");
  if (news.dnsPtr !== undefined) {
    if (containsUnknown(news.dnsPtr) || replaces.length || typeof olds.ip !== "string") changed.push("dnsPtr");
    // Checked here, where the address is known: a bad entry fails the preview before any request.
    else if (!sameValue(resolveDnsPtr(news.dnsPtr, olds as { type: string; ip: string }), olds.__dnsPtrUnmanaged ? null : olds.dnsPtr)) changed.push("dnsPtr");
  }
  return { changes: changed.length > 0, ...replaceOrder(replaces, news) };
}

// ---- create / read / update / delete -----------------------------------------------------------

const describe = (fip: { id: number; name: string }) => `floating IP ${fip.id} (${fip.name})`;

function outputsOf(fip: FloatingIp, inputs: Props): FloatingIpOutputs {
  const managedIps = managesDnsPtr(inputs) ? new Set((inputs.dnsPtr as DnsPtr[]).map((p) => p.ip)) : undefined;
  return {
    type: fip.type,
    homeLocation: fip.homeLocation,
    name: fip.name,
    description: fip.description,
    labels: visibleLabels(fip.labels),
    deleteProtection: fip.deleteProtection,
    ...(managesServer(inputs) ? { serverId: fip.server } : {}),
    dnsPtr: sortPtrs(managedIps ? fip.dnsPtr.filter((p) => managedIps.has(p.ip)) : fip.dnsPtr),
    ...(managedIps ? {} : { __dnsPtrUnmanaged: true }),
    floatingIpId: fip.id,
    ip: fip.ip,
    blocked: fip.blocked,
    server: fip.server,
    created: fip.created,
  } as FloatingIpOutputs;
}

/** Outputs after a failed step: the part it left undone keeps its previous value, so the next `up` retries it. */
function markUndone(outs: Props, s: Settler, before: Props): void {
  if ("serverId" in outs && s.undone("assign_floating_ip", "unassign_floating_ip", "assign", "unassign")) outs.serverId = before.serverId ?? null;
  if (s.undone("change_dns_ptr")) outs.dnsPtr = before.dnsPtr ?? [];
  if (s.undone("change_protection")) outs.deleteProtection = before.deleteProtection ?? false;
}

/** Converges reverse DNS, protection and assignment of the live IP on `inputs` (each Action awaited in turn). */
async function converge(live: FloatingIp, inputs: Props, previouslyManagedPtrs: DnsPtr[], s: Settler): Promise<void> {
  const api = hcloudClient(inputs).floatingIps;
  if (live.deleteProtection !== inputs.deleteProtection) await s.step("change_protection", api.changeProtection(live.id, inputs.deleteProtection));
  if (managesDnsPtr(inputs)) {
    let desired: DnsPtr[] | undefined;
    try {
      desired = resolveDnsPtr(inputs.dnsPtr, live);
    } catch (error) {
      s.fail("change_dns_ptr", error);
    }
    if (desired) {
      for (const old of previouslyManagedPtrs) {
        const still = live.dnsPtr.find((p) => p.ip === old.ip);
        if (still && !desired.some((p) => p.ip === old.ip)) await s.step("change_dns_ptr", api.changeDnsPtr(live.id, old.ip, null));
      }
      for (const entry of desired) {
        if (live.dnsPtr.find((p) => p.ip === entry.ip)?.dnsPtr !== entry.dnsPtr) await s.step("change_dns_ptr", api.changeDnsPtr(live.id, entry.ip, entry.dnsPtr));
      }
    }
  }
  if (managesServer(inputs) && live.server !== inputs.serverId) {
    await s.step(inputs.serverId === null ? "unassign" : "assign", inputs.serverId === null ? api.unassign(live.id) : api.assign(live.id, inputs.serverId));
  }
}

/** The checked inputs with dnsPtr resolved to absolute addresses once the IP is known. */
function resolvedInputs(inputs: Props, live: FloatingIp): Props {
  if (!managesDnsPtr(inputs)) return inputs;
  try {
    return { ...inputs, dnsPtr: resolveDnsPtr(inputs.dnsPtr, live) };
  } catch {
    return { ...inputs, dnsPtr: [] };
  }
}

export async function create(inputs: Props) {
  const client = hcloudClient(inputs);
  const { value: created, actions } = await client.floatingIps.create({
    type: inputs.type,
    homeLocation: inputs.homeLocation,
    name: inputs.name,
    description: inputs.description ?? null,
    labels: ownedLabels(inputs.labels, inputs.__owner),
  });
  return finishCreate({
    id: String(created.id),
    created,
    resource: describe(created),
    inputs,
    waiter: client.waiter,
    run: async (s) => {
      await s.step("create", actions);
      await converge(created, inputs, [], s);
    },
    read: () => client.floatingIps.find(created.id),
    outputs: (live) => outputsOf(live, resolvedInputs(inputs, live)),
    markUndone: (outs, s) => markUndone(outs, s, { serverId: null, dnsPtr: [], deleteProtection: false }),
  });
}

export async function read(id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const live = await hcloudClient(props).floatingIps.find(Number(id));
  if (!live) return { id: "", props: {} };
  const outs = outputsOf(live, props);
  const inputs: Props = {
    type: outs.type,
    homeLocation: outs.homeLocation,
    name: outs.name,
    description: outs.description,
    labels: outs.labels,
    deleteProtection: outs.deleteProtection,
  };
  if (managesServer(props)) inputs.serverId = outs.serverId;
  if (managesDnsPtr(props)) inputs.dnsPtr = outs.dnsPtr;
  return { id, props: outs, inputs };
}

/** Converges the live IP on the inputs: each part is compared with what really exists, then changed. */
export async function update(id: string, olds: Props, news: Props) {
  const client = hcloudClient(news);
  const floatingIpId = Number(id);
  let live = await client.floatingIps.get(floatingIpId);
  const resource = describe(live);
  // A bad entry fails before any change is made.
  if (managesDnsPtr(news)) resolveDnsPtr(news.dnsPtr, live);
  const s = new Settler(client.waiter, resource);
  const description = news.description ?? null;
  // An object made before owner labels existed gets one with its next PUT; one it already has is kept.
  const labels = ownedLabels(news.labels, live.labels[OWNER_LABEL] ?? news.__owner);
  if (live.name !== news.name || live.description !== description || !sameValue(live.labels, labels)) {
    live = await client.floatingIps.update(floatingIpId, { name: news.name, description, labels });
  }
  const previouslyManaged = managesDnsPtr(olds) ? (olds.dnsPtr as DnsPtr[]) : [];
  await converge(live, news, previouslyManaged, s);
  // Without an Action, the first GET or the PUT's answer already is the final state.
  const final = s.steps > 0 ? await client.floatingIps.get(floatingIpId) : live;
  const outs = outputsOf(final, resolvedInputs(news, final));
  if (s.errors.length) {
    markUndone(outs, s, olds);
    throw partialFailure(`updating ${resource} failed: ${s.message}`, id, outs, news);
  }
  return { outs };
}

function protectedError(what: string): Error {
  return new Error(
    `${what} has delete protection: disable deleteProtection first (set deleteProtection: false and run \`pulumi up\`), then delete it`,
  );
}

export async function remove(id: string, props: Props = {}) {
  const floatingIpId = Number(id);
  if (spareTakenOver("floating IP", id)) return; // the replacement took this very IP over
  if (props.deleteProtection === true) throw protectedError(`floating IP ${id}${props.name ? ` (${props.name})` : ""}`);
  const client = hcloudClient(props);
  const live = await client.floatingIps.find(floatingIpId);
  if (!live) return; // already gone: nothing to do
  if (live.deleteProtection) throw protectedError(describe(live));
  // Since 1 May 2026 the API deletes only unassigned IPs (must_be_unassigned).
  if (live.server !== null) {
    const actions = await client.floatingIps.unassign(floatingIpId);
    await client.waiter.wait(actions, { resource: describe(live) });
  }
  await unlessNotFound(client.floatingIps.delete(floatingIpId));
}

export const floatingIp: ResourceImplementation = withCredentials({ check, diff, create, read, update, delete: remove }, DEFAULT_ENDPOINT);
