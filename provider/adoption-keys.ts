/**
 * How each kind adopts an existing object (core/adoption.ts): every kind by `{ id }`; the kinds with a
 * name the API looks up also by `{ name }` (a subaccount by its name within its box). Kinds that autoname
 * keep the adopted object's name only when the program says which (`nameProperty`).
 */
import { AdoptionKey, AdoptionOptions } from "./core/adoption";
import { Props } from "./core/resource";

// Loaded at first use, like the kinds themselves (index.ts): a process loads only the families it uses.
const hcloudClient = (props: Props) => (require("./hcloud/client") as typeof import("./hcloud/client")).hcloudClient(props);
const hetznerClient = (props: Props) => (require("./hetzner/client") as typeof import("./hetzner/client")).hetznerClient(props);
const hetznerDnsClient = (props: Props) => (require("./hetznerdns/client") as typeof import("./hetznerdns/client")).hetznerDnsClient(props);
const vpsorgClient = (props: Props) => (require("./vpsorg/client") as typeof import("./vpsorg/client")).vpsorgClient(props);
const zoneName = (name: string) => (require("./dns") as typeof import("./dns")).zoneName(name);

export const IMAGE_ADOPT_ONLY = "images cannot be created through the API: set adopt: { id } of an existing snapshot or backup";

/** A natural key of one `name` property, found by `find(name)` → the matching ids. */
const byName = (find: (name: string, props: Props) => Promise<Array<{ id: number | string }>>): AdoptionKey => ({
  properties: ["name"],
  find: async (key, props) => (await find(String(key.name), props)).map((found) => String(found.id)),
});

const one = <T>(found: T | undefined) => (found ? [found] : []);

const certificateByName = byName(async (name, props) => one(await hcloudClient(props).certificates.findByName(name)));

export const ADOPTION: Record<string, AdoptionOptions> = {
  "hcloud:Firewall": { nameProperty: "name", key: byName(async (name, props) => one(await hcloudClient(props).firewalls.findByName(name))) },
  "hcloud:UploadedCertificate": { nameProperty: "name", key: certificateByName },
  "hcloud:ManagedCertificate": { nameProperty: "name", key: certificateByName },
  "hcloud:FloatingIp": { nameProperty: "name", key: byName((name, props) => hcloudClient(props).floatingIps.list({ name })) },
  "hcloud:Image": { adoptOnly: IMAGE_ADOPT_ONLY },
  "hcloud:Zone": { key: byName(async (name, props) => one(await hcloudClient(props).zones.findByName(zoneName(name)))) },
  "hetzner:StorageBox": { nameProperty: "name", key: byName((name, props) => hetznerClient(props).storageBoxes.list({ name })) },
  "hetzner:StorageBoxSubaccount": { nameProperty: "name", key: byName((name, props) => hetznerClient(props).subaccounts.list(props.storageBoxId, { name })) },
  "hetznerdns:Zone": { key: byName((name, props) => hetznerDnsClient(props).zones.list({ name: zoneName(name) })) },
  "vpsorg:DnsZone": {
    key: { properties: ["domain"], find: async (key, props) => (await vpsorgClient(props).zones.list({ domain: zoneName(String(key.domain)) })).map((zone) => zone.id) },
  },
};
