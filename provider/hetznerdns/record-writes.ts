/**
 * The record writes and reads of one client (one token and endpoint) in the provider process. The engine
 * calls the provider for many resources at once, each call on its own; creates and updates of one zone
 * submitted close together are sent as one POST or PUT /records/bulk (core/batcher.ts), and reads of one
 * zone's records share one listing (core/shared-listing.ts), so `pulumi refresh` of 300 records is one GET.
 *
 * The bulk answers name no request index: records come back by their fields (created) or id (updated),
 * refused ones by their fields alone (`invalid_records`, `failed_records`, without a reason). A refused
 * record, or one the answer does not account for unambiguously, is sent again alone: its own request
 * answers with the API's reason, which fails that resource alone, and the others keep their results.
 * A create whose answer was lost (no answer, a gateway's 502/503/504) is not sent again blindly: the zone's
 * records made since tell what it did, so a re-run never meets its own record as `taken`.
 */
import { Batcher } from "../core/batcher";
import { ApiError } from "../core/errors";
import { CLOCK_SKEW_MS } from "../core/lifecycle";
import { SharedListing } from "../core/shared-listing";
import { canonicalLive } from "../dns/zone-records-input";
import { LegacyRecord, RecordFields, RecordsApi } from "./api/records";
import { timestampMs } from "./api/zones";

/** One record to write, with the zone's name its relative values are read against. */
export interface RecordWrite {
  fields: RecordFields;
  zoneName: string;
}

export interface RecordUpdate extends RecordWrite {
  id: string;
}

/**
 * The most records one bulk request carries. The API documents no limit; at 200 a 300-record zone is
 * two requests, and a refused bulk costs little to repeat record by record.
 */
export const MAX_BULK_RECORDS = 200;
/** Records sent alone at once when a bulk cannot be matched back. */
const ALONE_CONCURRENCY = 8;

/** What identifies a record in a bulk answer: name, type and the value in canonical form. */
function recordKey(record: RecordFields, zoneName: string): string {
  return `${record.name.toLowerCase()}\n${record.type}\n${canonicalLive(record.type, record.value, zoneName)}`;
}

/** Takes one entry of `key` off a multimap; undefined when none is left. */
function take<T>(map: Map<string, T[]>, key: string): T | undefined {
  const list = map.get(key);
  return list?.shift();
}

function multimap<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    map.set(k, [...(map.get(k) ?? []), item]);
  }
  return map;
}

