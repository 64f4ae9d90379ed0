/**
 * The shared record model (provider/dns: one canonical presentation value per record) in Cloudflare's
 * fields and back: `content` for the plain types (hostnames without trailing dot, as Cloudflare stores them),
 * `priority` + `content` for MX, `priority` + `data` for URI, structured `data` for the other types that have it
 * (field names from the spec's record schemas).
 */
import { DnsInputError } from "../dns/errors";
import { canonicalValue } from "../dns/values";
import { canonicalLive } from "../dns/zone-records-input";
import { lexValue, tokenText } from "../dns/strings";
import { quoteString } from "../dns/txt";
import type { RecordBodyWire, RecordWire } from "./wire";

/** The types both the shared model and Cloudflare know (the module's other types Cloudflare lacks: HINFO, RP, SOA). */
export const MODEL_TYPES = [
  "A", "AAAA", "CAA", "CERT", "CNAME", "DNSKEY", "DS", "HTTPS", "LOC", "MX", "NAPTR", "NS", "OPENPGPKEY", "PTR", "SMIMEA", "SRV", "SSHFP", "SVCB", "TLSA", "TXT", "URI",
] as const;

type Fields = Pick<RecordBodyWire, "content" | "data" | "priority">;

/** `host.` → `host`; the root stays `.`. */
const bare = (host: string) => (host === "." ? "." : host.replace(/\.$/, ""));
/** `host` → `host.`; the root stays `.`. */
const absolute = (host: string) => (host === "." || host === "" ? "." : `${host.replace(/\.$/, "")}.`);

/** A canonical value of `type` (canonicalValue's form) as Cloudflare's fields. */
export function toCloudflareFields(type: string, value: string): Fields {
  if (type === "TXT" || type === "A" || type === "AAAA" || type === "OPENPGPKEY") return { content: value };
  const tokens = lexValue(value).map(tokenText);
  const n = (i: number) => Number(tokens[i]);
  switch (type) {
    case "CNAME":
    case "NS":
    case "PTR":
      return { content: bare(tokens[0]) };
    case "MX":
      return { priority: n(0), content: bare(tokens[1]) };
    case "CAA":
      return { data: { flags: n(0), tag: tokens[1], value: tokens[2] } };
    case "SRV":
      return { data: { priority: n(0), weight: n(1), port: n(2), target: bare(tokens[3]) } };
    case "TLSA":
    case "SMIMEA":
      return { data: { usage: n(0), selector: n(1), matching_type: n(2), certificate: tokens.slice(3).join("") } };
    case "CERT":
      return { data: { type: n(0), key_tag: n(1), algorithm: n(2), certificate: tokens.slice(3).join("") } };
    case "DNSKEY":
      return { data: { flags: n(0), protocol: n(1), algorithm: n(2), public_key: tokens.slice(3).join("") } };
    case "SSHFP":
      return { data: { algorithm: n(0), type: n(1), fingerprint: tokens.slice(2).join("") } };
    case "URI":
      return { priority: n(0), data: { weight: n(1), target: tokens[2] } };
    case "NAPTR":
      return { data: { order: n(0), preference: n(1), flags: tokens[2], service: tokens[3], regex: tokens[4], replacement: bare(tokens[5]) } };
    case "LOC": {
      // canonicalValue writes every field: d m s N|S d m s E|W altitude size horizontal vertical (meters with "m").
      const m = (i: number) => Number(tokens[i].replace(/m$/, ""));
      return {
        data: {
          lat_degrees: n(0), lat_minutes: n(1), lat_seconds: n(2), lat_direction: tokens[3],
          long_degrees: n(4), long_minutes: n(5), long_seconds: n(6), long_direction: tokens[7],
          altitude: m(8), size: m(9), precision_horz: m(10), precision_vert: m(11),
        },
      };
    }
    case "DS":
      return { data: { key_tag: n(0), algorithm: n(1), digest_type: n(2), digest: tokens.slice(3).join("") } };
    case "HTTPS":
    case "SVCB":
      // The parameters stay as one presentation string (`alpn=h2 ipv4hint=…`), which is Cloudflare's `value`.
      return { data: { priority: n(0), target: bare(tokens[1]), value: value.split(/\s+/).slice(2).join(" ") } };
    default:
      throw new Error(`${type} records are not in the shared record model`);
  }
}

/** A live record's value in canonicalValue's form, to compare with the program's. */
export function fromCloudflare(record: RecordWire, zone: string): string {
  return canonicalLive(record.type, presentationOf(record), zone);
}

/**
 * What is wrong with a record's content or data, by the DNS module's rules for its type (undefined: nothing,
 * or a type the module does not know). Hostnames in Cloudflare's fields are absolute, so no zone is needed.
 */
export function valueProblem(record: Pick<RecordWire, "type" | "content" | "data" | "priority">): string | undefined {
  if (!(MODEL_TYPES as readonly string[]).includes(record.type)) return undefined;
  try {
    canonicalValue(record.type, presentationOf(record as RecordWire), "zone.invalid", { zoneSuffix: "append" });
    return undefined;
  } catch (error) {
    if (error instanceof DnsInputError) return error.message;
    throw error;
  }
}

/** Cloudflare's fields as one presentation value (hostnames absolute). */
function presentationOf(record: RecordWire): string {
  const d = (record.data ?? {}) as Record<string, string | number>;
  let value: string;
  switch (record.type) {
    case "CNAME":
    case "NS":
    case "PTR":
      value = absolute(record.content ?? "");
      break;
    case "MX":
      value = `${record.priority ?? 0} ${absolute(record.content ?? "")}`;
      break;
    case "CAA":
      value = `${d.flags} ${d.tag} ${quoteString(String(d.value ?? ""))}`;
      break;
    case "SRV":
      value = `${d.priority} ${d.weight} ${d.port} ${absolute(String(d.target ?? ""))}`;
      break;
    case "TLSA":
    case "SMIMEA":
      value = `${d.usage} ${d.selector} ${d.matching_type} ${d.certificate}`;
      break;
    case "CERT":
      value = `${d.type} ${d.key_tag} ${d.algorithm} ${d.certificate}`;
      break;
    case "DNSKEY":
      value = `${d.flags} ${d.protocol} ${d.algorithm} ${d.public_key}`;
      break;
    case "SSHFP":
      value = `${d.algorithm} ${d.type} ${d.fingerprint}`;
      break;
    case "URI":
      value = `${record.priority ?? 0} ${d.weight} ${quoteString(String(d.target ?? ""))}`;
      break;
    case "NAPTR":
      value = [d.order, d.preference, ...[d.flags, d.service, d.regex].map((t) => quoteString(String(t ?? ""))), absolute(String(d.replacement ?? ""))].join(" ");
      break;
    case "LOC":
      value = [d.lat_degrees, d.lat_minutes, d.lat_seconds, d.lat_direction, d.long_degrees, d.long_minutes, d.long_seconds, d.long_direction]
        .concat([d.altitude, d.size, d.precision_horz, d.precision_vert].map((v) => `${v ?? 0}m`))
        .join(" ");
      break;
    case "DS":
      value = `${d.key_tag} ${d.algorithm} ${d.digest_type} ${d.digest}`;
      break;
    case "HTTPS":
    case "SVCB":
      value = `${d.priority} ${absolute(String(d.target ?? ""))}${d.value ? ` ${d.value}` : ""}`;
      break;
    default:
      value = record.content ?? "";
  }
  return value;
}
