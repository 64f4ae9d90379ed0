/** Legacy Hetzner DNS zones (`/zones`), zone files and their validation: wire ⇄ domain conversion happens here, once. */
import { isNotFound, unlessNotFound } from "../../core/errors";
import { HttpClient, Query } from "../../core/http";
import { CreateZoneResponseWire, ValidateZoneFileWire, ZoneListWire, ZoneRequestWire, ZoneResponseWire, ZoneWire } from "../wire";
import { LegacyRecord, toRecord } from "./records";

export interface LegacyZone {
  id: string;
  /** ASCII (punycode), no trailing dot. */
  name: string;
  /** The zone's default TTL. */
  ttl: number;
  /** The nameservers Hetzner assigned. */
  ns: string[];
  status: string;
  /** When the delegation to Hetzner's nameservers was verified ("" until then). */
  verified: string;
  recordsCount: number;
  isSecondaryDns: boolean;
  /** The TXT record that proves ownership of the zone. */
  txtVerification: { name: string; token: string };
  created: string;
  modified: string;
}

export interface ZoneFilter {
  /** Exact name. */
  name?: string;
  /** Part of the name. */
  searchName?: string;
}

/** The documented maximum of `per_page` for zones. */
export const ZONES_PER_PAGE = 100;

export class ZonesApi {
  constructor(private readonly http: HttpClient) {}

  async get(id: string): Promise<LegacyZone> {
    const { data } = await this.http.get<ZoneResponseWire>(`/zones/${encodeURIComponent(id)}`);
    return toZone(data.zone!);
  }

  /** undefined when the zone is gone. */
  find(id: string): Promise<LegacyZone | undefined> {
    return unlessNotFound(this.get(id));
  }

  /** Every zone (all pages, 100 a page), optionally by exact name or part of it. */
  async list(filter: ZoneFilter = {}): Promise<LegacyZone[]> {
    const query: Query = { name: filter.name, search_name: filter.searchName, per_page: ZONES_PER_PAGE };
    const zones: LegacyZone[] = [];
    for (let page = 1, last = 1; page <= last; page++) {
      let data: ZoneListWire;
      try {
        ({ data } = await this.http.get<ZoneListWire>("/zones", { ...query, page }));
      } catch (error) {
        // The API answers a name nobody has, or an account without zones, with 404 rather than an empty
        // list (hcloud-python#180, DNSControl/dnscontrol#1370).
        if (isNotFound(error)) return zones;
        throw error;
      }
      zones.push(...(data.zones ?? []).map(toZone));
      last = data.meta?.pagination?.last_page ?? page;
    }
    return zones;
  }

  /** The zone of that exact name, or undefined. */
  async byName(name: string): Promise<LegacyZone | undefined> {
    return (await this.list({ name })).find((zone) => zone.name === name);
  }

  /** Creates a zone; `recover` looks the result up when the answer was lost (see HttpRequest.recover). */
  async create(spec: { name: string; ttl?: number }, recover?: () => Promise<LegacyZone | undefined>): Promise<LegacyZone> {
    const body: ZoneRequestWire = { name: spec.name, ...(spec.ttl === undefined ? {} : { ttl: spec.ttl }) };
    const { data } = await this.http.request<CreateZoneResponseWire | LegacyZone>({
      method: "POST",
      path: "/zones",
      body,
      recover: recover && (async () => (await recover()) ?? undefined),
    });
    // A recovered create answers with the zone as found.
    return "zone" in data ? toZone(data.zone!) : (data as LegacyZone);
  }

  /** The API takes the name with every update (it cannot change: a rename is a new zone). */
  async update(id: string, spec: { name: string; ttl?: number }): Promise<LegacyZone> {
    const body: ZoneRequestWire = { name: spec.name, ...(spec.ttl === undefined ? {} : { ttl: spec.ttl }) };
    const { data } = await this.http.request<ZoneResponseWire>({ method: "PUT", path: `/zones/${encodeURIComponent(id)}`, body });
    return toZone(data.zone!);
  }

  async delete(id: string): Promise<void> {
    await this.http.request({ method: "DELETE", path: `/zones/${encodeURIComponent(id)}` });
  }

  /** The zone as a BIND zone file. */
  async exportZoneFile(id: string): Promise<string> {
    const { data } = await this.http.request<string>({ method: "GET", path: `/zones/${encodeURIComponent(id)}/export`, accept: "text/plain" });
    return typeof data === "string" ? data : JSON.stringify(data);
  }

  /** What the API makes of a zone file without changing anything: the records it would create. */
  async validateZoneFile(text: string): Promise<{ parsedRecords: number; validRecords: LegacyRecord[] }> {
    const { data } = await this.http.request<ValidateZoneFileWire>({
      method: "POST",
      path: "/zones/file/validate",
      body: text,
      contentType: "text/plain",
      // Validation changes nothing: safe to send twice.
      idempotent: true,
    });
    return { parsedRecords: data.parsed_records ?? 0, validRecords: (data.valid_records ?? []).map(toRecord) };
  }
}

/**
 * Milliseconds since the epoch of an API timestamp: RFC 3339 as the spec says, or the form the API has been
 * seen answering (`2020-04-07 06:55:46.962 +0000 UTC`); NaN for anything else.
 */
export function timestampMs(text: string): number {
  const legacy = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?) ([+-]\d\d)(\d\d)(?: \w+)?$/.exec(text);
  return Date.parse(legacy ? `${legacy[1]}T${legacy[2]}${legacy[3]}:${legacy[4]}` : text);
}

export function toZone(wire: ZoneWire): LegacyZone {
  return {
    id: wire.id ?? "",
    name: wire.name ?? "",
    ttl: wire.ttl ?? 86400,
    ns: wire.ns ?? [],
    status: wire.status ?? "",
    verified: wire.verified ?? "",
    recordsCount: wire.records_count ?? 0,
    isSecondaryDns: wire.is_secondary_dns ?? false,
    txtVerification: { name: wire.txt_verification?.name ?? "", token: wire.txt_verification?.token ?? "" },
    created: wire.created ?? "",
    modified: wire.modified ?? "",
  };
}
