import nock from "nock";
import { check, create, diff, read, remove, update } from "../../../provider/hetzner/storage-box-snapshot";
import { UNKNOWN } from "../../../provider/core/inputs";
import { OWNER_LABEL } from "../../../provider/core/resource";
import { hetznerError, HETZNER_API, NO_BODY, networkError, useHetznerClient, wireActions } from "../helpers";
import { wireSnapshot } from "./fixtures";

const auth = useHetznerClient("snapshot-token");
const api = () => nock(HETZNER_API, auth);

const OWNER = "fedcba9876543210fedcba9876543210";
const { action, waitFor } = wireActions({ id: 9, type: "storage_box_snapshot" }, { pollPath: "/storage_boxes/actions", listMeta: true });

const live = (overrides: Record<string, unknown> = {}) => wireSnapshot({ description: "before upgrade", labels: { env: "prod", [OWNER_LABEL]: OWNER }, ...overrides });
const inputs = (overrides: Record<string, unknown> = {}) => ({
  storageBoxId: 42,
  description: "before upgrade",
  labels: { env: "prod" },
  __owner: OWNER,
  __provider: "serialized-shim",
  ...overrides,
});
const OUTPUTS = {
  storageBoxId: 42,
  description: "before upgrade",
  labels: { env: "prod" },
  snapshotId: 9,
  name: "2026-11-25T10-00-00",
  isAutomatic: false,
  stats: { size: 10, sizeFilesystem: 1000 },
  created: "2026-11-25T10:00:00+00:00",
};
const POST_BODY = { description: "before upgrade", labels: { env: "prod", [OWNER_LABEL]: OWNER } };

describe("check", () => {
  test("takes every character the API allows in a description", async () => {
    const description = "Nightly-2025_01, before: <upgrade> +#! (db) [x] {y}";
    expect((await check({}, { storageBoxId: 42, description })).failures).toEqual([]);
  });

  test("fills defaults and converts a numeric string id", async () => {
    expect(await check({}, { storageBoxId: "42", __owner: OWNER })).toEqual({ inputs: { storageBoxId: 42, description: "", labels: {}, __owner: OWNER }, failures: [] });
  });

  test.each([
    ["no storageBoxId", { description: "x" }, "storageBoxId", "storageBoxId is required: the id of the storage box (e.g. box.storageBoxId)"],
    ["a description of 1001 characters", { storageBoxId: 42, description: "d".repeat(1001) }, "description", "description must be a string of at most 1000 characters"],
    ["a description that is not a string", { storageBoxId: 42, description: 5 }, "description", "description must be a string of at most 1000 characters"],
    ["a description with a dot", { storageBoxId: 42, description: "v1.2" }, "description", "description may only contain a-z A-Z 0-9 space and - _ , : < > + # ! ( ) [ ] { } (the API's rule for snapshot descriptions)"],
    ["bad labels", { storageBoxId: 42, labels: { "-bad": "x" } }, "labels", 'label key "-bad": the name must be 1-63 characters, start and end alphanumeric, with - _ . allowed between'],
  ])("refuses %s", async (_label, news, property, reason) => {
    expect((await check({}, news)).failures).toEqual([{ property, reason }]);
  });

  test("passes unknown values through during preview", async () => {
    expect(await check({}, { storageBoxId: UNKNOWN, description: UNKNOWN, labels: UNKNOWN })).toEqual({
      inputs: { storageBoxId: UNKNOWN, description: UNKNOWN, labels: UNKNOWN },
      failures: [],
    });
  });
});

