/** Hetzner Cloud Floating IPs endpoint: wire ⇄ domain conversion happens here, once. */
import { ActionState } from "../../core/actions";
import { unlessNotFound } from "../../core/errors";
import { claimFound, differences } from "../../core/lifecycle";
import { createUniquelyNamed, listAllPages } from "../../core/hetzner";
import { HttpClient } from "../../core/http";
import {
  ActionResponseWire,
  ActionWire,
  CreateFloatingIpRequestWire,
  CreateFloatingIpResponseWire,
  FloatingIpWire,
  UpdateFloatingIpRequestWire,
} from "../wire";
import { toActionState } from "./actions";
import { WithActions } from "./firewalls";

export type FloatingIpType = "ipv4" | "ipv6";

export interface DnsPtr {
  /** A single address: the IPv4 itself, or one address inside the IPv6 /64. */
  ip: string;
  dnsPtr: string;
}

export interface FloatingIp {
  id: number;
  name: string;
  description: string | null;
  type: FloatingIpType;
  /** The IPv4 address, or the IPv6 network (`2001:db8::/64`). */
  ip: string;
  /** Id of the server it is assigned to, null when unassigned. */
  server: number | null;
  dnsPtr: DnsPtr[];
  /** Location name, e.g. `fsn1`. */
  homeLocation: string;
  blocked: boolean;
  deleteProtection: boolean;
  labels: Record<string, string>;
  created: string;
}

export interface FloatingIpSpec {
  type: FloatingIpType;
  homeLocation: string;
  name: string;
  description: string | null;
  labels: Record<string, string>;
}

export class FloatingIpsApi {
  constructor(private readonly http: HttpClient) {}

  async get(id: number): Promise<FloatingIp> {
    const { data } = await this.http.get<{ floating_ip: FloatingIpWire }>(`/floating_ips/${id}`);
    return toFloatingIp(data.floating_ip);
  }

  /** undefined when the floating IP is gone. */
  find(id: number): Promise<FloatingIp | undefined> {
    return unlessNotFound(this.get(id));
  }

  async list(filter: { name?: string; labelSelector?: string } = {}): Promise<FloatingIp[]> {
    const wires = await listAllPages<FloatingIpWire>(this.http, "/floating_ips", "floating_ips", {
      name: filter.name,
      label_selector: filter.labelSelector,
    });
    return wires.map(toFloatingIp);
  }

  /** Creates an unassigned floating IP at its home location (assignment is a separate Action). */
  async create(spec: FloatingIpSpec): Promise<WithActions<FloatingIp>> {
    const body: CreateFloatingIpRequestWire = {
      type: spec.type,
      home_location: spec.homeLocation,
      name: spec.name,
      description: spec.description,
      labels: spec.labels,
    };
    const data = await createUniquelyNamed<CreateFloatingIpResponseWire>(this.http, "/floating_ips", body, async (how, sentAt) => {
      const [floating_ip] = await listAllPages<FloatingIpWire>(this.http, "/floating_ips", "floating_ips", { name: spec.name });
      if (!floating_ip) return undefined;
      const found = toFloatingIp(floating_ip);
      claimFound({ ...found, id: String(found.id) }, {
        kind: "floating IP",
        how,
        sentAt,
        labels: spec.labels,
        differences: differences([
          ["type", spec.type, found.type],
          ["homeLocation", spec.homeLocation, found.homeLocation],
          ["description", spec.description, found.description],
          ["labels", spec.labels, found.labels],
        ]),
      });
      return { floating_ip, action: (await this.runningActionsWire(floating_ip.id))[0] } as CreateFloatingIpResponseWire;
    });
    return { value: toFloatingIp(data.floating_ip), actions: data.action ? [toActionState(data.action)] : [] };
  }

  async update(id: number, change: { name?: string; description?: string | null; labels?: Record<string, string> }): Promise<FloatingIp> {
    const body: UpdateFloatingIpRequestWire = change;
    const { data } = await this.http.request<{ floating_ip: FloatingIpWire }>({ method: "PUT", path: `/floating_ips/${id}`, body });
    return toFloatingIp(data.floating_ip);
  }

  async delete(id: number): Promise<void> {
    await this.http.request({ method: "DELETE", path: `/floating_ips/${id}` });
  }

  assign(id: number, serverId: number): Promise<ActionState[]> {
    return this.action(id, "assign", { server: serverId }, false);
  }

  unassign(id: number): Promise<ActionState[]> {
    return this.action(id, "unassign", undefined, false);
  }

  /** Sets (or with null resets/removes) the reverse DNS entry of one address; the same request twice is harmless. */
  changeDnsPtr(id: number, ip: string, dnsPtr: string | null): Promise<ActionState[]> {
    return this.action(id, "change_dns_ptr", { ip, dns_ptr: dnsPtr }, true);
  }

  changeProtection(id: number, deleteProtection: boolean): Promise<ActionState[]> {
    return this.action(id, "change_protection", { delete: deleteProtection }, true);
  }

  async runningActions(id: number): Promise<ActionState[]> {
    return (await this.runningActionsWire(id)).map(toActionState);
  }

  private async runningActionsWire(id: number): Promise<ActionWire[]> {
    const { data } = await this.http.get<{ actions: ActionWire[] }>(`/floating_ips/${id}/actions`, { status: "running" });
    return data.actions;
  }

  private async action(id: number, name: string, body: unknown, idempotent: boolean): Promise<ActionState[]> {
    const { data } = await this.http.request<ActionResponseWire>({
      method: "POST",
      path: `/floating_ips/${id}/actions/${name}`,
      body,
      idempotent,
    });
    return [toActionState(data.action)];
  }
}

function toFloatingIp(wire: FloatingIpWire): FloatingIp {
  return {
    id: wire.id,
    name: wire.name,
    description: wire.description ?? null,
    type: wire.type,
    ip: wire.ip,
    server: wire.server ?? null,
    dnsPtr: (wire.dns_ptr ?? []).map((p) => ({ ip: p.ip, dnsPtr: p.dns_ptr })),
    homeLocation: wire.home_location.name,
    blocked: wire.blocked,
    deleteProtection: wire.protection.delete,
    labels: wire.labels ?? {},
    created: wire.created,
  };
}
