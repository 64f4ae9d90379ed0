/**
 * Runs one task per item with at most `limit` in flight: for APIs without a bulk endpoint (VPS.org),
 * where a zone's records are written one request each. Every task runs to its end; each item's outcome
 * (result or error) is returned in order, so the caller records what succeeded and reports what failed.
 */
export async function settleWithLimit<I, R>(items: readonly I[], limit: number, task: (item: I) => Promise<R>): Promise<Array<PromiseSettledResult<R>>> {
  const results: Array<PromiseSettledResult<R>> = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      try {
        results[i] = { status: "fulfilled", value: await task(items[i]) };
      } catch (reason) {
        results[i] = { status: "rejected", reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
