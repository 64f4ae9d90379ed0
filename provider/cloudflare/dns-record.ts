/**
 * cloudflare.DnsRecord: one record of a Cloudflare zone. Creates, updates and deletes of the records of one
 * zone that the engine runs at the same time go out together as `/batch` requests (record-writer.ts); each
 * resource still gets its own record or error. Reads share one listing of the zone. The Pulumi id is
 * Cloudflare's record id.
 */
import * as ipaddr from "ipaddr.js";
import { withCredentials } from "../core/credentials";
import { isApiError, isNotFound } from "../core/errors";
import { canonicalJson, CheckFailure, containsUnknown, isUnknown } from "../core/inputs";
import { Props, ResourceImplementation } from "../core/resource";
import { DnsInputError } from "../dns/errors";
import { canonicalHostname, relativeName } from "../dns/names";
import { cloudflareClient, DEFAULT_ENDPOINT } from "./client";
import { DnsRecordInfo, toRecordInfo } from "./api/records";
import { CloudflareErrorCode } from "./envelope";
import { valueProblem } from "./record-values";
import type { RecordBodyWire, RecordPatchWire, RecordWire } from "./wire";

/** Every type Cloudflare's API takes (the spec's `dns-records_type`, plus OPENPGPKEY from Cloudflare's current API). */
export const CLOUDFLARE_RECORD_TYPES = [
  "A", "AAAA", "CAA", "CERT", "CNAME", "DNSKEY", "DS", "HTTPS", "LOC", "MX", "NAPTR", "NS", "OPENPGPKEY", "PTR", "SMIMEA", "SRV", "SSHFP", "SVCB", "TLSA", "TXT", "URI",
] as const;
/** Types whose value Cloudflare takes as structured `data` (the spec's record schemas mark their `content` read-only). */
export const DATA_TYPES = new Set(["CAA", "CERT", "DNSKEY", "DS", "HTTPS", "LOC", "NAPTR", "SMIMEA", "SRV", "SSHFP", "SVCB", "TLSA", "URI"]);
/** Types that take `priority` beside their content (the spec: "Required for MX, SRV and URI records"; SRV carries it in data). */
const PRIORITY_TYPES = new Set(["MX", "URI"]);
/** Only these can be proxied (Cloudflare's "Proxied records" docs). */
export const PROXIABLE_TYPES = new Set(["A", "AAAA", "CNAME"]);
/** Types whose content is a hostname: compared in lower case, ASCII, without trailing dot, as Cloudflare stores them. */
const HOSTNAME_TYPES = new Set(["CNAME", "NS", "PTR", "MX"]);
/** `ttl` 1 means automatic; otherwise 30 (Enterprise; 60 on other plans) to 86400 seconds (the spec's `dns-records_ttl`). */
export const AUTOMATIC_TTL = 1;
const MIN_TTL = 30;
const MAX_TTL = 86400;
/** The record's own fields an update may PATCH, in the order diffs list them. */
const PATCHABLE = ["name", "content", "data", "priority", "ttl", "proxied", "comment", "tags", "settings"] as const;

/** Outputs: the record as programs see it (api/records.ts), its zone, and Cloudflare's id as `recordId`. */
export type DnsRecordOutputs = Omit<DnsRecordInfo, "id"> & {
  zoneId: string;
  /** The zone's name (ASCII), read once when the resource is checked first. */
  zoneName: string;
  recordId: string;
};

/** A hostname as Cloudflare stores it: lower case, ASCII (punycode), no trailing dot. One the DNS module refuses is left for check to report. */
function cloudflareHostname(value: string): string {
  const bare = value.trim().replace(/\.$/, "");
  if (bare === "") return bare;
  try {
    return canonicalHostname(`${bare}.`, { zone: "zone.invalid", refuseZoneSuffix: false }).replace(/\.$/, "");
  } catch {
    return bare.toLowerCase();
  }
}

/** `content` in the form Cloudflare answers with, so a program's spelling never diffs against a read-back. */
export function cloudflareContent(type: string, content: string): string {
  const value = content.trim();
  if (type === "A" && ipaddr.IPv4.isValidFourPartDecimal(value)) return ipaddr.IPv4.parse(value).toString();
  if (type === "AAAA" && ipaddr.IPv6.isValid(value)) return ipaddr.IPv6.parse(value).toRFC5952String();
  if (HOSTNAME_TYPES.has(type)) return cloudflareHostname(value);
  return type === "TXT" ? content : value;
}

/** Settings that are off are the same as unset (Cloudflare answers `{}` or the flags at false). */
function activeSettings(settings: unknown): Record<string, boolean> {
  if (!settings || typeof settings !== "object") return {};
  return Object.fromEntries(Object.entries(settings as Record<string, unknown>).filter(([, on]) => on === true)) as Record<string, boolean>;
}

