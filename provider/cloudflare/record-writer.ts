/**
 * Record writes and reads of one Cloudflare account, gathered per zone: concurrent creates, updates and
 * deletes of `cloudflare.DnsRecord`s (the engine runs up to `--parallel` of them at once) go out as one
 * `/batch` request per zone, split only at the batch limit; each caller gets its own record or error. Reads
 * of records of one zone share one listing.
 */
import { Batcher } from "../core/batcher";
import { ApiError } from "../core/errors";
import { SharedListing } from "../core/shared-listing";
import { BatchApi, MAX_BATCH_OPERATIONS } from "./api/batch";
import { RecordsApi } from "./api/records";
import { CloudflareErrorCode } from "./envelope";
import type { BatchRequestWire, BatchResultWire, RecordBodyWire, RecordPatchWire, RecordWire } from "./wire";

/** One write, in the batch's vocabulary. */
export type RecordWrite =
  | { kind: "post"; body: RecordBodyWire }
  | { kind: "patch"; id: string; body: RecordPatchWire }
  | { kind: "put"; id: string; body: RecordBodyWire }
  | { kind: "delete"; id: string };

export interface RecordWriterOptions {
  /** Gather writes until none arrived for this long (default 1 s). */
  idleMs?: number;
  /** … but no longer than this after the first (default 60 s). */
  maxWaitMs?: number;
  /** How long a zone's listing serves reads (default 10 s; every write of the zone drops it). */
  listingMaxAgeMs?: number;
}


const KINDS = { delete: "deletes", patch: "patches", put: "puts", post: "posts" } as const;

/**
 * Whether a failed batch may have been refused because of one of its operations (a 4xx about content),
 * rather than for every operation alike (token, permission, rate limit, no answer, server error).
 */
function blamesAnOperation(error: unknown): boolean {
  if (!(error instanceof ApiError) || error.status === undefined || error.status < 400 || error.status >= 500) return false;
  return ![401, 403, 429].includes(error.status) && !ZONE_WIDE_CODES.has(error.code);
}
const ZONE_WIDE_CODES = new Set<string>([CloudflareErrorCode.InvalidIdentifier, CloudflareErrorCode.AuthenticationError, CloudflareErrorCode.MissingToken, CloudflareErrorCode.RateLimited]);

export class RecordWriter {
  private readonly batcher: Batcher<RecordWrite, RecordWire | undefined>;
  private readonly listings: SharedListing<Map<string, RecordWire>>;
  /** `/batch` requests sent, for tests and the closing note of big runs. */
  batchesSent = 0;

  constructor(
    private readonly records: RecordsApi,
    private readonly batches: BatchApi,
    options: RecordWriterOptions = {},
  ) {
    this.batcher = new Batcher<RecordWrite, RecordWire | undefined>({
      // Default windows (1 s idle, 60 s at most: core/batcher.ts says why): 300 records take about 3 batches.
      idleMs: options.idleMs,
      maxWaitMs: options.maxWaitMs,
      maxBatchSize: MAX_BATCH_OPERATIONS,
      send: (zoneId, writes) => this.sendFindingCulprits(zoneId, writes),
    });
    this.listings = new SharedListing({
      maxAgeMs: options.listingMaxAgeMs,
      load: async (zoneId) => new Map((await this.records.list(zoneId)).map((record) => [record.id, record])),
    });
  }

  /** Carries out one write with the others of its zone; answers the record (undefined for a delete). */
  write(zoneId: string, write: RecordWrite): Promise<RecordWire | undefined> {
    return this.batcher.submit(zoneId, write);
  }

  /** The record as the zone's shared listing has it; undefined when it is gone. */
  async read(zoneId: string, id: string): Promise<RecordWire | undefined> {
    return (await this.listings.get(zoneId)).get(id);
  }

  /** Every record of the zone, from the shared listing. */
  async list(zoneId: string): Promise<RecordWire[]> {
    return [...(await this.listings.get(zoneId)).values()];
  }

