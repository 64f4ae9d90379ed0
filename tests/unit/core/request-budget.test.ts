import { bucketFacts, RequestBudget } from "../../../provider/core/request-budget";

/** The headers of a bucket of `limit` refilled `perSecond`, with `remaining` left, at the fake clock's now. */
const bucket = (remaining: number, limit: number, perSecond: number) => ({
  "ratelimit-limit": String(limit),
  "ratelimit-remaining": String(remaining),
  "ratelimit-reset": String(Math.ceil((Date.now() + ((limit - remaining) / perSecond) * 1000) / 1000)),
});

describe("RequestBudget (fake clock)", () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_700_000_000_000, doNotFake: ["nextTick", "setImmediate", "queueMicrotask"] }));
  afterEach(() => jest.useRealTimers());

  /** Starts `n` acquires; `granted` lists the indexes let through so far, in order. */
  function start(budget: RequestBudget, n: number, granted: number[], from = 0) {
    for (let i = from; i < from + n; i++) void budget.acquire().then(() => granted.push(i));
  }

  /** A budget whose first request (granted as 0) was answered with these headers, then `n` more started. */
  async function told(headers: Record<string, string>, n: number) {
    const budget = new RequestBudget();
    const granted: number[] = [];
    start(budget, 1, granted);
    await jest.advanceTimersByTimeAsync(0);
    budget.settle(headers);
    start(budget, n, granted, 1);
    await jest.advanceTimersByTimeAsync(0);
    return { budget, granted };
  }

  test("until an answer tells the bucket, one request at a time; an API without the headers is not paced", async () => {
    const budget = new RequestBudget();
    const granted: number[] = [];
    start(budget, 3, granted);
    await jest.advanceTimersByTimeAsync(0);
    expect(granted).toEqual([0]);
    budget.settle(undefined, false); // no answer: the next request finds out
    await jest.advanceTimersByTimeAsync(0);
    expect(granted).toEqual([0, 1]);
    budget.settle({ "content-type": "application/json" });
    await jest.advanceTimersByTimeAsync(0);
    expect(granted).toEqual([0, 1, 2]);
    start(budget, 5, granted, 3);
    await jest.advanceTimersByTimeAsync(0);
    expect(granted).toHaveLength(8);
  });

  test("room in the bucket goes at once; once it is spent, requests wait for its refill", async () => {
    const { budget, granted } = await told(bucket(9, 10, 5), 12);
    // 9 left: 9 go. The answers tell the refill rate (10 requests for the whole bucket in 2 s: 5 per second).
    expect(granted).toHaveLength(10);
    for (let remaining = 8; remaining >= 0; remaining--) budget.settle(bucket(remaining, 10, 5));
    await jest.advanceTimersByTimeAsync(0);
    expect(budget.waiting).toBe(3);
    // The lower bound of the rate from Remaining 0, Reset 2 s away: 9 requests in 2 s, one every 223 ms.
    await jest.advanceTimersByTimeAsync(222);
    expect(granted).toHaveLength(10);
    await jest.advanceTimersByTimeAsync(1);
    expect(granted).toHaveLength(11);
    await jest.advanceTimersByTimeAsync(2 * 223);
    expect(granted).toHaveLength(13);
    expect(budget.waiting).toBe(0);
  });

  test("requests still in flight count as spent when an answer reports the bucket", async () => {
    const { budget, granted } = await told(bucket(5, 3600, 1), 5);
    expect(granted).toHaveLength(6);
    // This answer may predate the 4 others in flight: 3 left, minus 4, is a debt of one.
    budget.settle(bucket(3, 3600, 1));
    start(budget, 1, granted, 6);
    await jest.advanceTimersByTimeAsync(1999);
    expect(granted).toHaveLength(6);
    await jest.advanceTimersByTimeAsync(30);
    expect(granted).toHaveLength(7);
  });
});

describe("bucketFacts", () => {
  test("reads the three headers in any case; a missing or malformed one means no facts", () => {
    expect(bucketFacts({ "RateLimit-Limit": "3600", "RateLimit-Remaining": "17", "RateLimit-Reset": "1700000000" })).toEqual({
      limit: 3600,
      remaining: 17,
      resetAtMs: 1_700_000_000_000,
    });
    expect(bucketFacts({ "ratelimit-limit": "3600", "ratelimit-remaining": "17" })).toBeUndefined();
    expect(bucketFacts({ "ratelimit-limit": "0", "ratelimit-remaining": "0", "ratelimit-reset": "1" })).toBeUndefined();
    expect(bucketFacts({ "ratelimit-limit": "10", "ratelimit-remaining": "x", "ratelimit-reset": "1" })).toBeUndefined();
    expect(bucketFacts(undefined)).toBeUndefined();
  });

  test("a reset below 1e9 is seconds from now (the legacy DNS API's form), as the retry rules read it", () => {
    expect(bucketFacts({ "ratelimit-limit": "3600", "ratelimit-remaining": "0", "ratelimit-reset": "60" }, 1_700_000_000_000)?.resetAtMs).toBe(1_700_000_060_000);
  });
});
