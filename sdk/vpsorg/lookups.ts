/**
 * Lookups of VPS.org DNS zones and records for programs and the Automation API: plain async functions
 * that run in the calling process (not in the provider), with the provider's settings (`vpsorg:apiToken`
 * / VPSORG_API_TOKEN, `vpsorg:endpoint` / VPSORG_ENDPOINT). A last argument `{ credentials }` reaches
 * another account.
 */
import * as pulumi from "@pulumi/pulumi";
import { programConfig } from "../../provider/core/config";
import { Credentials, credentialsProblems } from "../../provider/core/credentials";
import { ConfigurationError, isNotFound } from "../../provider/core/errors";
import type { DnsRecordInfo } from "../../provider/vpsorg/api/records";
import type { DnsZoneInfo } from "../../provider/vpsorg/api/zones";
import { DEFAULT_ENDPOINT, VpsorgClient } from "../../provider/vpsorg/client";
import { DnsInputError, zoneName } from "../../provider/dns";

export type { DnsRecordInfo, DnsZoneInfo };

export interface LookupOptions {
  /** Another account's token and/or endpoint, as a resource's `credentials`; unset parts come from config. */
  credentials?: Credentials;
}

/** A client over the program's config; made per call, since config is only complete once the program runs. */
function lookupClient({ credentials }: LookupOptions = {}): VpsorgClient {
  const problems = credentialsProblems(credentials, DEFAULT_ENDPOINT);
  if (problems.length) throw new ConfigurationError(`vpsorg lookup: ${problems.join("; ")}`);
  return new VpsorgClient({ config: programConfig("vpsorg", new pulumi.Config("vpsorg")), credentials });
}

/** Every zone of the account. */
export async function getZones(options: LookupOptions = {}): Promise<DnsZoneInfo[]> {
  return lookupClient(options).zones.list();
}

/** The zone of a domain (an IDN is looked up as punycode); throws when there is none. */
export async function getZone(domain: string, options: LookupOptions = {}): Promise<DnsZoneInfo> {
  let ascii: string;
  try {
    ascii = zoneName(domain);
  } catch (error) {
    if (error instanceof DnsInputError) throw new Error(`vpsorg.getZone: ${error.message}`);
    throw error;
  }
  const [zone] = await lookupClient(options).zones.list({ domain: ascii });
  if (!zone) throw new Error(`vpsorg zone "${ascii}" not found`);
  return zone;
}

/** The records of a zone (its uuid), optionally of one type; throws when the zone does not exist. */
export async function getRecords(zoneId: string, filter: { recordType?: string } = {}, options: LookupOptions = {}): Promise<DnsRecordInfo[]> {
  try {
    return await lookupClient(options).records.list({ zoneId, recordType: filter.recordType });
  } catch (error) {
    if (isNotFound(error)) throw new Error(`vpsorg zone ${zoneId} not found`);
    throw error;
  }
}
