/**
 * Drift of every kind of the three DNS families (legacy Hetzner DNS, Cloudflare, VPS.org) through the engine,
 * in one stack so the whole matrix costs five engine runs: each object is changed out of band through its
 * family's API (with the family's token, as another client would); `preview --refresh` and then `refresh`
 * name the changed properties of each resource and record them as its inputs; `up` restores what the program
 * declares. Then each object is deleted out of band, and `up --refresh` drops it from the state and creates
 * it again (a whole-zone resource, whose zone stays, records its records gone and writes them again).
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { canonicalJson } from "../../provider/core/inputs";
import { cloudflare, hetznerdns, vpsorg } from "../../sdk";
import { inlineStack, removeStack, timed, useEmulator } from "./harness";

jest.setTimeout(600_000);

// VPS.org takes only tokens that start with vps_; the other families take any.
const e2e = useEmulator({ token: "vps_e2e-drift-dns-3c9e" });

type Family = "hetznerdns" | "cloudflare" | "vpsorg";

/** A request to a family's API with its own auth header, which must succeed; its answer's body. */
async function outOfBand(family: Family, method: string, path: string, body?: unknown): Promise<any> {
  const base = { hetznerdns: e2e.emulator.hetznerDnsUrl, cloudflare: e2e.emulator.cloudflareUrl, vpsorg: e2e.emulator.vpsorgUrl }[family];
  const auth: Record<string, string> = family === "hetznerdns" ? { "Auth-API-Token": e2e.token } : { authorization: `Bearer ${e2e.token}` };
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...auth, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  expect({ method, path, status: response.status < 300 ? "ok" : `${response.status} ${text}` }).toEqual({ method, path, status: "ok" });
  return text ? JSON.parse(text) : undefined;
}

/** The names of the properties (not `__…`) that differ between two property maps. */
function changedNames(before: Record<string, unknown> = {}, after: Record<string, unknown> = {}): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((name) => !name.startsWith("__") && canonicalJson(before[name] ?? null) !== canonicalJson(after[name] ?? null))
    .sort();
}

/**
 * Per resource name, what the engine's steps of `op` changed: the input names whose values differ (a refresh
 * step's new inputs come from the provider's read, an update step's from the program), or "gone" when a
 * refresh found the object deleted. Resources whose step changed nothing are left out.
 */
function stepChanges(events: EngineEvent[], op: "refresh" | "update"): Record<string, string[] | "gone"> {
  const changes: Record<string, string[] | "gone"> = {};
  // A refresh step's outcome is the next outputs event of its resource (its op there is `refresh` in a preview,
  // the outcome's own in a refresh); an update's planned inputs are in its pre-event.
  const refreshing = new Set<string>();
  for (const event of events) {
    const pre = event.resourcePreEvent?.metadata;
    if (op === "refresh" && pre?.op === "refresh") refreshing.add(pre.urn);
    const metadata = op === "refresh" ? event.resOutputsEvent?.metadata : pre?.op === "update" ? pre : undefined;
    if (!metadata || (op === "refresh" && !refreshing.delete(metadata.urn))) continue;
    if (!metadata.old?.custom || metadata.type.startsWith("pulumi:providers:")) continue;
    const name = metadata.urn.split("::").pop()!;
    if (!metadata.new) changes[name] = "gone";
    else {
      const changed = changedNames(metadata.old.inputs, metadata.new.inputs);
      if (changed.length) changes[name] = changed;
    }
  }
  return changes;
}

/** The operations of a run's steps by resource name (e.g. create, update, same). */
function stepOps(events: EngineEvent[]): Record<string, string> {
  const ops: Record<string, string> = {};
  for (const event of events) {
    const metadata = event.resourcePreEvent?.metadata;
    if (metadata && metadata.op !== "refresh" && !metadata.urn.includes("pulumi:pulumi:Stack") && !metadata.type.startsWith("pulumi:providers:")) {
      ops[metadata.urn.split("::").pop()!] = metadata.op;
    }
  }
  return ops;
}

const LEGACY_ZONE = "drift-legacy.com";
const LEGACY_SECONDARY = "drift-secondary.com";
const VPS_ZONE = "drift-vps.com";
const VPS_SPARE = "drift-vps-spare.com";
const CF_ZONE = "drift-cf.com";

