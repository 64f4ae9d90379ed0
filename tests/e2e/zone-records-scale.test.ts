/**
 * A 500-record zone through hcloud.ZoneRecords, then 10 records changed: prints the emulator's request log
 * (method and path, runs of the same request collapsed) and the number of write requests of each step.
 * The same zone created by hcloud.Zone `records` (one POST) for comparison.
 */
import { dns, hcloud } from "../../sdk";
import { inlineStack, LoggedRequest, removeStack, timed, useEmulator } from "./harness";

jest.setTimeout(600_000);

const e2e = useEmulator({ token: "e2e-hcloud-token-zone-scale-51d0", actionDurationMs: 100 });

/** 500 rrsets of one record each: 300 A, 100 AAAA, 50 TXT, 50 CNAME. */
function records(changed = new Set<number>()): dns.RecordSet[] {
  return Array.from({ length: 500 }, (_, i): dns.RecordSet => {
    const name = `host${String(i).padStart(3, "0")}`;
    const bump = changed.has(i) ? 100 : 0;
    if (i < 300) return { name, type: "A", values: [`10.0.${Math.floor(i / 250) + bump}.${(i % 250) + 1}`] };
    if (i < 400) return { name, type: "AAAA", values: [`2001:db8::${(i + bump).toString(16)}`] };
    if (i < 450) return { name, type: "TXT", values: [`site-verification=${i + bump}`] };
    return { name, type: "CNAME", values: [`host${String(i - 450 + bump).padStart(3, "0")}`] };
  });
}

/** `METHOD path` lines, rrset names and ids made generic, runs of the same line collapsed (`× n`). */
function summary(requests: LoggedRequest[]): string[] {
  const generic = requests.map((r) =>
    `${r.method} ${r.path.replace(/\/zones\/\d+/, "/zones/{id}").replace(/\/rrsets\/[^/]+\/[A-Z]+/, "/rrsets/{name}/{type}")}`.replace(/\/actions\/\d+$/, "/actions/{id}"),
  );
  const lines: string[] = [];
  let previous = "";
  let count = 0;
  for (const line of [...generic, ""]) {
    if (line === previous) count++;
    else {
      if (previous) lines.push(count > 1 ? `${previous} × ${count}` : previous);
      previous = line;
      count = 1;
    }
  }
  return lines;
}

const isWrite = (r: LoggedRequest) => r.method !== "GET";

async function step(label: string, run: () => Promise<unknown>): Promise<LoggedRequest[]> {
  await e2e.api.clearRequests();
  await timed(label, run);
  const requests = (await e2e.api.requests()).filter((r) => r.path.startsWith("/hcloud/"));
  process.stdout.write(
    `\n[zone-scale] ${label}: ${requests.length} requests, ${requests.filter(isWrite).length} writes\n` + summary(requests).map((l) => `  ${l}\n`).join(""),
  );
  return requests;
}

test("500 records through ZoneRecords on an existing zone, then 10 changed: the requests of each step", async () => {
  const created = await e2e.api.json("POST", "/hcloud/v1/zones", { name: "scale-e2e.com", mode: "primary" });
  expect(created.status).toBe(201);
  let changed = new Set<number>();
  const stack = await inlineStack({
    projectName: "zone-records-scale",
    program: async () => {
      const zone = new hcloud.ZoneRecords("scale", { zone: "scale-e2e.com", records: records(changed) });
      return { count: zone.rrsetCount };
    },
    config: e2e.config,
  });
  try {
    const create = await step("ZoneRecords create (500 rrsets)", () => stack.up());
    // One import of the whole zone beats 500 POSTs, and nothing follows it (no owner label PUTs: the state records the rrsets).
    expect(create.filter(isWrite).map((r) => `${r.method} ${r.path}`)).toEqual([`POST /hcloud/v1/zones/${created.body.zone.id}/actions/import_zonefile`]);
    expect((await stack.exportStack()).deployment.resources.find((r: { type: string }) => r.type.endsWith("hcloud:ZoneRecords")).outputs.rrsetCount).toBe(500);

    expect(await step("no-op preview", () => stack.preview())).toEqual([]);

    // 10 values in four types: another import (one write and its wait) beats 10 × set_records and its wait.
    changed = new Set([0, 1, 2, 3, 300, 301, 400, 401, 450, 451]);
    const change = await step("ZoneRecords change (10 records)", () => stack.up());
    expect(change.filter(isWrite).map((r) => `${r.method} ${r.path}`)).toEqual([`POST /hcloud/v1/zones/${created.body.zone.id}/actions/import_zonefile`]);
    const host000 = await e2e.api.json("GET", `/hcloud/v1/zones/${created.body.zone.id}/rrsets/host000/A`);
    expect(host000.body.rrset.records).toEqual([{ value: "10.0.100.1", comment: "" }]);
    expect(await step("no-op preview after the change", () => stack.preview())).toEqual([]);
  } finally {
    await removeStack(stack);
  }
});

test("the same 500 records with a new zone through Zone records: one POST", async () => {
  const stack = await inlineStack({
    projectName: "zone-with-records-scale",
    program: async () => {
      const zone = new hcloud.Zone("scale", { name: "scale-zone-e2e.com", records: records() });
      return { zoneId: zone.zoneId };
    },
    config: e2e.config,
  });
  try {
    const create = await step("Zone create with records (500 rrsets)", () => stack.up());
    expect(create.filter(isWrite).map((r) => `${r.method} ${r.path}`)).toEqual(["POST /hcloud/v1/zones"]);
  } finally {
    await removeStack(stack);
  }
});
