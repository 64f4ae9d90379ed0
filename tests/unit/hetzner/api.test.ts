/** The Hetzner API wire clients: every endpoint of the spec, exact requests, conversion to program shapes. */
import nock from "nock";
import { hetznerClient } from "../../../provider/hetzner/client";
import { hetznerError, HETZNER_API, NO_BODY, offContract, useHetznerClient } from "../helpers";
import { boxActions, BX21, meta, wireBox, wireSnapshot, wireSubaccount, wireType } from "./fixtures";

const auth = useHetznerClient("box-token");
const api = () => nock(HETZNER_API, auth);
const client = () => hetznerClient();
const { action } = boxActions;

const BOX = {
  id: 42,
  name: "backup",
  storageBoxType: {
    id: 1,
    name: "bx11",
    description: "BX11",
    snapshotLimit: 10,
    automaticSnapshotLimit: 10,
    subaccountsLimit: 100,
    size: 1099511627776,
    prices: [{ location: "fsn1", priceHourly: { net: "0.0051", gross: "0.0061" }, priceMonthly: { net: "3.2000", gross: "3.8080" }, setupFee: { net: "0.0000", gross: "0.0000" } }],
    deprecation: null,
  },
  location: "fsn1",
  accessSettings: { reachableExternally: false, sambaEnabled: false, sshEnabled: false, webdavEnabled: false, zfsEnabled: false },
  snapshotPlan: null,
  deleteProtection: false,
  labels: {},
  status: "active",
  username: "u42",
  server: "u42.your-storagebox.de",
  system: "FSN1-BX355",
  stats: { size: 1024, sizeData: 1000, sizeSnapshots: 24 },
  created: "2026-11-25T10:00:00+00:00",
};

