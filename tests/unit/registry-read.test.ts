/**
 * Drift for every kind in the registry (provider/index.ts): `read` returns inputs as well as outputs, so
 * `pulumi refresh` records drift in both, and those inputs are a program `check` accepts and that diffs
 * as no change against what was read (the next `up` would only revert drift, never churn). One object of
 * each kind is made through the registry's own create against the in-process emulator: nock fixtures for
 * 22 kinds would test our fixtures, the emulator is as strict as the APIs.
 */
import { createHash } from "node:crypto";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { resetStackConfigForTests, useStackConfig } from "../../provider/core/config";
import { Props } from "../../provider/core/resource";
import { resource, resourceKinds } from "../../provider/index";
import { testCertificate } from "../support/certificates";

jest.setTimeout(120_000);

const TOKEN = "vps_registry-read-token";
const PASSWORD = "Registry-Read-Pass1!";
let emulator: RunningEmulator;

async function api(method: string, path: string, body?: unknown) {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await response.json()) as any;
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, actionDurationMs: 0, tokens: [TOKEN] });
  const settings: Record<string, string> = {
    "hcloud:endpoint": emulator.hcloudUrl,
    "hcloud:token": TOKEN,
    "hcloud:pollInterval": "5ms",
    "hetzner:endpoint": emulator.hetznerUrl,
    "hetzner:pollInterval": "5ms",
    "hetznerdns:endpoint": emulator.hetznerDnsUrl,
    "hetznerdns:apiToken": TOKEN,
    "cloudflare:endpoint": emulator.cloudflareUrl,
    "cloudflare:apiToken": TOKEN,
    "vpsorg:endpoint": emulator.vpsorgUrl,
    "vpsorg:apiToken": TOKEN,
  };
  useStackConfig({ get: (key) => settings[key] });
});
afterAll(async () => {
  resetStackConfigForTests();
  await emulator?.close();
});

/** What the SDK adds to every resource's inputs. */
const sdkFields = (kind: string, name: string) => ({ __autonamePrefix: name, __owner: createHash("sha256").update(`${kind}/${name}`).digest("hex").slice(0, 32) });

/** check + create through the registry, as the engine calls them; the id and outputs. */
async function make(kind: string, args: Props): Promise<{ id: string; outs: Props }> {
  const implementation = resource(kind);
  const checked = await implementation.check({}, { ...args, ...sdkFields(kind, kind.split(":")[1].toLowerCase()) });
  expect({ kind, failures: checked.failures ?? [] }).toEqual({ kind, failures: [] });
  const created = await implementation.create(checked.inputs!);
  return { id: created.id, outs: created.outs ?? {} };
}

