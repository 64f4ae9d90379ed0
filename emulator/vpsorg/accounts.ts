/**
 * VPS.org accounts: each emulator project is one account (its tokens are the account's API tokens), with
 * its own persisted slice (`vpsorg`, `vpsorg@<project>`). A zone or record of another account is 404
 * (seed: "Zone not found or not owned by user").
 */
import { createHash } from "node:crypto";
import { sliceKey, type StateStore } from "../state";
import { notFound } from "./conventions";

export const RECORD_TYPES = ["A", "AAAA", "CNAME", "MX", "TXT", "NS", "SRV", "CAA"] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export interface StoredZone {
  uuid: string;
  domain: string;
  createdAt: number;
}

export interface StoredRecord {
  uuid: string;
  /** The zone's uuid. */
  zone: string;
  recordType: RecordType;
  /** `@` or relative to the zone, as the API returns it. */
  name: string;
  value: string;
  ttl: number;
  priority: number | null;
  createdAt: number;
}

export interface AccountState {
  nextId: { zone: number; record: number };
  /** In creation order, the order the lists answer in. */
  zones: StoredZone[];
  records: StoredRecord[];
}

const initialAccountState = (): AccountState => ({ nextId: { zone: 1, record: 1 }, zones: [], records: [] });

/**
 * A deterministic UUID (RFC 9562 version 5 layout) from the account, the kind and a counter: stable across
 * restarts, never the same in two accounts, so a uuid from another account is a 404 and not another object.
 */
function deterministicUuid(seed: string): string {
  const hex = createHash("sha1").update(`vpsorg-emulator/${seed}`).digest("hex").slice(0, 32).split("");
  hex[12] = "5";
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export class Account {
  constructor(
    readonly project: string,
    private readonly slice: () => AccountState,
  ) {}

  get state(): AccountState {
    return this.slice();
  }

  newUuid(kind: keyof AccountState["nextId"]): string {
    return deterministicUuid(`${this.project}/${kind}/${this.state.nextId[kind]++}`);
  }

  /** The account's zone of that uuid (DRF's UUIDField takes any case); another account's is 404. */
  zone(uuid: string): StoredZone {
    const zone = this.state.zones.find((z) => z.uuid === uuid.toLowerCase());
    if (!zone) throw notFound("Zone");
    return zone;
  }

  record(uuid: string): StoredRecord {
    const record = this.state.records.find((r) => r.uuid === uuid.toLowerCase());
    if (!record) throw notFound("Record");
    return record;
  }

  recordsOf(zone: StoredZone): StoredRecord[] {
    return this.state.records.filter((record) => record.zone === zone.uuid);
  }
}

/** The account of each project, its slice registered in the store (restored from the state file when it has one). */
export function vpsorgAccounts(store: StateStore, projects: Iterable<string>): Map<string, Account> {
  const restore = (saved: Partial<AccountState>): AccountState => {
    const fresh = initialAccountState();
    return { ...fresh, ...saved, nextId: { ...fresh.nextId, ...saved.nextId } };
  };
  return new Map([...new Set(projects)].map((project) => [project, new Account(project, store.register(sliceKey("vpsorg", project), initialAccountState, restore))]));
}
