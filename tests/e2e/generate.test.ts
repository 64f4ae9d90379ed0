/**
 * The generator (`pulumi-dns-cloud generate …`) against the emulator: objects made by another tool are
 * printed as a program that adopts them; the program type-checks, `pulumi up` on it creates nothing
 * (the only writes put this package's owner label on what it adopted), and the next preview is empty.
 */
import * as path from "path";
import { makeStorageBox, outOfBand } from "../support/storage-boxes";
import { testCertificate } from "../support/certificates";
import { engineEnv, REPO_ROOT, runCli, runProcess, timed, useEmulator, writeProject } from "./harness";

jest.setTimeout(300_000);

// VPS.org takes only tokens that start with vps_; the other families take any.
const e2e = useEmulator({ token: "vps_e2e-generate-77a1" });

const TSCONFIG = JSON.stringify({
  compilerOptions: { strict: true, target: "ES2022", module: "commonjs", moduleResolution: "node", esModuleInterop: true, skipLibCheck: true, types: ["node"] },
  files: ["index.ts"],
});

async function generate(...args: string[]) {
  const env = {
    HCLOUD_TOKEN: e2e.token,
    HCLOUD_ENDPOINT: e2e.emulator.hcloudUrl,
    HETZNER_TOKEN: e2e.token,
    HETZNER_ENDPOINT: e2e.emulator.hetznerUrl,
    HETZNER_DNS_TOKEN: e2e.token,
    HETZNER_DNS_ENDPOINT: e2e.emulator.hetznerDnsUrl,
    CLOUDFLARE_API_TOKEN: e2e.token,
    CLOUDFLARE_ENDPOINT: e2e.emulator.cloudflareUrl,
    VPSORG_API_TOKEN: e2e.token,
    VPSORG_ENDPOINT: e2e.emulator.vpsorgUrl,
  };
  return runProcess(process.execPath, [path.join(REPO_ROOT, "dist", "cli", "index.js"), "generate", ...args], { cwd: REPO_ROOT, env });
}

/**
 * Type-checks the program, then `up` and a preview that must show no change; returns the writes of the up.
 * `secrets`: the secret config the program asks for (what the API never returns).
 */
async function adoptWithUp(program: string, name: string, secrets: Record<string, string> = {}): Promise<string[]> {
  const dir = writeProject({ "Pulumi.yaml": `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n`, "index.ts": program, "tsconfig.json": TSCONFIG });
  const env = engineEnv();
  const tsc = await runProcess(path.join(REPO_ROOT, "node_modules", ".bin", "tsc"), ["-p", dir, "--noEmit"], { cwd: dir, env: {} });
  expect(tsc.stdout + tsc.stderr).toBe("");
  try {
    for (const args of [
      ["stack", "init", "gen"],
      ["config", "set", "hcloud:endpoint", e2e.emulator.hcloudUrl],
      ["config", "set", "--secret", "hcloud:token", e2e.token],
      ["config", "set", "hetzner:endpoint", e2e.emulator.hetznerUrl],
      ["config", "set", "hetznerdns:endpoint", e2e.emulator.hetznerDnsUrl],
      ["config", "set", "--secret", "hetznerdns:apiToken", e2e.token],
      ["config", "set", "cloudflare:endpoint", e2e.emulator.cloudflareUrl],
      ["config", "set", "--secret", "cloudflare:apiToken", e2e.token],
      ["config", "set", "vpsorg:endpoint", e2e.emulator.vpsorgUrl],
      ["config", "set", "--secret", "vpsorg:apiToken", e2e.token],
      // `--` ends the flags: a PEM key starts with dashes.
      ...Object.entries(secrets).map(([key, value]) => ["config", "set", "--secret", key, "--non-interactive", "--", value]),
    ]) {
      const result = await runCli(args, { cwd: dir, env });
      const command = args.slice(0, 4).join(" "); // never the value
      expect({ command, code: result.code, stderr: result.stderr.replace(/^Created stack.*\n/, "") }).toEqual({ command, code: 0, stderr: "" });
    }
    await e2e.api.clearRequests();
    const up = await timed(`${name} up`, () => runCli(["up", "--yes", "--skip-preview"], { cwd: dir, env }));
    expect(up.stdout + up.stderr).not.toContain("error");
    expect(up.code).toBe(0);
    const writes = (await e2e.api.requestLines()).filter((line: string) => !line.startsWith("GET"));
    const preview = await runCli(["preview", "--expect-no-changes"], { cwd: dir, env });
    expect(preview.stdout + preview.stderr).not.toContain("error");
    expect(preview.code).toBe(0);
    // Leave the objects to the next test: forget them instead of destroying them.
    expect((await runCli(["state", "delete", "--all", "--yes", "--force"], { cwd: dir, env })).code).toBe(0);
    return writes;
  } finally {
    await runCli(["stack", "rm", "--yes", "--force"], { cwd: dir, env });
  }
}

