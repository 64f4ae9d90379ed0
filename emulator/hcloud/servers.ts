/**
 * Read-only fixture Servers: the targets firewalls are applied to (directly or via label selectors).
 */
import type { FastifyInstance } from "fastify";
import { idParam, invalidInput, notFound, queryValues, type Query } from "../hetzner/conventions";
import { type Labels } from "../hetzner/labels";
import { filterByNameAndLabels, paginate, sortItems } from "../hetzner/lists";
import { DATACENTERS as DATACENTERS_LIST } from "./datacenters";
import { SYSTEM_IMAGES } from "./images";
import { locationByName } from "./locations";

export interface FixtureServer {
  id: number;
  name: string;
  labels: Labels;
  created: string;
  ipv4: string;
  ipv6: string;
  /** Location name (see locations.ts); the server's datacenter is that location's one. */
  location: string;
}

export const FIXTURE_SERVERS: readonly FixtureServer[] = [
  { id: 42, name: "web-1", labels: { role: "web", env: "prod" }, created: "2024-01-15T10:00:00+00:00", ipv4: "203.0.113.42", ipv6: "2001:db8:42::/64", location: "fsn1" },
  { id: 43, name: "web-2", labels: { role: "web", env: "prod" }, created: "2024-01-15T10:05:00+00:00", ipv4: "203.0.113.43", ipv6: "2001:db8:43::/64", location: "fsn1" },
  { id: 44, name: "db-1", labels: { role: "db", env: "prod" }, created: "2024-01-16T09:30:00+00:00", ipv4: "203.0.113.44", ipv6: "2001:db8:44::/64", location: "nbg1" },
  { id: 45, name: "staging-1", labels: { env: "staging" }, created: "2024-02-01T08:00:00+00:00", ipv4: "203.0.113.45", ipv6: "2001:db8:45::/64", location: "hel1" },
];

export function findServer(id: number): FixtureServer | undefined {
  return FIXTURE_SERVERS.find((server) => server.id === id);
}

/** A firewall as listed in `public_net.firewalls` (`pending` until its `apply_firewall` action finished). */
export interface ServerFirewall {
  id: number;
  status: "applied" | "pending";
}

/** The datacenter of each server location (datacenters.ts). */
const DATACENTERS = Object.fromEntries(
  ["fsn1", "nbg1", "hel1"].map((location) => {
    const { id, name, description } = DATACENTERS_LIST.find((d) => d.location === location)!;
    return [location, { id, name, description }];
  }),
);
const SERVER_LOCATIONS = Object.keys(DATACENTERS);

const price = (net: string, gross: string) => ({ net, gross });

const SERVER_TYPE = {
  id: 104,
  name: "cx22",
  description: "CX22",
  category: "Shared vCPU",
  cores: 2,
  memory: 4,
  disk: 40,
  deprecated: false,
  deprecation: null,
  prices: SERVER_LOCATIONS.map((location) => ({
    location,
    price_hourly: price("0.0060000000", "0.0071400000000000"),
    price_monthly: price("3.7900000000", "4.5101000000000000"),
    included_traffic: 21990232555520,
    price_per_tb_traffic: price("1.0000000000", "1.1900000000000000"),
  })),
  storage_type: "local",
  cpu_type: "shared",
  architecture: "x86",
  locations: SERVER_LOCATIONS.map((name) => ({ id: locationByName(name).id, name, deprecation: null, recommended: true, available: true })),
};

/** Every fixture server runs ubuntu-24.04 (x86). */
const IMAGE = SYSTEM_IMAGES[0];

function renderServer(server: FixtureServer, firewalls: ServerFirewall[], floatingIps: number[]) {
  const location = locationByName(server.location);
  const datacenter = DATACENTERS[server.location];
  return {
    id: server.id,
    name: server.name,
    status: "running",
    created: server.created,
    public_net: {
      ipv4: { id: server.id * 100, ip: server.ipv4, blocked: false, dns_ptr: `static.${server.ipv4}.clients.your-server.de` },
      ipv6: { id: server.id * 100 + 1, ip: server.ipv6, blocked: false, dns_ptr: [] },
      floating_ips: floatingIps,
      firewalls,
    },
    private_net: [],
    server_type: SERVER_TYPE,
    datacenter: {
      ...datacenter,
      location,
      server_types: { supported: [SERVER_TYPE.id], available: [SERVER_TYPE.id], available_for_migration: [SERVER_TYPE.id] },
    },
    location,
    image: IMAGE,
    iso: null,
    rescue_enabled: false,
    locked: false,
    backup_window: null,
    outgoing_traffic: 0,
    ingoing_traffic: 0,
    included_traffic: 21990232555520,
    protection: { delete: false, rebuild: false },
    labels: server.labels,
    volumes: [],
    load_balancers: [],
    primary_disk_size: SERVER_TYPE.disk,
    placement_group: null,
  };
}

const SERVER_STATUSES = ["running", "initializing", "starting", "stopping", "off", "deleting", "migrating", "rebuilding", "unknown"];

export async function serverRoutes(
  app: FastifyInstance,
  firewallsOf: (serverId: number) => ServerFirewall[],
  /** Ids of the Floating IPs assigned to the server (`public_net.floating_ips`). */
  floatingIpsOf: (serverId: number) => number[] = () => [],
): Promise<void> {
  const render = (server: FixtureServer) => renderServer(server, firewallsOf(server.id), floatingIpsOf(server.id));

  app.get("/servers", async (request, reply) => {
    const query = request.query as Query;
    const statuses = queryValues(query, "status");
    const badStatus = statuses.find((status) => !SERVER_STATUSES.includes(status));
    if (badStatus !== undefined) throw invalidInput("status", `invalid status '${badStatus}'`);
    // Every fixture server is running.
    const servers = filterByNameAndLabels([...FIXTURE_SERVERS], query).filter(() => statuses.length === 0 || statuses.includes("running"));
    const sorted = sortItems(servers, query, { id: (s) => s.id, name: (s) => s.name, created: (s) => s.created });
    return paginate(request, reply, sorted.map(render), "servers");
  });

  app.get<{ Params: { id: string } }>("/servers/:id", async (request) => {
    const server = findServer(idParam(request.params.id, "server"));
    if (!server) throw notFound("server");
    return { server: render(server) };
  });
}
