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
import type { Datacenter } from "../../provider/hcloud/api/datacenters";
import type { Architecture, Image, ImageFilter, ImageType } from "../../provider/hcloud/api/images";
import type { Iso, IsoFilter } from "../../provider/hcloud/api/isos";
import type { LoadBalancer } from "../../provider/hcloud/api/load-balancers";
import type { Location } from "../../provider/hcloud/api/locations";
import type { Server } from "../../provider/hcloud/api/servers";
import type { Rrset, Zone } from "../../provider/hcloud/api/zones";
import { DEFAULT_ENDPOINT, HcloudClient } from "../../provider/hcloud/client";
import { RECORD_TYPES, relativeName, recordType, zoneName } from "../../provider/dns";

export type { Architecture, Datacenter, ImageFilter, ImageType, Iso, IsoFilter, LoadBalancer, Location, Server };
/** An image as getImage/getImages return it (the resource class is hcloud.Image). */
export type ImageInfo = Image;
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
  return oneByIdOrName("server", idOrName, (id) => client.servers.get(id), (name) => client.servers.list({ name }));
}

const isId = (idOrName: number | string): idOrName is number | `${number}` => typeof idOrName === "number" || /^\d+$/.test(idOrName);

/** One object by id (a 404 becomes "not found") or by its unique name; throws naming `what` when there is none. */
async function oneByIdOrName<T>(what: string, idOrName: number | string, get: (id: number) => Promise<T>, listByName: (name: string) => Promise<T[]>): Promise<T> {
  if (isId(idOrName)) {
    try {
      return await get(Number(idOrName));
    } catch (error) {
      if ((error as { status?: number }).status === 404) throw new Error(`hcloud ${what} ${idOrName} not found`);
      throw error;
    }
  }
  const [found] = await listByName(idOrName);
  if (!found) throw new Error(`hcloud ${what} "${idOrName}" not found`);
  return found;
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

/** Every datacenter (`fsn1-dc14`, …), or the one of this name. */
export async function getDatacenters(filter: { name?: string } = {}, options: LookupOptions = {}): Promise<Datacenter[]> {
  return lookupClient(options).datacenters.list(filter);
}

/** One datacenter by id or name (`fsn1-dc14`); throws when there is none. */
export async function getDatacenter(idOrName: number | string, options: LookupOptions = {}): Promise<Datacenter> {
  const client = lookupClient(options);
  return oneByIdOrName("datacenter", idOrName, (id) => client.datacenters.get(id), (name) => client.datacenters.list({ name }));
}

/**
 * Images: system images, and the project's snapshots and backups, filtered by name, label selector, type,
 * architecture, status, the server a backup is bound to; deprecated ones only with `includeDeprecated`.
 */
export async function getImages(filter: ImageFilter = {}, options: LookupOptions = {}): Promise<Image[]> {
  return lookupClient(options).images.list(filter);
}

const newestFirst = (a: Image, b: Image) => Date.parse(b.created) - Date.parse(a.created) || b.id - a.id;
const describeFilter = (filter: ImageFilter) =>
  Object.entries(filter)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key} ${JSON.stringify(value)}`)
    .join(", ") || "no filter";

/**
 * One image: by id (number or numeric string), or the newest matching a name (`"ubuntu-24.04"`) or a
 * filter (`{ type: "snapshot", labelSelector: "role=golden" }`). A system image exists once per
 * architecture, so a match across architectures needs `architecture`. Throws when none matches.
 */
export async function getImage(idNameOrFilter: number | string | ImageFilter, options: LookupOptions = {}): Promise<Image> {
  const client = lookupClient(options);
  if (typeof idNameOrFilter !== "object" && isId(idNameOrFilter)) {
    return oneByIdOrName("image", idNameOrFilter, (id) => client.images.get(id), async () => []);
  }
  const filter: ImageFilter = typeof idNameOrFilter === "object" ? idNameOrFilter : { name: idNameOrFilter };
  const matching = (await client.images.list(filter)).sort(newestFirst);
  if (!matching.length) throw new Error(`hcloud image: none matches ${describeFilter(filter)}`);
  const architectures = [...new Set(matching.map((image) => image.architecture))].sort();
  if (filter.architecture === undefined && architectures.length > 1) {
    throw new Error(`hcloud image: ${describeFilter(filter)} matches images for ${architectures.join(" and ")}: set architecture`);
  }
  return matching[0];
}

/** ISOs, optionally by name and architecture (`includeArchitectureWildcard`: also ISOs for every architecture). */
export async function getIsos(filter: IsoFilter = {}, options: LookupOptions = {}): Promise<Iso[]> {
  return lookupClient(options).isos.list(filter);
}

/** One ISO by id or name; throws when there is none. */
export async function getIso(idOrName: number | string, options: LookupOptions = {}): Promise<Iso> {
  const client = lookupClient(options);
  return oneByIdOrName("ISO", idOrName, (id) => client.isos.get(id), (name) => client.isos.list({ name }));
}

/** Load Balancers, optionally filtered by exact name and/or label selector. */
export async function getLoadBalancers(filter: { name?: string; labelSelector?: string } = {}, options: LookupOptions = {}): Promise<LoadBalancer[]> {
  return lookupClient(options).loadBalancers.list(filter);
}

/** One Load Balancer by id or name; throws when there is none. */
export async function getLoadBalancer(idOrName: number | string, options: LookupOptions = {}): Promise<LoadBalancer> {
  const client = lookupClient(options);
  return oneByIdOrName("load balancer", idOrName, (id) => client.loadBalancers.get(id), (name) => client.loadBalancers.list({ name }));
}