test("generate hcloud firewalls: the printed program adopts every firewall and up creates nothing", async () => {
  const rules = [
    { direction: "in", protocol: "tcp", port: "22", source_ips: ["198.51.100.0/24"], description: "ssh" },
    { direction: "out", protocol: "icmp", destination_ips: ["0.0.0.0/0", "::/0"] },
  ];
  const ids: number[] = [];
  for (const body of [{ name: "edge", labels: { role: "edge" }, rules }, { name: "DB Firewall", labels: {}, rules: [] }]) {
    const created = await e2e.api.json("POST", "/hcloud/v1/firewalls", body);
    expect(created.status).toBe(201);
    ids.push(created.body.firewall.id);
  }
  const generated = await generate("hcloud", "firewalls");
  expect(generated.stderr).toBe("");
  expect(generated.code).toBe(0);
  expect(generated.stdout).toContain('new hcloud.Firewall("edge", {');
  expect(generated.stdout).toContain('new hcloud.Firewall("db-firewall", {');

  const writes = await adoptWithUp(generated.stdout, "generated-firewalls");
  expect(writes.sort()).toEqual(ids.map((id) => `PUT /hcloud/v1/firewalls/${id}`).sort());
});

test("generate hcloud zone: the zone and every rrset, adopted with no record written", async () => {
  const zone = await e2e.api.json("POST", "/hcloud/v1/zones", {
    name: "generated.example",
    mode: "primary",
    ttl: 3600,
    rrsets: [
      { name: "@", type: "A", ttl: 300, records: [{ value: "203.0.113.10" }] },
      { name: "www", type: "CNAME", records: [{ value: "generated.example." }] },
      { name: "@", type: "MX", records: [{ value: "10 mx1.generated.example." }, { value: "20 mx2.generated.example." }] },
      { name: "@", type: "TXT", records: [{ value: '"v=spf1 mx -all"' }] },
    ],
  });
  expect(zone.status).toBe(201);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const generated = await generate("hcloud", "zone", "generated.example");
  expect(generated.code).toBe(0);
  expect(generated.stdout).toContain('values: ["v=spf1 mx -all"]');

  const writes = await adoptWithUp(generated.stdout, "generated-zone");
  expect(writes).toEqual([`PUT /hcloud/v1/zones/${zone.body.zone.id}`]);
});

