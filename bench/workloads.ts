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
const each = (count: number) => count;

const FIXTURES = path.join(REPO_ROOT, "bench", "fixtures");
/** One self-signed pair, valid 2026–2036: the API refuses only a taken name, so every resource may upload it. */
const fixture = (file: string) => fs.readFileSync(path.join(FIXTURES, file), "utf8");

/** `count` hcloud resources, the i-th made by `declare(i)`, that need nothing made first. */
function hcloudResources(id: string, what: string, createActions: number, declare: (i: number) => void): WorkloadKind {
  return {
    id,
    what,
    createActions,
    resources: each,
    async prepare(emulator, count) {
      const program = async () => {
        for (let i = 0; i < count; i++) declare(i);
      };
      return { program, config: hcloudConfig(emulator) };
    },
  };
}

let certificatePair: { certificate: string; privateKey: string } | undefined;
const certificate = () => (certificatePair ??= { certificate: fixture("certificate.pem"), privateKey: fixture("private-key.pem") });

/** How the bench makes a zone of a DNS API out of band (the API's answer) and points the provider at it. */
interface DnsApi {
  zone(emulator: RunningEmulator, name: string): Promise<any>;
  config(emulator: RunningEmulator): ConfigMap;
}

const cloudDns: DnsApi = {
  zone: async (emulator, name) => (await outOfBand(`${emulator.hcloudUrl}/zones`, { name, mode: "primary" }, bearer)).zone,
  config: hcloudConfig,
};
const legacyHetznerDns: DnsApi = {
  zone: async (emulator, name) => (await outOfBand(`${emulator.hetznerDnsUrl}/zones`, { name }, { "Auth-API-Token": TOKEN })).zone,
  config: (emulator) => ({ "hetznerdns:endpoint": { value: emulator.hetznerDnsUrl }, "hetznerdns:apiToken": secret(TOKEN) }),
};
const cloudflareDns: DnsApi = {
  // A paid plan: the free plan's quota and batch size are smaller than the bench's zones.
  zone: async (emulator, name) => (await outOfBand(`${emulator.url}/__emulator/cloudflare/zones`, { name, plan: "pro" }, {})).zone,
  config: (emulator) => ({ "cloudflare:endpoint": { value: emulator.cloudflareUrl }, "cloudflare:apiToken": secret(TOKEN) }),
};
const vpsorgDns: DnsApi = {
  zone: (emulator, domain) => outOfBand(`${emulator.vpsorgUrl}/dns-zones/`, { domain }, bearer),
  config: (emulator) => ({ "vpsorg:endpoint": { value: emulator.vpsorgUrl }, "vpsorg:apiToken": secret(TOKEN) }),
};

/** `count` record resources (one A record each) in a zone made first; `declare` makes one from its name and address. */
function dnsRecords(id: string, what: string, api: DnsApi, declare: (zone: any, name: string, address: string) => void): WorkloadKind {
  return {
    id,
    what,
    createActions: 0,
    resources: each,
    async prepare(emulator, count, tag) {
      const zone = await api.zone(emulator, `${tag}.com`);
      const program = async () => {
        hosts(count).forEach((name, i) => declare(zone, name, address(i + 1)));
      };
      return { program, config: api.config(emulator) };
    },
  };
}

