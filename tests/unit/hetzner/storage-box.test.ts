import nock from "nock";
import { check, create, diff, read, remove, update } from "../../../provider/hetzner/storage-box";
import { UNKNOWN } from "../../../provider/core/inputs";
import { hetznerError, HETZNER_API, NO_BODY, offContract, useHetznerClient } from "../helpers";
import { ACCESS_OFF, boxActions, BX21, meta, postBoxAction, wireBox, wireType } from "./fixtures";

const auth = useHetznerClient("box-token");
const api = () => nock(HETZNER_API, auth);
const { action, waitFor } = boxActions;

const PASSWORD = "Corr3ct-Horse-Battery";
const NEW_PASSWORD = "Tr0ub4dor&3-again";
const OWNER = "abc123";
const owned = { "pulumi-dns-cloud/owner": OWNER };
const ACCESS = { reachableExternally: false, sambaEnabled: false, sshEnabled: true, webdavEnabled: false, zfsEnabled: false };
const PLAN = { maxSnapshots: 10, minute: 0, hour: 3, dayOfWeek: null, dayOfMonth: null };

/** Checked inputs as check() makes them. */
const inputs = (overrides: Record<string, unknown> = {}) => ({
  name: "backup",
  storageBoxType: "bx11",
  location: "fsn1",
  password: PASSWORD,
  labels: {},
  sshKeys: [],
  accessSettings: ACCESS,
  snapshotPlan: null,
  deleteProtection: false,
  __owner: OWNER,
  __provider: "serialized-shim",
  ...overrides,
});

/** Outputs of box 42 as create records them. */
const outputs = (overrides: Record<string, unknown> = {}) => ({
  name: "backup",
  storageBoxType: "bx11",
  location: "fsn1",
  password: PASSWORD,
  labels: {},
  sshKeys: [],
  accessSettings: ACCESS,
  snapshotPlan: null,
  deleteProtection: false,
  storageBoxId: 42,
  username: "u42",
  server: "u42.your-storagebox.de",
  system: "FSN1-BX355",
  status: "active",
  stats: { size: 1024, sizeData: 1000, sizeSnapshots: 24 },
  storageBoxTypeDetails: expect.objectContaining({ name: "bx11" }),
  created: "2026-11-25T10:00:00+00:00",
  ...overrides,
});

const SSH_ON = { ...ACCESS_OFF, ssh_enabled: true };

