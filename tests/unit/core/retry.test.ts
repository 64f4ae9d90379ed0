import { backoffDelay, classifyFailure, defaultRetryOptions, RetryOptions, serverRequestedDelay } from "../../../provider/core/retry";

const options = (overrides: Partial<RetryOptions> = {}): RetryOptions => ({
  ...defaultRetryOptions,
  baseDelayMs: 100,
  maxDelayMs: 1000,
  ...overrides,
});

describe("classifyFailure", () => {
  test.each([
    [{ status: 429 }, "retry"],
    [{ status: 429, code: "rate_limit_exceeded" }, "retry"],
    [{ status: 400, code: "rate_limit_exceeded" }, "retry"],
    [{ status: 409, code: "conflict" }, "retry"],
    [{ status: 423, code: "locked" }, "locked"],
    [{ status: 409, code: "locked" }, "locked"],
    [{ status: 502 }, "ambiguous"],
    [{ status: 503, code: "service_error" }, "ambiguous"],
    [{ status: 504 }, "ambiguous"],
    [{}, "ambiguous"],
    [{ code: "ECONNRESET" }, "ambiguous"],
    [{ status: 500, code: "server_error" }, "final"],
    [{ status: 404, code: "not_found" }, "final"],
    [{ status: 422, code: "invalid_input" }, "final"],
    [{ status: 401, code: "unauthorized" }, "final"],
    [{ status: 409, code: "uniqueness_error" }, "final"],
  ] as const)("%j → %s", (facts, kind) => {
    expect(classifyFailure(facts)).toBe(kind);
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

describe("serverRequestedDelay", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  const nowSeconds = now / 1000;
  const opts = options({ maxDelayMs: 20_000 });

  test("no headers or no rate-limit headers: undefined", () => {
    expect(serverRequestedDelay(undefined, opts, now)).toBeUndefined();
    expect(serverRequestedDelay({ "ratelimit-remaining": "0", "ratelimit-limit": "3600" }, opts, now)).toBeUndefined();
  });

  // Header names arrive lower-cased from node/axios (the end-to-end spelling is checked in http.test.ts).
  test("Retry-After in seconds", () => {
    expect(serverRequestedDelay({ "retry-after": "2" }, opts, now)).toBe(2000);
    expect(serverRequestedDelay({ "retry-after": 0.5 }, opts, now)).toBe(500);
  });

  test("Retry-After as an HTTP date", () => {
    expect(serverRequestedDelay({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }, opts, now)).toBe(5000);
  });

  test("Retry-After is capped at maxDelayMs and never negative", () => {
    expect(serverRequestedDelay({ "retry-after": "3600" }, opts, now)).toBe(20_000);
    expect(serverRequestedDelay({ "retry-after": "-5" }, opts, now)).toBe(0);
  });

  test("RateLimit-Reset in the future: the time until then", () => {
    expect(serverRequestedDelay({ "ratelimit-reset": String(nowSeconds + 3) }, opts, now)).toBe(3000);
  });

  test("RateLimit-Reset in the past: no wait", () => {
    expect(serverRequestedDelay({ "ratelimit-reset": String(nowSeconds - 10) }, opts, now)).toBe(0);
  });

  test("RateLimit-Reset an hour away (full budget refill) is capped at maxDelayMs", () => {
    expect(serverRequestedDelay({ "ratelimit-reset": String(nowSeconds + 3600) }, opts, now)).toBe(20_000);
    expect(serverRequestedDelay({ "ratelimit-reset": String(nowSeconds + 3600) }, options({ maxDelayMs: 50 }), now)).toBe(50);
  });

  test("Retry-After wins over RateLimit-Reset; an unreadable Retry-After falls back to it", () => {
    const reset = String(nowSeconds + 9);
    expect(serverRequestedDelay({ "retry-after": "1", "ratelimit-reset": reset }, opts, now)).toBe(1000);
    expect(serverRequestedDelay({ "retry-after": "soon", "ratelimit-reset": reset }, opts, now)).toBe(9000);
    expect(serverRequestedDelay({ "retry-after": "soon" }, opts, now)).toBeUndefined();
  });
});

test("serverRequestedDelay reads header names in any case", () => {
  const options = { ...defaultRetryOptions, maxDelayMs: 60_000 };
  expect(serverRequestedDelay({ "Retry-After": "3" }, options)).toBe(3000);
});
