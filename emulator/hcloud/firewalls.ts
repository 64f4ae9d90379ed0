/**
 * Firewalls and their actions. A request changes the firewall at once (the API reports the target
 * state); the actions it returns only report when the change is complete.
 */
import type { FastifyInstance } from "fastify";
import ipaddr from "ipaddr.js";
import { actionsInvolving, assertUnlocked, finder, involves, isRunning, renderAction, resourceActionRoutes, startAction, type ActionResource, type StoredAction } from "../hetzner/actions";
import { FieldErrors, HetznerError, bodyObject, isObject, limitExceeded, refuseBody, timestamp, type Query } from "../hetzner/conventions";
import { labelSelector, validateLabels, type Labels } from "../hetzner/labels";
import { filterByNameAndLabels, paginate, sortItems } from "../hetzner/lists";
import { updateNameAndLabels, validateName } from "./conventions";
import { nextId, type HcloudContext } from "./context";
import { FIXTURE_SERVERS, findServer, type ServerFirewall } from "./servers";

export interface FirewallRule {
  description: string | null;
  direction: "in" | "out";
  protocol: string;
  port: string | null;
  source_ips: string[];
  destination_ips: string[];
}

export type FirewallTarget = { type: "server"; serverId: number } | { type: "label_selector"; selector: string };

export interface StoredFirewall {
  id: number;
  name: string;
  labels: Labels;
  created: number;
  rules: FirewallRule[];
  appliedTo: FirewallTarget[];
}

const MAX_RULES = 50;
const MAX_FIREWALLS_PER_SERVER = 5;
/** "Create up to 50 Firewalls total" (docs.hetzner.com/cloud/firewalls/faq), a project limit. */
const MAX_FIREWALLS = 50;
const MAX_IPS_PER_RULE = 100;
const PROTOCOLS_WITH_PORT = ["tcp", "udp"];
const PROTOCOLS = [...PROTOCOLS_WITH_PORT, "icmp", "esp", "gre"];

// ---- validation ----

function validPort(port: string): boolean {
  // "any" is not in the spec, but the API accepts it (documented by Hetzner's Terraform provider).
  if (port === "any") return true;
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(port);
  if (!match) return false;
  const low = Number(match[1]);
  const high = match[2] === undefined ? low : Number(match[2]);
  return low >= 1 && high <= 65535 && low <= high;
}

/** A CIDR block in canonical form (IPv6 per RFC 5952), or undefined when invalid or host bits are set. */
function canonicalCidr(value: unknown): string | undefined {
  const match = typeof value === "string" ? /^([^/]+)\/(\d{1,3})$/.exec(value) : null;
  if (!match) return undefined;
  const [, address, bits] = match;
  const prefix = Number(bits);
  if (ipaddr.IPv4.isValidFourPartDecimal(address) && prefix <= 32) {
    const ip = ipaddr.IPv4.parse(address);
    const network = ipaddr.IPv4.networkAddressFromCIDR(`${ip}/${prefix}`);
    return network.toString() === ip.toString() ? `${ip}/${prefix}` : undefined;
  }
  if (ipaddr.IPv6.isValid(address) && !address.includes("%") && prefix <= 128) {
    const ip = ipaddr.IPv6.parse(address);
    const network = ipaddr.IPv6.networkAddressFromCIDR(`${ip.toNormalizedString()}/${prefix}`);
    return network.toNormalizedString() === ip.toNormalizedString() ? `${ip.toRFC5952String()}/${prefix}` : undefined;
  }
  return undefined;
}

function parseIpList(value: unknown, name: string, report: (message: string) => void): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    report(`${name} must be an array`);
    return [];
  }
  if (value.length > MAX_IPS_PER_RULE) report(`${name} allows at most ${MAX_IPS_PER_RULE} CIDR blocks`);
  return value.flatMap((entry) => {
    const cidr = canonicalCidr(entry);
    if (cidr === undefined) report(`${name}: '${String(entry)}' is not a valid CIDR block (network address/prefix length)`);
    return cidr === undefined ? [] : [cidr];
  });
}

