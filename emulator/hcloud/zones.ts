/**
 * Cloud DNS zones (`/zones…`, spec tags Zones and Zone Actions): list, create (with `rrsets` or a
 * `zonefile`), get, update, delete, zone file export, the four zone actions and the action routes. A zone
 * is found by id or by name. A new primary zone gets the SOA and the three NS records of the nameservers
 * Hetzner assigns (spec, POST /zones). A request changes the zone at once and returns a `running` action;
 * an action that an armed fault makes fail changes nothing.
 */
import type { FastifyInstance } from "fastify";
import ipaddr from "ipaddr.js";
import { actionsInvolving, findAction, listActions, renderAction } from "../hetzner/actions";
import { FieldErrors, HetznerError, bodyObject, invalidInput, isObject, queryValue, refuseBody, type Query } from "../hetzner/conventions";
import { validateLabels, type Labels } from "../hetzner/labels";
import { filterByNameAndLabels, paginate, sortItems } from "../hetzner/lists";
import { nextId, type HcloudContext } from "./context";
import { firstSerialOf, sameOrNested, zoneNameError } from "./dns-records";
import {
  DEFAULT_ZONE_TTL,
  assertMode,
  assertZoneUnlocked,
  bumpSerial,
  currentSerial,
  defaultRrsets,
  findZone,
  parseRrsetInput,
  renderZone,
  rrsetId,
  ttlError,
  zoneAction,
  zoneRuleErrors,
  type PrimaryNameserver,
  type StoredRrset,
  type StoredZone,
} from "./zone-model";
import { ZoneFileError, parseZoneFile, writeZoneFile } from "./zonefile";

const MODES = ["primary", "secondary"];
const TSIG_ALGORITHMS = ["hmac-md5", "hmac-sha1", "hmac-sha256"];
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** Addresses no primary nameserver on the internet can have ("Public IPv4 or IPv6 address", spec). */
const NON_PUBLIC_RANGES = ["unspecified", "loopback", "private", "linkLocal", "multicast", "broadcast", "uniqueLocal", "carrierGradeNat"];

/**
 * `primary_nameservers`: at least one, each a public IPv4 or IPv6 `address`, a `port` (default 53), and
 * `tsig_key` (base64) with `tsig_algorithm` together or neither (spec, PrimaryNameserver).
 */
function parsePrimaryNameservers(raw: unknown, errors: FieldErrors): PrimaryNameserver[] {
  const field = "primary_nameservers";
  if (!Array.isArray(raw) || raw.length === 0) {
    errors.add(field, "is required for a secondary zone and must list at least one nameserver");
    return [];
  }
  return raw.map((entry, index) => {
    const report = (message: string) => errors.add(field, `nameserver ${index}: ${message}`);
    if (!isObject(entry)) {
      report("must be an object");
      return { address: "", port: 53 };
    }
    const address = entry.address;
    if (typeof address !== "string" || !ipaddr.isValid(address) || (ipaddr.IPv4.isValid(address) && !ipaddr.IPv4.isValidFourPartDecimal(address)) || address.includes("%")) {
      report("address must be an IPv4 or IPv6 address");
    } else if (NON_PUBLIC_RANGES.includes(ipaddr.parse(address).range())) report(`address ${address} is not a public address`);
    const port = entry.port ?? 53;
    if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535) report("port must be an integer between 1 and 65535");
    const { tsig_key: key, tsig_algorithm: algorithm } = entry;
    if ((key === undefined) !== (algorithm === undefined)) report("tsig_key and tsig_algorithm must be given together");
    if (key !== undefined && (typeof key !== "string" || key === "" || !BASE64.test(key))) report("tsig_key must be base64 encoded");
    if (algorithm !== undefined && (typeof algorithm !== "string" || !TSIG_ALGORITHMS.includes(algorithm))) report(`tsig_algorithm must be one of ${TSIG_ALGORITHMS.join(", ")}`);
    return {
      address: String(address),
      port: port as number,
      ...(key === undefined ? {} : { tsig_key: key as string, tsig_algorithm: algorithm as string }),
    };
  });
}

