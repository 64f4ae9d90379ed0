/** The record writer: a zone's concurrent writes as one /batch, a refused batch bisected to its bad write, shared listings. */
import nock from "nock";
import { CloudflareClient } from "../../../provider/cloudflare/client";
import { CLOUDFLARE_API, countRequests, networkError, useNock } from "../helpers";
import { failed, fastCloudflareOptions, ok, wireRecord, ZONE_ID } from "./fixtures";

useNock();
const BATCH = `/zones/${ZONE_ID}/dns_records/batch`;
const a = (i: number) => ({ type: "A", name: `h${i}.example.com`, content: `192.0.2.${i}`, ttl: 1, proxied: false });

/** Answers each batch by creating its posts; `refuse(post)` makes a batch holding that post fail as Cloudflare does (all or nothing). */
function batchServer(refuse: (post: { name: string }) => boolean = () => false) {
  const bodies: Array<Record<string, Array<Record<string, unknown>>>> = [];
  const scope = nock(CLOUDFLARE_API)
    .persist()
    .post(BATCH)
    .reply((_uri, body) => {
      const batch = body as Record<string, Array<Record<string, unknown>>>;
      bodies.push(batch);
      if ((batch.posts ?? []).some((post) => refuse(post as { name: string }))) return [400, failed(1004, "DNS Validation Error", [{ code: 9005, message: "Content for A record must be a valid IPv4 address." }])];
      return [200, ok({ posts: (batch.posts ?? []).map((post) => wireRecord(post as { name: string; type: string })), patches: (batch.patches ?? []).map((p) => wireRecord({ name: "x.example.com", type: "A", ...p })), deletes: (batch.deletes ?? []).map((d) => wireRecord({ name: "x.example.com", type: "A", id: d.id as string })) })];
    });
  return { bodies, scope };
}

test("concurrent writes of one zone go out as one /batch, in deletes, patches, puts, posts lists; each gets its own record", async () => {
  const client = new CloudflareClient(fastCloudflareOptions());
  const { bodies } = batchServer();
  const results = await Promise.all([
    client.writer.write(ZONE_ID, { kind: "post", body: a(1) }),
    client.writer.write(ZONE_ID, { kind: "delete", id: "d1" }),
    client.writer.write(ZONE_ID, { kind: "post", body: a(2) }),
    client.writer.write(ZONE_ID, { kind: "patch", id: "p1", body: { ttl: 300 } }),
  ]);
  expect(bodies).toEqual([{ deletes: [{ id: "d1" }], patches: [{ id: "p1", ttl: 300 }], posts: [a(1), a(2)] }]);
  expect(results.map((r) => r?.name)).toEqual(["h1.example.com", undefined, "h2.example.com", "x.example.com"]);
  expect(results[3]?.id).toBe("p1");
  expect(client.writer.batchesSent).toBe(1);
});

test("a batch refused because of one write: bisected until that write alone fails, every other write succeeds", async () => {
  const client = new CloudflareClient(fastCloudflareOptions());
  const { bodies } = batchServer((post) => post.name === "h5.example.com");
  const settled = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => client.writer.write(ZONE_ID, { kind: "post", body: a(i) })));
  expect(settled.map((s) => s.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"]);
  expect((settled[5] as PromiseRejectedResult).reason.message).toContain("DNS Validation Error: content: Content for A record must be a valid IPv4 address.");
  // 8 → 4 (good) + 4 → 2 (h4, h5) → 1 + 1, then 2 (h6, h7): 7 requests, each good write sent through once.
  expect(bodies.map((b) => b.posts.map((p) => p.name))).toEqual([
    ["h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7"],
    ["h0", "h1", "h2", "h3"],
    ["h4", "h5", "h6", "h7"],
    ["h4", "h5"],
    ["h4"],
    ["h5"],
    ["h6", "h7"],
  ].map((names) => names.map((n) => `${n}.example.com`)));
});

test("a batch refused for every write alike (a refused token) fails each write with that error, without bisecting", async () => {
  const client = new CloudflareClient(fastCloudflareOptions());
  const scope = nock(CLOUDFLARE_API).post(BATCH).reply(403, failed(10000, "Authentication error"));
  const requests = countRequests(scope);
  const settled = await Promise.allSettled([1, 2, 3].map((i) => client.writer.write(ZONE_ID, { kind: "post", body: a(i) })));
  expect(settled.every((s) => s.status === "rejected" && s.reason.message.includes("check cloudflare:apiToken / CLOUDFLARE_API_TOKEN"))).toBe(true);
  expect(requests.count).toBe(1);
});