function parseRule(raw: unknown, report: (message: string) => void): FirewallRule {
  const rule = isObject(raw) ? raw : {};
  if (!isObject(raw)) report("must be an object");
  const { direction, protocol, port, description } = rule;

  if (direction !== "in" && direction !== "out") report(`direction must be 'in' or 'out'`);
  if (typeof protocol !== "string" || !PROTOCOLS.includes(protocol)) report(`protocol must be one of ${PROTOCOLS.join(", ")}`);
  else if (PROTOCOLS_WITH_PORT.includes(protocol)) {
    if (port === undefined || port === null) report(`port is required for protocol ${protocol}`);
    else if (typeof port !== "string" || !validPort(port)) report(`port '${String(port)}' must be a port (1-65535), a range 'low-high' or 'any'`);
  } else if (port !== undefined && port !== null) report(`port is not allowed for protocol ${protocol}`);

  const sourceIps = parseIpList(rule.source_ips, "source_ips", report);
  const destinationIps = parseIpList(rule.destination_ips, "destination_ips", report);
  if (direction === "in" || direction === "out") {
    const [required, forbidden] = direction === "in" ? ["source_ips", "destination_ips"] : ["destination_ips", "source_ips"];
    const isEmpty = (list: unknown) => list === undefined || list === null || (Array.isArray(list) && list.length === 0);
    if (isEmpty(rule[required])) report(`${required} is required for direction ${direction}`);
    if (!isEmpty(rule[forbidden])) report(`${forbidden} is not allowed for direction ${direction}`);
  }

  if (description !== undefined && description !== null && (typeof description !== "string" || description.length > 255)) {
    report("description must be a string of at most 255 characters");
  }
  return {
    description: typeof description === "string" ? description : null,
    direction: direction as FirewallRule["direction"],
    protocol: protocol as string,
    port: typeof port === "string" ? port : null,
    source_ips: sourceIps,
    destination_ips: destinationIps,
  };
}

function parseRules(raw: unknown, errors: FieldErrors): FirewallRule[] {
  if (!Array.isArray(raw)) {
    errors.add("rules", "must be an array");
    return [];
  }
  if (raw.length > MAX_RULES) errors.add("rules", `at most ${MAX_RULES} rules are allowed`);
  return raw.map((rule, index) => parseRule(rule, (message) => errors.add("rules", `rule ${index}: ${message}`)));
}

function parseTargets(raw: unknown, field: string, errors: FieldErrors): FirewallTarget[] {
  if (!Array.isArray(raw)) {
    errors.add(field, "must be an array");
    return [];
  }
  return raw.flatMap((item, index): FirewallTarget[] => {
    const entry = isObject(item) ? item : {};
    const id = isObject(entry.server) ? entry.server.id : undefined;
    const selector = isObject(entry.label_selector) ? entry.label_selector.selector : undefined;
    if (entry.type === "server" && typeof id === "number" && Number.isSafeInteger(id) && id > 0) {
      return [{ type: "server", serverId: id }];
    }
    if (entry.type === "label_selector" && typeof selector === "string" && selector.trim() !== "") {
      labelSelector(selector, field); // syntax check
      return [{ type: "label_selector", selector }];
    }
    errors.add(field, `entry ${index} must be {type: "server", server: {id}} or {type: "label_selector", label_selector: {selector}}`);
    return [];
  });
}


function assertUniqueName(ctx: HcloudContext, name: string, self?: StoredFirewall): void {
  if (ctx.state().firewalls.some((fw) => fw.name === name && fw !== self)) {
    throw new HetznerError(409, "uniqueness_error", "firewall with the same name already exists", { fields: [{ name: "name" }] });
  }
}

// ---- targets ----

const targetKey = (target: FirewallTarget) => (target.type === "server" ? `server:${target.serverId}` : `label_selector:${target.selector}`);

