/**
 * Load Balancers, read-only here: the emulator serves the list and get of the seed; tests put Load
 * Balancers into a project through the control route (control.ts), since creating them is out of scope.
 */
import type { FastifyInstance } from "fastify";
import { finder } from "../hetzner/actions";
import { timestamp, type Query } from "../hetzner/conventions";
import type { Labels } from "../hetzner/labels";
import { filterByNameAndLabels, paginate, sortItems } from "../hetzner/lists";
import { nextId, type HcloudContext } from "./context";
import { locationByName } from "./locations";

export interface StoredLoadBalancer {
  id: number;
  name: string;
  labels: Labels;
  location: string;
  /** Deterministic from the id: 198.51.100.<n> and 2001:db8:1b::<n>. */
  ipv4: string;
  ipv6: string;
  algorithm: "round_robin" | "least_connections";
  /** Fixture server ids it targets. */
  targets: number[];
  protection: { delete: boolean };
  created: number;
}

const price = (net: string, gross: string) => ({ net, gross });

const LB11 = {
  id: 1,
  name: "lb11",
  description: "LB11",
  max_connections: 10000,
  max_services: 5,
  max_targets: 25,
  max_assigned_certificates: 10,
  deprecated: null,
  prices: ["fsn1", "nbg1", "hel1", "ash", "hil", "sin"].map((location) => ({
    location,
    price_hourly: price("0.0080000000", "0.0095200000000000"),
    price_monthly: price("5.3900000000", "6.4141000000000000"),
    included_traffic: 21990232555520,
    price_per_tb_traffic: price("1.0000000000", "1.1900000000000000"),
  })),
};

export function renderLoadBalancer(lb: StoredLoadBalancer) {
  return {
    id: lb.id,
    name: lb.name,
    public_net: {
      enabled: true,
      ipv4: { ip: lb.ipv4, dns_ptr: `static.${lb.ipv4}.clients.your-server.de` },
      ipv6: { ip: lb.ipv6, dns_ptr: null },
    },
    private_net: [],
    location: locationByName(lb.location),
    load_balancer_type: LB11,
    protection: { ...lb.protection },
    labels: { ...lb.labels },
    created: timestamp(lb.created),
    services: [],
    targets: lb.targets.map((id) => ({ type: "server", server: { id }, use_private_ip: false, health_status: [] })),
    algorithm: { type: lb.algorithm },
    outgoing_traffic: null,
    ingoing_traffic: null,
    included_traffic: 21990232555520,
  };
}

export function addLoadBalancer(ctx: HcloudContext, spec: { name: string; labels?: Labels; location?: string; targets?: number[] }): StoredLoadBalancer {
  const id = nextId(ctx, "loadBalancer");
  const n = (id % 250) + 1;
  const lb: StoredLoadBalancer = {
    id,
    name: spec.name,
    labels: { ...spec.labels },
    location: spec.location ?? "fsn1",
    ipv4: `198.51.100.${n}`,
    ipv6: `2001:db8:1b::${n.toString(16)}`,
    algorithm: "round_robin",
    targets: [...(spec.targets ?? [])],
    protection: { delete: false },
    created: Date.now(),
  };
  ctx.state().loadBalancers.push(lb);
  return lb;
}

export async function loadBalancerRoutes(app: FastifyInstance, ctx: HcloudContext): Promise<void> {
  const loadBalancers = () => ctx.state().loadBalancers;
  const find = finder(loadBalancers, "load balancer");

  app.get("/load_balancers", async (request, reply) => {
    const query = request.query as Query;
    const sorted = sortItems(filterByNameAndLabels(loadBalancers(), query), query, { id: (l) => l.id, name: (l) => l.name, created: (l) => l.created });
    return paginate(request, reply, sorted.map(renderLoadBalancer), "load_balancers");
  });

  app.get<{ Params: { id: string } }>("/load_balancers/:id", async (request) => ({ load_balancer: renderLoadBalancer(find(request.params.id)) }));
}
