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
