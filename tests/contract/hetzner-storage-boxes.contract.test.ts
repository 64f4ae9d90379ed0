/**
 * Contract test of the emulator's Hetzner API family (`/hetzner/v1`: storage boxes, subaccounts,
 * snapshots, storage box types): every response is checked against the official OpenAPI document
 * (objects closed), every accepted request too (through the request log), and the documented behaviour
 * is exercised over real HTTP: box status and locks, protection, limits, type changes, the password
 * policy, validation errors, and that no password is ever answered or logged.
 */
import { expectError, hetznerContract, requestLogViolations, useHcloudEmulator } from "./hcloud-setup";

const setup = useHcloudEmulator({ url: (emulator) => emulator.hetznerUrl, contract: hetznerContract });
const { api, control } = setup;

const PASSWORD = "Corr3ct-Horse-Battery!";
const TB = 1024 ** 4;

async function createBox(body: Record<string, unknown> = {}) {
  const response = await api.post("/storage_boxes", { name: "backup", location: "fsn1", storage_box_type: "bx11", password: PASSWORD, ...body });
  expect(response.status).toBe(201);
  return response.body as { storage_box: any; action: any };
}

async function action(path: string, body?: unknown) {
  const response = await api.post(path, body);
  expect(response.status).toBe(201);
  return response.body.action;
}

const box = async (id: number) => (await api.get(`/storage_boxes/${id}`)).body.storage_box;
const slow = async () => expect((await control("PUT", "/config", { actionDurationMs: 60_000 })).status).toBe(200);

afterEach(async () => {
  // Every request the emulator accepted must be one the spec documents (the refused ones are the tests of refusals).
  const { requests } = (await control("GET", "/requests")).body;
  expect(requestLogViolations(requests.filter((r: any) => r.status < 400))).toEqual([]);
});

describe("storage box types", () => {
  it("lists the orderable types with prices and deprecation, filters by name, pages; gets any type by id", async () => {
    const { body } = await api.get("/storage_box_types");
    expect(body.storage_box_types.map((t: any) => t.name)).toEqual(["bx11", "bx21", "bx31", "bx41", "bx10"]);
    const bx11 = body.storage_box_types[0];
    expect(bx11).toMatchObject({ id: 1, description: "BX11", size: TB, subaccounts_limit: 100, snapshot_limit: 10, automatic_snapshot_limit: 10, deprecation: null });
    expect(bx11.prices.map((p: any) => p.location)).toEqual(["fsn1", "nbg1", "hel1"]);
    expect(bx11.prices[0].price_monthly).toEqual({ net: "3.2000", gross: "3.8080" });
    expect(body.storage_box_types[4].deprecation).toEqual({ announced: "2025-01-15T00:00:00+00:00", unavailable_after: "2030-01-01T00:00:00+00:00" });
    expect((await api.get("/storage_box_types?name=bx31")).body.storage_box_types.map((t: any) => t.id)).toEqual([3]);
    expect((await api.get("/storage_box_types?per_page=2&page=3")).body.meta.pagination).toMatchObject({ page: 3, last_page: 3, total_entries: 5 });
    // bx60 is past its unavailable_after: not listed, still readable.
    expect((await api.get("/storage_box_types?name=bx60")).body.storage_box_types).toEqual([]);
    expect((await api.get("/storage_box_types/6")).body.storage_box_type).toMatchObject({ name: "bx60", deprecation: { unavailable_after: "2025-01-01T00:00:00+00:00" } });
    expectError(await api.get("/storage_box_types/99"), 404, "not_found");
  });
});

