/**
 * hetzner.StorageBoxSubaccount through the real engine and the emulator: create, no-op preview, each
 * in-place update (PUT, change_home_directory, update_access_settings, reset_subaccount_password),
 * refresh after an out-of-band change and delete, replacement into another box, a failed create Action,
 * destroy. The boxes are made through the API, as another client would.
 */
import { hetzner } from "../../sdk";
import { boxSettled, hetznerConfig, makeStorageBox, outOfBand } from "../support/storage-boxes";
import { inlineStack, removeStack, timed, useEmulator } from "./harness";

jest.setTimeout(300_000);

const e2e = useEmulator({ token: "e2e-hetzner-token-sub-5c1e" });
const BOX_PASSWORD = "Box-Pass-For-Tests-1";
const PASSWORD = "Sub-Pass-First-2024!";
const ROTATED = "Sub-Pass-Second-2025?";

const subaccountsOf = async (box: number): Promise<any[]> => (await e2e.api.json("GET", `/hetzner/v1/storage_boxes/${box}/subaccounts`)).body.subaccounts;
const subaccount = async (box: number, id: number) => (await e2e.api.json("GET", `/hetzner/v1/storage_boxes/${box}/subaccounts/${id}`)).body.subaccount;
const writes = async () => (await e2e.api.requestLines()).filter((l: string) => !l.startsWith("GET "));

let boxA: number;
let boxB: number;
beforeAll(async () => {
  boxA = await makeStorageBox(e2e.api, "sub-box-a", BOX_PASSWORD);
  boxB = await makeStorageBox(e2e.api, "sub-box-b", BOX_PASSWORD);
});

