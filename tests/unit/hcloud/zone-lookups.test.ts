import * as pulumi from "@pulumi/pulumi";
import nock from "nock";
import { useNock } from "../helpers";
import { getZone, getZoneRrsets, getZones } from "../../../sdk/hcloud/lookups";
import { listMeta, wireRrset, wireZone } from "./zone-wire";

const API = "https://zone-lookups.test/v1";
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
const api = () => nock(API, { reqheaders: { authorization: "Bearer program-token" } });
const muenchen = wireZone({ id: 302, name: "xn--mnchen-3ya.de" });

test("getZone takes an id or a name (an IDN is looked up as punycode) and throws when there is none", async () => {
  api().get("/zones/302").reply(200, { zone: muenchen });
  expect((await getZone(302)).name).toBe("xn--mnchen-3ya.de");
  api().get("/zones").query({ name: "xn--mnchen-3ya.de", page: "1", per_page: "50" }).reply(200, { zones: [muenchen], meta: listMeta(1, 1, 1, 50) });
  expect((await getZone("München.de")).id).toBe(302);
  api().get("/zones").query({ name: "example.org", page: "1", per_page: "50" }).reply(200, { zones: [], meta: listMeta(0, 1, 1, 50) });
  await expect(getZone("example.org")).rejects.toThrow('hcloud zone "example.org" not found');
  api().get("/zones/7").reply(404, { error: { code: "not_found", message: "zone not found" } });
  await expect(getZone(7)).rejects.toThrow("hcloud zone 7 not found");
});

test("getZones passes the label selector and the name", async () => {
  api().get("/zones").query({ label_selector: "env=prod", name: "xn--mnchen-3ya.de", page: "1", per_page: "50" }).reply(200, { zones: [muenchen], meta: listMeta(1, 1, 1, 50) });
  expect((await getZones({ labelSelector: "env=prod", name: "münchen.de" })).map((z) => z.id)).toEqual([302]);
});

test("getZoneRrsets lists every page at 100, by type; a name filter is made relative to the zone", async () => {
  api().get("/zones/example.com/rrsets").query({ type: ["MX", "TXT"], page: "1", per_page: "100" }).reply(200, { rrsets: [wireRrset("@", "MX", ["10 mx.example.com."])], meta: listMeta(1) });
  expect((await getZoneRrsets("example.com", { type: ["MX", "TXT"] }))[0]).toMatchObject({ name: "@", type: "MX", records: [{ value: "10 mx.example.com.", comment: "" }] });

  api()
    .get("/zones/301")
    .reply(200, { zone: wireZone() })
    .get("/zones/301/rrsets")
    .query({ type: "A", name: "www", page: "1", per_page: "100" })
    .reply(200, { rrsets: [wireRrset("www", "A", ["192.0.2.1"])], meta: listMeta(1) });
  expect((await getZoneRrsets(301, { type: "A", name: "WWW.example.com." })).map((r) => r.id)).toEqual(["www/A"]);
  await expect(getZoneRrsets(301, { type: "a" })).rejects.toThrow('record type "a" must be written in upper case: "A"');
});
