/**
 * BIND export and import of a zone's records (seed 002 "Export DNS Records" / "Import DNS Records"; spec:
 * `GET …/dns_records/export` answers text/plain, `POST …/dns_records/import` takes multipart `file` and
 * `proxied` and answers `{recs_added, total_records_parsed}`). Cloudflare's export carries each record's
 * proxy status and tags in a trailing comment, `; <comment> cf_tags=cf-proxied:true,<tag>,…`, which its
 * import reads back ("Import and export records", developers.cloudflare.com/dns/manage-dns-records/how-to/
 * import-and-export).
 *
 * The tokenizer is the Cloud family's (RFC 1035 5.1: parentheses, quoted strings, comments). Simplified: an
 * import is all or nothing (the first bad line fails it, naming the line); the SOA and the apex NS records
 * are read and counted but never added (Cloudflare keeps its own); a record identical to one in the zone is
 * skipped.
 */
import type { FastifyInstance } from "fastify";
import { entriesOf, ttlOf, ZoneFileError, type Token } from "../hcloud/zonefile";
import { CODES, CloudflareError, isObject, success, timestamp } from "./conventions";
import { PROXIABLE, RECORD_TYPES, validateRecord, type RecordInput } from "./record-model";
import { createRecord, requestPath } from "./records";
import type { CloudflareContext, StoredRecord, StoredZone } from "./state";
import { findZone, NAME_SERVERS } from "./zones";

const absolute = (host: string) => (host === "." || host.endsWith(".") ? host : `${host}.`);

function txtStrings(content: string): string {
  // Content already in presentation form (quoted strings) is exported as it is.
  if (/^".*"$/s.test(content)) return content;
  const chunks = content.match(/[\s\S]{1,255}/g) ?? [""];
  return chunks.map((chunk) => `"${chunk.replace(/(["\\])/g, "\\$1")}"`).join(" ");
}

/** A record's RDATA in zone file form (host names absolute). */
function rdata(record: StoredRecord): string {
  const data = record.data as Record<string, any> | undefined;
  switch (record.type) {
    case "CNAME":
    case "NS":
    case "PTR":
      return absolute(record.content);
    case "MX":
      return `${record.priority} ${absolute(record.content)}`;
    case "TXT":
      return txtStrings(record.content);
    case "SRV":
      return `${data!.priority} ${data!.weight} ${data!.port} ${absolute(data!.target)}`;
    case "URI":
      return `${record.priority} ${record.content}`;
    case "HTTPS":
    case "SVCB":
      return `${data!.priority} ${absolute(data!.target)}${data!.value ? ` ${data!.value}` : ""}`;
    case "NAPTR":
      return record.content.replace(/ (\S+)$/, (_, replacement: string) => ` ${absolute(replacement)}`);
    default:
      return record.content;
  }
}

const oneLine = (text: string) => text.replace(/[\r\n]+/g, " ");

