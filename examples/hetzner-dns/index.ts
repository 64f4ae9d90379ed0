import * as pulumi from "@pulumi/pulumi";
import { dns, hetznerdns } from "pulumi-dns-cloud";

// Settings: `pulumi config set --secret hetznerdns:apiToken <token>` (a token from dns.hetzner.com), or HETZNER_DNS_TOKEN.
const config = new pulumi.Config();

const zone = new hetznerdns.Zone("shop", { name: "example-shop.de", ttl: 3600 });

// The whole zone as one list, in the same shape hcloud.ZoneRecords takes: moving the zone to the Hetzner
// Cloud DNS API later is a change of class, not of records. Hetzner's SOA and NS stay as they are.
const records: dns.RecordSet[] = [
  { name: "@", type: "A", values: [config.get("webIp") ?? "203.0.113.10"] },
  { name: "@", type: "AAAA", values: ["2001:db8::10"] },
  { name: "www", type: "CNAME", values: ["@"] },
  { name: "@", type: "MX", values: ["10 mx1.mail-provider.example.", "20 mx2.mail-provider.example."] },
  { name: "@", type: "TXT", values: ["v=spf1 include:_spf.mail-provider.example ~all"] },
  { name: "_dmarc", type: "TXT", values: ["v=DMARC1; p=quarantine"] },
  { name: "shop", type: "A", ttl: 300, values: ["203.0.113.12", "203.0.113.13"] },
  { name: "@", type: "CAA", values: ['0 issue "letsencrypt.org"'] },
];
const shop = new hetznerdns.ZoneRecords("shop", { zone: zone.zoneId, records });

// Delegate the domain to these at its registrar.
export const nameservers = zone.ns;
export const recordSets = shop.rrsetCount;
export const apex = shop.records.apply((sets) => sets.find((set) => set.name === "@" && set.type === "A")?.values);
