/**
 * The lookups of the rest of the Hetzner Cloud seed (datacenters, images, ISOs, load balancers) and the
 * endpoint clients under them: exact requests (contract-checked by useNock), domain shapes, errors.
 */
import * as pulumi from "@pulumi/pulumi";
import { API, FSN1, TOKEN, api, useNock } from "../helpers";
import {
  getDatacenter,
  getDatacenters,
  getImage,
  getImages,
  getIso,
  getIsos,
  getLoadBalancer,
  getLoadBalancers,
} from "../../../sdk/hcloud/lookups";
import { page, wireDatacenter, wireImage, wireIso, wireLoadBalancer, wireSystemImage } from "./image-wire";

useNock();
beforeEach(() => pulumi.runtime.setAllConfig({ "hcloud:endpoint": API, "hcloud:token": TOKEN }, ["hcloud:token"]));
afterEach(() => pulumi.runtime.setAllConfig({}));

const first = { page: "1", per_page: "50" };
const fsn1 = { id: 1, name: "fsn1", description: "Falkenstein DC Park 1", country: "DE", city: "Falkenstein", latitude: 50.47612, longitude: 12.370071, networkZone: "eu-central" };

describe("datacenters", () => {
  test("getDatacenters lists every page; getDatacenter takes an id or a name", async () => {
    const second = { ...wireDatacenter, id: 2, name: "nbg1-dc3", location: { ...FSN1, id: 2, name: "nbg1" } };
    api().get("/datacenters").query(first).reply(200, { datacenters: [wireDatacenter], recommendation: 4, ...page(2, 2) });
    api().get("/datacenters").query({ page: "2", per_page: "50" }).reply(200, { datacenters: [second], recommendation: 4, ...page(2, null, 2) });
    expect((await getDatacenters()).map((d) => d.name)).toEqual(["fsn1-dc14", "nbg1-dc3"]);

    api().get("/datacenters/4").reply(200, { datacenter: wireDatacenter });
    expect(await getDatacenter(4)).toEqual({ id: 4, name: "fsn1-dc14", description: "Falkenstein 1 virtual DC 14", location: fsn1 });
    api().get("/datacenters").query({ name: "fsn1-dc14", ...first }).reply(200, { datacenters: [wireDatacenter], recommendation: 4, ...page(1) });
    expect((await getDatacenter("fsn1-dc14")).id).toBe(4);
    api().get("/datacenters/9").reply(404, { error: { code: "not_found", message: "datacenter not found", details: {} } });
    await expect(getDatacenter("9")).rejects.toThrow("hcloud datacenter 9 not found");
    api().get("/datacenters").query({ name: "mars1-dc1", ...first }).reply(200, { datacenters: [], recommendation: 4, ...page(0) });
    await expect(getDatacenter("mars1-dc1")).rejects.toThrow('hcloud datacenter "mars1-dc1" not found');
  });
});

