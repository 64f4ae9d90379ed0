/**
 * Contract test of the emulator's Datacenters, Images, ISOs and Load Balancers (the rest of the Hetzner
 * Cloud seed): every response is checked against the official OpenAPI document (objects closed), and the
 * documented behaviour (filters, update and convert, protection, delete) is exercised over real HTTP.
 */
import { expectError, useHcloudEmulator } from "./hcloud-setup";

const { api, control } = useHcloudEmulator();

async function makeImage(body: Record<string, unknown>) {
  const response = await control("POST", "/hcloud/images", body);
  expect(response.status).toBe(201);
  return response.body.image;
}

describe("datacenters", () => {
  it("lists one datacenter per location, filters by name and gets one", async () => {
    const all = (await api.get("/datacenters")).body;
    expect(all.datacenters.map((d: any) => d.name)).toEqual(["nbg1-dc3", "hel1-dc2", "fsn1-dc14", "ash-dc1", "hil-dc1", "sin-dc1"]);
    expect(all.recommendation).toBe(4);
    const servers = (await api.get("/servers")).body.servers;
    for (const server of servers) expect(all.datacenters.map((d: any) => d.name)).toContain(server.datacenter.name);
    expect((await api.get("/datacenters?name=fsn1-dc14")).body.datacenters.map((d: any) => d.location.name)).toEqual(["fsn1"]);
    expect((await api.get("/datacenters?sort=name:desc&per_page=2")).body.datacenters.map((d: any) => d.name)).toEqual(["sin-dc1", "nbg1-dc3"]);
    expectError(await api.get("/datacenters?name=Not_A_Name"), 422, "invalid_input");
    expect((await api.get("/datacenters/3")).body.datacenter.name).toBe("hel1-dc2");
    expectError(await api.get("/datacenters/99"), 404, "not_found");
  });
});

