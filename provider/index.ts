/**
 * The provider implementation, loaded by the `__provider` shim inside the dynamic-provider process
 * (`require("pulumi-dns-cloud/provider")`). Every resource kind is registered here by its type name.
 */
import { ADOPTION } from "./adoption-keys";
import { withAdoption } from "./core/adoption";
import { ConfigSource, useStackConfig } from "./core/config";
import { ResourceImplementation } from "./core/resource";
import { installHostHooks, wrapForHost } from "./host";
import { firewall } from "./hcloud/firewall";
import { firewallAttachment } from "./hcloud/firewall-attachment";
import { floatingIp } from "./hcloud/floating-ip";
import { floatingIpAssignment } from "./hcloud/floating-ip-assignment";
import { image } from "./hcloud/image";
import { managedCertificate } from "./hcloud/managed-certificate";
import { uploadedCertificate } from "./hcloud/uploaded-certificate";
import { zone } from "./hcloud/zone";
import { zoneRrset } from "./hcloud/zone-rrset";
import { zoneRecords } from "./hcloud/zone-records";
import { dnsRecord } from "./cloudflare/dns-record";
import { dnsRecords } from "./cloudflare/dns-records";
import { storageBox } from "./hetzner/storage-box";
import { storageBoxSnapshot } from "./hetzner/storage-box-snapshot";
import { storageBoxSubaccount } from "./hetzner/storage-box-subaccount";
import { primaryServer as legacyPrimaryServer } from "./hetznerdns/primary-server";
import { record as legacyRecord } from "./hetznerdns/record";
import { zone as legacyZone } from "./hetznerdns/zone";
import { zoneRecords as legacyZoneRecords } from "./hetznerdns/zone-records";
import { dnsRecord as vpsorgDnsRecord } from "./vpsorg/dns-record";
import { dnsZone as vpsorgDnsZone } from "./vpsorg/dns-zone";
import { zoneRecords as vpsorgZoneRecords } from "./vpsorg/zone-records";

const resources: Record<string, ResourceImplementation> = {
  "hcloud:Firewall": firewall,
  "hcloud:FirewallAttachment": firewallAttachment,
  "hcloud:FloatingIp": floatingIp,
  "hcloud:FloatingIpAssignment": floatingIpAssignment,
  "hcloud:Image": image,
  "hcloud:ManagedCertificate": managedCertificate,
  "hcloud:UploadedCertificate": uploadedCertificate,
  "hcloud:Zone": zone,
  "hcloud:ZoneRrset": zoneRrset,
  "hcloud:ZoneRecords": zoneRecords,
  "hetzner:StorageBox": storageBox,
  "hetzner:StorageBoxSnapshot": storageBoxSnapshot,
  "hetzner:StorageBoxSubaccount": storageBoxSubaccount,
  "cloudflare:DnsRecord": dnsRecord,
  "cloudflare:DnsRecords": dnsRecords,
  "hetznerdns:Zone": legacyZone,
  "hetznerdns:Record": legacyRecord,
  "hetznerdns:ZoneRecords": legacyZoneRecords,
  "hetznerdns:PrimaryServer": legacyPrimaryServer,
  "vpsorg:DnsZone": vpsorgDnsZone,
  "vpsorg:DnsRecord": vpsorgDnsRecord,
  "vpsorg:ZoneRecords": vpsorgZoneRecords,
};

installHostHooks();
const wrapped = new Map<string, ResourceImplementation>();

/**
 * The implementation of a kind with every input it takes (`adopt` too), before the host's wrapping:
 * its check failures keep their property (tests assert it).
 */
export function kindImplementation(kind: string): ResourceImplementation {
  const implementation = resources[kind];
  if (!implementation) {
    throw new Error(`pulumi-dns-cloud: unknown resource kind "${kind}"; the program's package is newer than the provider's?`);
  }
  // Every kind takes `adopt` (core/adoption.ts); its natural key, if any, is in adoption-keys.ts.
  return withAdoption(kind, implementation, ADOPTION[kind]);
}

/** The implementation of a kind, as the dynamic-provider host should call it (see host/index.ts). */
export function resource(kind: string): ResourceImplementation {
  if (!wrapped.has(kind)) wrapped.set(kind, wrapForHost(kindImplementation(kind)));
  return wrapped.get(kind)!;
}

/** Called by the dynamic-provider host with the whole stack config (secrets decrypted). */
export function configure(request: { config: ConfigSource }): void {
  useStackConfig(request.config);
}

export const resourceKinds = Object.keys(resources);
