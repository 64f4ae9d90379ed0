/**
 * One listing shared by the reads of one group (e.g. the records of one zone). `pulumi refresh` reads every
 * resource of a stack, `--parallel` at a time: 300 records of one zone would be 300 GETs, or one listing
 * reused. A listing in flight is joined; a finished one is reused while it is younger than `maxAgeMs`;
 * a write to the group must `invalidate` it, so no read after a write of this process sees the old state.
 * A failed load is not kept: the next read loads again.
 */

export interface SharedListingOptions<T> {
  load: (group: string) => Promise<T>;
  /** How long a finished listing answers reads (ms). */
  maxAgeMs?: number;
  /** The clock (tests pass their own). */
  now?: () => number;
}

interface Entry<T> {
  listing: Promise<T>;
  /** When the load finished; undefined while in flight. */
  loadedAt?: number;
}

export const DEFAULT_LISTING_MAX_AGE_MS = 10_000;

export class SharedListing<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(private readonly options: SharedListingOptions<T>) {
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_LISTING_MAX_AGE_MS;
    this.now = options.now ?? Date.now;
  }

  /** The group's listing: the one in flight, a recent one, or a new load. */
  get(group: string): Promise<T> {
    const entry = this.entries.get(group);
    if (entry && (entry.loadedAt === undefined || this.now() - entry.loadedAt < this.maxAgeMs)) return entry.listing;
    const fresh: Entry<T> = { listing: this.options.load(group) };
    this.entries.set(group, fresh);
    fresh.listing.then(
      () => {
        fresh.loadedAt = this.now();
      },
      () => {
        if (this.entries.get(group) === fresh) this.entries.delete(group);
      },
    );
    return fresh.listing;
  }

  /** Forgets the group's listing (call it after every write to the group, whatever its outcome). */
  invalidate(group: string): void {
    this.entries.delete(group);
  }

  /** Forgets every listing (for a write whose group cannot be told, e.g. a zone named by id or by name). */
  clear(): void {
    this.entries.clear();
  }
}
