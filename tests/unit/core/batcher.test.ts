import { Batcher } from "../../../provider/core/batcher";
import { SharedListing } from "../../../provider/core/shared-listing";

describe("Batcher", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function recording(results?: (group: string, items: number[]) => Array<string | Error>) {
    const sent: Array<{ group: string; items: number[] }> = [];
    const batcher = new Batcher<number, string>({
      idleMs: 20,
      maxWaitMs: 100,
      maxBatchSize: 4,
      send: async (group, items) => {
        sent.push({ group, items });
        return results ? results(group, items) : items.map((i) => `${group}:${i}`);
      },
    });
    return { batcher, sent };
  }

  it("sends the items of one group that arrive close together in one batch, each getting its own result", async () => {
    const { batcher, sent } = recording();
    const a = batcher.submit("z1", 1);
    await jest.advanceTimersByTimeAsync(15);
    const b = batcher.submit("z1", 2);
    await jest.advanceTimersByTimeAsync(15);
    const c = batcher.submit("z1", 3);
    expect(sent).toEqual([]);
    await jest.advanceTimersByTimeAsync(20);
    expect(sent).toEqual([{ group: "z1", items: [1, 2, 3] }]);
    await expect(Promise.all([a, b, c])).resolves.toEqual(["z1:1", "z1:2", "z1:3"]);
  });

  it("keeps groups apart", async () => {
    const { batcher, sent } = recording();
    const results = Promise.all([batcher.submit("z1", 1), batcher.submit("z2", 2), batcher.submit("z1", 3)]);
    await jest.advanceTimersByTimeAsync(20);
    expect([...sent].sort((a, b) => a.group.localeCompare(b.group))).toEqual([
      { group: "z1", items: [1, 3] },
      { group: "z2", items: [2] },
    ]);
    await expect(results).resolves.toEqual(["z1:1", "z2:2", "z1:3"]);
  });

  it("waits a second of quiet by default: the engine checks one resource at a time, so creates trickle in", async () => {
    const sent: number[][] = [];
    const batcher = new Batcher<number, number>({ maxBatchSize: 100, send: async (_group, items) => (sent.push(items), items) });
    const submitted = [batcher.submit("z", 1)];
    await jest.advanceTimersByTimeAsync(450);
    submitted.push(batcher.submit("z", 2));
    await jest.advanceTimersByTimeAsync(999);
    expect(sent).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([[1, 2]]);
    await Promise.all(submitted);
  });

  it("a wave the engine sends on an answer (its default parallelism) goes out right after it; items trickling in wait the full quiet", async () => {
    const sent: number[][] = [];
    const batcher = new Batcher<number, number>({ maxBatchSize: 100, engineWave: 8, send: async (_group, items) => (sent.push(items), items) });
    const wave = (from: number, length = 8) => Array.from({ length }, (_, i) => batcher.submit("z", from + i));
    // The first wave: as many items as the engine's default parallelism, at once: out after 50 ms of quiet.
    const first = wave(0);
    await jest.advanceTimersByTimeAsync(49);
    expect(sent).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    await Promise.all(first);
    // The engine answers with the next wave at once: out after 25 ms of quiet, not a second.
    const second = wave(8);
    await jest.advanceTimersByTimeAsync(25);
    expect(sent).toEqual([[0, 1, 2, 3, 4, 5, 6, 7], [8, 9, 10, 11, 12, 13, 14, 15]]);
    await Promise.all(second);
    // Items trickling in 450 ms apart (--parallel 300), even starting soon after an answer: not a wave (not
    // dense), so they wait the full quiet, together, also past the last batch's size.
    await jest.advanceTimersByTimeAsync(450);
    const trickle: Array<Promise<number>> = [];
    const late = Array.from({ length: 9 }, (_, i) => 16 + i);
    for (const i of late) {
      trickle.push(batcher.submit("z", i));
      await jest.advanceTimersByTimeAsync(450);
    }
    await jest.advanceTimersByTimeAsync(1000);
    expect(sent.slice(2)).toEqual([late]);
    await Promise.all(trickle);
  });

  it("a last wave smaller than the one before, right behind its answer, goes after 50 ms of quiet, not a second", async () => {
    const sent: number[][] = [];
    const batcher = new Batcher<number, number>({ maxBatchSize: 100, engineWave: 8, send: async (_group, items) => (sent.push(items), items) });
    const wave = (from: number, length: number) => Array.from({ length }, (_, i) => batcher.submit("z", from + i));
    const first = wave(0, 8);
    await jest.advanceTimersByTimeAsync(50);
    await Promise.all(first);
    await jest.advanceTimersByTimeAsync(120); // the engine saves its checkpoint, then starts what is left
    const last = wave(8, 3);
    await jest.advanceTimersByTimeAsync(49);
    expect(sent).toEqual([[0, 1, 2, 3, 4, 5, 6, 7]]);
    await jest.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([[0, 1, 2, 3, 4, 5, 6, 7], [8, 9, 10]]);
    await Promise.all(last);
  });

  it("fewer items than the engine's default parallelism, or items spread over more than 0.1 s, at the start: the full quiet", async () => {
    const sent: number[][] = [];
    const batcher = new Batcher<number, number>({ maxBatchSize: 100, engineWave: 8, send: async (_group, items) => (sent.push(items), items) });
    const few = Array.from({ length: 7 }, (_, i) => batcher.submit("z", i));
    await jest.advanceTimersByTimeAsync(999);
    expect(sent).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    await Promise.all(few);
    // --parallel 300 on a quiet machine: creates 15–90 ms apart, never 8 within 0.1 s.
    await jest.advanceTimersByTimeAsync(2000);
    const spread: Array<Promise<number>> = [];
    for (let i = 0; i < 12; i++) {
      spread.push(batcher.submit("y", i));
      await jest.advanceTimersByTimeAsync(20);
    }
    await jest.advanceTimersByTimeAsync(979);
    expect(sent.length).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(sent[1]).toEqual(Array.from({ length: 12 }, (_, i) => i));
    await Promise.all(spread);
  });

  it("sends a full batch at once", async () => {
    const { batcher, sent } = recording();
    const full = [1, 2, 3, 4].map((i) => batcher.submit("z", i));
    expect(sent).toEqual([{ group: "z", items: [1, 2, 3, 4] }]);
    await expect(Promise.all(full)).resolves.toEqual(["z:1", "z:2", "z:3", "z:4"]);
  });

  it("sends a batch that never goes idle maxWaitMs after its first item", async () => {
    const sent: number[][] = [];
    const batcher = new Batcher<number, number>({ idleMs: 20, maxWaitMs: 100, maxBatchSize: 1000, send: async (_group, items) => (sent.push(items), items) });
    // One item every 10 ms: never 20 ms idle.
    const submitted: Array<Promise<number>> = [];
    for (let i = 0; i < 15; i++) {
      submitted.push(batcher.submit("z", i));
      await jest.advanceTimersByTimeAsync(10);
    }
    expect(sent[0]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await jest.advanceTimersByTimeAsync(20);
    expect(sent).toEqual([
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      [10, 11, 12, 13, 14],
    ]);
    expect(batcher.pending).toBe(0);
    await Promise.all(submitted);
  });

  it("fails only the items the batch reports as failed", async () => {
    const { batcher } = recording((group, items) => items.map((i) => (i === 2 ? new Error(`record ${i} is invalid`) : `${group}:${i}`)));
    const [a, b, c] = [1, 2, 3].map((i) => batcher.submit("z", i));
    const settled = Promise.allSettled([a, b, c]);
    await jest.advanceTimersByTimeAsync(20);
    const [ra, rb, rc] = await settled;
    expect(ra).toEqual({ status: "fulfilled", value: "z:1" });
    expect(rb).toEqual({ status: "rejected", reason: new Error("record 2 is invalid") });
    expect(rc).toEqual({ status: "fulfilled", value: "z:3" });
  });

  it("fails every item of a batch whose send throws, and items missing from the answer", async () => {
    const thrower = new Batcher<number, string>({
      idleMs: 20,
      maxBatchSize: 10,
      send: async () => {
        throw new Error("503 unavailable");
      },
    });
    const settled = Promise.allSettled([thrower.submit("z", 1), thrower.submit("z", 2)]);
    await jest.advanceTimersByTimeAsync(50);
    const reasons = (await settled).map((r) => (r as PromiseRejectedResult).reason as Error);
    expect(reasons.map((e) => e.message)).toEqual(["503 unavailable", "503 unavailable"]);
    // Each item its own error: one caller's prefix does not reach the other's message.
    reasons[0].message = `creating one failed: ${reasons[0].message}`;
    expect([reasons[1].message, reasons[1] instanceof Error]).toEqual(["503 unavailable", true]);

    const short = new Batcher<number, string>({ idleMs: 20, maxBatchSize: 10, send: async () => ["only one"] });
    const both = Promise.allSettled([short.submit("z", 1), short.submit("z", 2)]);
    await jest.advanceTimersByTimeAsync(50);
    const [first, second] = await both;
    expect(first).toEqual({ status: "fulfilled", value: "only one" });
    expect(second.status === "rejected" && (second.reason as Error).message).toBe("Batcher: the batch of z returned 1 results for 2 items");
  });
});

