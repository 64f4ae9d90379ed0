/** What Pulumi programs import: `import { hcloud } from "pulumi-dns-cloud"`. */
export * as hcloud from "./hcloud";
/** Hetzner storage boxes (the Hetzner API, `api.hetzner.com`): `import { hetzner } from "pulumi-dns-cloud"`. */
export * as hetzner from "./hetzner";
/** Cloudflare DNS records, zone files, scans and usage: `import { cloudflare } from "pulumi-dns-cloud"`. */
export * as cloudflare from "./cloudflare";
/** Legacy Hetzner DNS (dns.hetzner.com, not yet moved to the Cloud Console): `import { hetznerdns } from "pulumi-dns-cloud"`. */
export * as hetznerdns from "./hetznerdns";
/** DNS records, names and zone files shared by every DNS family: `import { dns } from "pulumi-dns-cloud"`. */
export * as dns from "./dns";
/** The `credentials` argument every resource takes (one shape for every family). */
export type { CredentialsArgs } from "./credentials";
/** VPS.org DNS zones and records: `import { vpsorg } from "pulumi-dns-cloud"`. */
export * as vpsorg from "./vpsorg";
