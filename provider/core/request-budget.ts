/**
 * A client-side mirror of an API's rate-limit bucket, read from `RateLimit-Limit`, `RateLimit-Remaining`
 * and `RateLimit-Reset` (when the bucket is full again: Unix seconds, or seconds from now; see resetTimeMs):
 * while the bucket has room, requests go at once; when it runs dry, they wait for its refill instead of
 * draining it into 429s. One budget per bucket (API base URL and token), shared by every client of the
 * provider process. A 429 still happens when another client drains the bucket; the retry rules
 * (core/retry.ts) recover from it.
 */
import { createHash } from "node:crypto";

interface BucketFacts {
  limit: number;
  remaining: number;
  /** When the bucket is full again (ms). */
  resetAtMs: number;
}

/** One header of an answer, whatever its case; undefined when it is absent. */
export function headerValue(headers: Record<string, unknown>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return value === undefined || value === null ? undefined : String(value);
}

/** A `RateLimit-Reset` below this (2001-09-09) is seconds from now, not a Unix time. */
const UNIX_SECONDS_FLOOR = 1e9;

/** When `RateLimit-Reset` says the bucket is full again (ms): Hetzner Cloud sends Unix seconds; the legacy DNS API (and the IETF draft) seconds from now. */
export function resetTimeMs(reset: number, nowMs: number): number {
  return reset < UNIX_SECONDS_FLOOR ? nowMs + reset * 1000 : reset * 1000;
}

/** The three headers, or undefined when any is missing or malformed. */
export function bucketFacts(headers: Record<string, unknown> | undefined, nowMs = Date.now()): BucketFacts | undefined {
  if (!headers) return undefined;
  const header = (name: string) => {
    const value = headerValue(headers, name);
    return value === undefined || value === "" ? NaN : Number(value);
  };
  const limit = header("ratelimit-limit");
  const remaining = header("ratelimit-remaining");
  const reset = header("ratelimit-reset");
  if (!(limit > 0) || !(remaining >= 0) || !Number.isFinite(reset)) return undefined;
  return { limit, remaining: Math.min(remaining, limit), resetAtMs: resetTimeMs(reset, nowMs) };
}

export class RequestBudget {
  /** Undefined until an answer told the bucket: until then one request at a time finds out. */
  private limit?: number;
  /** Requests the bucket holds now, as far as this process can tell (refilled at `perMs`). */
  private tokens = 0;
  private at = 0;
  /** Refill rate (requests per ms), a lower bound from the headers; until known, the limit per hour. */
  private perMs?: number;
  /** The API answered without the headers: nothing to follow. */
  private unmetered = false;
  private inFlight = 0;
  private readonly queue: Array<() => void> = [];
  private timer?: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {}

  /** Resolves when the request may be sent; every acquire is followed by one `settle`. */
  acquire(): Promise<void> {
    if (this.queue.length === 0 && this.take()) return Promise.resolve();
    return new Promise((resolve) => {
      this.queue.push(resolve);
      this.pump();
    });
  }

  /** After the answer (its headers), or after no answer (undefined). */
  settle(headers?: Record<string, unknown>, answered = headers !== undefined): void {
    this.inFlight--;
    const facts = bucketFacts(headers, this.now());
    if (facts) this.observe(facts);
    else if (answered) this.unmetered = true;
    this.pump();
  }

  /** Requests waiting for room (for tests and the benchmark). */
  get waiting(): number {
    return this.queue.length;
  }

  private observe({ limit, remaining, resetAtMs }: BucketFacts): void {
    const now = this.now();
    this.unmetered = false;
    if (limit !== this.limit) this.perMs = undefined;
    this.limit = limit;
    // Remaining is rounded down and Reset up, so one request less over the time to full is a lower bound.
    const untilFull = resetAtMs - now;
    if (limit - remaining - 1 > 0 && untilFull > 0) this.perMs = Math.max(this.perMs ?? 0, (limit - remaining - 1) / untilFull);
    // Requests still in flight may not have been counted in this answer: count them as spent.
    this.tokens = remaining - this.inFlight;
    this.at = now;
  }

  private take(): boolean {
    if (this.unmetered) {
      this.inFlight++;
      return true;
    }
    if (this.limit === undefined) {
      if (this.inFlight > 0) return false;
      this.inFlight++;
      return true;
    }
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens--;
    this.inFlight++;
    return true;
  }

  private refill(): void {
    const now = this.now();
    const perMs = this.perMs ?? this.limit! / 3_600_000;
    this.tokens = Math.min(this.limit!, this.tokens + (now - this.at) * perMs);
    this.at = now;
  }

  private pump(): void {
    while (this.queue.length > 0 && this.take()) this.queue.shift()!();
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length === 0 || this.limit === undefined || this.unmetered) return;
    // Wait for one request's refill, as the latest answer tells it (each answer pumps again).
    const perMs = this.perMs ?? this.limit / 3_600_000;
    const waitMs = Math.max(1, Math.ceil((1 - this.tokens) / perMs));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, waitMs);
  }
}

const budgets = new Map<string, RequestBudget>();

/** The budget of one bucket: an API base URL and the credentials sent to it (kept only as a digest). */
export function requestBudget(baseUrl: string, authHeaders: Record<string, string>): RequestBudget {
  const key = createHash("sha256").update(JSON.stringify([baseUrl.replace(/\/+$/, ""), authHeaders])).digest("hex");
  let budget = budgets.get(key);
  if (!budget) budgets.set(key, (budget = new RequestBudget()));
  return budget;
}

/** Forgets every bucket (tests: each starts from an API nobody has asked yet). */
export function forgetRequestBudgets(): void {
  budgets.clear();
}
