/**
 * Hetzner Cloud DNS RRSets endpoint (`/zones/{zone}/rrsets…`, tags Zone RRSets and Zone RRSet Actions):
 * wire ⇄ domain conversion happens here, once. Like hcloud-go's zone_rrset.go beside zone.go.
 */
import { ActionState } from "../../core/actions";
import { unlessNotFound } from "../../core/errors";
import { createUniquelyNamed, listAllPages, TakeOver } from "../../core/hetzner";
import { HttpClient } from "../../core/http";
import { SharedListing } from "../../core/shared-listing";
import {
  ActionResponseWire,
  ActionWire,
  AddRrsetRecordsRequestWire,
  ChangeRrsetProtectionRequestWire,
  ChangeRrsetTtlRequestWire,
  CreateRrsetRequestWire,
  CreateRrsetResponseWire,
  RemoveRrsetRecordsRequestWire,
  RrsetRecordWire,
  RrsetTypeWire,
  RrsetWire,
  SetRrsetRecordsRequestWire,
  UpdateRrsetRecordsRequestWire,
  UpdateRrsetRequestWire,
} from "../wire";
import { toActionState } from "./actions";
import { WithActions } from "./firewalls";

/** A zone as a path segment: its numeric id or its (punycode) name. */
export type ZoneRef = number | string;

export interface RrsetRecord {
  /** In the wire form the API stores (see provider/dns canonicalValue). */
  value: string;
  /** "" when the record has none. */
  comment: string;
}

export interface Rrset {
  /** The API's id, `<name>/<type>`. */
  id: string;
  /** The zone's id. */
  zone: number;
  /** Relative to the zone, `@` for the apex; ASCII (punycode). */
  name: string;
  type: string;
  /** null: the zone's default TTL applies. */
  ttl: number | null;
  records: RrsetRecord[];
  labels: Record<string, string>;
  changeProtection: boolean;
}

/** Identifies one RRSet: zone, relative name and type. */
export interface RrsetKey {
  zone: ZoneRef;
  name: string;
  type: string;
}

/** What a create (or a zone create) sends for one RRSet. */
export interface RrsetSpec {
  name: string;
  type: string;
  /** null or absent: the zone's default TTL. */
  ttl?: number | null;
  records: Array<{ value: string; comment?: string }>;
  labels?: Record<string, string>;
}

/** The API's `per_page` maximum on the RRSet list (the spec's note: 100 here instead of 50). */
export const RRSETS_PER_PAGE = 100;
/** The most records one set/add/remove/update_records request takes (the spec's maxItems). */
export const MAX_RECORDS_PER_ACTION = 50;

export class RrsetsApi {
  /**
   * The zones' listings that `findListed` answers from. Every write through this client forgets them all:
   * a zone is written by id or by name, and both must stop answering from the old listing.
   */
  private readonly listings = new SharedListing<Rrset[]>({ load: (zone) => this.list(zone) });

  constructor(private readonly http: HttpClient) {}

  /** Every RRSet of the zone (all pages, 100 a page), optionally only those of one name and/or of these types. */
  async list(zone: ZoneRef, filter: { name?: string; type?: string | string[]; labelSelector?: string } = {}): Promise<Rrset[]> {
    const wires = await listAllPages<RrsetWire>(
      this.http,
      `${zonePath(zone)}/rrsets`,
      "rrsets",
      { name: filter.name, type: filter.type, label_selector: filter.labelSelector },
      RRSETS_PER_PAGE,
    );
    return wires.map(toRrset);
  }

  async get(key: RrsetKey): Promise<Rrset> {
    const { data } = await this.http.get<{ rrset: RrsetWire }>(rrsetPath(key));
    return toRrset(data.rrset);
  }

  /** undefined when the RRSet (or its zone) is gone. */
  find(key: RrsetKey): Promise<Rrset | undefined> {
    return unlessNotFound(this.get(key));
  }

  /**
   * As `find`, from one listing of the zone shared by the reads of this process (joined while in flight,
   * reused for a few seconds): a refresh reads a zone's 500 RRSets in 5 pages instead of 500 GETs.
   */
  async findListed(key: RrsetKey): Promise<Rrset | undefined> {
    const all = await unlessNotFound(this.listings.get(String(key.zone)));
    return all?.find((rrset) => rrset.name === key.name && rrset.type === key.type);
  }

