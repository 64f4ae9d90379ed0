/**
 * The legacy Hetzner DNS resources through the real engine and the emulator (`/hetznerdns/api/v1`):
 * hetznerdns.Zone and Record (create, no-op preview without a request, update in place, replace, refresh
 * after out-of-band change and delete, destroy), the bulk writes of many records in one `pulumi up`, one
 * refused record failing only its resource, ZoneRecords with the realistic zone, PrimaryServer and lookups.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { dns, hetznerdns } from "../../sdk";
import { exampleProject, inlineStack, LoggedRequest, REPO_ROOT, removeStack, runCli, timed, useEmulator } from "./harness";

jest.setTimeout(600_000);

const e2e = useEmulator({ token: "e2e-hetznerdns-token-4a1b" });
const config = () => ({
  "hetznerdns:endpoint": { value: e2e.emulator.hetznerDnsUrl },
  "hetznerdns:apiToken": { value: e2e.token, secret: true },
});

/** Out of band: a request to the legacy DNS API with the account's token. */
async function dnsApi(method: string, apiPath: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${e2e.emulator.hetznerDnsUrl}${apiPath}`, {
    method,
    headers: { "Auth-API-Token": e2e.token, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}
async function existingZone(name: string): Promise<string> {
  const created = await dnsApi("POST", "/zones", { name });
  expect(created.status).toBe(201);
  return created.body.zone.id;
}
/** The zone's records as `name type value` lines (sorted), SOA and apex NS left out. */
async function recordsOf(zoneId: string): Promise<string[]> {
  const { body } = await dnsApi("GET", `/records?zone_id=${zoneId}`);
  return body.records
    .filter((r: any) => r.type !== "SOA" && !(r.type === "NS" && r.name === "@"))
    .map((r: any) => `${r.name} ${r.type} ${r.value}${r.ttl === undefined ? "" : ` ttl=${r.ttl}`}`)
    .sort();
}
/** The legacy DNS requests served since the last clear. */
async function dnsRequests(): Promise<LoggedRequest[]> {
  return (await e2e.api.requests()).filter((r) => r.path.startsWith("/hetznerdns/"));
}
const line = (r: LoggedRequest) => `${r.method} ${r.path.replace("/hetznerdns/api/v1", "")}`;
const writes = (requests: LoggedRequest[]) => requests.filter((r) => r.method !== "GET").map(line);
const stateOf = async (stack: { exportStack(): Promise<any> }, type: string) =>
  (await stack.exportStack()).deployment.resources.filter((r: { type: string }) => r.type.endsWith(`hetznerdns:${type}`));

test("Zone and Record: create, no-op preview, update in place, replace, refresh after out-of-band change and delete, destroy", async () => {
  let zoneTtl: number | undefined;
  let zoneName = "legacy-e2e.com";
  let www = { type: "A", value: "192.0.2.1", ttl: undefined as number | undefined };
  const program = async () => {
    const zone = new hetznerdns.Zone("zone", { name: zoneName, ttl: zoneTtl });
    const a = new hetznerdns.Record("www", { zoneId: zone.zoneId, name: "www", type: www.type as hetznerdns.RecordType, value: www.value, ttl: www.ttl });
    const txt = new hetznerdns.Record("spf", { zoneId: zone.zoneId, name: "@", type: "TXT", value: "v=spf1 -all" });
    const mx = new hetznerdns.Record("mx", { zoneId: zone.zoneId, name: "@", type: "MX", value: "10 mail" });
    return { zoneId: zone.zoneId, ns: zone.ns, zoneFile: zone.zoneFile, ttl: zone.ttl, www: a.fqdn, txt: txt.value, mx: mx.value };
  };
  const stack = await inlineStack({ projectName: "hetznerdns-lifecycle", program, config: config() });
  try {
    const up = await timed("legacy up", () => stack.up());
    expect(up.summary.resourceChanges).toEqual({ create: 5 });
    const zoneId: string = up.outputs.zoneId.value;
    expect(up.outputs.ns.value).toHaveLength(3);
    expect(up.outputs.ttl.value).toBe(86400);
    expect(up.outputs.zoneFile.value).toMatch(/\$ORIGIN legacy-e2e\.com\./);
    expect(up.outputs.txt.value).toBe('"v=spf1 -all"');
    expect(up.outputs.mx.value).toBe("10 mail.legacy-e2e.com.");
    expect(await recordsOf(zoneId)).toEqual(['@ MX 10 mail.legacy-e2e.com.', '@ TXT "v=spf1 -all"', "www A 192.0.2.1"]);

    await e2e.api.clearRequests();
    expect((await timed("legacy no-op preview", () => stack.preview())).changeSummary).toEqual({ same: 5 });
    expect(await dnsRequests()).toEqual([]);

    // In place: the zone's TTL, the record's value and TTL.
    zoneTtl = 3600;
    www = { ...www, value: "192.0.2.2", ttl: 300 };
    await e2e.api.clearRequests();
    const update = await timed("legacy update", () => stack.up());
    expect(update.summary.resourceChanges).toEqual({ same: 3, update: 2 });
    expect(writes(await dnsRequests()).sort()).toEqual([`PUT /records/${(await stateOf(stack, "Record")).find((r: any) => r.outputs.name === "www").id}`, `PUT /zones/${zoneId}`]);
    expect(await recordsOf(zoneId)).toContain("www A 192.0.2.2 ttl=300");

    // A type change replaces the record.
    www = { type: "AAAA", value: "2001:DB8::2", ttl: undefined };
    const replace = await timed("legacy replace", () => stack.up());
    expect(replace.summary.resourceChanges).toEqual({ same: 4, replace: 1 });
    expect(await recordsOf(zoneId)).toEqual(['@ MX 10 mail.legacy-e2e.com.', '@ TXT "v=spf1 -all"', "www AAAA 2001:db8::2"]);

    // Out of band: the TXT changed, the MX deleted, the zone's TTL changed. Refresh sees it; up restores it.
    const live = (await dnsApi("GET", `/records?zone_id=${zoneId}`)).body.records;
    const txt = live.find((r: any) => r.type === "TXT");
    expect((await dnsApi("PUT", `/records/${txt.id}`, { zone_id: zoneId, name: "@", type: "TXT", value: '"v=spf1 +all"' })).status).toBe(200);
    expect((await dnsApi("DELETE", `/records/${live.find((r: any) => r.type === "MX").id}`)).status).toBe(200);
    expect((await dnsApi("PUT", `/zones/${zoneId}`, { name: "legacy-e2e.com", ttl: 7200 })).status).toBe(200);
    const refresh = await timed("legacy refresh", () => stack.refresh());
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 2, delete: 1 });
    expect((await stateOf(stack, "Record")).find((r: any) => r.id === txt.id).outputs.value).toBe('"v=spf1 +all"');
    const restore = await timed("legacy restore", () => stack.up());
    expect(restore.summary.resourceChanges).toEqual({ same: 2, update: 2, create: 1 });
    expect(await recordsOf(zoneId)).toEqual(['@ MX 10 mail.legacy-e2e.com.', '@ TXT "v=spf1 -all"', "www AAAA 2001:db8::2"]);
    expect((await dnsApi("GET", `/zones/${zoneId}`)).body.zone.ttl).toBe(3600);

    // Another name is another zone: the zone is replaced (the old one goes first, a name is unique), its records with it.
    zoneName = "legacy2-e2e.com";
    const renamed = await timed("legacy zone replace", () => stack.up());
    expect(renamed.summary.resourceChanges).toEqual({ same: 1, replace: 4 });
    const newZoneId: string = renamed.outputs.zoneId.value;
    expect((await dnsApi("GET", `/zones/${zoneId}`)).status).toBe(404);
    expect(await recordsOf(newZoneId)).toEqual(['@ MX 10 mail.legacy2-e2e.com.', '@ TXT "v=spf1 -all"', "www AAAA 2001:db8::2"]);

    await e2e.api.clearRequests();
    await timed("legacy destroy", () => stack.destroy());
    expect((await dnsApi("GET", `/zones/${newZoneId}`)).status).toBe(404);
  } finally {
    await removeStack(stack);
  }
});

test("300 records of one zone in one `pulumi up --parallel 300`: creates sent as bulk requests, refresh reads one listing", async () => {
  const zoneId = await existingZone("bulk-e2e.com");
  const program = async () => {
    for (let i = 0; i < 300; i++) new hetznerdns.Record(`r${i}`, { zoneId, name: `host${i}`, type: "A", value: `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}` });
    return {};
  };
  const stack = await inlineStack({ projectName: "hetznerdns-bulk", program, config: config() });
  try {
    await e2e.api.clearRequests();
    const up = await timed("300 records up", () => stack.up({ parallel: 300 }));
    expect(up.summary.resourceChanges).toEqual({ create: 301 });
    const created = await dnsRequests();
    const createWrites = writes(created);
    process.stdout.write(`[hetznerdns bulk] up: ${created.length} requests, ${createWrites.length} writes: ${[...new Set(createWrites)].map((w) => `${w} × ${createWrites.filter((x) => x === w).length}`).join(", ")}\n`);
    expect(createWrites.every((w) => w === "POST /records/bulk")).toBe(true);
    expect(createWrites.length).toBeLessThanOrEqual(5);
    expect((await recordsOf(zoneId)).length).toBe(300);

    await e2e.api.clearRequests();
    const refresh = await timed("300 records refresh", () => stack.refresh({ parallel: 300 }));
    expect(refresh.summary.resourceChanges).toEqual({ same: 301 });
    const reads = (await dnsRequests()).map(line);
    process.stdout.write(`[hetznerdns bulk] refresh: ${reads.length} requests\n`);
    expect(reads.every((r) => r === `GET /records`)).toBe(true);
    expect(reads.length).toBeLessThanOrEqual(5);

    await e2e.api.clearRequests();
    expect((await stack.preview()).changeSummary).toEqual({ same: 301 });
    expect(await dnsRequests()).toEqual([]);
  } finally {
    await removeStack(stack);
  }
});

test("a record the API refuses inside a bulk create fails only its resource, with the API's reason; a re-run converges", async () => {
  const zoneId = await existingZone("refused-e2e.com");
  // Made by hand: the program's record of the same name, type and value is refused as taken.
  const taken = await dnsApi("POST", "/records", { zone_id: zoneId, name: "taken", type: "A", value: "192.0.2.99" });
  expect(taken.status).toBe(200);
  const program = async () => {
    for (let i = 0; i < 5; i++) new hetznerdns.Record(`ok${i}`, { zoneId, name: `ok${i}`, type: "A", value: `192.0.2.${i + 1}` });
    new hetznerdns.Record("taken", { zoneId, name: "taken", type: "A", value: "192.0.2.99" });
    return {};
  };
  const stack = await inlineStack({ projectName: "hetznerdns-refused", program, config: config() });
  try {
    await e2e.api.clearRequests();
    const failed = await stack.up({ parallel: 50 }).then(
      () => undefined,
      (error: Error) => error,
    );
    expect(failed?.message).toMatch(/creating hetznerdns\.Record taken A in zone refused-e2e\.com failed: hetznerdns API POST \/records failed: HTTP 422 invalid_input: [^\n]*taken/);
    const sent = writes(await dnsRequests());
    process.stdout.write(`[hetznerdns refused] writes: ${sent.join(", ")}\n`);
    expect(sent).toContain("POST /records/bulk");
    expect(sent.filter((w) => w === "POST /records")).toEqual(["POST /records"]);
    expect((await stateOf(stack, "Record")).map((r: any) => r.outputs.name).sort()).toEqual(["ok0", "ok1", "ok2", "ok3", "ok4"]);

    // The hand-made record goes; the same program converges with one create.
    expect((await dnsApi("DELETE", `/records/${taken.body.record.id}`)).status).toBe(200);
    const rerun = await timed("refused re-run", () => stack.up());
    expect(rerun.summary.resourceChanges).toEqual({ same: 6, create: 1 });
    expect(await recordsOf(zoneId)).toContain("taken A 192.0.2.99");
  } finally {
    await removeStack(stack);
  }
});

test("ZoneRecords: the realistic zone on a Zone of the same program, an empty second preview, a change, refresh after an out-of-band change; lookups", async () => {
  const text = fs.readFileSync(path.join(REPO_ROOT, "tests/fixtures/zones/realistic.zone"), "utf8");
  let records: dns.RecordSet[] = [
    // As exported from another DNS host: its SOA and apex NS come along, and are Hetzner's here.
    { name: "@", type: "SOA", values: ["ns1.old-host.example. hostmaster.example-shop.de. 2024010101 7200 3600 1209600 3600"] },
    { name: "@", type: "NS", values: ["ns1.old-host.example.", "ns2.old-host.example."] },
    ...dns.parseZoneFile(text, "example-shop.de"),
  ];
  const program = async () => {
    const shop = new hetznerdns.Zone("shop", { name: "example-shop.de" });
    const zone = new hetznerdns.ZoneRecords("shop", { zone: shop.name, records });
    // After the records are written (the lookups read what ZoneRecords made); not in previews, which must send nothing.
    const found = pulumi.all([shop.zoneId, zone.rrsetCount]).apply(async ([id]) => {
      if (pulumi.runtime.isDryRun()) return undefined;
      const [byName, zones, mx] = await Promise.all([
        hetznerdns.getZone("example-shop.de"),
        hetznerdns.getZones({ searchName: "example-shop" }),
        hetznerdns.getRecords(id, { type: "MX", name: "@" }),
      ]);
      const validated = await hetznerdns.validateZoneFile(`$ORIGIN example-shop.de.\nprobe 300 IN A 192.0.2.7\n`);
      return { id: byName.id, zones: zones.map((z) => z.name), mx: mx.map((r) => r.value).sort(), validated: validated.validRecords.map((r) => `${r.name} ${r.type} ${r.value}`) };
    });
    return { count: zone.rrsetCount, zoneId: shop.zoneId, found };
  };
  const stack = await inlineStack({ projectName: "hetznerdns-realistic", program, config: config() });
  try {
    await e2e.api.clearRequests();
    const up = await timed("realistic up", () => stack.up());
    // The zone, then its 20 records (16 rrsets) in one bulk create; the validate is the program's own lookup.
    expect(writes(await dnsRequests())).toEqual(["POST /zones", "POST /records/bulk", "POST /zones/file/validate"]);
    expect(up.summary.resourceChanges).toEqual({ create: 3 });
    expect(up.stdout).toMatch(/warning: hetznerdns\.ZoneRecords of zone example-shop\.de: skipped records\[0\] @ SOA, records\[1\] @ NS/);
    expect(up.outputs.count.value).toBe(dns.parseZoneFile(text, "example-shop.de").length);
    const zoneId: string = up.outputs.zoneId.value;
    expect(up.outputs.found.value).toEqual({
      id: zoneId,
      zones: ["example-shop.de"],
      mx: ["10 mx1.mail-provider.example.", "20 mx2.mail-provider.example."],
      validated: ["probe A 192.0.2.7"],
    });
    const live = await recordsOf(zoneId);
    // Split into 255-byte strings; the API answers several strings with a blank after them (the same value to it).
    expect(live.find((r) => r.startsWith("mail._domainkey TXT"))).toMatch(/^mail\._domainkey TXT "v=DKIM1; k=rsa; p=MIIB[^"]+" "[^"]+" ?$/);
    expect(live).toContain("shop A 203.0.113.12 ttl=300");

    await e2e.api.clearRequests();
    expect((await timed("realistic second preview", () => stack.preview())).changeSummary).toEqual({ same: 3 });
    expect(await dnsRequests()).toEqual([]);

    // One value changed, one rrset dropped: one update and one delete, nothing else.
    records = records.filter((r) => !(r.name === "sip" && r.type === "A")).map((r) => (r.name === "mx1" ? { ...r, values: ["203.0.113.26"] } : r));
    await e2e.api.clearRequests();
    const change = await timed("realistic change", () => stack.up());
    expect(change.summary.resourceChanges).toEqual({ same: 2, update: 1 });
    // The program's own validateZoneFile runs in every up; the provider's writes are the rest.
    const changeWrites = writes(await dnsRequests()).filter((w) => w !== "POST /zones/file/validate");
    expect(changeWrites.map((w) => w.replace(/\/records\/\w+$/, "/records/{id}")).sort()).toEqual(["DELETE /records/{id}", "PUT /records/{id}"]);

    // Out of band: a record in scope added by hand. Refresh shows it; up removes it again.
    expect((await dnsApi("POST", "/records", { zone_id: zoneId, name: "stray", type: "A", value: "192.0.2.50" })).status).toBe(200);
    const refresh = await stack.refresh();
    expect(refresh.summary.resourceChanges?.update).toBeGreaterThanOrEqual(1);
    const [recorded] = await stateOf(stack, "ZoneRecords");
    expect(recorded.outputs.records).toContainEqual({ name: "stray", type: "A", values: ["192.0.2.50"] });
    const restore = await stack.up();
    expect(restore.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(await recordsOf(zoneId)).not.toContain("stray A 192.0.2.50");

    await stack.destroy();
    expect((await dnsApi("GET", `/zones/${zoneId}`)).status).toBe(404);
  } finally {
    await removeStack(stack);
  }
});

test("ZoneRecords by zone id: a filter spares the rest of the zone, another zone replaces it, refresh after the zone's out-of-band delete, destroy", async () => {
  const first = await existingZone("records-a-e2e.com");
  const second = await existingZone("records-b-e2e.com");
  // Outside the filter: never touched.
  expect((await dnsApi("POST", "/records", { zone_id: first, name: "kept", type: "TXT", value: '"by hand"' })).status).toBe(200);
  let zone = first;
  const program = async () => {
    const records = new hetznerdns.ZoneRecords("part", {
      zone,
      filter: { names: ["@", "www"] },
      records: [
        { name: "@", type: "A", values: ["192.0.2.1", "192.0.2.2"] },
        { name: "www", type: "CNAME", values: ["@"] },
      ],
    });
    return { count: records.rrsetCount, zoneName: records.zoneName };
  };
  const stack = await inlineStack({ projectName: "hetznerdns-zone-records", program, config: config() });
  try {
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    expect(up.outputs).toMatchObject({ count: { value: 2 }, zoneName: { value: "records-a-e2e.com" } });
    expect(await recordsOf(first)).toEqual(["@ A 192.0.2.1", "@ A 192.0.2.2", 'kept TXT "by hand"', "www CNAME records-a-e2e.com."]);

    await e2e.api.clearRequests();
    expect((await stack.preview()).changeSummary).toEqual({ same: 2 });
    expect(await dnsRequests()).toEqual([]);

    zone = second;
    expect((await stack.up()).summary.resourceChanges).toEqual({ same: 1, replace: 1 });
    expect(await recordsOf(first)).toEqual(['kept TXT "by hand"']);
    expect(await recordsOf(second)).toEqual(["@ A 192.0.2.1", "@ A 192.0.2.2", "www CNAME records-b-e2e.com."]);

    expect((await dnsApi("DELETE", `/zones/${second}`)).status).toBe(200);
    expect((await stack.refresh()).summary.resourceChanges).toMatchObject({ delete: 1 });
    expect(await stateOf(stack, "ZoneRecords")).toEqual([]);
    await stack.destroy();
    expect(await recordsOf(first)).toEqual(['kept TXT "by hand"']);
  } finally {
    await removeStack(stack);
  }
});

test("PrimaryServer: a secondary zone's primary created, changed in place, replaced for another zone, refreshed after an out-of-band delete, destroyed", async () => {
  const first = await existingZone("secondary-e2e.com");
  const second = await existingZone("secondary2-e2e.com");
  let server = { zoneId: first, address: "2001:DB8::53", port: undefined as number | undefined };
  const program = async () => {
    const primary = new hetznerdns.PrimaryServer("primary", server);
    return { address: primary.address, port: primary.port };
  };
  const stack = await inlineStack({ projectName: "hetznerdns-primary", program, config: config() });
  try {
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    expect(up.outputs).toMatchObject({ address: { value: "2001:db8::53" }, port: { value: 53 } });
    expect((await dnsApi("GET", `/zones/${first}`)).body.zone.is_secondary_dns).toBe(true);

    await e2e.api.clearRequests();
    expect((await stack.preview()).changeSummary).toEqual({ same: 2 });
    expect(await dnsRequests()).toEqual([]);

    server = { ...server, port: 5353 };
    expect((await stack.up()).summary.resourceChanges).toEqual({ same: 1, update: 1 });
    server = { ...server, zoneId: second };
    expect((await stack.up()).summary.resourceChanges).toEqual({ same: 1, replace: 1 });
    expect((await dnsApi("GET", `/primary_servers?zone_id=${first}`)).body.primary_servers).toEqual([]);

    const [state] = await stateOf(stack, "PrimaryServer");
    expect((await dnsApi("DELETE", `/primary_servers/${state.id}`)).status).toBe(200);
    expect((await stack.refresh()).summary.resourceChanges).toMatchObject({ delete: 1 });
    expect((await stack.up()).summary.resourceChanges).toEqual({ same: 1, create: 1 });

    await stack.destroy();
    expect((await dnsApi("GET", `/primary_servers?zone_id=${second}`)).body.primary_servers).toEqual([]);
  } finally {
    await removeStack(stack);
  }
});

test("examples/hetzner-dns through the CLI: the zone and its records up, no-op preview, the program's one record changed, destroy", async () => {
  const { cli, dir, env } = exampleProject("hetzner-dns");
  try {
    await cli(["stack", "init", "example"]);
    await cli(["config", "set", "hetznerdns:endpoint", e2e.emulator.hetznerDnsUrl]);
    await cli(["config", "set", "--secret", "hetznerdns:apiToken", e2e.token]);
    await e2e.api.clearRequests();
    const up = await timed("hetzner-dns example up", () => cli(["up", "--yes", "--skip-preview"]));
    expect(up.stdout).toContain("+ 3 created");
    // Nine records of eight rrsets in one bulk create.
    expect(writes(await dnsRequests())).toEqual(["POST /zones", "POST /records/bulk"]);
    const outputs = JSON.parse((await cli(["stack", "output", "--json"])).stdout);
    expect(outputs).toMatchObject({ recordSets: 8, apex: ["203.0.113.10"], nameservers: expect.arrayContaining([expect.stringMatching(/hetzner/)]) });

    await cli(["preview", "--expect-no-changes"]);
    await cli(["config", "set", "webIp", "203.0.113.50"]);
    await e2e.api.clearRequests();
    await timed("hetzner-dns example up (webIp)", () => cli(["up", "--yes", "--skip-preview"]));
    expect(writes(await dnsRequests()).map((w) => w.replace(/\/records\/\w+$/, "/records/{id}"))).toEqual(["PUT /records/{id}"]);

    await timed("hetzner-dns example destroy", () => cli(["destroy", "--yes", "--skip-preview"]));
    expect((await dnsApi("GET", "/zones?name=example-shop.de")).status).toBe(404);
  } finally {
    await runCli(["stack", "rm", "--yes", "--force"], { cwd: dir, env });
  }
});

test("adopt: a zone by name and a record by id, made by another tool; the next preview is empty; Record.get reads one", async () => {
  const zoneId = await existingZone("adopted-legacy.com");
  const created = await dnsApi("POST", "/records", { zone_id: zoneId, name: "www", type: "A", value: "192.0.2.7" });
  expect(created.status).toBe(200);
  const other = await dnsApi("POST", "/records", { zone_id: zoneId, name: "mail", type: "A", value: "192.0.2.8" });
  const program = async () => {
    const zone = new hetznerdns.Zone("zone", { name: "adopted-legacy.com", adopt: { name: "adopted-legacy.com" } });
    new hetznerdns.Record("www", { zoneId: zone.zoneId, name: "www", type: "A", value: "192.0.2.7", ttl: 600, adopt: { id: created.body.record.id } });
    const seen = hetznerdns.Record.get("mail", other.body.record.id);
    return { seenValue: seen.value };
  };
  const stack = await inlineStack({ projectName: "hetznerdns-adopt", program, config: config() });
  try {
    await e2e.api.clearRequests();
    const up = await timed("hetznerdns adopt up", () => stack.up());
    expect(up.summary.resourceChanges).toEqual({ create: 3 });
    expect(up.outputs.seenValue.value).toBe("192.0.2.8");
    // Nothing created: the one write brings the record's TTL to the program's.
    expect(writes(await dnsRequests())).toEqual([`PUT /records/${created.body.record.id}`]);
    expect(await recordsOf(zoneId)).toEqual(["mail A 192.0.2.8", "www A 192.0.2.7 ttl=600"]);
    await e2e.api.clearRequests();
    expect((await stack.preview()).changeSummary).toEqual({ same: 3 });
    // Only the read get() makes on every preview: the record and its zone's name.
    expect((await dnsRequests()).map(line).sort()).toEqual([`GET /records/${other.body.record.id}`, `GET /zones/${zoneId}`]);
  } finally {
    await removeStack(stack);
  }
});
