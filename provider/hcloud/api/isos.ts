/** Hetzner Cloud ISOs, read-only: programs look them up. */
import { listAllPages } from "../../core/hetzner";
import { HttpClient } from "../../core/http";
import { IsoWire } from "../wire";

export interface Iso {
  id: number;
  name: string | null;
  description: string;
  /** `public`, or `private` (an ISO uploaded for this project). */
  type: "public" | "private" | null;
  /** null: fits every architecture. */
  architecture: "x86" | "arm" | null;
  /** When set, the ISO is deprecated: announced, and unavailable after. */
  deprecation: { announced: string; unavailableAfter: string } | null;
}

export interface IsoFilter {
  name?: string;
  architecture?: "x86" | "arm";
  /** With `architecture`: also ISOs without one (they fit every server). */
  includeArchitectureWildcard?: boolean;
}

export class IsosApi {
  constructor(private readonly http: HttpClient) {}

  async get(id: number): Promise<Iso> {
    const { data } = await this.http.get<{ iso: IsoWire }>(`/isos/${id}`);
    return toIso(data.iso);
  }

  async list(filter: IsoFilter = {}): Promise<Iso[]> {
    const wires = await listAllPages<IsoWire>(this.http, "/isos", "isos", {
      name: filter.name,
      architecture: filter.architecture,
      include_architecture_wildcard: filter.includeArchitectureWildcard,
    });
    return wires.map(toIso);
  }
}

function toIso(wire: IsoWire): Iso {
  return {
    id: wire.id,
    name: wire.name,
    description: wire.description,
    type: wire.type,
    architecture: wire.architecture,
    deprecation: wire.deprecation ? { announced: wire.deprecation.announced, unavailableAfter: wire.deprecation.unavailable_after } : null,
  };
}