/** `defaults` with every RRSet of `given` put in place of the one with the same name and type (or added). */
function overlay(defaults: StoredRrset[], given: StoredRrset[]): StoredRrset[] {
  const ids = new Set(given.map((rrset) => rrsetId(rrset.name, rrset.type)));
  return [...defaults.filter((rrset) => !ids.has(rrsetId(rrset.name, rrset.type))), ...given];
}

/** The RRSets of a create request's `rrsets` (field errors under `rrsets`). */
function parseCreateRrsets(raw: unknown, zoneName: string, errors: FieldErrors, now: number): StoredRrset[] {
  if (!Array.isArray(raw)) {
    errors.add("rrsets", "must be an array");
    return [];
  }
  const rrsets: StoredRrset[] = [];
  raw.forEach((entry, index) => {
    const label = isObject(entry) && typeof entry.name === "string" ? ` (${entry.name}/${String(entry.type)})` : "";
    const rrset = parseRrsetInput(entry, zoneName, (field, message) => errors.add("rrsets", `rrset ${index}${label}: ${field} ${message}`), now);
    if (!rrset) return;
    if (rrsets.some((other) => other.name === rrset.name && other.type === rrset.type)) {
      errors.add("rrsets", `rrset ${index}${label}: is a duplicate: each name and type may appear once`);
    }
    rrsets.push(rrset);
  });
  return rrsets;
}

