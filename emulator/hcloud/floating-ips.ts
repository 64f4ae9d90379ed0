/**
 * Floating IPs and their actions. Addresses are deterministic: IPv4 from 203.0.113.128/25 and IPv6 /64
 * networks from 2001:db8:f1::/48 (documentation ranges), the lowest free one first. A request changes
 * the IP at once and returns a `running` action; an action that an armed fault makes fail changes nothing.
 */
import type { FastifyInstance } from "fastify";
import ipaddr from "ipaddr.js";
import { finder, assertUnlocked, renderAction, resourceActionRoutes, startAction, type ActionResource, type StoredAction } from "../hetzner/actions";
import { FieldErrors, HetznerError, bodyObject, invalidInput, limitExceeded, refuseBody, timestamp, type Query } from "../hetzner/conventions";
import { validateLabels, type Labels } from "../hetzner/labels";
import { filterByNameAndLabels, paginate, sortItems } from "../hetzner/lists";
import { updateNameAndLabels, validateName } from "./conventions";
import { nextId, type HcloudContext } from "./context";
import { findLocation, locationByName } from "./locations";
import { findServer } from "./servers";

export interface StoredFloatingIp {
  id: number;
  name: string;
  description: string | null;
  type: "ipv4" | "ipv6";
  /** IPv4 address, or the IPv6 network in `addr/64` form. */
  ip: string;
  homeLocation: string;
  server: number | null;
  dnsPtr: { ip: string; dns_ptr: string }[];
  protection: { delete: boolean };
  labels: Labels;
  created: number;
}

const MAX_IPV6_PTRS = 100;
const HOSTNAME = /^(?=.{1,255}$)([a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9])?\.)*[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9])?\.?$/;
/** The API requires IPs to be unassigned before deletion from this date on (spec of DELETE /floating_ips/{id}). */
const MUST_BE_UNASSIGNED_FROM = Date.parse("2026-05-01T00:00:00Z");

// ---- addresses ----

function allocateIp(ctx: HcloudContext, type: "ipv4" | "ipv6"): string {
  const used = new Set(ctx.state().floatingIps.map((f) => f.ip));
  for (let n = 1; n < 65536; n++) {
    const ip = type === "ipv4" ? `203.0.113.${127 + n}` : `2001:db8:f1:${n.toString(16)}::/64`;
    if (type === "ipv4" && n > 127) break;
    if (!used.has(ip)) return ip;
  }
  throw limitExceeded("floating_ip_limit", `no free ${type} floating IP left in the emulator`);
}

const defaultPtr = (ip: string) => `static.${ip}.clients.your-server.de`;

/** The canonical single address `raw` names inside the floating IP, or undefined when it is not inside. */
function addressInside(fip: StoredFloatingIp, raw: unknown): string | undefined {
  if (typeof raw !== "string") return undefined;
  if (fip.type === "ipv4") return ipaddr.IPv4.isValidFourPartDecimal(raw) && raw === fip.ip ? raw : undefined;
  if (!ipaddr.IPv6.isValid(raw) || raw.includes("/") || raw.includes("%")) return undefined;
  const address = ipaddr.IPv6.parse(raw);
  const [network, bits] = ipaddr.IPv6.parseCIDR(fip.ip);
  return address.match(network, bits) ? address.toRFC5952String() : undefined;
}

// ---- rendering ----

function render(fip: StoredFloatingIp) {
  return {
    id: fip.id,
    name: fip.name,
    description: fip.description,
    ip: fip.ip,
    type: fip.type,
    server: fip.server,
    dns_ptr: fip.dnsPtr.map((p) => ({ ...p })),
    home_location: locationByName(fip.homeLocation),
    blocked: false,
    protection: { ...fip.protection },
    labels: fip.labels,
    created: timestamp(fip.created),
  };
}

/** `public_net.floating_ips` of a server. */
export function floatingIpsOfServer(ctx: HcloudContext, serverId: number): number[] {
  return ctx.state()
    .floatingIps.filter((f) => f.server === serverId)
    .map((f) => f.id);
}

// ---- validation ----


function validateDescription(description: unknown, errors: FieldErrors): void {
  if (description !== undefined && description !== null && typeof description !== "string") errors.add("description", "must be a string or null");
}

