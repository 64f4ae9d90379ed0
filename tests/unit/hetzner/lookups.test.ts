/** Storage box lookups and operations run in the program, with the program's config (hetzner:*, else the hcloud token). */
import * as pulumi from "@pulumi/pulumi";
import nock from "nock";
import { getStorageBox, getStorageBoxes, getStorageBoxType, getStorageBoxTypes, listFolders, rollbackSnapshot } from "../../../sdk/hetzner/lookups";
import { HETZNER_API, hetznerError, isolateConfig, useNock } from "../helpers";
import { BX21, meta, wireBox, wireType } from "./fixtures";

useNock();
isolateConfig(["HETZNER_TOKEN", "HETZNER_ENDPOINT", "HCLOUD_TOKEN", "HCLOUD_ENDPOINT", "HETZNER_POLL_INTERVAL"]);
beforeEach(() => {
  pulumi.runtime.setAllConfig({ "hetzner:endpoint": HETZNER_API, "hetzner:token": "program-token", "hetzner:pollInterval": "1ms" }, ["hetzner:token"]);
});
afterEach(() => pulumi.runtime.setAllConfig({}));

const api = (token = "program-token") => nock(HETZNER_API, { reqheaders: { authorization: `Bearer ${token}` } });
const ACTION = { id: 50, command: "rollback_snapshot", progress: 0, error: null, resources: [{ id: 42, type: "storage_box" }], started: "2026-11-25T10:00:00+00:00" };

test("getStorageBoxTypes lists every type with prices and deprecation, with the program's hetzner:token and endpoint", async () => {
  api()
    .get("/storage_box_types")
    .query({ page: "1", per_page: "50" })
    .reply(200, { storage_box_types: [wireType({ deprecation: { announced: "2026-01-01T00:00:00+00:00", unavailable_after: "2026-06-01T00:00:00+00:00" } }), BX21], meta: meta(2) });
  const types = await getStorageBoxTypes();
  expect(types.map((t) => [t.name, t.deprecation?.unavailableAfter ?? null, t.prices[0].priceMonthly.gross])).toEqual([
    ["bx11", "2026-06-01T00:00:00+00:00", "3.8080"],
    ["bx21", null, "3.8080"],
  ]);
});

test("getStorageBoxType finds one by name and throws for an unknown one", async () => {
  api().get("/storage_box_types").query({ name: "bx21", page: "1", per_page: "50" }).reply(200, { storage_box_types: [BX21], meta: meta(1) });
  expect((await getStorageBoxType("bx21")).id).toBe(2);
  api().get("/storage_box_types").query({ name: "bx99", page: "1", per_page: "50" }).reply(200, { storage_box_types: [], meta: meta(0) });
  await expect(getStorageBoxType("bx99")).rejects.toThrow('hetzner storage box type "bx99" not found');
});

test("getStorageBox by id, by numeric string and by name; throws when there is none", async () => {
  api().get("/storage_boxes/42").times(2).reply(200, { storage_box: wireBox() });
  expect((await getStorageBox(42)).username).toBe("u42");
  expect((await getStorageBox("42")).name).toBe("backup");
  api().get("/storage_boxes").query({ name: "backup", page: "1", per_page: "50" }).reply(200, { storage_boxes: [wireBox()], meta: meta(1) });
  expect((await getStorageBox("backup")).id).toBe(42);
  api().get("/storage_boxes/43").reply(404, hetznerError("not_found", "storage box not found"));
  await expect(getStorageBox(43)).rejects.toThrow("hetzner storage box 43 not found");
  api().get("/storage_boxes").query({ name: "nope", page: "1", per_page: "50" }).reply(200, { storage_boxes: [], meta: meta(0) });
  await expect(getStorageBox("nope")).rejects.toThrow('hetzner storage box "nope" not found');
});

test("getStorageBoxes filters by label selector and name", async () => {
  api().get("/storage_boxes").query({ label_selector: "env=prod", name: "backup", page: "1", per_page: "50" }).reply(200, { storage_boxes: [wireBox()], meta: meta(1) });
  expect((await getStorageBoxes({ labelSelector: "env=prod", name: "backup" })).map((b) => b.id)).toEqual([42]);
});

test("rollbackSnapshot starts the rollback and resolves only once its Action succeeded", async () => {
  api()
    .post("/storage_boxes/42/actions/rollback_snapshot", { snapshot: "2026-11-25T10-00-00" })
    .reply(201, { action: { ...ACTION, status: "running", finished: null } })
    .get("/storage_boxes/actions")
    .query({ id: "50" })
    .reply(200, { actions: [{ ...ACTION, status: "running", progress: 50, finished: null }], meta: meta(1) })
    .get("/storage_boxes/actions")
    .query({ id: "50" })
    .reply(200, { actions: [{ ...ACTION, status: "success", progress: 100, finished: "2026-11-25T10:00:05+00:00" }], meta: meta(1) });
  await expect(rollbackSnapshot(42, "2026-11-25T10-00-00")).resolves.toBeUndefined();
});

test("rollbackSnapshot by snapshot id rejects with the Action's error when it fails", async () => {
  api()
    .post("/storage_boxes/42/actions/rollback_snapshot", { snapshot: "9" })
    .reply(201, { action: { ...ACTION, status: "running", finished: null } })
    .get("/storage_boxes/actions")
    .query({ id: "50" })
    .reply(200, { actions: [{ ...ACTION, status: "error", progress: 100, finished: "2026-11-25T10:00:05+00:00", error: { code: "action_failed", message: "rollback failed" } }], meta: meta(1) });
  await expect(rollbackSnapshot(42, 9)).rejects.toThrow("action rollback_snapshot (#50) on storage box 42 failed: action_failed: rollback failed");
});

test("listFolders lists the root, or the folders under a path", async () => {
  api().get("/storage_boxes/42/folders").reply(200, { folders: ["photos", "backups"] });
  expect(await listFolders(42)).toEqual(["photos", "backups"]);
  api().get("/storage_boxes/42/folders").query({ path: "photos/2026" }).reply(200, { folders: ["january"] });
  expect(await listFolders(42, "photos/2026")).toEqual(["january"]);
});

test("without a hetzner token, the program's hcloud:token is used", async () => {
  pulumi.runtime.setAllConfig({ "hetzner:endpoint": HETZNER_API, "hcloud:token": "cloud-token" }, ["hcloud:token"]);
  api("cloud-token").get("/storage_boxes/42/folders").reply(200, { folders: [] });
  expect(await listFolders(42)).toEqual([]);
});

test("a lookup's own credentials reach another account", async () => {
  nock("https://other.test/v1", { reqheaders: { authorization: "Bearer other-token" } }).get("/storage_boxes/7/folders").reply(200, { folders: ["x"] });
  expect(await listFolders(7, undefined, { credentials: { token: "other-token", endpoint: "https://other.test/v1" } })).toEqual(["x"]);
  await expect(listFolders(7, undefined, { credentials: { token: "" } })).rejects.toThrow("hetzner lookup: credentials.token must be a non-empty string");
});
