/**
 * hcloud.Image: an existing snapshot or backup image, taken over with `adopt: { id }` (the API creates
 * images only through a server's create_image Action or a backup, never by itself). It manages the
 * description (when given), labels, type (when given: a backup converts into a snapshot, never back) and
 * delete protection. Destroying it deletes the image only with `deleteOnDestroy: true`; otherwise the
 * image stays and the resource is forgotten.
 */
import { IMAGE_ADOPT_ONLY } from "../adoption-keys";
import { unlessNotFound } from "../core/errors";
import { canonicalJson, CheckFailure, containsUnknown, isUnknown, sameValue } from "../core/inputs";
import { Settler } from "../core/lifecycle";
import { checkUserLabels, ownedLabels, OWNER_LABEL, partialFailure, Props, ResourceImplementation, visibleLabels } from "../core/resource";
import { withCredentials } from "../core/credentials";
import { currentResourceUrn, reportLine } from "../host/log";
import { Image, ImageChange } from "./api/images";
import { DEFAULT_ENDPOINT, hcloudClient } from "./client";
import { checkBoolean } from "./zone";

/** The reason check gives a create without `adopt` (registered in adoption-keys.ts). */

/** The inputs managed only when the program gives them; `__managed` lists those it gave. */
const OPTIONAL = ["description", "type"] as const;
const TYPES = ["snapshot", "backup"];

const absent = (value: unknown) => value === undefined || value === null;
const manages = (props: Props, field: (typeof OPTIONAL)[number]) => Array.isArray(props.__managed) && props.__managed.includes(field);

// ---- check / diff ------------------------------------------------------------------------------

export async function check(_olds: Props, news: Props) {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const inputs: Props = {
    labels: checkUserLabels(news.labels ?? {}, failures),
    deleteProtection: checkBoolean(news.deleteProtection, "deleteProtection", failures),
    deleteOnDestroy: checkBoolean(news.deleteOnDestroy, "deleteOnDestroy", failures),
    __managed: OPTIONAL.filter((field) => !absent(news[field])),
  };
  if (!absent(news.description)) {
    if (!isUnknown(news.description) && typeof news.description !== "string") fail("description", "description must be a string");
    inputs.description = news.description;
  }
  if (!absent(news.type)) {
    if (!isUnknown(news.type) && !TYPES.includes(news.type)) fail("type", `type must be "snapshot" or "backup", got ${JSON.stringify(news.type)}`);
    inputs.type = news.type;
  }
  if (news.__owner !== undefined) inputs.__owner = news.__owner;
  return { inputs, failures };
}

const backToBackup = (id: string) =>
  new Error(`image ${id}: a snapshot cannot become a backup again (the API converts only backup → snapshot): set type: "snapshot" or leave type out`);

export async function diff(id: string, olds: Props, news: Props) {
  const differs = (field: string, a: unknown, b: unknown) => containsUnknown(news[field]) || canonicalJson(a) !== canonicalJson(b);
  // Refused here, where the live type is known, so the preview fails before any request.
  if (news.type === "backup" && olds.type === "snapshot") throw backToBackup(id);
  const changed: string[] = [];
  for (const field of OPTIONAL) if (news[field] !== undefined && differs(field, olds[field], news[field])) changed.push(field);
  if (differs("labels", olds.labels ?? {}, news.labels ?? {})) changed.push("labels");
  if (differs("deleteProtection", olds.deleteProtection ?? false, news.deleteProtection ?? false)) changed.push("deleteProtection");
  if (differs("deleteOnDestroy", olds.deleteOnDestroy ?? false, news.deleteOnDestroy ?? false)) changed.push("deleteOnDestroy");
  return { changes: changed.length > 0, replaces: [], deleteBeforeReplace: false };
}

// ---- create / read / update / delete -----------------------------------------------------------

const describe = (image: { id: number; description: string }) => `image ${image.id} (${image.description})`;

export interface ImageOutputs {
  imageId: number;
  name: string | null;
  type: Image["type"];
  status: Image["status"];
  osFlavor: string;
  osVersion: string | null;
  architecture: Image["architecture"];
  diskSize: number;
  imageSize: number | null;
  created: string;
  createdFrom: Image["createdFrom"];
  boundTo: number | null;
  labels: Record<string, string>;
  description: string;
  deleteProtection: boolean;
  deleteOnDestroy: boolean;
}

