/**
 * Zones, as much as records need: `GET /zones` (`name`, `status`, `account.id`, `per_page` 5..50), `GET
 * /zones/{id}`, `POST /zones {name, account: {id}, type?}` and `DELETE /zones/{id}`. The spec subset has no
 * zone paths; the shapes follow Cloudflare's "Zones" API reference (developers.cloudflare.com/api/resources/
 * zones) and cloudflare-typescript `src/resources/zones/zones.ts` (`Zone`: id, name, status, paused, type,
 * development_mode, name_servers, original_*, created_on, modified_on, activated_on, meta, owner,
 * account, permissions, plan). Simplified: a new zone is `active` at once (its delegation is never checked).
 */
import type { FastifyInstance } from "fastify";
import { CODES, CloudflareError, invalidIdentifier, isIdentifier, isObject, queryValue, success, timestamp, type Query } from "./conventions";
import { hostname } from "./record-model";
import { paginate } from "./lists";
import type { CloudflareContext, PlanName, StoredZone } from "./state";

/** Cloudflare assigns two nameservers per account from its pool (e.g. `ada.ns.cloudflare.com`); these are fixed. */
export const NAME_SERVERS = ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"];

const PLAN_NAMES: Record<PlanName, string> = { free: "Free Website", pro: "Pro Website", business: "Business Website", enterprise: "Enterprise Website" };

export function renderZone(ctx: CloudflareContext, zone: StoredZone) {
  const account = ctx.account();
  return {
    id: zone.id,
    name: zone.name,
    status: "active",
    paused: false,
    type: "full",
    development_mode: 0,
    name_servers: NAME_SERVERS,
    original_name_servers: null,
    original_registrar: null,
    original_dnshost: null,
    created_on: timestamp(zone.createdOn),
    modified_on: timestamp(zone.modifiedOn),
    activated_on: timestamp(zone.createdOn),
    meta: { step: 4, custom_certificate_quota: 0, page_rule_quota: 3, phishing_detected: false },
    owner: { id: null, type: "user", email: null },
    account,
    permissions: ["#dns_records:edit", "#dns_records:read", "#zone:read"],
    plan: { id: zone.plan, name: PLAN_NAMES[zone.plan], price: 0, currency: "USD", frequency: "", is_subscribed: true, can_subscribe: false, legacy_id: zone.plan, legacy_discount: false, externally_managed: false },
  };
}

/** The zone of a path's `zone_id`: 7003 for an id that is malformed or not one of this account's zones (the API does not tell them apart). */
export function findZone(ctx: CloudflareContext, zoneId: string, path: string): StoredZone {
  const zone = isIdentifier(zoneId) ? ctx.state().zones.find((z) => z.id === zoneId) : undefined;
  if (!zone) throw invalidIdentifier(path);
  return zone;
}

/** Zone names: a registrable domain, lower case, Punycode (what Cloudflare takes as a zone). */
export function zoneNameError(name: unknown): string | null {
  if (typeof name !== "string") return "name is required";
  const host = hostname(name);
  if (host === null || !host.includes(".") || host.startsWith("*") || host.startsWith("_")) return `${name} is not a valid domain name`;
  return null;
}

/** Creates a zone (also the control route's way, which may pick a plan). */
export function createZone(ctx: CloudflareContext, name: string, plan: PlanName = "free"): StoredZone {
  const problem = zoneNameError(name);
  if (problem) throw new CloudflareError(400, { code: CODES.invalidZoneName, message: problem });
  const host = hostname(name)!;
  const state = ctx.state();
  if (state.zones.some((zone) => zone.name === host)) throw new CloudflareError(400, { code: CODES.zoneExists, message: `${host} already exists` });
  const now = Date.now();
  const zone: StoredZone = { id: ctx.newId("zone"), name: host, plan, createdOn: now, modifiedOn: now, scanned: [] };
  state.zones.push(zone);
  return zone;
}

export async function zoneRoutes(app: FastifyInstance, ctx: CloudflareContext): Promise<void> {
  app.get("/zones", async (request) => {
    const query = request.query as Query;
    const name = queryValue(query, "name");
    const status = queryValue(query, "status");
    const accountId = queryValue(query, "account.id");
    const zones = ctx
      .state()
      .zones.filter((zone) => name === undefined || zone.name === name.toLowerCase())
      .filter(() => status === undefined || status === "active")
      .filter(() => accountId === undefined || accountId === ctx.account().id)
      .sort((a, b) => a.name.localeCompare(b.name));
    const { items, info } = paginate(zones, query, { defaultPerPage: 20, minPerPage: 5, maxPerPage: 50 });
    return success(
      items.map((zone) => renderZone(ctx, zone)),
      info,
    );
  });

  app.get<{ Params: { zone_id: string } }>("/zones/:zone_id", async (request) => success(renderZone(ctx, findZone(ctx, request.params.zone_id, request.url.split("?")[0]))));

  app.post("/zones", async (request) => {
    const body = request.body;
    if (!isObject(body)) throw new CloudflareError(400, { code: CODES.invalidBody, message: "Request body is invalid." });
    const account = body.account;
    if (!isObject(account) || account.id !== ctx.account().id) {
      throw new CloudflareError(400, { code: CODES.invalidZoneName, message: "account.id must be the id of the token's account." });
    }
    if (body.type !== undefined && body.type !== "full") throw new CloudflareError(400, { code: CODES.invalidZoneName, message: "Only full zones are emulated." });
    return success(renderZone(ctx, createZone(ctx, body.name as string)));
  });

  app.delete<{ Params: { zone_id: string } }>("/zones/:zone_id", async (request) => {
    const zone = findZone(ctx, request.params.zone_id, request.url.split("?")[0]);
    const state = ctx.state();
    state.zones.splice(state.zones.indexOf(zone), 1);
    state.records = state.records.filter((record) => record.zoneId !== zone.id);
    return success({ id: zone.id });
  });
}