function selectedServerIds(selector: string): number[] {
  const matches = labelSelector(selector, "label_selector");
  return FIXTURE_SERVERS.filter((server) => matches(server.labels)).map((server) => server.id);
}

function targetServerIds(target: FirewallTarget): number[] {
  return target.type === "server" ? [target.serverId] : selectedServerIds(target.selector);
}

/** Servers the firewall is applied to, directly or through a label selector. */
function effectiveServerIds(firewall: StoredFirewall): number[] {
  return [...new Set(firewall.appliedTo.flatMap(targetServerIds))].sort((a, b) => a - b);
}

/** Rejects an apply request as a whole before anything changes. */
function checkApply(current: FirewallTarget[], targets: FirewallTarget[], missingStatus: number): void {
  const seen = new Set<string>();
  for (const target of targets) {
    const key = targetKey(target);
    if (target.type === "server" && !findServer(target.serverId)) {
      throw new HetznerError(missingStatus, "firewall_resource_not_found", `server ${target.serverId} not found`);
    }
    if (seen.has(key) && target.type === "server") {
      throw new HetznerError(422, "server_already_added", `server ${target.serverId} was added more than once`);
    }
    if (seen.has(key) || current.some((applied) => targetKey(applied) === key)) {
      throw new HetznerError(422, "firewall_already_applied", `firewall is already applied to ${key}`);
    }
    seen.add(key);
  }
}

/**
 * Rejects a remove request as a whole before anything changes. A target the firewall is not applied to
 * is no error: the API stopped answering `firewall_already_removed` on 2025-08-04 ("multiple API behavior
 * changes for Firewalls"; hcloud-go deprecated the code in #748, terraform-provider-hcloud dropped its
 * handling in b8e72e5a), so such a target is simply left out of the actions.
 */
function checkRemove(firewall: StoredFirewall, targets: FirewallTarget[]): void {
  for (const target of targets) {
    if (target.type !== "server" || isAppliedTo(firewall, target)) continue;
    if (!findServer(target.serverId)) throw new HetznerError(404, "firewall_resource_not_found", `server ${target.serverId} not found`);
    if (effectiveServerIds(firewall).includes(target.serverId)) {
      throw new HetznerError(422, "firewall_managed_by_label_selector", `firewall is applied to server ${target.serverId} via a label selector`);
    }
  }
}

const isAppliedTo = (firewall: StoredFirewall, target: FirewallTarget) => firewall.appliedTo.some((applied) => targetKey(applied) === targetKey(target));

/**
 * "A Server can be applied to a maximum of 5 Firewalls", including through label selectors (spec of
 * apply_to_resources; docs.hetzner.com/cloud/firewalls/faq). Neither the spec nor hcloud-go names the
 * code; `resource_limit_exceeded` is the generic code for exceeding a documented quantity.
 */
function checkFirewallsPerServer(ctx: HcloudContext, firewall: StoredFirewall | undefined, targets: FirewallTarget[]): void {
  for (const serverId of new Set(targets.flatMap(targetServerIds))) {
    const others = ctx.state().firewalls.filter((other) => other !== firewall && effectiveServerIds(other).includes(serverId)).length;
    if (others >= MAX_FIREWALLS_PER_SERVER) {
      throw limitExceeded("firewalls_per_server", `server ${serverId} already has the maximum of ${MAX_FIREWALLS_PER_SERVER} firewalls applied`);
    }
  }
}

/** The resources an action on these targets lists (and so must not be locked): the firewall and the targets' servers. */
function touchedResources(firewall: StoredFirewall | undefined, targets: FirewallTarget[]): ActionResource[] {
  const servers = [...new Set(targets.flatMap(targetServerIds))].map((id) => ({ id, type: "server" }));
  return [...(firewall ? [{ id: firewall.id, type: "firewall" }] : []), ...servers];
}

