import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { dns, hcloud } from "pulumi-dns-cloud";

const config = new pulumi.Config();
const origin = "example-shop.de";

// The zone file is the source of truth for every record but one: the apex A record, which the
// program sets from config (in a real stack: a floating IP's address or a load balancer's).
const fromFile = dns.parseZoneFile(fs.readFileSync(path.join(__dirname, "example-shop.zone"), "utf8"), origin);
const records = fromFile.map((set) =>
  set.name === "@" && set.type === "A" ? { ...set, values: [config.require("webAddress")] } : set,
);

// A new zone and all its records: one request to Hetzner. The zone owns every record set in it, so
// later edits to the file or the config are applied on the next `pulumi up`, and records removed from
// the file are removed from the zone. (SOA and apex NS are Hetzner's and are skipped with a warning.)
const zone = new hcloud.Zone("example-shop", {
  name: origin,
  ttl: 3600,
  labels: { team: "shop" },
  records,
});

export const zoneId = zone.zoneId;
export const nameservers = zone.nameservers;
export const zoneFile = zone.zoneFile;
