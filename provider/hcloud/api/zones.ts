/**
 * Hetzner Cloud DNS Zones endpoint (`/zones…`, tags Zones and Zone Actions): wire ⇄ domain conversion
 * happens here, once. The RRSets of a zone are api/rrsets.ts (`client.rrsets`, also `client.zones.rrsets`).
 */
import { ActionState } from "../../core/actions";
import { unlessNotFound } from "../../core/errors";
import { createUniquelyNamed, listAllPages, TakeOver } from "../../core/hetzner";
import { HttpClient } from "../../core/http";
import {
  ActionResponseWire,
  ActionWire,
  ChangeZonePrimaryNameserversRequestWire,
  ChangeZoneProtectionRequestWire,
  ChangeZoneTtlRequestWire,
  CreateZoneRequestWire,
  CreateZoneResponseWire,
  ImportZonefileRequestWire,
  UpdateZoneRequestWire,
  ZonefileWire,
  ZonePrimaryNameserverWire,
  ZoneWire,
} from "../wire";
import { toActionState } from "./actions";
import { WithActions } from "./firewalls";
import { RrsetsApi, RrsetSpec, toRrsetSpecWire, ZoneRef, zonePath } from "./rrsets";

export type { Rrset, RrsetKey, RrsetRecord, RrsetSpec, ZoneRef } from "./rrsets";
export { RrsetsApi, MAX_RECORDS_PER_ACTION, RRSETS_PER_PAGE } from "./rrsets";

export type ZoneMode = "primary" | "secondary";
export type TsigAlgorithm = "hmac-md5" | "hmac-sha1" | "hmac-sha256";

/** A primary nameserver a secondary zone transfers from (AXFR). */
export interface PrimaryNameserver {
  address: string;
  /** 53 unless told. */
  port: number;
  tsigAlgorithm?: TsigAlgorithm;
  /** Base64; a secret. */
  tsigKey?: string;
}

export interface AuthoritativeNameservers {
  /** Hetzner's nameservers for the zone. */
  assigned: string[];
  /** What the parent zone delegates to (the zone is served by Hetzner only when these match `assigned`). */
  delegated: string[];
  delegationStatus: string | null;
  delegationLastCheck: string | null;
}

export interface Zone {
  id: number;
  /** ASCII (punycode), lower case, no trailing dot. */
  name: string;
  mode: ZoneMode;
  /** The default TTL of RRSets without their own. */
  ttl: number;
  labels: Record<string, string>;
  deleteProtection: boolean;
  /** Secondary zones only; [] for primary ones. */
  primaryNameservers: PrimaryNameserver[];
  status: "ok" | "updating" | "error";
  recordCount: number;
  registrar: string;
  authoritativeNameservers: AuthoritativeNameservers;
  created: string;
}

export interface ZoneSpec {
  name: string;
  mode: ZoneMode;
  /** Absent: Hetzner's default (3600). */
  ttl?: number;
  labels: Record<string, string>;
  /** Secondary zones only. */
  primaryNameservers?: PrimaryNameserver[];
  /** Primary zones only: RRSets created with the zone (besides the SOA and NS Hetzner makes). */
  rrsets?: RrsetSpec[];
  /** Primary zones only, instead of `rrsets`: a BIND zone file to import. */
  zonefile?: string;
}

export class ZonesApi {
  /** The RRSets of the zones (the same object as `client.rrsets`). */
  readonly rrsets: RrsetsApi;
  private readonly names = new Map<number, Promise<string | undefined>>();

  constructor(private readonly http: HttpClient) {
    this.rrsets = new RrsetsApi(http);
  }

  async get(zone: ZoneRef): Promise<Zone> {
    const { data } = await this.http.get<{ zone: ZoneWire }>(zonePath(zone));
    return toZone(data.zone);
  }

  /** undefined when the zone is gone. */
  find(zone: ZoneRef): Promise<Zone | undefined> {
    return unlessNotFound(this.get(zone));
  }

  /**
   * The (punycode) name of the zone of this id; undefined when there is none. A zone is never renamed,
   * so a name found is kept for the process: the checks of 500 RRSets given `zone.zoneId` read the zone
   * once, not 500 times. A miss or a failure is not kept.
   */
  nameOf(id: number): Promise<string | undefined> {
    const known = this.names.get(id);
    if (known) return known;
    const name = this.find(id).then((zone) => zone?.name);
    this.names.set(id, name);
    const forget = () => {
      if (this.names.get(id) === name) this.names.delete(id);
    };
    name.then((found) => found === undefined && forget(), forget);
    return name;
  }

  /** The zone of this (punycode) name in the project, by the list's exact-name filter; undefined when there is none. */
  async findByName(name: string): Promise<Zone | undefined> {
    return (await this.list({ name }))[0];
  }

  async list(filter: { name?: string; labelSelector?: string; mode?: ZoneMode } = {}): Promise<Zone[]> {
    const wires = await listAllPages<ZoneWire>(this.http, "/zones", "zones", {
      name: filter.name,
      label_selector: filter.labelSelector,
      mode: filter.mode,
    });
    return wires.map(toZone);
  }