test("generate hcloud certificates: managed and uploaded, the private key from secret config, adopted without a rewrite", async () => {
  const pem = testCertificate({ domains: ["shop.example"] });
  const uploaded = await e2e.api.json("POST", "/hcloud/v1/certificates", { name: "shop-cert", labels: { env: "prod" }, type: "uploaded", certificate: pem.certificate, private_key: pem.privateKey });
  const managed = await e2e.api.json("POST", "/hcloud/v1/certificates", { name: "site-managed", labels: { env: "prod" }, type: "managed", domain_names: ["site.example", "*.site.example"] });
  const other = await e2e.api.json("POST", "/hcloud/v1/certificates", { name: "staging", labels: { env: "staging" }, type: "managed", domain_names: ["staging.example"] });
  expect([uploaded.status, managed.status, other.status]).toEqual([201, 201, 201]);
  const [uploadedId, managedId] = [uploaded.body.certificate.id, managed.body.certificate.id];
  await new Promise((resolve) => setTimeout(resolve, 500)); // the managed issuance (emulator's Action duration)

  const generated = await generate("hcloud", "certificates", "--label-selector", "env=prod");
  expect(generated.stderr).toBe("");
  expect(generated.code).toBe(0);
  expect(generated.stdout).toContain(
    "//   pulumi config set --secret shop-cert-private-key -- '…'   # the PEM private key of certificate shop-cert (or pipe it in: < key.pem)",
  );
  expect(generated.stdout).toContain('privateKey: config.requireSecret("shop-cert-private-key")');
  expect(generated.stdout).toContain('new hcloud.ManagedCertificate("site-managed", {');
  expect(generated.stdout).not.toContain("staging");

  const writes = await adoptWithUp(generated.stdout, "generated-certificates", { "shop-cert-private-key": pem.privateKey });
  // Only each certificate's owner label: the uploaded one is never sent again, the managed one never reissued.
  expect(writes.sort()).toEqual([`PUT /hcloud/v1/certificates/${managedId}`, `PUT /hcloud/v1/certificates/${uploadedId}`].sort());
  expect((await e2e.api.json("GET", `/hcloud/v1/certificates/${uploadedId}`)).body.certificate.fingerprint).toBe(uploaded.body.certificate.fingerprint);
});

test("generate hetzner storage-boxes: boxes and their subaccounts, passwords from secret config, adopted without a reset", async () => {
  const boxId = await makeStorageBox(e2e.api, "archive", "Archive-Pass-2026!");
  await makeStorageBox(e2e.api, "scratch", "Scratch-Pass-2026!");
  expect((await e2e.api.json("PUT", `/hetzner/v1/storage_boxes/${boxId}`, { labels: { env: "prod" } })).status).toBe(200);
  await outOfBand(e2e.api, boxId, "POST", `/storage_boxes/${boxId}/actions/update_access_settings`, { ssh_enabled: true, reachable_externally: true });
  await outOfBand(e2e.api, boxId, "POST", `/storage_boxes/${boxId}/actions/enable_snapshot_plan`, { max_snapshots: 7, minute: 0, hour: 3 });
  await outOfBand(e2e.api, boxId, "POST", `/storage_boxes/${boxId}/subaccounts`, {
    name: "restore", home_directory: "restore", password: "Restore-Pass-2026!", access_settings: { readonly: true, ssh_enabled: true }, description: "read-only restores",
  });
  const [sub] = (await e2e.api.json("GET", `/hetzner/v1/storage_boxes/${boxId}/subaccounts`)).body.subaccounts;

  const generated = await generate("hetzner", "storage-boxes", "--label-selector", "env=prod");
  expect(generated.stderr).toBe("");
  expect(generated.code).toBe(0);
  expect(generated.stdout).toContain("//   pulumi config set --secret archive-password -- '…'   # the password of storage box archive");
  expect(generated.stdout).toContain('new hetzner.StorageBoxSubaccount("archive-restore", {');
  expect(generated.stdout).toContain('password: config.requireSecret("archive-restore-password")');
  expect(generated.stdout).not.toContain("scratch");

  const secrets = { "archive-password": "Archive-Pass-2026!", "archive-restore-password": "Restore-Pass-2026!" };
  const writes = await adoptWithUp(generated.stdout, "generated-storage-boxes", secrets);
  // Only each object's owner label: no password reset, no other Action.
  expect(writes.sort()).toEqual([`PUT /hetzner/v1/storage_boxes/${boxId}`, `PUT /hetzner/v1/storage_boxes/${boxId}/subaccounts/${sub.id}`].sort());
});

/** Generated programs as one: their declarations under one import of every namespace they use. */
function combined(programs: string[]): string {
  const IMPORT = /^import \{ (.+) \} from "pulumi-dns-cloud";$/m;
  const namespaces = new Set(programs.flatMap((program) => program.match(IMPORT)![1].split(", ")));
  return [`import { ${[...namespaces].sort().join(", ")} } from "pulumi-dns-cloud";`, ...programs.map((program) => program.replace(IMPORT, ""))].join("\n");
}