describe("storage boxes", () => {
  test("get converts the wire box", async () => {
    api().get("/storage_boxes/42").reply(200, { storage_box: wireBox() });
    expect(await client().storageBoxes.get(42)).toEqual(BOX);
  });

  test("a snapshot plan and a deprecated type are converted", async () => {
    api()
      .get("/storage_boxes/42")
      .reply(200, {
        storage_box: wireBox({
          snapshot_plan: { max_snapshots: 10, minute: 30, hour: 3, day_of_week: 7, day_of_month: null },
          storage_box_type: wireType({ deprecation: { announced: "2026-01-01T00:00:00+00:00", unavailable_after: "2026-06-01T00:00:00+00:00" } }),
        }),
      });
    const box = await client().storageBoxes.get(42);
    expect(box.snapshotPlan).toEqual({ maxSnapshots: 10, minute: 30, hour: 3, dayOfWeek: 7, dayOfMonth: null });
    expect(box.storageBoxType.deprecation).toEqual({ announced: "2026-01-01T00:00:00+00:00", unavailableAfter: "2026-06-01T00:00:00+00:00" });
  });

  test("the API sample's plan without snapshots (max_snapshots 0, null times) is no plan", async () => {
    offContract({ replies: "the API's own sample renders a missing plan with null minute and hour, which the schema does not allow" });
    api()
      .get("/storage_boxes/42")
      .reply(200, { storage_box: wireBox({ snapshot_plan: { max_snapshots: 0, minute: null, hour: null, day_of_week: null, day_of_month: null } }) });
    expect((await client().storageBoxes.get(42)).snapshotPlan).toBeNull();
  });

  test("find answers undefined for a box that is gone", async () => {
    api().get("/storage_boxes/43").reply(404, hetznerError("not_found", "storage box not found"));
    expect(await client().storageBoxes.find(43)).toBeUndefined();
  });

  test("list filters by name and label selector and reads every page", async () => {
    api()
      .get("/storage_boxes")
      .query({ name: "backup", label_selector: "env=prod", page: "1", per_page: "50" })
      .reply(200, { storage_boxes: [wireBox()], meta: meta(2, 2) });
    api()
      .get("/storage_boxes")
      .query({ name: "backup", label_selector: "env=prod", page: "2", per_page: "50" })
      .reply(200, { storage_boxes: [wireBox({ id: 43 })], meta: meta(2) });
    expect((await client().storageBoxes.list({ name: "backup", labelSelector: "env=prod" })).map((b) => b.id)).toEqual([42, 43]);
  });

  test("create sends every field and takes the new id from the Action's resources", async () => {
    api()
      .post("/storage_boxes", {
        name: "backup",
        location: "fsn1",
        storage_box_type: "bx11",
        password: "S3cret-pass!",
        labels: { env: "prod" },
        ssh_keys: ["ssh-ed25519 AAAA key"],
        access_settings: { ssh_enabled: true, zfs_enabled: false },
      })
      .reply(201, { storage_box: wireBox({ status: "initializing", username: null, server: null, system: null }), action: action(13, "create") });
    const created = await client().storageBoxes.create({
      name: "backup",
      location: "fsn1",
      storageBoxType: "bx11",
      password: "S3cret-pass!",
      labels: { env: "prod" },
      sshKeys: ["ssh-ed25519 AAAA key"],
      accessSettings: { sshEnabled: true, zfsEnabled: false },
    });
    expect(created.id).toBe(42);
    expect(created.action).toEqual({ id: 13, command: "create", status: "running", progress: 50, error: null, resources: [{ id: 42, type: "storage_box" }] });
    expect(created.box?.status).toBe("initializing");
  });

  test("create answered with the Action alone (the API's own sample) still knows the id", async () => {
    offContract({ replies: "the API's documented sample answers a create with the Action alone; the spec lists storage_box too" });
    api()
      .post("/storage_boxes", { name: "backup", location: "fsn1", storage_box_type: "bx11", password: "pw", labels: {} })
      .reply(201, { action: boxActions.action(13, "create") });
    const created = await client().storageBoxes.create({ name: "backup", location: "fsn1", storageBoxType: "bx11", password: "pw", labels: {} });
    expect(created).toEqual({ id: 42, action: expect.objectContaining({ id: 13 }) });
  });

  test("update sends name and labels", async () => {
    api().put("/storage_boxes/42", { name: "b2", labels: { a: "1" } }).reply(200, { storage_box: wireBox({ name: "b2", labels: { a: "1" } }) });
    expect((await client().storageBoxes.update(42, { name: "b2", labels: { a: "1" } })).name).toBe("b2");
  });

  test("delete returns its Action", async () => {
    api().delete("/storage_boxes/42", NO_BODY).reply(201, { action: action(14, "delete") });
    expect((await client().storageBoxes.delete(42)).command).toBe("delete");
  });

  test("folders lists the folders under a path", async () => {
    api().get("/storage_boxes/42/folders").query({ path: "./photos" }).reply(200, { folders: ["2025", "2026"] });
    expect(await client().storageBoxes.folders(42, "./photos")).toEqual(["2025", "2026"]);
    api().get("/storage_boxes/42/folders").query({}).reply(200, { folders: ["photos"] });
    expect(await client().storageBoxes.folders(42)).toEqual(["photos"]);
  });

  test.each([
    ["change_protection", { delete: true }, (id: number) => client().storageBoxes.changeProtection(id, true)],
    ["change_type", { storage_box_type: "bx21" }, (id: number) => client().storageBoxes.changeType(id, "bx21")],
    ["reset_password", { password: "n3w-Pass!" }, (id: number) => client().storageBoxes.resetPassword(id, "n3w-Pass!")],
    ["update_access_settings", { samba_enabled: true, reachable_externally: true }, (id: number) => client().storageBoxes.updateAccessSettings(id, { sambaEnabled: true, reachableExternally: true })],
    ["rollback_snapshot", { snapshot: "my-snapshot" }, (id: number) => client().storageBoxes.rollbackSnapshot(id, "my-snapshot")],
    [
      "enable_snapshot_plan",
      { max_snapshots: 10, minute: 0, hour: 3, day_of_week: 5, day_of_month: null },
      (id: number) => client().storageBoxes.enableSnapshotPlan(id, { maxSnapshots: 10, minute: 0, hour: 3, dayOfWeek: 5, dayOfMonth: null }),
    ],
  ])("%s sends its body and returns the Action", async (command, body, start) => {
    api().post(`/storage_boxes/42/actions/${command}`, body).reply(201, { action: action(20, command) });
    expect(await start(42)).toMatchObject({ id: 20, command, status: "running" });
  });

  test("disable_snapshot_plan sends no body", async () => {
    api().post("/storage_boxes/42/actions/disable_snapshot_plan", NO_BODY).reply(201, { action: action(21, "disable_snapshot_plan") });
    expect((await client().storageBoxes.disableSnapshotPlan(42)).id).toBe(21);
  });

  test("the box's Actions: all, running, and one", async () => {
    api()
      .get("/storage_boxes/42/actions")
      .query({ status: "error", sort: "id:desc", page: "1", per_page: "50" })
      .reply(200, { actions: [action(13, "create", "error", { code: "action_failed", message: "Action failed" })], meta: meta(1) });
    expect((await client().storageBoxes.listActions(42, ["error"]))[0]).toMatchObject({ id: 13, status: "error", error: { code: "action_failed" } });
    api().get("/storage_boxes/42/actions").query({ status: "running", page: "1", per_page: "50" }).reply(200, { actions: [action(15, "change_type")], meta: meta(1) });
    expect((await client().storageBoxes.runningActions(42)).map((a) => a.id)).toEqual([15]);
    api().get("/storage_boxes/42/actions/15").reply(200, { action: action(15, "change_type", "success") });
    expect((await client().storageBoxes.getAction(42, 15)).status).toBe("success");
  });
});

