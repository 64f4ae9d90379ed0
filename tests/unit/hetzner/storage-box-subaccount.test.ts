import nock from "nock";
import { check, create, diff, read, remove, update } from "../../../provider/hetzner/storage-box-subaccount";
import { UNKNOWN } from "../../../provider/core/inputs";
import { OWNER_LABEL } from "../../../provider/core/resource";
import { hetznerError, HETZNER_API, NO_BODY, networkError, useHetznerClient, wireActions } from "../helpers";
import { wireSubaccount } from "./fixtures";

const auth = useHetznerClient("sub-token");
const api = () => nock(HETZNER_API, auth);

const PASSWORD = "Sub-Secret-Pass-42";
const NEW_PASSWORD = "Rotated-Pass-43!";
const OWNER = "0123456789abcdef0123456789abcdef";
const ACCESS = { reachableExternally: false, readonly: true, sambaEnabled: false, sshEnabled: true, webdavEnabled: false };
const WIRE_ACCESS = { reachable_externally: false, readonly: true, samba_enabled: false, ssh_enabled: true, webdav_enabled: false };

const { action, waitFor } = wireActions({ id: 7, type: "storage_box_subaccount" }, { pollPath: "/storage_boxes/actions", listMeta: true });
/** A POST of `path` answered with the running action `id`, then the waiter's poll that finds it `status`. */
const postAction = (scope: nock.Scope, path: string, body: nock.RequestBodyMatcher, id: number, command: string, status = "success", error: unknown = null) =>
  waitFor(scope.post(path, body).reply(201, { action: action(id, command) }), id, command, status, error);

const live = (overrides: Record<string, unknown> = {}) =>
  wireSubaccount({ name: "photos", home_directory: "photos", access_settings: WIRE_ACCESS, description: "family photos", labels: { env: "prod", [OWNER_LABEL]: OWNER }, ...overrides });

/** The checked inputs of a subaccount as the engine hands them to create/update. */
const inputs = (overrides: Record<string, unknown> = {}) => ({
  storageBoxId: 42,
  name: "photos",
  homeDirectory: "photos",
  password: PASSWORD,
  accessSettings: ACCESS,
  description: "family photos",
  labels: { env: "prod" },
  __owner: OWNER,
  __provider: "serialized-shim",
  ...overrides,
});

const OUTPUTS = {
  storageBoxId: 42,
  name: "photos",
  homeDirectory: "photos",
  password: PASSWORD,
  accessSettings: ACCESS,
  description: "family photos",
  labels: { env: "prod" },
  subaccountId: 7,
  username: "u42-sub1",
  server: "u42-sub1.your-storagebox.de",
  created: "2026-11-25T10:00:00+00:00",
};

