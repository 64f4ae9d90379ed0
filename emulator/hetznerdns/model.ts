/**
 * The legacy Hetzner DNS API (`https://dns.hetzner.com/api/v1`, spec `hetzner-dns-legacy.openapi.json`):
 * its state, ids, timestamps, errors and rendering. The spec documents no error bodies; the ones here are
 * what the API answers (issue threads quoting its responses, cited where used).
 */
import { randomBytes } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { sliceKey, type StateStore } from "../state";

export interface StoredDnsZone {
  id: string;
  name: string;
  ttl: number;
  created: number;
  modified: number;
}

export interface StoredDnsRecord {
  id: string;
  zone_id: string;
  type: string;
  name: string;
  value: string;
  /** Absent: the zone's default TTL. */
  ttl?: number;
  created: number;
  modified: number;
}

export interface StoredPrimaryServer {
  id: string;
  zone_id: string;
  address: string;
  port: number;
  created: number;
  modified: number;
}

/**
 * How answers write timestamps: `rfc3339` as the spec's `date-time` (`2025-05-07T11:20:45Z`), or `go` as
 * the API has been seen answering (`2024-07-20 08:48:00.073 +0000 UTC`, filiparag/hetzner_ddns#14), for
 * testing a client against both. Set through the control API.
 */
export type TimestampForm = "rfc3339" | "go";
export const TIMESTAMP_FORMS: TimestampForm[] = ["rfc3339", "go"];

export interface HetznerDnsState {
  zones: StoredDnsZone[];
  records: StoredDnsRecord[];
  primaryServers: StoredPrimaryServer[];
  timestamps: TimestampForm;
}

const initialState = (): HetznerDnsState => ({ zones: [], records: [], primaryServers: [], timestamps: "rfc3339" });

/** The state of the account the current request's token belongs to (one slice per emulator project). */
export interface HetznerDnsContext {
  state(): HetznerDnsState;
  useProject(project: string): void;
  hasProject(project: string): boolean;
}

export function hetznerDnsContext(store: StateStore, projects: string[]): HetznerDnsContext {
  const slices = new Map(projects.map((project) => [project, store.register(sliceKey("hetznerdns", project), initialState)]));
  let current = slices.values().next().value!;
  return {
    state: () => current(),
    useProject: (project) => {
      current = slices.get(project)!;
    },
    hasProject: (project) => slices.has(project),
  };
}

// ---- ids and timestamps ----

