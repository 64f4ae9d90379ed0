import * as pulumi from "@pulumi/pulumi";
import { cloudflare } from "pulumi-dns-cloud";

// `pulumi config set --secret cloudflare:apiToken <token>` (or CLOUDFLARE_API_TOKEN); the zone must exist.
const config = new pulumi.Config();

export = async () => {
  const zone = await cloudflare.getZone(config.get("zone") ?? "example-shop.de");

  // The web records one by one: proxied through Cloudflare, so their TTL is automatic.
  const apex = new cloudflare.DnsRecord("apex", { zoneId: zone.id, name: "@", type: "A", content: config.get("webIp") ?? "203.0.113.10", proxied: true });
  new cloudflare.DnsRecord("www", { zoneId: zone.id, name: "www", type: "CNAME", content: zone.name, proxied: true, comment: "the shop" });

  // Mail and policy records as one list in the model every DNS family shares; other records are left alone.
  const mail = new cloudflare.DnsRecords("mail", {
    zoneId: zone.id,
    filter: { types: ["MX", "TXT", "CAA"] },
    records: [
      { name: "@", type: "MX", values: ["10 mx1.mail-provider.example.", "20 mx2.mail-provider.example."] },
      { name: "@", type: "TXT", values: ["v=spf1 include:_spf.mail-provider.example ~all"] },
      { name: "_dmarc", type: "TXT", ttl: 3600, values: ["v=DMARC1; p=quarantine"] },
      { name: "@", type: "CAA", values: ['0 issue "letsencrypt.org"'] },
    ],
  });

  return { zoneId: zone.id, apexName: apex.name, mailRecords: mail.recordCount, zoneFile: mail.zoneFile };
};
