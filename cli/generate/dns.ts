/**
 * Declarations of a live zone of the single-record DNS families: the zone resource (adopted) and one
 * ZoneRecords holding every record set in it. The records come from the ZoneRecords kind's own `read`, so
 * they are spelt exactly as its diff compares them: `up` on the printed program writes no record.
 */
import { ResourceImplementation } from "../../provider/core/resource";
import { zoneName } from "../../provider/dns";
import { hetznerDnsClient } from "../../provider/hetznerdns/client";
import { zoneRecords as hetznerDnsZoneRecords } from "../../provider/hetznerdns/zone-records";
import { vpsorgClient } from "../../provider/vpsorg/client";
import { zoneRecords as vpsorgZoneRecords } from "../../provider/vpsorg/zone-records";
import { Declaration, resourceName } from "./render";

/** `records` as the kind reads them for the zone (by id; the program names the zone by name). */
async function recordsOf(kind: ResourceImplementation, zoneId: string, zoneRef: string): Promise<unknown[]> {
  const read = await kind.read(zoneId, { zone: zoneRef });
  return ((read as { inputs?: { records?: unknown[] } }).inputs?.records ?? []) as unknown[];
}

function zoneAndRecords(namespace: string, zone: Declaration["args"], zoneClass: string, name: string, records: unknown[]): Declaration[] {
  const base = resourceName(name, new Set());
  return [
    { namespace, className: zoneClass, resourceName: base, args: zone },
    { namespace, className: "ZoneRecords", resourceName: `${base}-records`, args: { zone: name, records } },
  ];
}

/** A legacy Hetzner DNS zone by name. */
export async function hetznerDnsZone(name: string): Promise<Declaration[]> {
  const ascii = zoneName(name);
  const [zone] = await hetznerDnsClient().zones.list({ name: ascii });
  if (!zone) throw new Error(`no legacy Hetzner DNS zone named ${ascii}`);
  const records = await recordsOf(hetznerDnsZoneRecords, zone.id, zone.name);
  return zoneAndRecords("hetznerdns", { adopt: { name: zone.name }, name: zone.name, ttl: zone.ttl }, "Zone", zone.name, records);
}

/** A VPS.org zone by domain. */
export async function vpsorgZone(domain: string): Promise<Declaration[]> {
  const ascii = zoneName(domain);
  const [zone] = await vpsorgClient().zones.list({ domain: ascii });
  if (!zone) throw new Error(`no VPS.org zone for ${ascii}`);
  const records = await recordsOf(vpsorgZoneRecords, zone.id, zone.domain);
  return zoneAndRecords("vpsorg", { adopt: { domain: zone.domain }, domain: zone.domain }, "DnsZone", zone.domain, records);
}
