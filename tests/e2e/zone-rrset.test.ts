/**
 * hcloud.ZoneRrset through the real engine and the emulator: create, no-op preview without requests,
 * each in-place update with the fewest actions (add/remove/update/set_records, change_ttl, labels,
 * protection), record order that never diffs, refresh after an out-of-band change and after an
 * out-of-band delete, replacement, destroy; the apex NS adopted and restored; and the realistic zone
 * file as individual ZoneRrsets with an empty second preview.
 */
import * as fs from "fs";
import * as path from "path";
import { dns, hcloud } from "../../sdk";
import { inlineStack, removeStack, timed, useEmulator } from "./harness";

jest.setTimeout(600_000);

const e2e = useEmulator({ token: "e2e-hcloud-token-rrset-81d2" });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const rrsets = async (zone: string): Promise<any[]> => (await e2e.api.json("GET", `/hcloud/v1/zones/${zone}/rrsets?per_page=100`)).body.rrsets;
const rrset = async (zone: string, name: string, type: string) => (await e2e.api.json("GET", `/hcloud/v1/zones/${zone}/rrsets/${encodeURIComponent(name)}/${type}`)).body.rrset;
const values = (set: { records: Array<{ value: string }> }) => set.records.map((r) => r.value).sort();
/** The write requests (everything but GET) since the last clear. */
const writes = async (): Promise<string[]> => (await e2e.api.requestLines()).filter((l: string) => !l.startsWith("GET"));
const ASSIGNED = ["helium.ns.hetzner.de.", "hydrogen.ns.hetzner.com.", "oxygen.ns.hetzner.com."];

type Rec = { value: string; comment?: string };

