/**
 * The provider implementation, loaded by the `__provider` shim inside the dynamic-provider process
 * (`require("pulumi-dns-cloud/provider")`). Every resource kind is registered here by its type name.
 */
import { ADOPTION } from "./adoption-keys";
import { withAdoption } from "./core/adoption";
import { ConfigSource, useStackConfig } from "./core/config";
import { ResourceImplementation } from "./core/resource";
import { installHostHooks, wrapForHost } from "./host";

/**
 * A kind's implementation (export `name` of the module at `path`), loaded at its first use: a provider
 * process loads only the families its stack uses, which starts it sooner (a firewall stack never loads
 * the DNS families).
 */
const onFirstUse = (path: string, name: string) => (): ResourceImplementation => require(path)[name];

const resources: Record<string, () => ResourceImplementation> = {
  "hcloud:Firewall": onFirstUse("./hcloud/firewall", "firewall"),
  "hcloud:FirewallAttachment": onFirstUse("./hcloud/firewall-attachment", "firewallAttachment"),
  "hcloud:FloatingIp": onFirstUse("./hcloud/floating-ip", "floatingIp"),
  "hcloud:FloatingIpAssignment": onFirstUse("./hcloud/floating-ip-assignment", "floatingIpAssignment"),
  "hcloud:Image": onFirstUse("./hcloud/image", "image"),
  "hcloud:ManagedCertificate": onFirstUse("./hcloud/managed-certificate", "managedCertificate"),
  "hcloud:UploadedCertificate": onFirstUse("./hcloud/uploaded-certificate", "uploadedCertificate"),
  "hcloud:Zone": onFirstUse("./hcloud/zone", "zone"),
  "hcloud:ZoneRrset": onFirstUse("./hcloud/zone-rrset", "zoneRrset"),
  "hcloud:ZoneRecords": onFirstUse("./hcloud/zone-records", "zoneRecords"),
  "hetzner:StorageBox": onFirstUse("./hetzner/storage-box", "storageBox"),
  "hetzner:StorageBoxSnapshot": onFirstUse("./hetzner/storage-box-snapshot", "storageBoxSnapshot"),
  "hetzner:StorageBoxSubaccount": onFirstUse("./hetzner/storage-box-subaccount", "storageBoxSubaccount"),
  "cloudflare:DnsRecord": onFirstUse("./cloudflare/dns-record", "dnsRecord"),
  "cloudflare:DnsRecords": onFirstUse("./cloudflare/dns-records", "dnsRecords"),
  "hetznerdns:Zone": onFirstUse("./hetznerdns/zone", "zone"),
  "hetznerdns:Record": onFirstUse("./hetznerdns/record", "record"),
  "hetznerdns:ZoneRecords": onFirstUse("./hetznerdns/zone-records", "zoneRecords"),
  "hetznerdns:PrimaryServer": onFirstUse("./hetznerdns/primary-server", "primaryServer"),
  "vpsorg:DnsZone": onFirstUse("./vpsorg/dns-zone", "dnsZone"),
  "vpsorg:DnsRecord": onFirstUse("./vpsorg/dns-record", "dnsRecord"),
  "vpsorg:ZoneRecords": onFirstUse("./vpsorg/zone-records", "zoneRecords"),
};

installHostHooks();
const wrapped = new Map<string, ResourceImplementation>();

/**
 * The implementation of a kind with every input it takes (`adopt` too), before the host's wrapping:
 * its check failures keep their property (tests assert it).
 */
export function kindImplementation(kind: string): ResourceImplementation {
  const load = resources[kind];
  if (!load) {
    throw new Error(`pulumi-dns-cloud: unknown resource kind "${kind}"; the program's package is newer than the provider's?`);
  }
  // Every kind takes `adopt` (core/adoption.ts); its natural key, if any, is in adoption-keys.ts.
  return withAdoption(kind, load(), ADOPTION[kind]);
}

/** The implementation of a kind, as the dynamic-provider host should call it (see host/index.ts). */
export function resource(kind: string): ResourceImplementation {
  if (!wrapped.has(kind)) wrapped.set(kind, wrapForHost(kindImplementation(kind)));
  return wrapped.get(kind)!;
}

/**
 * The shim's entry (sdk/shim.ts): one function serves several methods, so the method is told by the
 * host's arguments: configure({ config }), check(olds, news), diff(id, olds, news), create(inputs) (which
 * always carry `__provider`: the host found the shim through it), read(id, props); `change`: update(id,
 * olds, news), delete(id, props). Ids are strings, the rest objects.
 */
const PROVIDER_KEY = "__provider";
export function shimCall(kind: string, change: boolean, args: ArrayLike<unknown>): unknown {
  const [a, b, c] = Array.from(args) as [never, never, never];
  if (args.length === 1 && !(PROVIDER_KEY in (args[0] as object))) return configure(a);
  const implementation = resource(kind);
  if (change) return args.length === 3 ? implementation.update(a, b, c) : implementation.delete(a, b);
  if (args.length === 1) return implementation.create(a);
  if (args.length === 3) return implementation.diff(a, b, c);
  return typeof args[0] === "string" ? implementation.read(a, b) : implementation.check(a, b);
}

/** Called by the dynamic-provider host with the whole stack config (secrets decrypted). */
export function configure(request: { config: ConfigSource }): void {
  useStackConfig(request.config);
}

export const resourceKinds = Object.keys(resources);
