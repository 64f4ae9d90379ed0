/**
 * hetzner.StorageBoxSnapshot through the real engine and the emulator: create, no-op preview, in-place
 * description and labels, refresh after an out-of-band change and delete, replacement into another box,
 * a failed create Action, a lost create answer, destroy. The boxes are made through the API.
 */
import { hetzner } from "../../sdk";
import { boxSettled, hetznerConfig, makeStorageBox } from "../support/storage-boxes";
import { inlineStack, removeStack, timed, useEmulator } from "./harness";

jest.setTimeout(300_000);

const e2e = useEmulator({ token: "e2e-hetzner-token-snap-8e2b" });
const BOX_PASSWORD = "Box-Pass-For-Tests-1";

const snapshotsOf = async (box: number): Promise<any[]> => (await e2e.api.json("GET", `/hetzner/v1/storage_boxes/${box}/snapshots`)).body.snapshots;
const writes = async () => (await e2e.api.requestLines()).filter((l: string) => !l.startsWith("GET "));

let boxA: number;
let boxB: number;
beforeAll(async () => {
  boxA = await makeStorageBox(e2e.api, "snap-box-a", BOX_PASSWORD);
  boxB = await makeStorageBox(e2e.api, "snap-box-b", BOX_PASSWORD);
});

test("StorageBoxSnapshot: create, no-op preview, in-place update, drift and refresh, replacement, out-of-band delete, destroy", async () => {
  let args: hetzner.StorageBoxSnapshotArgs = { storageBoxId: boxA, description: "before upgrade", labels: { reason: "upgrade" } };
  const program = async () => {
    const snap = new hetzner.StorageBoxSnapshot("pre-upgrade", args);
    return { id: snap.snapshotId, name: snap.name, automatic: snap.isAutomatic, stats: snap.stats, created: snap.created };
  };
  const stack = await inlineStack({ projectName: "snapshot-lifecycle", program, config: hetznerConfig(e2e) });
  const up = async (label: string, change: Partial<hetzner.StorageBoxSnapshotArgs>) => {
    args = { ...args, ...change };
    await e2e.api.clearRequests();
    return timed(label, () => stack.up());
  };
  try {
    const created = await up("snapshot up", {});
    expect(created.summary.resourceChanges).toEqual({ create: 2 });
    const id = created.outputs.id.value as number;
    const [live] = await snapshotsOf(boxA);
    expect(live).toMatchObject({ id, description: "before upgrade", is_automatic: false, labels: { reason: "upgrade", "pulumi-dns-cloud/owner": expect.stringMatching(/^[0-9a-f]{32}$/) } });
    expect(created.outputs).toMatchObject({
      name: { value: live.name },
      automatic: { value: false },
      stats: { value: { size: live.stats.size, sizeFilesystem: live.stats.size_filesystem } },
      created: { value: live.created },
    });
    expect(await writes()).toEqual([`POST /hetzner/v1/storage_boxes/${boxA}/snapshots`]);

    await e2e.api.clearRequests();
    const preview = await timed("snapshot no-op preview", () => stack.preview());
    expect(preview.changeSummary).toEqual({ same: 2 });
    expect(await e2e.api.requestLines()).toEqual([]);

    // Description and labels in place: one PUT, the same snapshot.
    const changed = await up("snapshot up (in place)", { description: "before upgrade to v2", labels: { reason: "upgrade", keep: "yes" } });
    expect(changed.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect(await writes()).toEqual([`PUT /hetzner/v1/storage_boxes/${boxA}/snapshots/${id}`]);
    expect(changed.outputs.id.value).toBe(id);
    expect((await snapshotsOf(boxA))[0]).toMatchObject({ description: "before upgrade to v2", labels: { reason: "upgrade", keep: "yes" } });

    // Out of band: another description. Refresh records it; the next up restores it.
    expect((await e2e.api.json("PUT", `/hetzner/v1/storage_boxes/${boxA}/snapshots/${id}`, { description: "edited in the console" })).status).toBe(200);
    const refresh = await timed("snapshot refresh", () => stack.refresh());
    expect(refresh.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    const recorded = (await stack.exportStack()).deployment.resources.find((r: { type: string }) => r.type.endsWith("hetzner:StorageBoxSnapshot"));
    expect(recorded.outputs.description).toBe("edited in the console");
    const restored = await up("snapshot up (restore)", {});
    expect(restored.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect((await snapshotsOf(boxA))[0].description).toBe("before upgrade to v2");

    // Another box replaces: the new snapshot is taken before the old one is deleted.
    const moved = await up("snapshot up (replace)", { storageBoxId: boxB });
    expect(moved.summary.resourceChanges).toEqual({ same: 1, replace: 1 });
    const newId = moved.outputs.id.value as number;
    expect(await writes()).toEqual([`POST /hetzner/v1/storage_boxes/${boxB}/snapshots`, `DELETE /hetzner/v1/storage_boxes/${boxA}/snapshots/${id}`]);
    expect(await snapshotsOf(boxA)).toEqual([]);
    expect(await snapshotsOf(boxB)).toEqual([expect.objectContaining({ id: newId, description: "before upgrade to v2" })]);

    // Out-of-band delete: refresh drops it, the next up takes it again.
    expect((await e2e.api.json("DELETE", `/hetzner/v1/storage_boxes/${boxB}/snapshots/${newId}`)).status).toBe(201);
    await boxSettled(e2e.api, boxB);
    const refreshGone = await timed("snapshot refresh (deleted)", () => stack.refresh());
    expect(refreshGone.summary.resourceChanges).toEqual({ same: 1, delete: 1 });
    const recreated = await up("snapshot up (recreate)", {});
    expect(recreated.summary.resourceChanges).toEqual({ same: 1, create: 1 });
    expect(await snapshotsOf(boxB)).toHaveLength(1);

    await timed("snapshot destroy", () => stack.destroy());
    expect(await snapshotsOf(boxA)).toEqual([]);
    expect(await snapshotsOf(boxB)).toEqual([]);
  } finally {
    await removeStack(stack);
  }
});

test("StorageBoxSnapshot: a lost create answer claims the snapshot taken, and a failed create Action records it once", async () => {
  let description = "lost answer";
  const stack = await inlineStack({
    projectName: "snapshot-faults",
    program: async () => ({ id: new hetzner.StorageBoxSnapshot("nightly", { storageBoxId: boxA, description }).snapshotId }),
    config: hetznerConfig(e2e),
  });
  try {
    // The create is carried out, but its answer never arrives.
    const fault = { method: "POST", path: `/storage_boxes/${boxA}/snapshots$`, resetConnection: true, afterProcessing: true, times: 1 };
    expect((await e2e.api.json("POST", "/__emulator/faults", fault)).status).toBeLessThan(300);
    await e2e.api.clearRequests();
    const up = await timed("snapshot up (lost answer)", () => stack.up());
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    // Sent once; what it made was found by the owner label instead of being taken again.
    const lines: string[] = (await e2e.api.requests()).map((r) => `${r.method} ${r.path}${r.query.label_selector ? " ?label_selector" : ""}`);
    expect(lines.filter((l) => l.startsWith("POST") || l.includes("label_selector"))).toEqual([
      `POST /hetzner/v1/storage_boxes/${boxA}/snapshots`,
      `GET /hetzner/v1/storage_boxes/${boxA}/snapshots ?label_selector`,
    ]);
    expect(await snapshotsOf(boxA)).toEqual([expect.objectContaining({ id: up.outputs.id.value, description: "lost answer" })]);
    await timed("snapshot destroy (lost answer)", () => stack.destroy());

    // A create Action that fails after the snapshot exists: recorded, and the next up adds no second one.
    description = "failing action";
    expect((await e2e.api.json("POST", "/__emulator/action-faults", { command: "create_snapshot", code: "action_failed", message: "injected snapshot failure" })).status).toBeLessThan(300);
    const error = await timed("snapshot up (failing create)", () => stack.up().then(() => undefined, (e: Error) => e));
    expect(String(error)).toMatch(/snapshot \d+ of storage box \d+ was created, but action create_snapshot \(#\d+\) on snapshot \d+ of storage box \d+ failed: action_failed: injected snapshot failure/);
    await e2e.api.json("DELETE", "/__emulator/action-faults");
    await boxSettled(e2e.api, boxA);
    const again = await timed("snapshot up (converge)", () => stack.up());
    expect(again.summary.resourceChanges?.create ?? 0).toBe(0);
    expect(await snapshotsOf(boxA)).toEqual([expect.objectContaining({ id: again.outputs.id.value, description: "failing action" })]);
  } finally {
    await e2e.api.json("DELETE", "/__emulator/faults");
    await e2e.api.json("DELETE", "/__emulator/action-faults");
    await removeStack(stack);
  }
  expect(await snapshotsOf(boxA)).toEqual([]);
});