describe("SharedListing", () => {
  function counting() {
    let now = 0;
    const loads: string[] = [];
    let fail = false;
    const listing = new SharedListing<string>({
      maxAgeMs: 1000,
      now: () => now,
      load: async (group) => {
        loads.push(group);
        if (fail) throw new Error("listing failed");
        return `${group}@${loads.length}`;
      },
    });
    return { listing, loads, tick: (ms: number) => (now += ms), failNext: (f: boolean) => (fail = f) };
  }

  it("answers concurrent and recent reads of a group from one load", async () => {
    const { listing, loads, tick } = counting();
    const reads = await Promise.all([listing.get("z1"), listing.get("z1"), listing.get("z2")]);
    expect(reads).toEqual(["z1@1", "z1@1", "z2@2"]);
    tick(999);
    await expect(listing.get("z1")).resolves.toBe("z1@1");
    tick(1);
    await expect(listing.get("z1")).resolves.toBe("z1@3");
    expect(loads).toEqual(["z1", "z2", "z1"]);
  });

  it("loads anew after invalidate and after a failed load", async () => {
    const { listing, loads, failNext } = counting();
    await listing.get("z");
    listing.invalidate("z");
    await expect(listing.get("z")).resolves.toBe("z@2");
    listing.invalidate("z");
    failNext(true);
    await expect(listing.get("z")).rejects.toThrow("listing failed");
    failNext(false);
    await expect(listing.get("z")).resolves.toBe("z@4");
    expect(loads).toHaveLength(4);
  });
});