describe("storage box actions", () => {
  test("the waiter polls /storage_boxes/actions?id=…, never /actions", async () => {
    api().get("/storage_boxes/actions").query({ id: ["13", "14"] }).reply(200, { actions: [action(13, "create", "success"), action(14, "delete")], meta: meta(2) });
    expect((await client().actions.byIds([13, 14])).map((a) => a.status)).toEqual(["success", "running"]);
  });

  test("get reads one Action", async () => {
    api().get("/storage_boxes/actions/13").reply(200, { action: action(13, "create", "success") });
    expect((await client().actions.get(13)).command).toBe("create");
  });

  test("a client's waiter waits for a storage box Action through the family's endpoint", async () => {
    boxActions.waitFor(api(), 13, "create");
    await expect(client().waiter.wait(action(13, "create") as never)).resolves.toEqual([expect.objectContaining({ id: 13, status: "success" })]);
  });
});

describe("subaccounts", () => {
  const SUB = {
    id: 7,
    storageBoxId: 42,
    name: "photos",
    homeDirectory: "photos",
    accessSettings: { reachableExternally: false, sambaEnabled: false, sshEnabled: true, webdavEnabled: false, readonly: false },
    description: "",
    labels: {},
    username: "u42-sub1",
    server: "u42-sub1.your-storagebox.de",
    created: "2026-11-25T10:00:00+00:00",
  };

  test("get, find and list (not paginated: no page parameters)", async () => {
    api().get("/storage_boxes/42/subaccounts/7").reply(200, { subaccount: wireSubaccount() });
    expect(await client().subaccounts.get(42, 7)).toEqual(SUB);
    api().get("/storage_boxes/42/subaccounts/8").reply(404, hetznerError("not_found", "subaccount not found"));
    expect(await client().subaccounts.find(42, 8)).toBeUndefined();
    api()
      .get("/storage_boxes/42/subaccounts")
      .query({ name: "photos", label_selector: "env=prod", username: "u42-sub1" })
      .reply(200, { subaccounts: [wireSubaccount()] });
    expect(await client().subaccounts.list(42, { name: "photos", labelSelector: "env=prod", username: "u42-sub1" })).toEqual([SUB]);
  });

  test("create sends every field and returns the id and the Action", async () => {
    api()
      .post("/storage_boxes/42/subaccounts", {
        home_directory: "photos",
        password: "S3cret-pass!",
        name: "photos",
        description: "family photos",
        labels: { env: "prod" },
        access_settings: { readonly: true, ssh_enabled: true },
      })
      .reply(201, { subaccount: { id: 7, storage_box: 42 }, action: action(30, "create_subaccount") });
    const created = await client().subaccounts.create(42, {
      homeDirectory: "photos",
      password: "S3cret-pass!",
      name: "photos",
      description: "family photos",
      labels: { env: "prod" },
      accessSettings: { readonly: true, sshEnabled: true },
    });
    expect(created).toEqual({ id: 7, storageBoxId: 42, action: expect.objectContaining({ id: 30 }) });
  });

  test("update, delete and the three Actions", async () => {
    api().put("/storage_boxes/42/subaccounts/7", { description: "d", labels: { a: "1" } }).reply(200, { subaccount: wireSubaccount({ description: "d", labels: { a: "1" } }) });
    expect((await client().subaccounts.update(42, 7, { description: "d", labels: { a: "1" } })).description).toBe("d");
    api().delete("/storage_boxes/42/subaccounts/7", NO_BODY).reply(201, { action: action(31, "delete_subaccount") });
    expect((await client().subaccounts.delete(42, 7)).id).toBe(31);
    api().post("/storage_boxes/42/subaccounts/7/actions/change_home_directory", { home_directory: "other" }).reply(201, { action: action(32, "change_home_directory") });
    expect((await client().subaccounts.changeHomeDirectory(42, 7, "other")).id).toBe(32);
    api().post("/storage_boxes/42/subaccounts/7/actions/reset_subaccount_password", { password: "n3w" }).reply(201, { action: action(33, "reset_subaccount_password") });
    expect((await client().subaccounts.resetPassword(42, 7, "n3w")).id).toBe(33);
    api().post("/storage_boxes/42/subaccounts/7/actions/update_access_settings", { readonly: true, webdav_enabled: false }).reply(201, { action: action(34, "update_access_settings") });
    expect((await client().subaccounts.updateAccessSettings(42, 7, { readonly: true, webdavEnabled: false })).id).toBe(34);
  });
});