function targetAction(ctx: HcloudContext, command: string, firewall: StoredFirewall, target: FirewallTarget) {
  const servers: ActionResource[] = targetServerIds(target).map((id) => ({ id, type: "server" }));
  return startAction(ctx, command, [...servers, { id: firewall.id, type: "firewall" }]);
}

function applyTargets(ctx: HcloudContext, firewall: StoredFirewall, targets: FirewallTarget[]) {
  firewall.appliedTo.push(...targets);
  return targets.map((target) => targetAction(ctx, "apply_firewall", firewall, target));
}

function removeTargets(ctx: HcloudContext, firewall: StoredFirewall, targets: FirewallTarget[]) {
  const applied = targets.filter((target) => isAppliedTo(firewall, target));
  const removed = new Set(applied.map(targetKey));
  firewall.appliedTo = firewall.appliedTo.filter((target) => !removed.has(targetKey(target)));
  return applied.map((target) => targetAction(ctx, "remove_firewall", firewall, target));
}

// ---- rendering ----

function renderFirewall(firewall: StoredFirewall) {
  return {
    id: firewall.id,
    name: firewall.name,
    labels: firewall.labels,
    created: timestamp(firewall.created),
    rules: firewall.rules,
    applied_to: firewall.appliedTo.map((target) =>
      target.type === "server"
        ? { type: "server", server: { id: target.serverId } }
        : {
            type: "label_selector",
            label_selector: { selector: target.selector },
            applied_to_resources: selectedServerIds(target.selector).map((id) => ({ type: "server", server: { id } })),
          },
    ),
  };
}

/** `public_net.firewalls` of a server. */
export function firewallsOfServer(ctx: HcloudContext, serverId: number): ServerFirewall[] {
  const now = Date.now();
  return ctx
    .state()
    .firewalls.filter((firewall) => effectiveServerIds(firewall).includes(serverId))
    .map((firewall) => {
      const pending = ctx
        .state()
        .actions.some((a) => a.command === "apply_firewall" && isRunning(a, now) && involves(a, "firewall", firewall.id) && involves(a, "server", serverId));
      return { id: firewall.id, status: pending ? ("pending" as const) : ("applied" as const) };
    });
}

// ---- routes ----

