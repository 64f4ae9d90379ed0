/**
 * Declarations of a live zone of the single-record DNS families: the zone resource (adopted) and one
 * ZoneRecords holding every record set in it. The records come from the ZoneRecords kind's own `read`, so
 * they are spelt exactly as its diff compares them: `up` on the printed program writes no record.
 */
import { cloudflareClient } from "../../provider/cloudflare/client";
import { dnsRecords as cloudflareDnsRecords } from "../../provider/cloudflare/dns-records";
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

/**
 * A legacy Hetzner DNS zone by name. A secondary zone's records come from its primary servers by zone
 * transfer: it is declared with its primary servers (each adopted by id) instead of its records.
 */
export async function hetznerDnsZone(name: string): Promise<Declaration[]> {
  const ascii = zoneName(name);
  const client = hetznerDnsClient();
  const [zone] = await client.zones.list({ name: ascii });
  if (!zone) throw new Error(`no legacy Hetzner DNS zone named ${ascii}`);
  const zoneArgs = { adopt: { name: zone.name }, name: zone.name, ttl: zone.ttl };
  if (zone.isSecondaryDns) {
    const base = resourceName(zone.name, new Set());
    const servers = await client.primaryServers.list(zone.id);
    return [
      { namespace: "hetznerdns", className: "Zone", resourceName: base, args: zoneArgs },
      ...servers.map((server, i) => ({
        namespace: "hetznerdns",
        className: "PrimaryServer",
        resourceName: `${base}-primary${servers.length > 1 ? `-${i + 1}` : ""}`,
        args: { adopt: { id: server.id }, zoneId: zone.id, address: server.address, port: server.port },
      })),
    ];
  }
  const records = await recordsOf(hetznerDnsZoneRecords, zone.id, zone.name);
  return zoneAndRecords("hetznerdns", zoneArgs, "Zone", zone.name, records);
}

/** A VPS.org zone by domain. */
export async function vpsorgZone(domain: string): Promise<Declaration[]> {
  const ascii = zoneName(domain);
  const [zone] = await vpsorgClient().zones.list({ domain: ascii });
  if (!zone) throw new Error(`no VPS.org zone for ${ascii}`);
  const records = await recordsOf(vpsorgZoneRecords, zone.id, zone.domain);
  return zoneAndRecords("vpsorg", { adopt: { domain: zone.domain }, domain: zone.domain }, "DnsZone", zone.domain, records);
}

/**
 * A Cloudflare zone (by id or name) as one DnsRecords with every record set in the shared model and the
 * proxied/comment/tags extras. The zone itself is Cloudflare's, not a resource here.
 */
export async function cloudflareZone(ref: string): Promise<Declaration[]> {
  const zones = cloudflareClient().zones;
  const zone = /^[0-9a-f]{32}$/.test(ref) ? await zones.find(ref) : await zones.byName(zoneName(ref));
  if (!zone) throw new Error(`no Cloudflare zone ${ref} for this token`);
  const read = await cloudflareDnsRecords.read(zone.id, { zoneId: zone.id, zoneName: zone.name });
  const inputs = (read as { inputs?: Record<string, unknown[]> }).inputs ?? {};
  const extras = inputs.recordExtras ?? [];
  return [
    {
      namespace: "cloudflare",
      className: "DnsRecords",
      resourceName: resourceName(zone.name, new Set()),
      note: `zone ${zone.name}: adopting its records needs no adopt (a DnsRecords takes over the records in its scope)`,
      args: { zoneId: zone.id, records: inputs.records ?? [], ...(extras.length ? { recordExtras: extras } : {}) },
    },
  ];
}
