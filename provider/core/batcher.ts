/**
 * Gathers the concurrent submissions of one group (e.g. the record writes of one zone) into one request.
 * The engine calls the provider for up to `--parallel` resources at once, each call on its own; a family
 * whose API takes many objects per request (Hetzner DNS /records/bulk, Cloudflare /batch) submits each
 * resource's item here and gets that item's own result or error back.
 *
 * Why not DataLoader: it fixes a batch's moment when the batch's first item arrives. The engine starts
 * its steps one after the other as the program registers them (it checks one resource at a time: creates
 * arrived about 0.45 s apart on a loaded 2-core machine, so a 20 ms window sent 268 batches for 300
 * records), and a fixed window splits one wave into many batches. Here a batch waits while items keep
 * arriving (`idleMs` since the last, 1 s by default), up to `maxWaitMs` after its first (60 s), or until it
 * holds `maxBatchSize` items. The price: a lone write waits `idleMs` before it is sent.
 *
 * The engine's parallelism (`--parallel`, 4 × cores by default) caps how many items can wait at once: with
 * the default, a wave of 8 arrives, and the next only once it is answered, so a second of quiet per wave
 * would stall the run. Such a wave shows itself: it starts soon after the group's previous batch was
 * answered (the engine was waiting on us; it saves its checkpoint first: 150–250 ms on a loaded 2-core
 * machine), its items come densely (ms apart), and it grows as large as that batch. It goes out after a
 * short quiet (`waveIdleMs`, 25 ms). Items trickling in (`--parallel 300`: 0.45 s apart, as the engine
 * checks them) are not dense and keep the full quiet.
 *
 * Two bursts of the engine's default parallelism (`engineWave`) need not wait the full second either: its
 * first wave (that many items within 0.1 s, nothing of the group sent before), and a last wave smaller than
 * the one before, right behind its answer (the engine had fewer left to start). A burst ends after 50 ms
 * without an item. At `--parallel 300`, items come 15–90 ms apart: never that many within 0.1 s, so they
 * keep the full quiet.
 */
import * as os from "os";

export interface BatcherOptions<I, R> {
  /** The batch is sent once no item arrived for this long (ms; default 1 s). */
  idleMs?: number;
  /** …or this long after its first item (ms; default 60 s), whatever still arrives. */
  maxWaitMs?: number;
  /** A wave the engine sent on the previous batch's answer goes out after this quiet (ms; default 25). */
  waveIdleMs?: number;
  /** The engine's default parallelism (default 4 × this machine's CPUs, as the engine counts it). */
  engineWave?: number;
  /** …or as soon as it holds this many items (the API's limit per request). */
  maxBatchSize: number;
  /**
   * Sends one batch of a group. Returns one entry per item, in order: the item's result, or an Error for
   * that item alone. Throwing fails every item of the batch with that error.
   */
  send: (group: string, items: I[]) => Promise<Array<R | Error>>;
}

interface Waiting<I, R> {
  item: I;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

interface OpenBatch<I, R> {
  entries: Array<Waiting<I, R>>;
  /** Opened soon after the group's previous batch was answered: the size of that batch, else undefined. */
  waveOf?: number;
  /** Opened so soon after that answer that a smaller burst is the engine's last wave. */
  closeBehind: boolean;
  /** Opened with nothing of its group in flight or answered recently: the start of an operation. */
  opening: boolean;
  /** Every item so far came within WAVE_GAP_MS of the one before. */
  dense: boolean;
  openedAt: number;
  /** When its last item came. */
  lastAt: number;
  idleTimer: NodeJS.Timeout;
  maxTimer: NodeJS.Timeout;
}

export const DEFAULT_BATCH_IDLE_MS = 1_000;
export const DEFAULT_BATCH_MAX_WAIT_MS = 60_000;
export const DEFAULT_WAVE_IDLE_MS = 25;
/** How soon after an answer the engine's next wave starts (its steps wait on ours; generous for load). */
const WAVE_FOLLOWS_WITHIN_MS = 750;
/** …and for a last, smaller wave, which must not be taken for items trickling in (80–170 ms in the benchmark). */
const LAST_WAVE_FOLLOWS_WITHIN_MS = 300;
/** The most time between two items of one wave (they came 2–40 ms apart in the benchmark), and the span of a burst. */
const WAVE_GAP_MS = 100;
/** The quiet that ends a burst (its items came 4–15 ms apart in the benchmark, up to 40 under load). */
const BURST_QUIET_MS = 50;

export class Batcher<I, R> {
  private readonly open = new Map<string, OpenBatch<I, R>>();
  private readonly idleMs: number;
  private readonly maxWaitMs: number;
  private readonly waveIdleMs: number;
  private readonly engineWave: number;
  /** Per group: when its last batch was answered, and how many items that batch held. */
  private readonly answered = new Map<string, { at: number; size: number }>();
  /** Per group: batches sent and not yet answered. */
  private readonly inFlight = new Map<string, number>();

