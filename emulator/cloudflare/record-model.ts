/**
 * DNS records as Cloudflare keeps them: input validation per type (spec `dns-records_<TYPE>Record`), the
 * content Cloudflare computes from structured `data`, names stored as FQDN in Punycode, and the rules a
 * record must keep against the rest of its zone (seed 002 "Create DNS Record" notes: CNAME and NS
 * exclusivity, Punycode; identical records refused).
 */
import { isIP } from "node:net";
import { domainToASCII } from "node:url";
import { CODES, CloudflareError, isObject, timestamp, validationError, type CloudflareMessage } from "./conventions";
import { PLANS, type StoredRecord, type StoredZone } from "./state";

/** Types whose value is `content` (the spec marks `content` writable for them). */
const CONTENT_TYPES = ["A", "AAAA", "CNAME", "MX", "NS", "PTR", "TXT"] as const;

interface Field {
  name: string;
  kind: "uint" | "number" | "hex" | "base64" | "text" | "hostname" | "enum";
  max?: number;
  min?: number;
  values?: readonly string[];
  /** Default when left out (spec `default`). */
  fallback?: unknown;
}
const uint = (name: string, max: number): Field => ({ name, kind: "uint", max });

/** `data` fields of the structured types, in content order, with the spec's ranges. */
const DATA_FIELDS: Record<string, Field[]> = {
  CAA: [uint("flags", 255), { name: "tag", kind: "enum", values: ["issue", "issuewild", "iodef", "issuemail", "issuevmc"] }, { name: "value", kind: "text" }],
  CERT: [uint("type", 65535), uint("key_tag", 65535), uint("algorithm", 255), { name: "certificate", kind: "base64" }],
  DNSKEY: [uint("flags", 65535), uint("protocol", 255), uint("algorithm", 255), { name: "public_key", kind: "base64" }],
  DS: [uint("key_tag", 65535), uint("algorithm", 255), uint("digest_type", 255), { name: "digest", kind: "hex" }],
  HTTPS: [uint("priority", 65535), { name: "target", kind: "hostname" }, { name: "value", kind: "text", fallback: "" }],
  SVCB: [uint("priority", 65535), { name: "target", kind: "hostname" }, { name: "value", kind: "text", fallback: "" }],
  LOC: [
    uint("lat_degrees", 90),
    { ...uint("lat_minutes", 59), fallback: 0 },
    { name: "lat_seconds", kind: "number", min: 0, max: 59.999, fallback: 0 },
    { name: "lat_direction", kind: "enum", values: ["N", "S"] },
    uint("long_degrees", 180),
    { ...uint("long_minutes", 59), fallback: 0 },
    { name: "long_seconds", kind: "number", min: 0, max: 59.999, fallback: 0 },
    { name: "long_direction", kind: "enum", values: ["E", "W"] },
    { name: "altitude", kind: "number", min: -100000, max: 42849672.95 },
    { name: "size", kind: "number", min: 0, max: 90000000, fallback: 0 },
    { name: "precision_horz", kind: "number", min: 0, max: 90000000, fallback: 0 },
    { name: "precision_vert", kind: "number", min: 0, max: 90000000, fallback: 0 },
  ],
  NAPTR: [
    uint("order", 65535),
    uint("preference", 65535),
    { name: "flags", kind: "text", fallback: "" },
    { name: "service", kind: "text", fallback: "" },
    { name: "regex", kind: "text", fallback: "" },
    { name: "replacement", kind: "hostname" },
  ],
  SMIMEA: [uint("usage", 255), uint("selector", 255), uint("matching_type", 255), { name: "certificate", kind: "hex" }],
  TLSA: [uint("usage", 255), uint("selector", 255), uint("matching_type", 255), { name: "certificate", kind: "hex" }],
  SRV: [uint("priority", 65535), uint("weight", 65535), uint("port", 65535), { name: "target", kind: "hostname" }],
  SSHFP: [uint("algorithm", 255), uint("type", 255), { name: "fingerprint", kind: "hex" }],
  URI: [uint("weight", 65535), { name: "target", kind: "text" }],
};