  /**
   * Creates a zone; its Action (SOA, NS and any `rrsets`/`zonefile`) is in `actions`. A create whose
   * answer was lost, or that meets its own name (`uniqueness_error`), is answered by `takeOver`
   * (lifecycle's claimFound decides); without it such a create fails as it came.
   */
  async create(spec: ZoneSpec, takeOver?: TakeOver<Zone>): Promise<WithActions<Zone>> {
    const body: CreateZoneRequestWire = {
      name: spec.name,
      mode: spec.mode,
      ...(spec.ttl === undefined ? {} : { ttl: spec.ttl }),
      labels: spec.labels,
      ...(spec.primaryNameservers === undefined ? {} : { primary_nameservers: spec.primaryNameservers.map(toPrimaryNameserverWire) }),
      ...(spec.rrsets === undefined ? {} : { rrsets: spec.rrsets.map(toRrsetSpecWire) }),
      ...(spec.zonefile === undefined ? {} : { zonefile: spec.zonefile }),
    };
    let taken: Zone | undefined;
    const data = takeOver
      ? await createUniquelyNamed<CreateZoneResponseWire | "taken">(this.http, "/zones", body, async (how, sentAt) => {
          taken = await takeOver(how, sentAt);
          return taken && "taken";
        })
      : (await this.http.request<CreateZoneResponseWire>({ method: "POST", path: "/zones", body })).data;
    if (data === "taken") return { value: taken!, actions: await this.runningActions(taken!.id) };
    return { value: toZone(data.zone), actions: data.action ? [toActionState(data.action)] : [] };
  }

  /** Sets the labels (the whole set: a label left out is removed). */
  async update(zone: ZoneRef, change: { labels: Record<string, string> }): Promise<Zone> {
    const body: UpdateZoneRequestWire = { labels: change.labels };
    const { data } = await this.http.request<{ zone: ZoneWire }>({ method: "PUT", path: zonePath(zone), body });
    return toZone(data.zone);
  }

  async delete(zone: ZoneRef): Promise<ActionState[]> {
    const { data } = await this.http.request<ActionResponseWire>({ method: "DELETE", path: zonePath(zone) });
    return [toActionState(data.action)];
  }

  /** The zone as a BIND zone file, as the API generates it (primary zones only). */
  async exportZonefile(zone: ZoneRef): Promise<string> {
    const { data } = await this.http.get<ZonefileWire>(`${zonePath(zone)}/zonefile`);
    return data.zonefile;
  }

  /** Replaces every RRSet with those of the zone file (fails while any RRSet is change-protected). */
  importZonefile(zone: ZoneRef, zonefile: string): Promise<ActionState[]> {
    const body: ImportZonefileRequestWire = { zonefile };
    return this.action(zone, "import_zonefile", body, true);
  }

  changeTtl(zone: ZoneRef, ttl: number): Promise<ActionState[]> {
    const body: ChangeZoneTtlRequestWire = { ttl };
    return this.action(zone, "change_ttl", body, true);
  }

  changeProtection(zone: ZoneRef, deleteProtection: boolean): Promise<ActionState[]> {
    const body: ChangeZoneProtectionRequestWire = { delete: deleteProtection };
    return this.action(zone, "change_protection", body, true);
  }

  /** Overwrites the primary nameservers (secondary zones only). */
  changePrimaryNameservers(zone: ZoneRef, primaryNameservers: PrimaryNameserver[]): Promise<ActionState[]> {
    const body: ChangeZonePrimaryNameserversRequestWire = { primary_nameservers: primaryNameservers.map(toPrimaryNameserverWire) };
    return this.action(zone, "change_primary_nameservers", body, true);
  }

  async runningActions(zone: ZoneRef): Promise<ActionState[]> {
    const { data } = await this.http.get<{ actions: ActionWire[] }>(`${zonePath(zone)}/actions`, { status: "running" });
    return data.actions.map(toActionState);
  }

  private async action(zone: ZoneRef, name: string, body: unknown, idempotent: boolean): Promise<ActionState[]> {
    const { data } = await this.http.request<ActionResponseWire>({ method: "POST", path: `${zonePath(zone)}/actions/${name}`, body, idempotent });
    return [toActionState(data.action)];
  }
}

function toPrimaryNameserverWire(ns: PrimaryNameserver): ZonePrimaryNameserverWire {
  return {
    address: ns.address,
    port: ns.port,
    ...(ns.tsigAlgorithm === undefined ? {} : { tsig_algorithm: ns.tsigAlgorithm }),
    ...(ns.tsigKey === undefined ? {} : { tsig_key: ns.tsigKey }),
  };
}

export function toZone(wire: ZoneWire): Zone {
  const ns = wire.authoritative_nameservers;
  return {
    id: wire.id,
    name: wire.name,
    mode: wire.mode,
    ttl: wire.ttl,
    labels: wire.labels ?? {},
    deleteProtection: wire.protection.delete,
    primaryNameservers: (wire.primary_nameservers ?? []).map((p) => ({
      address: p.address,
      port: p.port ?? 53,
      ...(p.tsig_algorithm === undefined ? {} : { tsigAlgorithm: p.tsig_algorithm }),
      ...(p.tsig_key === undefined ? {} : { tsigKey: p.tsig_key }),
    })),
    status: wire.status,
    recordCount: wire.record_count,
    registrar: wire.registrar,
    authoritativeNameservers: {
      assigned: ns?.assigned ?? [],
      delegated: ns?.delegated ?? [],
      delegationStatus: ns?.delegation_status ?? null,
      delegationLastCheck: ns?.delegation_last_check ?? null,
    },
    created: wire.created,
  };
}
