/**
 * VPS.org DNS zones (`/dns-zones/…`, seed 003): wire ⇄ program shapes happen here, once. Every path
 * ends with a slash, as the seed writes them all.
 */
import { unlessNotFound } from "../../core/errors";
import { HttpClient } from "../../core/http";
import { SharedListing } from "../../core/shared-listing";
import { CreateZoneRequestWire, ZoneDetailWire, ZoneWire } from "../wire";
import { DnsRecordInfo, toRecord } from "./records";

export interface DnsZoneInfo {
  /** The zone's uuid. */
  id: string;
  /** As the API stores it (punycode for an IDN). */
  domain: string;
  created: string;
  recordCount: number;
}

export interface DnsZoneDetail extends DnsZoneInfo {
  records: DnsRecordInfo[];
}

export const zonePath = (id: string) => `/dns-zones/${encodeURIComponent(id)}/`;

export function toZone(wire: ZoneWire): DnsZoneInfo {
  return { id: wire.uuid, domain: wire.domain, created: wire.created_at, recordCount: wire.record_count };
}

function toZoneDetail(wire: ZoneDetailWire): DnsZoneDetail {
  return { ...toZone(wire), records: (wire.records ?? []).map((r) => toRecord(r, wire.uuid)) };
}

export class ZonesApi {
  /** A zone read by the many record creates of one `up` at once: one GET for all of them. */
  private readonly recent = new SharedListing<DnsZoneDetail>({ load: (id) => this.get(id) });

  constructor(private readonly http: HttpClient) {}

  /** The zone from a read in flight or a few seconds old, else a new one; undefined: gone (that is not kept). */
  findShared(id: string): Promise<DnsZoneDetail | undefined> {
    return unlessNotFound(this.recent.get(id));
  }

  /** Every zone of the token's account; `domain`: only the zone of that exact domain. */
  async list(filter: { domain?: string } = {}): Promise<DnsZoneInfo[]> {
    // A plain array (seed: "Beispielantwort"), no pagination envelope.
    const { data } = await this.http.get<ZoneWire[]>("/dns-zones/", filter.domain === undefined ? {} : { domain: filter.domain });
    return data.map(toZone);
  }

  /** The zone with its records; a 404 (gone, or another account's) throws. */
  async get(id: string): Promise<DnsZoneDetail> {
    return toZoneDetail((await this.http.get<ZoneDetailWire>(zonePath(id))).data);
  }

  /** The zone, or undefined when the API says it does not exist. */
  find(id: string): Promise<DnsZoneDetail | undefined> {
    return unlessNotFound(this.get(id));
  }

  /**
   * Creates the zone. `recover` looks the zone up after a lost answer (the POST is not repeated blindly:
   * a second one would meet "zone already exists").
   */
  async create(domain: string, recover?: () => Promise<ZoneDetailWire | undefined>): Promise<DnsZoneDetail> {
    const body: CreateZoneRequestWire = { domain };
    const { data } = await this.http.request<ZoneDetailWire>({ method: "POST", path: "/dns-zones/", body, recover });
    return toZoneDetail(data);
  }

  /** Deletes the zone and every record in it; a zone already gone is no error. */
  async delete(id: string): Promise<void> {
    try {
      await unlessNotFound(this.http.request({ method: "DELETE", path: zonePath(id) }));
    } finally {
      this.recent.invalidate(id);
    }
  }
}