test("StorageBoxSubaccount: create, no-op preview, each in-place update, drift and refresh, replacement, out-of-band delete, destroy", async () => {
  let args: hetzner.StorageBoxSubaccountArgs = {
    storageBoxId: boxA,
    homeDirectory: "backups/host01",
    password: PASSWORD,
    accessSettings: { sshEnabled: true, readonly: false },
    description: "host01 backups",
    labels: { team: "ops" },
  };
  const program = async () => {
    const sub = new hetzner.StorageBoxSubaccount("host01", args);
    return { id: sub.subaccountId, name: sub.name, username: sub.username, server: sub.server, box: sub.storageBoxId, password: sub.password };
  };
  const stack = await inlineStack({ projectName: "subaccount-lifecycle", program, config: hetznerConfig(e2e) });
  const up = async (label: string, change: Partial<hetzner.StorageBoxSubaccountArgs>) => {
    args = { ...args, ...change };
    await e2e.api.clearRequests();
    return timed(label, () => stack.up());
  };
  try {
    const created = await up("subaccount up", {});
    expect(created.summary.resourceChanges).toEqual({ create: 2 });
    const id = created.outputs.id.value as number;
    expect(created.outputs.name.value).toMatch(/^host01-[0-9a-f]{7}$/);
    expect(created.outputs.username.value).toMatch(/^u\d+-sub1$/);
    expect(created.outputs.server.value).toBe(`${created.outputs.username.value}.your-storagebox.de`);
    expect(created.outputs.password.secret).toBe(true);
    expect(await subaccount(boxA, id)).toMatchObject({
      name: created.outputs.name.value,
      home_directory: "backups/host01",
      access_settings: { ssh_enabled: true, readonly: false, samba_enabled: false, webdav_enabled: false, reachable_externally: false },
      description: "host01 backups",
      labels: { team: "ops", "pulumi-dns-cloud/owner": expect.stringMatching(/^[0-9a-f]{32}$/) },
    });
    expect(await writes()).toEqual([`POST /hetzner/v1/storage_boxes/${boxA}/subaccounts`]);

    await e2e.api.clearRequests();
    const preview = await timed("subaccount no-op preview", () => stack.preview());
    expect(preview.changeSummary).toEqual({ same: 2 });
    expect(await e2e.api.requestLines()).toEqual([]);

    // Each in-place change sends its own request, and only that one.
    const base = `/hetzner/v1/storage_boxes/${boxA}/subaccounts/${id}`;
    for (const [label, change, request] of [
      ["description and labels", { description: "host01 nightly", labels: { team: "ops", env: "prod" } }, `PUT ${base}`],
      ["name", { name: "host01-backups" }, `PUT ${base}`],
      ["home directory", { homeDirectory: "backups/host01-new" }, `POST ${base}/actions/change_home_directory`],
      ["read-only", { accessSettings: { sshEnabled: true, readonly: true } }, `POST ${base}/actions/update_access_settings`],
      ["password", { password: ROTATED }, `POST ${base}/actions/reset_subaccount_password`],
    ] as const) {
      const changed = await up(`subaccount up (${label})`, change);
      expect({ label, changes: changed.summary.resourceChanges }).toEqual({ label, changes: { same: 1, update: 1 } });
      expect({ label, writes: await writes() }).toEqual({ label, writes: [request] });
      expect(changed.outputs.id.value).toBe(id);
    }
    expect(await subaccount(boxA, id)).toMatchObject({
      name: "host01-backups",
      home_directory: "backups/host01-new",
      access_settings: { ssh_enabled: true, readonly: true },
      description: "host01 nightly",
      labels: { team: "ops", env: "prod" },
    });
    expect((await stack.outputs()).password).toEqual({ value: ROTATED, secret: true });

    // Out of band: another home directory and read-write. Refresh records it; the next up restores it.
    await outOfBand(e2e.api, boxA, "POST", `/storage_boxes/${boxA}/subaccounts/${id}/actions/change_home_directory`, { home_directory: "elsewhere" });
    await outOfBand(e2e.api, boxA, "POST", `/storage_boxes/${boxA}/subaccounts/${id}/actions/update_access_settings`, { readonly: false });
    const refresh = await timed("subaccount refresh", () => stack.refresh());
    expect(refresh.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    const recorded = (await stack.exportStack()).deployment.resources.find((r: { type: string }) => r.type.endsWith("hetzner:StorageBoxSubaccount"));
    expect(recorded.outputs.homeDirectory).toBe("elsewhere");
    expect(recorded.outputs.accessSettings.readonly).toBe(false);
    const restored = await up("subaccount up (restore)", {});
    expect(restored.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect(await writes()).toEqual([`POST ${base}/actions/change_home_directory`, `POST ${base}/actions/update_access_settings`]);
    expect(await subaccount(boxA, id)).toMatchObject({ home_directory: "backups/host01-new", access_settings: { readonly: true } });

    // Another box replaces: the new subaccount exists before the old one is deleted.
    const moved = await up("subaccount up (replace)", { storageBoxId: boxB });
    expect(moved.summary.resourceChanges).toEqual({ same: 1, replace: 1 });
    const newId = moved.outputs.id.value as number;
    expect(await writes()).toEqual([`POST /hetzner/v1/storage_boxes/${boxB}/subaccounts`, `DELETE ${base}`]);
    expect(await subaccountsOf(boxA)).toEqual([]);
    expect(await subaccountsOf(boxB)).toEqual([expect.objectContaining({ id: newId, name: "host01-backups", home_directory: "backups/host01-new" })]);

    // Out-of-band delete: refresh drops it, the next up creates it again.
    await outOfBand(e2e.api, boxB, "DELETE", `/storage_boxes/${boxB}/subaccounts/${newId}`);
    const refreshGone = await timed("subaccount refresh (deleted)", () => stack.refresh());
    expect(refreshGone.summary.resourceChanges).toEqual({ same: 1, delete: 1 });
    const recreated = await up("subaccount up (recreate)", {});
    expect(recreated.summary.resourceChanges).toEqual({ same: 1, create: 1 });
    expect(await subaccountsOf(boxB)).toHaveLength(1);

    await timed("subaccount destroy", () => stack.destroy());
    expect(await subaccountsOf(boxA)).toEqual([]);
    expect(await subaccountsOf(boxB)).toEqual([]);
  } finally {
    await removeStack(stack);
  }
});

test("StorageBoxSubaccount: a failed create Action records the subaccount once, and the next up converges without a second one", async () => {
  const stack = await inlineStack({
    projectName: "subaccount-fault",
    program: async () => {
      const sub = new hetzner.StorageBoxSubaccount("flaky", { storageBoxId: boxA, homeDirectory: "flaky", password: PASSWORD, accessSettings: { webdavEnabled: true } });
      return { id: sub.subaccountId };
    },
    config: hetznerConfig(e2e),
  });
  try {
    expect((await e2e.api.json("POST", "/__emulator/action-faults", { command: "create_subaccount", code: "action_failed", message: "injected create failure" })).status).toBeLessThan(300);
    const error = await timed("subaccount up (failing create)", () => stack.up().then(() => undefined, (e: Error) => e));
    expect(String(error)).toMatch(/subaccount \d+ \(flaky-[0-9a-f]{7}\) of storage box \d+ was created, but action create_subaccount \(#\d+\) on subaccount \d+ \(flaky-[0-9a-f]{7}\) of storage box \d+ failed: action_failed: injected create failure/);
    const [recorded] = (await stack.exportStack()).deployment.resources.filter((r: { type: string }) => r.type.endsWith("hetzner:StorageBoxSubaccount"));
    expect(recorded.id).toBe(String((await subaccountsOf(boxA))[0].id));
    expect(recorded.outputs.__provider).toBeDefined();
    await e2e.api.json("DELETE", "/__emulator/action-faults");
    await boxSettled(e2e.api, boxA);

    const again = await timed("subaccount up (converge)", () => stack.up());
    expect(again.summary.resourceChanges?.create ?? 0).toBe(0);
    expect(await subaccountsOf(boxA)).toEqual([expect.objectContaining({ id: again.outputs.id.value, access_settings: expect.objectContaining({ webdav_enabled: true }) })]);
    expect((await stack.preview()).changeSummary).toEqual({ same: 2 });
  } finally {
    await e2e.api.json("DELETE", "/__emulator/action-faults");
    await removeStack(stack);
  }
  expect(await subaccountsOf(boxA)).toEqual([]);
});
