/**
 * Contract test of the emulator's Floating IPs, Locations and the servers' view of both: every response
 * is checked against the official OpenAPI document (objects closed), and the documented behaviour
 * (assign/unassign, reverse DNS, protection, locking, errors) is exercised over real HTTP.
 */
import { expectError, useHcloudEmulator } from "./hcloud-setup";

const { api, control } = useHcloudEmulator();

async function createIp(body: Record<string, unknown>) {
  const response = await api.post("/floating_ips", body);
  expect(response.status).toBe(201);
  return response.body as { floating_ip: any; action?: any };
}

async function action(path: string, body?: unknown) {
  const response = await api.post(path, body);
  expect(response.status).toBe(201);
  return response.body.action;
}

describe("locations", () => {
  it("lists the six locations, filters by name, sorts and pages", async () => {
    const all = await api.get("/locations");
    expect(all.body.locations.map((l: any) => l.name)).toEqual(["fsn1", "nbg1", "hel1", "ash", "hil", "sin"]);
    expect(all.body.locations[0]).toEqual({
      id: 1,
      name: "fsn1",
      description: "Falkenstein DC Park 1",
      country: "DE",
      city: "Falkenstein",
      latitude: 50.47612,
      longitude: 12.370071,
      network_zone: "eu-central",
    });
    expect((await api.get("/locations?name=ash")).body.locations.map((l: any) => l.city)).toEqual(["Ashburn, VA"]);
    expect((await api.get("/locations?sort=name:desc&per_page=2")).body.locations.map((l: any) => l.name)).toEqual(["sin", "nbg1"]);
    expect((await api.get("/locations?per_page=4&page=2")).body.meta.pagination).toMatchObject({ page: 2, last_page: 2, total_entries: 6 });
  });

  it("gets one location and 404s unknown ones", async () => {
    expect((await api.get("/locations/3")).body.location.name).toBe("hel1");
    expectError(await api.get("/locations/99"), 404, "not_found");
    expectError(await api.get("/locations/fsn1"), 404, "not_found");
  });

  it("servers report a datacenter and location consistent with /locations", async () => {
    const servers = (await api.get("/servers")).body.servers;
    const locations = (await api.get("/locations")).body.locations;
    for (const server of servers) {
      expect(locations).toContainEqual(server.location);
      expect(server.datacenter.location).toEqual(server.location);
      expect(server.datacenter.name.startsWith(`${server.location.name}-dc`)).toBe(true);
    }
    expect(servers.map((s: any) => s.datacenter.name)).toEqual(["fsn1-dc14", "fsn1-dc14", "nbg1-dc3", "hel1-dc2"]);
  });
});

