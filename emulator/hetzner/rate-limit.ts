/**
 * Rate limits as both Hetzner specs document them ("Rate Limiting"): a token bucket per project, 3600
 * requests, refilled by one per second; every response carries `RateLimit-Limit`, `RateLimit-Remaining`
 * and `RateLimit-Reset` (when the bucket is full again, in Unix seconds). Reported always; enforced
 * (429 `rate_limit_exceeded` once the bucket is empty) only when a test or the benchmark asks for it.
 */

export interface RateLimitConfig {
  /** Answer 429 when the bucket is empty (off by default: most tests send more than a real bucket allows). */
  enforce: boolean;
  limit: number;
  refillPerSecond: number;
}

export const DOCUMENTED_RATE_LIMIT: RateLimitConfig = { enforce: false, limit: 3600, refillPerSecond: 1 };

interface Bucket {
  /** Fractional: the bucket refills continuously. */
  remaining: number;
  at: number;
}

export interface RateLimitVerdict {
  headers: Record<string, string>;
  /** The bucket was empty and enforcement is on: the request must be refused. */
  refused: boolean;
}

/** The buckets of every Hetzner family, each keyed by family and project; one config for all of them. */
export class RateLimits {
  private config: RateLimitConfig = { ...DOCUMENTED_RATE_LIMIT };
  private readonly buckets = new Map<string, Bucket>();

  get settings(): RateLimitConfig {
    return { ...this.config };
  }

  /** New settings start every bucket full. */
  configure(changes: Partial<RateLimitConfig>): RateLimitConfig {
    this.config = { ...this.config, ...changes };
    this.buckets.clear();
    return this.settings;
  }

  /** Fills the buckets again: all, or one project's (of every family). */
  refill(project?: string): void {
    if (project === undefined) this.buckets.clear();
    else for (const key of [...this.buckets.keys()]) if (key.endsWith(`\n${project}`)) this.buckets.delete(key);
  }

  /** Takes one request from the bucket (`project` undefined: requests no token identifies share one). */
  take(family: string, project: string | undefined, now = Date.now()): RateLimitVerdict {
    const { enforce, limit, refillPerSecond } = this.config;
    const key = `${family}\n${project ?? ""}`;
    const bucket = this.buckets.get(key) ?? { remaining: limit, at: now };
    bucket.remaining = Math.min(limit, bucket.remaining + ((now - bucket.at) / 1000) * refillPerSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    const refused = enforce && bucket.remaining < 1;
    if (!refused) bucket.remaining = Math.max(0, bucket.remaining - 1);
    const remaining = Math.floor(bucket.remaining);
    return {
      refused,
      headers: {
        "RateLimit-Limit": String(limit),
        "RateLimit-Remaining": String(remaining),
        "RateLimit-Reset": String(Math.ceil(now / 1000 + (limit - bucket.remaining) / refillPerSecond)),
      },
    };
  }
}
