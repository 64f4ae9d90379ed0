/**
 * Primary servers: `GET/POST /primary_servers`, `GET/PUT/DELETE /primary_servers/{PrimaryServerID}`.
 * "Primary servers can only be added to a zone, if no records were added to it, yet. By adding a primary
 * server to a newly created zone, it automatically becomes a secondary zone" (spec, tag Primary Servers):
 * the zone then takes no record writes, and is primary again once its last primary server is gone (guess).
 */
import type { FastifyInstance } from "fastify";
import ipaddr from "ipaddr.js";
import {
  ASSIGNED_NAMESERVERS,
  HetznerDnsError,
  findZone,
  jsonBody,
  newId,
  notFound,
  primaryServersOf,
  queryValue,
  recordsOf,
  renderPrimaryServer,
  unprocessable,
  type HetznerDnsContext,
  type StoredDnsZone,
  type StoredPrimaryServer,
} from "./model";

type IdParams = { Params: { PrimaryServerID: string } };

function getPrimaryServer(ctx: HetznerDnsContext, id: string): StoredPrimaryServer {
  const server = ctx.state().primaryServers.find((s) => s.id === id);
  if (!server) throw notFound("primary_server");
  return server;
}

/** Whether the zone holds only what Hetzner created with it (its SOA and assigned NS records). */
function onlyAssignedRecords(ctx: HetznerDnsContext, zone: StoredDnsZone): boolean {
  return recordsOf(ctx, zone.id).every((record) => record.type === "SOA" || (record.type === "NS" && record.name === "@" && ASSIGNED_NAMESERVERS.includes(record.value)));
}

interface PrimaryServerInput {
  zone: StoredDnsZone;
  address: string;
  port: number;
}

/** `PrimaryServer` (spec): zone_id, address (IPv4 or IPv6) and port (1..65535) required. */
function checkInput(ctx: HetznerDnsContext, body: Record<string, unknown>, replacing?: StoredPrimaryServer): PrimaryServerInput {
  const fail = (detail: string) => unprocessable(detail, "primary_server");
  const { zone_id: zoneId, address, port } = body;
  if (typeof zoneId !== "string" || zoneId === "") throw fail("zone_id: is required");
  const zone = findZone(ctx, zoneId);
  if (!zone) throw new HetznerDnsError(422, "zone not found", "primary_server");
  if (replacing && replacing.zone_id !== zone.id) throw fail("zone_id: a primary server cannot move to another zone");
  if (typeof address !== "string" || !ipaddr.isValid(address) || (ipaddr.IPv4.isValid(address) && !ipaddr.IPv4.isValidFourPartDecimal(address))) {
    throw fail("address: must be an IPv4 or IPv6 address");
  }
  if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535) throw fail("port: must be an integer between 1 and 65535");
  return { zone, address, port };
}

export async function primaryServerRoutes(app: FastifyInstance, ctx: HetznerDnsContext): Promise<void> {
  app.get("/primary_servers", async (request) => {
    const zoneId = queryValue(request, "zone_id");
    if (zoneId !== undefined && !findZone(ctx, zoneId)) throw notFound("zone");
    const servers = zoneId === undefined ? ctx.state().primaryServers : primaryServersOf(ctx, zoneId);
    return { primary_servers: servers.map((server) => renderPrimaryServer(ctx, server)) };
  });

  app.post("/primary_servers", async (request, reply) => {
    const { zone, address, port } = checkInput(ctx, jsonBody(request, "primary_server"));
    const servers = primaryServersOf(ctx, zone.id);
    if (servers.length === 0 && !onlyAssignedRecords(ctx, zone)) {
      throw unprocessable(`zone ${zone.name} has records: primary servers can only be added to a zone without records`, "primary_server");
    }
    if (servers.some((server) => server.address === address && server.port === port)) throw unprocessable(`taken: ${address}:${port}; `, "primary_server");
    const now = Date.now();
    const server: StoredPrimaryServer = { id: newId(), zone_id: zone.id, address, port, created: now, modified: now };
    ctx.state().primaryServers.push(server);
    zone.modified = now;
    return reply.code(201).send({ primary_server: renderPrimaryServer(ctx, server) });
  });

  app.get<IdParams>("/primary_servers/:PrimaryServerID", async (request) => ({ primary_server: renderPrimaryServer(ctx, getPrimaryServer(ctx, request.params.PrimaryServerID)) }));

  app.put<IdParams>("/primary_servers/:PrimaryServerID", async (request) => {
    const server = getPrimaryServer(ctx, request.params.PrimaryServerID);
    const { address, port } = checkInput(ctx, jsonBody(request, "primary_server"), server);
    // Another primary server of the zone at the same address and port: the spec's 409 Conflict.
    if (primaryServersOf(ctx, server.zone_id).some((other) => other !== server && other.address === address && other.port === port)) {
      throw new HetznerDnsError(409, `the zone has a primary server ${address}:${port} already`, "primary_server");
    }
    Object.assign(server, { address, port, modified: Date.now() });
    return { primary_server: renderPrimaryServer(ctx, server) };
  });

  app.delete<IdParams>("/primary_servers/:PrimaryServerID", async (request, reply) => {
    const server = getPrimaryServer(ctx, request.params.PrimaryServerID);
    const state = ctx.state();
    state.primaryServers = state.primaryServers.filter((s) => s !== server);
    return reply.code(200).send();
  });
}
