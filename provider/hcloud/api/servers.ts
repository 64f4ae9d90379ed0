/** Hetzner Cloud servers, read-only: firewalls apply to them and programs look them up. */
import { listAllPages } from "../../core/hetzner";
import { HttpClient } from "../../core/http";
import { ServerWire } from "../wire";

export interface Server {
  id: number;
  name: string;
  status: string;
  labels: Record<string, string>;
  ipv4?: string;
  ipv6?: string;
  /** Location name, e.g. `fsn1`. */
  location?: string;
  /** Datacenter name, e.g. `fsn1-dc14`. */
  datacenter?: string;
  /** Ids of the Floating IPs assigned to the server. */
  floatingIpIds: number[];
}

export class ServersApi {
  constructor(private readonly http: HttpClient) {}

  async get(id: number): Promise<Server> {
    const { data } = await this.http.get<{ server: ServerWire }>(`/servers/${id}`);
    return toServer(data.server);
  }

  async list(filter: { name?: string; labelSelector?: string } = {}): Promise<Server[]> {
    const wires = await listAllPages<ServerWire>(this.http, "/servers", "servers", {
      name: filter.name,
      label_selector: filter.labelSelector,
    });
    return wires.map(toServer);
  }
}

function toServer(wire: ServerWire): Server {
  return {
    id: wire.id,
    name: wire.name,
    status: wire.status,
    labels: wire.labels ?? {},
    ipv4: wire.public_net?.ipv4?.ip,
    ipv6: wire.public_net?.ipv6?.ip,
    location: wire.location?.name ?? wire.datacenter?.location?.name,
    datacenter: wire.datacenter?.name,
    floatingIpIds: wire.public_net?.floating_ips ?? [],
  };
}
