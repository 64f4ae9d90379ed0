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
import { DEFAULT_ENDPOINT, HcloudClient } from "../../provider/hcloud/client";

export type { Location, Server };

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
