/**
 * hcloud.Image: adopt-only (through the registry, as the engine reaches it), description/labels/type/
 * protection converged on the live image with exact requests, drift on read, delete only when asked.
 */
import nock from "nock";
import { check, diff, read, remove, update } from "../../../provider/hcloud/image";
import { resource } from "../../../provider/index";
import { OWNER_LABEL } from "../../../provider/core/resource";
import { API, NO_BODY, useHcloudClient, wireActions } from "../helpers";
import { wireImage, wireSystemImage } from "./image-wire";

const auth = useHcloudClient("image-token");
const registered = resource("hcloud:Image");
const { action, waitFor } = wireActions({ id: 3001, type: "image" });
const OWNER = "owner-key-1";

const outputs = {
  imageId: 3001,
  name: null,
  type: "snapshot",
  status: "available",
  osFlavor: "ubuntu",
  osVersion: "24.04",
  architecture: "x86",
  diskSize: 40,
  imageSize: 1.8,
  created: "2026-11-01T10:00:00+00:00",
  createdFrom: { id: 42, name: "web-1" },
  boundTo: null,
  labels: {},
  description: "snapshot 3001",
  deleteProtection: false,
  deleteOnDestroy: false,
  __managed: [],
};

describe("check", () => {
  test("refuses a create without adopt, before any request", async () => {
    const { failures } = await registered.check({}, { labels: {} });
    // As the host reports it: at the resource, the property leading the reason.
    expect(failures).toEqual([{ property: "", reason: "adopt: images cannot be created through the API: set adopt: { id } of an existing snapshot or backup" }]);
    // An update (old inputs exist) needs no adopt: it was taken over already.
    expect((await registered.check({ labels: {} }, { labels: {} })).failures).toEqual([]);
    expect((await registered.check({}, { adopt: { id: 3001 } })).failures).toEqual([]);
  });

  test("records which optional inputs the program manages, defaults and bad values", async () => {
    expect(await check({}, { description: "golden", __owner: OWNER })).toEqual({
      inputs: { labels: {}, deleteProtection: false, deleteOnDestroy: false, __managed: ["description"], description: "golden", __owner: OWNER },
      failures: [],
    });
    const { failures } = await check({}, { type: "system", description: 7, deleteOnDestroy: "yes" });
    expect(failures.map((f) => f.reason)).toEqual([
      'deleteOnDestroy must be true or false, got "yes"',
      "description must be a string",
      'type must be "snapshot" or "backup", got "system"',
    ]);
  });
});