describe("diff", () => {
  test("no change against the recorded outputs", async () => {
    expect(await diff("9", OUTPUTS, inputs())).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  test("another box replaces: the new snapshot is taken before the old one is deleted", async () => {
    expect(await diff("9", OUTPUTS, inputs({ storageBoxId: 43 }))).toEqual({ changes: true, replaces: ["storageBoxId"], deleteBeforeReplace: false });
  });

  test.each([{ description: "" }, { labels: {} }, { labels: UNKNOWN }])("%j changes in place", async (change) => {
    expect(await diff("9", OUTPUTS, inputs(change))).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });
});

describe("create", () => {
  test("posts description and labels (with the owner label), awaits create_snapshot, then reads the snapshot", async () => {
    const scope = api().post("/storage_boxes/42/snapshots", POST_BODY).reply(201, { snapshot: { id: 9, storage_box: 42 }, action: action(60, "create_snapshot") });
    waitFor(scope, 60, "create_snapshot").get("/storage_boxes/42/snapshots/9").reply(200, { snapshot: live() });
    expect(await create(inputs())).toEqual({ id: "9", outs: OUTPUTS });
    scope.done();
  });

  test("a failed create Action that left no snapshot records nothing", async () => {
    const scope = api().post("/storage_boxes/42/snapshots", POST_BODY).reply(201, { snapshot: { id: 9, storage_box: 42 }, action: action(60, "create_snapshot") });
    waitFor(scope, 60, "create_snapshot", "error", { code: "action_failed", message: "snapshot limit" })
      .get("/storage_boxes/42/snapshots/9")
      .reply(404, hetznerError("not_found", "snapshot not found"));
    const error = await create(inputs()).then(() => undefined, (e) => e);
    expect(error.message).toBe("creating snapshot 9 of storage box 42 failed: action create_snapshot (#60) on snapshot 9 of storage box 42 failed: action_failed: snapshot limit; run the pulumi command again once its cause is fixed");
    expect(error).not.toHaveProperty("id");
  });

  test("a failed create Action that left a snapshot records it", async () => {
    const scope = api().post("/storage_boxes/42/snapshots", POST_BODY).reply(201, { snapshot: { id: 9, storage_box: 42 }, action: action(60, "create_snapshot") });
    waitFor(scope, 60, "create_snapshot", "error", { code: "action_failed", message: "late" }).get("/storage_boxes/42/snapshots/9").reply(200, { snapshot: live() });
    const error = await create(inputs()).then(() => undefined, (e) => e);
    expect(error.id).toBe("9");
    expect(error.properties).toEqual({ ...OUTPUTS, __provider: "serialized-shim" });
  });

  test("an answer lost after the snapshot was taken: it is claimed by the owner label, not taken twice", async () => {
    const scope = api()
      .post("/storage_boxes/42/snapshots", POST_BODY)
      .replyWithError(networkError())
      .get("/storage_boxes/42/snapshots")
      .query({ label_selector: `${OWNER_LABEL}=${OWNER}` })
      .reply(200, { snapshots: [live({ id: 8, created: "2020-01-01T00:00:00+00:00" }), live({ created: new Date().toISOString() })] })
      .get("/storage_boxes/42/actions")
      .query({ sort: "id:desc", page: "1", per_page: "50" })
      // An Action no longer listed finished long ago: the snapshot then needs no wait.
      .reply(200, { actions: [], meta: { pagination: { page: 1, per_page: 50, previous_page: null, next_page: null, last_page: 1, total_entries: 0 } } })
      .get("/storage_boxes/42/snapshots/9")
      .reply(200, { snapshot: live() });
    expect(await create(inputs())).toEqual({ id: "9", outs: OUTPUTS });
    scope.done();
  });

  test("a lost answer and an owned snapshot that differs from what was asked: not claimed", async () => {
    api()
      .post("/storage_boxes/42/snapshots", POST_BODY)
      .replyWithError(networkError())
      .get("/storage_boxes/42/snapshots")
      .query({ label_selector: `${OWNER_LABEL}=${OWNER}` })
      .reply(200, { snapshots: [live({ description: "other", created: new Date().toISOString() })] });
    await expect(create(inputs())).rejects.toThrow(/snapshot "2026-11-25T10-00-00" already exists \(id 9, .*\) and is not the one this create made: it differs from what was asked in description/);
  });
});

describe("read / update / delete", () => {
  test("read reports the live snapshot, or that it is gone", async () => {
    api().get("/storage_boxes/42/snapshots/9").reply(200, { snapshot: live({ description: "changed elsewhere", stats: { size: 20, size_filesystem: 2000 } }) });
    expect(await read("9", { ...OUTPUTS, __owner: OWNER })).toEqual({
      id: "9",
      props: { ...OUTPUTS, description: "changed elsewhere", stats: { size: 20, sizeFilesystem: 2000 } },
      inputs: { storageBoxId: 42, description: "changed elsewhere", labels: { env: "prod" }, __owner: OWNER },
    });
    api().get("/storage_boxes/42/snapshots/9").reply(404, hetznerError("not_found", "snapshot not found"));
    expect(await read("9", OUTPUTS)).toEqual({ id: "", props: {} });
  });

  test("update sends one PUT of description and labels (the owner label kept)", async () => {
    const scope = api()
      .get("/storage_boxes/42/snapshots/9")
      .reply(200, { snapshot: live() })
      .put("/storage_boxes/42/snapshots/9", { description: "after", labels: { team: "ops", [OWNER_LABEL]: OWNER } })
      .reply(200, { snapshot: live({ description: "after", labels: { team: "ops", [OWNER_LABEL]: OWNER } }) });
    expect((await update("9", OUTPUTS, inputs({ description: "after", labels: { team: "ops" } }))).outs).toEqual({ ...OUTPUTS, description: "after", labels: { team: "ops" } });
    scope.done();
  });

  test("update sends nothing when the live snapshot already matches", async () => {
    api().get("/storage_boxes/42/snapshots/9").reply(200, { snapshot: live() });
    expect((await update("9", OUTPUTS, inputs())).outs).toEqual(OUTPUTS);
  });

  test("delete awaits delete_snapshot; a snapshot already gone is fine", async () => {
    const scope = api().delete("/storage_boxes/42/snapshots/9", NO_BODY).reply(201, { action: action(61, "delete_snapshot") });
    waitFor(scope, 61, "delete_snapshot");
    await remove("9", OUTPUTS);
    scope.done();
    api().delete("/storage_boxes/42/snapshots/9", NO_BODY).reply(404, hetznerError("not_found", "snapshot not found"));
    await expect(remove("9", OUTPUTS)).resolves.toBeUndefined();
  });
});