test("ZoneRrset: create, no-op preview, the fewest actions for each in-place update, drift, out-of-band delete, replacement, destroy", async () => {
  let name = "www";
  let records: Rec[] = [{ value: "192.0.2.1" }, { value: "192.0.2.2", comment: "second" }];
  let ttl: number | undefined;
  let labels: Record<string, string> = {};
  let changeProtection = false;
  const program = async () => {
    const zone = new hcloud.Zone("zone", { name: "example-rrset.de" });
    const www = new hcloud.ZoneRrset("www", { zone: zone.name, name, type: "A", ttl, records, labels, changeProtection });
    // The zone by id, and a name written as the FQDN: made relative.
    const mail = new hcloud.ZoneRrset("mx", { zone: zone.zoneId, name: "EXAMPLE-RRSET.de.", type: "MX", records: [{ value: "10 mail" }] });
    return { wwwId: www.id, fqdn: www.fqdn, mx: mail.records, mxName: mail.name };
  };
  const stack = await inlineStack({ projectName: "rrset-lifecycle", program, config: e2e.config });
  const path = "/hcloud/v1/zones/";
  try {
    const up = await timed("rrset up", () => stack.up());
    expect(up.summary.resourceChanges).toEqual({ create: 4 });
    const zoneId = Number(String(up.outputs.wwwId.value).split("/")[0]);
    expect(up.outputs.wwwId.value).toBe(`${zoneId}/www/A`);
    expect(up.outputs.fqdn.value).toBe("www.example-rrset.de.");
    expect(up.outputs.mxName.value).toBe("@");
    expect(up.outputs.mx.value).toEqual([{ value: "10 mail.example-rrset.de.", comment: "" }]);
    expect(await rrset("example-rrset.de", "www", "A")).toMatchObject({ ttl: null, records: expect.arrayContaining([expect.objectContaining({ value: "192.0.2.1" }), { value: "192.0.2.2", comment: "second" }]) });
    const base = `${path}${zoneId}/rrsets/www/A`;

    await e2e.api.clearRequests();
    expect((await timed("rrset no-op preview", () => stack.preview())).changeSummary).toEqual({ same: 4 });
    expect(await e2e.api.requestLines()).toEqual([]);

    // Another order: no change.
    records = [{ value: "192.0.2.2", comment: "second" }, { value: "192.0.2.1" }];
    expect((await stack.preview()).changeSummary).toEqual({ same: 4 });

    const step = async (label: string, expected: string[]) => {
      await e2e.api.clearRequests();
      expect((await timed(`rrset up (${label})`, () => stack.up())).summary.resourceChanges).toEqual({ same: 3, update: 1 });
      expect(await writes()).toEqual(expected);
    };
    records = [...records, { value: "192.0.2.3" }];
    // preview --diff names the record added, not every record by position.
    const shown = (await stack.preview({ diff: true })).stdout.split("\n").map((line) => line.trim());
    expect(shown).toEqual(expect.arrayContaining(["~ records: [", "+ [2]: {", '+ value  : "192.0.2.3"']));
    expect(shown.filter((line) => /^[~+-] \[[01]\]/.test(line))).toEqual([]);
    await step("add", [`POST ${base}/actions/add_records`]);
    records = records.filter((r) => r.value !== "192.0.2.1");
    await step("remove", [`POST ${base}/actions/remove_records`]);
    records = records.map((r) => (r.value === "192.0.2.3" ? { ...r, comment: "third" } : r));
    await step("comment", [`POST ${base}/actions/update_records`]);
    records = [{ value: "192.0.2.2", comment: "second" }, { value: "192.0.2.4" }];
    await step("add and remove", [`POST ${base}/actions/set_records`]);
    ttl = 300;
    await step("ttl", [`POST ${base}/actions/change_ttl`]);
    labels = { team: "web" };
    await step("labels", [`PUT ${base}`]);
    changeProtection = true;
    await step("protect", [`POST ${base}/actions/change_protection`]);
    expect(await rrset("example-rrset.de", "www", "A")).toMatchObject({ ttl: 300, labels: { team: "web" }, protection: { change: true } });
    expect(values(await rrset("example-rrset.de", "www", "A"))).toEqual(["192.0.2.2", "192.0.2.4"]);
    changeProtection = false;
    await step("unprotect", [`POST ${base}/actions/change_protection`]);

    // Out-of-band change: refresh records it, the next up restores the program's records.
    expect((await e2e.api.json("POST", `${base}/actions/add_records`, { records: [{ value: "198.51.100.9" }] })).status).toBe(201);
    await sleep(500);
    expect((await timed("rrset refresh", () => stack.refresh())).summary.resourceChanges).toEqual({ same: 3, update: 1 });
    const drifted = (await stack.exportStack()).deployment.resources.find((r: { urn: string }) => r.urn.endsWith("::www"));
    expect(drifted.outputs.records.map((r: Rec) => r.value)).toContain("198.51.100.9");
    await step("restore", [`POST ${base}/actions/remove_records`]);

    // A new name replaces: the new record set exists before the old one is deleted.
    name = "web";
    await e2e.api.clearRequests();
    const replaced = await timed("rrset up (replace)", () => stack.up());
    expect(replaced.summary.resourceChanges).toEqual({ same: 3, replace: 1 });
    expect(await writes()).toEqual([`POST ${path}example-rrset.de/rrsets`, `DELETE ${base}`]);
    expect((await rrsets("example-rrset.de")).map((r) => `${r.name}/${r.type}`).sort()).toEqual(["@/MX", "@/NS", "@/SOA", "web/A"]);

    // Out-of-band delete: refresh drops it, the next up creates it again.
    expect((await e2e.api.json("DELETE", `${path}${zoneId}/rrsets/web/A`)).status).toBe(201);
    await sleep(500);
    expect((await timed("rrset refresh (deleted)", () => stack.refresh())).summary.resourceChanges).toEqual({ same: 3, delete: 1 });
    expect((await timed("rrset up (recreate)", () => stack.up())).summary.resourceChanges).toEqual({ same: 3, create: 1 });
    expect(values(await rrset("example-rrset.de", "web", "A"))).toEqual(["192.0.2.2", "192.0.2.4"]);

    await timed("rrset destroy", () => stack.destroy());
    expect((await e2e.api.json("GET", "/hcloud/v1/zones")).body.zones).toEqual([]);
  } finally {
    await removeStack(stack);
  }
});