function isString(value: unknown): value is string {
  return typeof value === "string";
}

export async function check(olds: Props, news: Props) {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const inputs: Props = { ...news };

  const zoneId = news.zoneId;
  if (!isUnknown(zoneId) && (!isString(zoneId) || !/^[0-9a-zA-Z]{1,32}$/.test(zoneId))) fail("zoneId", "zoneId must be a Cloudflare zone id (up to 32 letters and digits)");

  const type = news.type;
  if (!isUnknown(type) && (!isString(type) || !(CLOUDFLARE_RECORD_TYPES as readonly string[]).includes(type))) {
    const upper = isString(type) ? type.toUpperCase() : "";
    fail("type", (CLOUDFLARE_RECORD_TYPES as readonly string[]).includes(upper) ? `type must be written in upper case: "${upper}"` : `type must be one of ${CLOUDFLARE_RECORD_TYPES.join(", ")}`);
  }
  const knownType = isString(type) && !failures.some((f) => f.property === "type") ? type : undefined;

  const hasContent = news.content !== undefined && news.content !== null;
  const hasData = news.data !== undefined && news.data !== null;
  if (knownType && !containsUnknown(news.content) && !containsUnknown(news.data)) {
    if (DATA_TYPES.has(knownType)) {
      // One message for one mistake: a value written as content is a missing data.
      if (!hasData || typeof news.data !== "object" || Array.isArray(news.data)) fail("data", `a ${knownType} record takes its value as data (e.g. ${DATA_EXAMPLES[knownType] ?? "{ … }"}), not content`);
      else if (hasContent) fail("content", `a ${knownType} record takes data, not content (Cloudflare derives content from data)`);
    } else {
      if (!hasContent || !isString(news.content) || news.content.trim() === "") fail("content", `a ${knownType} record needs content, a non-empty string`);
      else inputs.content = cloudflareContent(knownType, news.content);
      if (hasData) fail("data", `only ${[...DATA_TYPES].join(", ")} records take data`);
    }
  }
  // The value by the DNS module's rules for its type, once its shape is right (a bad address fails here, not at the API).
  if (knownType && !failures.some((f) => f.property === "content" || f.property === "data") && !containsUnknown([news.content, news.data, news.priority])) {
    const problem = valueProblem({ type: knownType, content: inputs.content, data: news.data ?? undefined, priority: news.priority ?? undefined });
    if (problem) fail(DATA_TYPES.has(knownType) ? "data" : "content", problem);
  }
  if (knownType && !isUnknown(news.priority)) {
    const priority = news.priority;
    if (PRIORITY_TYPES.has(knownType)) {
      if (!Number.isInteger(priority) || priority < 0 || priority > 65535) fail("priority", `a ${knownType} record needs priority, a whole number from 0 to 65535`);
    } else if (priority !== undefined && priority !== null) fail("priority", `only ${[...PRIORITY_TYPES].join(" and ")} records take priority${knownType === "SRV" ? " (SRV: in data)" : ""}`);
  }

  const ttl = news.ttl ?? AUTOMATIC_TTL;
  inputs.ttl = ttl;
  if (!isUnknown(ttl) && (!Number.isInteger(ttl) || (ttl !== AUTOMATIC_TTL && (ttl < MIN_TTL || ttl > MAX_TTL)))) {
    fail("ttl", `ttl must be 1 (automatic) or a whole number of seconds from ${MIN_TTL} to ${MAX_TTL}`);
  }
  const proxied = news.proxied ?? false;
  inputs.proxied = proxied;
  if (!isUnknown(proxied)) {
    if (typeof proxied !== "boolean") fail("proxied", "proxied must be true or false");
    else if (proxied && knownType && !PROXIABLE_TYPES.has(knownType)) fail("proxied", `a ${knownType} record cannot be proxied (only A, AAAA and CNAME can)`);
    else if (proxied && !isUnknown(ttl) && ttl !== AUTOMATIC_TTL) fail("ttl", `a proxied record's ttl must be 1 (automatic), not ${ttl}: Cloudflare answers for it; remove ttl or set proxied: false`);
  }
  if (news.comment !== undefined && news.comment !== null && !isUnknown(news.comment) && !isString(news.comment)) fail("comment", "comment must be a string");
  const tags = news.tags ?? [];
  inputs.tags = tags;
  if (!containsUnknown(tags) && (!Array.isArray(tags) || !tags.every((tag) => isString(tag) && tag !== ""))) {
    fail("tags", 'tags must be a list of non-empty strings, e.g. "team:web"');
  }
  const settings = news.settings ?? {};
  inputs.settings = settings;
  if (!containsUnknown(settings) && (typeof settings !== "object" || Array.isArray(settings) || !Object.values(settings).every((v) => typeof v === "boolean"))) {
    fail("settings", "settings must be a map of flags, e.g. { flatten_cname: true } or { ipv4_only: true }");
  }

  // The name needs the zone's: read it once per zone (kept in the inputs, so later previews send nothing).
  if (failures.length === 0 && !isUnknown(zoneId) && !isUnknown(news.name)) {
    if (!isString(news.name) || news.name === "") {
      fail("name", 'name must be "@", a name relative to the zone, or a name inside it');
    } else {
      try {
        const zone = olds.zoneId === zoneId && isString(olds.zoneName) ? olds.zoneName : await cloudflareClient(news).zoneName(zoneId);
        inputs.zoneName = zone;
        const relative = relativeName(news.name, zone);
        inputs.name = relative === "@" ? zone : `${relative}.${zone}`;
      } catch (error) {
        if (!(error instanceof DnsInputError)) throw error;
        fail("name", error.message);
      }
    }
  }
  return { inputs, failures };
}