describe("check", () => {
  test("fills defaults: an autoname of at most 50 characters, every access setting false, an empty description", async () => {
    const { inputs: checked, failures } = await check({}, { storageBoxId: "42", homeDirectory: "backups/host01", password: PASSWORD, __autonamePrefix: "host01", __owner: OWNER });
    expect(failures).toEqual([]);
    expect(checked).toEqual({
      storageBoxId: 42,
      name: expect.stringMatching(/^host01-[0-9a-f]{7}$/),
      homeDirectory: "backups/host01",
      password: PASSWORD,
      accessSettings: { reachableExternally: false, readonly: false, sambaEnabled: false, sshEnabled: false, webdavEnabled: false },
      description: "",
      labels: {},
      __autonamePrefix: "host01",
      __owner: OWNER,
      __autonamed: true,
    });
  });

  test("keeps the autoname, and picks a fresh one when the subaccount moves to another box", async () => {
    const news = { storageBoxId: 42, homeDirectory: "a", password: PASSWORD, __autonamePrefix: "sub", __owner: OWNER };
    const first = await check({}, news);
    expect((await check(first.inputs, { ...news, description: "x" })).inputs.name).toBe(first.inputs.name);
    const moved = await check(first.inputs, { ...news, storageBoxId: 43 });
    expect(moved.inputs.name).toMatch(/^sub-[0-9a-f]{7}$/);
    expect(moved.inputs.name).not.toBe(first.inputs.name);
  });

  test.each([
    ["a negative storageBoxId", { storageBoxId: -1 }, "storageBoxId", "storageBoxId: -1 is not a storage box id"],
    ["an absolute homeDirectory", { homeDirectory: "/abs/path" }, "homeDirectory", 'homeDirectory is relative to the storage box\'s root: write "abs/path" without the leading "/"'],
    ["a homeDirectory with a semicolon", { homeDirectory: "a;b" }, "homeDirectory", 'homeDirectory must be a path of 1 to 999 characters from a-z A-Z 0-9 . / _ - and space, e.g. "backups/host01", got "a;b"'],
    ["no homeDirectory", { homeDirectory: undefined }, "homeDirectory", 'homeDirectory must be a path of 1 to 999 characters from a-z A-Z 0-9 . / _ - and space, e.g. "backups/host01", got null'],
    ["a homeDirectory of 1000 characters", { homeDirectory: "d".repeat(1000) }, "homeDirectory", /^homeDirectory must be a path of 1 to 999 characters/],
    ["no password", { password: undefined }, "password", "password is required: a string that keeps to Hetzner's storage box password policy"],
    ["a short password", { password: "short" }, "password", /^password does not keep to Hetzner's storage box password policy: it must be 12 to 128 characters long \(it has 5\)/],
    ["a name of 51 characters", { name: "n".repeat(51) }, "name", "name must be a string of at most 50 characters"],
    ["a description of 1001 characters", { description: "d".repeat(1001) }, "description", "description must be a string of at most 1000 characters"],
    ["an access setting subaccounts do not have", { accessSettings: { zfsEnabled: true } }, "accessSettings", 'accessSettings: unknown setting "zfsEnabled" (expected reachableExternally, readonly, sambaEnabled, sshEnabled, webdavEnabled)'],
    ["a non-boolean access setting", { accessSettings: { readonly: "yes" } }, "accessSettings.readonly", 'accessSettings.readonly must be true or false, got "yes"'],
    ["accessSettings as a list", { accessSettings: [] }, "accessSettings", /^accessSettings must be \{ reachableExternally\?, readonly\?/],
    ["the owner label", { labels: { [OWNER_LABEL]: "x" } }, "labels", /reserved/],
  ])("refuses %s", async (_label, change, property, reason) => {
    const { failures } = await check({}, { storageBoxId: 42, homeDirectory: "photos", password: PASSWORD, name: "photos", ...change });
    expect(failures.filter((f) => f.property === property).map((f) => f.reason)).toEqual([expect.stringMatching(typeof reason === "string" ? `^${reason.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$` : reason)]);
  });

  test("no failure quotes the password", async () => {
    const weak = "weak pass";
    const { failures } = await check({}, { storageBoxId: 42, homeDirectory: "photos", password: weak, name: "x" });
    expect(failures.length).toBeGreaterThan(0);
    expect(JSON.stringify(failures)).not.toContain(weak);
  });

  test("passes unknown values through during preview", async () => {
    const { inputs: checked, failures } = await check({}, {
      storageBoxId: UNKNOWN,
      homeDirectory: UNKNOWN,
      password: UNKNOWN,
      accessSettings: { readonly: UNKNOWN },
      description: UNKNOWN,
      labels: UNKNOWN,
      __autonamePrefix: "sub",
      __owner: OWNER,
    });
    expect(failures).toEqual([]);
    expect(checked).toMatchObject({ storageBoxId: UNKNOWN, homeDirectory: UNKNOWN, password: UNKNOWN, name: UNKNOWN, description: UNKNOWN, labels: UNKNOWN });
    expect(checked.accessSettings).toEqual({ reachableExternally: false, readonly: UNKNOWN, sambaEnabled: false, sshEnabled: false, webdavEnabled: false });
  });
});

describe("diff", () => {
  const news = inputs();

  test("no change against the recorded outputs", async () => {
    expect(await diff("7", OUTPUTS, news)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  test("another box replaces, the new subaccount first (its name is free in the other box)", async () => {
    expect(await diff("7", OUTPUTS, { ...news, storageBoxId: 43 })).toEqual({ changes: true, replaces: ["storageBoxId"], deleteBeforeReplace: false });
    expect((await diff("7", OUTPUTS, { ...news, storageBoxId: UNKNOWN })).replaces).toEqual(["storageBoxId"]);
  });

  test.each([
    { name: "other" },
    { homeDirectory: "other" },
    { password: NEW_PASSWORD },
    { password: UNKNOWN },
    { accessSettings: { ...ACCESS, readonly: false } },
    { description: "" },
    { labels: {} },
  ])("%j changes in place", async (change) => {
    expect(await diff("7", OUTPUTS, { ...news, ...change })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });
});

describe("create", () => {
  const POST_BODY = {
    home_directory: "photos",
    password: PASSWORD,
    name: "photos",
    description: "family photos",
    labels: { env: "prod", [OWNER_LABEL]: OWNER },
    access_settings: WIRE_ACCESS,
  };

  test("posts everything in one request, records the id, awaits create_subaccount, then reads the subaccount", async () => {
    const scope = api().post("/storage_boxes/42/subaccounts", POST_BODY).reply(201, { subaccount: { id: 7, storage_box: 42 }, action: action(30, "create_subaccount") });
    waitFor(scope, 30, "create_subaccount").get("/storage_boxes/42/subaccounts/7").reply(200, { subaccount: live() });
    expect(await create(inputs())).toEqual({ id: "7", outs: OUTPUTS });
    scope.done();
  });

  test("a failed create Action that left a subaccount records it (id, outputs, __provider)", async () => {
    const scope = api().post("/storage_boxes/42/subaccounts", POST_BODY).reply(201, { subaccount: { id: 7, storage_box: 42 }, action: action(30, "create_subaccount") });
    waitFor(scope, 30, "create_subaccount", "error", { code: "action_failed", message: "home directory busy" }).get("/storage_boxes/42/subaccounts/7").reply(200, { subaccount: live() });
    const error = await create(inputs()).then(() => undefined, (e) => e);
    expect(error.message).toBe(
      "subaccount 7 (photos) of storage box 42 was created, but action create_subaccount (#30) on subaccount 7 (photos) of storage box 42 failed: action_failed: home directory busy; the next pulumi up completes it",
    );
    expect(error.id).toBe("7");
    expect(error.properties).toEqual({ ...OUTPUTS, __provider: "serialized-shim" });
  });

  test("a failed create Action that left nothing records nothing, so the next up creates it once", async () => {
    const scope = api().post("/storage_boxes/42/subaccounts", POST_BODY).reply(201, { subaccount: { id: 7, storage_box: 42 }, action: action(30, "create_subaccount") });
    waitFor(scope, 30, "create_subaccount", "error", { code: "action_failed", message: "quota" })
      .get("/storage_boxes/42/subaccounts/7")
      .reply(404, hetznerError("not_found", "subaccount not found"));
    const error = await create(inputs()).then(() => undefined, (e) => e);
    expect(error.message).toBe("creating subaccount 7 (photos) of storage box 42 failed: action create_subaccount (#30) on subaccount 7 (photos) of storage box 42 failed: action_failed: quota; run the pulumi command again once its cause is fixed");
    expect(error).not.toHaveProperty("id");
    expect(error).not.toHaveProperty("properties");
  });

  test("an answer lost after the create took effect: the subaccount with this resource's owner label is claimed, not created twice", async () => {
    const scope = api()
      .post("/storage_boxes/42/subaccounts", POST_BODY)
      .replyWithError(networkError())
      .get("/storage_boxes/42/subaccounts")
      .query({ label_selector: `${OWNER_LABEL}=${OWNER}` })
      .reply(200, { subaccounts: [live({ created: new Date().toISOString() })] })
      .get("/storage_boxes/42/actions")
      .query({ sort: "id:desc", page: "1", per_page: "50" })
      .reply(200, { actions: [action(30, "create_subaccount")], meta: { pagination: { page: 1, per_page: 50, previous_page: null, next_page: null, last_page: 1, total_entries: 1 } } });
    waitFor(scope, 30, "create_subaccount").get("/storage_boxes/42/subaccounts/7").reply(200, { subaccount: live() });
    expect(await create(inputs())).toEqual({ id: "7", outs: OUTPUTS });
    scope.done();
  });

  test("an answer lost before the create took effect: nothing carries the owner label, so it is sent again", async () => {
    const scope = api()
      .post("/storage_boxes/42/subaccounts", POST_BODY)
      .replyWithError(networkError())
      .get("/storage_boxes/42/subaccounts")
      .query({ label_selector: `${OWNER_LABEL}=${OWNER}` })
      .reply(200, { subaccounts: [] })
      .post("/storage_boxes/42/subaccounts", POST_BODY)
      .reply(201, { subaccount: { id: 8, storage_box: 42 }, action: action(31, "create_subaccount") });
    waitFor(scope, 31, "create_subaccount").get("/storage_boxes/42/subaccounts/8").reply(200, { subaccount: live({ id: 8 }) });
    expect((await create(inputs())).id).toBe("8");
    scope.done();
  });

  test("a lost answer and an owned subaccount made before the request: not claimed, the error names it", async () => {
    api()
      .post("/storage_boxes/42/subaccounts", POST_BODY)
      .replyWithError(networkError())
      .get("/storage_boxes/42/subaccounts")
      .query({ label_selector: `${OWNER_LABEL}=${OWNER}` })
      .reply(200, { subaccounts: [live({ created: "2020-01-01T00:00:00+00:00" })] });
    await expect(create(inputs())).rejects.toThrow(
      /subaccount "photos" already exists \(id 7, created 2020-01-01T00:00:00\+00:00\) and is not the one this create made: it was created \(2020-01-01T00:00:00\+00:00\) before this request was sent/,
    );
  });

  test("a name taken by this resource's own subaccount (a create repeated after a hard interrupt): taken over, and the delete of the replaced one spares it", async () => {
    const scope = api()
      .post("/storage_boxes/42/subaccounts", POST_BODY)
      .reply(409, hetznerError("uniqueness_error", "name is already used"))
      .get("/storage_boxes/42/subaccounts")
      .query({ name: "photos" })
      .reply(200, { subaccounts: [live({ created: "2020-01-01T00:00:00+00:00" })] })
      .get("/storage_boxes/42/actions")
      .query({ sort: "id:desc", page: "1", per_page: "50" })
      .reply(200, { actions: [action(30, "create_subaccount", "success")], meta: { pagination: { page: 1, per_page: 50, previous_page: null, next_page: null, last_page: 1, total_entries: 1 } } })
      .get("/storage_boxes/42/subaccounts/7")
      .reply(200, { subaccount: live({ created: "2020-01-01T00:00:00+00:00" }) });
    expect(await create(inputs())).toEqual({ id: "7", outs: { ...OUTPUTS, created: "2020-01-01T00:00:00+00:00" } });
    scope.done();
    // `pulumi up --replace` with a fixed name: the old subaccount is the new one, so its delete sends nothing.
    await remove("7", OUTPUTS);
  });

  test("a name taken by a subaccount without this resource's owner label is an error naming it and the fix", async () => {
    api()
      .post("/storage_boxes/42/subaccounts", POST_BODY)
      .reply(409, hetznerError("uniqueness_error", "name is already used"))
      .get("/storage_boxes/42/subaccounts")
      .query({ name: "photos" })
      .reply(200, { subaccounts: [live({ labels: { env: "prod" } })] });
    await expect(create(inputs())).rejects.toThrow(
      'subaccount "photos" already exists (id 7, created 2026-11-25T10:00:00+00:00) and is not the one this create made: it does not carry this resource\'s owner label pulumi-dns-cloud/owner; it differs from what was asked in labels. Set another name, or delete or rename subaccount 7 if it is not needed, then run `pulumi up` again',
    );
  });

  test("the box locked by another Action: the create is retried until the lock is gone", async () => {
    const scope = api()
      .post("/storage_boxes/42/subaccounts", POST_BODY)
      .reply(423, hetznerError("locked", "storage box is locked"))
      .post("/storage_boxes/42/subaccounts", POST_BODY)
      .reply(201, { subaccount: { id: 7, storage_box: 42 }, action: action(30, "create_subaccount") });
    waitFor(scope, 30, "create_subaccount").get("/storage_boxes/42/subaccounts/7").reply(200, { subaccount: live() });
    expect((await create(inputs())).id).toBe("7");
    scope.done();
  });
});

describe("read", () => {
  test("the live subaccount, with the password state recorded (the API never returns it)", async () => {
    api().get("/storage_boxes/42/subaccounts/7").reply(200, { subaccount: live({ home_directory: "moved", labels: { [OWNER_LABEL]: OWNER } }) });
    const result = await read("7", OUTPUTS);
    expect(result).toEqual({
      id: "7",
      props: { ...OUTPUTS, homeDirectory: "moved", labels: {} },
      inputs: { storageBoxId: 42, name: "photos", homeDirectory: "moved", password: PASSWORD, accessSettings: ACCESS, description: "family photos", labels: {} },
    });
  });

  test("a deleted subaccount (or box) is gone", async () => {
    api().get("/storage_boxes/42/subaccounts/7").reply(404, hetznerError("not_found", "subaccount not found"));
    expect(await read("7", OUTPUTS)).toEqual({ id: "", props: {} });
  });
});

describe("update", () => {
  test("name, description and labels in one PUT; no Action", async () => {
    const scope = api()
      .get("/storage_boxes/42/subaccounts/7")
      .reply(200, { subaccount: live() })
      .put("/storage_boxes/42/subaccounts/7", { name: "pics", description: "", labels: { [OWNER_LABEL]: OWNER } })
      .reply(200, { subaccount: live({ name: "pics", description: "", labels: { [OWNER_LABEL]: OWNER } }) });
    const { outs } = await update("7", OUTPUTS, inputs({ name: "pics", description: "", labels: {} }));
    scope.done();
    expect(outs).toEqual({ ...OUTPUTS, name: "pics", description: "", labels: {} });
  });

  test("home directory, access settings and password: one Action each, each awaited before the next request", async () => {
    const scope = api().get("/storage_boxes/42/subaccounts/7").reply(200, { subaccount: live() });
    postAction(scope, "/storage_boxes/42/subaccounts/7/actions/change_home_directory", { home_directory: "pictures" }, 40, "change_home_directory");
    postAction(scope, "/storage_boxes/42/subaccounts/7/actions/update_access_settings", { ...WIRE_ACCESS, readonly: false }, 41, "update_access_settings");
    postAction(scope, "/storage_boxes/42/subaccounts/7/actions/reset_subaccount_password", { password: NEW_PASSWORD }, 42, "reset_subaccount_password")
      .get("/storage_boxes/42/subaccounts/7")
      .reply(200, { subaccount: live({ home_directory: "pictures", access_settings: { ...WIRE_ACCESS, readonly: false } }) });
    const { outs } = await update("7", OUTPUTS, inputs({ homeDirectory: "pictures", accessSettings: { ...ACCESS, readonly: false }, password: NEW_PASSWORD }));
    scope.done();
    expect(outs).toEqual({ ...OUTPUTS, homeDirectory: "pictures", accessSettings: { ...ACCESS, readonly: false }, password: NEW_PASSWORD });
  });

  test("a password change alone sends only reset_subaccount_password", async () => {
    const scope = api().get("/storage_boxes/42/subaccounts/7").reply(200, { subaccount: live() });
    postAction(scope, "/storage_boxes/42/subaccounts/7/actions/reset_subaccount_password", { password: NEW_PASSWORD }, 42, "reset_subaccount_password")
      .get("/storage_boxes/42/subaccounts/7")
      .reply(200, { subaccount: live() });
    expect((await update("7", OUTPUTS, inputs({ password: NEW_PASSWORD }))).outs.password).toBe(NEW_PASSWORD);
    scope.done();
  });

  test("a failed password reset records the old password, so the next up resets it again; the message never quotes either", async () => {
    const scope = api().get("/storage_boxes/42/subaccounts/7").reply(200, { subaccount: live() });
    postAction(scope, "/storage_boxes/42/subaccounts/7/actions/reset_subaccount_password", { password: NEW_PASSWORD }, 42, "reset_subaccount_password", "error", { code: "action_failed", message: "password rejected" })
      .get("/storage_boxes/42/subaccounts/7")
      .reply(200, { subaccount: live() });
    const error = await update("7", OUTPUTS, inputs({ password: NEW_PASSWORD })).then(() => undefined, (e) => e);
    expect(error.message).toBe(
      "updating subaccount 7 (photos) of storage box 42 failed: action reset_subaccount_password (#42) on subaccount 7 (photos) of storage box 42 failed: action_failed: password rejected; run the pulumi command again once its cause is fixed",
    );
    expect(error.properties.password).toBe(PASSWORD);
    expect((await diff("7", error.properties, inputs({ password: NEW_PASSWORD }))).changes).toBe(true);
  });

  test("drift made elsewhere is undone: the live subaccount is compared, not the recorded one", async () => {
    const scope = api().get("/storage_boxes/42/subaccounts/7").reply(200, { subaccount: live({ home_directory: "elsewhere" }) });
    postAction(scope, "/storage_boxes/42/subaccounts/7/actions/change_home_directory", { home_directory: "photos" }, 40, "change_home_directory")
      .get("/storage_boxes/42/subaccounts/7")
      .reply(200, { subaccount: live() });
    expect((await update("7", OUTPUTS, inputs())).outs).toEqual(OUTPUTS);
    scope.done();
  });
});

describe("delete", () => {
  test("deletes and awaits delete_subaccount", async () => {
    const scope = api().delete("/storage_boxes/42/subaccounts/7", NO_BODY).reply(201, { action: action(50, "delete_subaccount") });
    waitFor(scope, 50, "delete_subaccount");
    await remove("7", OUTPUTS);
    scope.done();
  });

  test("a subaccount already gone is fine", async () => {
    api().delete("/storage_boxes/42/subaccounts/7", NO_BODY).reply(404, hetznerError("not_found", "subaccount not found"));
    await expect(remove("7", OUTPUTS)).resolves.toBeUndefined();
  });

  test("a failed delete Action is an error naming the subaccount", async () => {
    const scope = api().delete("/storage_boxes/42/subaccounts/7", NO_BODY).reply(201, { action: action(50, "delete_subaccount") });
    waitFor(scope, 50, "delete_subaccount", "error", { code: "action_failed", message: "busy" });
    await expect(remove("7", OUTPUTS)).rejects.toThrow("action delete_subaccount (#50) on subaccount 7 (photos) of storage box 42 failed: action_failed: busy");
  });
});
