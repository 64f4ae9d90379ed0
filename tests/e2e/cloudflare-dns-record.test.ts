/**
 * cloudflare.DnsRecord through the real engine and the emulator: create, no-op preview without a request,
 * updates (proxied on/off, ttl, content), replace (another type), refresh after an out-of-band change and
 * delete, destroy; 300 records of one zone in one `pulumi up`, gathered into few `/batch` requests; a batch
 * with one bad record fails that resource alone, and a re-run converges.
 */
import { cloudflare } from "../../sdk";
import { CLOUDFLARE_API, cloudflareHelpers } from "./cloudflare-harness";
import { inlineStack, removeStack, timed, useEmulator } from "./harness";

jest.setTimeout(600_000);

const e2e = useEmulator({ token: "e2e-cloudflare-token-dns-record-5b2d" });
const { config, existingZone, recordsOf } = cloudflareHelpers(e2e);
const API = CLOUDFLARE_API;
const batchCalls = (lines: string[]) => lines.filter((line) => line.endsWith("/dns_records/batch")).length;

test("DnsRecord lifecycle: create, no-op preview, proxied off and on, content, replace, refresh after out-of-band change and delete, destroy", async () => {
  const zoneId = await existingZone("record-e2e.com");
  let web = { type: "A" as cloudflare.DnsRecordType, content: "192.0.2.10", proxied: true, ttl: undefined as number | undefined };
  let spf = "v=spf1 -all";
  const program = async () => {
    const www = new cloudflare.DnsRecord("www", { zoneId, name: "WWW", type: web.type, content: web.content, proxied: web.proxied, ttl: web.ttl, comment: "web", tags: ["team:web"] });
    const mx = new cloudflare.DnsRecord("mx", { zoneId, name: "@", type: "MX", content: "Mail.Record-E2E.com.", priority: 10 });
    const caa = new cloudflare.DnsRecord("caa", { zoneId, name: "record-e2e.com", type: "CAA", data: { flags: 0, tag: "issue", value: "letsencrypt.org" } });
    const txt = new cloudflare.DnsRecord("spf", { zoneId, name: "@", type: "TXT", content: spf, ttl: 300 });
    return { www: www.recordId, wwwName: www.name, proxiable: www.proxiable, mxContent: mx.content, caa: caa.recordId, txt: txt.recordId, created: www.createdOn };
  };
  const stack = await inlineStack({ projectName: "cloudflare-dns-record", program, config: config() });
  try {
    await e2e.api.clearRequests();
    const up = await timed("cloudflare records up", () => stack.up());
    expect(up.summary.resourceChanges).toEqual({ create: 5 });
    // One zone lookup (the names need the zone's) and one batch for the four records.
    expect(await e2e.api.requestLines()).toEqual([`GET ${API}/zones/${zoneId}`, `POST ${API}/zones/${zoneId}/dns_records/batch`]);
    expect(up.outputs.wwwName.value).toBe("www.record-e2e.com");
    expect(up.outputs.mxContent.value).toBe("mail.record-e2e.com");
    expect(up.outputs.proxiable.value).toBe(true);
    const live = await recordsOf(zoneId);
    expect(live.map((r) => `${r.name} ${r.type} ${r.content} ${r.ttl} ${r.proxied}`).sort()).toEqual([
      'record-e2e.com CAA 0 issue "letsencrypt.org" 1 false',
      "record-e2e.com MX mail.record-e2e.com 1 false",
      "record-e2e.com TXT v=spf1 -all 300 false",
      "www.record-e2e.com A 192.0.2.10 1 true",
    ]);

    await e2e.api.clearRequests();
    const preview = await stack.preview();
    expect(preview.changeSummary).toEqual({ same: 5 });
    expect(await e2e.api.requestLines()).toEqual([]);

    // Proxied off with a TTL, and new TXT content: two PATCHes in one batch.
    web = { ...web, proxied: false, ttl: 600 };
    spf = "v=spf1 include:_spf.example.net -all";
    await e2e.api.clearRequests();
    const changed = await stack.up();
    expect(changed.summary.resourceChanges).toEqual({ same: 3, update: 2 });
    const lines = await e2e.api.requestLines();
    expect(lines).toEqual([`POST ${API}/zones/${zoneId}/dns_records/batch`]);
    const patched = (await e2e.api.requests()).find((r) => r.path.endsWith("/batch"))!.body as any;
    expect(patched.patches.map((p: any) => Object.keys(p).sort())).toEqual(expect.arrayContaining([["id", "proxied", "ttl"], ["content", "id"]]));
    let www = (await recordsOf(zoneId)).find((r) => r.name === "www.record-e2e.com");
    expect([www.proxied, www.ttl, www.created_on]).toEqual([false, 600, up.outputs.created.value]);

    // Proxied on again: a proxied record must be automatic, so ttl goes back to 1 in the same PATCH.
    web = { ...web, proxied: true, ttl: undefined };
    expect((await stack.up()).summary.resourceChanges).toEqual({ same: 4, update: 1 });
    www = (await recordsOf(zoneId)).find((r) => r.name === "www.record-e2e.com");
    expect([www.proxied, www.ttl]).toEqual([true, 1]);

    // Another type: replaced (the old record goes first, its name is then free for the new one).
    web = { type: "AAAA", content: "2001:DB8::10", proxied: true, ttl: undefined };
    const replaced = await stack.up();
    expect(replaced.summary.resourceChanges).toEqual({ same: 4, replace: 1 });
    expect((await recordsOf(zoneId)).filter((r) => r.name === "www.record-e2e.com").map((r) => `${r.type} ${r.content}`)).toEqual(["AAAA 2001:db8::10"]);

    // Out of band: the TXT record's TTL changed, the CAA record deleted. Refresh reads both from one listing.
    const outputs = await stack.outputs();
    await e2e.api.json("PATCH", `${API}/zones/${zoneId}/dns_records/${outputs.txt.value}`, { ttl: 3600 });
    await e2e.api.json("DELETE", `${API}/zones/${zoneId}/dns_records/${outputs.caa.value}`);
    await e2e.api.clearRequests();
    const refreshed = await stack.refresh();
    expect(refreshed.summary.resourceChanges).toEqual({ same: 3, update: 1, delete: 1 });
    expect(await e2e.api.requestLines()).toEqual([`GET ${API}/zones/${zoneId}/dns_records`]);
    const restored = await stack.up();
    expect(restored.summary.resourceChanges).toEqual({ same: 3, update: 1, create: 1 });
    expect((await recordsOf(zoneId)).map((r) => `${r.type} ${r.ttl}`).sort()).toEqual(["AAAA 1", "CAA 1", "MX 1", "TXT 300"]);

    await e2e.api.clearRequests();
    const destroyed = await stack.destroy();
    expect(destroyed.summary.resourceChanges).toEqual({ delete: 5 });
    expect(batchCalls(await e2e.api.requestLines())).toBe(1);
    expect(await recordsOf(zoneId)).toEqual([]);
  } finally {
    await removeStack(stack);
  }
});