function outputsOf(image: Image, props: Props): ImageOutputs & Props {
  return {
    imageId: image.id,
    name: image.name,
    type: image.type,
    status: image.status,
    osFlavor: image.osFlavor,
    osVersion: image.osVersion,
    architecture: image.architecture,
    diskSize: image.diskSize,
    imageSize: image.imageSize,
    created: image.created,
    createdFrom: image.createdFrom,
    boundTo: image.boundTo,
    labels: visibleLabels(image.labels),
    description: image.description,
    deleteProtection: image.deleteProtection,
    deleteOnDestroy: props.deleteOnDestroy === true,
    __managed: Array.isArray(props.__managed) ? props.__managed : [],
  };
}

/** System and app images are Hetzner's: programs look them up (getImage), never manage them. */
function assertSnapshotOrBackup(image: Image): void {
  if (image.type !== "snapshot" && image.type !== "backup") {
    throw new Error(`image ${image.id} is a ${image.type} image: only snapshots and backups can be managed; look it up with getImage instead`);
  }
}

export async function create(): Promise<never> {
  // check refuses this first (core/adoption.ts adoptOnly); kept for a program that bypasses check.
  throw new Error(`hcloud:Image: ${IMAGE_ADOPT_ONLY}`);
}

export async function read(id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const live = await hcloudClient(props).images.find(Number(id));
  if (!live) return { id: "", props: {} };
  assertSnapshotOrBackup(live);
  const outs = outputsOf(live, props);
  const inputs: Props = { labels: outs.labels, deleteProtection: outs.deleteProtection, deleteOnDestroy: outs.deleteOnDestroy, __managed: outs.__managed };
  for (const field of OPTIONAL) if (manages(props, field)) inputs[field] = outs[field];
  return { id, props: outs, inputs };
}

/** Converges the live image on the inputs: one PUT for description, labels and type, then protection. */
export async function update(id: string, olds: Props, news: Props) {
  const client = hcloudClient(news);
  const imageId = Number(id);
  let live = await client.images.get(imageId);
  assertSnapshotOrBackup(live);
  if (news.type === "backup" && live.type === "snapshot") throw backToBackup(id);
  const change: ImageChange = {};
  if (manages(news, "description") && live.description !== news.description) change.description = news.description;
  // An image adopted gets the owner label with its first PUT; one it already has is kept.
  const labels = ownedLabels(news.labels, live.labels[OWNER_LABEL] ?? news.__owner);
  if (!sameValue(live.labels, labels)) change.labels = labels;
  if (news.type === "snapshot" && live.type === "backup") change.type = "snapshot";
  if (Object.keys(change).length) live = await client.images.update(imageId, change);
  const s = new Settler(client.waiter, describe(live));
  if (live.deleteProtection !== news.deleteProtection) await s.step("change_protection", client.images.changeProtection(imageId, news.deleteProtection));
  // Without an Action, the PUT's answer (or the first GET) already is the final state.
  const final = s.steps > 0 ? await client.images.get(imageId) : live;
  const outs = outputsOf(final, news);
  if (s.errors.length) {
    if (s.undone("change_protection")) outs.deleteProtection = olds.deleteProtection ?? false;
    throw partialFailure(`updating ${describe(live)} failed: ${s.message}`, id, outs, news);
  }
  return { outs };
}

const protectedError = (what: string) =>
  new Error(`${what} has delete protection: disable deleteProtection first (set deleteProtection: false and run \`pulumi up\`), then delete it`);

export async function remove(id: string, props: Props = {}) {
  if (props.deleteOnDestroy !== true) {
    reportLine(`image ${id} kept: deleteOnDestroy is not set, so the resource is only forgotten`, currentResourceUrn());
    return;
  }
  if (props.deleteProtection === true) throw protectedError(`image ${id}`);
  const client = hcloudClient(props);
  const live = await client.images.find(Number(id));
  if (!live) return; // already gone
  if (live.deleteProtection) throw protectedError(describe(live));
  await unlessNotFound(client.images.delete(Number(id)));
}

export const image: ResourceImplementation = withCredentials({ check, diff, create, read, update, delete: remove }, DEFAULT_ENDPOINT);
