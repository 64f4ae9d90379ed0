/**
 * DNS zones (seed: `GET`/`POST /dns-zones/`, `GET`/`DELETE /dns-zones/{uuid}/`). A new zone has no record
 * (seed example: `record_count: 0, records: []`); its delete removes every record with it.
 */
import type { Account, StoredZone } from "./accounts";
import { bodyObject, invalid, queryValue, timestamp } from "./conventions";
import { renderRecord } from "./records";
import type { Routes } from "./routes";
import { normalDomain } from "./values";

function renderZone(account: Account, zone: StoredZone) {
  return { uuid: zone.uuid, domain: zone.domain, created_at: timestamp(zone.createdAt), record_count: account.recordsOf(zone).length };
}

/** The zone with its records (GET of one zone and the 201 of its create, seed). */
function renderZoneDetails(account: Account, zone: StoredZone) {
  return { ...renderZone(account, zone), records: account.recordsOf(zone).map(renderRecord) };
}

export function zoneRoutes(routes: Routes, accounts: () => Iterable<Account>): void {
  routes.resource("/dns-zones/", {
    GET: (request, account) => {
      // `domain`: "Filter zones by exact domain name" (seed).
      const domain = queryValue(request, "domain")?.toLowerCase();
      return { body: account.state.zones.filter((zone) => domain === undefined || zone.domain === domain).map((zone) => renderZone(account, zone)) };
    },
    POST: (request, account) => {
      const { domain } = bodyObject(request);
      if (domain === undefined || domain === null) throw invalid("domain", "This field is required.");
      const normal = typeof domain === "string" ? normalDomain(domain) : undefined;
      if (normal === undefined) throw invalid("domain", "Invalid domain name");
      // Guess: a domain is served once on VPS.org's nameservers, so it is unique across all accounts.
      if ([...accounts()].some((other) => other.state.zones.some((zone) => zone.domain === normal))) {
        throw invalid("domain", "DNS zone for this domain already exists");
      }
      const zone: StoredZone = { uuid: account.newUuid("zone"), domain: normal, createdAt: Date.now() };
      account.state.zones.push(zone);
      return { status: 201, body: renderZoneDetails(account, zone) };
    },
  });

  routes.resource("/dns-zones/:uuid/", {
    GET: (request, account) => ({ body: renderZoneDetails(account, account.zone((request.params as { uuid: string }).uuid)) }),
    DELETE: (request, account) => {
      const zone = account.zone((request.params as { uuid: string }).uuid);
      const state = account.state;
      state.zones = state.zones.filter((z) => z !== zone);
      state.records = state.records.filter((record) => record.zone !== zone.uuid);
      return { status: 204 };
    },
  });
}