const DATA_EXAMPLES: Record<string, string> = {
  CAA: '{ flags: 0, tag: "issue", value: "letsencrypt.org" }',
  SRV: '{ priority: 10, weight: 5, port: 5060, target: "sip.example.com" }',
  TLSA: '{ usage: 3, selector: 1, matching_type: 1, certificate: "<hex>" }',
  DS: '{ key_tag: 2371, algorithm: 13, digest_type: 2, digest: "<hex>" }',
  HTTPS: '{ priority: 1, target: ".", value: "alpn=\\"h2\\"" }',
  URI: '{ target: "https://example.com/", weight: 1 }',
};

/** What each field compares as: unset and its default are the same, settings that are off are unset. */
function comparable(field: (typeof PATCHABLE)[number], props: Props): unknown {
  const value = props[field];
  switch (field) {
    case "ttl":
      return value ?? AUTOMATIC_TTL;
    case "proxied":
      return value ?? false;
    case "comment":
      return value || null;
    case "tags":
      return [...((value as string[] | undefined) ?? [])].sort();
    case "settings":
      return activeSettings(value);
    default:
      return value ?? null;
  }
}

/**
 * The fields that differ. `data` compares the fields the program gives: Cloudflare answers with every field
 * of the type (defaults included), which the program need not spell out.
 */
function changedFields(olds: Props, news: Props): string[] {
  return PATCHABLE.filter((field) => {
    if (containsUnknown(news[field])) return true;
    if (field === "data") return canonicalJson(dataFields(news.data)) !== canonicalJson(dataFields(olds.data, news.data));
    return canonicalJson(comparable(field, olds)) !== canonicalJson(comparable(field, news));
  });
}

/** `data` with numbers as numbers (a program may write "10"), limited to the keys of `keys` when given. */
function dataFields(data: unknown, keys?: unknown): Record<string, unknown> | null {
  if (!data || typeof data !== "object") return null;
  const wanted = keys && typeof keys === "object" ? Object.keys(keys) : Object.keys(data);
  return Object.fromEntries(
    wanted.map((key) => {
      const value = (data as Record<string, unknown>)[key];
      return [key, typeof value === "string" && /^\d+$/.test(value) ? Number(value) : (value ?? null)];
    }),
  );
}

export async function diff(_id: string, olds: Props, news: Props) {
  const replaces = ["zoneId", "type"].filter((field) => containsUnknown(news[field]) || olds[field] !== news[field]);
  const changes = [...replaces, ...changedFields(olds, news)];
  return {
    changes: changes.length > 0,
    replaces,
    // The old record may hold the name the new one needs (a CNAME, or the same content): it goes first.
    deleteBeforeReplace: true,
    detailedDiff: Object.fromEntries(changes.map((field) => [field, { kind: replaces.includes(field) ? ("update-replace" as const) : ("update" as const), inputDiff: true }])),
  };
}

/** The record's writable fields as the program wants them. */
function body(inputs: Props): RecordBodyWire {
  const wire: RecordBodyWire = { type: inputs.type, name: inputs.name, ttl: inputs.ttl ?? AUTOMATIC_TTL };
  if (DATA_TYPES.has(inputs.type)) wire.data = inputs.data;
  else wire.content = inputs.content;
  if (PRIORITY_TYPES.has(inputs.type)) wire.priority = inputs.priority;
  if (PROXIABLE_TYPES.has(inputs.type)) wire.proxied = inputs.proxied ?? false;
  if (inputs.comment) wire.comment = inputs.comment;
  if (inputs.tags?.length) wire.tags = inputs.tags;
  const settings = activeSettings(inputs.settings);
  if (Object.keys(settings).length) wire.settings = settings;
  return wire;
}