  constructor(private readonly options: BatcherOptions<I, R>) {
    if (!Number.isInteger(options.maxBatchSize) || options.maxBatchSize < 1) throw new Error("Batcher: maxBatchSize must be a whole number ≥ 1");
    this.idleMs = options.idleMs ?? DEFAULT_BATCH_IDLE_MS;
    this.maxWaitMs = Math.max(options.maxWaitMs ?? DEFAULT_BATCH_MAX_WAIT_MS, this.idleMs);
    this.waveIdleMs = Math.min(options.waveIdleMs ?? DEFAULT_WAVE_IDLE_MS, this.idleMs);
    this.engineWave = options.engineWave ?? 4 * os.availableParallelism();
  }

  /** Adds the item to its group's open batch (opening one if none is) and resolves with its own result. */
  submit(group: string, item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const now = Date.now();
      let batch = this.open.get(group);
      if (!batch) {
        const last = this.answered.get(group);
        const recent = last !== undefined && now - last.at <= WAVE_FOLLOWS_WITHIN_MS;
        batch = {
          entries: [],
          waveOf: recent ? last.size : undefined,
          closeBehind: recent && now - last.at <= LAST_WAVE_FOLLOWS_WITHIN_MS,
          opening: !recent && !this.inFlight.get(group),
          dense: true,
          openedAt: now,
          lastAt: now,
          idleTimer: setTimeout(() => this.flush(group), this.idleMs),
          maxTimer: setTimeout(() => this.flush(group), this.maxWaitMs),
        };
        this.open.set(group, batch);
      }
      batch.entries.push({ item, resolve, reject });
      if (batch.entries.length >= this.options.maxBatchSize) return this.flush(group);
      // A gap a wave would not have: items trickling in, so the full quiet from now on.
      if (now - batch.lastAt > WAVE_GAP_MS) batch.dense = false;
      batch.lastAt = now;
      clearTimeout(batch.idleTimer);
      batch.idleTimer = setTimeout(() => this.flush(group), this.quietFor(batch, now));
    });
  }

  /** How long the batch waits for another item (see the class comment). */
  private quietFor(batch: OpenBatch<I, R>, now: number): number {
    if (!batch.dense) return this.idleMs;
    const count = batch.entries.length;
    if (batch.waveOf !== undefined && count >= batch.waveOf) return this.waveIdleMs;
    const burst = now - batch.openedAt <= WAVE_GAP_MS;
    const lastWave = batch.closeBehind && batch.waveOf! <= this.engineWave;
    const firstWave = batch.opening && count >= this.engineWave;
    return burst && (lastWave || firstWave) ? Math.min(BURST_QUIET_MS, this.idleMs) : this.idleMs;
  }

  /** Items waiting in open batches (not yet sent). */
  get pending(): number {
    let count = 0;
    for (const batch of this.open.values()) count += batch.entries.length;
    return count;
  }

  private flush(group: string): void {
    const batch = this.open.get(group);
    if (!batch) return;
    this.open.delete(group);
    clearTimeout(batch.idleTimer);
    clearTimeout(batch.maxTimer);
    void this.send(group, batch.entries);
  }

  private async send(group: string, entries: Array<Waiting<I, R>>): Promise<void> {
    let results: Array<R | Error>;
    this.inFlight.set(group, (this.inFlight.get(group) ?? 0) + 1);
    try {
      results = await this.options.send(
        group,
        entries.map((e) => e.item),
      );
    } catch (error) {
      for (const entry of entries) entry.reject(ownError(error));
      return;
    } finally {
      this.inFlight.set(group, this.inFlight.get(group)! - 1);
      this.answered.set(group, { at: Date.now(), size: entries.length });
    }
    entries.forEach((entry, i) => {
      if (i >= results.length) entry.reject(new Error(`Batcher: the batch of ${group} returned ${results.length} results for ${entries.length} items`));
      else if (results[i] instanceof Error) entry.reject(ownError(results[i]));
      else entry.resolve(results[i] as R);
    });
  }
}

/**
 * A copy of the error for one item (same class, fields, message and stack): each caller puts its own resource
 * in front of the message, and would otherwise prefix the one error every item of the batch shares.
 */
function ownError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  return Object.defineProperties(Object.create(Object.getPrototypeOf(error)), Object.getOwnPropertyDescriptors(error));
}
