/**
 * hetznerdns.Zone: a zone of the legacy Hetzner DNS API. `name` (IDN made punycode) replaces the zone,
 * `ttl` (its default TTL) changes in place. Outputs include the nameservers to delegate to, the
 * verification state and `zoneFile`, the zone as the API exports it.
 */
import { withCredentials } from "../core/credentials";
import { unlessNotFound } from "../core/errors";
import { CLOCK_SKEW_MS } from "../core/lifecycle";
import { CheckFailure, containsUnknown, isUnknown } from "../core/inputs";
import { partialFailure, Props, ResourceImplementation } from "../core/resource";
import { zoneName } from "../dns";
import { checkTtl, dnsReason } from "../hcloud/zone";
import { LegacyZone, timestampMs } from "./api/zones";
import { DEFAULT_ENDPOINT, HetznerDnsClient, hetznerDnsClient } from "./client";

/** The zone as the API shows it (its id as `zoneId`) and its zone file (GET /zones/{id}/export). */
export type ZoneOutputs = Omit<LegacyZone, "id"> & { zoneId: string; zoneFile: string };

const absent = (value: unknown) => value === undefined || value === null;
/** A lost create answer finds the zone by name, if it was created after the request was sent (minus clock skew). */

export async function check(_olds: Props, news: Props) {
  const failures: CheckFailure[] = [];
  let name: unknown = news.name;
  if (absent(name) || name === "") failures.push({ property: "name", reason: 'name is required: the domain, e.g. "example.com"' });
  else if (typeof name !== "string" && !isUnknown(name)) failures.push({ property: "name", reason: "name must be a domain name (a string)" });
  else if (!isUnknown(name)) {
    try {
      name = zoneName(name as string);
    } catch (error) {
      failures.push({ property: "name", reason: `name: ${dnsReason(error)}` });
    }
  }
  const inputs: Props = { name, ttl: absent(news.ttl) ? null : checkTtl(news.ttl, "ttl", failures) };
  return { inputs, failures };
}

export async function diff(_id: string, olds: Props, news: Props) {
  const replaces = containsUnknown(news.name) || news.name !== olds.name ? ["name"] : [];
  // An unset ttl leaves the zone's as it is.
  const ttlChanged = containsUnknown(news.ttl) || (news.ttl !== null && news.ttl !== undefined && news.ttl !== olds.ttl);
  // A zone name is unique: the old zone goes before the new one is made.
  return { changes: replaces.length > 0 || ttlChanged, replaces, deleteBeforeReplace: replaces.length > 0 };
}

const describe = (zone: { id?: string; name: string }) => `hetznerdns.Zone ${zone.name}${zone.id ? ` (${zone.id})` : ""}`;

function outputsOf(zone: LegacyZone, zoneFile: string, inputs: Props): Props {
  const { id, ...fields } = zone;
  const outs: ZoneOutputs = { zoneId: id, ...fields, zoneFile };
  // The program's ttl (null: unset) is kept, so an unset ttl never shows as a change.
  return { ...outs, __ttl: inputs.ttl ?? null };
}

/** The outputs after a write the API accepted: a failed export still records the zone (zoneFile stays empty until the next read). */
async function finish(client: HetznerDnsClient, zone: LegacyZone, inputs: Props, doing: string) {
  try {
    return outputsOf(zone, await client.zones.exportZoneFile(zone.id), inputs);
  } catch (error) {
    throw partialFailure(`${doing} ${describe(zone)}: exporting its zone file failed: ${(error as Error).message}`, zone.id, outputsOf(zone, "", inputs), inputs);
  }
}

export async function create(inputs: Props) {
  const client = hetznerDnsClient(inputs);
  const spec = { name: inputs.name as string, ...(inputs.ttl === null || inputs.ttl === undefined ? {} : { ttl: inputs.ttl as number }) };
  const sentAt = Date.now();
  let zone: LegacyZone;
  try {
    zone = await client.zones.create(spec, async () => {
      const found = await client.zones.byName(spec.name);
      return found && timestampMs(found.created) >= sentAt - CLOCK_SKEW_MS ? found : undefined;
    });
  } catch (error) {
    throw new Error(`creating ${describe(spec)} failed: ${(error as Error).message}`);
  }
  return { id: zone.id, outs: await finish(client, zone, inputs, "created") };
}

export async function read(id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const client = hetznerDnsClient(props);
  const zone = await client.zones.find(id);
  if (!zone) return { id: "", props: {} };
  const outs = outputsOf(zone, await client.zones.exportZoneFile(id), { ttl: props.__ttl ?? null });
  // An unset ttl stays unset: the zone's own shows in the outputs only.
  return { id, props: outs, inputs: { name: zone.name, ttl: props.__ttl === null || props.__ttl === undefined ? null : zone.ttl } };
}

export async function update(id: string, olds: Props, news: Props) {
  const client = hetznerDnsClient(news);
  let zone: LegacyZone;
  if (news.ttl === null || news.ttl === undefined || news.ttl === olds.ttl) {
    zone = await client.zones.get(id);
  } else {
    try {
      zone = await client.zones.update(id, { name: news.name, ttl: news.ttl });
    } catch (error) {
      throw new Error(`updating ${describe({ id, name: news.name })} failed: ${(error as Error).message}`);
    }
  }
  return { outs: await finish(client, zone, news, "updated") };
}

export async function remove(id: string, props: Props = {}) {
  // Already gone: nothing to do.
  await unlessNotFound(hetznerDnsClient(props).zones.delete(id));
}

export const zone: ResourceImplementation = withCredentials({ check, diff, create, read, update, delete: remove }, DEFAULT_ENDPOINT);
