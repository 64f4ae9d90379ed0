/**
 * Zones: `GET/POST /zones`, `GET/PUT/DELETE /zones/{ZoneID}`. A new zone gets the SOA and NS records
 * Hetzner creates; deleting a zone takes its records and primary servers.
 */
import type { FastifyInstance } from "fastify";
import { defaultSoa, validTtl, zoneNameError } from "../hcloud/dns-records";
import {
  ASSIGNED_NAMESERVERS,
  HetznerDnsError,
  errorBody,
  getZone,
  jsonBody,
  newId,
  queryValue,
  renderZone,
  unprocessable,
  type HetznerDnsContext,
  type StoredDnsRecord,
  type StoredDnsZone,
} from "./model";
import { page, pageParam } from "./records";

type IdParams = { Params: { ZoneID: string } };

/** The TTL of a zone created without one (what the DNS console proposes; guess for the API). */
export const DEFAULT_ZONE_TTL = 86400;
/** "Limited to 100 zones per request" (spec, Get All Zones). */
const MAX_ZONES_PER_PAGE = 100;

/** The SOA and apex NS records Hetzner gives a new zone, all with the zone's TTL (no `ttl` of their own). */
export function assignedRecords(zoneId: string, now: number): StoredDnsRecord[] {
  const record = (type: string, value: string): StoredDnsRecord => ({ id: newId(), zone_id: zoneId, type, name: "@", value, created: now, modified: now });
  return [record("SOA", defaultSoa(now)), ...ASSIGNED_NAMESERVERS.map((ns) => record("NS", ns))];
}

function checkTtl(ttl: unknown): number | undefined {
  if (ttl === undefined) return undefined;
  // Guess: the range of Cloud DNS, which replaced this API; the spec says only uint64.
  if (!validTtl(ttl)) throw unprocessable("ttl: must be an integer between 60 and 2147483647", "zone");
  return ttl;
}

export async function zoneRoutes(app: FastifyInstance, ctx: HetznerDnsContext): Promise<void> {
  app.get("/zones", async (request, reply) => {
    const name = queryValue(request, "name");
    const searchName = queryValue(request, "search_name");
    // Guess at what the spec's 400 "Pagination selectors are mutually exclusive" refers to.
    if (name !== undefined && searchName !== undefined) throw new HetznerDnsError(400, "name and search_name are mutually exclusive", "zones");
    const pageNumber = pageParam(queryValue(request, "page"), "page", 1, "zones");
    const perPage = pageParam(queryValue(request, "per_page"), "per_page", MAX_ZONES_PER_PAGE, "zones");
    if (perPage > MAX_ZONES_PER_PAGE) throw new HetznerDnsError(400, `per_page must be at most ${MAX_ZONES_PER_PAGE}`, "zones");
    let zones = ctx.state().zones;
    if (name !== undefined) zones = zones.filter((zone) => zone.name === name);
    // "Will return a maximum of 100 zones that contain the searched string" (spec).
    if (searchName !== undefined) zones = zones.filter((zone) => zone.name.includes(searchName)).slice(0, MAX_ZONES_PER_PAGE);
    if (zones.length === 0) {
      // `name` "Will return an array with the results or return a 404 status code" (spec); the API answers an
      // account without zones the same way, pagination all zeros (DNSControl/dnscontrol#1370).
      const empty = { page: 0, per_page: 0, previous_page: 0, next_page: 0, last_page: 0, total_entries: 0 };
      return reply.code(404).send({ ...errorBody(404, "zone not found", "zones"), meta: { pagination: empty } });
    }
    const { items, meta } = page(zones, pageNumber, perPage);
    return { zones: items.map((zone) => renderZone(ctx, zone)), meta };
  });

  app.post("/zones", async (request, reply) => {
    const body = jsonBody(request, "zone");
    const problem = zoneNameError(body.name);
    if (problem) throw unprocessable(`name: ${problem}`, "zone");
    const name = body.name as string;
    if (ctx.state().zones.some((zone) => zone.name === name)) throw unprocessable(`taken: ${name}; `, "zone");
    const now = Date.now();
    const zone: StoredDnsZone = { id: newId(), name, ttl: checkTtl(body.ttl) ?? DEFAULT_ZONE_TTL, created: now, modified: now };
    ctx.state().zones.push(zone);
    ctx.state().records.push(...assignedRecords(zone.id, now));
    return reply.code(201).send({ zone: renderZone(ctx, zone) });
  });

  app.get<IdParams>("/zones/:ZoneID", async (request) => ({ zone: renderZone(ctx, getZone(ctx, request.params.ZoneID)) }));

  app.put<IdParams>("/zones/:ZoneID", async (request) => {
    const zone = getZone(ctx, request.params.ZoneID);
    const body = jsonBody(request, "zone");
    // `Zone` requires `name` (spec). A zone keeps its name (guess): another zone's is 409, any other 422.
    if (typeof body.name !== "string") throw unprocessable("name: is required", "zone");
    if (body.name !== zone.name) {
      if (ctx.state().zones.some((other) => other.name === body.name)) throw new HetznerDnsError(409, `zone ${body.name} exists already`, "zone");
      throw unprocessable(`name: a zone cannot be renamed (it is ${zone.name}): create a zone of that name`, "zone");
    }
    const ttl = checkTtl(body.ttl);
    if (ttl !== undefined && ttl !== zone.ttl) {
      zone.ttl = ttl;
      zone.modified = Date.now();
    }
    return { zone: renderZone(ctx, zone) };
  });

  app.delete<IdParams>("/zones/:ZoneID", async (request, reply) => {
    const zone = getZone(ctx, request.params.ZoneID);
    const state = ctx.state();
    state.zones = state.zones.filter((z) => z !== zone);
    state.records = state.records.filter((record) => record.zone_id !== zone.id);
    state.primaryServers = state.primaryServers.filter((server) => server.zone_id !== zone.id);
    return reply.code(200).send();
  });
}