/** Out of band, with the family's own auth header. */
async function call(url: string, headers: Record<string, string>, method: string, body?: unknown) {
  const response = await fetch(url, { method, headers: { ...headers, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as any };
}

test("generate hetznerdns|vpsorg|cloudflare zone: every record in one whole-zone resource (the zone adopted), a secondary zone with its primary server; none written", async () => {
  const legacy = (path: string, body: unknown) => call(`${e2e.emulator.hetznerDnsUrl}${path}`, { "Auth-API-Token": e2e.token }, "POST", body);
  const legacyZone = await legacy("/zones", { name: "generated-legacy.com", ttl: 3600 });
  expect([legacyZone.status, legacyZone.body]).toEqual([201, expect.anything()]);
  for (const record of [
    { name: "@", type: "A", value: "192.0.2.10" },
    { name: "@", type: "MX", value: "10 mail.generated-legacy.com." },
    { name: "@", type: "TXT", value: '"v=spf1 mx -all"', ttl: 300 },
  ]) {
    expect((await legacy("/records", { zone_id: legacyZone.body.zone.id, ...record })).status).toBe(200);
  }
  // A secondary zone: its records come by zone transfer, so it is declared with its primary server.
  const secondary = await legacy("/zones", { name: "generated-secondary.com", ttl: 3600 });
  expect((await legacy("/primary_servers", { zone_id: secondary.body.zone.id, address: "2001:db8::53", port: 53 })).status).toBe(201);
  const vps = (path: string, body: unknown) => call(`${e2e.emulator.vpsorgUrl}${path}`, { Authorization: `Bearer ${e2e.token}` }, "POST", body);
  const vpsZone = await vps("/dns-zones/", { domain: "generated-vps.com" });
  expect([vpsZone.status, vpsZone.body]).toEqual([201, expect.anything()]);
  for (const record of [
    { name: "@", record_type: "A", value: "192.0.2.20", ttl: 3600 },
    { name: "@", record_type: "MX", value: "mail.generated-vps.com", priority: 10, ttl: 3600 },
  ]) {
    expect((await vps(`/dns-zones/${vpsZone.body.uuid}/records/`, record)).status).toBe(201);
  }

  const cfZone = await e2e.api.json("POST", "/__emulator/cloudflare/zones", { name: "generated-cf.com", plan: "pro" });
  expect(cfZone.status).toBe(201);
  const cf = (body: unknown) => call(`${e2e.emulator.cloudflareUrl}/zones/${cfZone.body.zone.id}/dns_records`, { Authorization: `Bearer ${e2e.token}` }, "POST", body);
  for (const record of [
    { type: "A", name: "generated-cf.com", content: "192.0.2.30", proxied: true, ttl: 1 },
    { type: "MX", name: "generated-cf.com", content: "mail.generated-cf.com", priority: 10, ttl: 3600 },
    { type: "TXT", name: "generated-cf.com", content: '"v=spf1 mx -all"', ttl: 1, comment: "spf" },
  ]) {
    expect((await cf(record)).status).toBe(200);
  }

  const programs: string[] = [];
  for (const [family, zone, className] of [
    ["hetznerdns", "generated-legacy.com", "ZoneRecords"],
    ["hetznerdns", "generated-secondary.com", "PrimaryServer"],
    ["vpsorg", "generated-vps.com", "ZoneRecords"],
    ["cloudflare", "generated-cf.com", "DnsRecords"],
  ]) {
    const generated = await generate(family, "zone", zone);
    expect(generated.stderr).toBe("");
    expect(generated.code).toBe(0);
    expect(generated.stdout).toContain(`new ${family}.${className}(`);
    programs.push(generated.stdout);
  }
  // The secondary zone's records are its primaries' (a ZoneRecords on it would fail).
  expect(programs[1]).not.toContain("ZoneRecords");
  // One project of the four programs: one type-check and one `up` (each costs a minute of CI).
  const writes = await adoptWithUp(combined(programs), "generated-dns");
  expect(writes).toEqual([]);
});

test("generate refuses an unknown target, naming the usage", async () => {
  const result = await generate("hcloud", "servers");
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('pulumi-dns-cloud generate: unknown target "hcloud servers"');
  expect(result.stderr).toContain("usage: pulumi-dns-cloud generate hcloud firewalls [--label-selector S]");
});