/** Runs `work` for every item, at most `limit` at once, each outcome (value or Error) in order. */
async function eachAlone<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<Array<R | Error>> {
  const results: Array<R | Error> = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      results[i] = await work(items[i]).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A whole bulk refused as invalid may be refused for one record: each is then sent alone. */
const refusedAsInput = (error: unknown) => error instanceof ApiError && (error.status === 400 || error.status === 422);

export class RecordWrites {
  private readonly creates: Batcher<RecordWrite, LegacyRecord>;
  private readonly updates: Batcher<RecordUpdate, LegacyRecord>;
  /** Every record of a zone, by zone id. */
  readonly listing: SharedListing<LegacyRecord[]>;

  /** `windows`: the batch windows (default: the Batcher's, core/batcher.ts; tests shorten them). */
  constructor(
    private readonly records: RecordsApi,
    windows: { idleMs?: number; maxWaitMs?: number } = {},
  ) {
    // The creates of one `pulumi up` arrive as a trickle (measured with 300 records: a 50 ms window sent 232 writes).
    const batching = { ...windows, maxBatchSize: MAX_BULK_RECORDS };
    this.creates = new Batcher({ ...batching, send: (zoneId, items) => this.written(zoneId, this.sendCreates(items)) });
    this.updates = new Batcher({ ...batching, send: (zoneId, items) => this.written(zoneId, this.sendUpdates(items)) });
    this.listing = new SharedListing({ load: (zoneId) => records.list(zoneId) });
  }

  /** Creates the record, in one bulk with the other creates of its zone submitted close by. */
  create(write: RecordWrite): Promise<LegacyRecord> {
    return this.creates.submit(write.fields.zoneId, write);
  }

  /** Updates the record, in one bulk with the other updates of its zone submitted close by. */
  update(write: RecordUpdate): Promise<LegacyRecord> {
    return this.updates.submit(write.fields.zoneId, write);
  }

  /** Deletes the record (the API has no bulk delete). */
  async delete(zoneId: string, id: string): Promise<void> {
    await this.written(zoneId, this.records.delete(id));
  }

  /** The record as the zone's shared listing shows it, else as its own GET does (created since, or gone). */
  async find(zoneId: string | undefined, id: string): Promise<LegacyRecord | undefined> {
    // Without the zone (Record.get with an id alone), only the record's own GET can find it.
    if (!zoneId) return this.records.find(id);
    const listed = (await this.listing.get(zoneId)).find((record) => record.id === id);
    return listed ?? this.records.find(id);
  }

  /** A write of the zone: its listing is stale afterwards, whatever the outcome. */
  private async written<T>(zoneId: string, write: Promise<T>): Promise<T> {
    try {
      return await write;
    } finally {
      this.listing.invalidate(zoneId);
    }
  }

  /**
   * After a lost answer to a create: the records of the zone that are what the items asked for and were made
   * since the request was sent (less a minute of clock skew), each claimed once. A record alike that is older
   * is someone else's, and the API refuses the create as taken.
   */
  private async madeSince(items: RecordWrite[], sentAt: number): Promise<Array<LegacyRecord | undefined>> {
    const live = await this.records.list(items[0].fields.zoneId);
    const claimed = new Set<string>();
    return items.map((item) => {
      const key = recordKey(item.fields, item.zoneName);
      const made = live.find((r) => !claimed.has(r.id) && timestampMs(r.created) >= sentAt - CLOCK_SKEW_MS && recordKey(r, item.zoneName) === key);
      if (made) claimed.add(made.id);
      return made;
    });
  }

  private async sendCreates(items: RecordWrite[]): Promise<Array<LegacyRecord | Error>> {
    const alone = (item: RecordWrite) => {
      const sentAt = Date.now();
      return this.records.create(item.fields, async () => (await this.madeSince([item], sentAt))[0]);
    };
    if (items.length === 1) return [await alone(items[0])];
    let answer: Awaited<ReturnType<RecordsApi["bulkCreate"]>>;
    const sentAt = Date.now();
    try {
      const recover = async () => (await this.madeSince(items, sentAt)).filter((r): r is LegacyRecord => r !== undefined);
      answer = await this.records.bulkCreate(
        items.map((item) => item.fields),
        recover,
      );
    } catch (error) {
      if (!refusedAsInput(error)) throw error;
      return eachAlone(items, ALONE_CONCURRENCY, alone);
    }
    const zoneName = items[0].zoneName;
    const created = multimap(answer.created, (r) => recordKey(r, zoneName));
    const refused = multimap(answer.invalid, (r) => recordKey(r, zoneName));
    const results: Array<LegacyRecord | undefined> = items.map((item) => {
      const key = recordKey(item.fields, item.zoneName);
      // Two submissions of the same record are alike: either may take either answer.
      if (refused.get(key)?.length && !created.get(key)?.length) return undefined;
      return take(created, key);
    });
    // Refused, or not in the answer: alone, each gets its own verdict and the API's reason.
    const retry = items.filter((_, i) => results[i] === undefined);
    const retried = await eachAlone(retry, ALONE_CONCURRENCY, alone);
    return results.map((result) => result ?? retried.shift()!);
  }

  private async sendUpdates(items: RecordUpdate[]): Promise<Array<LegacyRecord | Error>> {
    const alone = (item: RecordUpdate) => this.records.update(item.id, item.fields);
    if (items.length === 1) return [await alone(items[0])];
    let answer: Awaited<ReturnType<RecordsApi["bulkUpdate"]>>;
    try {
      answer = await this.records.bulkUpdate(items.map((item) => ({ ...item.fields, id: item.id })));
    } catch (error) {
      if (!refusedAsInput(error)) throw error;
      return eachAlone(items, ALONE_CONCURRENCY, alone);
    }
    const updated = new Map(answer.updated.map((r) => [r.id, r]));
    const results = items.map((item) => updated.get(item.id));
    // A PUT is safe twice: whatever the answer does not show as updated is sent alone for its verdict.
    const retry = items.filter((_, i) => results[i] === undefined);
    const retried = await eachAlone(retry, ALONE_CONCURRENCY, alone);
    return results.map((result) => result ?? retried.shift()!);
  }
}
