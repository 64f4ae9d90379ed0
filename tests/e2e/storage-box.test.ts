/**
 * hetzner.StorageBox through the real engine and the emulator's Hetzner API (`/hetzner/v1`): create,
 * no-op preview, each in-place update (password included), a refused downgrade, refresh after
 * out-of-band changes and deletes, replacement, a protected destroy, destroy; a failed create Action
 * whose re-run makes nothing twice; the token taken from hcloud:token; the password never in plaintext.
 */
import { hetzner } from "../../sdk";
import { backendFilesContaining, inlineStack, removeStack, runCli, timed, useEmulator } from "./harness";

jest.setTimeout(600_000);

const e2e = useEmulator({ token: "e2e-hetzner-token-box-5c1e" });
/** Only the endpoint is set for the Hetzner API: the token comes from hcloud:token (the documented fallback). */
const config = () => ({ ...e2e.config, "hetzner:endpoint": { value: e2e.emulator.hetznerUrl } });

const PASSWORD = "Initial-Passw0rd!";
const ROTATED = "Rotated-Passw0rd?";
const TB = 1024 ** 4;

const boxes = async (): Promise<any[]> => (await e2e.api.json("GET", "/hetzner/v1/storage_boxes")).body.storage_boxes;
const box = async (id: number) => (await e2e.api.json("GET", `/hetzner/v1/storage_boxes/${id}`)).body.storage_box;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Writes (method, path) of the requests since the last clear, reads left out. */
const writes = async () => (await e2e.api.requestLines()).filter((line: string) => !line.startsWith("GET "));

/** Out-of-band action through the API, waited out like any client would. */
async function outOfBand(path: string, body?: unknown) {
  const response = await e2e.api.json("POST", `/hetzner/v1${path}`, body);
  expect(response.status).toBe(201);
  await sleep(400);
}

/** The password is nowhere in plain text: not in `pulumi stack export` (secrets stay ciphertext), not in any backend file. */
async function expectNoPlaintext(stack: Awaited<ReturnType<typeof inlineStack>>, ...secrets: string[]) {
  const result = await runCli(["stack", "export", "--stack", stack.name], { cwd: stack.workspace.workDir, env: stack.workspace.envVars });
  expect(result.code).toBe(0);
  const exported = result.stdout;
  const box = JSON.parse(exported).deployment.resources.find((r: { type: string }) => r.type.endsWith("hetzner:StorageBox"));
  expect(Object.keys(box.inputs.password)).toContain("ciphertext");
  expect(Object.keys(box.outputs.password)).toContain("ciphertext");
  for (const secret of secrets) {
    expect(exported).not.toContain(secret);
    expect(backendFilesContaining(stack, secret)).toEqual([]);
  }
}

