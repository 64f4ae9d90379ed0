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

export interface HetznerDnsState {
  zones: StoredDnsZone[];
  records: StoredDnsRecord[];
  primaryServers: StoredPrimaryServer[];
}

const initialState = (): HetznerDnsState => ({ zones: [], records: [], primaryServers: [] });

/** The state of the account the current request's token belongs to (one slice per emulator project). */
export interface HetznerDnsContext {
  state(): HetznerDnsState;
  useProject(project: string): void;
}

export function hetznerDnsContext(store: StateStore, projects: string[]): HetznerDnsContext {
  const slices = new Map(projects.map((project) => [project, store.register(sliceKey("hetznerdns", project), initialState)]));
  let current = slices.values().next().value!;
  return {
    state: () => current(),
    useProject: (project) => {
      current = slices.get(project)!;
    },
  };
}

// ---- ids and timestamps ----

const ID_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** Ids as the API gives them: 22 characters of a base-57 alphabet (spec examples such as `oH7shFebR6nLPgTnmvNjM8`). */
export function newId(): string {
  return Array.from(randomBytes(22), (byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join("");
}

/** RFC 3339 in UTC, as the spec's `date-time` fields and examples have it (`2025-05-07T11:20:45Z`). */
export function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
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
    created: timestamp(zone.created),
    modified: timestamp(zone.modified),
    legacy_dns_host: "",
    legacy_ns: [],
    name: zone.name,
    // Without the trailing dot, as a delegation at a registrar is written.
    ns: ASSIGNED_NAMESERVERS.map((ns) => ns.slice(0, -1)),
    owner: "",
    paused: false,
    permission: "",
    project: "",
    registrar: "",
    // Simplified: delegation is never checked, so a zone is verified from its creation on.
    status: "verified",
    ttl: zone.ttl,
    verified: timestamp(zone.created),
    records_count: recordsOf(ctx, zone.id).length,
    is_secondary_dns: primaryServersOf(ctx, zone.id).length > 0,
    // "If name and token are empty, no TXT record needs to be set" (spec).
    txt_verification: { name: "", token: "" },
  };
}

export function renderRecord(record: StoredDnsRecord) {
  return {
    id: record.id,
    type: record.type,
    name: record.name,
    value: record.value,
    ...(record.ttl === undefined ? {} : { ttl: record.ttl }),
    zone_id: record.zone_id,
    created: timestamp(record.created),
    modified: timestamp(record.modified),
  };
}

export function renderPrimaryServer(server: StoredPrimaryServer) {
  return {
    id: server.id,
    address: server.address,
    port: server.port,
    zone_id: server.zone_id,
    created: timestamp(server.created),
    modified: timestamp(server.modified),
  };
}
