/**
 * The Cloudflare family's persisted state, one slice per account (`cloudflare`, `cloudflare@<project>`):
 * each emulator project is a Cloudflare account reached by its own tokens, as in the other families.
 */
import { DEFAULT_PROJECT, sliceKey, type StateStore } from "../state";
import { identifier } from "./conventions";

/**
 * Plans and what they allow. Batch sizes: "Batch record changes", developers.cloudflare.com/dns/manage-
 * dns-records/how-to/batch-record-changes (Free 200, paid 3,500). Minimum TTL 60 s, 30 s on Enterprise
 * (developers.cloudflare.com/dns/manage-dns-records/reference/ttl; the spec's own minimum is 30). Record
 * quota, comment length and tags: developers.cloudflare.com/dns/manage-dns-records/reference/record-attributes
 * and the DNS limits page (Free zones: 1,000 records, comments of 100 characters, no tags).
 */
export const PLANS = {
  free: { batchLimit: 200, minTtl: 60, recordQuota: 1000, commentLength: 100, tags: 0 },
  pro: { batchLimit: 3500, minTtl: 60, recordQuota: 3500, commentLength: 500, tags: 20 },
  business: { batchLimit: 3500, minTtl: 60, recordQuota: 3500, commentLength: 500, tags: 50 },
  enterprise: { batchLimit: 3500, minTtl: 30, recordQuota: 1_000_000, commentLength: 500, tags: 1000 },
} as const;
export type PlanName = keyof typeof PLANS;
export const isPlan = (value: unknown): value is PlanName => typeof value === "string" && Object.hasOwn(PLANS, value);

/** A record as stored: `name` is the FQDN in Punycode, `content` is what the API answers (computed from `data` for structured types). */
export interface StoredRecord {
  id: string;
  zoneId: string;
  name: string;
  type: string;
  content: string;
  data?: Record<string, unknown>;
  priority?: number;
  ttl: number;
  proxied: boolean;
  comment: string | null;
  tags: string[];
  settings: Record<string, boolean>;
  createdOn: number;
  modifiedOn: number;
  /** Where the record came from, for `meta.source` (an import or an accepted scan); absent for API writes. */
  source?: "import" | "scan";
}

export interface StoredZone {
  id: string;
  name: string;
  plan: PlanName;
  createdOn: number;
  modifiedOn: number;
  /** Records `POST …/scan/trigger` found and nobody accepted or rejected yet (`GET …/scan/review`). */
  scanned: StoredRecord[];
}

export interface CloudflareState {
  nextId: { zone: number; record: number };
  zones: StoredZone[];
  records: StoredRecord[];
}

export const initialCloudflareState = (): CloudflareState => ({ nextId: { zone: 1, record: 1 }, zones: [], records: [] });

export interface CloudflareContext {
  state(): CloudflareState;
  /** The account of the current request (the emulator project its token belongs to). */
  account(): { id: string; name: string };
  useProject(project: string): void;
  hasProject(project: string): boolean;
  newId(kind: "zone" | "record"): string;
}

export function cloudflareContext(store: StateStore, projects: string[]): CloudflareContext {
  // A state file may predate fields: zones without a review list get an empty one.
  const restore = (saved: Partial<CloudflareState>): CloudflareState => ({
    ...initialCloudflareState(),
    ...saved,
    nextId: { ...initialCloudflareState().nextId, ...saved.nextId },
    zones: (saved.zones ?? []).map((zone) => ({ ...zone, scanned: zone.scanned ?? [] })),
  });
  const slices = new Map(projects.map((project) => [project, store.register(sliceKey("cloudflare", project), initialCloudflareState, restore)]));
  let current = projects.includes(DEFAULT_PROJECT) ? DEFAULT_PROJECT : projects[0];
  const state = () => slices.get(current)!();
  return {
    state,
    account: () => ({ id: identifier("account", current), name: `${current} account` }),
    useProject: (project) => {
      current = project;
    },
    hasProject: (project) => slices.has(project),
    // Ids differ per account and kind, and repeat after a reset (stable test output).
    newId: (kind) => identifier(kind, current, state().nextId[kind]++),
  };
}