describe("images", () => {
  it("lists system images, leaving deprecated ones out unless asked, and filters by name, type and architecture", async () => {
    const ids = async (query: string) => (await api.get(`/images${query}`)).body.images.map((i: any) => `${i.name}/${i.architecture}`);
    expect(await ids("")).toEqual(["ubuntu-24.04/x86", "ubuntu-24.04/arm", "debian-12/x86", "debian-12/arm"]);
    expect(await ids("?include_deprecated=true&name=ubuntu-20.04")).toEqual(["ubuntu-20.04/x86"]);
    expect(await ids("?name=ubuntu-24.04&architecture=arm")).toEqual(["ubuntu-24.04/arm"]);
    expect(await ids("?type=snapshot")).toEqual([]);
    expectError(await api.get("/images?type=disk"), 422, "invalid_input");
    expectError(await api.get("/images?architecture=mips"), 422, "invalid_input");
  });

  it("makes snapshots and backups through the control route and filters them by type, label and bound_to", async () => {
    const snapshot = await makeImage({ type: "snapshot", labels: { env: "prod" }, description: "golden" });
    const backup = await makeImage({ type: "backup", server: 44 });
    expect(snapshot).toMatchObject({ type: "snapshot", name: null, description: "golden", bound_to: null, created_from: { id: 42, name: "web-1" }, labels: { env: "prod" } });
    expect(backup).toMatchObject({ type: "backup", bound_to: 44, created_from: { id: 44, name: "db-1" } });
    const list = async (query: string) => (await api.get(`/images${query}`)).body.images.map((i: any) => i.id);
    expect(await list("?type=snapshot&type=backup")).toEqual([snapshot.id, backup.id]);
    expect(await list("?label_selector=env=prod")).toEqual([snapshot.id]);
    expect(await list("?bound_to=44")).toEqual([backup.id]);
    expect(await list("?type=snapshot&type=backup&sort=id:desc")).toEqual([backup.id, snapshot.id]);
    expect((await api.get(`/images/${backup.id}`)).body.image).toEqual(backup);
    expect((await control("POST", "/hcloud/images", { type: "system" })).status).toBe(400);
  });

  it("updates description and labels, converts a backup into a snapshot, and refuses the rest", async () => {
    const backup = await makeImage({ type: "backup" });
    const updated = (await api.put(`/images/${backup.id}`, { description: "kept", labels: { a: "b" }, type: "snapshot" })).body.image;
    expect(updated).toMatchObject({ description: "kept", labels: { a: "b" }, type: "snapshot", bound_to: null });
    expectError(await api.put(`/images/${backup.id}`, { type: "backup" }), 422, "invalid_input");
    expectError(await api.put(`/images/${backup.id}`, { labels: { "bad key!": "x" } }), 422, "invalid_input");
    expectError(await api.put("/images/161547269", { description: "mine" }), 403, "forbidden");
    expectError(await api.put("/images/999999", { description: "x" }), 404, "not_found");
  });

  it("protects an image through an Action, refuses to delete it while protected, then deletes it", async () => {
    const snapshot = await makeImage({ type: "snapshot" });
    const protect = await api.post(`/images/${snapshot.id}/actions/change_protection`, { delete: true });
    expect(protect.status).toBe(201);
    expect(protect.body.action).toMatchObject({ command: "change_protection", resources: [{ id: snapshot.id, type: "image" }] });
    expect((await api.get(`/images/${snapshot.id}/actions/${protect.body.action.id}`)).body.action.status).toBe("success");
    expectError(await api.delete(`/images/${snapshot.id}`), 423, "protected");
    await api.post(`/images/${snapshot.id}/actions/change_protection`, { delete: false });
    expect((await api.delete(`/images/${snapshot.id}`)).status).toBe(204);
    expectError(await api.get(`/images/${snapshot.id}`), 404, "not_found");
    expectError(await api.delete("/images/161547269"), 403, "forbidden");
  });

  it("a running Action locks the image", async () => {
    const snapshot = await makeImage({ type: "snapshot" });
    await control("PUT", "/config", { actionDurationMs: 60_000 });
    await api.post(`/images/${snapshot.id}/actions/change_protection`, { delete: true });
    expectError(await api.put(`/images/${snapshot.id}`, { description: "x" }), 423, "locked");
  });
});

describe("isos", () => {
  it("filters by name and architecture, wildcard ISOs only when asked", async () => {
    const names = async (query: string) => (await api.get(`/isos${query}`)).body.isos.map((i: any) => i.id);
    expect(await names("")).toEqual([8001, 8002, 8003, 8004]);
    expect(await names("?architecture=arm")).toEqual([8002]);
    expect(await names("?architecture=arm&include_architecture_wildcard=true")).toEqual([8002, 8004]);
    expect(await names("?name=FreeBSD-13.2-RELEASE-amd64-dvd1")).toEqual([8003]);
    expect((await api.get("/isos/8004")).body.iso).toMatchObject({ architecture: null, type: "public" });
    expectError(await api.get("/isos/1"), 404, "not_found");
  });
});

describe("load balancers", () => {
  it("lists the project's load balancers by name and label selector, and gets one", async () => {
    const made = await control("POST", "/hcloud/load_balancers", { name: "web-lb", labels: { role: "web" }, targets: [42, 43] });
    expect(made.status).toBe(201);
    await control("POST", "/hcloud/load_balancers", { name: "db-lb", location: "nbg1" });
    const names = async (query: string) => (await api.get(`/load_balancers${query}`)).body.load_balancers.map((l: any) => l.name);
    expect(await names("")).toEqual(["web-lb", "db-lb"]);
    expect(await names("?label_selector=role=web")).toEqual(["web-lb"]);
    expect(await names("?name=db-lb")).toEqual(["db-lb"]);
    const lb = (await api.get(`/load_balancers/${made.body.load_balancer.id}`)).body.load_balancer;
    expect(lb.targets.map((t: any) => t.server.id)).toEqual([42, 43]);
    expectError(await api.get("/load_balancers/1"), 404, "not_found");
  });
});