describe("diff", () => {
  test("compares only what the program manages, never replaces, and refuses snapshot → backup", async () => {
    const news = { labels: {}, deleteProtection: false, deleteOnDestroy: false, __managed: [] };
    expect(await diff("3001", outputs, news)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect((await diff("3001", outputs, { ...news, description: "new", __managed: ["description"] })).changes).toBe(true);
    expect((await diff("3001", outputs, { ...news, deleteOnDestroy: true })).changes).toBe(true);
    await expect(diff("3001", outputs, { ...news, type: "backup", __managed: ["type"] })).rejects.toThrow(
      'image 3001: a snapshot cannot become a backup again (the API converts only backup → snapshot): set type: "snapshot" or leave type out',
    );
  });
});

describe("adopt (create through the registry)", () => {
  test("reads the backup, converts it, sets description and labels with the owner label in one PUT, then protects it", async () => {
    const scope = nock(API, auth);
    const backup = wireImage(3001, { type: "backup", bound_to: 42, labels: { old: "x" } });
    scope.get("/images/3001").twice().reply(200, { image: backup });
    const labels = { role: "golden", [OWNER_LABEL]: OWNER };
    const converted = { ...backup, type: "snapshot", bound_to: null, description: "golden", labels };
    scope.put("/images/3001", { description: "golden", labels, type: "snapshot" }).reply(200, { image: converted });
    waitFor(scope.post("/images/3001/actions/change_protection", { delete: true }).reply(201, { action: action(77, "change_protection") }), 77, "change_protection");
    scope.get("/images/3001").reply(200, { image: { ...converted, protection: { delete: true } } });

    const { inputs } = await registered.check({}, { adopt: { id: 3001 }, description: "golden", type: "snapshot", labels: { role: "golden" }, deleteProtection: true, __owner: OWNER });
    const result = await registered.create(inputs!);
    expect(result).toEqual({
      id: "3001",
      outs: { ...outputs, type: "snapshot", description: "golden", labels: { role: "golden" }, deleteProtection: true, __managed: ["description", "type"] },
    });
  });

  test("a system image is refused: programs look those up", async () => {
    nock(API, auth).get("/images/161547269").reply(200, { image: wireSystemImage(161547269, "x86") });
    await expect(registered.create({ adopt: { id: 161547269 }, labels: {}, deleteProtection: false, __managed: [] })).rejects.toThrow(
      "hcloud:Image: adopt id 161547269: image 161547269 is a system image: only snapshots and backups can be managed; look it up with getImage instead",
    );
  });

  test("an image that does not exist is a clear error", async () => {
    nock(API, auth).get("/images/9").reply(404, { error: { code: "not_found", message: "image not found", details: {} } });
    await expect(registered.create({ adopt: { id: 9 }, labels: {}, deleteProtection: false, __managed: [] })).rejects.toThrow("hcloud:Image: adopt: id 9 does not exist");
  });
});

describe("read", () => {
  test("returns outputs and the managed inputs as live (drift), or nothing when the image is gone", async () => {
    nock(API, auth).get("/images/3001").reply(200, { image: wireImage(3001, { description: "changed", labels: { a: "b", [OWNER_LABEL]: OWNER }, protection: { delete: true } }) });
    const props = { ...outputs, description: "golden", __managed: ["description"] };
    expect(await read("3001", props)).toEqual({
      id: "3001",
      props: { ...props, description: "changed", labels: { a: "b" }, deleteProtection: true },
      inputs: { labels: { a: "b" }, deleteProtection: true, deleteOnDestroy: false, __managed: ["description"], description: "changed" },
    });
    nock(API, auth).get("/images/3001").reply(404, { error: { code: "not_found", message: "image not found", details: {} } });
    expect(await read("3001", props)).toEqual({ id: "", props: {} });
  });
});

describe("update", () => {
  test("sends nothing but the GET when the image is as declared", async () => {
    nock(API, auth).get("/images/3001").reply(200, { image: wireImage(3001, { labels: { [OWNER_LABEL]: OWNER } }) });
    const news = { labels: {}, deleteProtection: false, deleteOnDestroy: true, __managed: [], __owner: OWNER };
    expect((await update("3001", outputs, news)).outs).toEqual({ ...outputs, deleteOnDestroy: true });
  });

  test("a failed protection Action records the rest and keeps the old protection", async () => {
    const scope = nock(API, auth);
    scope.get("/images/3001").reply(200, { image: wireImage(3001, { labels: { [OWNER_LABEL]: OWNER } }) });
    waitFor(scope.post("/images/3001/actions/change_protection", { delete: true }).reply(201, { action: action(78, "change_protection") }), 78, "change_protection", "error", {
      code: "action_failed",
      message: "Action failed",
    });
    scope.get("/images/3001").reply(200, { image: wireImage(3001, { labels: { [OWNER_LABEL]: OWNER } }) });
    const error = await update("3001", outputs, { labels: {}, deleteProtection: true, deleteOnDestroy: false, __managed: [], __owner: OWNER }).catch((e) => e);
    expect(error.message).toMatch(/^updating image 3001 \(snapshot 3001\) failed: .*change_protection/);
    expect(error.id).toBe("3001");
    expect(error.properties.deleteProtection).toBe(false);
  });
});

describe("delete", () => {
  test("forgets the image unless deleteOnDestroy, sending no request", async () => {
    await expect(remove("3001", { ...outputs, deleteProtection: true })).resolves.toBeUndefined();
  });

  test("deletes it when asked; refuses while protected", async () => {
    const scope = nock(API, auth);
    scope.get("/images/3001").reply(200, { image: wireImage(3001) });
    scope.delete("/images/3001", NO_BODY).reply(204);
    await remove("3001", { ...outputs, deleteOnDestroy: true });
    await expect(remove("3001", { ...outputs, deleteOnDestroy: true, deleteProtection: true })).rejects.toThrow(
      "image 3001 has delete protection: disable deleteProtection first (set deleteProtection: false and run `pulumi up`), then delete it",
    );
    scope.get("/images/3001").reply(200, { image: wireImage(3001, { protection: { delete: true } }) });
    await expect(remove("3001", { ...outputs, deleteOnDestroy: true })).rejects.toThrow("image 3001 (snapshot 3001) has delete protection");
  });
});