describe("snapshots", () => {
  const SNAP = {
    id: 9,
    storageBoxId: 42,
    name: "2026-11-25T10-00-00",
    description: "",
    labels: {},
    stats: { size: 10, sizeFilesystem: 1000 },
    isAutomatic: false,
    created: "2026-11-25T10:00:00+00:00",
  };

  test("get, find and list (not paginated: no page parameters)", async () => {
    api().get("/storage_boxes/42/snapshots/9").reply(200, { snapshot: wireSnapshot() });
    expect(await client().snapshots.get(42, 9)).toEqual(SNAP);
    api().get("/storage_boxes/42/snapshots/10").reply(404, hetznerError("not_found", "snapshot not found"));
    expect(await client().snapshots.find(42, 10)).toBeUndefined();
    api().get("/storage_boxes/42/snapshots").query({ label_selector: "env=prod", is_automatic: "false" }).reply(200, { snapshots: [wireSnapshot()] });
    expect(await client().snapshots.list(42, { labelSelector: "env=prod", isAutomatic: false })).toEqual([SNAP]);
  });

  test("create, update and delete", async () => {
    api()
      .post("/storage_boxes/42/snapshots", { description: "before upgrade", labels: { env: "prod" } })
      .reply(201, { snapshot: { id: 9, storage_box: 42 }, action: action(40, "create_snapshot") });
    expect(await client().snapshots.create(42, { description: "before upgrade", labels: { env: "prod" } })).toEqual({
      id: 9,
      storageBoxId: 42,
      action: expect.objectContaining({ id: 40 }),
    });
    api().put("/storage_boxes/42/snapshots/9", { description: "d" }).reply(200, { snapshot: wireSnapshot({ description: "d" }) });
    expect((await client().snapshots.update(42, 9, { description: "d" })).description).toBe("d");
    api().delete("/storage_boxes/42/snapshots/9", NO_BODY).reply(201, { action: action(41, "delete_snapshot") });
    expect((await client().snapshots.delete(42, 9)).id).toBe(41);
  });
});

describe("storage box types", () => {
  test("list (every page, by name) and get", async () => {
    api().get("/storage_box_types").query({ page: "1", per_page: "50" }).reply(200, { storage_box_types: [wireType(), BX21], meta: meta(2) });
    expect((await client().storageBoxTypes.list()).map((t) => [t.name, t.size])).toEqual([
      ["bx11", 1099511627776],
      ["bx21", 5497558138880],
    ]);
    api().get("/storage_box_types").query({ name: "bx21", page: "1", per_page: "50" }).reply(200, { storage_box_types: [BX21], meta: meta(1) });
    expect((await client().storageBoxTypes.list({ name: "bx21" }))[0].id).toBe(2);
    api().get("/storage_box_types/2").reply(200, { storage_box_type: BX21 });
    expect((await client().storageBoxTypes.get(2)).prices[0]).toEqual({
      location: "fsn1",
      priceHourly: { net: "0.0051", gross: "0.0061" },
      priceMonthly: { net: "3.2000", gross: "3.8080" },
      setupFee: { net: "0.0000", gross: "0.0000" },
    });
  });
});
