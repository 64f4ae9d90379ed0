import * as pulumi from "@pulumi/pulumi";
import nock from "nock";
import { FSN1, useNock } from "../helpers";
import { getLocation, getLocations, getServer, getServers } from "../../../sdk/hcloud/lookups";

const API = "https://lookups.test/v1";
const ASH = { id: 4, name: "ash", description: "Ashburn, VA", country: "US", city: "Ashburn, VA", latitude: 39.045821, longitude: -77.487073, network_zone: "us-east" };
const meta = (total: number) => ({ pagination: { page: 1, per_page: 50, previous_page: null, next_page: null, last_page: 1, total_entries: total } });
const wireServer = (id: number, name: string) => ({
  id,
  name,
  status: "running",
  labels: { role: "web" },
  public_net: { ipv4: { ip: `203.0.113.${id}` }, ipv6: { ip: `2001:db8:${id}::/64` }, floating_ips: [501], firewalls: [] },
  datacenter: { name: "fsn1-dc14", location: FSN1 },
  location: FSN1,
});
const server42 = {
  id: 42,
  name: "web-1",
  status: "running",
  labels: { role: "web" },
  ipv4: "203.0.113.42",
  ipv6: "2001:db8:42::/64",
  location: "fsn1",
  datacenter: "fsn1-dc14",
  floatingIpIds: [501],
};

const saved = { token: process.env.HCLOUD_TOKEN, endpoint: process.env.HCLOUD_ENDPOINT };
useNock();
beforeEach(() => {
  delete process.env.HCLOUD_TOKEN;
  delete process.env.HCLOUD_ENDPOINT;
  pulumi.runtime.setAllConfig({ "hcloud:endpoint": API, "hcloud:token": "program-token" }, ["hcloud:token"]);
});
afterEach(() => {
  pulumi.runtime.setAllConfig({});
  for (const [key, value] of Object.entries({ HCLOUD_TOKEN: saved.token, HCLOUD_ENDPOINT: saved.endpoint })) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

const api = (token = "program-token") => nock(API, { reqheaders: { authorization: `Bearer ${token}` } });

test("getLocations lists every page with the program's hcloud:token and hcloud:endpoint", async () => {
  api().get("/locations").query({ page: "1", per_page: "50" }).reply(200, { locations: [FSN1, ASH], meta: meta(2) });
  expect(await getLocations()).toEqual([
    { id: 1, name: "fsn1", description: "Falkenstein DC Park 1", country: "DE", city: "Falkenstein", latitude: 50.47612, longitude: 12.370071, networkZone: "eu-central" },
    { id: 4, name: "ash", description: "Ashburn, VA", country: "US", city: "Ashburn, VA", latitude: 39.045821, longitude: -77.487073, networkZone: "us-east" },
  ]);
});

test("getLocation filters by name and throws for an unknown one", async () => {
  api().get("/locations").query({ name: "ash", page: "1", per_page: "50" }).reply(200, { locations: [ASH], meta: meta(1) });
  expect((await getLocation("ash")).city).toBe("Ashburn, VA");
  api().get("/locations").query({ name: "mars1", page: "1", per_page: "50" }).reply(200, { locations: [], meta: meta(0) });
  await expect(getLocation("mars1")).rejects.toThrow('hcloud location "mars1" not found');
});

test("getServers passes name and label selector; getServer takes an id or a name", async () => {
  api().get("/servers").query({ label_selector: "role=web", page: "1", per_page: "50" }).reply(200, { servers: [wireServer(42, "web-1")], meta: meta(1) });
  expect(await getServers({ labelSelector: "role=web" })).toEqual([server42]);

  api().get("/servers/42").reply(200, { server: wireServer(42, "web-1") });
  expect(await getServer(42)).toEqual(server42);
  api().get("/servers").query({ name: "web-1", page: "1", per_page: "50" }).reply(200, { servers: [wireServer(42, "web-1")], meta: meta(1) });
  expect(await getServer("web-1")).toEqual(server42);
  api().get("/servers/7").reply(404, { error: { code: "not_found", message: "server not found" } });
  await expect(getServer("7")).rejects.toThrow("hcloud server 7 not found");
  api().get("/servers").query({ name: "nope", page: "1", per_page: "50" }).reply(200, { servers: [], meta: meta(0) });
  await expect(getServer("nope")).rejects.toThrow('hcloud server "nope" not found');
});

test("falls back to HCLOUD_TOKEN / HCLOUD_ENDPOINT, and names both when no token is set", async () => {
  pulumi.runtime.setAllConfig({});
  process.env.HCLOUD_ENDPOINT = API;
  process.env.HCLOUD_TOKEN = "env-token";
  api("env-token").get("/locations").query({ page: "1", per_page: "50" }).reply(200, { locations: [FSN1], meta: meta(1) });
  expect((await getLocations()).map((l) => l.name)).toEqual(["fsn1"]);

  delete process.env.HCLOUD_TOKEN;
  await expect(getLocations()).rejects.toThrow(/hcloud:token.*HCLOUD_TOKEN/);
});