test("StorageBox: create, no-op preview, in-place updates, refused downgrade, drift, replacement, protected destroy, destroy", async () => {
  const args: hetzner.StorageBoxArgs = {
    storageBoxType: "bx11",
    location: "fsn1",
    password: PASSWORD,
    labels: { team: "backup" },
    sshKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl first@laptop"],
    accessSettings: { sshEnabled: true },
  };
  const program = async () => {
    const storage = new hetzner.StorageBox("backup", args);
    return {
      id: storage.storageBoxId,
      name: storage.name,
      username: storage.username,
      server: storage.server,
      status: storage.status,
      type: storage.storageBoxTypeDetails,
      access: storage.accessSettings,
      plan: storage.snapshotPlan,
      password: storage.password,
    };
  };
  const stack = await inlineStack({ projectName: "box-lifecycle", program, config: config() });
  const output: string[] = [];
  const onOutput = (line: string) => output.push(line);
  try {
    const up = await timed("box up", () => stack.up({ onOutput }));
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    const id = up.outputs.id.value as number;
    expect(up.outputs.name.value).toMatch(/^backup-[0-9a-f]{7}$/);
    expect(up.outputs).toMatchObject({
      status: { value: "active" },
      type: { value: expect.objectContaining({ name: "bx11", size: TB }) },
      access: { value: { reachableExternally: false, sambaEnabled: false, sshEnabled: true, webdavEnabled: false, zfsEnabled: false } },
      plan: { value: null },
      password: { value: PASSWORD, secret: true },
    });
    expect(up.outputs.username.value).toMatch(/^u\d+$/);
    expect(await box(id)).toMatchObject({ name: up.outputs.name.value, labels: { team: "backup" }, location: { name: "fsn1" }, access_settings: { ssh_enabled: true } });
    await expectNoPlaintext(stack, PASSWORD);

    await e2e.api.clearRequests();
    const preview = await timed("box no-op preview", () => stack.preview());
    expect(preview.changeSummary).toEqual({ same: 2 });
    expect(await e2e.api.requestLines()).toEqual([]);

    // A new password: reset_password alone, the same box.
    args.password = ROTATED;
    await e2e.api.clearRequests();
    const rotated = await timed("box up (password)", () => stack.up());
    expect(rotated.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect(rotated.outputs.id.value).toBe(id);
    expect(await writes()).toEqual([`POST /hetzner/v1/storage_boxes/${id}/actions/reset_password`]);
    const resetBody = (await e2e.api.requests()).find((r: { path: string }) => r.path.endsWith("reset_password"))!.body;
    expect(resetBody).toEqual({ password: "[redacted]" });
    await expectNoPlaintext(stack, PASSWORD, ROTATED);

    // Type up, access settings, a snapshot plan, labels and protection: each once, in place.
    Object.assign(args, {
      storageBoxType: "bx21",
      labels: { team: "backup", env: "prod" },
      accessSettings: { sshEnabled: true, sambaEnabled: true },
      snapshotPlan: { maxSnapshots: 5, minute: 30, hour: 3, dayOfWeek: 7 },
      deleteProtection: true,
    });
    await e2e.api.clearRequests();
    const upgraded = await timed("box up (in place)", () => stack.up());
    expect(upgraded.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect((await writes()).sort()).toEqual(
      [
        `PUT /hetzner/v1/storage_boxes/${id}`,
        `POST /hetzner/v1/storage_boxes/${id}/actions/change_type`,
        `POST /hetzner/v1/storage_boxes/${id}/actions/change_protection`,
        `POST /hetzner/v1/storage_boxes/${id}/actions/update_access_settings`,
        `POST /hetzner/v1/storage_boxes/${id}/actions/enable_snapshot_plan`,
      ].sort(),
    );
    expect(upgraded.outputs.plan.value).toEqual({ maxSnapshots: 5, minute: 30, hour: 3, dayOfWeek: 7, dayOfMonth: null });
    expect(await box(id)).toMatchObject({
      storage_box_type: { name: "bx21" },
      labels: { team: "backup", env: "prod" },
      protection: { delete: true },
      access_settings: { ssh_enabled: true, samba_enabled: true },
      snapshot_plan: { max_snapshots: 5, minute: 30, hour: 3, day_of_week: 7, day_of_month: null },
    });

    // A protected box: destroy refuses before any request.
    await e2e.api.clearRequests();
    const refused = await timed("box destroy (protected)", () => stack.destroy().then(() => undefined, (e: Error) => e));
    expect(String(refused)).toContain(`storage box ${id} (${up.outputs.name.value}) has delete protection: disable deleteProtection first`);
    expect(await e2e.api.requestLines()).toEqual([]);

    // 2 TB of data: a downgrade to bx11 (1 TB) is refused with the fix; nothing else changes.
    expect((await e2e.api.json("PUT", `/__emulator/hetzner/storage_boxes/${id}/data`, { size_data: 2 * TB })).status).toBe(200);
    args.storageBoxType = "bx11";
    const downgrade = await timed("box up (refused downgrade)", () => stack.up().then(() => undefined, (e: Error) => e));
    expect(String(downgrade)).toContain(`the API refused to change storageBoxType from "bx21" to "bx11"`);
    expect(String(downgrade)).toContain(`A smaller type must hold the 2048.0 GiB the box uses: delete data (and snapshots) first, or keep storageBoxType "bx21"`);
    expect((await box(id)).storage_box_type.name).toBe("bx21");
    args.storageBoxType = "bx21";

    // New SSH keys cannot be installed: a warning under the resource, no write; the plan goes, protection off.
    args.sshKeys = ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB3kN8V2yYt0x2hOQvJmCwXyHcLSBiPwr3bVgVpJ4wQn second@laptop"];
    args.snapshotPlan = undefined;
    args.deleteProtection = false;
    await e2e.api.clearRequests();
    output.length = 0;
    const rekeyed = await timed("box up (sshKeys, plan off)", () => stack.up({ onOutput }));
    expect(rekeyed.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect(output.join("")).toContain("sshKeys changed, but Hetzner takes SSH keys only when a storage box is created");
    expect((await writes()).sort()).toEqual(
      [`POST /hetzner/v1/storage_boxes/${id}/actions/change_protection`, `POST /hetzner/v1/storage_boxes/${id}/actions/disable_snapshot_plan`].sort(),
    );
    expect((await stack.preview()).changeSummary).toEqual({ same: 2 });

    // Out of band: WebDAV on. Refresh records it, the next up turns it off again.
    await outOfBand(`/storage_boxes/${id}/actions/update_access_settings`, { webdav_enabled: true });
    const refresh = await timed("box refresh", () => stack.refresh());
    expect(refresh.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    const refreshed = (await stack.exportStack()).deployment.resources.find((r: { type: string }) => r.type.endsWith("hetzner:StorageBox"));
    expect(refreshed.outputs.accessSettings.webdavEnabled).toBe(true);
    await expectNoPlaintext(stack, ROTATED);
    const restored = await timed("box up (restore)", () => stack.up());
    expect(restored.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect((await box(id)).access_settings.webdav_enabled).toBe(false);

    // location replaces: the new box exists before the old one is deleted (autonamed).
    args.location = "hel1";
    await e2e.api.clearRequests();
    const replaced = await timed("box up (replace)", () => stack.up());
    expect(replaced.summary.resourceChanges).toEqual({ same: 1, replace: 1 });
    const newId = replaced.outputs.id.value as number;
    expect(newId).not.toBe(id);
    expect(replaced.outputs.name.value).not.toBe(up.outputs.name.value);
    const order = (await writes()).filter((l: string) => l === "POST /hetzner/v1/storage_boxes" || l.startsWith("DELETE"));
    expect(order).toEqual(["POST /hetzner/v1/storage_boxes", `DELETE /hetzner/v1/storage_boxes/${id}`]);
    await sleep(400);
    expect(await boxes()).toEqual([expect.objectContaining({ id: newId, location: expect.objectContaining({ name: "hel1" }) })]);

    // Out-of-band delete: refresh drops it, the next up creates it again.
    expect((await e2e.api.json("DELETE", `/hetzner/v1/storage_boxes/${newId}`)).status).toBe(201);
    await sleep(400);
    const refreshGone = await timed("box refresh (deleted)", () => stack.refresh());
    expect(refreshGone.summary.resourceChanges).toEqual({ same: 1, delete: 1 });
    const recreated = await timed("box up (recreate)", () => stack.up());
    expect(recreated.summary.resourceChanges).toEqual({ same: 1, create: 1 });
    expect(await boxes()).toHaveLength(1);

    await timed("box destroy", () => stack.destroy());
    await sleep(400);
    expect(await boxes()).toEqual([]);
  } finally {
    await removeStack(stack);
  }
});

test("StorageBox: a failed create Action records the box, and the next up converges it without a second box", async () => {
  const stack = await inlineStack({
    projectName: "box-fault",
    program: async () => {
      const storage = new hetzner.StorageBox("flaky", { storageBoxType: "bx11", location: "nbg1", password: PASSWORD });
      return { id: storage.storageBoxId, status: storage.status };
    },
    config: config(),
  });
  try {
    expect((await e2e.api.json("POST", "/__emulator/action-faults", { command: "create", code: "action_failed", message: "injected provisioning failure" })).status).toBeLessThan(300);
    const error = await timed("box up (failing create)", () => stack.up().then(() => undefined, (e: Error) => e));
    expect(String(error)).toMatch(/storage box (\d+) \(flaky-[0-9a-f]{7}\) was created, but action create \(#\d+\) on storage box \1 \(flaky-[0-9a-f]{7}\) failed: action_failed: injected provisioning failure/);
    const [recorded] = (await stack.exportStack()).deployment.resources.filter((r: { type: string }) => r.type.endsWith("hetzner:StorageBox"));
    expect(recorded.outputs.__provider).toBeDefined();
    expect(recorded.outputs.__createFailed).toBe(true);
    expect(await boxes()).toHaveLength(1);
    await expectNoPlaintext(stack, PASSWORD);

    await e2e.api.clearRequests();
    const again = await timed("box up (converge)", () => stack.up());
    expect(again.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect(await writes()).toEqual([`POST /hetzner/v1/storage_boxes/${recorded.id}/actions/reset_password`]);
    expect(await boxes()).toEqual([expect.objectContaining({ id: again.outputs.id.value, status: "active" })]);
    expect((await stack.preview()).changeSummary).toEqual({ same: 2 });
  } finally {
    await e2e.api.json("DELETE", "/__emulator/action-faults");
    await removeStack(stack);
  }
  await sleep(400);
  expect(await boxes()).toEqual([]);
});

test("lookups in a program, and rollbackSnapshot and listFolders from the Automation API's side", async () => {
  const stack = await inlineStack({
    projectName: "box-lookups",
    program: async () => {
      const storage = new hetzner.StorageBox("files", { storageBoxType: "bx11", location: "fsn1", password: PASSWORD, labels: { role: "files" } });
      const bx21 = await hetzner.getStorageBoxType("bx21");
      const types = await hetzner.getStorageBoxTypes();
      const found = storage.name.apply((name) => hetzner.getStorageBox(name));
      const byLabel = storage.storageBoxId.apply(() => hetzner.getStorageBoxes({ labelSelector: "role=files" }));
      return {
        id: storage.storageBoxId,
        bx21Size: bx21.size,
        typeNames: types.map((t) => t.name),
        foundId: found.id,
        foundUsername: found.username,
        byLabel: byLabel.apply((list) => list.map((b) => b.id)),
      };
    },
    config: config(),
  });
  try {
    const up = await timed("lookups up", () => stack.up());
    const id = up.outputs.id.value as number;
    expect(up.outputs.bx21Size.value).toBe(5 * TB);
    expect(up.outputs.typeNames.value).toEqual(expect.arrayContaining(["bx11", "bx21"]));
    expect(up.outputs.foundId.value).toBe(id);
    expect(up.outputs.foundUsername.value).toMatch(/^u\d+$/);
    expect(up.outputs.byLabel.value).toEqual([id]);

    // Outside any program (the Automation API's side): the account is given as credentials.
    const options = { credentials: { token: e2e.token, endpoint: e2e.emulator.hetznerUrl } };
    expect((await e2e.api.json("PUT", `/__emulator/hetzner/storage_boxes/${id}/data`, { folders: ["photos/2026"] })).status).toBe(200);
    const snapshot = await e2e.api.json("POST", `/hetzner/v1/storage_boxes/${id}/snapshots`, { description: "before music" });
    expect(snapshot.status).toBe(201);
    await sleep(400);
    expect((await e2e.api.json("PUT", `/__emulator/hetzner/storage_boxes/${id}/data`, { folders: ["music"] })).status).toBe(200);
    expect(await hetzner.listFolders(id, undefined, options)).toEqual(["music", "photos"]);
    expect(await hetzner.listFolders(id, "photos", options)).toEqual(["2026"]);

    await timed("rollbackSnapshot", () => hetzner.rollbackSnapshot(id, snapshot.body.snapshot.id, options));
    // Resolved only once the rollback's Action ended: the box is unlocked and back at the snapshot.
    expect((await box(id)).status).toBe("active");
    expect(await hetzner.listFolders(id, undefined, options)).toEqual(["photos"]);
  } finally {
    await removeStack(stack);
  }
});