describe("images", () => {
  test("getImages passes every filter as the API spells it", async () => {
    api()
      .get("/images")
      .query({ type: ["snapshot", "backup"], label_selector: "role=golden", architecture: "arm", status: "available", include_deprecated: "true", bound_to: "42", sort: "created:desc", ...first })
      .reply(200, { images: [wireImage(3001, { architecture: "arm", labels: { role: "golden" } })], ...page(1) });
    const images = await getImages({ type: ["snapshot", "backup"], labelSelector: "role=golden", architecture: "arm", status: "available", includeDeprecated: true, boundTo: 42, sort: "created:desc" });
    expect(images).toEqual([
      {
        id: 3001,
        type: "snapshot",
        status: "available",
        name: null,
        description: "snapshot 3001",
        imageSize: 1.8,
        diskSize: 40,
        created: "2026-11-01T10:00:00+00:00",
        createdFrom: { id: 42, name: "web-1" },
        boundTo: null,
        osFlavor: "ubuntu",
        osVersion: "24.04",
        rapidDeploy: false,
        deleteProtection: false,
        deprecated: null,
        labels: { role: "golden" },
        architecture: "arm",
      },
    ]);
  });

  test("getImage by filter returns the newest match", async () => {
    api()
      .get("/images")
      .query({ type: "snapshot", label_selector: "role=golden", ...first })
      .reply(200, { images: [wireImage(3001), wireImage(3003, { created: "2026-11-20T10:00:00+00:00" }), wireImage(3002)], ...page(3) });
    expect((await getImage({ type: "snapshot", labelSelector: "role=golden" })).id).toBe(3003);
  });

  test("getImage by name needs an architecture when the name exists for several", async () => {
    api().get("/images").query({ name: "ubuntu-24.04", ...first }).reply(200, { images: [wireSystemImage(1, "x86"), wireSystemImage(2, "arm")], ...page(2) });
    await expect(getImage("ubuntu-24.04")).rejects.toThrow('hcloud image: name "ubuntu-24.04" matches images for arm and x86: set architecture');
    api().get("/images").query({ name: "ubuntu-24.04", architecture: "arm", ...first }).reply(200, { images: [wireSystemImage(2, "arm")], ...page(1) });
    expect((await getImage({ name: "ubuntu-24.04", architecture: "arm" })).id).toBe(2);
  });

  test("getImage by id, and clear errors when nothing matches", async () => {
    api().get("/images/3001").reply(200, { image: wireImage(3001) });
    expect((await getImage(3001)).type).toBe("snapshot");
    api().get("/images/77").reply(404, { error: { code: "not_found", message: "image not found", details: {} } });
    await expect(getImage("77")).rejects.toThrow("hcloud image 77 not found");
    api().get("/images").query({ type: "backup", bound_to: "44", ...first }).reply(200, { images: [], ...page(0) });
    await expect(getImage({ type: "backup", boundTo: 44 })).rejects.toThrow('hcloud image: none matches type "backup", boundTo 44');
  });
});

describe("ISOs", () => {
  test("getIsos filters by architecture with wildcards; getIso takes an id or a name", async () => {
    api()
      .get("/isos")
      .query({ architecture: "arm", include_architecture_wildcard: "true", ...first })
      .reply(200, { isos: [wireIso(8002, "ubuntu-arm.iso", "arm"), wireIso(8004, "virtio-win.iso", null)], ...page(2) });
    expect((await getIsos({ architecture: "arm", includeArchitectureWildcard: true })).map((iso) => [iso.id, iso.architecture])).toEqual([
      [8002, "arm"],
      [8004, null],
    ]);
    api().get("/isos").query({ name: "virtio-win.iso", ...first }).reply(200, { isos: [wireIso(8004, "virtio-win.iso", null)], ...page(1) });
    expect(await getIso("virtio-win.iso")).toEqual({ id: 8004, name: "virtio-win.iso", description: "virtio-win.iso", type: "public", architecture: null, deprecation: null });
    api()
      .get("/isos/8003")
      .reply(200, { iso: { ...wireIso(8003, "FreeBSD", "x86"), deprecation: { announced: "2024-06-01T00:00:00+00:00", unavailable_after: "2024-09-01T00:00:00+00:00" } } });
    expect((await getIso(8003)).deprecation).toEqual({ announced: "2024-06-01T00:00:00+00:00", unavailableAfter: "2024-09-01T00:00:00+00:00" });
  });
});

describe("load balancers", () => {
  test("getLoadBalancers by label selector; getLoadBalancer by name, or not found", async () => {
    api().get("/load_balancers").query({ label_selector: "role=web", ...first }).reply(200, { load_balancers: [wireLoadBalancer(601, "web-lb")], ...page(1) });
    expect(await getLoadBalancers({ labelSelector: "role=web" })).toEqual([
      {
        id: 601,
        name: "web-lb",
        labels: { role: "web" },
        location: "fsn1",
        type: "lb11",
        ipv4: "198.51.100.7",
        ipv6: "2001:db8:1b::7",
        privateNet: [{ network: 4711, ip: "10.0.0.2" }],
        algorithm: "round_robin",
        serverTargetIds: [42],
        labelSelectorTargets: ["role=web"],
        deleteProtection: true,
        created: "2026-10-01T08:00:00+00:00",
      },
    ]);
    api().get("/load_balancers").query({ name: "web-lb", ...first }).reply(200, { load_balancers: [wireLoadBalancer(601, "web-lb")], ...page(1) });
    expect((await getLoadBalancer("web-lb")).id).toBe(601);
    api().get("/load_balancers").query({ name: "nope", ...first }).reply(200, { load_balancers: [], ...page(0) });
    await expect(getLoadBalancer("nope")).rejects.toThrow('hcloud load balancer "nope" not found');
  });
});