/** Every type the API takes (spec `dns-records_type`). */
export const RECORD_TYPES: readonly string[] = [...CONTENT_TYPES, ...Object.keys(DATA_FIELDS)].sort();
export const hasData = (type: string) => Object.hasOwn(DATA_FIELDS, type);
/** Only these can be proxied (hashicorp/terraform#11991, Cloudflare "Proxy status" docs). */
export const PROXIABLE = new Set(["A", "AAAA", "CNAME"]);
/** Types with a top-level `priority` (spec: MX and URI require it; SRV carries it in `data`). */
const PRIORITY_TYPES = new Set(["MX", "URI"]);

const quote = (text: string) => `"${text.replace(/(["\\])/g, "\\$1")}"`;
const meters = (n: number) => `${Number(n.toFixed(2))}m`;

/** The content Cloudflare shows for a structured record (presentation format, RFC 1035 style). */
export function contentOf(type: string, data: Record<string, any>): string {
  switch (type) {
    case "CAA":
      return `${data.flags} ${data.tag} ${quote(data.value)}`;
    case "SRV":
      // The priority is the record's `priority`, not part of the content (Cloudflare's SRV content is "weight port target").
      return `${data.weight} ${data.port} ${data.target}`;
    case "URI":
      return `${data.weight} ${quote(data.target)}`;
    case "HTTPS":
    case "SVCB":
      return `${data.priority} ${data.target}${data.value ? ` ${data.value}` : ""}`;
    case "NAPTR":
      return `${data.order} ${data.preference} ${quote(data.flags)} ${quote(data.service)} ${quote(data.regex)} ${data.replacement}`;
    case "LOC":
      return [
        data.lat_degrees,
        data.lat_minutes,
        Number(data.lat_seconds.toFixed(3)),
        data.lat_direction,
        data.long_degrees,
        data.long_minutes,
        Number(data.long_seconds.toFixed(3)),
        data.long_direction,
        meters(data.altitude),
        meters(data.size),
        meters(data.precision_horz),
        meters(data.precision_vert),
      ].join(" ");
    default:
      return DATA_FIELDS[type].map((field) => String(data[field.name])).join(" ");
  }
}

const LABEL = /^(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)$/;

/** A host name (letters, digits, `-`, `_`; labels of 1–63; at most 253), as ASCII; null when it is not one. */
export function hostname(raw: string): string | null {
  let host = raw.trim().replace(/\.$/, "");
  if (/[^\x00-\x7f]/.test(host)) host = domainToASCII(host);
  host = host.toLowerCase();
  if (host === "" || host.length > 253) return null;
  return host.split(".").every((label) => LABEL.test(label)) ? host : null;
}

/** A name lower-cased, without a trailing dot, Unicode labels in Punycode ("" when it cannot be converted). */
export function asciiName(raw: string): string {
  const name = raw.trim().toLowerCase().replace(/\.$/, "");
  return /[^\x00-\x7f]/.test(name) ? domainToASCII(name) : name;
}

/**
 * The FQDN of a record name in `zone`: `@` and the zone's name are the apex, a name that does not end with
 * the zone's is taken as relative to it (as the API does), Unicode becomes Punycode, `*` only as the first label.
 */
export function recordName(raw: string, zone: string): string | null {
  if (raw.trim() === "@" || raw.trim() === "") return zone;
  let name = asciiName(raw);
  if (name === "") return null;
  if (name !== zone && !name.endsWith(`.${zone}`)) name = `${name}.${zone}`;
  if (name.length > 253) return null;
  const labels = name.split(".");
  return labels.every((label, i) => LABEL.test(label) || (i === 0 && label === "*")) ? name : null;
}

