/**
 * Adoption of storage boxes, subaccounts and snapshots through the real engine and the emulator: objects
 * made by another client are taken over (boxes by name and by id, a subaccount by name within its box, a
 * snapshot by id) without a create and without a password reset; what the program declares differently is
 * brought to the declared state by the update path, which says what it changed; the next preview is empty.
 */
import { hetzner } from "../../sdk";
import { hetznerConfig, makeStorageBox, outOfBand } from "../support/storage-boxes";
import { inlineStack, removeStack, timed, useEmulator } from "./harness";

jest.setTimeout(300_000);

const e2e = useEmulator({ token: "e2e-hetzner-token-adopt-5b3c" });
const BOX_PASSWORD = "Adopted-Box-Pass-1";
const SUB_PASSWORD = "Adopted-Sub-Pass-1";

test("adopt boxes (by name, by id), a subaccount and a snapshot: no create, declared changes applied and reported, empty preview", async () => {
  const named = await makeStorageBox(e2e.api, "adopt-by-name", BOX_PASSWORD);
  const byId = await makeStorageBox(e2e.api, "adopt-by-id", BOX_PASSWORD);
  await outOfBand(e2e.api, named, "POST", `/storage_boxes/${named}/subaccounts`, { name: "restore", home_directory: "restore", password: SUB_PASSWORD, description: "old" });
  await outOfBand(e2e.api, byId, "POST", `/storage_boxes/${byId}/snapshots`, { description: "nightly" });
  const [sub] = (await e2e.api.json("GET", `/hetzner/v1/storage_boxes/${named}/subaccounts`)).body.subaccounts;
  const [snapshot] = (await e2e.api.json("GET", `/hetzner/v1/storage_boxes/${byId}/snapshots`)).body.snapshots;

  const program = async () => {
    // Declared unlike the live box: labels, SSH on, a snapshot plan.
    const box = new hetzner.StorageBox("named", {
      adopt: { name: "adopt-by-name" },
      storageBoxType: "bx11",
      location: "fsn1",
      password: BOX_PASSWORD,
      labels: { env: "prod" },
      accessSettings: { sshEnabled: true },
      snapshotPlan: { maxSnapshots: 7, minute: 0, hour: 3 },
    });
    // Declared as it is.
    new hetzner.StorageBox("by-id", { adopt: { id: byId }, name: "adopt-by-id", storageBoxType: "bx11", location: "fsn1", password: BOX_PASSWORD });
    new hetzner.StorageBoxSubaccount("restore", {
      adopt: { name: "restore" },
      storageBoxId: box.storageBoxId,
      homeDirectory: "restore",
      password: SUB_PASSWORD,
      accessSettings: { readonly: true },
      description: "read-only restores",
    });
    new hetzner.StorageBoxSnapshot("nightly", { adopt: { id: String(snapshot.id) }, storageBoxId: byId, description: "nightly" });
  };
  const stack = await inlineStack({ projectName: "storage-box-adoption", program, config: hetznerConfig(e2e) });
  try {
    await e2e.api.clearRequests();
    const up = await timed("adopt up", () => stack.up());
    expect(up.summary.resourceChanges).toEqual({ create: 5 });
    expect(up.stdout).toContain(`adopted ${named}; changed accessSettings, labels, snapshotPlan`);
    expect(up.stdout).toContain(`adopted ${byId}, already as declared`);
    expect(up.stdout).toContain(`adopted ${sub.id}; changed accessSettings, description`);
    expect(up.stdout).toContain(`adopted ${snapshot.id}, already as declared`);
    // Nothing created and no password reset: each object's owner label (with the declared labels or
    // description in the same PUT) and the Actions of the declared settings.
    const writes = (await e2e.api.requestLines()).filter((line: string) => !line.startsWith("GET"));
    expect(writes.sort()).toEqual(
      [
        `PUT /hetzner/v1/storage_boxes/${named}`,
        `POST /hetzner/v1/storage_boxes/${named}/actions/update_access_settings`,
        `POST /hetzner/v1/storage_boxes/${named}/actions/enable_snapshot_plan`,
        `PUT /hetzner/v1/storage_boxes/${byId}`,
        `PUT /hetzner/v1/storage_boxes/${named}/subaccounts/${sub.id}`,
        `POST /hetzner/v1/storage_boxes/${named}/subaccounts/${sub.id}/actions/update_access_settings`,
        `PUT /hetzner/v1/storage_boxes/${byId}/snapshots/${snapshot.id}`,
      ].sort(),
    );
    const box = (await e2e.api.json("GET", `/hetzner/v1/storage_boxes/${named}`)).body.storage_box;
    expect(box).toMatchObject({ labels: { env: "prod" }, access_settings: { ssh_enabled: true }, snapshot_plan: { max_snapshots: 7, minute: 0, hour: 3 } });
    const subaccount = (await e2e.api.json("GET", `/hetzner/v1/storage_boxes/${named}/subaccounts/${sub.id}`)).body.subaccount;
    expect(subaccount).toMatchObject({ description: "read-only restores", access_settings: { readonly: true } });

    await e2e.api.clearRequests();
    expect((await timed("preview after adoption", () => stack.preview())).changeSummary).toEqual({ same: 5 });
    expect(await e2e.api.requestLines()).toEqual([]);
  } finally {
    await removeStack(stack);
  }
  // Adopted objects are the program's: destroy deleted them.
  expect((await e2e.api.json("GET", "/hetzner/v1/storage_boxes")).body.storage_boxes).toEqual([]);
});
