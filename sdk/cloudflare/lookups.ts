/**
 * Lookups and one-off operations on Cloudflare DNS for programs and the Automation API: plain async
 * functions that run in the calling process (not in the provider). Settings are read as the provider reads
 * them: `cloudflare:apiToken` / CLOUDFLARE_API_TOKEN, `cloudflare:endpoint` / CLOUDFLARE_ENDPOINT. A last
 * argument `{ credentials: { token?, endpoint? } }` reaches another account.
 *
 * ```ts
 * const zone = await cloudflare.getZone("example.com");
 * const mx = await cloudflare.getDnsRecords(zone.id, { type: "MX" });
 * await cloudflare.importZoneFile(zone.id, fs.readFileSync("example.com.zone", "utf8"));
 * ```
 */
import * as pulumi from "@pulumi/pulumi";
import { DnsRecordInfo, fromRecordInfo, RecordFilters, toRecordInfo } from "../../provider/cloudflare/api/records";
import { CloudflareClient, DEFAULT_ENDPOINT } from "../../provider/cloudflare/client";
import type { ZoneWire } from "../../provider/cloudflare/wire";
import { programConfig } from "../../provider/core/config";
import { Credentials, credentialsProblems } from "../../provider/core/credentials";
import { ConfigurationError } from "../../provider/core/errors";
import { zoneName } from "../../provider/dns/names";

export type { DnsRecordInfo, RecordFilters as DnsRecordFilters };

export interface LookupOptions {
  /** Another account's token and/or endpoint, as a resource's `credentials`; unset parts come from config. */
  credentials?: Credentials;
}

export interface ZoneInfo {
  id: string;
  /** ASCII, without trailing dot. */
  name: string;
  status?: string;
  nameServers: string[];
}

/** A client over the program's config; made per call, since config is only complete once the program runs. */
function lookupClient({ credentials }: LookupOptions = {}): CloudflareClient {
  const problems = credentialsProblems(credentials, DEFAULT_ENDPOINT);
  if (problems.length) throw new ConfigurationError(`cloudflare lookup: ${problems.join("; ")}`);
  return new CloudflareClient({ config: programConfig("cloudflare", new pulumi.Config("cloudflare")), credentials });
}

function toZoneInfo(zone: ZoneWire): ZoneInfo {
  return { id: zone.id, name: zone.name, ...(zone.status ? { status: zone.status } : {}), nameServers: zone.name_servers ?? [] };
}

/** The zone of that name (Unicode or punycode, trailing dot or not); throws when the token sees none. */
export async function getZone(name: string, options: LookupOptions = {}): Promise<ZoneInfo> {
  const ascii = zoneName(name);
  const zone = await lookupClient(options).zones.byName(ascii);
  if (!zone) throw new Error(`cloudflare zone "${ascii}" not found: check the name, and that the token may read that zone`);
  return toZoneInfo(zone);
}

/** The zone's records matching Cloudflare's list filters (type, name, content, tag, comment, proxied; `match: "any"` for any of them). */
export async function getDnsRecords(zoneId: string, filters: RecordFilters = {}, options: LookupOptions = {}): Promise<DnsRecordInfo[]> {
  return (await lookupClient(options).records.list(zoneId, filters)).map(toRecordInfo);
}

/** The zone's records as a BIND zone file, as Cloudflare exports it. */
export async function exportZoneFile(zoneId: string, options: LookupOptions = {}): Promise<string> {
  return lookupClient(options).zoneFiles.export(zoneId);
}

export interface ImportResult {
  recordsAdded: number;
  recordsParsed: number;
}

/** Adds the records of a BIND zone file to the zone (one-off; `proxied` makes proxiable ones proxied). */
export async function importZoneFile(zoneId: string, zoneFile: string, options: LookupOptions & { proxied?: boolean } = {}): Promise<ImportResult> {
  const result = await lookupClient(options).zoneFiles.import(zoneId, zoneFile, options.proxied);
  return { recordsAdded: result.recs_added ?? 0, recordsParsed: result.total_records_parsed ?? 0 };
}

/** Scans for common records and adds what it finds to the zone at once (Cloudflare's synchronous scan). */
export async function scanDnsRecords(zoneId: string, options: LookupOptions = {}): Promise<ImportResult> {
  const result = await lookupClient(options).scans.scan(zoneId);
  return { recordsAdded: result.recs_added ?? 0, recordsParsed: result.total_records_parsed ?? 0 };
}

/** Starts a scan in the background; nothing is added until `reviewScannedDnsRecords` accepts it. */
export async function triggerDnsRecordScan(zoneId: string, options: LookupOptions = {}): Promise<void> {
  await lookupClient(options).scans.trigger(zoneId);
}

/** The records the background scan found so far, waiting for review. */
export async function listScannedDnsRecords(zoneId: string, options: LookupOptions = {}): Promise<DnsRecordInfo[]> {
  return (await lookupClient(options).scans.listScanned(zoneId)).map(toRecordInfo);
}

export interface ScanReview {
  /** Scanned records to add to the zone (as `listScannedDnsRecords` returned them, or their ids). */
  accepts?: Array<Partial<DnsRecordInfo> | string>;
  /** Scanned records to drop (records or ids). */
  rejects?: Array<{ id: string } | string>;
}

/** Accepts and rejects scanned records; returns the records added and the ids dropped. */
export async function reviewScannedDnsRecords(zoneId: string, review: ScanReview, options: LookupOptions = {}): Promise<{ accepted: DnsRecordInfo[]; rejected: string[] }> {
  const result = await lookupClient(options).scans.review(zoneId, {
    accepts: (review.accepts ?? []).map((record) => (typeof record === "string" ? { id: record } : fromRecordInfo(record))),
    rejects: (review.rejects ?? []).map((record) => ({ id: typeof record === "string" ? record : record.id })),
  });
  return { accepted: (result.accepts ?? []).map(toRecordInfo), rejected: result.rejects ?? [] };
}

export interface DnsRecordUsage {
  records: number;
  /** undefined: the account's quota applies, not a zone quota. */
  quota?: number;
}

/** How many records the zone holds, and its quota. */
export async function getDnsRecordUsage(zoneId: string, options: LookupOptions = {}): Promise<DnsRecordUsage> {
  const usage = await lookupClient(options).usage.get(zoneId);
  return { records: usage.record_usage, ...(typeof usage.record_quota === "number" ? { quota: usage.record_quota } : {}) };
}