const cause = (code: number, message: string): CloudflareMessage => ({ code, message });

function checkField(field: Field, value: unknown, type: string): CloudflareMessage | null {
  const bad = (what: string) => cause(CODES.invalidData, `${type} data.${field.name} ${what}.`);
  switch (field.kind) {
    case "uint":
      return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= field.max! ? null : bad(`must be an integer between 0 and ${field.max}`);
    case "number":
      return typeof value === "number" && value >= field.min! && value <= field.max! ? null : bad(`must be a number between ${field.min} and ${field.max}`);
    case "enum":
      return typeof value === "string" && field.values!.includes(value) ? null : bad(`must be one of ${field.values!.join(", ")}`);
    case "hex":
      return typeof value === "string" && /^[0-9a-fA-F]+$/.test(value) && value.length % 2 === 0 ? null : bad("must be hexadecimal");
    case "base64":
      return typeof value === "string" && /^[A-Za-z0-9+/]+={0,2}$/.test(value.replace(/\s/g, "")) ? null : bad("must be base64");
    case "text":
      return typeof value === "string" && (value !== "" || field.fallback !== undefined) ? null : bad("must be a non-empty string");
    case "hostname":
      return typeof value === "string" && (value === "." || hostname(value) !== null) ? null : bad("must be a host name");
  }
}

/** The validated `data` of a structured record, defaults filled in, host names normalised. */
function dataOf(type: string, raw: unknown, causes: CloudflareMessage[]): Record<string, unknown> | undefined {
  if (!isObject(raw)) {
    causes.push(cause(CODES.invalidData, `A ${type} record requires data.`));
    return undefined;
  }
  const data: Record<string, unknown> = {};
  for (const field of DATA_FIELDS[type]) {
    const value = raw[field.name] ?? field.fallback;
    const problem = value === undefined ? cause(CODES.invalidData, `${type} data.${field.name} is required.`) : checkField(field, value, type);
    if (problem) causes.push(problem);
    else data[field.name] = field.kind === "hostname" && value !== "." ? hostname(value as string) : field.kind === "hex" ? (value as string).toLowerCase() : value;
  }
  return data;
}

const TXT_MAX = 2048;

/** The stored content of a content-typed record, or a cause. */
function contentError(type: string, content: string): CloudflareMessage | null {
  const invalid = (what: string) => cause(CODES.invalidContent, `Content for ${type} record ${what}.`);
  switch (type) {
    case "A":
      return isIP(content) === 4 ? null : invalid("must be a valid IPv4 address");
    case "AAAA":
      return isIP(content) === 6 ? null : invalid("must be a valid IPv6 address");
    case "CNAME":
    case "NS":
    case "PTR":
    case "MX":
      return hostname(content) !== null ? null : invalid("is invalid");
    case "TXT":
      return content.length > 0 && content.length <= TXT_MAX ? null : invalid(`must be between 1 and ${TXT_MAX} characters`);
    default:
      return null;
  }
}

/** IPv6 in its shortest form (RFC 5952), as the API answers it. */
function canonicalIpv6(address: string): string {
  return new URL(`http://[${address}]/`).hostname.slice(1, -1);
}

/** What a write sends (POST and PUT: the whole record; PATCH: merged over the stored one by the caller). */
export type RecordInput = Record<string, unknown>;

/** The input form of a stored record, so PATCH can merge over it. */
export function inputOf(record: StoredRecord): RecordInput {
  return {
    type: record.type,
    name: record.name,
    ...(record.data ? { data: record.data } : { content: record.content }),
    ...(record.priority !== undefined ? { priority: record.priority } : {}),
    ttl: record.ttl,
    proxied: record.proxied,
    // The spec types `comment` as a string (not nullable): no comment is left out.
    ...(record.comment !== null ? { comment: record.comment } : {}),
    tags: record.tags,
    settings: record.settings,
  };
}

