/** Declarations of live Hetzner Cloud objects: firewalls, floating IPs, certificates, and a DNS zone with its records. */
import { valueFromWire } from "../../provider/dns";
import { recordsOutput } from "../../provider/dns/zone-records-input";
import { HcloudClient } from "../../provider/hcloud/client";
import { liveRrsets } from "../../provider/hcloud/zone-records";
import { inScope } from "../../provider/hcloud/zone-plan";
import { visibleLabels } from "../../provider/core/resource";
import { zoneName } from "../../provider/dns";
import { ConfigSecret, Declaration, resourceName } from "./render";

const labelsArg = (labels: Record<string, string>) => (Object.keys(visibleLabels(labels)).length ? visibleLabels(labels) : undefined);

export async function firewalls(client: HcloudClient, labelSelector?: string): Promise<Declaration[]> {
  const taken = new Set<string>();
  const found = await client.firewalls.list({ labelSelector });
  return found.map((firewall) => ({
    namespace: "hcloud",
    className: "Firewall",
    resourceName: resourceName(firewall.name, taken),
    note: firewall.appliedTo.length ? "applyTo left out: the firewall's attachments stay as they are (declare applyTo or hcloud.FirewallAttachment to manage them)" : undefined,
    args: {
      adopt: { name: firewall.name },
      name: firewall.name,
      labels: labelsArg(firewall.labels),
      rules: firewall.rules.map((rule) => ({ ...rule })),
    },
  }));
}

export async function floatingIps(client: HcloudClient, labelSelector?: string): Promise<Declaration[]> {
  const taken = new Set<string>();
  return (await client.floatingIps.list({ labelSelector })).map((ip) => ({
    namespace: "hcloud",
    className: "FloatingIp",
    resourceName: resourceName(ip.name, taken),
    note: ip.server ? "serverId left out: the assignment stays as it is (declare serverId or hcloud.FloatingIpAssignment to manage it)" : undefined,
    args: {
      adopt: { name: ip.name },
      name: ip.name,
      type: ip.type,
      homeLocation: ip.homeLocation,
      description: ip.description || undefined,
      labels: labelsArg(ip.labels),
      dnsPtr: ip.dnsPtr.length ? ip.dnsPtr.map((ptr) => ({ ...ptr })) : undefined,
      deleteProtection: ip.deleteProtection || undefined,
    },
  }));
}

/**
 * Managed and uploaded certificates. An uploaded certificate's private key is never returned by the API:
 * the program reads it from secret config, and adoption only checks that it matches the certificate.
 */
export async function certificates(client: HcloudClient, labelSelector?: string): Promise<Declaration[]> {
  const taken = new Set<string>();
  return (await client.certificates.list({ labelSelector })).map((certificate) => {
    const name = resourceName(certificate.name, taken);
    const common = { adopt: { name: certificate.name }, name: certificate.name, labels: labelsArg(certificate.labels) };
    if (certificate.type === "managed") {
      return { namespace: "hcloud", className: "ManagedCertificate", resourceName: name, args: { ...common, domainNames: certificate.domainNames } };
    }
    const privateKey = new ConfigSecret(`${name}-private-key`, `the PEM private key of certificate ${certificate.name} (or pipe it in: < key.pem)`);
    return { namespace: "hcloud", className: "UploadedCertificate", resourceName: name, args: { ...common, certificate: certificate.certificate, privateKey } };
  });
}

/** A primary zone and every rrset in it (SOA and apex NS are Hetzner's), as one hcloud.Zone with `records`. */
export async function zone(client: HcloudClient, name: string): Promise<Declaration[]> {
  const live = await client.zones.get(zoneName(name));
  const args: Record<string, unknown> = {
    adopt: { name: live.name },
    name: live.name,
    ttl: live.ttl,
    labels: labelsArg(live.labels),
    deleteProtection: live.deleteProtection || undefined,
  };
  if (live.mode === "primary") {
    const rrsets = liveRrsets(await client.rrsets.list(live.id), live.name).live.filter((r) => inScope(r));
    args.records = recordsOutput(rrsets).map((set) => ({ ...set, values: set.values.map((v) => valueFromWire(set.type, v)) }));
  } else {
    args.mode = "secondary";
    // TSIG keys are never read back: a zone that uses one needs it added by hand (as a secret).
    args.primaryNameservers = live.primaryNameservers.map(({ address, port, tsigAlgorithm }) => ({ address, port, tsigAlgorithm }));
  }
  return [{ namespace: "hcloud", className: "Zone", resourceName: resourceName(live.name, new Set()), args }];
}