/** One object of every kind, each with its optional inputs set (the read must give every one back). */
async function oneOfEach(): Promise<Record<string, { id: string; outs: Props }>> {
  const made: Record<string, { id: string; outs: Props }> = {};
  const add = async (kind: string, args: Props) => (made[kind] = await make(kind, args));
  const rules = [{ direction: "in", protocol: "tcp", port: "22", sourceIps: ["198.51.100.0/24"], description: "ssh" }];

  await add("hcloud:Firewall", { name: "registry-fw", labels: { team: "ops" }, rules, applyTo: { serverIds: [42], labelSelectors: ["role=web"] } });
  const bare = await make("hcloud:Firewall", { name: "registry-fw-bare", rules });
  await add("hcloud:FirewallAttachment", { firewallId: bare.outs.firewallId, serverIds: [43], labelSelectors: ["role=db"] });
  await add("hcloud:FloatingIp", {
    type: "ipv4", homeLocation: "fsn1", name: "registry-ip", description: "vip", labels: { team: "ops" }, serverId: 42, dnsPtr: [{ dnsPtr: "vip.example.com" }], deleteProtection: true,
  });
  const loose = await make("hcloud:FloatingIp", { type: "ipv6", homeLocation: "nbg1" });
  await add("hcloud:FloatingIpAssignment", { floatingIpId: loose.outs.floatingIpId, serverId: 43 });
  const snapshot = (await api("POST", "/__emulator/hcloud/images", { type: "snapshot", description: "base" })).image;
  await add("hcloud:Image", { adopt: { id: snapshot.id }, description: "golden", labels: { role: "golden" }, deleteProtection: true });
  await add("hcloud:ManagedCertificate", { name: "registry-managed", labels: { team: "ops" }, domainNames: ["example.com", "*.example.com"] });
  const pem = testCertificate({ domains: ["example.org"] });
  await add("hcloud:UploadedCertificate", { name: "registry-uploaded", labels: { team: "ops" }, certificate: pem.certificate, privateKey: pem.privateKey });
  const zone = await add("hcloud:Zone", {
    name: "registry.example", ttl: 600, labels: { team: "ops" }, deleteProtection: true, records: [{ name: "@", type: "A", values: ["192.0.2.1"] }],
  });
  await add("hcloud:ZoneRrset", { zone: zone.outs.zoneId, name: "www", type: "CNAME", ttl: 300, records: [{ value: "@", comment: "site" }], labels: { team: "ops" } });
  const records = await make("hcloud:Zone", { name: "registry-records.example" });
  await add("hcloud:ZoneRecords", { zone: records.outs.name, records: [{ name: "@", type: "MX", values: ["10 mx1", "20 mx2"] }, { name: "txt", type: "TXT", ttl: 60, values: ["hello"] }] });

  const box = await add("hetzner:StorageBox", {
    name: "registry-box", storageBoxType: "bx11", location: "fsn1", password: PASSWORD, labels: { team: "ops" }, sshKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB0p registry"],
    accessSettings: { sshEnabled: true, reachableExternally: true }, snapshotPlan: { maxSnapshots: 7, minute: 0, hour: 3 },
  });
  await add("hetzner:StorageBoxSubaccount", {
    storageBoxId: box.outs.storageBoxId, name: "registry-sub", homeDirectory: "backups", password: PASSWORD, accessSettings: { readonly: true, sshEnabled: true }, description: "restores", labels: { team: "ops" },
  });
  await add("hetzner:StorageBoxSnapshot", { storageBoxId: box.outs.storageBoxId, description: "before-upgrade", labels: { team: "ops" } });

  const legacy = await add("hetznerdns:Zone", { name: "registry-legacy.com", ttl: 3600 });
  await add("hetznerdns:Record", { zoneId: legacy.id, name: "www", type: "A", value: "192.0.2.2", ttl: 600 });
  await add("hetznerdns:ZoneRecords", { zone: "registry-legacy.com", filter: { types: ["MX"] }, records: [{ name: "@", type: "MX", values: ["10 mx1"] }] });
  // Primary servers go only to a zone without records.
  const secondary = await make("hetznerdns:Zone", { name: "registry-secondary.com" });
  await add("hetznerdns:PrimaryServer", { zoneId: secondary.id, address: "198.51.100.53", port: 53 });

  const cloudflareZone = (await api("POST", "/__emulator/cloudflare/zones", { name: "registry-cf.com", plan: "pro" })).zone;
  await add("cloudflare:DnsRecord", { zoneId: cloudflareZone.id, name: "www", type: "A", content: "192.0.2.3", proxied: true, comment: "site", tags: ["team:ops"] });
  await add("cloudflare:DnsRecords", { zoneId: cloudflareZone.id, filter: { types: ["MX"] }, records: [{ name: "@", type: "MX", values: ["10 mx1"] }] });

  const vpsZone = await add("vpsorg:DnsZone", { domain: "registry-vps.com" });
  await add("vpsorg:DnsRecord", { zoneId: vpsZone.id, recordType: "MX", name: "@", value: "mx1.registry-vps.com", priority: 10, ttl: 600 });
  await add("vpsorg:ZoneRecords", { zone: vpsZone.id, filter: { types: ["TXT"] }, records: [{ name: "@", type: "TXT", values: ["v=spf1 -all"] }] });
  return made;
}

test("every kind: read returns inputs that check accepts and that diff as no change against the read outputs", async () => {
  const made = await oneOfEach();
  expect(Object.keys(made).sort()).toEqual([...resourceKinds].sort());
  for (const kind of resourceKinds) {
    const implementation = resource(kind);
    const { id, outs } = made[kind];
    const read = await implementation.read(id, outs);
    expect({ kind, id: read.id }).toEqual({ kind, id });
    expect({ kind, inputs: read.inputs === undefined }).toEqual({ kind, inputs: false });
    const checked = await implementation.check(read.inputs!, read.inputs!);
    expect({ kind, failures: checked.failures ?? [] }).toEqual({ kind, failures: [] });
    const diff = await implementation.diff(id, read.props!, checked.inputs!);
    expect({ kind, changes: diff.changes, replaces: diff.replaces ?? [] }).toEqual({ kind, changes: false, replaces: [] });
  }
});
