/**
 * Lookups and zone-file validation on the legacy Hetzner DNS API for programs and the Automation API:
 * plain async functions that run in the calling process (not in the provider). Settings are read as the
 * provider reads them: `hetznerdns:apiToken` / HETZNER_DNS_TOKEN / HETZNER_DNS_API_TOKEN,
 * `hetznerdns:endpoint` / HETZNER_DNS_ENDPOINT. A last argument `{ credentials }` reaches another account.
 *
 * ```ts
 * const zone = await hetznerdns.getZone("example.com");
 * const mx = await hetznerdns.getRecords(zone.id, { type: "MX" });
 * const { validRecords } = await hetznerdns.validateZoneFile(fs.readFileSync("example.com.zone", "utf8"));
 * ```
 */
import * as pulumi from "@pulumi/pulumi";
import { programConfig } from "../../provider/core/config";
import { Credentials, credentialsProblems } from "../../provider/core/credentials";
import { ConfigurationError, isNotFound } from "../../provider/core/errors";
import { relativeName, zoneName } from "../../provider/dns";
import type { LegacyRecord as RecordInfo } from "../../provider/hetznerdns/api/records";
import type { LegacyZone as ZoneInfo, ZoneFilter } from "../../provider/hetznerdns/api/zones";
import { DEFAULT_ENDPOINT, HetznerDnsClient } from "../../provider/hetznerdns/client";

/** A zone and a record as the lookups return them (`Zone` and `Record` are the resources). */
export type { ZoneInfo, RecordInfo, ZoneFilter };

export interface LookupOptions {
  /** Another account's token and/or endpoint, as a resource's `credentials`; unset parts come from config. */
  credentials?: Credentials;
}

/** A client over the program's config; made per call, since config is only complete once the program runs. */
function lookupClient({ credentials }: LookupOptions = {}): HetznerDnsClient {
  const problems = credentialsProblems(credentials, DEFAULT_ENDPOINT);
  if (problems.length) throw new ConfigurationError(`hetznerdns lookup: ${problems.join("; ")}`);
  return new HetznerDnsClient({ config: programConfig("hetznerdns", new pulumi.Config("hetznerdns")), credentials });
}

/** One zone by name (a domain: IDN accepted) or by id; throws when there is none. */
export async function getZone(nameOrId: string, options: LookupOptions = {}): Promise<ZoneInfo> {
  const client = lookupClient(options);
  if (!nameOrId.includes(".")) {
    try {
      return await client.zones.get(nameOrId);
    } catch (error) {
      if (isNotFound(error)) throw new Error(`hetznerdns zone ${nameOrId} not found`);
      throw error;
    }
  }
  const name = zoneName(nameOrId);
  const zone = await client.zones.byName(name);
  if (!zone) throw new Error(`hetznerdns zone "${name}" not found`);
  return zone;
}

/** Every zone (all pages), or those of an exact `name` or whose name contains `searchName`. */
export async function getZones(filter: ZoneFilter = {}, options: LookupOptions = {}): Promise<ZoneInfo[]> {
  return lookupClient(options).zones.list({ ...filter, ...(filter.name === undefined ? {} : { name: zoneName(filter.name) }) });
}

/** The records of a zone, optionally of one type and/or one name (relative, `@`, or inside the zone). */
export async function getRecords(zoneId: string, filter: { type?: string; name?: string } = {}, options: LookupOptions = {}): Promise<RecordInfo[]> {
  const client = lookupClient(options);
  const records = await client.records.list(zoneId);
  const name = filter.name === undefined ? undefined : relativeName(filter.name, (await client.zones.get(zoneId)).name);
  const type = filter.type?.toUpperCase();
  return records.filter((r) => (type === undefined || r.type === type) && (name === undefined || r.name === name));
}

/**
 * What the API makes of a BIND zone file, changing nothing: the number of records it parsed and those it
 * would create. A file it cannot read fails with the API's reason.
 */
export async function validateZoneFile(text: string, options: LookupOptions = {}): Promise<{ parsedRecords: number; validRecords: RecordInfo[] }> {
  return lookupClient(options).zones.validateZoneFile(text);
}
