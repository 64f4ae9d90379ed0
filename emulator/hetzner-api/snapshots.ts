/**
 * Storage box snapshots (`/storage_boxes/{id}/snapshots…`, spec tag Storage Box Snapshots): list, create,
 * get, update, delete; the rollback (a box action) and the snapshot plan's automatic snapshots.
 * A snapshot keeps the box's data size and folders, which a rollback restores.
 */
import type { FastifyInstance } from "fastify";
import { assertUnlocked, renderAction } from "../hetzner/actions";
import { FieldErrors, bodyObject, invalidInput, limitExceeded, notFound, queryValue, refuseBody, timestamp, type Query } from "../hetzner/conventions";
import { validateLabels, type Labels } from "../hetzner/labels";
import { filterByNameAndLabels, sortItems } from "../hetzner/lists";
import { nextId, type HetznerApiContext } from "./context";
import { SNAPSHOT, act, assertBoxUnlocked, findBox, renderSnapshot, validateDescription, type StoredSnapshot, type StoredStorageBox } from "./model";
import { storageBoxTypeByName } from "./types";

const MAX_DESCRIPTION = 1000;
/**
 * The spec's pattern for descriptions, `[a-zA-Z0-9-_,:<>+#!\(\)\[\]\{\} ]*`, is unanchored (so in JSON
 * Schema any text matches it); the emulator reads it as the set of characters it lists.
 */
