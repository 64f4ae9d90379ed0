/**
 * hcloud.ZoneRecords (and hcloud.Zone `records`) through the real engine and the emulator: create, no-op
 * preview without a request, in-place changes, a filter that spares the rest of the zone, another owner's
 * rrset in scope, refresh after out-of-band changes and deletes, destroy, and the realistic zone file.
 * No request is ever spent on the owner label: an import leaves rrsets unlabelled (the state records them),
 * and a user's label keeps the import out.
 */
import * as fs from "fs";
import * as path from "path";
import { dns, hcloud } from "../../sdk";
import { exampleProject, inlineStack, REPO_ROOT, removeStack, runCli, timed, useEmulator } from "./harness";

jest.setTimeout(300_000);

const e2e = useEmulator({ token: "e2e-hcloud-token-zone-records-7c1e" });
const OWNER_LABEL = "pulumi-dns-cloud/owner";

const zoneApi = (path: string) => `/hcloud/v1/zones${path}`;
/** Waits out an Action the test started out of band, like any client would. */
async function settled(action: { id: number }): Promise<void> {
  for (;;) {
    const { body } = await e2e.api.json("GET", `/hcloud/v1/zones/actions/${action.id}`);
    if (body.action.status !== "running") return expect(body.action.status).toBe("success");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
/** Out of band: a POST through the API, its Action waited out. */
async function outOfBand(method: string, path: string, body?: unknown) {
  const response = await e2e.api.json(method, zoneApi(path), body);
  expect(response.status).toBeLessThan(300);
  if (response.body?.action) await settled(response.body.action);
  return response.body;
}
/** A zone made out of band (the program only manages its records). */
async function existingZone(name: string): Promise<number> {
  const created = await outOfBand("POST", "", { name, mode: "primary" });
  return created.zone.id;
}
/** The zone's rrsets as `name/type` → { values (sorted), ttl, owner }. */
async function rrsetsOf(zone: string): Promise<Record<string, { values: string[]; ttl: number | null; owner?: string }>> {
  const { body } = await e2e.api.json("GET", zoneApi(`/${zone}/rrsets?per_page=100`));
  return Object.fromEntries(
    body.rrsets.map((r: any) => [`${r.name}/${r.type}`, { values: r.records.map((x: any) => x.value).sort(), ttl: r.ttl, owner: r.labels[OWNER_LABEL] }]),
  );
}
const writes = (lines: string[]) => lines.filter((l) => !l.startsWith("GET "));

test("ZoneRecords on an existing zone: create, no-op preview, in-place change, refresh after out-of-band change and delete, another zone (replace), destroy", async () => {
  const zoneId = await existingZone("records-e2e.com");
  // Made by hand before the program: in scope (no filter), not listed, so removed.
  await outOfBand("POST", "/records-e2e.com/rrsets", { name: "legacy", type: "A", records: [{ value: "192.0.2.99" }] });
  let records: dns.RecordSet[] = [
    { name: "@", type: "A", values: ["192.0.2.1"] },
    { name: "www", type: "CNAME", values: ["@"] },
    { name: "@", type: "MX", values: ["10 mx1", "20 mx2.mail.example."] },
    { name: "@", type: "TXT", ttl: 300, values: ["v=spf1 -all"] },
    { name: "api", type: "AAAA", values: ["2001:DB8:0:0::1"] },
    { name: "mx1", type: "A", values: ["192.0.2.25"] },
  ];
  let zoneName = "records-e2e.com";
  const program = async () => {
    const zone = new hcloud.ZoneRecords("zone", { zone: zoneName, records });
    return { zoneId: zone.zoneId, count: zone.rrsetCount, records: zone.records, zoneFile: zone.zoneFile };
  };
  const stack = await inlineStack({ projectName: "zone-records-lifecycle", program, config: e2e.config });
  try {
    await e2e.api.clearRequests();
    const up = await timed("records up", () => stack.up());
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    // Seven writes (legacy removed, six created) cost more than one import, and nothing follows it.
    expect(writes(await e2e.api.requestLines())).toEqual([`POST /hcloud/v1/zones/${zoneId}/actions/import_zonefile`]);
    expect(up.outputs.zoneId.value).toBe(zoneId);
    expect(up.outputs.count.value).toBe(6);
    const live = await rrsetsOf("records-e2e.com");
    expect(Object.keys(live).sort()).toEqual(["@/A", "@/MX", "@/NS", "@/SOA", "@/TXT", "api/AAAA", "mx1/A", "www/CNAME"]);
    expect(live["www/CNAME"]).toMatchObject({ values: ["records-e2e.com."], owner: undefined });
    expect(live["@/TXT"]).toMatchObject({ values: ['"v=spf1 -all"'], ttl: 300 });
    expect(live["@/SOA"].owner).toBeUndefined();
    expect(up.outputs.zoneFile.value).toMatch(/^\$ORIGIN\s+records-e2e\.com\.\n/);

    await e2e.api.clearRequests();
    expect((await timed("records no-op preview", () => stack.preview())).changeSummary).toEqual({ same: 2 });
    expect(await e2e.api.requestLines()).toEqual([]);

    // A user's label on one rrset: an import would drop it, so the changes go rrset by rrset and it stays.
    await outOfBand("PUT", `/${zoneId}/rrsets/mx1/A`, { labels: { team: "mail" } });
    // In place: one value, one TTL, one rrset more, one less.
    records = [
      ...records.filter((r) => r.name !== "api" && !(r.name === "@" && r.type === "A")),
      { name: "@", type: "A", ttl: 600, values: ["192.0.2.1", "192.0.2.2"] },
      { name: "_dmarc", type: "TXT", values: ["v=DMARC1; p=none"] },
    ];
    // The detailed diff shows only the rrsets that change (the program's [4] and [5]), not every position after the first.
    const diffPreview = await stack.preview({ diff: true });
    expect(diffPreview.stdout).toMatch(/~ records: \[\n\s+~ \[4\]: \{[^]*\+ \[5\]: \{[^]*_dmarc/);
    await e2e.api.clearRequests();
    const changed = await timed("records up (in place)", () => stack.up());
    expect(changed.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect(writes(await e2e.api.requestLines())).toEqual([
      `DELETE /hcloud/v1/zones/${zoneId}/rrsets/api/AAAA`,
      `POST /hcloud/v1/zones/${zoneId}/rrsets/%40/A/actions/add_records`,
      `POST /hcloud/v1/zones/${zoneId}/rrsets/%40/A/actions/change_ttl`,
      `POST /hcloud/v1/zones/${zoneId}/rrsets`,
    ]);
    expect((await rrsetsOf("records-e2e.com"))["@/A"]).toMatchObject({ values: ["192.0.2.1", "192.0.2.2"], ttl: 600 });
    // The one rrset it created carries the owner label (free in its POST); the labelled one kept its label.
    expect((await rrsetsOf("records-e2e.com"))["_dmarc/TXT"].owner).toMatch(/^[0-9a-f]+$/);
    expect((await e2e.api.json("GET", zoneApi(`/${zoneId}/rrsets/mx1/A`))).body.rrset.labels).toEqual({ team: "mail" });
    expect((await stack.preview()).changeSummary).toEqual({ same: 2 });

    // Out of band: a value changed and an rrset deleted; refresh records both, the next up restores them.
    await outOfBand("POST", `/${zoneId}/rrsets/mx1/A/actions/set_records`, { records: [{ value: "192.0.2.26" }] });
    await outOfBand("DELETE", `/${zoneId}/rrsets/_dmarc/TXT`);
    const refresh = await timed("records refresh", () => stack.refresh());
    expect(refresh.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    const refreshed = (await stack.exportStack()).deployment.resources.find((r: { type: string }) => r.type.endsWith("hcloud:ZoneRecords"));
    expect(refreshed.outputs.records).toContainEqual({ name: "mx1", type: "A", values: ["192.0.2.26"] });
    expect(refreshed.outputs.records.map((r: dns.RecordSet) => r.name)).not.toContain("_dmarc");
    const restored = await timed("records up (restore)", () => stack.up());
    expect(restored.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    const after = await rrsetsOf("records-e2e.com");
    expect(after["mx1/A"].values).toEqual(["192.0.2.25"]);
    expect(after["_dmarc/TXT"].values).toEqual(['"v=DMARC1; p=none"']);

    // Another zone replaces: the records are written there, then removed from the first zone.
    const otherId = await existingZone("records-e2e-2.com");
    zoneName = "records-e2e-2.com";
    const moved = await timed("records up (another zone)", () => stack.up());
    expect(moved.summary.resourceChanges).toEqual({ same: 1, replace: 1 });
    expect(moved.outputs.zoneId.value).toBe(otherId);
    expect(Object.keys(await rrsetsOf("records-e2e.com")).sort()).toEqual(["@/NS", "@/SOA"]);
    expect(Object.keys(await rrsetsOf("records-e2e-2.com"))).toHaveLength(8);

    await timed("records destroy", () => stack.destroy());
    expect(Object.keys(await rrsetsOf("records-e2e-2.com")).sort()).toEqual(["@/NS", "@/SOA"]);
    expect((await e2e.api.json("GET", zoneApi(`/${otherId}`))).status).toBe(200);
  } finally {
    await removeStack(stack);
  }
});

test("ZoneRecords with a filter spares the rest of the zone; another owner's rrset in its scope fails, naming both", async () => {
  const zoneId = await existingZone("filtered-e2e.com");
  await outOfBand("POST", "/filtered-e2e.com/rrsets", { name: "www", type: "A", records: [{ value: "192.0.2.1" }] });
  await outOfBand("POST", "/filtered-e2e.com/rrsets", { name: "old.dev", type: "A", records: [{ value: "192.0.2.2" }] });
  await outOfBand("POST", "/filtered-e2e.com/rrsets", { name: "x.dev", type: "TXT", records: [{ value: '"keep me"' }] });
  const program = async () => {
    const dev = new hcloud.ZoneRecords("dev", {
      zone: zoneId,
      filter: { names: ["*.dev"], types: ["A", "AAAA"] },
      records: [
        { name: "api.dev.filtered-e2e.com.", type: "A", values: ["192.0.2.10"] },
        { name: "*.dev", type: "A", values: ["192.0.2.11"] },
      ],
    });
    return { count: dev.rrsetCount };
  };
  const stack = await inlineStack({ projectName: "zone-records-filter", program, config: e2e.config });
  try {
    const up = await timed("filter up", () => stack.up());
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    const live = await rrsetsOf("filtered-e2e.com");
    expect(Object.keys(live).sort()).toEqual(["*.dev/A", "@/NS", "@/SOA", "api.dev/A", "www/A", "x.dev/TXT"]);
    expect(live["www/A"].owner).toBeUndefined();

    // Another resource's rrset appears in the scope: refresh shows it, and the next up refuses to touch it.
    await outOfBand("POST", "/filtered-e2e.com/rrsets", { name: "b.dev", type: "A", records: [{ value: "192.0.2.3" }], labels: { [OWNER_LABEL]: "someone-else" } });
    await stack.refresh();
    await e2e.api.clearRequests();
    const error = await timed("filter up (foreign rrset)", () => stack.up().then(() => undefined, (e: Error) => e));
    expect(String(error)).toMatch(
      new RegExp(`hcloud\\.ZoneRecords of zone filtered-e2e\\.com: rrset b\\.dev/A belongs to another resource \\(label ${OWNER_LABEL}=someone-else\\), but is in the scope of this one \\(${OWNER_LABEL}=[0-9a-f]+\\): an rrset has exactly one owner`),
    );
    expect(writes(await e2e.api.requestLines())).toEqual([]);
    await outOfBand("DELETE", `/${zoneId}/rrsets/b.dev/A`);
    // Made by hand in scope after the last up: unlabelled and never recorded, so destroy leaves it.
    await outOfBand("POST", "/filtered-e2e.com/rrsets", { name: "late.dev", type: "A", records: [{ value: "192.0.2.4" }] });

    await e2e.api.clearRequests();
    await timed("filter destroy", () => stack.destroy());
    expect(writes(await e2e.api.requestLines()).sort()).toEqual([`DELETE /hcloud/v1/zones/${zoneId}/rrsets/*.dev/A`, `DELETE /hcloud/v1/zones/${zoneId}/rrsets/api.dev/A`]);
    expect(Object.keys(await rrsetsOf("filtered-e2e.com")).sort()).toEqual(["@/NS", "@/SOA", "late.dev/A", "www/A", "x.dev/TXT"]);
  } finally {
    await removeStack(stack);
  }
});

test("the realistic zone file through ZoneRecords on a Zone of the same program: the SOA and NS of the file skipped, an empty second preview", async () => {
  const text = fs.readFileSync(path.join(REPO_ROOT, "tests/fixtures/zones/realistic.zone"), "utf8");
  const program = async () => {
    // As exported from another DNS host: its SOA and apex NS come along, and are Hetzner's here.
    const records = [
      { name: "@", type: "SOA", values: ["ns1.old-host.example. hostmaster.example-shop.de. 2024010101 7200 3600 1209600 3600"] },
      { name: "@", type: "NS", values: ["ns1.old-host.example.", "ns2.old-host.example."] },
      ...dns.parseZoneFile(text, "example-shop.de"),
    ];
    // The zone's name is not known in the first preview: the records are checked once it is.
    const shop = new hcloud.Zone("shop", { name: "example-shop.de" });
    const zone = new hcloud.ZoneRecords("shop", { zone: shop.name, records });
    return { count: zone.rrsetCount, records: zone.records };
  };
  const stack = await inlineStack({ projectName: "zone-records-realistic", program, config: e2e.config });
  try {
    const up = await timed("realistic up", () => stack.up());
    expect(up.summary.resourceChanges).toEqual({ create: 3 });
    expect(up.stdout).toMatch(/warning: hcloud\.ZoneRecords of zone example-shop\.de: skipped records\[0\] @ SOA, records\[1\] @ NS/);
    expect(up.outputs.count.value).toBe(dns.parseZoneFile(text, "example-shop.de").length);
    const live = await rrsetsOf("example-shop.de");
    expect(live["mail._domainkey/TXT"].values[0]).toMatch(/^"v=DKIM1; k=rsa; p=MIIB[^"]+" "[^"]+"$/);
    expect(live["@/NS"].values).not.toContain("ns1.old-host.example.");

    await e2e.api.clearRequests();
    expect((await timed("realistic second preview", () => stack.preview())).changeSummary).toEqual({ same: 3 });
    expect(await e2e.api.requestLines()).toEqual([]);
    const refresh = await stack.refresh();
    expect(refresh.summary.resourceChanges?.update ?? 0).toBe(0);
    expect((await stack.preview()).changeSummary).toEqual({ same: 3 });

    await stack.destroy();
    expect((await e2e.api.json("GET", zoneApi("/example-shop.de"))).status).toBe(404);
  } finally {
    await removeStack(stack);
  }
});

test("Zone records: a new zone with its records in one POST, changed in place, refreshed after an out-of-band delete, destroyed", async () => {
  let records: dns.RecordSet[] = [
    { name: "@", type: "A", values: ["192.0.2.1"] },
    { name: "www", type: "CNAME", values: ["@"] },
    { name: "@", type: "TXT", values: ["v=spf1 -all"] },
    { name: "mail", type: "A", values: ["192.0.2.25"] },
  ];
  const program = async () => {
    const zone = new hcloud.Zone("owned", { name: "zone-with-records.com", records });
    return { zoneId: zone.zoneId, records: zone.records };
  };
  const stack = await inlineStack({ projectName: "zone-with-records", program, config: e2e.config });
  try {
    await e2e.api.clearRequests();
    const up = await timed("zone+records up", () => stack.up());
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    expect(writes(await e2e.api.requestLines())).toEqual(["POST /hcloud/v1/zones"]);
    const zoneId = up.outputs.zoneId.value as number;
    expect(Object.keys(await rrsetsOf("zone-with-records.com")).sort()).toEqual(["@/A", "@/NS", "@/SOA", "@/TXT", "mail/A", "www/CNAME"]);
    expect(up.outputs.records.value).toHaveLength(4);

    await e2e.api.clearRequests();
    expect((await stack.preview()).changeSummary).toEqual({ same: 2 });
    expect(await e2e.api.requestLines()).toEqual([]);

    records = [...records.filter((r) => r.name !== "mail"), { name: "mail", type: "A", values: ["192.0.2.26"] }];
    await e2e.api.clearRequests();
    const changed = await timed("zone+records up (in place)", () => stack.up());
    expect(changed.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect(writes(await e2e.api.requestLines())).toEqual([`POST /hcloud/v1/zones/${zoneId}/rrsets/mail/A/actions/set_records`]);

    await outOfBand("DELETE", `/${zoneId}/rrsets/www/CNAME`);
    expect((await stack.refresh()).summary.resourceChanges).toEqual({ same: 1, update: 1 });
    await stack.up();
    expect((await rrsetsOf("zone-with-records.com"))["www/CNAME"].values).toEqual(["zone-with-records.com."]);

    await timed("zone+records destroy", () => stack.destroy());
    expect((await e2e.api.json("GET", zoneApi(`/${zoneId}`))).status).toBe(404);
  } finally {
    await removeStack(stack);
  }
});

test("examples/dns through the CLI: the zone from its zone file in one POST, no-op preview, the program's one rrset changed, destroy", async () => {
  const { cli, dir, env } = exampleProject("dns", ["Pulumi.yaml", "index.ts", "package.json", "tsconfig.json", "example-shop.de.zone"]);
  try {
    await cli(["stack", "init", "example"]);
    await cli(["config", "set", "hcloud:endpoint", e2e.emulator.hcloudUrl]);
    await cli(["config", "set", "--secret", "hcloud:token", e2e.token]);
    await e2e.api.clearRequests();
    const up = await timed("dns example up", () => cli(["up", "--yes", "--skip-preview"]));
    expect(up.stdout).toContain("+ 2 created");
    expect(writes(await e2e.api.requestLines())).toEqual(["POST /hcloud/v1/zones"]);
    const outputs = JSON.parse((await cli(["stack", "output", "--json"])).stdout);
    expect(outputs).toMatchObject({ recordSets: 16, apex: ["203.0.113.10"], nameservers: expect.arrayContaining([expect.stringMatching(/\.$/)]) });

    await cli(["preview", "--expect-no-changes"]);
    await cli(["config", "set", "webIp", "203.0.113.50"]);
    await e2e.api.clearRequests();
    await timed("dns example up (webIp)", () => cli(["up", "--yes", "--skip-preview"]));
    const zoneId = (await e2e.api.json("GET", zoneApi("/example-shop.de"))).body.zone.id;
    expect(writes(await e2e.api.requestLines())).toEqual([`POST /hcloud/v1/zones/${zoneId}/rrsets/%40/A/actions/set_records`]);
    expect((await rrsetsOf("example-shop.de"))["@/A"].values).toEqual(["203.0.113.50"]);

    await timed("dns example destroy", () => cli(["destroy", "--yes", "--skip-preview"]));
    expect((await e2e.api.json("GET", zoneApi("/example-shop.de"))).status).toBe(404);
  } finally {
    await runCli(["stack", "rm", "--yes", "--force"], { cwd: dir, env });
  }
});