describe("check", () => {
  test("fills defaults: every access setting off, no plan, no keys, an autoname", async () => {
    const { inputs: checked, failures } = await check({}, { storageBoxType: "bx11", location: "fsn1", password: PASSWORD, __autonamePrefix: "backup", __owner: OWNER });
    expect(failures).toEqual([]);
    expect(checked).toEqual({
      name: expect.stringMatching(/^backup-[0-9a-f]{7}$/),
      __autonamePrefix: "backup",
      __owner: OWNER,
      __autonamed: true,
      storageBoxType: "bx11",
      location: "fsn1",
      password: PASSWORD,
      labels: {},
      sshKeys: [],
      accessSettings: { reachableExternally: false, sambaEnabled: false, sshEnabled: false, webdavEnabled: false, zfsEnabled: false },
      snapshotPlan: null,
      deleteProtection: false,
    });
  });

  test("a plan without days runs every day", async () => {
    const { inputs: checked } = await check({}, { name: "b", storageBoxType: "bx11", location: "fsn1", password: PASSWORD, snapshotPlan: { maxSnapshots: 3, minute: 30, hour: 6 } });
    expect(checked.snapshotPlan).toEqual({ maxSnapshots: 3, minute: 30, hour: 6, dayOfWeek: null, dayOfMonth: null });
  });

  test.each([
    [{ password: "Short-1a" }, /it must be 12 to 128 characters long \(it has 8\)/],
    [{ password: "alllowercase-1234" }, /it must contain an upper case letter$/],
    [{ password: "NoDigitsOrSpecials" }, /it must contain a digit, a special character$/],
    [{ password: "Has spaces in it-1A" }, /it may only contain a-z A-Z/],
    [{ password: undefined }, /^password is required/],
    [{ location: "FSN 1" }, /location must be a location name such as "fsn1"/],
    [{ storageBoxType: 11 }, /storageBoxType must be a storage box type name such as "bx11"/],
    [{ sshKeys: ["not-a-key"] }, /^sshKeys\[0\] must be a public key in OpenSSH format/],
    [{ accessSettings: { ftpEnabled: true } }, /accessSettings: unknown setting "ftpEnabled"/],
    [{ accessSettings: { sshEnabled: "yes" } }, /accessSettings.sshEnabled must be true or false/],
    [{ snapshotPlan: { maxSnapshots: 0, minute: 0, hour: 3 } }, /snapshotPlan.maxSnapshots must be a whole number of at least 1, got 0/],
    [{ snapshotPlan: { maxSnapshots: 1, minute: 60, hour: 3 } }, /snapshotPlan.minute must be a whole number from 0 to 59, got 60/],
    [{ snapshotPlan: { maxSnapshots: 1, minute: 0, hour: 3, dayOfWeek: 0 } }, /snapshotPlan.dayOfWeek must be a whole number from 1 to 7 \(or left out: every day\), got 0/],
    [{ snapshotPlan: { maxSnapshots: 1, minute: 0 } }, /snapshotPlan.hour must be a whole number from 0 to 23, got undefined/],
    [{ deleteProtection: "yes" }, /deleteProtection must be true or false/],
    [{ labels: { "pulumi-dns-cloud/owner": "x" } }, /reserved/],
  ])("rejects %j", async (override, reason) => {
    const { failures } = await check({}, { name: "b", storageBoxType: "bx11", location: "fsn1", password: PASSWORD, ...override });
    expect(failures.map((f) => f.reason)).toEqual([expect.stringMatching(reason)]);
  });

  test("no failure quotes the password", async () => {
    const secret = "ThisIsMySecret with space";
    const { failures } = await check({}, { name: "b", storageBoxType: "bx11", location: "fsn1", password: secret });
    expect(failures.length).toBeGreaterThan(0);
    expect(JSON.stringify(failures)).not.toContain("ThisIsMySecret");
  });

  test("passes unknown values through during preview", async () => {
    const { inputs: checked, failures } = await check({}, {
      storageBoxType: UNKNOWN,
      location: UNKNOWN,
      password: UNKNOWN,
      name: UNKNOWN,
      sshKeys: UNKNOWN,
      accessSettings: UNKNOWN,
      snapshotPlan: { maxSnapshots: UNKNOWN, minute: 0, hour: 3 },
    });
    expect(failures).toEqual([]);
    expect(checked).toMatchObject({ storageBoxType: UNKNOWN, location: UNKNOWN, password: UNKNOWN, sshKeys: UNKNOWN, accessSettings: UNKNOWN });
  });

  test("keeps the autoname, but picks a fresh one when a new location replaces the box", async () => {
    const news = { storageBoxType: "bx11", location: "fsn1", password: PASSWORD, __autonamePrefix: "backup", __owner: OWNER };
    const first = await check({}, news);
    expect((await check(first.inputs, { ...news, storageBoxType: "bx21" })).inputs.name).toBe(first.inputs.name);
    const moved = await check(first.inputs, { ...news, location: "hel1" });
    expect(moved.inputs.name).toMatch(/^backup-[0-9a-f]{7}$/);
    expect(moved.inputs.name).not.toBe(first.inputs.name);
  });
});