const ID_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** Ids as the API gives them: 22 characters of a base-57 alphabet (spec examples such as `oH7shFebR6nLPgTnmvNjM8`). */
export function newId(): string {
  return Array.from(randomBytes(22), (byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join("");
}

/** A time in the account's form (see TimestampForm); Go's `time.Time` string leaves trailing zeros of the fraction out. */
export function timestamp(ctx: HetznerDnsContext, ms: number): string {
  const iso = new Date(ms).toISOString();
  if (ctx.state().timestamps === "rfc3339") return iso.replace(/\.\d{3}Z$/, "Z");
  const fraction = iso.slice(19, 23).replace(/\.?0+$/, "");
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction} +0000 UTC`;
}

// ---- errors ----

/** The resource key an error body carries beside `error` (empty fields), as the API answers. */
export type ErrorResource = "zone" | "record" | "primary_server" | "zones" | "records" | "primary_servers";

/**
 * An error of the API: `{"record": {"id": "", …}, "error": {"message": "zone not found", "code": 422}}`
 * (the body the API answers, RedHat-EMEA-SSA-Team/hetzner-ocp4#223 and #249; a list answers an empty list,
 * DNSControl/dnscontrol#1370).
 */
export class HetznerDnsError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly resource?: ErrorResource,
  ) {
    super(message);
  }
}

/** 401 from the API's gateway, which answers only `{"message": …}`. */
export class UnauthorizedError extends Error {}

const EMPTY_RESOURCE: Record<ErrorResource, unknown> = {
  zone: { id: "", name: "", ttl: 0, created: "", modified: "" },
  record: { id: "", type: "", name: "", value: "", zone_id: "", created: "", modified: "" },
  primary_server: { id: "", address: "", port: 0, zone_id: "", created: "", modified: "" },
  zones: [],
  records: [],
  primary_servers: [],
};

export function errorBody(status: number, message: string, resource?: ErrorResource): Record<string, unknown> {
  return { ...(resource ? { [resource]: EMPTY_RESOURCE[resource] } : {}), error: { message, code: status } };
}

/** The message the API gives for an invalid field: `422 Unprocessable Entity: <detail>` (hetzner-ocp4#223, germanbrew/terraform-provider-hetznerdns#190). */
export const unprocessable = (detail: string, resource: ErrorResource) => new HetznerDnsError(422, `422 Unprocessable Entity: ${detail}`, resource);

export const notFound = (what: "zone" | "record" | "primary_server") => new HetznerDnsError(404, `${what.replace("_", " ")} not found`, what);

// ---- request helpers ----

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function jsonBody(request: FastifyRequest, resource: ErrorResource): Record<string, unknown> {
  if (!isObject(request.body)) throw new HetznerDnsError(422, "422 Unprocessable Entity: request body must be a JSON object", resource);
  return request.body;
}

export type Query = Record<string, string | string[] | undefined>;

/** The last value of a query parameter (a repeated one arrives as an array). */
export function queryValue(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Query)[name];
  return Array.isArray(value) ? value.at(-1) : value;
}

// ---- lookups and rendering ----

export function findZone(ctx: HetznerDnsContext, id: string): StoredDnsZone | undefined {
  return ctx.state().zones.find((zone) => zone.id === id);
}

export function getZone(ctx: HetznerDnsContext, id: string): StoredDnsZone {
  const zone = findZone(ctx, id);
  if (!zone) throw notFound("zone");
  return zone;
}

export const recordsOf = (ctx: HetznerDnsContext, zoneId: string) => ctx.state().records.filter((record) => record.zone_id === zoneId);
export const primaryServersOf = (ctx: HetznerDnsContext, zoneId: string) => ctx.state().primaryServers.filter((server) => server.zone_id === zoneId);

/** The nameservers Hetzner assigns to every zone of this API (the SOA and NS records it creates, community.dns fixtures). */
export const ASSIGNED_NAMESERVERS = ["hydrogen.ns.hetzner.com.", "oxygen.ns.hetzner.com.", "helium.ns.hetzner.de."];

export function renderZone(ctx: HetznerDnsContext, zone: StoredDnsZone) {
  return {
    id: zone.id,
    created: timestamp(ctx, zone.created),
    modified: timestamp(ctx, zone.modified),
    legacy_dns_host: "",
    legacy_ns: [],
    name: zone.name,
    // Absolute, with the trailing dot, as the API answers (filiparag/hetzner_ddns#14).
    ns: ASSIGNED_NAMESERVERS,
    owner: "",
    paused: false,
    permission: "",
    project: "",
    registrar: "",
    // Simplified: delegation is never checked, so a zone is verified from its creation on.
    status: "verified",
    ttl: zone.ttl,
    verified: timestamp(ctx, zone.created),
    records_count: recordsOf(ctx, zone.id).length,
    is_secondary_dns: primaryServersOf(ctx, zone.id).length > 0,
    // "If name and token are empty, no TXT record needs to be set" (spec).
    txt_verification: { name: "", token: "" },
  };
}

/** Quoted character-strings: `"a" "b"`. */
export const QUOTED_STRINGS = /^"(?:[^"\\]|\\.)*"(?:\s+"(?:[^"\\]|\\.)*")*$/;

/** TXT values of several quoted strings come back with a blank after the last one, as the API answers them (dnscontrol, types.go). */
export function answeredValue(type: string, value: string): string {
  return type === "TXT" && /"\s+"/.test(value) && QUOTED_STRINGS.test(value.trimEnd()) ? `${value.trimEnd()} ` : value;
}

export function renderRecord(ctx: HetznerDnsContext, record: StoredDnsRecord) {
  return {
    id: record.id,
    type: record.type,
    name: record.name,
    value: answeredValue(record.type, record.value),
    ...(record.ttl === undefined ? {} : { ttl: record.ttl }),
    zone_id: record.zone_id,
    created: timestamp(ctx, record.created),
    modified: timestamp(ctx, record.modified),
  };
}

export function renderPrimaryServer(ctx: HetznerDnsContext, server: StoredPrimaryServer) {
  return {
    id: server.id,
    address: server.address,
    port: server.port,
    zone_id: server.zone_id,
    created: timestamp(ctx, server.created),
    modified: timestamp(ctx, server.modified),
  };
}
