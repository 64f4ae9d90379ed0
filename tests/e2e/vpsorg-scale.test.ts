/**
 * VPS.org at scale, counting requests in the emulator's log: 300 DnsRecords of one zone (`--parallel 300`:
 * their creates read the zone once, their refresh shares one listing of the zone's records), and
 * ZoneRecords with 300 record sets (no bulk endpoint: one POST per record, a change of 10 values is 10
 * PATCHes), each with a no-op preview that sends nothing.
 */
import { dns, vpsorg } from "../../sdk";
import { inlineStack, LoggedRequest, removeStack, timed, useEmulator } from "./harness";
import { vpsorgTools } from "../support/vpsorg";

jest.setTimeout(900_000);

const e2e = useEmulator({ token: "vps_e2e-scale-7d41" });
const { config, outOfBand } = vpsorgTools(e2e);
const COUNT = 300;
const PARALLEL = 300;

/** The requests since the last clear, counted by `METHOD shape` (uuids replaced by `{id}`). */
async function counted(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const r of (await e2e.api.requests()) as LoggedRequest[]) {
    const shape = `${r.method} ${r.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, "{id}")}`;
    counts[shape] = (counts[shape] ?? 0) + 1;
  }
  process.stdout.write(`[e2e] requests: ${JSON.stringify(counts)}\n`);
  return counts;
}
const hosts = (n: number) => Array.from({ length: n }, (_, i) => `host${i}`);

test(`${COUNT} DnsRecords of one zone: creates read the zone once, refresh shares the zone's listing`, async () => {
  const zone = await outOfBand("POST", "/dns-zones/", { domain: "scale-records.com" });
  const program = async () => {
    hosts(COUNT).forEach((name, i) => new vpsorg.DnsRecord(name, { zoneId: zone.uuid, recordType: "A", name, value: `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}` }));
  };
  const stack = await inlineStack({ projectName: "vpsorg-scale-records", program, config: config() });
  try {
    await e2e.api.clearRequests();
    const up = await timed(`${COUNT} records up --parallel ${PARALLEL}`, () => stack.up({ parallel: PARALLEL }));
    expect(up.summary.resourceChanges).toEqual({ create: COUNT + 1 });
    const created = await counted();
    expect(created["POST /vpsorg/api/v1/dns-zones/{id}/records/"]).toBe(COUNT);
    // Creates that run at once share the zone's read; a wave arriving later reads it again.
    expect(created["GET /vpsorg/api/v1/dns-zones/{id}/"]).toBeLessThanOrEqual(10);

    await e2e.api.clearRequests();
    expect((await timed(`${COUNT} records no-op preview`, () => stack.preview())).changeSummary).toEqual({ same: COUNT + 1 });
    expect(await counted()).toEqual({});

    await e2e.api.clearRequests();
    const refresh = await timed(`${COUNT} records refresh --parallel ${PARALLEL}`, () => stack.refresh({ parallel: PARALLEL }));
    expect(refresh.summary.resourceChanges).toEqual({ same: COUNT + 1 });
    const read = await counted();
    expect(Object.keys(read)).toEqual(["GET /vpsorg/api/v1/dns-zones/{id}/records/"]);
    expect(read["GET /vpsorg/api/v1/dns-zones/{id}/records/"]).toBeLessThanOrEqual(10);

    await e2e.api.clearRequests();
    await timed(`${COUNT} records destroy --parallel ${PARALLEL}`, () => stack.destroy({ parallel: PARALLEL }));
    expect((await counted())["DELETE /vpsorg/api/v1/dns-records/{id}/"]).toBe(COUNT);
  } finally {
    await removeStack(stack);
  }
});

test(`ZoneRecords with ${COUNT} record sets: one POST per record, 10 values changed are 10 PATCHes, no-op preview sends nothing`, async () => {
  await outOfBand("POST", "/dns-zones/", { domain: "scale-zone.com" });
  let records: dns.RecordSet[] = hosts(COUNT).map((name, i) => ({ name, type: "A", values: [`10.1.${Math.floor(i / 250)}.${(i % 250) + 1}`] }));
  const program = async () => {
    const zr = new vpsorg.ZoneRecords("zone", { zone: "scale-zone.com", records });
    return { count: zr.recordCount };
  };
  const stack = await inlineStack({ projectName: "vpsorg-scale-zone", program, config: config() });
  try {
    await e2e.api.clearRequests();
    const up = await timed(`ZoneRecords ${COUNT} up`, () => stack.up());
    expect(up.outputs.count.value).toBe(COUNT);
    expect(await counted()).toEqual({
      "GET /vpsorg/api/v1/dns-zones/": 1,
      "GET /vpsorg/api/v1/dns-zones/{id}/": 2,
      "POST /vpsorg/api/v1/dns-zones/{id}/records/": COUNT,
    });

    await e2e.api.clearRequests();
    expect((await timed(`ZoneRecords ${COUNT} no-op preview`, () => stack.preview())).changeSummary).toEqual({ same: 2 });
    expect(await counted()).toEqual({});

    records = records.map((r, i) => (i < 10 ? { ...r, values: [`192.0.2.${i + 1}`] } : r));
    await e2e.api.clearRequests();
    expect((await timed(`ZoneRecords ${COUNT} up (10 changed)`, () => stack.up())).summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect(await counted()).toEqual({
      "GET /vpsorg/api/v1/dns-zones/{id}/": 2,
      "PATCH /vpsorg/api/v1/dns-records/{id}/": 10,
    });
    expect((await stack.preview()).changeSummary).toEqual({ same: 2 });
  } finally {
    await removeStack(stack);
  }
});