test("more writes than one batch may carry: split at 200", async () => {
  const client = new CloudflareClient(fastCloudflareOptions({ batching: { idleMs: 20, maxWaitMs: 1000 } }));
  const { bodies } = batchServer();
  await Promise.all(Array.from({ length: 450 }, (_, i) => client.writer.write(ZONE_ID, { kind: "post", body: a(i % 250) })));
  expect(bodies.map((b) => b.posts.length)).toEqual([200, 200, 50]);
});

test("reads of one zone share one listing until a write of the zone", async () => {
  const client = new CloudflareClient(fastCloudflareOptions());
  const records = [wireRecord({ id: "r1", name: "a.example.com", type: "A" }), wireRecord({ id: "r2", name: "b.example.com", type: "A" })];
  const list = nock(CLOUDFLARE_API).get(`/zones/${ZONE_ID}/dns_records`).query({ page: "1", per_page: "5000" }).times(2).reply(200, ok(records, { page: 1, per_page: 5000, count: 2, total_count: 2, total_pages: 1 }));
  const lists = countRequests(list);
  const [r1, r2, missing] = await Promise.all([client.writer.read(ZONE_ID, "r1"), client.writer.read(ZONE_ID, "r2"), client.writer.read(ZONE_ID, "r3")]);
  expect([r1?.name, r2?.name, missing]).toEqual(["a.example.com", "b.example.com", undefined]);
  expect(lists.count).toBe(1);
  batchServer();
  await client.writer.write(ZONE_ID, { kind: "delete", id: "r2" });
  await client.writer.read(ZONE_ID, "r1");
  expect(lists.count).toBe(2);
});

describe("a batch whose answer was lost", () => {
  const listing = (records: ReturnType<typeof wireRecord>[]) =>
    nock(CLOUDFLARE_API).get(`/zones/${ZONE_ID}/dns_records`).query(true).reply(200, ok(records, { page: 1, per_page: 5000, count: records.length, total_count: records.length, total_pages: 1 }));

  test("carried out (its records are in the zone, made since): each write gets its live record, nothing is sent again", async () => {
    const client = new CloudflareClient(fastCloudflareOptions());
    const batch = countRequests(nock(CLOUDFLARE_API).post(BATCH).replyWithError(networkError()));
    const now = new Date().toISOString();
    listing([wireRecord({ id: "n1", ...a(1), created_on: now }), wireRecord({ id: "n2", ...a(2), created_on: now })]);
    const [first, second, gone] = await Promise.all([
      client.writer.write(ZONE_ID, { kind: "post", body: a(1) }),
      client.writer.write(ZONE_ID, { kind: "post", body: a(2) }),
      client.writer.write(ZONE_ID, { kind: "delete", id: "old" }),
    ]);
    expect([first?.id, second?.id, gone]).toEqual(["n1", "n2", undefined]);
    expect(batch.count).toBe(1);
  });

  test("a 502 in Cloudflare's envelope after the batch ran is a lost answer too: the records made are claimed, not made twice", async () => {
    const client = new CloudflareClient(fastCloudflareOptions());
    const batch = countRequests(nock(CLOUDFLARE_API).post(BATCH).reply(502, failed(10001, "service unavailable")));
    listing([wireRecord({ id: "n1", ...a(1), created_on: new Date().toISOString() })]);
    expect((await client.writer.write(ZONE_ID, { kind: "post", body: a(1) }))?.id).toBe("n1");
    expect(batch.count).toBe(1);
  });

  test("not carried out (an older identical record does not count): every write fails with the lost answer", async () => {
    const client = new CloudflareClient(fastCloudflareOptions());
    nock(CLOUDFLARE_API).post(BATCH).replyWithError(networkError());
    listing([wireRecord({ id: "o1", ...a(1), created_on: "2020-01-01T00:00:00Z" })]);
    const settled = await Promise.allSettled([client.writer.write(ZONE_ID, { kind: "post", body: a(1) }), client.writer.write(ZONE_ID, { kind: "post", body: a(2) })]);
    expect(settled.map((s) => s.status === "rejected" && s.reason.message)).toEqual([expect.stringContaining("no response"), expect.stringContaining("no response")]);
  });
});
