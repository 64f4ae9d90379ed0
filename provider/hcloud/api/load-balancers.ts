/** Hetzner Cloud Load Balancers, read-only here: programs look them up (their id, addresses, targets). */
import { listAllPages } from "../../core/hetzner";
import { HttpClient } from "../../core/http";
import { LoadBalancerWire } from "../wire";

export interface LoadBalancer {
  id: number;
  name: string;
  labels: Record<string, string>;
  /** Location name, e.g. `fsn1`. */
  location: string;
  /** Load Balancer type name, e.g. `lb11`. */
  type: string;
  /** Public addresses (null when the public interface is disabled or the family is missing). */
  ipv4: string | null;
  ipv6: string | null;
  /** Private network addresses: network id and IP. */
  privateNet: { network: number; ip: string }[];
  algorithm: "round_robin" | "least_connections";
  /** Ids of the servers targeted directly. */
  serverTargetIds: number[];
  /** Label selectors targeted. */
  labelSelectorTargets: string[];
  deleteProtection: boolean;
  created: string;
}

export class LoadBalancersApi {
  constructor(private readonly http: HttpClient) {}

  async get(id: number): Promise<LoadBalancer> {
    const { data } = await this.http.get<{ load_balancer: LoadBalancerWire }>(`/load_balancers/${id}`);
    return toLoadBalancer(data.load_balancer);
  }

  async list(filter: { name?: string; labelSelector?: string } = {}): Promise<LoadBalancer[]> {
    const wires = await listAllPages<LoadBalancerWire>(this.http, "/load_balancers", "load_balancers", {
      name: filter.name,
      label_selector: filter.labelSelector,
    });
    return wires.map(toLoadBalancer);
  }
}

function toLoadBalancer(wire: LoadBalancerWire): LoadBalancer {
  const enabled = wire.public_net.enabled;
  return {
    id: wire.id,
    name: wire.name,
    labels: wire.labels ?? {},
    location: wire.location.name,
    type: wire.load_balancer_type.name,
    ipv4: enabled ? (wire.public_net.ipv4.ip ?? null) : null,
    ipv6: enabled ? (wire.public_net.ipv6.ip ?? null) : null,
    privateNet: wire.private_net.map((p) => ({ network: p.network, ip: p.ip })),
    algorithm: wire.algorithm.type,
    serverTargetIds: wire.targets.flatMap((t) => (t.type === "server" && t.server ? [t.server.id] : [])),
    labelSelectorTargets: wire.targets.flatMap((t) => (t.type === "label_selector" && t.label_selector ? [t.label_selector.selector] : [])),
    deleteProtection: wire.protection.delete,
    created: wire.created,
  };
}
