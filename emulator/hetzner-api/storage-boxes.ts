/**
 * Storage boxes (`/storage_boxes…`, spec tags Storage Boxes and Storage Box Actions): list, create, get,
 * update, delete, folders, the box actions and the action routes (`/storage_boxes/actions…`; this API has
 * no `/actions`). A request changes the box at once and returns a `running` action; an action that an
 * armed fault makes fail changes nothing, except a create: the box stays (as it would after a failed
 * provisioning), so a client that retries must not create it twice.
 */
import type { FastifyInstance } from "fastify";
import { renderAction, resourceActionRoutes } from "../hetzner/actions";
import { FieldErrors, HetznerError, bodyObject, invalidInput, notFound, queryValue, refuseBody, type Query } from "../hetzner/conventions";
import { validateLabels, type Labels } from "../hetzner/labels";
import { filterByNameAndLabels, paginate, sortItems } from "../hetzner/lists";
import { findLocation } from "../hcloud/locations";
import { nextId, type HetznerApiContext } from "./context";
import {
  BOX,
  BOX_ACCESS_KEYS,
  act,
  assertBoxUnlocked,
  findBox,
  nameTaken,
  normaliseFolder,
  parseAccessSettings,
  renderBox,
  validatePassword,
  type BoxAccessSettings,
  type SnapshotPlan,
  type StoredStorageBox,
} from "./model";
import { findSnapshotByIdOrName, rollbackTo } from "./snapshots";
import { STORAGE_BOX_LOCATIONS, findStorageBoxType, isUnavailable, storageBoxTypeByName, type StorageBoxType } from "./types";

/** An OpenSSH public key line: key type, base64 blob, optional comment. */
const SSH_KEY = /^(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/]+={0,3}( .*)?$/;

function validateName(name: unknown, errors: FieldErrors): void {
  if (typeof name !== "string" || name.trim() === "") errors.add("name", "is required and must be a non-empty string");
}

function assertUniqueName(ctx: HetznerApiContext, name: string, self?: StoredStorageBox): void {
  // "Must be unique per Project" (the API's create documentation).
  if (ctx.state().storageBoxes.some((box) => box.name === name && box !== self)) throw nameTaken("storage box");
}

/** `storage_box_type` of a create or `change_type`: "ID or Name", a type that can still be ordered (every type is sold in every storage box location). */
function parseType(raw: unknown, errors: FieldErrors): StorageBoxType | undefined {
  const field = "storage_box_type";
  if (typeof raw !== "string") {
    errors.add(field, "is required and must be a string (the type's ID or name)");
    return undefined;
  }
  const found = findStorageBoxType(raw);
  if (!found) errors.add(field, `storage box type '${raw}' not found`);
  else if (isUnavailable(found)) errors.add(field, `storage box type '${found.name}' is no longer available`);
  else return found;
  return undefined;
}

/** The host system a box lives on (`FSN1-BX355`), derived from its id so that it stays stable. */
const systemFor = (location: string, id: number) => `${location.toUpperCase()}-BX${350 + (id % 50)}`;

function parseSnapshotPlan(body: Record<string, unknown>, type: StorageBoxType, errors: FieldErrors): SnapshotPlan {
  const integer = (field: string, min: number, max: number, nullable: boolean) => {
    const value = body[field];
    if (nullable && (value === undefined || value === null)) return null;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      errors.add(field, `${nullable ? "must be null or" : "is required and must be"} an integer between ${min} and ${max}`);
      return min;
    }
    return value;
  };
  // The spec requires minute and hour (integers) and lets day_of_week/day_of_month be null (every day).
  const plan = {
    max_snapshots: integer("max_snapshots", 1, Number.MAX_SAFE_INTEGER, false)!,
    minute: integer("minute", 0, 59, false)!,
    hour: integer("hour", 0, 23, false)!,
    day_of_week: integer("day_of_week", 1, 7, true),
    day_of_month: integer("day_of_month", 1, 31, true),
  };
  // The type's `automatic_snapshot_limit` caps what a plan may keep (an assumption: the API documents the limit, not this check).
  const limit = type.automatic_snapshot_limit;
  if (limit !== null && plan.max_snapshots > limit) errors.add("max_snapshots", `must be at most ${limit}, the automatic snapshot limit of ${type.name}`);
  return plan;
}

