/** `GET /zones?name=` and `GET /zones/{zone_id}` (Cloudflare's Zones API; only the fields wire.ts names are read). */
import { unlessNotFound } from "../../core/errors";
import { HttpClient } from "../../core/http";
import { getResult, listAllPages } from "../envelope";
import type { ZoneWire } from "../wire";

export class ZonesApi {
  constructor(private readonly http: HttpClient) {}

  /** The zone of that exact name (ASCII), or undefined. */
  async byName(name: string): Promise<ZoneWire | undefined> {
    const zones = await listAllPages<ZoneWire>(this.http, "/zones", { name }, 50);
    return zones.find((zone) => zone.name.toLowerCase() === name.toLowerCase());
  }

  get(zoneId: string): Promise<ZoneWire> {
    return getResult<ZoneWire>(this.http, `/zones/${encodeURIComponent(zoneId)}`);
  }

  find(zoneId: string): Promise<ZoneWire | undefined> {
    return unlessNotFound(this.get(zoneId));
  }
}
