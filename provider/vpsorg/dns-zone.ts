/**
 * vpsorg.DnsZone: a VPS.org DNS zone. Its only input is the domain (a new domain is a new zone); deleting
 * it deletes every record in it (seed: "Permanently delete a DNS zone and all associated records").
 */
import { withCredentials } from "../core/credentials";
import { isApiError } from "../core/errors";
import { CheckFailure, containsUnknown, isUnknown } from "../core/inputs";
import { claimFound } from "../core/lifecycle";
import { Props, ResourceImplementation } from "../core/resource";
import { DnsInputError, zoneName } from "../dns";
import { DnsZoneInfo } from "./api/zones";
import { DEFAULT_ENDPOINT, VpsorgClient, vpsorgClient } from "./client";
import { ZoneDetailWire } from "./wire";

export interface DnsZoneOutputs {
  domain: string;
  zoneId: string;
  recordCount: number;
  created: string;
}

export async function check(_olds: Props, news: Props) {
  const failures: CheckFailure[] = [];
  let domain = news.domain;
  if (domain === undefined || domain === null || domain === "") {
    failures.push({ property: "domain", reason: 'domain is required: the zone\'s domain, e.g. "example.com"' });
  } else if (!isUnknown(domain)) {
    try {
      domain = zoneName(domain);
    } catch (error) {
      if (!(error instanceof DnsInputError)) throw error;
      failures.push({ property: "domain", reason: `domain: ${error.message}` });
    }
  }
  return { inputs: { domain }, failures };
}

export async function diff(_id: string, olds: Props, news: Props) {
  const replaces = containsUnknown(news.domain) || news.domain !== olds.domain ? ["domain"] : [];
  // Another domain is another zone: it is created before the old one is deleted.
  return { changes: replaces.length > 0, replaces, deleteBeforeReplace: false };
}

export function outputsOf(zone: DnsZoneInfo): DnsZoneOutputs {
  return { domain: zone.domain, zoneId: zone.id, recordCount: zone.recordCount, created: zone.created };
}

const describe = (domain: string) => `vpsorg.DnsZone ${domain}`;

/**
 * After a lost answer, the zone of the domain made after the request was sent is the one it made (the
 * API has no labels to tell more); an older one is claimFound's error.
 */
function recoverZone(client: VpsorgClient, domain: string, sentAt: number) {
  return async (): Promise<ZoneDetailWire | undefined> => {
    const [found] = await client.zones.list({ domain });
    if (!found) return undefined;
    claimFound({ id: found.id, name: found.domain, created: found.created, labels: {} }, { kind: "VPS.org zone", how: "answerLost", sentAt, labels: {}, differences: [] });
    return { uuid: found.id, domain: found.domain, created_at: found.created, record_count: found.recordCount, records: [] };
  };
}

export async function create(inputs: Props) {
  const client = vpsorgClient(inputs);
  const domain: string = inputs.domain;
  let zone: DnsZoneInfo;
  try {
    zone = await client.zones.create(domain, recoverZone(client, domain, Date.now()));
  } catch (error) {
    // The API answers 400 for a domain it already has; without labels, nothing shows whose zone it is.
    const [existing] = isApiError(error) && error.status === 400 ? await client.zones.list({ domain }).catch(() => []) : [];
    if (!existing) throw error;
    throw new Error(
      `${describe(domain)}: the zone already exists in this VPS.org account (uuid ${existing.id}, created ${existing.created}), and VPS.org records nothing that tells which stack made it. ` +
        "If it is not needed, delete it in VPS.org and run `pulumi up` again; otherwise manage its records with vpsorg.DnsRecord or vpsorg.ZoneRecords by its uuid",
    );
  }
  return { id: zone.id, outs: outputsOf(zone) };
}

export async function read(id: string, props: Props) {
  const zone = await vpsorgClient(props).zones.find(id);
  if (!zone) return { id: "", props: {} };
  const outs = outputsOf(zone);
  return { id, props: outs, inputs: { domain: outs.domain } };
}

/** Nothing of a zone changes in place (a new domain replaces it): update records the live zone, e.g. after a credentials rotation. */
export async function update(id: string, _olds: Props, news: Props) {
  const zone = await vpsorgClient(news).zones.find(id);
  if (!zone) throw new Error(`${describe(news.domain)}: zone ${id} no longer exists; run \`pulumi refresh\`, then \`pulumi up\` creates it again`);
  return { outs: outputsOf(zone) };
}

/** Deletes the zone and every record in it (the API does both); a zone already gone is no error. */
export async function remove(id: string, props: Props) {
  await vpsorgClient(props).zones.delete(id);
}

export const dnsZone: ResourceImplementation = withCredentials({ check, diff, create, read, update, delete: remove }, DEFAULT_ENDPOINT);