/** Only what changed, in the forms that clear a field (an empty comment, no tags, a flag set to false). */
function patch(olds: Props, news: Props): RecordPatchWire {
  const full = body(news) as Record<string, unknown>;
  const wire: Record<string, unknown> = {};
  for (const field of changedFields(olds, news)) {
    if (field === "comment") wire.comment = news.comment || "";
    else if (field === "tags") wire.tags = news.tags ?? [];
    else if (field === "settings") wire.settings = { ...Object.fromEntries(Object.keys(activeSettings(olds.settings)).map((key) => [key, false])), ...activeSettings(news.settings) };
    else if (full[field] !== undefined) wire[field] = full[field];
  }
  return wire as RecordPatchWire;
}

export function outputsOf(zoneId: string, zoneName: string, live: RecordWire): DnsRecordOutputs {
  const { id, content, data, priority, ...info } = toRecordInfo(live);
  const outs: DnsRecordOutputs = { zoneId, zoneName, recordId: id, ...info, settings: activeSettings(info.settings) };
  // Cloudflare answers a derived `content` for the structured types: only `data` is theirs to compare.
  if (DATA_TYPES.has(live.type)) outs.data = data ?? {};
  else if (content !== undefined) outs.content = cloudflareContent(live.type, content);
  if (PRIORITY_TYPES.has(live.type) && priority !== undefined) outs.priority = priority;
  return outs;
}

const describe = (inputs: Props) => `${inputs.type} record ${inputs.name}`;

export async function create(inputs: Props) {
  const client = cloudflareClient(inputs);
  const created = await client.writer.write(inputs.zoneId, { kind: "post", body: body(inputs) }).catch((error) => {
    throw Object.assign(error, { message: `creating ${describe(inputs)} failed: ${error.message}` });
  });
  if (!created) throw new Error(`creating ${describe(inputs)}: the batch answer lists no record for it; run \`pulumi refresh\`, then \`pulumi up\``);
  return { id: created.id, outs: outputsOf(inputs.zoneId, inputs.zoneName, created) };
}

export async function read(id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const live = await cloudflareClient(props).writer.read(props.zoneId, id);
  if (!live) return { id: "", props: {} };
  const outs = outputsOf(props.zoneId, props.zoneName, live);
  const inputs: Props = { zoneId: outs.zoneId, zoneName: outs.zoneName, name: outs.name, type: outs.type, ttl: outs.ttl, proxied: outs.proxied, tags: outs.tags, settings: outs.settings };
  for (const field of ["content", "data", "priority", "comment"] as const) if (outs[field] !== undefined) inputs[field] = outs[field];
  for (const field of ["__autonamePrefix", "__owner"]) if (props[field] !== undefined) inputs[field] = props[field];
  return { id, props: outs, inputs };
}

export async function update(id: string, olds: Props, news: Props) {
  const client = cloudflareClient(news);
  const changes = patch(olds, news);
  if (Object.keys(changes).length === 0) {
    // Nothing of the record changed (e.g. a credentials rotation): the recorded state stands.
    return { outs: { ...olds, ...pick(news, ["zoneId", "zoneName"]) } };
  }
  const updated = await client.writer.write(news.zoneId, { kind: "patch", id, body: changes }).catch((error) => {
    throw Object.assign(error, { message: `updating ${describe(news)} (${id}) failed: ${error.message}` });
  });
  const live = updated ?? (await client.writer.read(news.zoneId, id));
  if (!live) throw new Error(`updating ${describe(news)} (${id}): the record is gone; run \`pulumi refresh\` to record that, then \`pulumi up\` creates it again`);
  return { outs: outputsOf(news.zoneId, news.zoneName, live) };
}

export async function remove(id: string, props: Props) {
  try {
    await cloudflareClient(props).writer.write(props.zoneId, { kind: "delete", id });
  } catch (error) {
    // Gone already (deleted out of band): what delete wanted.
    if (isNotFound(error) || isApiError(error, CloudflareErrorCode.RecordNotFound)) return;
    throw Object.assign(error as Error, { message: `deleting ${describe(props)} (${id}) failed: ${(error as Error).message}` });
  }
}

function pick(props: Props, fields: string[]): Props {
  return Object.fromEntries(fields.filter((f) => props[f] !== undefined).map((f) => [f, props[f]]));
}

export const dnsRecord: ResourceImplementation = withCredentials({ check, diff, create, read, update, delete: remove }, DEFAULT_ENDPOINT);
