/** Hetzner Cloud datacenters, read-only: programs look them up. */
import { listAllPages } from "../../core/hetzner";
import { HttpClient } from "../../core/http";
import { DatacenterWire } from "../wire";
import { Location, toLocation } from "./locations";

export interface Datacenter {
  id: number;
  /** e.g. `fsn1-dc14`. */
  name: string;
  description: string;
  location: Location;
}

export class DatacentersApi {
  constructor(private readonly http: HttpClient) {}

  async get(id: number): Promise<Datacenter> {
    const { data } = await this.http.get<{ datacenter: DatacenterWire }>(`/datacenters/${id}`);
    return toDatacenter(data.datacenter);
  }

  async list(filter: { name?: string } = {}): Promise<Datacenter[]> {
    return (await listAllPages<DatacenterWire>(this.http, "/datacenters", "datacenters", { name: filter.name })).map(toDatacenter);
  }
}

// `server_types` is deprecated in the spec (server types list their locations now): not carried over.
function toDatacenter(wire: DatacenterWire): Datacenter {
  return { id: wire.id, name: wire.name, description: wire.description, location: toLocation(wire.location) };
}
