/** Primary servers of secondary zones (`/primary_servers`): wire ⇄ domain conversion happens here, once. */
import { unlessNotFound } from "../../core/errors";
import { HttpClient } from "../../core/http";
import { PrimaryServerListWire, PrimaryServerResponseWire, PrimaryServerWire } from "../wire";
import { Recovered, recovering } from "./records";

export interface PrimaryServerSpec {
  zoneId: string;
  /** IPv4 or IPv6 address the zone is transferred from. */
  address: string;
  port: number;
}

export interface LegacyPrimaryServer extends PrimaryServerSpec {
  id: string;
  created: string;
  modified: string;
}

export class PrimaryServersApi {
  constructor(private readonly http: HttpClient) {}

  async get(id: string): Promise<LegacyPrimaryServer> {
    const { data } = await this.http.get<PrimaryServerResponseWire>(`/primary_servers/${encodeURIComponent(id)}`);
    return toPrimaryServer(data.primary_server!);
  }

  find(id: string): Promise<LegacyPrimaryServer | undefined> {
    return unlessNotFound(this.get(id));
  }

  /** The primary servers of a zone (or of every zone). */
  async list(zoneId?: string): Promise<LegacyPrimaryServer[]> {
    const { data } = await this.http.get<PrimaryServerListWire>("/primary_servers", { zone_id: zoneId });
    return (data.primary_servers ?? []).map(toPrimaryServer);
  }

  /** Creates a primary server; `recover` looks it up after a lost answer instead of creating it again (see HttpRequest.recover). */
  async create(spec: PrimaryServerSpec, recover?: () => Promise<LegacyPrimaryServer | undefined>): Promise<LegacyPrimaryServer> {
    const { data } = await this.http.request<PrimaryServerResponseWire | Recovered<LegacyPrimaryServer>>({
      method: "POST",
      path: "/primary_servers",
      body: toWire(spec),
      recover: recovering(recover),
    });
    return "recovered" in data ? data.recovered : toPrimaryServer(data.primary_server!);
  }

  async update(id: string, spec: PrimaryServerSpec): Promise<LegacyPrimaryServer> {
    const { data } = await this.http.request<PrimaryServerResponseWire>({
      method: "PUT",
      path: `/primary_servers/${encodeURIComponent(id)}`,
      body: toWire(spec),
    });
    return toPrimaryServer(data.primary_server!);
  }

  async delete(id: string): Promise<void> {
    await this.http.request({ method: "DELETE", path: `/primary_servers/${encodeURIComponent(id)}` });
  }
}

const toWire = (spec: PrimaryServerSpec) => ({ zone_id: spec.zoneId, address: spec.address, port: spec.port });

function toPrimaryServer(wire: PrimaryServerWire): LegacyPrimaryServer {
  return {
    id: wire.id ?? "",
    zoneId: wire.zone_id ?? "",
    address: wire.address ?? "",
    port: wire.port ?? 53,
    created: wire.created ?? "",
    modified: wire.modified ?? "",
  };
}