describe("floating IPs", () => {
  it("creates IPv4 and IPv6 IPs at a home location with deterministic documentation addresses", async () => {
    const v4 = await createIp({ type: "ipv4", home_location: "fsn1", name: "web", labels: { env: "prod" }, description: "front" });
    expect(v4.action).toBeUndefined();
    expect(v4.floating_ip).toMatchObject({
      name: "web",
      description: "front",
      type: "ipv4",
      ip: "203.0.113.128",
      server: null,
      blocked: false,
      protection: { delete: false },
      labels: { env: "prod" },
      dns_ptr: [{ ip: "203.0.113.128", dns_ptr: "static.203.0.113.128.clients.your-server.de" }],
      home_location: expect.objectContaining({ id: 1, name: "fsn1" }),
    });
    const v6 = await createIp({ type: "ipv6", home_location: 3 });
    expect(v6.floating_ip).toMatchObject({ type: "ipv6", ip: "2001:db8:f1:1::/64", dns_ptr: [], description: null, home_location: { name: "hel1" } });
    expect(v6.floating_ip.name).toBe("2001:db8:f1:1::/64");
    expect((await createIp({ type: "ipv4", home_location: "nbg1" })).floating_ip.ip).toBe("203.0.113.129");
  });

  it("creates assigned to a server: create_floating_ip action, home location from the server, listed on the server", async () => {
    const { floating_ip, action: created } = await createIp({ type: "ipv4", server: 44 });
    expect(created).toMatchObject({ command: "create_floating_ip", resources: [{ id: 44, type: "server" }, { id: floating_ip.id, type: "floating_ip" }] });
    expect(floating_ip).toMatchObject({ server: 44, home_location: { name: "nbg1" } });
    expect((await api.get("/servers/44")).body.server.public_net.floating_ips).toEqual([floating_ip.id]);
    expect((await api.get("/servers/42")).body.server.public_net.floating_ips).toEqual([]);
  });

  it("rejects invalid creates", async () => {
    expectError(await api.post("/floating_ips", { home_location: "fsn1" }), 422, "invalid_input", "type");
    expectError(await api.post("/floating_ips", { type: "ipv5", home_location: "fsn1" }), 422, "invalid_input", "type");
    expectError(await api.post("/floating_ips", { type: "ipv4" }), 422, "invalid_input", "home_location");
    expectError(await api.post("/floating_ips", { type: "ipv4", home_location: "mars1" }), 422, "invalid_input", "home_location");
    expectError(await api.post("/floating_ips", { type: "ipv4", home_location: "fsn1", server: 42 }), 422, "invalid_input", "home_location");
    expectError(await api.post("/floating_ips", { type: "ipv4", server: 9999 }), 422, "invalid_input", "server");
    expectError(await api.post("/floating_ips", { type: "ipv4", home_location: "fsn1", labels: { "hetzner.cloud/x": "y" } }), 422, "invalid_input", "labels");
    await createIp({ type: "ipv4", home_location: "fsn1", name: "taken" });
    expectError(await api.post("/floating_ips", { type: "ipv6", home_location: "fsn1", name: "taken" }), 409, "uniqueness_error");
  });

  it("lists with name and label_selector filters, sorting and pagination; gets, updates and 404s", async () => {
    const a = (await createIp({ type: "ipv4", home_location: "fsn1", name: "a", labels: { team: "x" } })).floating_ip;
    const b = (await createIp({ type: "ipv6", home_location: "fsn1", name: "b", labels: { team: "y" } })).floating_ip;
    const c = (await createIp({ type: "ipv4", home_location: "hel1", name: "c" })).floating_ip;
    expect((await api.get("/floating_ips?name=b")).body.floating_ips.map((f: any) => f.id)).toEqual([b.id]);
    expect((await api.get(`/floating_ips?label_selector=${encodeURIComponent("team notin (y)")}`)).body.floating_ips.map((f: any) => f.name)).toEqual(["a", "c"]);
    expect((await api.get("/floating_ips?sort=id:desc")).body.floating_ips.map((f: any) => f.id)).toEqual([c.id, b.id, a.id]);
    const page = await api.get("/floating_ips?per_page=2&page=2");
    expect(page.body.floating_ips.map((f: any) => f.id)).toEqual([c.id]);
    expect(page.body.meta.pagination).toMatchObject({ page: 2, previous_page: 1, next_page: null, total_entries: 3 });
    expectError(await api.get("/floating_ips?sort=name"), 422, "invalid_input", "sort");

    const updated = await api.put(`/floating_ips/${a.id}`, { name: "a2", description: "new", labels: { team: "z" } });
    expect(updated.body.floating_ip).toMatchObject({ name: "a2", description: "new", labels: { team: "z" }, ip: a.ip });
    expectError(await api.put(`/floating_ips/${a.id}`, { name: "b" }), 409, "uniqueness_error");
    expect((await api.get(`/floating_ips/${a.id}`)).body.floating_ip.name).toBe("a2");
    expectError(await api.get("/floating_ips/424242"), 404, "not_found");
  });

  it("assigns, reassigns and unassigns with awaited actions; assigning to the same server is floating_ip_assigned", async () => {
    const fip = (await createIp({ type: "ipv4", home_location: "fsn1" })).floating_ip;
    const assigned = await action(`/floating_ips/${fip.id}/actions/assign`, { server: 42 });
    expect(assigned).toMatchObject({ command: "assign_floating_ip", status: "success", resources: [{ id: 42, type: "server" }, { id: fip.id, type: "floating_ip" }] });
    expect((await api.get(`/floating_ips/${fip.id}`)).body.floating_ip.server).toBe(42);
    expectError(await api.post(`/floating_ips/${fip.id}/actions/assign`, { server: 42 }), 422, "floating_ip_assigned");
    expectError(await api.post(`/floating_ips/${fip.id}/actions/assign`, { server: 7 }), 422, "invalid_input", "server");
    expectError(await api.post(`/floating_ips/${fip.id}/actions/assign`, {}), 422, "invalid_input", "server");

    await action(`/floating_ips/${fip.id}/actions/assign`, { server: 43 });
    expect((await api.get("/servers/42")).body.server.public_net.floating_ips).toEqual([]);
    expect((await api.get("/servers/43")).body.server.public_net.floating_ips).toEqual([fip.id]);

    const unassigned = await action(`/floating_ips/${fip.id}/actions/unassign`);
    expect(unassigned).toMatchObject({ command: "unassign_floating_ip", resources: [{ id: 43, type: "server" }, { id: fip.id, type: "floating_ip" }] });
    expect((await api.get(`/floating_ips/${fip.id}`)).body.floating_ip.server).toBeNull();

    const actions = (await api.get(`/floating_ips/${fip.id}/actions?sort=id`)).body.actions;
    expect(actions.map((a: any) => a.command)).toEqual(["assign_floating_ip", "assign_floating_ip", "unassign_floating_ip"]);
    expect((await api.get(`/floating_ips/${fip.id}/actions/${actions[0].id}`)).body.action.id).toBe(actions[0].id);
    expect((await api.get("/floating_ips/actions?status=success")).body.actions).toHaveLength(3);
    expect((await api.get(`/floating_ips/actions/${actions[2].id}`)).body.action.command).toBe("unassign_floating_ip");
  });

  it("a failed assign action (action fault) leaves the IP unassigned", async () => {
    const fip = (await createIp({ type: "ipv4", home_location: "fsn1" })).floating_ip;
    expect((await control("POST", "/action-faults", { command: "assign_floating_ip", code: "server_error", message: "boom" })).status).toBeLessThan(300);
    const failed = await action(`/floating_ips/${fip.id}/actions/assign`, { server: 42 });
    expect(failed).toMatchObject({ status: "error", error: { code: "server_error", message: "boom" } });
    expect((await api.get(`/floating_ips/${fip.id}`)).body.floating_ip.server).toBeNull();
  });

  it("changes reverse DNS: IPv4 only for its own address (null resets), IPv6 for addresses inside the /64 (null removes)", async () => {
    const v4 = (await createIp({ type: "ipv4", home_location: "fsn1" })).floating_ip;
    const changed = await action(`/floating_ips/${v4.id}/actions/change_dns_ptr`, { ip: v4.ip, dns_ptr: "mail.example.com" });
    expect(changed).toMatchObject({ command: "change_dns_ptr", resources: [{ id: v4.id, type: "floating_ip" }] });
    expect((await api.get(`/floating_ips/${v4.id}`)).body.floating_ip.dns_ptr).toEqual([{ ip: v4.ip, dns_ptr: "mail.example.com" }]);
    await action(`/floating_ips/${v4.id}/actions/change_dns_ptr`, { ip: v4.ip, dns_ptr: null });
    expect((await api.get(`/floating_ips/${v4.id}`)).body.floating_ip.dns_ptr).toEqual([{ ip: v4.ip, dns_ptr: `static.${v4.ip}.clients.your-server.de` }]);
    expectError(await api.post(`/floating_ips/${v4.id}/actions/change_dns_ptr`, { ip: "203.0.113.1", dns_ptr: "x.example.com" }), 422, "invalid_input", "ip");
    expectError(await api.post(`/floating_ips/${v4.id}/actions/change_dns_ptr`, { ip: v4.ip, dns_ptr: "not a host" }), 422, "invalid_input", "dns_ptr");

    const v6 = (await createIp({ type: "ipv6", home_location: "fsn1" })).floating_ip;
    await action(`/floating_ips/${v6.id}/actions/change_dns_ptr`, { ip: "2001:DB8:F1:1:0:0:0:1", dns_ptr: "a.example.com" });
    await action(`/floating_ips/${v6.id}/actions/change_dns_ptr`, { ip: "2001:db8:f1:1::2", dns_ptr: "b.example.com" });
    expect((await api.get(`/floating_ips/${v6.id}`)).body.floating_ip.dns_ptr).toEqual([
      { ip: "2001:db8:f1:1::1", dns_ptr: "a.example.com" },
      { ip: "2001:db8:f1:1::2", dns_ptr: "b.example.com" },
    ]);
    await action(`/floating_ips/${v6.id}/actions/change_dns_ptr`, { ip: "2001:db8:f1:1::1", dns_ptr: null });
    expect((await api.get(`/floating_ips/${v6.id}`)).body.floating_ip.dns_ptr).toEqual([{ ip: "2001:db8:f1:1::2", dns_ptr: "b.example.com" }]);
    expectError(await api.post(`/floating_ips/${v6.id}/actions/change_dns_ptr`, { ip: "2001:db8:f1:2::1", dns_ptr: "x.example.com" }), 422, "invalid_input", "ip");
  });

  it("protection: a protected IP cannot be deleted (protected) until change_protection lifts it", async () => {
    const fip = (await createIp({ type: "ipv6", home_location: "fsn1" })).floating_ip;
    expect(await action(`/floating_ips/${fip.id}/actions/change_protection`, { delete: true })).toMatchObject({ command: "change_protection" });
    expect((await api.get(`/floating_ips/${fip.id}`)).body.floating_ip.protection).toEqual({ delete: true });
    expectError(await api.delete(`/floating_ips/${fip.id}`), 423, "protected");
    expectError(await api.post(`/floating_ips/${fip.id}/actions/change_protection`, {}), 422, "invalid_input", "delete");
    await action(`/floating_ips/${fip.id}/actions/change_protection`, { delete: false });
    expect((await api.delete(`/floating_ips/${fip.id}`)).status).toBe(204);
    expectError(await api.get(`/floating_ips/${fip.id}`), 404, "not_found");
  });

  it("an assigned IP must be unassigned before deletion (must_be_unassigned, since 1 May 2026); before that date it was unassigned automatically", async () => {
    // First the past (an action started later would still run at an earlier clock).
    jest.spyOn(Date, "now").mockImplementation(() => Date.parse("2026-01-01T00:00:00Z"));
    const old = (await createIp({ type: "ipv4", server: 42 })).floating_ip;
    expect((await api.delete(`/floating_ips/${old.id}`)).status).toBe(204);
    expect((await api.get("/servers/42")).body.server.public_net.floating_ips).toEqual([]);

    jest.spyOn(Date, "now").mockImplementation(() => Date.parse("2026-05-01T00:00:00Z"));
    const fip = (await createIp({ type: "ipv4", server: 42 })).floating_ip;
    expectError(await api.delete(`/floating_ips/${fip.id}`), 422, "must_be_unassigned");
    await action(`/floating_ips/${fip.id}/actions/unassign`);
    expect((await api.delete(`/floating_ips/${fip.id}`)).status).toBe(204);
  });

  it("is locked while an action on it runs", async () => {
    expect((await control("PUT", "/config", { actionDurationMs: 60_000 })).status).toBe(200);
    const fip = (await createIp({ type: "ipv4", home_location: "fsn1" })).floating_ip;
    const running = await action(`/floating_ips/${fip.id}/actions/assign`, { server: 42 });
    expect(running.status).toBe("running");
    expectError(await api.post(`/floating_ips/${fip.id}/actions/unassign`), 423, "locked");
    expectError(await api.post(`/floating_ips/${fip.id}/actions/change_protection`, { delete: true }), 423, "locked");
    expectError(await api.delete(`/floating_ips/${fip.id}`), 423, "locked");
    expectError(await api.put(`/floating_ips/${fip.id}`, { name: "renamed" }), 423, "locked");
    expect((await api.get(`/floating_ips/${fip.id}/actions?status=running`)).body.actions).toHaveLength(1);
  });
});