test("ZoneRrset: the apex NS and the SOA are adopted (records set); deleting the resources restores Hetzner's nameservers and leaves the SOA", async () => {
  let manageNs = true;
  const program = async () => {
    const zone = new hcloud.Zone("zone", { name: "example-ns.de" });
    if (manageNs) {
      new hcloud.ZoneRrset("apex-ns", {
        zone: zone.name,
        name: "@",
        type: "NS",
        records: [...ASSIGNED, "ns1.example-secondary.net."].map((value) => ({ value })),
      });
      // The serial is Hetzner's: whatever the program writes, it never shows as a change.
      new hcloud.ZoneRrset("soa", { zone: zone.name, name: "@", type: "SOA", records: [{ value: "hydrogen.ns.hetzner.com. dns.hetzner.com. 1 86400 7200 3600000 3600" }] });
    }
    return { id: zone.zoneId };
  };
  const stack = await inlineStack({ projectName: "rrset-apex-ns", program, config: e2e.config });
  try {
    await e2e.api.clearRequests();
    const up = await timed("apex NS up", () => stack.up());
    expect(up.summary.resourceChanges).toEqual({ create: 4 });
    // Adopted: never created, their records set.
    const id = up.outputs.id.value;
    const lines = await writes();
    expect(lines.filter((l) => l.endsWith("/rrsets"))).toEqual([]);
    expect(lines).toEqual(expect.arrayContaining([`POST /hcloud/v1/zones/${id}/rrsets/%40/NS/actions/add_records`, `POST /hcloud/v1/zones/${id}/rrsets/%40/SOA/actions/set_records`]));
    expect(values(await rrset("example-ns.de", "@", "NS"))).toEqual([...ASSIGNED, "ns1.example-secondary.net."].sort());
    const [soa] = values(await rrset("example-ns.de", "@", "SOA"));
    expect(soa).toMatch(/^hydrogen\.ns\.hetzner\.com\. dns\.hetzner\.com\. \d{10} 86400 7200 3600000 3600$/);
    await e2e.api.clearRequests();
    expect((await stack.preview()).changeSummary).toEqual({ same: 4 });
    expect(await e2e.api.requestLines()).toEqual([]);
    expect((await stack.refresh()).summary.resourceChanges?.update ?? 0).toBe(0);
    expect((await stack.preview()).changeSummary).toEqual({ same: 4 });

    manageNs = false;
    await e2e.api.clearRequests();
    const dropped = await timed("apex NS up (resources removed)", () => stack.up());
    expect(dropped.summary.resourceChanges).toEqual({ same: 2, delete: 2 });
    const restored = await rrset("example-ns.de", "@", "NS");
    expect(values(restored)).toEqual(ASSIGNED);
    expect(restored.labels).toEqual({});
    expect((await writes()).filter((l) => l.includes("SOA"))).toEqual([]);
    expect(values(await rrset("example-ns.de", "@", "SOA"))[0]).toMatch(/ 86400 7200 3600000 3600$/);
  } finally {
    await removeStack(stack);
  }
});

test("ZoneRrset: the realistic zone file as individual record sets, and an empty second preview", async () => {
  const origin = "example-shop.de";
  const sets = dns.parseZoneFile(fs.readFileSync(path.join(__dirname, "../fixtures/zones/realistic.zone"), "utf8"), origin);
  const program = async () => {
    const zone = new hcloud.Zone("shop", { name: origin });
    for (const set of sets) {
      new hcloud.ZoneRrset(`${set.name}-${set.type}`, { zone: zone.name, name: set.name, type: set.type as hcloud.ZoneRecordType, ttl: set.ttl, records: set.values.map((value) => ({ value })) });
    }
    return {};
  };
  const stack = await inlineStack({ projectName: "rrset-realistic", program, config: e2e.config });
  try {
    const up = await timed("realistic up", () => stack.up());
    expect(up.summary.resourceChanges).toEqual({ create: sets.length + 2 });
    await e2e.api.clearRequests();
    expect((await timed("realistic second preview", () => stack.preview())).changeSummary).toEqual({ same: sets.length + 2 });
    expect(await e2e.api.requestLines()).toEqual([]);

    // What the API holds: the DKIM key as three strings, CAA quoted, the IDN label, the delegation.
    const dkim = await rrset(origin, "mail._domainkey", "TXT");
    expect(dkim.records).toHaveLength(1);
    const dkimPlain = sets.find((set) => set.name === "mail._domainkey")!.values[0];
    expect(dkimPlain).toMatch(/^v=DKIM1; k=rsa; p=MIIB.{380,}$/);
    expect(dns.txtFromWire(dkim.records[0].value)).toBe(dkimPlain);
    expect(dkim.records[0].value.split('" "').every((chunk: string) => chunk.replace(/^"|"$/g, "").length <= 255)).toBe(true);
    expect(values(await rrset(origin, "@", "CAA"))).toEqual(['0 iodef "mailto:security@example-shop.de"', '0 issue "letsencrypt.org"']);
    expect(values(await rrset(origin, "xn--bcher-kva", "A"))).toEqual(["203.0.113.30"]);
    expect(values(await rrset(origin, "dev", "NS"))).toEqual(["ns1.dev-hosting.example.", "ns2.dev-hosting.example."]);
    expect((await rrset(origin, "shop", "A")).ttl).toBe(300);

    const refresh = await timed("realistic refresh", () => stack.refresh());
    expect(refresh.summary.resourceChanges?.update ?? 0).toBe(0);
    expect((await stack.preview()).changeSummary).toEqual({ same: sets.length + 2 });
  } finally {
    await removeStack(stack);
  }
});

