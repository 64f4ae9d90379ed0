import { settleWithLimit } from "../../../provider/core/concurrency";

test("at most `limit` tasks in flight; every item settles, in order, failures included", async () => {
  let inFlight = 0;
  let most = 0;
  const results = await settleWithLimit([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
    inFlight++;
    most = Math.max(most, inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    inFlight--;
    if (n === 4) throw new Error("four");
    return n * 10;
  });
  expect(most).toBe(3);
  expect(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual([10, 20, 30, "four", 50, 60, 70]);
});

test("no items: no task, an empty result", async () => {
  expect(await settleWithLimit([], 4, async () => 1)).toEqual([]);
});
