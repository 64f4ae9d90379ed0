/** Wire fixtures of the seed's read-mostly objects: images, datacenters, ISOs, load balancers (API shapes). */
import { FSN1 } from "../helpers";

export const page = (total: number, next: number | null = null, current = 1) => ({
  meta: { pagination: { page: current, per_page: 50, previous_page: current > 1 ? current - 1 : null, next_page: next, last_page: next ?? current, total_entries: total } },
});

export const wireImage = (id: number, overrides: Record<string, unknown> = {}) => ({
  id,
  type: "snapshot",
  status: "available",
  name: null,
  description: `snapshot ${id}`,
  image_size: 1.8,
  disk_size: 40,
  created: "2026-11-01T10:00:00+00:00",
  created_from: { id: 42, name: "web-1" },
  bound_to: null,
  os_flavor: "ubuntu",
  os_version: "24.04",
  rapid_deploy: false,
  protection: { delete: false },
  deprecated: null,
  deleted: null,
  labels: {},
  architecture: "x86",
  ...overrides,
});

export const wireSystemImage = (id: number, architecture: "x86" | "arm", created = "2024-04-25T12:00:00+00:00") =>
  wireImage(id, { type: "system", name: "ubuntu-24.04", description: "Ubuntu 24.04", image_size: null, disk_size: 5, created_from: null, rapid_deploy: true, architecture, created });

export const wireDatacenter = { id: 4, name: "fsn1-dc14", description: "Falkenstein 1 virtual DC 14", location: FSN1, server_types: { supported: [104], available: [104], available_for_migration: [104] } };

export const wireIso = (id: number, name: string, architecture: "x86" | "arm" | null) => ({ id, name, description: name, type: "public", architecture, deprecation: null });

export const wireLoadBalancer = (id: number, name: string) => ({
  id,
  name,
  public_net: { enabled: true, ipv4: { ip: "198.51.100.7", dns_ptr: "lb.example.com" }, ipv6: { ip: "2001:db8:1b::7", dns_ptr: null } },
  private_net: [{ network: 4711, ip: "10.0.0.2" }],
  location: FSN1,
  load_balancer_type: { id: 1, name: "lb11", description: "LB11", max_connections: 10000, max_services: 5, max_targets: 25, max_assigned_certificates: 10, deprecated: null, prices: [] },
  protection: { delete: true },
  labels: { role: "web" },
  created: "2026-10-01T08:00:00+00:00",
  services: [],
  targets: [
    { type: "server", server: { id: 42 }, health_status: [{ listen_port: 443, status: "healthy" }], use_private_ip: false },
    {
      type: "label_selector",
      label_selector: { selector: "role=web" },
      targets: [{ type: "server", server: { id: 43 }, health_status: [{ listen_port: 443, status: "healthy" }], use_private_ip: false }],
      use_private_ip: false,
    },
  ],
  algorithm: { type: "round_robin" },
  outgoing_traffic: null,
  ingoing_traffic: null,
  included_traffic: 21990232555520,
});