test("300 records of one zone in one `pulumi up --parallel 300`: at most 3 /batch requests", async () => {
  const zoneId = await existingZone("scale-e2e.com");
  const program = async () => {
    for (let i = 0; i < 300; i++) new cloudflare.DnsRecord(`host-${i}`, { zoneId, name: `host-${i}`, type: "A", content: `10.0.${Math.floor(i / 250)}.${i % 250}` });
    return {};
  };
  const stack = await inlineStack({ projectName: "cloudflare-dns-record-scale", program, config: config() });
  try {
    await e2e.api.clearRequests();
    const up = await timed("300 cloudflare records up", () => stack.up({ parallel: 300 }));
    expect(up.summary.resourceChanges).toEqual({ create: 301 });
    const lines = await e2e.api.requestLines();
    const batches = batchCalls(lines);
    process.stdout.write(`[e2e] 300 DnsRecords: ${batches} /batch requests, ${lines.length} requests in all\n`);
    expect(batches).toBeLessThanOrEqual(3);
    expect(lines.length).toBe(batches + 1);
    expect(await recordsOf(zoneId)).toHaveLength(300);

    await e2e.api.clearRequests();
    const refreshed = await timed("300 cloudflare records refresh", () => stack.refresh({ parallel: 300 }));
    expect(refreshed.summary.resourceChanges).toEqual({ same: 301 });
    expect((await e2e.api.requestLines()).length).toBeLessThanOrEqual(3);

    await e2e.api.clearRequests();
    await timed("300 cloudflare records destroy", () => stack.destroy({ parallel: 300 }));
    expect(batchCalls(await e2e.api.requestLines())).toBeLessThanOrEqual(3);
    expect(await recordsOf(zoneId)).toEqual([]);
  } finally {
    await removeStack(stack);
  }
});