describe("diff", () => {
  test("no change and no request when the inputs match the outputs", async () => {
    expect(await diff("42", outputs(), inputs())).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  test.each([
    ["password", { password: NEW_PASSWORD }],
    ["storageBoxType", { storageBoxType: "bx21" }],
    ["sshKeys", { sshKeys: ["ssh-ed25519 AAAA new"] }],
    ["accessSettings", { accessSettings: { ...ACCESS, sambaEnabled: true } }],
    ["snapshotPlan", { snapshotPlan: PLAN }],
    ["deleteProtection", { deleteProtection: true }],
    ["labels", { labels: { a: "1" } }],
    ["name", { name: "other" }],
  ])("%s changes in place", async (_field, change) => {
    expect(await diff("42", outputs(), inputs(change))).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  test("location replaces; an autonamed box is created before the old one is deleted", async () => {
    expect(await diff("42", outputs(), inputs({ location: "hel1", __autonamed: true }))).toEqual({ changes: true, replaces: ["location"], deleteBeforeReplace: false });
  });

  test("a password not known to be set (null after a failed step) is set again", async () => {
    expect((await diff("42", outputs({ password: null }), inputs())).changes).toBe(true);
  });

  test("after a failed create Action: a box that exists is converged in place", async () => {
    api().get("/storage_boxes/42").reply(200, { storage_box: wireBox() });
    expect(await diff("42", outputs({ __createFailed: true }), inputs())).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  test("after a failed create Action: a box that never came to be is replaced (nothing made twice)", async () => {
    api().get("/storage_boxes/42").reply(404, hetznerError("not_found", "storage box not found"));
    expect(await diff("42", outputs({ __createFailed: true }), inputs({ __autonamed: true }))).toEqual({
      changes: true,
      replaces: ["storageBoxId"],
      deleteBeforeReplace: false,
    });
  });
});

describe("create", () => {
  test("sends every field at create, takes the id from the Action, waits for it, then enables the plan and protection", async () => {
    const scope = api()
      .post("/storage_boxes", {
        name: "backup",
        location: "fsn1",
        storage_box_type: "bx11",
        password: PASSWORD,
        labels: { env: "prod", ...owned },
        ssh_keys: ["ssh-ed25519 AAAA me@laptop"],
        access_settings: { reachable_externally: false, samba_enabled: false, ssh_enabled: true, webdav_enabled: false, zfs_enabled: false },
      })
      .reply(201, { storage_box: wireBox({ status: "initializing", username: null, server: null, system: null }), action: action(13, "create") });
    waitFor(scope, 13, "create")
      .get("/storage_boxes/42")
      .reply(200, { storage_box: wireBox({ labels: { env: "prod", ...owned }, access_settings: SSH_ON }) });
    postBoxAction(scope, "/storage_boxes/42/actions/change_protection", { delete: true }, 14, "change_protection");
    postBoxAction(scope, "/storage_boxes/42/actions/enable_snapshot_plan", { max_snapshots: 10, minute: 0, hour: 3, day_of_week: null, day_of_month: null }, 15, "enable_snapshot_plan")
      .get("/storage_boxes/42")
      .reply(200, {
        storage_box: wireBox({
          labels: { env: "prod", ...owned },
          access_settings: SSH_ON,
          protection: { delete: true },
          snapshot_plan: { max_snapshots: 10, minute: 0, hour: 3, day_of_week: null, day_of_month: null },
        }),
      });
    const result = await create(inputs({ labels: { env: "prod" }, sshKeys: ["ssh-ed25519 AAAA me@laptop"], snapshotPlan: PLAN, deleteProtection: true }));
    scope.done();
    expect(result).toEqual({
      id: "42",
      outs: outputs({ labels: { env: "prod" }, sshKeys: ["ssh-ed25519 AAAA me@laptop"], snapshotPlan: PLAN, deleteProtection: true }),
    });
  });

  test("answered with the Action alone (the API's own sample), the id still comes from the Action", async () => {
    offContract({ replies: "the API's documented sample answers a create with the Action alone; the spec lists storage_box too" });
    const scope = api().post("/storage_boxes").reply(201, { action: action(13, "create") });
    waitFor(scope, 13, "create")
      .get("/storage_boxes/42")
      .reply(200, { storage_box: wireBox({ access_settings: SSH_ON }) })
      .get("/storage_boxes/42")
      .reply(200, { storage_box: wireBox({ access_settings: SSH_ON }) });
    const { id, outs } = await create(inputs());
    scope.done();
    expect(id).toBe("42");
    expect(outs.username).toBe("u42");
  });

  test("a failed create Action records the box (id + __provider) as unfinished, password not known to be set", async () => {
    const scope = api().post("/storage_boxes").reply(201, { storage_box: wireBox({ status: "initializing" }), action: action(13, "create") });
    waitFor(scope, 13, "create", "error", { code: "action_failed", message: "provisioning failed" })
      .get("/storage_boxes/42")
      .reply(404, hetznerError("not_found", "storage box not found"));
    const failure = await create(inputs()).then(() => undefined, (e) => e);
    scope.done();
    expect(failure.message).toBe("storage box 42 (backup) was created, but action create (#13) on storage box 42 (backup) failed: action_failed: provisioning failed; the next pulumi up completes it");
    expect(failure.id).toBe("42");
    expect(failure.properties).toMatchObject({ __provider: "serialized-shim", __createFailed: true, storageBoxId: 42, password: null, name: "backup", location: "fsn1" });
    expect(JSON.stringify(failure.properties)).not.toContain(PASSWORD);
    // The next up: the box is gone, so diff replaces it (one box, never two).
    api().get("/storage_boxes/42").reply(404, hetznerError("not_found", "storage box not found"));
    expect((await diff("42", failure.properties, inputs({ __autonamed: true }))).replaces).toEqual(["storageBoxId"]);
  });

  test("after a lost answer, its own new box (by name) is taken over instead of creating a second one", async () => {
    const scope = api().post("/storage_boxes").replyWithError("socket hang up");
    scope
      .get("/storage_boxes")
      .query({ name: "backup", page: "1", per_page: "50" })
      .reply(200, { storage_boxes: [wireBox({ labels: owned, created: new Date().toISOString(), status: "initializing", access_settings: SSH_ON })], meta: meta(1) })
      .get("/storage_boxes/42/actions")
      .query({ status: "running", page: "1", per_page: "50" })
      .reply(200, { actions: [action(13, "create")], meta: meta(1) });
    waitFor(scope, 13, "create")
      .get("/storage_boxes/42")
      .reply(200, { storage_box: wireBox({ labels: owned, access_settings: SSH_ON }) })
      .get("/storage_boxes/42")
      .reply(200, { storage_box: wireBox({ labels: owned, access_settings: SSH_ON }) });
    const { id } = await create(inputs());
    scope.done();
    expect(id).toBe("42");
  });

  test("after uniqueness_error, a box without this resource's owner label is refused, naming it", async () => {
    const scope = api().post("/storage_boxes").reply(409, hetznerError("uniqueness_error", "name is already used"));
    scope
      .get("/storage_boxes")
      .query({ name: "backup", page: "1", per_page: "50" })
      .reply(200, { storage_boxes: [wireBox({ labels: { "pulumi-dns-cloud/owner": "someone-else" } })], meta: meta(1) });
    const error = await create(inputs()).then(() => undefined, (e) => e);
    scope.done();
    expect(error.message).toBe(
      'storage box "backup" already exists (id 42, created 2026-11-25T10:00:00+00:00) and is not the one this create made: ' +
        "it does not carry this resource's owner label pulumi-dns-cloud/owner; it differs from what was asked in labels. Set another name, or delete or rename storage box 42 if it is not needed, then run `pulumi up` again",
    );
  });
});

describe("read", () => {
  test("reports drift as outputs and inputs; password and SSH keys (never returned by the API) are kept", async () => {
    api().get("/storage_boxes/42").reply(200, { storage_box: wireBox({ name: "renamed", access_settings: { ...SSH_ON, samba_enabled: true }, storage_box_type: BX21 }) });
    const result = await read("42", outputs({ sshKeys: ["ssh-ed25519 AAAA k"] }));
    expect(result.props).toEqual(outputs({ name: "renamed", storageBoxType: "bx21", accessSettings: { ...ACCESS, sambaEnabled: true }, sshKeys: ["ssh-ed25519 AAAA k"], storageBoxTypeDetails: expect.objectContaining({ name: "bx21" }) }));
    expect(result.inputs).toEqual({
      name: "renamed",
      storageBoxType: "bx21",
      location: "fsn1",
      password: PASSWORD,
      labels: {},
      sshKeys: ["ssh-ed25519 AAAA k"],
      accessSettings: { ...ACCESS, sambaEnabled: true },
      snapshotPlan: null,
      deleteProtection: false,
    });
  });

  test("a box deleted out of band reads as gone", async () => {
    api().get("/storage_boxes/42").reply(404, hetznerError("not_found", "storage box not found"));
    expect(await read("42", outputs())).toEqual({ id: "", props: {} });
  });
});

describe("update", () => {
  const live = (overrides: Record<string, unknown> = {}) => wireBox({ labels: owned, access_settings: SSH_ON, ...overrides });

  test("a new password runs reset_password alone", async () => {
    const scope = api().get("/storage_boxes/42").reply(200, { storage_box: live() });
    postBoxAction(scope, "/storage_boxes/42/actions/reset_password", { password: NEW_PASSWORD }, 20, "reset_password")
      .get("/storage_boxes/42")
      .reply(200, { storage_box: live() });
    const { outs } = await update("42", outputs(), inputs({ password: NEW_PASSWORD }));
    scope.done();
    expect(outs.password).toBe(NEW_PASSWORD);
  });

  test("type, access settings (only what differs), plan off, name and labels: each request once, in turn", async () => {
    const scope = api()
      .get("/storage_boxes/42")
      .reply(200, { storage_box: live({ snapshot_plan: { max_snapshots: 5, minute: 0, hour: 1, day_of_week: null, day_of_month: null } }) })
      .put("/storage_boxes/42", { name: "renamed", labels: { env: "prod", ...owned } })
      .reply(200, { storage_box: live({ name: "renamed", labels: { env: "prod", ...owned }, snapshot_plan: { max_snapshots: 5, minute: 0, hour: 1, day_of_week: null, day_of_month: null } }) });
    postBoxAction(scope, "/storage_boxes/42/actions/change_type", { storage_box_type: "bx21" }, 21, "change_type");
    postBoxAction(scope, "/storage_boxes/42/actions/update_access_settings", { samba_enabled: true, reachable_externally: true }, 22, "update_access_settings");
    postBoxAction(scope, "/storage_boxes/42/actions/disable_snapshot_plan", NO_BODY, 23, "disable_snapshot_plan")
      .get("/storage_boxes/42")
      .reply(200, { storage_box: live({ name: "renamed", labels: { env: "prod", ...owned }, storage_box_type: BX21, access_settings: { ...SSH_ON, samba_enabled: true, reachable_externally: true } }) });
    const news = inputs({ name: "renamed", labels: { env: "prod" }, storageBoxType: "bx21", accessSettings: { ...ACCESS, sambaEnabled: true, reachableExternally: true } });
    const { outs } = await update("42", outputs({ snapshotPlan: { ...PLAN, maxSnapshots: 5, hour: 1 } }), news);
    scope.done();
    expect(outs).toEqual(
      outputs({
        name: "renamed",
        labels: { env: "prod" },
        storageBoxType: "bx21",
        accessSettings: { ...ACCESS, sambaEnabled: true, reachableExternally: true },
        storageBoxTypeDetails: expect.objectContaining({ name: "bx21" }),
      }),
    );
  });

  test("a downgrade the API refuses is a clear error naming the box, both types and the fix; the rest still converges", async () => {
    offContract({ replies: "the spec documents 4xx error bodies without field details; the refusal here is the emulator's" });
    const scope = api()
      .get("/storage_boxes/42")
      .reply(200, { storage_box: live({ storage_box_type: BX21, stats: { size: 2 * 2 ** 40, size_data: 2 * 2 ** 40, size_snapshots: 0 } }) })
      .post("/storage_boxes/42/actions/change_type", { storage_box_type: "bx11" })
      .reply(422, hetznerError("invalid_input", "the storage box uses more space than the new type offers"));
    postBoxAction(scope, "/storage_boxes/42/actions/reset_password", { password: NEW_PASSWORD }, 24, "reset_password")
      .get("/storage_boxes/42")
      .reply(200, { storage_box: live({ storage_box_type: BX21 }) });
    const failure = await update("42", outputs({ storageBoxType: "bx21" }), inputs({ password: NEW_PASSWORD })).then(() => undefined, (e) => e);
    scope.done();
    expect(failure.message).toBe(
      'updating storage box 42 (backup) failed: storage box 42 (backup): the API refused to change storageBoxType from "bx21" to "bx11" ' +
        "(HTTP 422 invalid_input: the storage box uses more space than the new type offers). " +
        'A smaller type must hold the 2048.0 GiB the box uses: delete data (and snapshots) first, or keep storageBoxType "bx21"',
    );
    expect(failure.properties).toMatchObject({ storageBoxType: "bx21", password: NEW_PASSWORD, __provider: "serialized-shim" });
  });

  test("a failed reset_password keeps the previous password in the outputs, so the next up sets it again", async () => {
    const scope = api().get("/storage_boxes/42").reply(200, { storage_box: live() });
    postBoxAction(scope, "/storage_boxes/42/actions/reset_password", { password: NEW_PASSWORD }, 25, "reset_password", "error", { code: "action_failed", message: "reset failed" })
      .get("/storage_boxes/42")
      .reply(200, { storage_box: live() });
    const failure = await update("42", outputs(), inputs({ password: NEW_PASSWORD })).then(() => undefined, (e) => e);
    scope.done();
    expect(failure.message).toBe("updating storage box 42 (backup) failed: action reset_password (#25) on storage box 42 (backup) failed: action_failed: reset failed; run the pulumi command again once its cause is fixed");
    expect(failure.properties.password).toBe(PASSWORD);
    expect((await diff("42", failure.properties, inputs({ password: NEW_PASSWORD }))).changes).toBe(true);
  });

  test("changed sshKeys send nothing, are recorded, and warn under the resource", async () => {
    const lines = jest.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      api().get("/storage_boxes/42").reply(200, { storage_box: live() });
      const { outs } = await update("42", outputs(), inputs({ sshKeys: ["ssh-ed25519 AAAA new"] }));
      expect(outs.sshKeys).toEqual(["ssh-ed25519 AAAA new"]);
      expect(lines.mock.calls).toEqual([
        [
          "storage box 42 (backup): sshKeys changed, but Hetzner takes SSH keys only when a storage box is created: the new keys are recorded, not installed. " +
            "Add them to the box's .ssh/authorized_keys yourself, or replace the box (pulumi up --replace) to create it with them",
        ],
      ]);
    } finally {
      lines.mockRestore();
    }
  });

  test("after a failed create Action whose box exists, the password is set again and the mark is cleared", async () => {
    const scope = api().get("/storage_boxes/42").reply(200, { storage_box: live() });
    postBoxAction(scope, "/storage_boxes/42/actions/reset_password", { password: PASSWORD }, 26, "reset_password")
      .get("/storage_boxes/42")
      .reply(200, { storage_box: live() });
    const { outs } = await update("42", outputs({ password: null, __createFailed: true }), inputs());
    scope.done();
    expect(outs).toEqual(outputs());
  });
});

describe("delete", () => {
  test("deleteProtection in state refuses before any request", async () => {
    await expect(remove("42", outputs({ deleteProtection: true }))).rejects.toThrow(
      "storage box 42 (backup) has delete protection: disable deleteProtection first (set deleteProtection: false and run `pulumi up`), then delete it",
    );
  });

  test("protected out of band: refused after the read, nothing deleted", async () => {
    api().get("/storage_boxes/42").reply(200, { storage_box: wireBox({ protection: { delete: true } }) });
    await expect(remove("42", outputs())).rejects.toThrow(/^storage box 42 \(backup\) has delete protection/);
  });

  test("deletes and waits for the delete Action", async () => {
    const scope = api().get("/storage_boxes/42").reply(200, { storage_box: wireBox() }).delete("/storage_boxes/42", NO_BODY).reply(201, { action: action(30, "delete") });
    waitFor(scope, 30, "delete");
    await remove("42", outputs());
    scope.done();
  });

  test("a box already gone (or never made) is fine", async () => {
    api().get("/storage_boxes/42").reply(404, hetznerError("not_found", "storage box not found"));
    await remove("42", outputs({ __createFailed: true }));
  });
});

test("the type name stands for the type: a type given by id does not churn", async () => {
  api().get("/storage_boxes/42").reply(200, { storage_box: wireBox({ storage_box_type: wireType({ id: 1 }) }) });
  expect((await read("42", outputs({ storageBoxType: "1" }))).props.storageBoxType).toBe("1");
});
