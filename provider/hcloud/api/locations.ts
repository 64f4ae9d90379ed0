/** Hetzner Cloud locations, read-only: where Floating IPs are homed and programs look them up. */
import { listAllPages } from "../../core/hetzner";
import { HttpClient } from "../../core/http";
import { LocationWire } from "../wire";

export interface Location {
  id: number;
  /** e.g. `fsn1`. */
  name: string;
  description: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  city: string;
  latitude: number;
  longitude: number;
  networkZone: string;
}

export class LocationsApi {
  constructor(private readonly http: HttpClient) {}

  async get(id: number): Promise<Location> {
    const { data } = await this.http.get<{ location: LocationWire }>(`/locations/${id}`);
    return toLocation(data.location);
  }

  async list(filter: { name?: string } = {}): Promise<Location[]> {
    return (await listAllPages<LocationWire>(this.http, "/locations", "locations", { name: filter.name })).map(toLocation);
  }
}

export function toLocation(wire: LocationWire): Location {
  return {
    id: wire.id,
    name: wire.name,
    description: wire.description,
    country: wire.country,
    city: wire.city,
    latitude: wire.latitude,
    longitude: wire.longitude,
    networkZone: wire.network_zone,
  };
}