export async function firewallRoutes(app: FastifyInstance, ctx: HcloudContext): Promise<void> {
  const firewalls = () => ctx.state().firewalls;
  const findFirewall = finder(firewalls, "firewall");
  const assertFirewallUnlocked = (firewall: StoredFirewall) => assertUnlocked(ctx, [{ id: firewall.id, type: "firewall" }]);
  const actionsResponse = (actions: StoredAction[]) => ({ actions: actions.map((a) => renderAction(a)) });

  app.get("/firewalls", async (request, reply) => {
    const query = request.query as Query;
    const sorted = sortItems(filterByNameAndLabels(firewalls(), query), query, { id: (f) => f.id, name: (f) => f.name, created: (f) => f.created });
    return paginate(request, reply, sorted.map(renderFirewall), "firewalls");
  });

  app.post("/firewalls", async (request, reply) => {
    const body = bodyObject(request.body);
    const errors = new FieldErrors();
    validateName(body.name, errors);
    validateLabels(body.labels, errors);
    const rules = body.rules === undefined ? [] : parseRules(body.rules, errors);
    const targets = body.apply_to === undefined ? [] : parseTargets(body.apply_to, "apply_to", errors);
    errors.throwIfAny();
    assertUniqueName(ctx, body.name as string);
    if (firewalls().length >= MAX_FIREWALLS) throw limitExceeded("firewall_limit", `project limit of ${MAX_FIREWALLS} firewalls reached`);
    checkApply([], targets, 422);
    checkFirewallsPerServer(ctx, undefined, targets);
    assertUnlocked(ctx, touchedResources(undefined, targets));

    const firewall: StoredFirewall = {
      id: nextId(ctx, "firewall"),
      name: body.name as string,
      labels: { ...(body.labels as Labels | undefined) },
      created: Date.now(),
      rules,
      appliedTo: [],
    };
    firewalls().push(firewall);
    const actions = [
      ...(rules.length > 0 ? [startAction(ctx, "set_firewall_rules", [{ id: firewall.id, type: "firewall" }])] : []),
      ...applyTargets(ctx, firewall, targets),
    ];
    reply.code(201);
    return { firewall: renderFirewall(firewall), ...actionsResponse(actions) };
  });

  resourceActionRoutes(app, ctx, "firewalls", "firewall", findFirewall);

  app.get<{ Params: { id: string } }>("/firewalls/:id", async (request) => ({ firewall: renderFirewall(findFirewall(request.params.id)) }));

  app.put<{ Params: { id: string } }>("/firewalls/:id", async (request) => {
    const firewall = findFirewall(request.params.id);
    assertFirewallUnlocked(firewall);
    updateNameAndLabels(bodyObject(request.body), firewall, (name) => assertUniqueName(ctx, name, firewall));
    return { firewall: renderFirewall(firewall) };
  });

  app.delete<{ Params: { id: string } }>("/firewalls/:id", async (request, reply) => {
    refuseBody(request);
    const firewall = findFirewall(request.params.id);
    // Applied until the remove_firewall actions have ended ("A Firewall is removed from a resource once
    // the related Action with command remove_firewall successfully finished", spec); terraform-provider-hcloud
    // retries resource_in_use on delete for this reason.
    const removing = actionsInvolving(ctx, "firewall", firewall.id).some((action) => action.command === "remove_firewall" && isRunning(action));
    if (firewall.appliedTo.length > 0 || removing) throw new HetznerError(422, "resource_in_use", `firewall ${firewall.id} is still applied to resources`);
    assertFirewallUnlocked(firewall);
    firewalls().splice(firewalls().indexOf(firewall), 1);
    return reply.code(204).send();
  });

  app.post<{ Params: { id: string } }>("/firewalls/:id/actions/set_rules", async (request, reply) => {
    const firewall = findFirewall(request.params.id);
    const body = bodyObject(request.body);
    const errors = new FieldErrors();
    const rules = parseRules(body.rules, errors);
    errors.throwIfAny();
    // Reapplying the rules starts an apply_firewall action on every server the firewall covers.
    assertUnlocked(ctx, touchedResources(firewall, firewall.appliedTo));

    firewall.rules = rules;
    const actions = [
      startAction(ctx, "set_firewall_rules", [{ id: firewall.id, type: "firewall" }]),
      ...effectiveServerIds(firewall).map((serverId) =>
        startAction(ctx, "apply_firewall", [
          { id: firewall.id, type: "firewall" },
          { id: serverId, type: "server" },
        ]),
      ),
    ];
    reply.code(201);
    return actionsResponse(actions);
  });

  app.post<{ Params: { id: string } }>("/firewalls/:id/actions/apply_to_resources", async (request, reply) => {
    const firewall = findFirewall(request.params.id);
    const errors = new FieldErrors();
    const targets = parseTargets(bodyObject(request.body).apply_to, "apply_to", errors);
    errors.throwIfAny();
    checkApply(firewall.appliedTo, targets, 404);
    checkFirewallsPerServer(ctx, firewall, targets);
    assertUnlocked(ctx, touchedResources(firewall, targets));
    reply.code(201);
    return actionsResponse(applyTargets(ctx, firewall, targets));
  });

  app.post<{ Params: { id: string } }>("/firewalls/:id/actions/remove_from_resources", async (request, reply) => {
    const firewall = findFirewall(request.params.id);
    const errors = new FieldErrors();
    const targets = parseTargets(bodyObject(request.body).remove_from, "remove_from", errors);
    errors.throwIfAny();
    checkRemove(firewall, targets);
    assertUnlocked(ctx, touchedResources(firewall, targets));
    reply.code(201);
    return actionsResponse(removeTargets(ctx, firewall, targets));
  });
}