function assertUniqueName(ctx: HcloudContext, name: string, self?: StoredFloatingIp): void {
  if (ctx.state().floatingIps.some((f) => f.name === name && f !== self)) {
    throw new HetznerError(409, "uniqueness_error", "floating IP with the same name already exists", { fields: [{ name: "name" }] });
  }
}

function serverParam(raw: unknown, errors: FieldErrors): number | undefined {
  if (typeof raw !== "number" || !Number.isSafeInteger(raw) || raw <= 0) {
    errors.add("server", "must be a server id");
    return undefined;
  }
  if (!findServer(raw)) errors.add("server", `server ${raw} not found`);
  return raw;
}

// ---- routes ----

export async function floatingIpRoutes(app: FastifyInstance, ctx: HcloudContext): Promise<void> {
  const floatingIps = () => ctx.state().floatingIps;
  const findIp = finder(floatingIps, "floating IP");
  const assertIpUnlocked = (fip: StoredFloatingIp) => assertUnlocked(ctx, [{ id: fip.id, type: "floating_ip" }]);
  /** The resources an action on the IP lists: the IP and the server it concerns, if any. */
  const resources = (fip: StoredFloatingIp, serverId: number | null): ActionResource[] => [
    ...(serverId === null ? [] : [{ id: serverId, type: "server" }]),
    { id: fip.id, type: "floating_ip" },
  ];
  /** Starts the action; its change only happens when no fault makes the action fail. */
  const act = (command: string, fip: StoredFloatingIp, serverId: number | null, change: () => void): StoredAction => {
    const action = startAction(ctx, command, resources(fip, serverId));
    if (!action.error) change();
    return action;
  };

  app.get("/floating_ips", async (request, reply) => {
    const query = request.query as Query;
    const sorted = sortItems(filterByNameAndLabels(floatingIps(), query), query, { id: (f) => f.id, created: (f) => f.created });
    return paginate(request, reply, sorted.map(render), "floating_ips");
  });

  app.post("/floating_ips", async (request, reply) => {
    const body = bodyObject(request.body);
    const errors = new FieldErrors();
    if (body.type !== "ipv4" && body.type !== "ipv6") errors.add("type", "is required and must be 'ipv4' or 'ipv6'");
    const hasServer = body.server !== undefined && body.server !== null;
    const hasLocation = body.home_location !== undefined && body.home_location !== null;
    if (hasServer && hasLocation) errors.add("home_location", "home_location and server are mutually exclusive");
    if (!hasServer && !hasLocation) errors.add("home_location", "is required when no server is given");
    const serverId = hasServer ? serverParam(body.server, errors) : undefined;
    const location = hasLocation ? findLocation(body.home_location) : undefined;
    if (hasLocation && !location) errors.add("home_location", `location '${String(body.home_location)}' not found`);
    if (body.name !== undefined) validateName(body.name, errors);
    validateDescription(body.description, errors);
    validateLabels(body.labels, errors);
    errors.throwIfAny();
    if (body.name !== undefined) assertUniqueName(ctx, body.name as string);

    if (serverId !== undefined) assertUnlocked(ctx, [{ id: serverId, type: "server" }]);

    const type = body.type as "ipv4" | "ipv6";
    const ip = allocateIp(ctx, type);
    const fip: StoredFloatingIp = {
      id: nextId(ctx, "floatingIp"),
      name: (body.name as string | undefined) ?? ip,
      description: (body.description as string | null | undefined) ?? null,
      type,
      ip,
      homeLocation: location?.name ?? findServer(serverId!)!.location,
      server: null,
      dnsPtr: type === "ipv4" ? [{ ip, dns_ptr: defaultPtr(ip) }] : [],
      protection: { delete: false },
      labels: { ...(body.labels as Labels | undefined) },
      created: Date.now(),
    };
    floatingIps().push(fip);
    const action = serverId === undefined ? undefined : act("create_floating_ip", fip, serverId, () => (fip.server = serverId));
    reply.code(201);
    return { floating_ip: render(fip), ...(action ? { action: renderAction(action) } : {}) };
  });

  resourceActionRoutes(app, ctx, "floating_ips", "floating_ip", findIp);

  app.get<{ Params: { id: string } }>("/floating_ips/:id", async (request) => ({ floating_ip: render(findIp(request.params.id)) }));

  app.put<{ Params: { id: string } }>("/floating_ips/:id", async (request) => {
    const fip = findIp(request.params.id);
    const body = bodyObject(request.body);
    assertIpUnlocked(fip);
    updateNameAndLabels(body, fip, (name) => assertUniqueName(ctx, name, fip), (errors) => validateDescription(body.description, errors));
    if (body.description !== undefined) fip.description = body.description as string | null;
    return { floating_ip: render(fip) };
  });

  app.delete<{ Params: { id: string } }>("/floating_ips/:id", async (request, reply) => {
    refuseBody(request);
    const fip = findIp(request.params.id);
    if (fip.protection.delete) throw new HetznerError(423, "protected", `floating IP ${fip.id} is delete protected`);
    assertUnlocked(ctx, resources(fip, fip.server));
    if (fip.server !== null) {
      if (Date.now() >= MUST_BE_UNASSIGNED_FROM) {
        throw new HetznerError(422, "must_be_unassigned", `floating IP ${fip.id} is still assigned to server ${fip.server}`);
      }
      fip.server = null; // unassigned automatically before 1 May 2026
    }
    floatingIps().splice(floatingIps().indexOf(fip), 1);
    return reply.code(204).send();
  });

  app.post<{ Params: { id: string } }>("/floating_ips/:id/actions/assign", async (request, reply) => {
    const fip = findIp(request.params.id);
    const errors = new FieldErrors();
    const serverId = serverParam(bodyObject(request.body).server, errors);
    errors.throwIfAny();
    assertUnlocked(ctx, resources(fip, serverId!));
    if (fip.server === serverId) throw new HetznerError(422, "floating_ip_assigned", `floating IP ${fip.id} is already assigned to server ${serverId}`);
    reply.code(201);
    return { action: renderAction(act("assign_floating_ip", fip, serverId!, () => (fip.server = serverId!))) };
  });

  app.post<{ Params: { id: string } }>("/floating_ips/:id/actions/unassign", async (request, reply) => {
    refuseBody(request);
    const fip = findIp(request.params.id);
    assertUnlocked(ctx, resources(fip, fip.server));
    reply.code(201);
    return { action: renderAction(act("unassign_floating_ip", fip, fip.server, () => (fip.server = null))) };
  });

  app.post<{ Params: { id: string } }>("/floating_ips/:id/actions/change_dns_ptr", async (request, reply) => {
    const fip = findIp(request.params.id);
    const body = bodyObject(request.body);
    const errors = new FieldErrors();
    const address = addressInside(fip, body.ip);
    if (address === undefined) {
      errors.add("ip", fip.type === "ipv4" ? `must be the floating IP's address ${fip.ip}` : `must be a single address inside ${fip.ip}`);
    }
    const ptr = body.dns_ptr;
    if (!("dns_ptr" in body)) errors.add("dns_ptr", "is required (null resets it)");
    else if (ptr !== null && (typeof ptr !== "string" || !HOSTNAME.test(ptr))) errors.add("dns_ptr", "must be a hostname or null");
    errors.throwIfAny();
    const others = fip.dnsPtr.filter((p) => p.ip !== address);
    if (fip.type === "ipv6" && ptr !== null && others.length >= MAX_IPV6_PTRS) {
      throw invalidInput("ip", `at most ${MAX_IPV6_PTRS} reverse DNS entries per IPv6 floating IP`);
    }
    assertIpUnlocked(fip);
    reply.code(201);
    const action = act("change_dns_ptr", fip, null, () => {
      const value = ptr === null ? (fip.type === "ipv4" ? defaultPtr(address!) : undefined) : (ptr as string);
      fip.dnsPtr = [...others, ...(value === undefined ? [] : [{ ip: address!, dns_ptr: value }])];
    });
    return { action: renderAction(action) };
  });

  app.post<{ Params: { id: string } }>("/floating_ips/:id/actions/change_protection", async (request, reply) => {
    const fip = findIp(request.params.id);
    const body = bodyObject(request.body);
    if (typeof body.delete !== "boolean") throw invalidInput("delete", "is required and must be a boolean");
    assertIpUnlocked(fip);
    reply.code(201);
    return { action: renderAction(act("change_protection", fip, null, () => (fip.protection.delete = body.delete as boolean))) };
  });
}