test("a batch with one bad record fails only that resource; fixing the cause, a re-run converges", async () => {
  const zoneId = await existingZone("conflict-e2e.com");
  // Out of band: an A record at "app", so a CNAME there is refused (81053) inside the batch.
  const blocker = await e2e.api.json("POST", `${API}/zones/${zoneId}/dns_records`, { type: "A", name: "app", content: "192.0.2.50", ttl: 1 });
  expect(blocker.status).toBe(200);
  const program = async () => {
    for (const name of ["a", "b", "c", "d", "e"]) new cloudflare.DnsRecord(name, { zoneId, name, type: "A", content: "192.0.2.1" });
    new cloudflare.DnsRecord("app", { zoneId, name: "app", type: "CNAME", content: "a.conflict-e2e.com" });
    return {};
  };
  const stack = await inlineStack({ projectName: "cloudflare-dns-record-conflict", program, config: config() });
  try {
    const failed = await stack.up({ parallel: 20 }).then(
      () => undefined,
      (error: Error) => error,
    );
    expect(failed?.message).toContain("creating CNAME record app.conflict-e2e.com failed");
    expect(failed?.message).toContain("81053");
    expect((await recordsOf(zoneId)).map((r) => `${r.name} ${r.type}`).sort()).toEqual([
      "a.conflict-e2e.com A",
      "app.conflict-e2e.com A",
      "b.conflict-e2e.com A",
      "c.conflict-e2e.com A",
      "d.conflict-e2e.com A",
      "e.conflict-e2e.com A",
    ]);
    await e2e.api.json("DELETE", `${API}/zones/${zoneId}/dns_records/${blocker.body.result.id}`);
    const rerun = await stack.up({ parallel: 20 });
    expect(rerun.summary.resourceChanges).toEqual({ same: 6, create: 1 });
    expect((await recordsOf(zoneId)).find((r) => r.name === "app.conflict-e2e.com").type).toBe("CNAME");
    await stack.destroy();
  } finally {
    await removeStack(stack);
  }
});

test("adopt a record made by another tool, and read one with get: nothing created, the next preview is empty", async () => {
  const zoneId = await existingZone("adopted-cf.com");
  const made = async (body: unknown) => (await e2e.api.json("POST", `${API}/zones/${zoneId}/dns_records`, body)).body.result;
  const www = await made({ type: "A", name: "www.adopted-cf.com", content: "192.0.2.50", ttl: 1, proxied: false });
  const mail = await made({ type: "A", name: "mail.adopted-cf.com", content: "192.0.2.51", ttl: 1 });
  const program = async () => {
    new cloudflare.DnsRecord("www", { zoneId, name: "www", type: "A", content: "192.0.2.50", proxied: true, adopt: { id: www.id } });
    const seen = cloudflare.DnsRecord.get("mail", mail.id, { zoneId });
    return { seenContent: seen.content };
  };
  const stack = await inlineStack({ projectName: "cloudflare-adopt", program, config: config() });
  try {
    await e2e.api.clearRequests();
    const up = await timed("cloudflare adopt up", () => stack.up());
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    expect(up.outputs.seenContent.value).toBe("192.0.2.51");
    expect(up.stdout).toContain(`adopted ${www.id}; changed`);
    // No create: one write turns proxying on, as the program declares.
    const writes = (await e2e.api.requestLines()).filter((line: string) => !line.startsWith("GET"));
    expect(writes.every((line: string) => !line.endsWith("/dns_records"))).toBe(true);
    expect((await recordsOf(zoneId)).find((r) => r.id === www.id)).toMatchObject({ proxied: true, content: "192.0.2.50" });
    expect((await recordsOf(zoneId)).filter((r) => r.type === "A")).toHaveLength(2);
    await e2e.api.clearRequests();
    expect((await stack.preview()).changeSummary).toEqual({ same: 2 });
    expect((await e2e.api.requestLines()).filter((line: string) => !line.startsWith("GET"))).toEqual([]);
  } finally {
    await removeStack(stack);
  }
});