const SETTINGS: Record<string, readonly string[]> = {
  ipv4_only: ["A", "AAAA", "CNAME"],
  ipv6_only: ["A", "AAAA", "CNAME"],
  flatten_cname: ["CNAME"],
};

type RecordFields = Omit<StoredRecord, "id" | "zoneId" | "createdOn" | "modifiedOn" | "source">;

/** Validates a record's input against its zone's plan; every problem is reported at once (1004 with its causes). */
export function validateRecord(input: RecordInput, zone: StoredZone): RecordFields {
  const plan = PLANS[zone.plan];
  const causes: CloudflareMessage[] = [];
  const type = input.type;
  if (typeof type !== "string" || !RECORD_TYPES.includes(type)) {
    throw validationError([cause(CODES.invalidType, `Invalid or missing type: ${RECORD_TYPES.join(", ")}.`)]);
  }

  const name = typeof input.name === "string" && input.name.length <= 255 ? recordName(input.name, zone.name) : null;
  if (name === null) causes.push(cause(CODES.invalidName, "DNS name is invalid."));
  if (type === "SRV" && name !== null && !/^_[^.]+\._[^.]+\./.test(name)) causes.push(cause(CODES.invalidName, "SRV record name must begin with _service._proto."));

  let content = "";
  let data: Record<string, unknown> | undefined;
  if (hasData(type)) {
    data = dataOf(type, input.data, causes);
    if (data && causes.length === 0) content = contentOf(type, data);
  } else if (typeof input.content !== "string") {
    causes.push(cause(CODES.invalidContent, `A ${type} record requires content.`));
  } else {
    const problem = contentError(type, input.content);
    if (problem) causes.push(problem);
    else if (type === "AAAA") content = canonicalIpv6(input.content);
    else if (type === "A" || type === "TXT") content = input.content;
    else content = hostname(input.content)!;
    // "A valid hostname. Must not match the record's name." (cloudflare-typescript CNAMERecord.content).
    if (type === "CNAME" && name !== null && content === name) causes.push(cause(CODES.invalidContent, "Content for CNAME record must not match the record's name."));
  }

  let priority: number | undefined;
  if (PRIORITY_TYPES.has(type)) {
    if (Number.isInteger(input.priority) && (input.priority as number) >= 0 && (input.priority as number) <= 65535) priority = input.priority as number;
    else causes.push(cause(CODES.invalidPriority, `A ${type} record requires a priority between 0 and 65535.`));
  } else if (type === "SRV" && data) priority = data.priority as number;

  const proxied = input.proxied ?? false;
  if (typeof proxied !== "boolean") causes.push(cause(CODES.notProxiable, "proxied must be true or false."));
  else if (proxied && !PROXIABLE.has(type)) causes.push(cause(CODES.notProxiable, "This kind of record cannot be proxied."));

  const ttl = input.ttl ?? 1;
  if (!Number.isInteger(ttl) || (ttl !== 1 && ((ttl as number) < plan.minTtl || (ttl as number) > 86400))) {
    causes.push(cause(CODES.invalidTtl, `Invalid TTL. Must be between ${plan.minTtl} and 86400 seconds, or 1 for automatic.`));
  } else if (proxied === true && ttl !== 1) {
    causes.push(cause(CODES.proxiedTtl, "A proxied record must have an automatic TTL (1)."));
  }

  const comment = input.comment ?? null;
  if (comment !== null && (typeof comment !== "string" || comment.length > plan.commentLength)) {
    causes.push(cause(CODES.invalidMeta, `comment must be a string of at most ${plan.commentLength} characters on the ${zone.plan} plan.`));
  }
  const tags = input.tags ?? [];
  if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === "string" && /^[^:\s][^:]*(:.*)?$/.test(tag))) {
    causes.push(cause(CODES.invalidMeta, "tags must be strings of the form name or name:value."));
  } else if (tags.length > plan.tags) {
    causes.push(cause(CODES.invalidMeta, plan.tags === 0 ? `Tags are not available on the ${zone.plan} plan.` : `At most ${plan.tags} tags per record on the ${zone.plan} plan.`));
  } else if (new Set(tags.map((tag) => (tag as string).split(":")[0])).size !== tags.length) {
    causes.push(cause(CODES.invalidMeta, "A tag name appears twice."));
  }

  const settings = input.settings ?? {};
  if (!isObject(settings)) causes.push(cause(CODES.invalidMeta, "settings must be an object."));
  else {
    for (const [key, value] of Object.entries(settings)) {
      if (!Object.hasOwn(SETTINGS, key)) causes.push(cause(CODES.invalidMeta, `Unknown setting ${key}.`));
      else if (typeof value !== "boolean") causes.push(cause(CODES.invalidMeta, `settings.${key} must be true or false.`));
      else if (!SETTINGS[key].includes(type)) causes.push(cause(CODES.invalidMeta, `settings.${key} is not available for ${type} records.`));
    }
    if (settings.ipv4_only === true && settings.ipv6_only === true) causes.push(cause(CODES.invalidMeta, "ipv4_only and ipv6_only exclude each other."));
    // Proxied records are always flattened ("flatten_cname … is unavailable for proxied records", record attributes docs).
    if (settings.flatten_cname === true && proxied === true) causes.push(cause(CODES.invalidMeta, "flatten_cname is unavailable for proxied records."));
  }

  if (causes.length > 0) throw validationError(causes);
  return {
    name: name!,
    type,
    content,
    ...(data ? { data } : {}),
    ...(priority !== undefined ? { priority } : {}),
    ttl: ttl as number,
    proxied: proxied as boolean,
    comment: comment as string | null,
    tags: [...(tags as string[])],
    settings: settings as Record<string, boolean>,
  };
}

