import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { dns, hcloud } from "pulumi-dns-cloud";

const config = new pulumi.Config();
const origin = "example-shop.de";

// The zone file as it came from the previous DNS host: its records are the program's starting point.
const fromFile = dns.parseZoneFile(fs.readFileSync(path.join(__dirname, "example-shop.de.zone"), "utf8"), origin);

// One record set is the program's own: the apex A record follows the web server's address.
const records = fromFile.map((set) => (set.name === "@" && set.type === "A" ? { ...set, values: [config.get("webIp") ?? "203.0.113.10"] } : set));

// The zone and all its record sets in one request; later runs change only what differs.
// With `records`, the Zone owns every record set of the zone (Hetzner's SOA and NS aside).
const zone = new hcloud.Zone("shop", { name: origin, records });

export const nameservers = zone.nameservers;
export const recordSets = zone.records.apply((sets) => sets?.length ?? 0);
export const apex = zone.records.apply((sets) => sets?.find((set) => set.name === "@" && set.type === "A")?.values);
