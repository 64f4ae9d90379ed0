/**
 * hcloud.Image through the real engine and the emulator: snapshot and backup images made out of band (the
 * emulator's control route, as a server's create_image or a backup would) are adopted; the next preview
 * sends no request; description, labels, type and protection are managed; drift is refreshed and reverted;
 * destroy forgets an image unless deleteOnDestroy asks to delete it. A create without adopt fails the preview.
 */
import { hcloud } from "../../sdk";
import { inlineStack, removeStack, timed, useEmulator } from "./harness";

jest.setTimeout(300_000);

const e2e = useEmulator({ token: "e2e-hcloud-token-image-7c1e" });

const writesOf = (lines: string[]) => lines.filter((line) => !line.startsWith("GET"));

test("Image: adopt a backup and a snapshot, no-op preview, update, drift and refresh, destroy forgets vs deletes", async () => {
  const backup = (await e2e.api.json("POST", "/__emulator/hcloud/images", { type: "backup", server: 42, description: "nightly" })).body.image;
  const snapshot = (await e2e.api.json("POST", "/__emulator/hcloud/images", { type: "snapshot", labels: { stage: "old" } })).body.image;
  const image = (id: number) => e2e.api.json("GET", `/hcloud/v1/images/${id}`);

  let keptArgs: hcloud.ImageArgs = { adopt: { id: backup.id }, description: "golden", type: "snapshot", labels: { role: "golden" } };
  const program = async () => {
    const kept = new hcloud.Image("kept", keptArgs);
    const scratch = new hcloud.Image("scratch", { adopt: { id: String(snapshot.id) }, deleteOnDestroy: true });
    return { keptType: kept.type, keptBoundTo: kept.boundTo, keptFrom: kept.createdFrom, scratchDescription: scratch.description };
  };
  const stack = await inlineStack({ projectName: "image", program, config: e2e.config });
  try {
    await e2e.api.clearRequests();
    const up = await timed("image adopt up", () => stack.up());
    expect(up.summary.resourceChanges).toEqual({ create: 3 }); // the stack and two images
    expect(up.outputs.keptType.value).toBe("snapshot");
    expect(up.outputs.keptBoundTo.value).toBeNull();
    expect(up.outputs.keptFrom.value).toEqual({ id: 42, name: "web-1" });
    // Unmanaged description: left as it was.
    expect(up.outputs.scratchDescription.value).toBe(snapshot.description);
    expect(up.stdout).toContain(`adopted ${backup.id}; changed boundTo, description, labels, type`);
    expect(up.stdout).toContain(`adopted ${snapshot.id}; changed labels`);
    // Only the PUTs that bring each image to the declared state (with its owner label): nothing created.
    expect(writesOf(await e2e.api.requestLines()).sort()).toEqual([`PUT /hcloud/v1/images/${backup.id}`, `PUT /hcloud/v1/images/${snapshot.id}`].sort());
    expect((await image(backup.id)).body.image).toMatchObject({ type: "snapshot", description: "golden", labels: { role: "golden" } });

    await e2e.api.clearRequests();
    const preview = await timed("image preview", () => stack.preview());
    expect(preview.changeSummary).toEqual({ same: 3 });
    expect(await e2e.api.requestLines()).toEqual([]);

    // In-place update: labels and delete protection (an Action).
    keptArgs = { ...keptArgs, labels: { role: "golden", tier: "base" }, deleteProtection: true };
    await e2e.api.clearRequests();
    const updated = await timed("image update", () => stack.up());
    expect(updated.summary.resourceChanges).toEqual({ same: 2, update: 1 });
    expect(writesOf(await e2e.api.requestLines())).toEqual([`PUT /hcloud/v1/images/${backup.id}`, `POST /hcloud/v1/images/${backup.id}/actions/change_protection`]);
    expect((await image(backup.id)).body.image).toMatchObject({ labels: { role: "golden", tier: "base" }, protection: { delete: true } });

    // Out-of-band change: refresh records it in outputs and inputs, the next up reverts it.
    await e2e.api.json("PUT", `/hcloud/v1/images/${backup.id}`, { description: "tampered" });
    const refresh = await timed("image refresh", () => stack.refresh());
    expect(refresh.summary.resourceChanges).toEqual({ same: 2, update: 1 });
    const refreshed = (await stack.exportStack()).deployment.resources.find((r: { urn: string }) => r.urn.endsWith("::kept"));
    expect(refreshed.outputs.description).toBe("tampered");
    expect(refreshed.inputs.description).toBe("tampered");
    const reverted = await timed("image revert", () => stack.up());
    expect(reverted.summary.resourceChanges).toEqual({ same: 2, update: 1 });
    expect((await image(backup.id)).body.image.description).toBe("golden");

    // Destroy: the protected image without deleteOnDestroy is only forgotten; the other is deleted.
    await e2e.api.clearRequests();
    const destroy = await timed("image destroy", () => stack.destroy());
    expect(destroy.stdout).toContain(`image ${backup.id} kept: deleteOnDestroy is not set, so the resource is only forgotten`);
    expect(writesOf(await e2e.api.requestLines())).toEqual([`DELETE /hcloud/v1/images/${snapshot.id}`]);
    expect((await image(backup.id)).status).toBe(200);
    expect((await image(snapshot.id)).status).toBe(404);
  } finally {
    await removeStack(stack);
  }
});

