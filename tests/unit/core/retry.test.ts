import { classifyHetznerFailure } from "../../../provider/core/hetzner";
import {
  backoffDelay,
  classifyFailure,
  classifyGenericFailure,
  defaultRetryOptions,
  rateLimitDelay,
  retryDelay,
  RetryOptions,
} from "../../../provider/core/retry";

const options = (overrides: Partial<RetryOptions> = {}): RetryOptions => ({
  ...defaultRetryOptions,
  baseDelayMs: 100,
  maxDelayMs: 1000,
  ...overrides,
});

describe("classifyGenericFailure: HTTP and sockets, no family codes", () => {
  test.each([
    [{ status: 429 }, "rate_limited"],
    [{ status: 502 }, "ambiguous"],
    [{ status: 503 }, "ambiguous"],
    [{ status: 504 }, "ambiguous"],
    [{}, "ambiguous"],
    [{ code: "ECONNRESET" }, "ambiguous"],
    [{ code: "ETIMEDOUT" }, "ambiguous"],
    [{ code: "ECONNREFUSED" }, "unreachable"],
    [{ code: "ENOTFOUND" }, "unreachable"],
    [{ code: "EAI_AGAIN" }, "unreachable"],
    [{ code: "ERR_INVALID_URL" }, "final"],
    [{ status: 500 }, "final"],
    [{ status: 404 }, "final"],
    // A family's codes mean nothing here: only its own classifier knows them.
    [{ status: 423, code: "locked" }, "final"],
    [{ status: 409, code: "conflict" }, "final"],
  ] as const)("%j → %s", (facts, kind) => {
    expect(classifyGenericFailure(facts)).toBe(kind);
  });
});

describe("classifyFailure with the Hetzner classifier", () => {
  test.each([
    [{ status: 429 }, "rate_limited"],
    [{ status: 429, code: "rate_limit_exceeded" }, "rate_limited"],
    [{ status: 400, code: "rate_limit_exceeded" }, "rate_limited"],
    [{ status: 409, code: "conflict" }, "retry"],
    [{ status: 423, code: "locked" }, "locked"],
    [{ status: 409, code: "locked" }, "locked"],
    // Hetzner's own 503 refuses the request; a proxy's 503 (no envelope: http_503) may have passed it on.
    [{ status: 503, code: "unavailable" }, "retry"],
    [{ status: 503, code: "http_503" }, "ambiguous"],
    [{ status: 503, code: "service_error" }, "ambiguous"],
    [{ status: 502, code: "unavailable" }, "ambiguous"],
    [{ status: 502 }, "ambiguous"],
    [{ status: 504, code: "timeout" }, "ambiguous"],
    [{}, "ambiguous"],
    [{ code: "ECONNRESET" }, "ambiguous"],
    [{ code: "ECONNREFUSED" }, "unreachable"],
    [{ status: 500, code: "server_error" }, "final"],
    [{ status: 404, code: "not_found" }, "final"],
    [{ status: 422, code: "invalid_input" }, "final"],
    [{ status: 401, code: "unauthorized" }, "final"],
    [{ status: 409, code: "uniqueness_error" }, "final"],
  ] as const)("%j → %s", (facts, kind) => {
    expect(classifyFailure(facts, classifyHetznerFailure)).toBe(kind);
  });

  test("without a family classifier the generic rules decide", () => {
    expect(classifyFailure({ status: 423, code: "locked" })).toBe("final");
    expect(classifyFailure({ status: 429 })).toBe("rate_limited");
  });
});

describe("backoffDelay", () => {
  test("doubles per attempt and is capped at maxDelayMs", () => {
    const top = options({ random: () => 1 });
    expect([1, 2, 3, 4, 5, 6, 20].map((a) => backoffDelay(a, top))).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
    const bottom = options({ random: () => 0 });
    expect([1, 2, 3, 4, 5, 6, 20].map((a) => backoffDelay(a, bottom))).toEqual([50, 100, 200, 400, 500, 500, 500]);
  });

  test("attempt 0 waits like attempt 1", () => {
    expect(backoffDelay(0, options({ random: () => 1 }))).toBe(100);
  });

  test("equal jitter: between half the ceiling and the ceiling, driven by random()", () => {
    expect(backoffDelay(3, options({ random: () => 0.5 }))).toBe(300);
    expect(backoffDelay(3, options({ random: () => 0.25 }))).toBe(250);
    for (let i = 0; i <= 20; i++) {
      const delay = backoffDelay(3, options({ random: () => i / 20 }));
      expect(delay).toBeGreaterThanOrEqual(200);
      expect(delay).toBeLessThanOrEqual(400);
    }
  });

  test("the default policy uses Math.random", () => {
    const spy = jest.spyOn(Math, "random").mockReturnValue(0);
    try {
      expect(backoffDelay(1, { ...defaultRetryOptions, random: Math.random })).toBe(defaultRetryOptions.baseDelayMs / 2);
    } finally {
      spy.mockRestore();
    }
  });
});