export async function zoneRoutes(app: FastifyInstance, ctx: HcloudContext): Promise<void> {
  const zones = () => ctx.state().zones;
  const zoneActions = () => ctx.actions().filter((action) => action.resources.some((r) => r.type === "zone"));

  app.get("/zones", async (request, reply) => {
    const query = request.query as Query;
    const mode = queryValue(query, "mode");
    if (mode !== undefined && !MODES.includes(mode)) throw invalidInput("mode", `invalid mode '${mode}'`);
    const matching = filterByNameAndLabels(zones(), query).filter((zone) => mode === undefined || zone.mode === mode);
    const sorted = sortItems(matching, query, { id: (z) => z.id, name: (z) => z.name, created: (z) => z.created });
    return paginate(request, reply, sorted.map((zone) => renderZone(ctx, zone)), "zones");
  });

  app.post("/zones", async (request, reply) => {
    const body = bodyObject(request.body);
    const now = Date.now();
    const errors = new FieldErrors();
    const nameProblem = zoneNameError(body.name);
    if (nameProblem) errors.add("name", nameProblem);
    if (typeof body.mode !== "string" || !MODES.includes(body.mode)) errors.add("mode", "is required and must be 'primary' or 'secondary'");
    if (body.ttl !== undefined) {
      const problem = ttlError(body.ttl, false);
      if (problem) errors.add("ttl", problem);
    }
    validateLabels(body.labels, errors);
    const name = body.name as string;
    let ttl = (body.ttl as number | undefined) ?? DEFAULT_ZONE_TTL;
    let primaryNameservers: PrimaryNameserver[] = [];
    let rrsets: StoredRrset[] = [];
    // `primary_nameservers` is "ignored for Zones in primary mode", `rrsets` and `zonefile` "ignored for
    // Zones in secondary mode" (spec, POST /zones).
    if (body.mode === "secondary") primaryNameservers = parsePrimaryNameservers(body.primary_nameservers, errors);
    if (body.mode === "primary") {
      const given = body.rrsets !== undefined && !(Array.isArray(body.rrsets) && body.rrsets.length === 0);
      if (body.zonefile !== undefined && typeof body.zonefile !== "string") errors.add("zonefile", "must be a string");
      if (given && body.zonefile !== undefined) errors.add("zonefile", "cannot be combined with rrsets: if a zone file is provided, rrsets must be empty");
      let field = "rrsets";
      let fromRequest: StoredRrset[] = [];
      if (given && !nameProblem) fromRequest = parseCreateRrsets(body.rrsets, name, errors, now);
      if (typeof body.zonefile === "string" && !given && !nameProblem) {
        field = "zonefile";
        try {
          // On create the file needs no SOA and no NS (the spec's own example has neither): Hetzner's are added.
          const parsed = parseZoneFile(body.zonefile, name, now);
          fromRequest = parsed.rrsets;
          ttl = parsed.ttl ?? ttl;
        } catch (error) {
          if (!(error instanceof ZoneFileError)) throw error;
          errors.add("zonefile", error.message);
        }
      }
      rrsets = overlay(defaultRrsets(now), fromRequest);
      for (const problem of zoneRuleErrors(rrsets)) errors.add(field, problem);
    }
    errors.throwIfAny();

    if (zones().some((zone) => zone.name === name)) {
      throw new HetznerError(409, "uniqueness_error", `zone ${name} already exists`, { fields: [{ name: "name" }] });
    }
    const nested = zones().find((zone) => sameOrNested(zone.name, name));
    if (nested) throw invalidInput("name", `overlaps zone ${nested.name}: a zone cannot lie inside another zone or contain one`);

    const zone: StoredZone = {
      id: nextId(ctx, "zone"),
      name,
      mode: body.mode as StoredZone["mode"],
      ttl,
      labels: { ...(body.labels as Labels | undefined) },
      protection: { delete: false },
      created: now,
      primaryNameservers,
      rrsets,
      rrsetActions: {},
    };
    // A new zone's serial is today's first, whatever an SOA given with it says.
    bumpSerial(zone, firstSerialOf(now) - 1);
    zones().push(zone);
    const action = zoneAction(ctx, zone, "create_zone", () => undefined);
    reply.code(201);
    return { zone: renderZone(ctx, zone), action: renderAction(action) };
  });

  // ---- action routes (before /zones/{id_or_name}: the static segment wins) ----

  app.get("/zones/actions", async (request, reply) => listActions(request, reply, zoneActions()));

  app.get<{ Params: { id: string } }>("/zones/actions/:id", async (request) => ({ action: renderAction(findAction(zoneActions(), request.params.id)) }));

  app.get<{ Params: { id_or_name: string } }>("/zones/:id_or_name/actions", async (request, reply) => {
    return listActions(request, reply, actionsInvolving(ctx, "zone", findZone(ctx, request.params.id_or_name).id));
  });

  app.get<{ Params: { id_or_name: string; action_id: string } }>("/zones/:id_or_name/actions/:action_id", async (request) => {
    const zone = findZone(ctx, request.params.id_or_name);
    return { action: renderAction(findAction(actionsInvolving(ctx, "zone", zone.id), request.params.action_id)) };
  });

  // ---- one zone ----

  app.get<{ Params: { id_or_name: string } }>("/zones/:id_or_name", async (request) => ({ zone: renderZone(ctx, findZone(ctx, request.params.id_or_name)) }));

  app.put<{ Params: { id_or_name: string } }>("/zones/:id_or_name", async (request) => {
    const zone = findZone(ctx, request.params.id_or_name);
    const body = bodyObject(request.body);
    const errors = new FieldErrors();
    validateLabels(body.labels, errors);
    errors.throwIfAny();
    assertZoneUnlocked(ctx, zone);
    // "The set of Labels provided in the request will overwrite the existing one" (spec).
    if (body.labels !== undefined) zone.labels = { ...(body.labels as Labels) };
    return { zone: renderZone(ctx, zone) };
  });

  app.delete<{ Params: { id_or_name: string } }>("/zones/:id_or_name", async (request, reply) => {
    refuseBody(request);
    const zone = findZone(ctx, request.params.id_or_name);
    if (zone.protection.delete) throw new HetznerError(423, "protected", `zone ${zone.name} is delete protected`);
    assertZoneUnlocked(ctx, zone);
    const action = zoneAction(ctx, zone, "delete_zone", () => zones().splice(zones().indexOf(zone), 1));
    reply.code(201);
    return { action: renderAction(action) };
  });

  app.get<{ Params: { id_or_name: string } }>("/zones/:id_or_name/zonefile", async (request) => {
    const zone = findZone(ctx, request.params.id_or_name);
    assertMode(zone, "primary");
    return { zonefile: writeZoneFile(zone) };
  });

  // ---- zone actions ----

  app.post<{ Params: { id_or_name: string } }>("/zones/:id_or_name/actions/change_primary_nameservers", async (request, reply) => {
    const zone = findZone(ctx, request.params.id_or_name);
    assertMode(zone, "secondary");
    const errors = new FieldErrors();
    const primaryNameservers = parsePrimaryNameservers(bodyObject(request.body).primary_nameservers, errors);
    errors.throwIfAny();
    assertZoneUnlocked(ctx, zone);
    reply.code(201);
    return { action: renderAction(zoneAction(ctx, zone, "change_primary_nameservers", () => (zone.primaryNameservers = primaryNameservers))) };
  });

  app.post<{ Params: { id_or_name: string } }>("/zones/:id_or_name/actions/change_protection", async (request, reply) => {
    const zone = findZone(ctx, request.params.id_or_name);
    const body = bodyObject(request.body);
    if (body.delete !== undefined && typeof body.delete !== "boolean") throw invalidInput("delete", "must be a boolean");
    assertZoneUnlocked(ctx, zone);
    reply.code(201);
    const action = zoneAction(ctx, zone, "change_protection", () => {
      if (body.delete !== undefined) zone.protection.delete = body.delete as boolean;
    });
    return { action: renderAction(action) };
  });

  app.post<{ Params: { id_or_name: string } }>("/zones/:id_or_name/actions/change_ttl", async (request, reply) => {
    const zone = findZone(ctx, request.params.id_or_name);
    assertMode(zone, "primary");
    const { ttl } = bodyObject(request.body);
    const problem = ttl === undefined ? "is required" : ttlError(ttl, false);
    if (problem) throw invalidInput("ttl", problem);
    assertZoneUnlocked(ctx, zone);
    reply.code(201);
    const action = zoneAction(ctx, zone, "change_ttl", () => {
      // The default TTL is served for every RRSet without its own: a change of the zone's data.
      zone.ttl = ttl as number;
      bumpSerial(zone);
    });
    return { action: renderAction(action) };
  });

  app.post<{ Params: { id_or_name: string } }>("/zones/:id_or_name/actions/import_zonefile", async (request, reply) => {
    const zone = findZone(ctx, request.params.id_or_name);
    assertMode(zone, "primary");
    const { zonefile } = bodyObject(request.body);
    if (typeof zonefile !== "string") throw invalidInput("zonefile", "is required and must be a string");
    let parsed: ReturnType<typeof parseZoneFile>;
    try {
      parsed = parseZoneFile(zonefile, zone.name);
    } catch (error) {
      if (error instanceof ZoneFileError) throw invalidInput("zonefile", error.message);
      throw error;
    }
    const problems = zoneRuleErrors(parsed.rrsets);
    if (problems.length > 0) {
      const errors = new FieldErrors();
      for (const problem of problems) errors.add("zonefile", problem);
      errors.throwIfAny();
    }
    // "The import will fail if existing RRSet are `change` protected" (spec).
    const protectedIds = zone.rrsets.filter((rrset) => rrset.protection.change).map((rrset) => rrsetId(rrset.name, rrset.type));
    if (protectedIds.length > 0) throw new HetznerError(423, "protected", `zone ${zone.name} has change protected RRSets (${protectedIds.join(", ")}): the import would replace them`);
    assertZoneUnlocked(ctx, zone);
    reply.code(201);
    const action = zoneAction(ctx, zone, "import_zonefile", () => {
      const previousSerial = currentSerial(zone);
      // "Replacing all resource record sets" (spec): the imported RRSets are new ones, without labels.
      zone.rrsets = parsed.rrsets;
      if (parsed.ttl !== undefined) zone.ttl = parsed.ttl;
      bumpSerial(zone, previousSerial);
    });
    return { action: renderAction(action) };
  });
}