test("Zone and ZoneRrset: a lost create answer takes over its own object (no duplicate); a record set someone else made is refused, naming it", async () => {
  let withRrset = false;
  const program = async () => {
    const zone = new hcloud.Zone("zone", { name: "example-lost.de" });
    if (withRrset) new hcloud.ZoneRrset("www", { zone: zone.name, name: "www", type: "A", records: [{ value: "192.0.2.1" }] });
    return { id: zone.zoneId };
  };
  const stack = await inlineStack({ projectName: "rrset-lost", program, config: e2e.config });
  const fault = async (spec: Record<string, unknown>) => expect((await e2e.api.json("POST", "/__emulator/faults", spec)).status).toBe(201);
  try {
    // The API creates the zone, but the answer is lost: the create finds it by name, made after the request and as asked.
    const posted = async (path: string) => (await e2e.api.requests()).filter((r) => r.method === "POST" && r.path === path).map((r) => r.status);
    await e2e.api.clearRequests();
    await fault({ method: "POST", path: "/v1/zones$", status: 502, code: "bad_gateway", afterProcessing: true });
    const up = await timed("lost zone up", () => stack.up());
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    expect(await posted("/hcloud/v1/zones")).toEqual([502]);
    expect((await e2e.api.json("GET", "/hcloud/v1/zones")).body.zones.map((z: { id: number }) => z.id)).toEqual([up.outputs.id.value]);

    // Someone else's record set of the name and type: no silent takeover.
    const zoneId = up.outputs.id.value;
    expect((await e2e.api.json("POST", `/hcloud/v1/zones/${zoneId}/rrsets`, { name: "www", type: "A", records: [{ value: "198.51.100.7" }] })).status).toBe(201);
    await sleep(500);
    withRrset = true;
    const refused = await timed("rrset up (not ours)", () => stack.up().then(() => undefined, (e: Error) => e));
    expect(String(refused)).toContain(
      "record set www A in zone example-lost.de already exists and is not managed by this resource (it does not carry this resource's owner label pulumi-dns-cloud/owner). Delete it, or leave it to whoever manages it and remove this resource from the program, then run `pulumi up` again",
    );
    expect(values(await rrset("example-lost.de", "www", "A"))).toEqual(["198.51.100.7"]);

    // Deleted by its owner: the create goes through now, its answer lost; it finds its own (owner label) and converges.
    expect((await e2e.api.json("DELETE", `/hcloud/v1/zones/${zoneId}/rrsets/www/A`)).status).toBe(201);
    await sleep(500);
    await e2e.api.clearRequests();
    await fault({ method: "POST", path: "/v1/zones/[^/]+/rrsets$", status: 502, code: "bad_gateway", afterProcessing: true });
    const created = await timed("lost rrset up", () => stack.up());
    expect(created.summary.resourceChanges).toEqual({ same: 2, create: 1 });
    expect(await posted("/hcloud/v1/zones/example-lost.de/rrsets")).toEqual([502]);
    expect(values(await rrset("example-lost.de", "www", "A"))).toEqual(["192.0.2.1"]);
    expect((await stack.preview()).changeSummary).toEqual({ same: 3 });
  } finally {
    await e2e.api.json("DELETE", "/__emulator/faults");
    await removeStack(stack);
  }
});