const now = Date.parse("2026-01-01T00:00:00Z");
const nowSeconds = now / 1000;
/** The rate-limit headers Hetzner sends on every response: the reset is when the bucket is full again. */
const rateLimit = (remaining: number, limit = 3600) => ({
  "ratelimit-limit": String(limit),
  "ratelimit-remaining": String(remaining),
  "ratelimit-reset": String(nowSeconds + (limit - remaining)),
});

describe("rateLimitDelay", () => {
  test("no headers, or a bucket that is not empty: undefined (the reset time is not a wait)", () => {
    expect(rateLimitDelay(undefined, now)).toBeUndefined();
    expect(rateLimitDelay({}, now)).toBeUndefined();
    expect(rateLimitDelay(rateLimit(3590), now)).toBeUndefined();
    expect(rateLimitDelay(rateLimit(1), now)).toBeUndefined();
  });

  test("an empty bucket: the time one request takes to refill, (reset - now) / limit", () => {
    expect(rateLimitDelay(rateLimit(0), now)).toBe(1000);
    expect(rateLimitDelay(rateLimit(0, 7200), now)).toBe(1000);
    expect(rateLimitDelay({ ...rateLimit(0), "ratelimit-reset": String(nowSeconds + 1800) }, now)).toBe(500);
    expect(rateLimitDelay({ ...rateLimit(0), "ratelimit-reset": String(nowSeconds - 10) }, now)).toBe(0);
  });

  test("a reset in seconds from now (the legacy DNS API's form) is read as such, not as a Unix time", () => {
    expect(rateLimitDelay({ "ratelimit-limit": "3600", "ratelimit-remaining": "0", "ratelimit-reset": "3600" }, now)).toBe(1000);
    expect(rateLimitDelay({ "ratelimit-limit": "100", "ratelimit-remaining": "0", "ratelimit-reset": "50" }, now)).toBe(500);
  });

  test("an empty bucket without a limit or reset to compute from: undefined", () => {
    expect(rateLimitDelay({ "ratelimit-remaining": "0", "ratelimit-reset": String(nowSeconds + 3600) }, now)).toBeUndefined();
    expect(rateLimitDelay({ "ratelimit-remaining": "0", "ratelimit-limit": "3600" }, now)).toBeUndefined();
  });

  // Header names arrive lower-cased from node/axios; any case is read.
  test("Retry-After in seconds or as an HTTP date wins over the rate-limit headers; never negative", () => {
    expect(rateLimitDelay({ "retry-after": "2", ...rateLimit(0) }, now)).toBe(2000);
    expect(rateLimitDelay({ "Retry-After": 0.5 }, now)).toBe(500);
    expect(rateLimitDelay({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }, now)).toBe(5000);
    expect(rateLimitDelay({ "retry-after": "-5" }, now)).toBe(0);
    expect(rateLimitDelay({ "retry-after": "soon", ...rateLimit(0) }, now)).toBe(1000);
    expect(rateLimitDelay({ "retry-after": "soon" }, now)).toBeUndefined();
  });
});

describe("retryDelay", () => {
  const opts = options({ baseDelayMs: 100, maxDelayMs: 20_000, random: () => 1 });

  test.each(["locked", "retry", "ambiguous"] as const)(
    "%s backs off from baseDelayMs and ignores the rate-limit headers every response carries",
    (kind) => {
      for (const headers of [rateLimit(3590), rateLimit(0), { "retry-after": "30" }]) {
        expect([1, 2, 3].map((attempt) => retryDelay(kind, attempt, headers, opts, now))).toEqual([100, 200, 400]);
      }
    },
  );

  test("rate_limited: the server's wait as a floor under the backoff, capped at maxDelayMs", () => {
    expect(retryDelay("rate_limited", 1, rateLimit(0), opts, now)).toBe(1000);
    expect(retryDelay("rate_limited", 5, rateLimit(0), opts, now)).toBe(1600);
    expect(retryDelay("rate_limited", 1, { "retry-after": "3" }, opts, now)).toBe(3000);
    expect(retryDelay("rate_limited", 1, { "retry-after": "3600" }, opts, now)).toBe(20_000);
    // A 429 without figures to go by: the backoff alone.
    expect(retryDelay("rate_limited", 2, rateLimit(5), opts, now)).toBe(200);
  });

  test("unreachable: one quick wait, whatever the attempt", () => {
    expect(retryDelay("unreachable", 1, undefined, opts, now)).toBe(100);
    expect(retryDelay("unreachable", 4, undefined, opts, now)).toBe(100);
  });
});
