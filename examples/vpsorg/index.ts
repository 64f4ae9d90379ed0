import * as fs from "fs";
import { dns, vpsorg } from "pulumi-dns-cloud";

// Settings: `pulumi config set --secret vpsorg:apiToken vps_…` (or VPSORG_API_TOKEN).
export = async () => {
  // A zone with a few records managed one by one, in VPS.org's own shape (priority apart).
  const blog = new vpsorg.DnsZone("blog", { domain: "example-blog.org" });
  new vpsorg.DnsRecord("blog-apex", { zoneId: blog.zoneId, recordType: "A", name: "@", value: "203.0.113.40" });
  new vpsorg.DnsRecord("blog-mx", { zoneId: blog.zoneId, recordType: "MX", name: "@", value: "mx1.mail-provider.example", priority: 10 });
  new vpsorg.DnsRecord("blog-sip", { zoneId: blog.zoneId, recordType: "SRV", name: "_sip._tcp", value: "60 5060 sip.example-blog.org", priority: 10, ttl: 600 });

  // A whole zone as code: the records of a zone file, the same list any DNS family of this package takes.
  const shop = new vpsorg.DnsZone("shop", { domain: "example-shop.de" });
  const records = dns.parseZoneFile(fs.readFileSync(`${__dirname}/example-shop.de.zone`, "utf8"), "example-shop.de");
  const shopRecords = new vpsorg.ZoneRecords("shop-records", { zone: shop.zoneId, records });

  return { blogZoneId: blog.zoneId, shopRecordCount: shopRecords.recordCount };
};