  /** Sends a write; whatever it answers, no listing from before it answers a read after it. */
  private async write<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } finally {
      this.listings.clear();
    }
  }

  /**
   * Creates an RRSet. A create whose answer was lost, or that meets an RRSet of the same name and type
   * (`uniqueness_error`), is answered by `takeOver` (it decides whether the RRSet found is this create's,
   * lifecycle's claimFound); without it such a create fails as it came.
   */
  async create(zone: ZoneRef, spec: RrsetSpec, takeOver?: TakeOver<Rrset>): Promise<WithActions<Rrset>> {
    const path = `${zonePath(zone)}/rrsets`;
    const body: CreateRrsetRequestWire = toRrsetSpecWire(spec);
    let taken: Rrset | undefined;
    const data = await this.write(async () =>
      takeOver
        ? await createUniquelyNamed<CreateRrsetResponseWire | "taken">(this.http, path, body, async (how, sentAt) => {
            taken = await takeOver(how, sentAt);
            return taken && "taken";
          })
        : (await this.http.request<CreateRrsetResponseWire>({ method: "POST", path, body })).data,
    );
    if (data === "taken") return { value: taken!, actions: [] };
    return { value: toRrset(data.rrset), actions: data.action ? [toActionState(data.action)] : [] };
  }

  /** Sets the labels (the whole set: a label left out is removed). */
  async update(key: RrsetKey, change: { labels: Record<string, string> }): Promise<Rrset> {
    const body: UpdateRrsetRequestWire = { labels: change.labels };
    const { data } = await this.write(() => this.http.request<{ rrset: RrsetWire }>({ method: "PUT", path: rrsetPath(key), body }));
    return toRrset(data.rrset);
  }

  async delete(key: RrsetKey): Promise<ActionState[]> {
    const { data } = await this.write(() => this.http.request<ActionResponseWire>({ method: "DELETE", path: rrsetPath(key) }));
    return [toActionState(data.action)];
  }

  /** Replaces every record (at most 50). Sending it twice is harmless. */
  setRecords(key: RrsetKey, records: RrsetRecord[]): Promise<ActionState[]> {
    const body: SetRrsetRecordsRequestWire = { records: records.map(toRecordWire) };
    return this.action(key, "set_records", body, true);
  }

  /** Adds records (at most 50), creating the RRSet when it does not exist; `ttl` only then, or equal to its own. */
  addRecords(key: RrsetKey, records: RrsetRecord[], ttl?: number | null): Promise<ActionState[]> {
    const body: AddRrsetRecordsRequestWire = { records: records.map(toRecordWire), ...(ttl === undefined ? {} : { ttl }) };
    return this.action(key, "add_records", body, false);
  }

  /** Removes records by value (at most 50); the API deletes the RRSet when none are left. */
  removeRecords(key: RrsetKey, values: string[]): Promise<ActionState[]> {
    const body: RemoveRrsetRecordsRequestWire = { records: values.map((value) => ({ value })) };
    return this.action(key, "remove_records", body, false);
  }

  /** Sets the comments of existing records (by value; "" clears one). */
  updateRecords(key: RrsetKey, records: RrsetRecord[]): Promise<ActionState[]> {
    const body: UpdateRrsetRecordsRequestWire = { records: records.map((r) => ({ value: r.value, comment: r.comment })) };
    return this.action(key, "update_records", body, true);
  }

  /** null: the zone's default TTL. */
  changeTtl(key: RrsetKey, ttl: number | null): Promise<ActionState[]> {
    const body: ChangeRrsetTtlRequestWire = { ttl };
    return this.action(key, "change_ttl", body, true);
  }

  changeProtection(key: RrsetKey, change: boolean): Promise<ActionState[]> {
    const body: ChangeRrsetProtectionRequestWire = { change };
    return this.action(key, "change_protection", body, true);
  }

  private async action(key: RrsetKey, name: string, body: unknown, idempotent: boolean): Promise<ActionState[]> {
    const { data } = await this.write(() =>
      this.http.request<{ action: ActionWire }>({ method: "POST", path: `${rrsetPath(key)}/actions/${name}`, body, idempotent }),
    );
    return [toActionState(data.action)];
  }
}

export function zonePath(zone: ZoneRef): string {
  return `/zones/${encodeURIComponent(String(zone))}`;
}

function rrsetPath(key: RrsetKey): string {
  return `${zonePath(key.zone)}/rrsets/${encodeURIComponent(key.name)}/${encodeURIComponent(key.type)}`;
}

/** A record as sent: a comment only when there is one. */
function toRecordWire(record: { value: string; comment?: string }): RrsetRecordWire {
  return record.comment ? { value: record.value, comment: record.comment } : { value: record.value };
}

/** One RRSet as the create of an RRSet or of a zone (`rrsets`) takes it. */
export function toRrsetSpecWire(spec: RrsetSpec): CreateRrsetRequestWire {
  return {
    name: spec.name,
    type: spec.type as RrsetTypeWire,
    ...(spec.ttl === undefined || spec.ttl === null ? {} : { ttl: spec.ttl }),
    records: spec.records.map(toRecordWire),
    ...(spec.labels === undefined ? {} : { labels: spec.labels }),
  };
}

export function toRrset(wire: RrsetWire): Rrset {
  return {
    id: wire.id,
    zone: wire.zone,
    name: wire.name,
    type: wire.type,
    ttl: wire.ttl ?? null,
    records: wire.records.map((r) => ({ value: r.value, comment: r.comment ?? "" })),
    labels: wire.labels ?? {},
    changeProtection: wire.protection.change,
  };
}