test("an Image without adopt fails the preview before any request", async () => {
  const program = async () => {
    new hcloud.Image("made", {} as hcloud.ImageArgs);
  };
  const stack = await inlineStack({ projectName: "image-create", program, config: e2e.config });
  try {
    await e2e.api.clearRequests();
    const error = await stack.preview().then(() => undefined, (e: Error) => e);
    expect(String(error)).toContain("images cannot be created through the API: set adopt: { id } of an existing snapshot or backup");
    expect(await e2e.api.requestLines()).toEqual([]);
  } finally {
    await removeStack(stack);
  }
});

test("the seed's lookups in a program, served by the emulator: datacenter, images, ISO, load balancer", async () => {
  const lb = (await e2e.api.json("POST", "/__emulator/hcloud/load_balancers", { name: "web-lb", labels: { role: "web" }, targets: [42] })).body.load_balancer;
  const older = (await e2e.api.json("POST", "/__emulator/hcloud/images", { type: "snapshot", labels: { role: "base" } })).body.image;
  const newer = (await e2e.api.json("POST", "/__emulator/hcloud/images", { type: "snapshot", labels: { role: "base" } })).body.image;
  const program = async () => {
    const datacenter = await hcloud.getDatacenter("fsn1-dc14");
    const arm = await hcloud.getImage({ name: "ubuntu-24.04", architecture: "arm" });
    const base = await hcloud.getImage({ type: "snapshot", labelSelector: "role=base" });
    const isos = await hcloud.getIsos({ architecture: "arm", includeArchitectureWildcard: true });
    const balancer = await hcloud.getLoadBalancer("web-lb");
    return { location: datacenter.location.name, arm: arm.architecture, base: base.id, isos: isos.map((iso) => iso.architecture), lb: balancer.id, targets: balancer.serverTargetIds };
  };
  const stack = await inlineStack({ projectName: "image-lookups", program, config: e2e.config });
  try {
    const up = await timed("lookups up", () => stack.up());
    expect(up.outputs.location.value).toBe("fsn1");
    expect(up.outputs.arm.value).toBe("arm");
    expect(up.outputs.base.value).toBe(newer.id);
    expect(up.outputs.base.value).not.toBe(older.id);
    expect(up.outputs.isos.value).toEqual(["arm", null]);
    expect(up.outputs.lb.value).toBe(lb.id);
    expect(up.outputs.targets.value).toEqual([42]);
  } finally {
    await removeStack(stack);
  }
});