/** The zone's records as Cloudflare exports them: a header, the SOA and nameservers, then the records by type. */
export function exportZone(zone: StoredZone, records: StoredRecord[], now = Date.now()): string {
  const lines = [
    ";;",
    `;; Domain:     ${zone.name}.`,
    `;; Exported:   ${timestamp(now).slice(0, 19).replace("T", " ")}`,
    ";;",
    ";; This file is intended for use for informational and archival",
    ";; purposes ONLY and MUST be edited before use on a production",
    ";; DNS server.",
    ";;",
    "",
    ";; SOA Record",
    `${zone.name}.\t3600\tIN\tSOA\t${NAME_SERVERS[0]}. dns.cloudflare.com. 2050000000 10000 2400 604800 3600`,
    "",
    ";; NS Records",
    ...NAME_SERVERS.map((ns) => `${zone.name}.\t86400\tIN\tNS\t${ns}.`),
  ];
  const ofZone = records.filter((r) => r.zoneId === zone.id);
  for (const type of RECORD_TYPES) {
    const ofType = ofZone.filter((r) => r.type === type).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (ofType.length === 0) continue;
    lines.push("", `;; ${type} Records`);
    for (const record of ofType) {
      const cfTags = [...(PROXIABLE.has(record.type) ? [`cf-proxied:${record.proxied}`] : []), ...record.tags];
      const comment = [record.comment ? oneLine(record.comment) : "", cfTags.length ? `cf_tags=${cfTags.join(",")}` : ""].filter(Boolean).join(" ");
      lines.push(`${record.name}.\t${record.ttl}\tIN\t${record.type}\t${rdata(record)}${comment ? ` ; ${comment}` : ""}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

// ---- import ----

const unquote = (token: Token) => (token.quoted ? token.text.slice(1, -1).replace(/\\(.)/g, "$1") : token.text);
/** A host name in RDATA: absolute with a trailing dot, else relative to the origin (RFC 1035 5.1). */
const hostOf = (text: string, origin: string) => (text === "@" ? origin : text === "." ? "." : text.endsWith(".") ? text.slice(0, -1) : `${text}.${origin}`);

/** LOC RDATA (RFC 1876 presentation form): `d [m [s]] N|S d [m [s]] E|W alt[m] [size[m] [hp[m] [vp[m]]]]`. */
function locData(words: string[]): Record<string, unknown> {
  const rest = [...words];
  const angle = (directions: string) => {
    const parts: number[] = [];
    while (rest.length && !directions.includes(rest[0].toUpperCase())) parts.push(Number(rest.shift()));
    const direction = rest.shift()?.toUpperCase();
    if (parts.length < 1 || parts.length > 3 || parts.some(Number.isNaN) || !direction) throw new Error("LOC needs degrees [minutes [seconds]] and a direction");
    return { degrees: parts[0], minutes: parts[1] ?? 0, seconds: parts[2] ?? 0, direction };
  };
  const lat = angle("NS");
  const long = angle("EW");
  const meters = rest.map((word) => Number(word.replace(/m$/i, "")));
  if (meters.length < 1 || meters.some(Number.isNaN)) throw new Error("LOC needs an altitude");
  return {
    lat_degrees: lat.degrees,
    lat_minutes: lat.minutes,
    lat_seconds: lat.seconds,
    lat_direction: lat.direction,
    long_degrees: long.degrees,
    long_minutes: long.minutes,
    long_seconds: long.seconds,
    long_direction: long.direction,
    altitude: meters[0],
    size: meters[1] ?? 1,
    precision_horz: meters[2] ?? 10000,
    precision_vert: meters[3] ?? 10,
  };
}

/** The API input of one zone file record from its RDATA tokens. */
function recordInput(type: string, tokens: Token[], origin: string): RecordInput {
  const words = tokens.map(unquote);
  const int = (i: number) => {
    if (!/^\d+$/.test(words[i] ?? "")) throw new Error(`field ${i + 1} of ${type} must be a number`);
    return Number(words[i]);
  };
  const need = (count: number) => {
    if (words.length < count) throw new Error(`${type} needs ${count} fields`);
  };
  const rest = (from: number) => words.slice(from).join("");
  switch (type) {
    case "A":
    case "AAAA":
      need(1);
      return { content: words[0] };
    case "CNAME":
    case "NS":
    case "PTR":
      need(1);
      return { content: hostOf(words[0], origin) };
    case "MX":
      need(2);
      return { priority: int(0), content: hostOf(words[1], origin) };
    case "TXT":
      need(1);
      return { content: words.join("") };
    case "SRV":
      need(4);
      return { data: { priority: int(0), weight: int(1), port: int(2), target: hostOf(words[3], origin) } };
    case "URI":
      need(3);
      return { priority: int(0), data: { weight: int(1), target: words[2] } };
    case "CAA":
      need(3);
      return { data: { flags: int(0), tag: words[1], value: words.slice(2).join(" ") } };
    case "DS":
      need(4);
      return { data: { key_tag: int(0), algorithm: int(1), digest_type: int(2), digest: rest(3) } };
    case "DNSKEY":
      need(4);
      return { data: { flags: int(0), protocol: int(1), algorithm: int(2), public_key: rest(3) } };
    case "CERT":
      need(4);
      return { data: { type: int(0), key_tag: int(1), algorithm: int(2), certificate: rest(3) } };
    case "TLSA":
    case "SMIMEA":
      need(4);
      return { data: { usage: int(0), selector: int(1), matching_type: int(2), certificate: rest(3) } };
    case "SSHFP":
      need(3);
      return { data: { algorithm: int(0), type: int(1), fingerprint: rest(2) } };
    case "HTTPS":
    case "SVCB":
      need(2);
      return { data: { priority: int(0), target: hostOf(words[1], origin), value: tokens.slice(2).map((t) => t.text).join(" ") } };
    case "NAPTR":
      need(6);
      return { data: { order: int(0), preference: int(1), flags: words[2], service: words[3], regex: words[4], replacement: hostOf(words[5], origin) } };
    case "LOC":
      return { data: locData(words) };
    default:
      throw new Error(`type ${type} is not supported`);
  }
}

/** `cf_tags=` in a record's comment: the proxy status and the tags; the rest of the comment is the record's. */
function readComment(comments: string[]): { comment: string | null; proxied?: boolean; tags: string[] } {
  let proxied: boolean | undefined;
  const tags: string[] = [];
  const text = comments
    .join(" ")
    .replace(/\bcf_tags=(\S*)/, (_, list: string) => {
      for (const tag of list.split(",").filter(Boolean)) {
        if (tag === "cf-proxied:true" || tag === "cf-proxied:false") proxied = tag.endsWith("true");
        else tags.push(tag);
      }
      return "";
    })
    .trim();
  return { comment: text === "" ? null : text, proxied, tags };
}

const CLASSES = ["IN", "CH", "HS", "CS"];

export interface ImportResult {
  recs_added: number;
  total_records_parsed: number;
}

/** Imports a BIND file into `records` (the caller commits): all or nothing. */
export function importZone(ctx: CloudflareContext, zone: StoredZone, records: StoredRecord[], text: string, proxiedDefault: boolean): ImportResult {
  let origin = zone.name;
  let defaultTtl: number | undefined;
  let previousOwner: string | undefined;
  let parsed = 0;
  let added = 0;
  const fail = (line: number, message: string): never => {
    throw new CloudflareError(400, { code: CODES.dnsValidation, message: "DNS Validation Error", error_chain: [{ code: CODES.zoneFile, message: `line ${line}: ${message}` }] });
  };
  let entries;
  try {
    entries = entriesOf(text);
  } catch (error) {
    if (error instanceof ZoneFileError) throw new CloudflareError(400, { code: CODES.dnsValidation, message: "DNS Validation Error", error_chain: [{ code: CODES.zoneFile, message: error.message }] });
    throw error;
  }
  for (const { line, ownerOmitted, tokens, comments } of entries) {
    const first = tokens[0];
    if (!first.quoted && first.text.startsWith("$")) {
      const directive = first.text.toUpperCase();
      const value = tokens[1]?.text;
      if (directive === "$ORIGIN" && value) origin = value.toLowerCase().replace(/\.$/, "");
      else if (directive === "$TTL" && value && ttlOf(value) !== undefined) defaultTtl = ttlOf(value);
      else fail(line, `the directive ${first.text} is not supported`);
      if (origin !== zone.name && !origin.endsWith(`.${zone.name}`)) fail(line, `$ORIGIN ${origin} is outside the zone ${zone.name}`);
      continue;
    }
    let rest = [...tokens];
    let owner: string;
    if (ownerOmitted) {
      if (previousOwner === undefined) fail(line, "the first record must name its owner");
      owner = previousOwner!;
    } else {
      const raw = rest.shift()!.text.toLowerCase();
      owner = raw === "@" ? origin : raw.endsWith(".") ? raw.slice(0, -1) : `${raw}.${origin}`;
      if (owner !== zone.name && !owner.endsWith(`.${zone.name}`)) fail(line, `${raw} is outside the zone ${zone.name}`);
    }
    previousOwner = owner;
    let ttl: number | undefined;
    for (let k = 0; k < 2 && rest.length > 0 && !rest[0].quoted; k++) {
      const word = rest[0].text.toUpperCase();
      if (ttl === undefined && ttlOf(word) !== undefined) ttl = ttlOf(word);
      else if (CLASSES.includes(word)) {
        if (word !== "IN") fail(line, `class ${word}: only IN`);
      } else break;
      rest = rest.slice(1);
    }
    const type = rest.shift()?.text.toUpperCase();
    if (type === undefined) fail(line, "expected [owner] [TTL] [class] type value");
    parsed++;
    if (type === "SOA" || (type === "NS" && owner === zone.name)) continue;
    if (!RECORD_TYPES.includes(type!)) fail(line, `type ${type} is not supported`);

    let input: RecordInput;
    try {
      input = recordInput(type!, rest, origin);
    } catch (error) {
      return fail(line, (error as Error).message);
    }
    const { comment, proxied: tagged, tags } = readComment(comments);
    const proxied = PROXIABLE.has(type!) && (tagged ?? proxiedDefault);
    Object.assign(input, { type, name: owner, ttl: proxied ? 1 : (ttl ?? defaultTtl ?? 1), proxied, comment, ...(tags.length ? { tags } : {}) });
    try {
      const fields = validateRecord(input, zone);
      const identical = records.some((r) => r.zoneId === zone.id && r.name === fields.name && r.type === fields.type && r.content === fields.content);
      if (identical) continue;
      createRecord(ctx, zone, records, input, "import");
      added++;
    } catch (error) {
      if (!(error instanceof CloudflareError)) throw error;
      fail(line, error.errors.flatMap((e) => e.error_chain ?? [e]).map((e) => e.message).join(" "));
    }
  }
  return { recs_added: added, total_records_parsed: parsed };
}

export async function zoneFileRoutes(app: FastifyInstance, ctx: CloudflareContext): Promise<void> {
  app.get<{ Params: { zone_id: string } }>("/zones/:zone_id/dns_records/export", async (request, reply) => {
    const zone = findZone(ctx, request.params.zone_id, requestPath(request));
    return reply.type("text/plain; charset=utf-8").send(exportZone(zone, ctx.state().records));
  });

  app.post<{ Params: { zone_id: string } }>("/zones/:zone_id/dns_records/import", async (request) => {
    const zone = findZone(ctx, request.params.zone_id, requestPath(request));
    const form = request.body;
    const multipart = (request.headers["content-type"] ?? "").startsWith("multipart/form-data");
    if (!multipart || !isObject(form) || typeof form.file !== "string") throw new CloudflareError(400, { code: CODES.invalidBody, message: "A multipart/form-data body with a file field is required." });
    if (form.proxied !== undefined && form.proxied !== "true" && form.proxied !== "false") throw new CloudflareError(400, { code: CODES.invalidBody, message: "proxied must be true or false." });
    const started = Date.now();
    const working = [...ctx.state().records];
    const result = importZone(ctx, zone, working, form.file, form.proxied === "true");
    ctx.state().records = working;
    const ended = Date.now();
    return { ...success(result), timing: { start_time: new Date(started).toISOString(), end_time: new Date(ended).toISOString(), process_time: (ended - started) / 1000 } };
  });
}