/**
 * The rules a record keeps against the others of its zone (`others` excludes the record itself): no
 * identical record (same name, type and content), a CNAME alone at its name, NS records alone at a
 * delegated name (the apex's NS are Cloudflare's own and not records here).
 */
export function zoneRuleError(record: RecordFields, others: StoredRecord[], zone: StoredZone): CloudflareError | null {
  const atName = others.filter((other) => other.name === record.name);
  const refuse = (code: number, message: string) => new CloudflareError(400, { code, message });
  if (atName.some((other) => other.type === record.type && other.content === record.content)) return refuse(CODES.identicalRecord, "An identical record already exists.");
  if (record.type === "CNAME" && atName.length > 0) return refuse(CODES.cnameConflict, "An A, AAAA, or CNAME record with that host already exists.");
  if (record.type !== "CNAME" && atName.some((other) => other.type === "CNAME")) return refuse(CODES.cnameExists, "A CNAME record with that host already exists.");
  if (record.name !== zone.name && atName.some((other) => (other.type === "NS") !== (record.type === "NS"))) return refuse(CODES.nsConflict, "NS records with that host already exist.");
  return null;
}

/** A record as the API answers it (spec `dns-records_dns-record`). */
export function renderRecord(record: StoredRecord) {
  return {
    id: record.id,
    name: record.name,
    type: record.type,
    content: record.content,
    ...(record.data ? { data: record.data } : {}),
    ...(record.priority !== undefined ? { priority: record.priority } : {}),
    proxiable: PROXIABLE.has(record.type),
    proxied: record.proxied,
    ttl: record.ttl,
    settings: record.settings,
    meta: { auto_added: record.source === "scan", ...(record.source ? { source: record.source } : {}) },
    // The spec types `comment` as a string (not nullable): no comment is left out.
    ...(record.comment !== null ? { comment: record.comment } : {}),
    tags: record.tags,
    created_on: timestamp(record.createdOn),
    modified_on: timestamp(record.modifiedOn),
  };
}