/** What the program declares, as `liveState()` reads it back. */
const DECLARED = {
  legacyZoneTtl: 3600,
  legacyWww: "www A 192.0.2.1 300",
  legacyMail: ["mail A 192.0.2.10 -", "mail A 192.0.2.11 -"],
  legacyPrimary: ["192.0.2.53:53"],
  cloudflareWww: "www.drift-cf.com A 192.0.2.1 300 web",
  cloudflareMail: ["mail.drift-cf.com A 192.0.2.20 1 mx", "mail.drift-cf.com A 192.0.2.21 1 mx"],
  vpsWww: "www A 192.0.2.1 600",
  vpsMail: ["mail A 192.0.2.30 3600", "mail A 192.0.2.31 3600"],
  vpsSpare: true,
};

test("drift of every DNS kind: preview --refresh and refresh name the changed properties, up reverts them; out-of-band deletes are re-created by up --refresh", async () => {
  const cfZone = await e2e.api.json("POST", "/__emulator/cloudflare/zones", { name: CF_ZONE, plan: "pro" });
  expect(cfZone.status).toBe(201);
  const cfZoneId: string = cfZone.body.zone.id;
  const mailOnly = { names: ["mail"] };

  const program = async () => {
    const zone = new hetznerdns.Zone("legacy-zone", { name: LEGACY_ZONE, ttl: 3600 });
    new hetznerdns.Record("legacy-www", { zoneId: zone.zoneId, name: "www", type: "A", value: "192.0.2.1", ttl: 300 });
    new hetznerdns.ZoneRecords("legacy-records", { zone: zone.zoneId, filter: mailOnly, records: [{ name: "mail", type: "A", values: ["192.0.2.10", "192.0.2.11"] }] });
    const secondary = new hetznerdns.Zone("legacy-secondary", { name: LEGACY_SECONDARY });
    new hetznerdns.PrimaryServer("legacy-primary", { zoneId: secondary.zoneId, address: "192.0.2.53", port: 53 });

    new cloudflare.DnsRecord("cf-www", { zoneId: cfZoneId, name: "www", type: "A", content: "192.0.2.1", ttl: 300, comment: "web" });
    new cloudflare.DnsRecords("cf-records", {
      zoneId: cfZoneId,
      filter: mailOnly,
      records: [{ name: "mail", type: "A", values: ["192.0.2.20", "192.0.2.21"] }],
      recordExtras: [{ name: "mail", type: "A", comment: "mx" }],
    });

    const vpsZone = new vpsorg.DnsZone("vps-zone", { domain: VPS_ZONE });
    new vpsorg.DnsRecord("vps-www", { zoneId: vpsZone.zoneId, recordType: "A", name: "www", value: "192.0.2.1", ttl: 600 });
    new vpsorg.ZoneRecords("vps-records", { zone: vpsZone.zoneId, filter: mailOnly, records: [{ name: "mail", type: "A", values: ["192.0.2.30", "192.0.2.31"] }] });
    new vpsorg.DnsZone("vps-spare", { domain: VPS_SPARE });
  };
  const stack = await inlineStack({
    projectName: "drift-dns",
    program,
    config: {
      "hetznerdns:endpoint": { value: e2e.emulator.hetznerDnsUrl },
      "hetznerdns:apiToken": { value: e2e.token, secret: true },
      "cloudflare:endpoint": { value: e2e.emulator.cloudflareUrl },
      "cloudflare:apiToken": { value: e2e.token, secret: true },
      "vpsorg:endpoint": { value: e2e.emulator.vpsorgUrl },
      "vpsorg:apiToken": { value: e2e.token, secret: true },
    },
  });

  /** The live objects, found by name as another client would, in DECLARED's shape. */
  async function liveState() {
    const [legacyZone] = (await outOfBand("hetznerdns", "GET", `/zones?name=${LEGACY_ZONE}`)).zones;
    const [secondary] = (await outOfBand("hetznerdns", "GET", `/zones?name=${LEGACY_SECONDARY}`)).zones;
    const legacyRecords: any[] = (await outOfBand("hetznerdns", "GET", `/records?zone_id=${legacyZone.id}`)).records;
    const legacyLine = (r: any) => `${r.name} ${r.type} ${r.value} ${r.ttl ?? "-"}`;
    const primaries: any[] = secondary ? (await outOfBand("hetznerdns", "GET", `/primary_servers?zone_id=${secondary.id}`)).primary_servers : [];
    const cfRecords: any[] = (await outOfBand("cloudflare", "GET", `/zones/${cfZoneId}/dns_records?per_page=5000`)).result;
    const cfLine = (r: any) => `${r.name} ${r.type} ${r.content} ${r.ttl} ${r.comment ?? "-"}`;
    const vpsZones: any[] = await outOfBand("vpsorg", "GET", "/dns-zones/");
    const vpsZone = vpsZones.find((z) => z.domain === VPS_ZONE);
    const vpsRecords: any[] = (await outOfBand("vpsorg", "GET", `/dns-zones/${vpsZone.uuid}/`)).records;
    const vpsLine = (r: any) => `${r.name} ${r.record_type} ${r.value} ${r.ttl}`;
    const byValue = (records: any[], field: string) => [...records].sort((a, b) => String(a[field]).localeCompare(String(b[field])));
    return {
      legacyZoneTtl: legacyZone.ttl,
      legacyWww: legacyRecords.filter((r) => r.name === "www").map(legacyLine).join(),
      legacyMail: legacyRecords.filter((r) => r.name === "mail").map(legacyLine).sort(),
      legacyPrimary: primaries.map((p) => `${p.address}:${p.port}`),
      cloudflareWww: cfRecords.filter((r) => r.name === `www.${CF_ZONE}`).map(cfLine).join(),
      cloudflareMail: cfRecords.filter((r) => r.name === `mail.${CF_ZONE}`).map(cfLine).sort(),
      vpsWww: vpsRecords.filter((r) => r.name === "www").map(vpsLine).join(),
      vpsMail: vpsRecords.filter((r) => r.name === "mail").map(vpsLine).sort(),
      vpsSpare: vpsZones.some((z) => z.domain === VPS_SPARE),
      // The ids out-of-band changes address (a name's records in the order of their values).
      ids: {
        legacyZone: legacyZone.id as string,
        legacySecondary: secondary?.id as string | undefined,
        legacyWww: legacyRecords.find((r) => r.name === "www")?.id as string,
        legacyMail: byValue(legacyRecords.filter((r) => r.name === "mail"), "value").map((r) => r.id as string),
        legacyPrimary: primaries[0]?.id as string | undefined,
        cloudflareWww: cfRecords.find((r) => r.name === `www.${CF_ZONE}`)?.id as string,
        cloudflareMail: byValue(cfRecords.filter((r) => r.name === `mail.${CF_ZONE}`), "content").map((r) => r.id as string),
        vpsWww: vpsRecords.find((r) => r.name === "www")?.uuid as string,
        vpsMail: byValue(vpsRecords.filter((r) => r.name === "mail"), "value").map((r) => r.uuid as string),
        vpsSpare: vpsZones.find((z) => z.domain === VPS_SPARE)?.uuid as string,
      },
    };
  }
  const declared = async () => {
    const { ids, ...state } = await liveState();
    return state;
  };

  try {
    expect((await timed("drift up", () => stack.up())).summary.resourceChanges).toEqual({ create: 12 });
    expect(await declared()).toEqual(DECLARED);
    const { ids } = await liveState();

    // Out of band: every property a program sets that the API lets another client change.
    await outOfBand("hetznerdns", "PUT", `/zones/${ids.legacyZone}`, { name: LEGACY_ZONE, ttl: 7200 });
    await outOfBand("hetznerdns", "PUT", `/records/${ids.legacyWww}`, { zone_id: ids.legacyZone, name: "www", type: "A", value: "192.0.2.9", ttl: 600 });
    await outOfBand("hetznerdns", "PUT", `/records/${ids.legacyMail[0]}`, { zone_id: ids.legacyZone, name: "mail", type: "A", value: "192.0.2.12" });
    await outOfBand("hetznerdns", "PUT", `/primary_servers/${ids.legacyPrimary}`, { zone_id: ids.legacySecondary, address: "192.0.2.54", port: 5353 });
    await outOfBand("cloudflare", "PATCH", `/zones/${cfZoneId}/dns_records/${ids.cloudflareWww}`, { content: "192.0.2.9", ttl: 600, comment: "changed" });
    await outOfBand("cloudflare", "PATCH", `/zones/${cfZoneId}/dns_records/${ids.cloudflareMail[0]}`, { content: "192.0.2.22", comment: "changed" });
    await outOfBand("vpsorg", "PATCH", `/dns-records/${ids.vpsWww}/`, { value: "192.0.2.9", ttl: 300 });
    await outOfBand("vpsorg", "PATCH", `/dns-records/${ids.vpsMail[0]}/`, { value: "192.0.2.32" });
    // A VPS.org zone has nothing to change but its domain, which is another zone: it drifts only by deletion (below).

    const drifted = {
      "legacy-zone": ["ttl"],
      "legacy-www": ["ttl", "value"],
      "legacy-records": ["records"],
      "legacy-primary": ["address", "port"],
      "cf-www": ["comment", "content", "ttl"],
      "cf-records": ["recordExtras", "records"],
      "vps-www": ["ttl", "value"],
      "vps-records": ["records"],
    };
    // preview --refresh: the refresh finds the drift, and the plan updates exactly those properties back.
    const previewed: EngineEvent[] = [];
    const preview = await timed("drift preview --refresh", () => stack.preview({ refresh: true, diff: true, onEvent: (e) => previewed.push(e) }));
    expect(stepChanges(previewed, "refresh")).toEqual(drifted);
    expect(stepChanges(previewed, "update")).toEqual(drifted);
    expect(preview.changeSummary).toEqual({ same: 4, update: 8 });

    // refresh: the same names, recorded as the resources' inputs (the state's inputs are the live values now).
    const refreshed: EngineEvent[] = [];
    const refresh = await timed("drift refresh", () => stack.refresh({ onEvent: (e) => refreshed.push(e) }));
    expect(stepChanges(refreshed, "refresh")).toEqual(drifted);
    expect(refresh.summary.resourceChanges).toEqual({ same: 4, update: 8 });
    const inputsOf = async (name: string) =>
      (await stack.exportStack()).deployment.resources.find((r: { urn: string }) => r.urn.endsWith(`::${name}`)).inputs;
    expect(await inputsOf("legacy-primary")).toMatchObject({ address: "192.0.2.54", port: 5353 });
    expect(await inputsOf("cf-www")).toMatchObject({ content: "192.0.2.9", ttl: 600, comment: "changed" });
    expect((await inputsOf("vps-records")).records).toEqual([{ name: "mail", type: "A", values: ["192.0.2.31", "192.0.2.32"] }]);

    // up reverts every drifted property, and nothing else.
    const reverted: EngineEvent[] = [];
    await timed("drift revert up", () => stack.up({ onEvent: (e) => reverted.push(e) }));
    expect(stepChanges(reverted, "update")).toEqual(drifted);
    expect(await declared()).toEqual(DECLARED);

    // Out of band: every object deleted (the whole-zone resources' records; their zones stay).
    const now = (await liveState()).ids;
    await outOfBand("hetznerdns", "DELETE", `/records/${now.legacyWww}`);
    for (const id of now.legacyMail) await outOfBand("hetznerdns", "DELETE", `/records/${id}`);
    await outOfBand("hetznerdns", "DELETE", `/primary_servers/${now.legacyPrimary}`);
    await outOfBand("hetznerdns", "DELETE", `/zones/${now.legacySecondary}`);
    for (const id of [now.cloudflareWww, ...now.cloudflareMail]) await outOfBand("cloudflare", "DELETE", `/zones/${cfZoneId}/dns_records/${id}`);
    for (const id of [now.vpsWww, ...now.vpsMail]) await outOfBand("vpsorg", "DELETE", `/dns-records/${id}/`);
    await outOfBand("vpsorg", "DELETE", `/dns-zones/${now.vpsSpare}/`);

    // up --refresh: the refresh drops what is gone, records the whole-zone resources' records gone; up makes them again.
    const recreated: EngineEvent[] = [];
    await timed("drift up --refresh", () => stack.up({ refresh: true, onEvent: (e) => recreated.push(e) }));
    expect(stepChanges(recreated, "refresh")).toEqual({
      "legacy-www": "gone",
      "legacy-records": ["records"],
      "legacy-secondary": "gone",
      "legacy-primary": "gone",
      "cf-www": "gone",
      "cf-records": ["recordExtras", "records"],
      "vps-www": "gone",
      "vps-records": ["records"],
      "vps-spare": "gone",
    });
    expect(stepOps(recreated)).toEqual({
      "legacy-zone": "same",
      "legacy-www": "create",
      "legacy-records": "update",
      "legacy-secondary": "create",
      "legacy-primary": "create",
      "cf-www": "create",
      "cf-records": "update",
      "vps-zone": "same",
      "vps-www": "create",
      "vps-records": "update",
      "vps-spare": "create",
    });
    expect(await declared()).toEqual(DECLARED);
  } finally {
    await removeStack(stack);
  }
});
