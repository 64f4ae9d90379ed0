/**
 * Read-only lookups for programs: plain async functions that run in the program process (not in the
 * provider). Settings come from the program's `hcloud:*` stack config, then the environment, exactly
 * as the provider reads them (`hcloud:token` / HCLOUD_TOKEN, `hcloud:endpoint` / HCLOUD_ENDPOINT).
 *
 * ```ts
 * const fsn1 = await hcloud.getLocation("fsn1");
 * const web = await hcloud.getServers({ labelSelector: "role=web" });
 * ```
 */
import * as pulumi from "@pulumi/pulumi";
import { programConfig } from "../../provider/core/config";
import { Credentials, credentialsProblems } from "../../provider/core/credentials";
import { ConfigurationError } from "../../provider/core/errors";
import type { Location } from "../../provider/hcloud/api/locations";
import type { Server } from "../../provider/hcloud/api/servers";
import type { Rrset, Zone } from "../../provider/hcloud/api/zones";
import { DEFAULT_ENDPOINT, HcloudClient } from "../../provider/hcloud/client";
import { RECORD_TYPES, relativeName, recordType, zoneName } from "../../provider/dns";

export type { Location, Server };
/** A zone as getZone/getZones return it (the resource class is hcloud.Zone). */
export type ZoneInfo = Zone;
/** An RRSet as getZoneRrsets returns it: values in the API's canonical form (TXT quoted). */
export type ZoneRrsetInfo = Rrset;

export interface ServerFilter {
  /** Exact server name. */
  name?: string;
  /** Label selector, e.g. `role=web,env!=dev`. */
  labelSelector?: string;
}

export interface LookupOptions {
  /** Another project's token and/or endpoint, as a resource's `credentials`; unset parts come from config. */
  credentials?: Credentials;
}

/** A client over the program's config; made per call, since config is only complete once the program runs. */
function lookupClient({ credentials }: LookupOptions = {}): HcloudClient {
  const problems = credentialsProblems(credentials, DEFAULT_ENDPOINT);
  if (problems.length) throw new ConfigurationError(`hcloud lookup: ${problems.join("; ")}`);
  return new HcloudClient({ config: programConfig("hcloud", new pulumi.Config("hcloud")), credentials });
}

/** Every location (`fsn1`, `nbg1`, …). */
export async function getLocations(options: LookupOptions = {}): Promise<Location[]> {
  return lookupClient(options).locations.list();
}

/** One location by name; throws when there is none. */
export async function getLocation(name: string, options: LookupOptions = {}): Promise<Location> {
  const [location] = await lookupClient(options).locations.list({ name });
  if (!location) throw new Error(`hcloud location "${name}" not found`);
  return location;
}

/** Servers, optionally filtered by exact name and/or label selector. */
export async function getServers(filter: ServerFilter = {}, options: LookupOptions = {}): Promise<Server[]> {
  return lookupClient(options).servers.list(filter);
}

/** One server by id (number or numeric string) or by name; throws when there is none. */
export async function getServer(idOrName: number | string, options: LookupOptions = {}): Promise<Server> {
  const client = lookupClient(options);
  if (typeof idOrName === "number" || /^\d+$/.test(idOrName)) {
    try {
      return await client.servers.get(Number(idOrName));
    } catch (error) {
      if ((error as { status?: number }).status === 404) throw new Error(`hcloud server ${idOrName} not found`);
      throw error;
    }
  }
  const [server] = await client.servers.list({ name: idOrName });
  if (!server) throw new Error(`hcloud server "${idOrName}" not found`);
  return server;
}

export interface ZoneFilter {
  /** Exact zone name (an IDN is accepted). */
  name?: string;
  /** Label selector, e.g. `env=prod`. */
  labelSelector?: string;
}

export interface ZoneRrsetFilter {
  /** Only these types (one or several). */
  type?: string | string[];
  /** Only this name: `@`, relative (`www`), or inside the zone with or without trailing dot. */
  name?: string;
}

/** A zone by id (number or numeric string) or a name (an IDN is accepted); undefined when there is none. */
async function findZone(client: HcloudClient, idOrName: number | string): Promise<Zone | undefined> {
  if (typeof idOrName === "number" || /^\d+$/.test(idOrName)) return client.zones.find(Number(idOrName));
  return client.zones.findByName(zoneName(idOrName));
}

/** One zone by id or name (`münchen.de` is looked up as `xn--mnchen-3ya.de`); throws when there is none. */
export async function getZone(idOrName: number | string, options: LookupOptions = {}): Promise<Zone> {
  const zone = await findZone(lookupClient(options), idOrName);
  if (!zone) throw new Error(`hcloud zone ${typeof idOrName === "number" ? idOrName : JSON.stringify(idOrName)} not found`);
  return zone;
}

/** Zones, optionally filtered by exact name and/or label selector. */
export async function getZones(filter: ZoneFilter = {}, options: LookupOptions = {}): Promise<Zone[]> {
  return lookupClient(options).zones.list({ ...filter, name: filter.name === undefined ? undefined : zoneName(filter.name) });
}

/** The RRSets of a zone (by id or name; every page), optionally only of these types and/or this name. */
export async function getZoneRrsets(zone: number | string, filter: ZoneRrsetFilter = {}, options: LookupOptions = {}): Promise<Rrset[]> {
  const client = lookupClient(options);
  const types = filter.type === undefined ? undefined : (Array.isArray(filter.type) ? filter.type : [filter.type]).map((type) => recordType(type, RECORD_TYPES));
  if (filter.name === undefined) return client.rrsets.list(typeof zone === "string" && !/^\d+$/.test(zone) ? zoneName(zone) : Number(zone), { type: types });
  // A name is made relative to the zone, so the zone's name is needed first.
  const found = await findZone(client, zone);
  if (!found) throw new Error(`hcloud zone ${typeof zone === "number" ? zone : JSON.stringify(zone)} not found`);
  return client.rrsets.list(found.id, { type: types, name: relativeName(filter.name, found.name) });
}
