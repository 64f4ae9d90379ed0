/**
 * hetzner.StorageBoxSnapshot: a manual snapshot of a storage box — check, diff, create, read, update,
 * delete. The API names a snapshot itself (its creation time), so the owner label is what identifies the
 * one a create made; api/snapshots.ts speaks the wire.
 */
import { unlessNotFound } from "../core/errors";
import { canonicalJson, CheckFailure, containsUnknown, isUnknown } from "../core/inputs";
import { finishCreate } from "../core/lifecycle";
import { checkUserLabels, ownedLabels, OWNER_LABEL, Props, ResourceImplementation, visibleLabels } from "../core/resource";
import { withCredentials } from "../core/credentials";
import { checkStorageBoxId } from "./inputs";
import { Snapshot } from "./api/snapshots";
import { claimLostCreate, OwnCreate } from "./claim";
import { CreateSnapshotResponseWire } from "./wire";
import { hetznerClient } from "./client";
import { DEFAULT_ENDPOINT } from "./config";

export interface SnapshotOutputs {
  storageBoxId: number;
  description: string;
  labels: Record<string, string>;
  snapshotId: number;
  /** The API's name for it, e.g. `2025-02-12T11-35-19`. */
  name: string;
  isAutomatic: boolean;
  stats: Snapshot["stats"];
  created: string;
}

/** The spec's limit on descriptions, and the characters its pattern lists (read as the only ones allowed). */
const MAX_DESCRIPTION_LENGTH = 1000;
const DESCRIPTION = /^[a-zA-Z0-9\-_,:<>+#!()[\]{} ]*$/;

// ---- check / diff ------------------------------------------------------------------------------

export async function check(_olds: Props, news: Props) {
  const failures: CheckFailure[] = [];
  const description = news.description === undefined || news.description === null ? "" : news.description;
  if (!isUnknown(description) && (typeof description !== "string" || description.length > MAX_DESCRIPTION_LENGTH)) {
    failures.push({ property: "description", reason: `description must be a string of at most ${MAX_DESCRIPTION_LENGTH} characters` });
  } else if (!isUnknown(description) && !DESCRIPTION.test(description)) {
    failures.push({ property: "description", reason: "description may only contain a-z A-Z 0-9 space and - _ , : < > + # ! ( ) [ ] { } (the API's rule for snapshot descriptions)" });
  }
  const inputs: Props = {
    storageBoxId: checkStorageBoxId(news.storageBoxId, failures),
    description,
    labels: checkUserLabels(news.labels ?? {}, failures),
  };
  if (news.__owner !== undefined) inputs.__owner = news.__owner;
  return { inputs, failures };
}

export async function diff(_id: string, olds: Props, news: Props) {
  const differs = (field: string, fallback: unknown) => containsUnknown(news[field]) || canonicalJson(olds[field] ?? fallback) !== canonicalJson(news[field] ?? fallback);
  const replaces = differs("storageBoxId", null) ? ["storageBoxId"] : [];
  const changes = replaces.length > 0 || differs("description", "") || differs("labels", {});
  // A snapshot of another box takes nothing from the old one: it is taken before the old one goes.
  return { changes, replaces, deleteBeforeReplace: false };
}

// ---- create / read / update / delete -----------------------------------------------------------

const describe = (snapshot: { id: number; name?: string }, storageBoxId: number) =>
  `snapshot ${snapshot.id}${snapshot.name ? ` (${snapshot.name})` : ""} of storage box ${storageBoxId}`;

function outputsOf(snapshot: Snapshot): SnapshotOutputs {
  return {
    storageBoxId: snapshot.storageBoxId,
    description: snapshot.description,
    labels: visibleLabels(snapshot.labels),
    snapshotId: snapshot.id,
    name: snapshot.name,
    isAutomatic: snapshot.isAutomatic,
    stats: snapshot.stats,
    created: snapshot.created,
  };
}

export async function create(inputs: Props) {
  const client = hetznerClient(inputs);
  const storageBoxId = inputs.storageBoxId as number;
  const spec = { description: inputs.description as string, labels: ownedLabels(inputs.labels, inputs.__owner) };
  const own: OwnCreate<Snapshot> = {
    client,
    storageBoxId,
    kind: "snapshot",
    resourceType: "storage_box_snapshot",
    command: "create_snapshot",
    labels: spec.labels,
    list: (filter) => client.snapshots.list(storageBoxId, filter),
    compare: (found) => [
      ["description", spec.description, found.description],
      ["labels", spec.labels, found.labels],
    ],
  };
  const sentAt = Date.now();
  const started = await client.snapshots.create(storageBoxId, spec, async () => {
    const lost = await claimLostCreate(own, sentAt);
    // Only what the wire client reads of the answer (the id and the Action's state).
    return lost && ({ snapshot: { id: lost.found.id, storage_box: storageBoxId }, action: lost.action } as unknown as CreateSnapshotResponseWire);
  });
  const resource = describe({ id: started.id }, storageBoxId);
  let gone = false;
  return finishCreate<Snapshot>({
    id: String(started.id),
    // As asked, for outputs when it cannot be read after its create.
    created: { id: started.id, storageBoxId, name: "", ...spec, isAutomatic: false, stats: { size: 0, sizeFilesystem: 0 }, created: "" },
    resource,
    inputs,
    waiter: client.waiter,
    run: (s) => s.step("create_snapshot", [started.action]),
    read: async () => {
      const live = await client.snapshots.find(storageBoxId, started.id);
      gone = live === undefined;
      return live;
    },
    outputs: outputsOf,
    markUndone: () => undefined,
    // A create whose snapshot does not exist records nothing: the next `up` takes it afresh.
    failureMessage: (_live, s) => (gone ? `creating ${resource} failed: ${s.message || "it is gone right after its create"}` : undefined),
  }).catch((error) => {
    if (gone) throw new Error((error as Error).message);
    throw error;
  });
}

export async function read(id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const live = await hetznerClient(props).snapshots.find(props.storageBoxId, Number(id));
  if (!live) return { id: "", props: {} };
  const outs = outputsOf(live);
  const inputs: Props = { storageBoxId: outs.storageBoxId, description: outs.description, labels: outs.labels };
  if (props.__owner !== undefined) inputs.__owner = props.__owner;
  return { id, props: outs, inputs };
}

export async function update(id: string, _olds: Props, news: Props) {
  const client = hetznerClient(news);
  const storageBoxId = news.storageBoxId as number;
  const snapshotId = Number(id);
  const live = await client.snapshots.get(storageBoxId, snapshotId);
  // An object made before owner labels existed gets one with its next PUT; one it already has is kept.
  const labels = ownedLabels(news.labels, live.labels[OWNER_LABEL] ?? news.__owner);
  if (live.description === news.description && canonicalJson(live.labels) === canonicalJson(labels)) return { outs: outputsOf(live) };
  return { outs: outputsOf(await client.snapshots.update(storageBoxId, snapshotId, { description: news.description, labels })) };
}

export async function remove(id: string, props: Props = {}) {
  const client = hetznerClient(props);
  const storageBoxId = props.storageBoxId as number;
  const snapshotId = Number(id);
  const action = await unlessNotFound(client.snapshots.delete(storageBoxId, snapshotId));
  if (action === undefined) return; // already gone (or its box is)
  await client.waiter.wait(action, { resource: describe({ id: snapshotId, name: props.name }, storageBoxId) });
}

export const storageBoxSnapshot: ResourceImplementation = withCredentials({ check, diff, create, read, update, delete: remove }, DEFAULT_ENDPOINT);