const DESCRIPTION = /^[a-zA-Z0-9\-_,:<>+#!()[\]{} ]*$/;

export const snapshotsOf = (ctx: HetznerApiContext, box: StoredStorageBox) => ctx.state().snapshots.filter((snapshot) => snapshot.storageBox === box.id);

/** Oldest first (creation time, then id). */
const byAge = (a: StoredSnapshot, b: StoredSnapshot) => a.created - b.created || a.id - b.id;

/** A snapshot of the box by "ID or Name" (the `snapshot` of `rollback_snapshot`). */
export function findSnapshotByIdOrName(ctx: HetznerApiContext, box: StoredStorageBox, idOrName: string): StoredSnapshot | undefined {
  return snapshotsOf(ctx, box).find((s) => s.name === idOrName || (/^[1-9]\d*$/.test(idOrName) && s.id === Number(idOrName)));
}

/**
 * "Rolls back a Storage Box to the given Storage Box Snapshot. This will remove all newer Storage Box
 * Snapshots and irrevocably delete all data that was since written" (spec): its data and folders return.
 */
export function rollbackTo(ctx: HetznerApiContext, box: StoredStorageBox, snapshot: StoredSnapshot): void {
  const state = ctx.state();
  state.snapshots = state.snapshots.filter((s) => s.storageBox !== box.id || byAge(s, snapshot) <= 0);
  box.sizeData = snapshot.sizeData;
  box.folders = [...snapshot.folders];
}

/**
 * Names are the creation time (`2025-02-12T11-35-19`, automatic ones prefixed as in the spec's example
 * `snapshot-daily--2025-02-12T22-00-02`); they must stay unique per box, so a second snapshot within the
 * same second takes the next free second.
 */
function snapshotName(ctx: HetznerApiContext, box: StoredStorageBox, prefix: string, at: number): string {
  const taken = new Set(snapshotsOf(ctx, box).map((s) => s.name));
  for (let seconds = 0; ; seconds++) {
    const name = prefix + timestamp(at + seconds * 1000).slice(0, 19).replace(/:/g, "-");
    if (!taken.has(name)) return name;
  }
}

function newSnapshot(ctx: HetznerApiContext, box: StoredStorageBox, automatic: string | undefined, description: string, labels: Labels): StoredSnapshot {
  const created = Date.now();
  return {
    id: nextId(ctx, "snapshot"),
    storageBox: box.id,
    name: snapshotName(ctx, box, automatic === undefined ? "" : `snapshot-${automatic}--`, created),
    description,
    labels,
    isAutomatic: automatic !== undefined,
    sizeData: box.sizeData,
    folders: [...box.folders],
    created,
  };
}

/**
 * What the box's snapshot plan does when it is due (the emulator runs it on request, see the control
 * API): an automatic snapshot, then the oldest automatic ones beyond `max_snapshots` go (spec,
 * enable_snapshot_plan). Returns undefined when the box has no plan.
 */
export function runSnapshotPlan(ctx: HetznerApiContext, box: StoredStorageBox): StoredSnapshot | undefined {
  const plan = box.snapshotPlan;
  if (!plan) return undefined;
  const interval = plan.day_of_month !== null ? "monthly" : plan.day_of_week !== null ? "weekly" : "daily";
  const snapshot = newSnapshot(ctx, box, interval, "", {});
  const state = ctx.state();
  state.snapshots.push(snapshot);
  const automatic = snapshotsOf(ctx, box).filter((s) => s.isAutomatic).sort(byAge);
  const excess = new Set(automatic.slice(0, Math.max(0, automatic.length - plan.max_snapshots)));
  state.snapshots = state.snapshots.filter((s) => !excess.has(s));
  return snapshot;
}

export async function snapshotRoutes(app: FastifyInstance, ctx: HetznerApiContext): Promise<void> {
  const findIn = (box: StoredStorageBox, rawId: string) => {
    const snapshot = /^[1-9]\d{0,15}$/.test(rawId) ? snapshotsOf(ctx, box).find((s) => s.id === Number(rawId)) : undefined;
    if (!snapshot) throw notFound("storage box snapshot");
    return snapshot;
  };
  type Params = { id: string; snapshot_id: string };
  const snapshotResource = (snapshot: StoredSnapshot) => ({ id: snapshot.id, type: SNAPSHOT });

  app.get<{ Params: { id: string } }>("/storage_boxes/:id/snapshots", async (request) => {
    const box = findBox(ctx, request.params.id);
    const query = request.query as Query;
    const automatic = queryValue(query, "is_automatic");
    if (automatic !== undefined && automatic !== "true" && automatic !== "false") throw invalidInput("is_automatic", "must be true or false");
    const matching = filterByNameAndLabels(snapshotsOf(ctx, box), query).filter((s) => automatic === undefined || s.isAutomatic === (automatic === "true"));
    const sorted = sortItems(matching, query, { id: (s) => s.id, name: (s) => s.name, created: (s) => s.created });
    return { snapshots: sorted.map(renderSnapshot) };
  });

  app.post<{ Params: { id: string } }>("/storage_boxes/:id/snapshots", async (request, reply) => {
    const box = findBox(ctx, request.params.id);
    const body = bodyObject(request.body);
    const errors = new FieldErrors();
    validateDescription(body.description, errors, MAX_DESCRIPTION, DESCRIPTION);
    validateLabels(body.labels, errors);
    errors.throwIfAny();
    // The type's `snapshot_limit` ("Maximum number of allowed manual snapshots"); the limit's name in
    // `details.limits` is not documented, the field's name is a guess.
    const limit = storageBoxTypeByName(box.type).snapshot_limit;
    if (limit !== null && snapshotsOf(ctx, box).filter((s) => !s.isAutomatic).length >= limit) {
      throw limitExceeded("snapshot_limit", `storage box ${box.id} already has ${limit} manual snapshots, the limit of its type`);
    }
    assertBoxUnlocked(ctx, box);
    const snapshot = newSnapshot(ctx, box, undefined, (body.description as string | undefined) ?? "", { ...(body.labels as Labels | undefined) });
    ctx.state().snapshots.push(snapshot);
    const action = act(ctx, "create_snapshot", box, [snapshotResource(snapshot)], () => {});
    reply.code(201);
    return { snapshot: { id: snapshot.id, storage_box: box.id }, action: renderAction(action) };
  });

  app.get<{ Params: Params }>("/storage_boxes/:id/snapshots/:snapshot_id", async (request) => {
    const box = findBox(ctx, request.params.id);
    return { snapshot: renderSnapshot(findIn(box, request.params.snapshot_id)) };
  });

  app.put<{ Params: Params }>("/storage_boxes/:id/snapshots/:snapshot_id", async (request) => {
    const box = findBox(ctx, request.params.id);
    const snapshot = findIn(box, request.params.snapshot_id);
    const body = bodyObject(request.body);
    const errors = new FieldErrors();
    validateDescription(body.description, errors, MAX_DESCRIPTION, DESCRIPTION);
    validateLabels(body.labels, errors);
    errors.throwIfAny();
    assertUnlocked(ctx, [snapshotResource(snapshot)]);
    if (body.description !== undefined) snapshot.description = body.description as string;
    if (body.labels !== undefined) snapshot.labels = { ...(body.labels as Labels) };
    return { snapshot: renderSnapshot(snapshot) };
  });

  app.delete<{ Params: Params }>("/storage_boxes/:id/snapshots/:snapshot_id", async (request, reply) => {
    refuseBody(request);
    const box = findBox(ctx, request.params.id);
    const snapshot = findIn(box, request.params.snapshot_id);
    assertBoxUnlocked(ctx, box);
    const action = act(ctx, "delete_snapshot", box, [snapshotResource(snapshot)], () => {
      ctx.state().snapshots = ctx.state().snapshots.filter((s) => s !== snapshot);
    });
    reply.code(201);
    return { action: renderAction(action) };
  });
}
