/**
 * The benchmark's workloads: what each one creates, the config its family needs, the zone it needs made
 * out of band first, and how many Actions a create of it waits for (which sets its floor's wait).
 */
import * as fs from "fs";
import * as path from "path";
import type { ConfigMap, PulumiFn } from "@pulumi/pulumi/automation";
import type { RunningEmulator } from "../emulator/server";
import { cloudflare, hcloud, hetznerdns, vpsorg } from "../sdk";
import { REPO_ROOT } from "../scripts/engine-env";
import type { OpName } from "./report";

/** Every family takes it; VPS.org only takes tokens that start with `vps_`. */
export const TOKEN = "vps_bench-token";

export interface Prepared {
  program: PulumiFn;
  config: ConfigMap;
}

export interface WorkloadKind {
  id: string;
  /** What one resource of it is, for the report. */
  what: string;
  /** Actions a create waits for, one after the other (the floor waits this many action delays). */
  createActions: number;
  /** Resources the program declares for `count` items (1 for a whole-zone resource). */
  resources(count: number): number;
  /** Makes what the program needs (a zone) and returns the program of `count` items. */
  prepare(emulator: RunningEmulator, count: number, tag: string): Promise<Prepared>;
}

/** A request to one of the emulator's APIs with the bench token, the way the family authenticates. */
async function outOfBand(url: string, body: unknown, headers: Record<string, string>): Promise<any> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const answer = await response.json();
  if (!response.ok) throw new Error(`bench setup: POST ${new URL(url).pathname} answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer;
}

const bearer = { authorization: `Bearer ${TOKEN}` };
const secret = (value: string) => ({ value, secret: true });
/** The i-th of many distinct IPv4 addresses. */
const address = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
const hosts = (count: number) => Array.from({ length: count }, (_, i) => `h${i}`);
const hcloudConfig = (emulator: RunningEmulator): ConfigMap => ({ "hcloud:endpoint": { value: emulator.hcloudUrl }, "hcloud:token": secret(TOKEN) });
const one = () => 1;
const each = (count: number) => count;

const FIXTURES = path.join(REPO_ROOT, "bench", "fixtures");
/** One self-signed pair, valid 2026–2036: the API refuses only a taken name, so every resource may upload it. */
const fixture = (file: string) => fs.readFileSync(path.join(FIXTURES, file), "utf8");

export const KINDS: WorkloadKind[] = [
  {
    id: "firewalls",
    what: "hcloud.Firewall with one rule (set_firewall_rules Action)",
    createActions: 1,
    resources: each,
    async prepare(emulator, count) {
      const program = async () => {
        for (let i = 0; i < count; i++) new hcloud.Firewall(`fw${i}`, { rules: [{ direction: "in", protocol: "icmp", sourceIps: ["0.0.0.0/0"] }] });
      };
      return { program, config: hcloudConfig(emulator) };
    },
  },
  {
    id: "firewalls-bare",
    what: "hcloud.Firewall without rules (no Action)",
    createActions: 0,
    resources: each,
    async prepare(emulator, count) {
      const program = async () => {
        for (let i = 0; i < count; i++) new hcloud.Firewall(`fw${i}`, {});
      };
      return { program, config: hcloudConfig(emulator) };
    },
  },
  {
    id: "floating-ips",
    what: "hcloud.FloatingIp ipv4 with a reverse DNS entry (change_dns_ptr Action)",
    createActions: 1,
    resources: each,
    async prepare(emulator, count) {
      const program = async () => {
        for (let i = 0; i < count; i++) new hcloud.FloatingIp(`fip${i}`, { type: "ipv4", homeLocation: "fsn1", dnsPtr: [{ dnsPtr: `fip${i}.bench.example.com` }] });
      };
      return { program, config: hcloudConfig(emulator) };
    },
  },
  {
    id: "certificates",
    what: "hcloud.UploadedCertificate (no Action)",
    createActions: 0,
    resources: each,
    async prepare(emulator, count) {
      const certificate = fixture("certificate.pem");
      const privateKey = fixture("private-key.pem");
      const program = async () => {
        for (let i = 0; i < count; i++) new hcloud.UploadedCertificate(`cert${i}`, { certificate, privateKey });
      };
      return { program, config: hcloudConfig(emulator) };
    },
  },
  {
    id: "dns-hcloud-rrset",
    what: "hcloud.ZoneRrset (one A record each) in one Cloud DNS zone",
    createActions: 0,
    resources: each,
    async prepare(emulator, count, tag) {
      const { zone } = await outOfBand(`${emulator.hcloudUrl}/zones`, { name: `${tag}.com`, mode: "primary" }, bearer);
      const program = async () => {
        hosts(count).forEach((name, i) => new hcloud.ZoneRrset(name, { zone: zone.id, name, type: "A", records: [{ value: address(i + 1) }] }));
      };
      return { program, config: hcloudConfig(emulator) };
    },
  },
  {
    id: "dns-hcloud-zone-records",
    what: "one hcloud.ZoneRecords holding every record set of a Cloud DNS zone",
    createActions: 0,
    resources: one,
    async prepare(emulator, count, tag) {
      const { zone } = await outOfBand(`${emulator.hcloudUrl}/zones`, { name: `${tag}.com`, mode: "primary" }, bearer);
      const records = hosts(count).map((name, i) => ({ name, type: "A", values: [address(i + 1)] }));
      const program = async () => {
        new hcloud.ZoneRecords("records", { zone: zone.name, records });
      };
      return { program, config: hcloudConfig(emulator) };
    },
  },
  {
    id: "dns-hetznerdns",
    what: "hetznerdns.Record (legacy Hetzner DNS) in one zone",
    createActions: 0,
    resources: each,
    async prepare(emulator, count, tag) {
      const { zone } = await outOfBand(`${emulator.hetznerDnsUrl}/zones`, { name: `${tag}.com` }, { "Auth-API-Token": TOKEN });
      const program = async () => {
        hosts(count).forEach((name, i) => new hetznerdns.Record(name, { zoneId: zone.id, name, type: "A", value: address(i + 1) }));
      };
      return { program, config: { "hetznerdns:endpoint": { value: emulator.hetznerDnsUrl }, "hetznerdns:apiToken": secret(TOKEN) } };
    },
  },
  {
    id: "dns-cloudflare",
    what: "cloudflare.DnsRecord in one zone (pro plan)",
    createActions: 0,
    resources: each,
    async prepare(emulator, count, tag) {
      const zoneName = `${tag}.com`;
      const { zone } = await outOfBand(`${emulator.url}/__emulator/cloudflare/zones`, { name: zoneName, plan: "pro" }, {});
      const program = async () => {
        hosts(count).forEach((name, i) => new cloudflare.DnsRecord(name, { zoneId: zone.id, name: `${name}.${zoneName}`, type: "A", content: address(i + 1) }));
      };
      return { program, config: { "cloudflare:endpoint": { value: emulator.cloudflareUrl }, "cloudflare:apiToken": secret(TOKEN) } };
    },
  },
  {
    id: "dns-vpsorg",
    what: "vpsorg.DnsRecord in one zone",
    createActions: 0,
    resources: each,
    async prepare(emulator, count, tag) {
      const zone = await outOfBand(`${emulator.vpsorgUrl}/dns-zones/`, { domain: `${tag}.com` }, bearer);
      const program = async () => {
        hosts(count).forEach((name, i) => new vpsorg.DnsRecord(name, { zoneId: zone.uuid, recordType: "A", name, value: address(i + 1) }));
      };
      return { program, config: { "vpsorg:endpoint": { value: emulator.vpsorgUrl }, "vpsorg:apiToken": secret(TOKEN) } };
    },
  },
];

export function kind(id: string): WorkloadKind {
  const found = KINDS.find((k) => k.id === id);
  if (!found) throw new Error(`no workload ${id}: one of ${KINDS.map((k) => k.id).join(", ")}`);
  return found;
}

/** One row of the benchmark: a workload at one size, action delay and parallelism. */
export interface Row {
  kind: WorkloadKind;
  count: number;
  actionDelayMs: number;
  /** `--parallel`; undefined: the engine's default. */
  parallel?: number;
  /** The emulator enforces Hetzner's request bucket (3600/h, refilling 1/s) during this row. */
  rateLimited?: boolean;
  /** Default: all of them. */
  ops?: OpName[];
  /** Measure the dynamic floor of the row (default true). */
  floor?: boolean;
}

const ACTION_DELAYS = [0, 500, 3000];
const DNS_KINDS = ["dns-hcloud-rrset", "dns-hcloud-zone-records", "dns-hetznerdns", "dns-cloudflare", "dns-vpsorg"];

/**
 * Every row of a full run, cheapest first, so a run cut short still has them. Workloads without Actions
 * run at delay 0 only (the delay changes nothing for them). `quick`: delay 0 and 100 records only, no
 * high-parallel or 1000-resource rows.
 */
export function plan({ quick }: { quick: boolean }): Row[] {
  const rows: Row[] = [];
  for (const id of ["firewalls", "floating-ips", "certificates"]) {
    for (const actionDelayMs of kind(id).createActions && !quick ? ACTION_DELAYS : [0]) rows.push({ kind: kind(id), count: 20, actionDelayMs });
  }
  for (const id of DNS_KINDS) rows.push({ kind: kind(id), count: 100, actionDelayMs: 0 });
  if (quick) return rows;
  // The bucket row counts 429s and the provider's peak RSS at 1000 resources: a preview sends no request,
  // and the floor at this size costs minutes, so both are left out.
  rows.push({ kind: kind("firewalls-bare"), count: 1000, actionDelayMs: 0, rateLimited: true, ops: ["up", "refresh", "destroy"], floor: false });
  for (const id of DNS_KINDS) rows.push({ kind: kind(id), count: 500, actionDelayMs: 0 });
  // Batching needs the records' writes in flight together: the engine's default sends 8 at a time.
  rows.push({ kind: kind("dns-cloudflare"), count: 500, actionDelayMs: 0, parallel: 500 });
  rows.push({ kind: kind("dns-hcloud-rrset"), count: 500, actionDelayMs: 0, parallel: 500 });
  return rows;
}