describe("storage boxes", () => {
  it("creates a box: 201 with the initializing box and a create action; active once the action ends", async () => {
    await slow();
    const { storage_box: created, action: create } = await createBox({ labels: { env: "prod" }, access_settings: { ssh_enabled: true }, ssh_keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJx backup@host"] });
    expect(create).toMatchObject({ command: "create", status: "running", resources: [{ id: created.id, type: "storage_box" }], error: null });
    expect(created).toMatchObject({ name: "backup", status: "initializing", username: "u12345", server: null, system: null, snapshot_plan: null });
    expect(created.access_settings).toEqual({ reachable_externally: false, samba_enabled: false, ssh_enabled: true, webdav_enabled: false, zfs_enabled: false });
    expect((await api.get(`/storage_boxes/actions/${create.id}`)).body.action.status).toBe("running");

    await control("PUT", "/config", { actionDurationMs: 0 });
    const second = (await createBox({ name: "second", location: "hel1", storage_box_type: "2" })).storage_box;
    expect(second).toMatchObject({
      status: "active",
      username: "u12346",
      server: "u12346.your-storagebox.de",
      system: expect.stringMatching(/^HEL1-BX\d+$/),
      storage_box_type: { name: "bx21" },
      location: { name: "hel1", city: "Helsinki" },
      protection: { delete: false },
      labels: {},
      stats: { size: 0, size_data: 0, size_snapshots: 0 },
    });
    expect(JSON.stringify(second)).not.toContain(PASSWORD);
  });

  it("rejects invalid creates with invalid_input naming each field, and duplicate names", async () => {
    const bad = await api.post("/storage_boxes", { name: "", location: "ash", storage_box_type: "bx99", password: "short", labels: { "hetzner.cloud/x": "y" }, ssh_keys: ["not a key"], access_settings: { ssh_enabled: "yes" } });
    expectError(bad, 422, "invalid_input");
    expect(bad.body.error.details.fields.map((f: any) => f.name)).toEqual(["name", "location", "storage_box_type", "password", "labels", "ssh_keys", "access_settings.ssh_enabled"]);
    expect(JSON.stringify(bad.body)).not.toContain("short");
    expectError(await api.post("/storage_boxes", { name: "b", location: "mars", storage_box_type: "bx11", password: PASSWORD }), 422, "invalid_input", "location");
    expectError(await api.post("/storage_boxes", { name: "b", location: "fsn1", storage_box_type: "bx60", password: PASSWORD }), 422, "invalid_input", "storage_box_type");
    expectError(await api.post("/storage_boxes", { name: "b", location: "fsn1", storage_box_type: 1, password: PASSWORD }, { unchecked: true }), 422, "invalid_input", "storage_box_type");
    expectError(await api.post("/storage_boxes", { name: "b", location: "fsn1", storage_box_type: "bx11" }), 422, "invalid_input", "password");
    await createBox({ name: "taken" });
    const duplicate = await api.post("/storage_boxes", { name: "taken", location: "hel1", storage_box_type: "bx11", password: PASSWORD });
    expectError(duplicate, 409, "uniqueness_error");
    expect(duplicate.body.error.details).toEqual({ fields: [{ name: "name" }] });
  });

  it("enforces the password policy: length, character set, character classes", async () => {
    const refused = async (password: string, message: string) => {
      const response = await api.post("/storage_boxes", { name: "p", location: "fsn1", storage_box_type: "bx11", password });
      expectError(response, 422, "invalid_input", "password");
      expect(response.body.error.details.fields[0].messages).toContainEqual(expect.stringContaining(message));
      expect(JSON.stringify(response.body)).not.toContain(password);
    };
    await refused("Sh0rt-Pass!", "between 12 and 128");
    await refused(`Aa1!${"x".repeat(125)}`, "between 12 and 128");
    await refused("NoDigits-Here!", "upper case letter, a lower case letter, a number and a special character");
    await refused("n0-upper-case!!", "upper case letter");
    await refused("Bad Space 1234!", "may only contain");
    await refused("Bad\u00e91234567!A", "may only contain");
    expect((await api.post("/storage_boxes", { name: "p", location: "fsn1", storage_box_type: "bx11", password: "Gr\u00fc\u00dfe-M\u00fcller1\u00a7" })).status).toBe(201);
  });

  it("lists with name and label_selector filters, sorting and pagination; updates name and labels; 404s", async () => {
    const a = (await createBox({ name: "a", labels: { team: "x" } })).storage_box;
    const b = (await createBox({ name: "b", labels: { team: "y" } })).storage_box;
    const c = (await createBox({ name: "c" })).storage_box;
    expect((await api.get("/storage_boxes?name=b")).body.storage_boxes.map((s: any) => s.id)).toEqual([b.id]);
    expect((await api.get(`/storage_boxes?label_selector=${encodeURIComponent("team notin (y)")}`)).body.storage_boxes.map((s: any) => s.name)).toEqual(["a", "c"]);
    expect((await api.get("/storage_boxes?sort=name:desc")).body.storage_boxes.map((s: any) => s.name)).toEqual(["c", "b", "a"]);
    await control("PUT", `/hetzner/storage_boxes/${a.id}/data`, { size_data: 5000 });
    expect((await api.get("/storage_boxes?sort=stats.size:desc&sort=id")).body.storage_boxes.map((s: any) => s.id)).toEqual([a.id, b.id, c.id]);
    const page = await api.get("/storage_boxes?per_page=2&page=2");
    expect(page.body.storage_boxes.map((s: any) => s.id)).toEqual([c.id]);
    expect(page.body.meta.pagination).toMatchObject({ page: 2, previous_page: 1, next_page: null, last_page: 2, total_entries: 3 });
    expect(page.headers.get("link")).toContain('rel="prev"');
    expectError(await api.get("/storage_boxes?sort=status", { unchecked: true }), 422, "invalid_input", "sort");

    const updated = await api.put(`/storage_boxes/${a.id}`, { name: "a2", labels: { team: "z" } });
    expect(updated.body.storage_box).toMatchObject({ name: "a2", labels: { team: "z" }, username: a.username });
    expect((await api.put(`/storage_boxes/${a.id}`, { labels: {} })).body.storage_box).toMatchObject({ name: "a2", labels: {} });
    expectError(await api.put(`/storage_boxes/${a.id}`, { name: "b" }), 409, "uniqueness_error");
    expectError(await api.put(`/storage_boxes/${a.id}`, { labels: { "bad key!": "v" } }), 422, "invalid_input", "labels");
    expectError(await api.get("/storage_boxes/424242"), 404, "not_found");
    expectError(await api.get("/storage_boxes/abc", { unchecked: true }), 404, "not_found");
  });

  it("deletes with a delete action, taking its subaccounts and snapshots along; delete protection refuses", async () => {
    const { storage_box: created } = await createBox();
    await action(`/storage_boxes/${created.id}/subaccounts`, { home_directory: "data", password: PASSWORD });
    await action(`/storage_boxes/${created.id}/snapshots`, {});
    const protect = await action(`/storage_boxes/${created.id}/actions/change_protection`, { delete: true });
    expect(protect).toMatchObject({ command: "change_protection", status: "success", resources: [{ id: created.id, type: "storage_box" }] });
    expect((await box(created.id)).protection).toEqual({ delete: true });
    expectError(await api.delete(`/storage_boxes/${created.id}`), 423, "protected");
    await action(`/storage_boxes/${created.id}/actions/change_protection`, { delete: false });

    const deleted = await api.delete(`/storage_boxes/${created.id}`);
    expect(deleted.status).toBe(201);
    expect(deleted.body.action).toMatchObject({ command: "delete", resources: [{ id: created.id, type: "storage_box" }] });
    expectError(await api.get(`/storage_boxes/${created.id}`), 404, "not_found");
    // The delete action stays readable, so a waiter can poll it after the box is gone.
    expect((await api.get(`/storage_boxes/actions?id=${deleted.body.action.id}`)).body.actions).toEqual([expect.objectContaining({ id: deleted.body.action.id, status: "success" })]);
    expect((await control("GET", "/state")).body.hetzner).toMatchObject({ storageBoxes: [], subaccounts: [], snapshots: [] });
    expectError(await api.request("DELETE", "/storage_boxes/1", { force: true }, { unchecked: true }), 400, "json_error");
  });

  it("is locked while an action on it runs: status locked, changes refused with 423, reads allowed", async () => {
    const { storage_box: created } = await createBox();
    const { storage_box: other } = await createBox({ name: "other" });
    await slow();
    const running = await action(`/storage_boxes/${created.id}/actions/update_access_settings`, { samba_enabled: true });
    expect(running.status).toBe("running");
    expect((await box(created.id)).status).toBe("locked");
    expectError(await api.put(`/storage_boxes/${created.id}`, { name: "x" }), 423, "locked");
    expectError(await api.delete(`/storage_boxes/${created.id}`), 423, "locked");
    expectError(await api.post(`/storage_boxes/${created.id}/actions/change_protection`, { delete: true }), 423, "locked");
    expectError(await api.post(`/storage_boxes/${created.id}/actions/reset_password`, { password: PASSWORD }), 423, "locked");
    expectError(await api.post(`/storage_boxes/${created.id}/subaccounts`, { home_directory: "x", password: PASSWORD }), 423, "locked");
    expectError(await api.post(`/storage_boxes/${created.id}/snapshots`, {}), 423, "locked");
    expect((await api.get(`/storage_boxes/${created.id}/actions?status=running`)).body.actions.map((a: any) => a.id)).toEqual([running.id]);
    // The change itself is visible at once.
    expect((await box(created.id)).access_settings.samba_enabled).toBe(true);
    // Another box is not locked.
    expect((await api.put(`/storage_boxes/${other.id}`, { name: "other2" })).status).toBe(200);
  });

  it("serves the action routes: /storage_boxes/actions (id, status, sort, pagination) and per box; there is no /actions", async () => {
    const { storage_box: a, action: createA } = await createBox({ name: "a" });
    const { storage_box: b } = await createBox({ name: "b" });
    const protect = await action(`/storage_boxes/${a.id}/actions/change_protection`, { delete: false });
    const all = (await api.get("/storage_boxes/actions")).body;
    expect(all.actions).toHaveLength(3);
    expect(all.meta.pagination.total_entries).toBe(3);
    expect((await api.get(`/storage_boxes/actions?id=${createA.id}&id=${protect.id}`)).body.actions.map((x: any) => x.id)).toEqual([createA.id, protect.id]);
    expect((await api.get("/storage_boxes/actions?sort=id:desc&per_page=1")).body.actions.map((x: any) => x.id)).toEqual([protect.id]);
    expect((await api.get(`/storage_boxes/${a.id}/actions`)).body.actions.map((x: any) => x.command)).toEqual(["create", "change_protection"]);
    expect((await api.get(`/storage_boxes/${b.id}/actions`)).body.actions.map((x: any) => x.command)).toEqual(["create"]);
    expect((await api.get(`/storage_boxes/${a.id}/actions/${protect.id}`)).body.action.id).toBe(protect.id);
    expectError(await api.get(`/storage_boxes/${b.id}/actions/${protect.id}`), 404, "not_found");
    expectError(await api.get("/storage_boxes/actions/99999"), 404, "not_found");
    expectError(await api.get("/storage_boxes/actions?status=done", { unchecked: true }), 422, "invalid_input", "status");
    const cloudStyle = await api.get("/actions?id=1", { unchecked: true });
    expect(cloudStyle.status).toBe(404);
  });

  it("an armed action fault makes an action fail and change nothing; a failed create still leaves the box", async () => {
    const { storage_box: created } = await createBox();
    expect((await control("POST", "/action-faults", { command: "change_protection", code: "action_failed", message: "Action failed" })).status).toBe(201);
    const failed = await action(`/storage_boxes/${created.id}/actions/change_protection`, { delete: true });
    expect(failed).toMatchObject({ status: "error", error: { code: "action_failed", message: "Action failed" } });
    expect((await box(created.id)).protection.delete).toBe(false);

    await control("POST", "/action-faults", { command: "create", code: "action_failed", message: "Action failed" });
    const { storage_box: again, action: create } = await createBox({ name: "again" });
    expect(create.status).toBe("error");
    expect((await box(again.id)).status).toBe("active");
    expectError(await api.post("/storage_boxes", { name: "again", location: "fsn1", storage_box_type: "bx11", password: PASSWORD }), 409, "uniqueness_error");
  });
});

describe("storage box actions", () => {
  it("change_type: up and down, refused below the used size, for unavailable and unknown types", async () => {
    const { storage_box: created } = await createBox();
    const up = await action(`/storage_boxes/${created.id}/actions/change_type`, { storage_box_type: "bx31" });
    expect(up).toMatchObject({ command: "change_type", status: "success" });
    expect((await box(created.id)).storage_box_type.name).toBe("bx31");

    await control("PUT", `/hetzner/storage_boxes/${created.id}/data`, { size_data: 2 * TB });
    const tooSmall = await api.post(`/storage_boxes/${created.id}/actions/change_type`, { storage_box_type: "bx11" });
    expectError(tooSmall, 422, "invalid_input", "storage_box_type");
    expect(tooSmall.body.error.message).toContain("less than the 2199023255552 bytes the storage box uses");
    await action(`/storage_boxes/${created.id}/actions/change_type`, { storage_box_type: "bx21" });
    expect((await box(created.id)).storage_box_type.name).toBe("bx21");

    expectError(await api.post(`/storage_boxes/${created.id}/actions/change_type`, { storage_box_type: "bx60" }), 422, "invalid_input", "storage_box_type");
    expectError(await api.post(`/storage_boxes/${created.id}/actions/change_type`, { storage_box_type: "bx99" }), 422, "invalid_input", "storage_box_type");
    expectError(await api.post(`/storage_boxes/${created.id}/actions/change_type`, {}), 422, "invalid_input", "storage_box_type");
    expectError(await api.post("/storage_boxes/424242/actions/change_type", { storage_box_type: "bx11" }), 404, "not_found");
  });

  it("reset_password checks the policy and keeps no password; update_access_settings is partial", async () => {
    const { storage_box: created } = await createBox();
    const reset = await action(`/storage_boxes/${created.id}/actions/reset_password`, { password: "An0ther-Secret!" });
    expect(reset).toMatchObject({ command: "reset_password", resources: [{ id: created.id, type: "storage_box" }] });
    expectError(await api.post(`/storage_boxes/${created.id}/actions/reset_password`, { password: "weak" }), 422, "invalid_input", "password");
    expectError(await api.post(`/storage_boxes/${created.id}/actions/reset_password`, {}), 422, "invalid_input", "password");

    await action(`/storage_boxes/${created.id}/actions/update_access_settings`, { ssh_enabled: true, zfs_enabled: true });
    await action(`/storage_boxes/${created.id}/actions/update_access_settings`, { zfs_enabled: false, reachable_externally: true });
    expect((await box(created.id)).access_settings).toEqual({ reachable_externally: true, samba_enabled: false, ssh_enabled: true, webdav_enabled: false, zfs_enabled: false });
    expectError(await api.post(`/storage_boxes/${created.id}/actions/update_access_settings`, { ssh_enabled: 1 }), 422, "invalid_input", "ssh_enabled");
    expect(JSON.stringify((await control("GET", "/state")).body)).not.toContain("An0ther-Secret!");
    expect(JSON.stringify((await control("GET", "/state")).body)).not.toContain(PASSWORD);
  });

  it("enable_snapshot_plan / disable_snapshot_plan: the plan as the spec defines it, capped by the type's automatic limit", async () => {
    const { storage_box: created } = await createBox();
    await action(`/storage_boxes/${created.id}/actions/enable_snapshot_plan`, { max_snapshots: 10, minute: 30, hour: 3, day_of_week: 5 });
    expect((await box(created.id)).snapshot_plan).toEqual({ max_snapshots: 10, minute: 30, hour: 3, day_of_week: 5, day_of_month: null });
    await action(`/storage_boxes/${created.id}/actions/enable_snapshot_plan`, { max_snapshots: 2, minute: 0, hour: 6, day_of_month: 1 });
    expect((await box(created.id)).snapshot_plan).toEqual({ max_snapshots: 2, minute: 0, hour: 6, day_of_week: null, day_of_month: 1 });

    const bad = await api.post(`/storage_boxes/${created.id}/actions/enable_snapshot_plan`, { max_snapshots: 11, minute: 60, day_of_week: 0 });
    expectError(bad, 422, "invalid_input");
    expect(bad.body.error.details.fields.map((f: any) => f.name)).toEqual(["minute", "hour", "day_of_week", "max_snapshots"]);

    const disable = await action(`/storage_boxes/${created.id}/actions/disable_snapshot_plan`);
    expect(disable.command).toBe("disable_snapshot_plan");
    expect((await box(created.id)).snapshot_plan).toBeNull();
    expectError(await api.post(`/storage_boxes/${created.id}/actions/disable_snapshot_plan`, { now: true }, { unchecked: true }), 400, "json_error");
  });
});

describe("passwords", () => {
  it("the request log redacts every password key, at any depth, accepted or refused; the Cloud family's bodies stay as sent", async () => {
    const { storage_box: created } = await createBox();
    await action(`/storage_boxes/${created.id}/actions/reset_password`, { password: "An0ther-Secret!" });
    await action(`/storage_boxes/${created.id}/subaccounts`, { home_directory: "a", password: "Sub-Passw0rd-1!" });
    expectError(await api.post(`/storage_boxes/${created.id}/actions/reset_password`, { password: "Weak-Secret" }), 422, "invalid_input", "password");
    expectError(await api.put(`/storage_boxes/${created.id}`, { labels: { password: "Deep-Passw0rd!" } }), 422, "invalid_input", "labels");
    const cloud = await fetch(`${setup.emulator.hcloudUrl}/firewalls`, {
      method: "POST",
      headers: { Authorization: "Bearer emulator-token", "Content-Type": "application/json" },
      body: JSON.stringify({ name: "fw", labels: { password: "kept" } }),
    });
    expect(cloud.status).toBe(201);

    const { requests } = (await control("GET", "/requests")).body;
    const log = JSON.stringify(requests);
    for (const secret of [PASSWORD, "An0ther-Secret!", "Sub-Passw0rd-1!", "Weak-Secret", "Deep-Passw0rd!"]) expect(log).not.toContain(secret);
    expect(requests.map((r: any) => r.body)).toEqual([
      { name: "backup", location: "fsn1", storage_box_type: "bx11", password: "[redacted]" },
      { password: "[redacted]" },
      { home_directory: "a", password: "[redacted]" },
      { password: "[redacted]" },
      { labels: { password: "[redacted]" } },
      { name: "fw", labels: { password: "kept" } },
    ]);
  });
});

describe("subaccounts", () => {
  const subaccounts = async (boxId: number, query = "") => (await api.get(`/storage_boxes/${boxId}/subaccounts${query}`)).body.subaccounts as any[];

  async function createSubaccount(boxId: number, body: Record<string, unknown> = {}) {
    const response = await api.post(`/storage_boxes/${boxId}/subaccounts`, { home_directory: "backups/host1", password: PASSWORD, ...body });
    expect(response.status).toBe(201);
    return response.body as { subaccount: { id: number; storage_box: number }; action: any };
  }

  it("creates with username <box>-sub<n>, name defaulting to it, its home directory as a folder; 201 carries only the ids", async () => {
    const { storage_box: created } = await createBox();
    const first = await createSubaccount(created.id, { description: "host one", labels: { host: "1" }, access_settings: { ssh_enabled: true, readonly: true } });
    expect(Object.keys(first.subaccount)).toEqual(["id", "storage_box"]);
    expect(first.action).toMatchObject({ command: "create_subaccount", resources: [{ id: created.id, type: "storage_box" }, { id: first.subaccount.id, type: "storage_box_subaccount" }] });
    const got = (await api.get(`/storage_boxes/${created.id}/subaccounts/${first.subaccount.id}`)).body.subaccount;
    expect(got).toEqual({
      id: first.subaccount.id,
      storage_box: created.id,
      name: "u12345-sub1",
      username: "u12345-sub1",
      server: "u12345-sub1.your-storagebox.de",
      home_directory: "backups/host1",
      access_settings: { reachable_externally: false, samba_enabled: false, ssh_enabled: true, webdav_enabled: false, readonly: true },
      description: "host one",
      labels: { host: "1" },
      created: expect.any(String),
    });
    const second = await createSubaccount(created.id, { name: "db", home_directory: "db" });
    expect((await subaccounts(created.id)).map((s) => [s.name, s.username, s.description])).toEqual([
      ["u12345-sub1", "u12345-sub1", "host one"],
      ["db", "u12345-sub2", ""],
    ]);
    expect((await subaccounts(created.id, "?username=u12345-sub2")).map((s) => s.id)).toEqual([second.subaccount.id]);
    expect((await subaccounts(created.id, "?name=db")).map((s) => s.id)).toEqual([second.subaccount.id]);
    expect((await subaccounts(created.id, "?label_selector=host")).map((s) => s.id)).toEqual([first.subaccount.id]);
    expect((await subaccounts(created.id, "?sort=id:desc")).map((s) => s.id)).toEqual([second.subaccount.id, first.subaccount.id]);
    expect((await api.get(`/storage_boxes/${created.id}/folders`)).body.folders).toEqual(["backups", "db"]);
    expect((await api.get(`/storage_boxes/${created.id}/folders?path=backups`)).body.folders).toEqual(["host1"]);
    expectError(await api.post(`/storage_boxes/${created.id}/subaccounts`, { name: "db", home_directory: "x", password: PASSWORD }), 409, "uniqueness_error");
  });

  it("rejects invalid creates: home directory rules, password policy, name length, description, access settings", async () => {
    const { storage_box: created } = await createBox();
    const bad = await api.post(`/storage_boxes/${created.id}/subaccounts`, { home_directory: "/abs", password: "weak", name: "", description: "x".repeat(1001), access_settings: { readonly: "no" } });
    expectError(bad, 422, "invalid_input");
    expect(bad.body.error.details.fields.map((f: any) => f.name)).toEqual(["home_directory", "password", "name", "description", "access_settings.readonly"]);
    for (const home of ["", "a/../../etc", "bad*chars", "x".repeat(1000)]) {
      expectError(await api.post(`/storage_boxes/${created.id}/subaccounts`, { home_directory: home, password: PASSWORD }), 422, "invalid_input", "home_directory");
    }
    expectError(await api.post(`/storage_boxes/${created.id}/subaccounts`, { password: PASSWORD }), 422, "invalid_input", "home_directory");
    expectError(await api.post("/storage_boxes/424242/subaccounts", { home_directory: "x", password: PASSWORD }), 404, "not_found");
  });

  it("updates name, description and labels; runs its three actions; deletes with delete_subaccount, keeping the home directory", async () => {
    const { storage_box: created } = await createBox();
    const { subaccount } = await createSubaccount(created.id);
    const path = `/storage_boxes/${created.id}/subaccounts/${subaccount.id}`;
    const updated = (await api.put(path, { name: "renamed", description: "new", labels: { a: "b" } })).body.subaccount;
    expect(updated).toMatchObject({ name: "renamed", description: "new", labels: { a: "b" }, username: "u12345-sub1" });
    expectError(await api.put(path, { name: "x".repeat(51) }), 422, "invalid_input", "name");

    expect(await action(`${path}/actions/change_home_directory`, { home_directory: "moved/here" })).toMatchObject({
      command: "change_home_directory",
      resources: [{ id: created.id, type: "storage_box" }, { id: subaccount.id, type: "storage_box_subaccount" }],
    });
    expectError(await api.post(`${path}/actions/change_home_directory`, { home_directory: "/root" }), 422, "invalid_input", "home_directory");
    expect((await action(`${path}/actions/reset_subaccount_password`, { password: "Fresh-Passw0rd!" })).command).toBe("reset_subaccount_password");
    expectError(await api.post(`${path}/actions/reset_subaccount_password`, { password: "fresh-password" }), 422, "invalid_input", "password");
    expect((await action(`${path}/actions/update_access_settings`, { samba_enabled: true, readonly: true })).command).toBe("update_access_settings");
    expectError(await api.post(`${path}/actions/update_access_settings`, { readonly: "yes" }), 422, "invalid_input", "readonly");
    const got = (await api.get(path)).body.subaccount;
    expect(got).toMatchObject({ home_directory: "moved/here", access_settings: { samba_enabled: true, readonly: true, ssh_enabled: false } });
    expect((await api.get(`/storage_boxes/${created.id}/actions`)).body.actions.map((a: any) => a.command)).toEqual([
      "create",
      "create_subaccount",
      "change_home_directory",
      "reset_subaccount_password",
      "update_access_settings",
    ]);

    const deleted = await api.delete(path);
    expect(deleted.status).toBe(201);
    expect(deleted.body.action).toMatchObject({ command: "delete_subaccount", resources: [{ id: created.id, type: "storage_box" }, { id: subaccount.id, type: "storage_box_subaccount" }] });
    expectError(await api.get(path), 404, "not_found");
    expect((await api.get(`/storage_boxes/${created.id}/folders`)).body.folders).toEqual(["backups", "moved"]);
    // A subaccount id is only found under its own box.
    const other = (await createBox({ name: "other" })).storage_box;
    const { subaccount: elsewhere } = await createSubaccount(other.id);
    expectError(await api.get(`/storage_boxes/${created.id}/subaccounts/${elsewhere.id}`), 404, "not_found");
    expect((await api.get(`/storage_boxes/${other.id}/subaccounts/${elsewhere.id}`)).body.subaccount.username).toBe("u12346-sub1");
  });

  it("one action per box at a time: a second create while the first runs is locked (as terraform-provider-hcloud#1297 saw)", async () => {
    const { storage_box: created } = await createBox();
    await slow();
    const { subaccount } = await createSubaccount(created.id);
    expectError(await api.post(`/storage_boxes/${created.id}/subaccounts`, { home_directory: "b", password: PASSWORD }), 423, "locked");
    expectError(await api.delete(`/storage_boxes/${created.id}/subaccounts/${subaccount.id}`), 423, "locked");
    expectError(await api.post(`/storage_boxes/${created.id}/subaccounts/${subaccount.id}/actions/reset_subaccount_password`, { password: PASSWORD }), 423, "locked");
    expectError(await api.put(`/storage_boxes/${created.id}/subaccounts/${subaccount.id}`, { description: "d" }), 423, "locked");
    expect((await api.get(`/storage_boxes/${created.id}/subaccounts/${subaccount.id}`)).status).toBe(200);
    expect((await box(created.id)).status).toBe("locked");
  });

  it("refuses more subaccounts than the type's subaccounts_limit with resource_limit_exceeded", async () => {
    const { storage_box: created } = await createBox();
    const limit = created.storage_box_type.subaccounts_limit;
    for (let n = 1; n <= limit; n++) await createSubaccount(created.id, { home_directory: `h${n}` });
    const refused = await api.post(`/storage_boxes/${created.id}/subaccounts`, { home_directory: "one-more", password: PASSWORD });
    expectError(refused, 403, "resource_limit_exceeded");
    expect(refused.body.error.details).toEqual({ limits: [{ name: "subaccounts_limit" }] });
  });
});

describe("snapshots", () => {
  const snapshots = async (boxId: number, query = "") => (await api.get(`/storage_boxes/${boxId}/snapshots${query}`)).body.snapshots as any[];

  async function createSnapshot(boxId: number, body: Record<string, unknown> = {}) {
    const response = await api.post(`/storage_boxes/${boxId}/snapshots`, body);
    expect(response.status).toBe(201);
    return response.body as { snapshot: { id: number; storage_box: number }; action: any };
  }

  it("creates manual snapshots named by time (unique per box), with stats; lists, filters, sorts, updates and deletes", async () => {
    const { storage_box: created } = await createBox();
    await control("PUT", `/hetzner/storage_boxes/${created.id}/data`, { size_data: 4096, folders: ["photos/2024"] });
    const first = await createSnapshot(created.id, { description: "before upgrade", labels: { kind: "manual" } });
    expect(Object.keys(first.snapshot)).toEqual(["id", "storage_box"]);
    expect(first.action).toMatchObject({ command: "create_snapshot", resources: [{ id: created.id, type: "storage_box" }, { id: first.snapshot.id, type: "storage_box_snapshot" }] });
    const second = await createSnapshot(created.id);
    const path = `/storage_boxes/${created.id}/snapshots/${first.snapshot.id}`;
    const got = (await api.get(path)).body.snapshot;
    expect(got).toEqual({
      id: first.snapshot.id,
      storage_box: created.id,
      name: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d$/),
      description: "before upgrade",
      labels: { kind: "manual" },
      stats: { size: 4096, size_filesystem: 4096 },
      is_automatic: false,
      created: expect.any(String),
    });
    const all = await snapshots(created.id);
    expect(new Set(all.map((s) => s.name)).size).toBe(2);
    expect((await box(created.id)).stats).toEqual({ size: 4096 + 8192, size_data: 4096, size_snapshots: 8192 });
    expect((await snapshots(created.id, `?name=${got.name}`)).map((s) => s.id)).toEqual([first.snapshot.id]);
    expect((await snapshots(created.id, "?label_selector=kind==manual")).map((s) => s.id)).toEqual([first.snapshot.id]);
    expect((await snapshots(created.id, "?sort=id:desc")).map((s) => s.id)).toEqual([second.snapshot.id, first.snapshot.id]);
    expect(await snapshots(created.id, "?is_automatic=true")).toEqual([]);

    expect((await api.put(path, { description: "renamed", labels: {} })).body.snapshot).toMatchObject({ description: "renamed", labels: {}, name: got.name });
    expectError(await api.put(path, { description: "no dots." }), 422, "invalid_input", "description");
    expectError(await api.post(`/storage_boxes/${created.id}/snapshots`, { description: "x".repeat(1001) }), 422, "invalid_input", "description");
    const deleted = await api.delete(path);
    expect(deleted.body.action).toMatchObject({ command: "delete_snapshot", resources: [{ id: created.id, type: "storage_box" }, { id: first.snapshot.id, type: "storage_box_snapshot" }] });
    expectError(await api.get(path), 404, "not_found");
  });

  it("refuses more manual snapshots than the type's snapshot_limit; automatic ones do not count", async () => {
    const { storage_box: created } = await createBox();
    await action(`/storage_boxes/${created.id}/actions/enable_snapshot_plan`, { max_snapshots: 5, minute: 0, hour: 3 });
    expect((await control("POST", `/hetzner/storage_boxes/${created.id}/run_snapshot_plan`)).status).toBe(201);
    for (let n = 0; n < created.storage_box_type.snapshot_limit; n++) await createSnapshot(created.id);
    const refused = await api.post(`/storage_boxes/${created.id}/snapshots`, {});
    expectError(refused, 403, "resource_limit_exceeded");
    expect(refused.body.error.details).toEqual({ limits: [{ name: "snapshot_limit" }] });
  });

  it("the snapshot plan takes automatic snapshots and keeps at most max_snapshots of them; disabling keeps them", async () => {
    const { storage_box: created } = await createBox();
    expect((await control("POST", `/hetzner/storage_boxes/${created.id}/run_snapshot_plan`)).status).toBe(409);
    await action(`/storage_boxes/${created.id}/actions/enable_snapshot_plan`, { max_snapshots: 2, minute: 0, hour: 3 });
    const manual = await createSnapshot(created.id);
    const taken: number[] = [];
    for (let n = 0; n < 3; n++) taken.push((await control("POST", `/hetzner/storage_boxes/${created.id}/run_snapshot_plan`)).body.snapshot.id);
    const automatic = await snapshots(created.id, "?is_automatic=true");
    expect(automatic.map((s) => s.id)).toEqual(taken.slice(1));
    expect(automatic[0].name).toMatch(/^snapshot-daily--\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d$/);
    expect((await snapshots(created.id, "?is_automatic=false")).map((s) => s.id)).toEqual([manual.snapshot.id]);
    await action(`/storage_boxes/${created.id}/actions/enable_snapshot_plan`, { max_snapshots: 2, minute: 0, hour: 3, day_of_week: 7 });
    expect((await control("POST", `/hetzner/storage_boxes/${created.id}/run_snapshot_plan`)).body.snapshot.name).toMatch(/^snapshot-weekly--/);
    await action(`/storage_boxes/${created.id}/actions/disable_snapshot_plan`);
    expect(await snapshots(created.id, "?is_automatic=true")).toHaveLength(2);
  });

  it("rollback_snapshot by id or name restores data and folders and removes newer snapshots; unknown snapshots are refused", async () => {
    const { storage_box: created } = await createBox();
    await control("PUT", `/hetzner/storage_boxes/${created.id}/data`, { size_data: 100, folders: ["old"] });
    const older = await createSnapshot(created.id);
    await control("PUT", `/hetzner/storage_boxes/${created.id}/data`, { size_data: 200, folders: ["new"] });
    const middle = await createSnapshot(created.id);
    const newer = await createSnapshot(created.id);
    const name = (await api.get(`/storage_boxes/${created.id}/snapshots/${middle.snapshot.id}`)).body.snapshot.name;

    const byName = await action(`/storage_boxes/${created.id}/actions/rollback_snapshot`, { snapshot: name });
    expect(byName).toMatchObject({ command: "rollback_snapshot", resources: [{ id: created.id, type: "storage_box" }, { id: middle.snapshot.id, type: "snapshot" }] });
    expect((await snapshots(created.id)).map((s) => s.id)).toEqual([older.snapshot.id, middle.snapshot.id]);
    expect(newer.snapshot.id).toBeGreaterThan(middle.snapshot.id);

    await action(`/storage_boxes/${created.id}/actions/rollback_snapshot`, { snapshot: String(older.snapshot.id) });
    expect((await snapshots(created.id)).map((s) => s.id)).toEqual([older.snapshot.id]);
    expect((await box(created.id)).stats.size_data).toBe(100);
    expect((await api.get(`/storage_boxes/${created.id}/folders`)).body.folders).toEqual(["old"]);

    expectError(await api.post(`/storage_boxes/${created.id}/actions/rollback_snapshot`, { snapshot: "nope" }), 422, "invalid_input", "snapshot");
    expectError(await api.post(`/storage_boxes/${created.id}/actions/rollback_snapshot`, { snapshot: older.snapshot.id }, { unchecked: true }), 422, "invalid_input", "snapshot");
  });
});

describe("folders", () => {
  it("lists subfolders of a path (default the root); unknown folders are not_found, paths leaving the box invalid_input", async () => {
    const { storage_box: created } = await createBox();
    expect((await api.get(`/storage_boxes/${created.id}/folders`)).body).toEqual({ folders: [] });
    await control("PUT", `/hetzner/storage_boxes/${created.id}/data`, { folders: ["photos/2024/summer", "photos/2023", "docs"] });
    expect((await api.get(`/storage_boxes/${created.id}/folders?path=.`)).body.folders).toEqual(["docs", "photos"]);
    expect((await api.get(`/storage_boxes/${created.id}/folders?path=photos/`)).body.folders).toEqual(["2023", "2024"]);
    expect((await api.get(`/storage_boxes/${created.id}/folders?path=./photos/2024`)).body.folders).toEqual(["summer"]);
    expect((await api.get(`/storage_boxes/${created.id}/folders?path=docs`)).body.folders).toEqual([]);
    expectError(await api.get(`/storage_boxes/${created.id}/folders?path=music`), 404, "not_found");
    expectError(await api.get(`/storage_boxes/${created.id}/folders?path=../x`), 422, "invalid_input", "path");
    expectError(await api.get(`/storage_boxes/${created.id}/folders?path=/etc`), 422, "invalid_input", "path");
  });
});

describe("projects", () => {
  it("keeps each project's boxes apart and takes the Cloud project's tokens; the control API picks the project", async () => {
    const { startEmulator } = await import("../../emulator/server");
    const { contractClient } = await import("./openapi");
    const emulator = await startEmulator({ port: 0, actionDurationMs: 0, tokens: ["token-a"], projects: { b: ["token-b"] } });
    try {
      const clientA = contractClient(emulator.hetznerUrl, hetznerContract, { Authorization: "Bearer token-a" });
      const clientB = contractClient(emulator.hetznerUrl, hetznerContract, { Authorization: "Bearer token-b" });
      const body = { name: "same-name", location: "fsn1", storage_box_type: "bx11", password: PASSWORD };
      const a = (await clientA.post("/storage_boxes", body)).body.storage_box;
      const b = (await clientB.post("/storage_boxes", body)).body.storage_box;
      expect([a.id, b.id]).toEqual([200, 200]);
      expect((await clientB.get("/storage_boxes")).body.storage_boxes).toHaveLength(1);
      expectError(await contractClient(emulator.hetznerUrl, hetznerContract, { Authorization: "Bearer nope" }).get("/storage_boxes"), 401, "unauthorized");
      const control = (route: string, init: RequestInit = {}) => fetch(`${emulator.url}/__emulator${route}`, init);
      const put = { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ size_data: 7 }) };
      expect((await control("/hetzner/storage_boxes/200/data?project=b", put)).status).toBe(200);
      expect((await clientB.get("/storage_boxes/200")).body.storage_box.stats.size_data).toBe(7);
      expect((await clientA.get("/storage_boxes/200")).body.storage_box.stats.size_data).toBe(0);
      expect((await control("/hetzner/storage_boxes/200/data?project=c", put)).status).toBe(400);
      expect((await control("/hetzner/storage_boxes/999/data?project=b", put)).status).toBe(404);
      const state = (await (await control("/state")).json()) as Record<string, unknown>;
      expect(Object.keys(state).sort()).toEqual(["cloudflare", "cloudflare@b", "hcloud", "hcloud@b", "hetzner", "hetzner@b", "hetznerdns", "hetznerdns@b", "vpsorg", "vpsorg@b"]);
    } finally {
      await emulator.close();
    }
  });
});
