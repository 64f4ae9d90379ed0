/**
 * The request budget at the provider level (no engine needed): Hetzner Cloud clients against the emulator
 * enforcing a small bucket (10 requests, refilled 5 per second or slower). Clients of one token share one budget and
 * never drain the bucket into 429s; a bucket drained by another client still recovers through the retry.
 */
import { forgetRequestBudgets } from "../../provider/core/request-budget";
import type { RetryEvent } from "../../provider/core/retry";
import { HcloudClient } from "../../provider/hcloud/client";
import { useEmulator } from "./harness";

const TOKEN = "budget-token";
const OTHER_TOKEN = "budget-token-other";
const e2e = useEmulator({ actionDurationMs: 0, projects: { budget: [TOKEN, OTHER_TOKEN] } });

/** A fresh bucket in the emulator, and a provider process that has not asked the API yet. */
async function enforce(rateLimit: { limit: number; refillPerSecond: number }) {
  const config = await e2e.api.json("PUT", "/__emulator/config", { rateLimit: { enforce: true, ...rateLimit } });
  expect(config.body.rateLimit).toEqual({ enforce: true, ...rateLimit });
  forgetRequestBudgets();
  await e2e.api.clearRequests();
}

const statuses = async () => (await e2e.api.requests()).map((r) => r.status);
const client = (token: string, retries: RetryEvent[]) =>
  new HcloudClient({ endpoint: e2e.emulator.hcloudUrl, token, retry: { onRetry: (retry) => retries.push(retry) } });

test("40 concurrent requests of two clients of one token: all succeed, none is refused", async () => {
  await enforce({ limit: 10, refillPerSecond: 5 });
  const retries: RetryEvent[] = [];
  // Two clients of one token (the stack's and a resource's own credentials) share one budget.
  const [a, b] = [client(TOKEN, retries), client(TOKEN, retries)];
  const [created, listed] = await Promise.all([
    Promise.all(Array.from({ length: 20 }, (_, i) => a.http.request<{ firewall: { name: string } }>({ method: "POST", path: "/firewalls", body: { name: `budget-${i}` } }))),
    Promise.all(Array.from({ length: 20 }, () => b.http.get<{ servers: unknown[] }>("/servers"))),
  ]);
  expect(created.map((r) => r.data.firewall.name).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `budget-${i}`).sort());
  expect(listed.every((r) => r.data.servers.length > 0)).toBe(true);
  expect(retries).toEqual([]);
  expect((await statuses()).sort()).toEqual([...Array(20).fill(200), ...Array(20).fill(201)]);
});

test("a bucket drained by another client: the 429 is retried after the refill and succeeds", async () => {
  // A slow refill, so the bucket is still empty when the client asks.
  await enforce({ limit: 10, refillPerSecond: 0.5 });
  const retries: RetryEvent[] = [];
  const drain = await Promise.all(
    Array.from({ length: 10 }, () => fetch(`${e2e.emulator.hcloudUrl}/servers`, { headers: { Authorization: `Bearer ${OTHER_TOKEN}` } })),
  );
  expect(drain.map((r) => r.status)).toEqual(Array(10).fill(200));
  const { data } = await client(TOKEN, retries).http.get<{ servers: unknown[] }>("/servers");
  expect(data.servers.length).toBeGreaterThan(0);
  expect(retries.map(({ kind, status, code }) => ({ kind, status, code }))).toEqual([{ kind: "rate_limited", status: 429, code: "rate_limit_exceeded" }]);
  expect((await statuses()).slice(10)).toEqual([429, 200]);
});