export async function storageBoxRoutes(app: FastifyInstance, ctx: HetznerApiContext): Promise<void> {
  const boxes = () => ctx.state().storageBoxes;
  const find = (rawId: string) => findBox(ctx, rawId);

  app.get("/storage_boxes", async (request, reply) => {
    const query = request.query as Query;
    const rendered = filterByNameAndLabels(boxes(), query).map((box) => renderBox(ctx, box));
    const sorted = sortItems(rendered, query, {
      id: (b) => b.id,
      name: (b) => b.name,
      created: (b) => b.created,
      "stats.size": (b) => b.stats.size,
      // The spec offers `stats.size_filesystem`, which box stats do not have; the emulator sorts it by the data size.
      "stats.size_filesystem": (b) => b.stats.size_data,
    });
    return paginate(request, reply, sorted, "storage_boxes");
  });

  app.post("/storage_boxes", async (request, reply) => {
    const body = bodyObject(request.body);
    const errors = new FieldErrors();
    validateName(body.name, errors);
    const location = typeof body.location === "string" ? findLocation(body.location) : undefined;
    if (typeof body.location !== "string") errors.add("location", "is required and must be a string (the location's ID or name)");
    else if (!location) errors.add("location", `location '${body.location}' not found`);
    else if (!STORAGE_BOX_LOCATIONS.includes(location.name)) errors.add("location", `storage boxes are not available in ${location.name}`);
    const type = parseType(body.storage_box_type, errors);
    validatePassword(body.password, errors);
    validateLabels(body.labels, errors);
    if (body.ssh_keys !== undefined) {
      if (!Array.isArray(body.ssh_keys)) errors.add("ssh_keys", "must be an array of OpenSSH public keys");
      else body.ssh_keys.forEach((key, index) => {
        if (typeof key !== "string" || !SSH_KEY.test(key.trim())) errors.add("ssh_keys", `key ${index} is not an OpenSSH public key`);
      });
    }
    const access = parseAccessSettings<BoxAccessSettings>(body.access_settings, BOX_ACCESS_KEYS, "access_settings", errors);
    errors.throwIfAny();
    assertUniqueName(ctx, body.name as string);

    const id = nextId(ctx, "storageBox");
    const box: StoredStorageBox = {
      id,
      name: body.name as string,
      type: type!.name,
      location: location!.name,
      username: `u${nextId(ctx, "username")}`,
      system: systemFor(location!.name, id),
      accessSettings: { reachable_externally: false, samba_enabled: false, ssh_enabled: false, webdav_enabled: false, zfs_enabled: false, ...access },
      snapshotPlan: null,
      protection: { delete: false },
      labels: { ...(body.labels as Labels | undefined) },
      created: Date.now(),
      sizeData: 0,
      folders: [],
      nextSubaccount: 1,
    };
    boxes().push(box);
    const action = act(ctx, "create", box, [], () => {});
    reply.code(201);
    return { storage_box: renderBox(ctx, box), action: renderAction(action) };
  });

  resourceActionRoutes(app, ctx, "storage_boxes", BOX, find);

  app.get<{ Params: { id: string } }>("/storage_boxes/:id", async (request) => ({ storage_box: renderBox(ctx, find(request.params.id)) }));

  app.put<{ Params: { id: string } }>("/storage_boxes/:id", async (request) => {
    const box = find(request.params.id);
    const body = bodyObject(request.body);
    const errors = new FieldErrors();
    if (body.name !== undefined) validateName(body.name, errors);
    validateLabels(body.labels, errors);
    errors.throwIfAny();
    assertBoxUnlocked(ctx, box);
    if (body.name !== undefined) {
      assertUniqueName(ctx, body.name as string, box);
      box.name = body.name as string;
    }
    if (body.labels !== undefined) box.labels = { ...(body.labels as Labels) };
    return { storage_box: renderBox(ctx, box) };
  });

  app.delete<{ Params: { id: string } }>("/storage_boxes/:id", async (request, reply) => {
    refuseBody(request);
    const box = find(request.params.id);
    if (box.protection.delete) throw new HetznerError(423, "protected", `storage box ${box.id} is delete protected`);
    assertBoxUnlocked(ctx, box);
    // Its subaccounts and snapshots go with it.
    const action = act(ctx, "delete", box, [], () => {
      const state = ctx.state();
      state.storageBoxes = state.storageBoxes.filter((b) => b !== box);
      state.subaccounts = state.subaccounts.filter((s) => s.storageBox !== box.id);
      state.snapshots = state.snapshots.filter((s) => s.storageBox !== box.id);
    });
    reply.code(201);
    return { action: renderAction(action) };
  });

  app.get<{ Params: { id: string } }>("/storage_boxes/:id/folders", async (request) => {
    const box = find(request.params.id);
    const raw = queryValue(request.query as Query, "path") ?? ".";
    const path = normaliseFolder(raw);
    if (path === undefined) throw invalidInput("path", "must be a relative path inside the storage box");
    if (path !== "" && !box.folders.includes(path)) throw notFound("folder");
    const prefix = path === "" ? "" : `${path}/`;
    const children = box.folders.filter((folder) => folder.startsWith(prefix) && !folder.slice(prefix.length).includes("/"));
    return { folders: children.map((folder) => folder.slice(prefix.length)).sort() };
  });

  // ---- actions ----

  const boxAction = (path: string, handler: (box: StoredStorageBox, body: Record<string, unknown>) => ReturnType<typeof act>, takesBody = true) => {
    app.post<{ Params: { id: string } }>(`/storage_boxes/:id/actions/${path}`, async (request, reply) => {
      if (!takesBody) refuseBody(request);
      const box = find(request.params.id);
      const action = handler(box, takesBody ? bodyObject(request.body) : {});
      reply.code(201);
      return { action: renderAction(action) };
    });
  };

  boxAction("change_protection", (box, body) => {
    if (typeof body.delete !== "boolean") throw invalidInput("delete", "is required and must be a boolean");
    assertBoxUnlocked(ctx, box);
    return act(ctx, "change_protection", box, [], () => (box.protection.delete = body.delete as boolean));
  });

  boxAction("change_type", (box, body) => {
    const errors = new FieldErrors();
    const type = parseType(body.storage_box_type, errors);
    errors.throwIfAny();
    // "It is not possible to downgrade to a Storage Box Type that offers less disk space than you are
    // currently using" (spec, change_type). The code the API answers is not documented: invalid_input
    // on the field is a guess.
    const used = renderBox(ctx, box).stats.size;
    if (type!.size < used) throw invalidInput("storage_box_type", `${type!.name} offers ${type!.size} bytes, less than the ${used} bytes the storage box uses`);
    assertBoxUnlocked(ctx, box);
    return act(ctx, "change_type", box, [], () => (box.type = type!.name));
  });

  boxAction("reset_password", (box, body) => {
    const errors = new FieldErrors();
    validatePassword(body.password, errors);
    errors.throwIfAny();
    assertBoxUnlocked(ctx, box);
    // The password is not kept: the API never returns it, and the emulator has no use for it.
    return act(ctx, "reset_password", box, [], () => {});
  });

  boxAction("update_access_settings", (box, body) => {
    const errors = new FieldErrors();
    const settings = parseAccessSettings<BoxAccessSettings>(body, BOX_ACCESS_KEYS, undefined, errors);
    errors.throwIfAny();
    assertBoxUnlocked(ctx, box);
    return act(ctx, "update_access_settings", box, [], () => Object.assign(box.accessSettings, settings));
  });

  boxAction("rollback_snapshot", (box, body) => {
    if (typeof body.snapshot !== "string") throw invalidInput("snapshot", "is required and must be a string (the snapshot's ID or name)");
    const snapshot = findSnapshotByIdOrName(ctx, box, body.snapshot);
    if (!snapshot) throw invalidInput("snapshot", `snapshot '${body.snapshot}' not found in storage box ${box.id}`);
    assertBoxUnlocked(ctx, box);
    // The spec's example lists the snapshot as type `snapshot`.
    return act(ctx, "rollback_snapshot", box, [{ id: snapshot.id, type: "snapshot" }], () => rollbackTo(ctx, box, snapshot));
  });

  boxAction(
    "disable_snapshot_plan",
    (box) => {
      assertBoxUnlocked(ctx, box);
      // The snapshots the plan made stay (spec).
      return act(ctx, "disable_snapshot_plan", box, [], () => (box.snapshotPlan = null));
    },
    false,
  );

  boxAction("enable_snapshot_plan", (box, body) => {
    const errors = new FieldErrors();
    const plan = parseSnapshotPlan(body, storageBoxTypeByName(box.type), errors);
    errors.throwIfAny();
    assertBoxUnlocked(ctx, box);
    // "There can only ever be one Snapshot Plan. The existing Snapshot Plan will be deleted before a new one is set up."
    return act(ctx, "enable_snapshot_plan", box, [], () => (box.snapshotPlan = plan));
  });
}