export const KINDS: WorkloadKind[] = [
  hcloudResources("firewalls", "hcloud.Firewall with one rule (set_firewall_rules Action)", 1, (i) => {
    new hcloud.Firewall(`fw${i}`, { rules: [{ direction: "in", protocol: "icmp", sourceIps: ["0.0.0.0/0"] }] });
  }),
  hcloudResources("floating-ips", "hcloud.FloatingIp ipv4 with a reverse DNS entry (change_dns_ptr Action)", 1, (i) => {
    new hcloud.FloatingIp(`fip${i}`, { type: "ipv4", homeLocation: "fsn1", dnsPtr: [{ dnsPtr: `fip${i}.bench.example.com` }] });
  }),
  hcloudResources("certificates", "hcloud.UploadedCertificate (no Action)", 0, (i) => {
    new hcloud.UploadedCertificate(`cert${i}`, certificate());
  }),
  dnsRecords("dns-hcloud-rrset", "hcloud.ZoneRrset (one A record each) in one Cloud DNS zone", cloudDns, (zone, name, value) => {
    new hcloud.ZoneRrset(name, { zone: zone.id, name, type: "A", records: [{ value }] });
  }),
  {
    id: "dns-hcloud-zone-records",
    what: "one hcloud.ZoneRecords holding every record set of a Cloud DNS zone",
    createActions: 0,
    resources: () => 1,
    async prepare(emulator, count, tag) {
      const zone = await cloudDns.zone(emulator, `${tag}.com`);
      const records = hosts(count).map((name, i) => ({ name, type: "A", values: [address(i + 1)] }));
      const program = async () => {
        new hcloud.ZoneRecords("records", { zone: zone.name, records });
      };
      return { program, config: cloudDns.config(emulator) };
    },
  },
  dnsRecords("dns-hetznerdns", "hetznerdns.Record (legacy Hetzner DNS) in one zone", legacyHetznerDns, (zone, name, value) => {
    new hetznerdns.Record(name, { zoneId: zone.id, name, type: "A", value });
  }),
  dnsRecords("dns-cloudflare", "cloudflare.DnsRecord in one zone (pro plan)", cloudflareDns, (zone, name, content) => {
    new cloudflare.DnsRecord(name, { zoneId: zone.id, name: `${name}.${zone.name}`, type: "A", content });
  }),
  dnsRecords("dns-vpsorg", "vpsorg.DnsRecord in one zone", vpsorgDns, (zone, name, value) => {
    new vpsorg.DnsRecord(name, { zoneId: zone.uuid, recordType: "A", name, value });
  }),
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
const WRITES: OpName[] = ["up", "destroy"];
const DNS_KINDS = ["dns-hcloud-rrset", "dns-hcloud-zone-records", "dns-hetznerdns", "dns-cloudflare", "dns-vpsorg"];

/**
 * The rows of a run, cheapest first, so a run cut short still has them. Workloads without Actions run at
 * delay 0 only (the delay changes nothing for them).
 * - `quick`: delay 0 and 100 records only (about 3 minutes).
 * - default: the list: 20 of each Cloud kind at every delay, 100 and 500 records of every DNS API
 *   (about 13 minutes on a quiet 2-core machine).
 * - `all`: also the rows that prove a target rather than time a workload: 500 records at `--parallel 500`
 *   (coalesced writes) and the bucket row (no 429 at 1000 resources). About 10 minutes more.
 */
export function plan({ quick, all = false }: { quick: boolean; all?: boolean }): Row[] {
  const rows: Row[] = [];
  for (const id of ["firewalls", "floating-ips", "certificates"]) {
    for (const actionDelayMs of kind(id).createActions && !quick ? ACTION_DELAYS : [0]) {
      // A no-op preview and a refresh start no Action: the delay changes nothing for them, so they run at delay 0 only.
      rows.push({ kind: kind(id), count: 20, actionDelayMs, ...(actionDelayMs ? { ops: WRITES } : {}) });
    }
  }
  for (const id of DNS_KINDS) rows.push({ kind: kind(id), count: 100, actionDelayMs: 0 });
  if (quick) return rows;
  for (const id of DNS_KINDS) rows.push({ kind: kind(id), count: 500, actionDelayMs: 0 });
  if (!all) return rows;
  // Batching needs the records' writes in flight together: the engine's default sends 8 at a time.
  rows.push({ kind: kind("dns-cloudflare"), count: 500, actionDelayMs: 0, parallel: 500 });
  rows.push({ kind: kind("dns-hetznerdns"), count: 500, actionDelayMs: 0, parallel: 500 });
  // An `up` of 1000 resources under Hetzner's bucket: no 429, and the provider's peak RSS. Cloud DNS rrsets:
  // a project holds at most 50 firewalls. Only the up: refresh and destroy too would spend the bucket
  // further and take minutes; without a destroy the stack is dropped and its rrsets stay in the emulator.
  // The floor at this size costs minutes, so it is left out. 100 in flight: the budget must space requests
  // sent together.
  rows.push({ kind: kind("dns-hcloud-rrset"), count: 1000, actionDelayMs: 0, parallel: 100, rateLimited: true, ops: ["up"], floor: false });
  return rows;
}