  /** Drops the zone's listing after a write that did not go through the writer. */
  invalidate(zoneId: string): void {
    this.listings.invalidate(zoneId);
  }

  /**
   * Sends the writes as one batch. When the batch is refused for its content, Cloudflare rolls it all
   * back and does not say which operation was at fault, so the writes are split in halves and each half
   * sent again, down to the single write that fails: one bad write among n costs about 2·log2(n) more
   * requests, and every other write still succeeds.
   */
  private async sendFindingCulprits(zoneId: string, writes: RecordWrite[]): Promise<Array<RecordWire | undefined | Error>> {
    try {
      return await this.sendOne(zoneId, writes);
    } catch (error) {
      if (writes.length === 1 || !blamesAnOperation(error)) return writes.map(() => asError(error));
      const half = Math.ceil(writes.length / 2);
      const first = await this.sendFindingCulprits(zoneId, writes.slice(0, half));
      const second = await this.sendFindingCulprits(zoneId, writes.slice(half));
      return [...first, ...second];
    }
  }

  private async sendOne(zoneId: string, writes: RecordWrite[]): Promise<Array<RecordWire | undefined>> {
    const body: Required<BatchRequestWire> = { deletes: [], patches: [], puts: [], posts: [] };
    // Where each write's answer is: its kind's list and its place there.
    const places = writes.map((write) => {
      const list = body[KINDS[write.kind]] as unknown[];
      list.push(write.kind === "delete" ? { id: write.id } : write.kind === "post" ? write.body : { id: write.id, ...write.body });
      return { kind: KINDS[write.kind], index: list.length - 1 };
    });
    this.batchesSent++;
    const sentAt = Date.now();
    let result: BatchResultWire;
    try {
      result = await this.batches.send(zoneId, body);
    } catch (error) {
      // The answer was lost: the batch may have been carried out. Never sent again blindly (its posts would
      // make duplicates); the zone tells whether it was, and then each write gets its record.
      if (!answerLost(error)) throw error;
      return this.recover(zoneId, writes, sentAt, error);
    } finally {
      this.listings.invalidate(zoneId);
    }
    return places.map(({ kind, index }) => (kind === "deletes" ? undefined : result[kind]?.[index]));
  }

  /**
   * After a lost answer: the batch was one transaction, so either every write took effect or none did. It
   * did when every post's record is there (made since the batch was sent, less a minute of clock skew) and
   * every delete's record is gone; then the writes answer with the live records, else with the error.
   */
  private async recover(zoneId: string, writes: RecordWrite[], sentAt: number, error: unknown): Promise<Array<RecordWire | undefined>> {
    const live = await this.records.list(zoneId);
    const byId = new Map(live.map((record) => [record.id, record]));
    const claimed = new Set<string>();
    const results = writes.map((write) => {
      if (write.kind === "delete") return byId.has(write.id) ? null : undefined;
      if (write.kind !== "post") return byId.get(write.id) ?? null;
      const made = live.find((record) => !claimed.has(record.id) && madeBy(record, write.body, sentAt));
      if (made) claimed.add(made.id);
      return made ?? null;
    });
    if (results.some((result) => result === null)) throw error;
    return results as Array<RecordWire | undefined>;
  }
}

/**
 * No answer, or a 502/503/504 (a gateway's, or one in Cloudflare's envelope, which does not say whether the
 * batch ran either): the request may have been carried out. Asking the zone costs one listing.
 */
export function answerLost(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  if (error.status === undefined) return !["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ERR_INVALID_URL", "ERR_BAD_REQUEST"].includes(error.code);
  return [502, 503, 504].includes(error.status);
}

/** The live record is what the post asked for, made since it was sent. */
function madeBy(record: RecordWire, body: RecordBodyWire, sentAt: number): boolean {
  const created = record.created_on ? Date.parse(record.created_on) : NaN;
  if (!(created >= sentAt - 60_000)) return false;
  if (record.type !== body.type || record.name !== body.name) return false;
  if (body.data) return Object.entries(body.data).every(([key, value]) => String(record.data?.[key]) === String(value));
  return record.content === body.content;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
