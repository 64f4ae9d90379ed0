/**
 * Images: fixed system images (constants), and the project's snapshot and backup images (state). No API
 * request creates an image in the emulator's scope (servers are fixtures), so tests make snapshots and
 * backups through the control route (control.ts), as a server's create_image or backup would.
 * Only snapshots and backups can be updated (description, labels, backup → snapshot) or deleted (seed,
 * "Update an Image", "Delete an Image").
 */
import type { FastifyInstance } from "fastify";
import { assertUnlocked, renderAction, resourceActionRoutes, startAction } from "../hetzner/actions";
import { FieldErrors, HetznerError, bodyObject, idParam, invalidInput, notFound, queryValues, refuseBody, timestamp, type Query } from "../hetzner/conventions";
import { validateLabels, type Labels } from "../hetzner/labels";
import { filterByNameAndLabels, paginate, sortItems } from "../hetzner/lists";
import { nextId, type HcloudContext } from "./context";
import { booleanParam } from "./isos";

export type ImageType = "system" | "app" | "snapshot" | "backup";
export type Architecture = "x86" | "arm";

/** A snapshot or backup of the project. */
export interface StoredImage {
  id: number;
  type: "snapshot" | "backup";
  description: string;
  imageSize: number;
  diskSize: number;
  created: number;
  createdFrom: { id: number; name: string };
  /** The server a backup belongs to (null for a snapshot). */
  boundTo: number | null;
  osFlavor: string;
  osVersion: string | null;
  architecture: Architecture;
  protection: { delete: boolean };
  labels: Labels;
}

const systemImage = (id: number, name: string, description: string, osFlavor: string, osVersion: string, architecture: Architecture, created: string, deprecated: string | null = null) => ({
  id,
  type: "system" as const,
  status: "available",
  name,
  description,
  image_size: null,
  disk_size: 5,
  created,
  created_from: null,
  bound_to: null,
  os_flavor: osFlavor,
  os_version: osVersion,
  rapid_deploy: true,
  protection: { delete: false },
  deprecated,
  deleted: null,
  labels: {},
  architecture,
});

/** The system images: ubuntu-24.04 x86 is the fixture servers' image (servers.ts). */
export const SYSTEM_IMAGES = [
  systemImage(161547269, "ubuntu-24.04", "Ubuntu 24.04", "ubuntu", "24.04", "x86", "2024-04-25T12:00:00+00:00"),
  systemImage(161547270, "ubuntu-24.04", "Ubuntu 24.04", "ubuntu", "24.04", "arm", "2024-04-25T12:00:00+00:00"),
  systemImage(114690387, "debian-12", "Debian 12", "debian", "12", "x86", "2023-06-13T06:00:00+00:00"),
  systemImage(114690389, "debian-12", "Debian 12", "debian", "12", "arm", "2023-06-13T06:00:00+00:00"),
  systemImage(67794396, "ubuntu-20.04", "Ubuntu 20.04", "ubuntu", "20.04", "x86", "2020-04-23T12:00:00+00:00", "2025-05-31T00:00:00+00:00"),
];

export type RenderedImage = ReturnType<typeof renderImage>;

export function renderImage(image: StoredImage) {
  return {
    id: image.id,
    type: image.type as ImageType,
    status: "available",
    name: null as string | null,
    description: image.description,
    image_size: image.imageSize as number | null,
    disk_size: image.diskSize,
    created: timestamp(image.created),
    created_from: image.createdFrom as { id: number; name: string } | null,
    bound_to: image.boundTo,
    os_flavor: image.osFlavor,
    os_version: image.osVersion,
    rapid_deploy: false,
    protection: { ...image.protection },
    deprecated: null as string | null,
    deleted: null,
    labels: { ...image.labels },
    architecture: image.architecture,
  };
}

const TYPES = ["system", "app", "snapshot", "backup"];
const STATUSES = ["available", "creating", "unavailable"];
const ARCHITECTURES = ["x86", "arm"];

function assertAllowed(query: Query, name: string, allowed: string[]): string[] {
  const values = queryValues(query, name);
  const bad = values.find((value) => !allowed.includes(value));
  if (bad !== undefined) throw invalidInput(name, `invalid ${name} '${bad}'`);
  return values;
}

/** The `GET /images` filters of the spec; deprecated images only with `include_deprecated=true`. */
function filterImages(images: RenderedImage[], query: Query): RenderedImage[] {
  const types = assertAllowed(query, "type", TYPES);
  const statuses = assertAllowed(query, "status", STATUSES);
  const [architecture] = assertAllowed(query, "architecture", ARCHITECTURES).slice(-1);
  const boundTo = queryValues(query, "bound_to");
  if (boundTo.some((id) => !/^\d+$/.test(id))) throw invalidInput("bound_to", "must be server ids");
  const includeDeprecated = booleanParam(query, "include_deprecated");
  const named = filterByNameAndLabels(
    images.map((image) => ({ image, name: image.name ?? "", labels: image.labels })),
    query,
  ).map(({ image }) => image);
  return named.filter(
    (image) =>
      (types.length === 0 || types.includes(image.type)) &&
      (statuses.length === 0 || statuses.includes(image.status)) &&
      (architecture === undefined || image.architecture === architecture) &&
      (boundTo.length === 0 || (image.bound_to !== null && boundTo.includes(String(image.bound_to)))) &&
      (includeDeprecated || image.deprecated === null),
  );
}

export async function imageRoutes(app: FastifyInstance, ctx: HcloudContext): Promise<void> {
  const images = () => ctx.state().images;
  const all = (): RenderedImage[] => [...SYSTEM_IMAGES, ...images().map(renderImage)];
  /** Any image by id; a snapshot or backup comes back as stored too (to change). */
  const find = (rawId: string): { own?: StoredImage; rendered: RenderedImage } => {
    const id = idParam(rawId, "image");
    const own = images().find((image) => image.id === id);
    if (own) return { own, rendered: renderImage(own) };
    const system = SYSTEM_IMAGES.find((image) => image.id === id);
    if (system) return { rendered: system };
    throw notFound("image");
  };
  const changeable = (rawId: string, what: string): StoredImage => {
    const { own, rendered } = find(rawId);
    if (!own) throw new HetznerError(403, "forbidden", `image ${rendered.id} is a ${rendered.type} image: only snapshot and backup images can be ${what}`);
    return own;
  };
  const assertImageUnlocked = (image: StoredImage) => assertUnlocked(ctx, [{ id: image.id, type: "image" }]);

  app.get("/images", async (request, reply) => {
    const query = request.query as Query;
    const sorted = sortItems(filterImages(all(), query), query, { id: (i) => i.id, name: (i) => i.name, created: (i) => i.created });
    return paginate(request, reply, sorted, "images");
  });

  resourceActionRoutes(app, ctx, "images", "image", (rawId) => ({ id: find(rawId).rendered.id }));

  app.get<{ Params: { id: string } }>("/images/:id", async (request) => ({ image: find(request.params.id).rendered }));

  app.put<{ Params: { id: string } }>("/images/:id", async (request) => {
    const image = changeable(request.params.id, "updated");
    const body = bodyObject(request.body);
    const errors = new FieldErrors();
    if (body.description !== undefined && typeof body.description !== "string") errors.add("description", "must be a string");
    // Only a backup can be converted, and only into a snapshot (seed: "convert a Backup Image to a Snapshot Image").
    if (body.type !== undefined && body.type !== "snapshot") errors.add("type", "must be 'snapshot'");
    validateLabels(body.labels, errors);
    errors.throwIfAny();
    assertImageUnlocked(image);
    if (body.description !== undefined) image.description = body.description as string;
    if (body.labels !== undefined) image.labels = { ...(body.labels as Labels) };
    if (body.type === "snapshot" && image.type === "backup") {
      image.type = "snapshot";
      image.boundTo = null;
    }
    return { image: renderImage(image) };
  });

  app.delete<{ Params: { id: string } }>("/images/:id", async (request, reply) => {
    refuseBody(request);
    const image = changeable(request.params.id, "deleted");
    if (image.protection.delete) throw new HetznerError(423, "protected", `image ${image.id} is delete protected`);
    assertImageUnlocked(image);
    images().splice(images().indexOf(image), 1);
    return reply.code(204).send();
  });

  app.post<{ Params: { id: string } }>("/images/:id/actions/change_protection", async (request, reply) => {
    const image = changeable(request.params.id, "protected");
    const body = bodyObject(request.body);
    if (body.delete !== undefined && typeof body.delete !== "boolean") throw invalidInput("delete", "must be a boolean");
    assertImageUnlocked(image);
    const action = startAction(ctx, "change_protection", [{ id: image.id, type: "image" }]);
    if (!action.error && body.delete !== undefined) image.protection.delete = body.delete as boolean;
    reply.code(201);
    return { action: renderAction(action) };
  });
}

/** A snapshot or backup of a fixture server, as its create_image Action or a backup run would leave it (control route). */
export function addImage(
  ctx: HcloudContext,
  spec: { type: "snapshot" | "backup"; server: { id: number; name: string }; description?: string; labels?: Labels; architecture?: Architecture },
): StoredImage {
  const id = nextId(ctx, "image");
  const image: StoredImage = {
    id,
    type: spec.type,
    description: spec.description ?? `${spec.server.name}-${spec.type}-${id}`,
    imageSize: 1.8,
    diskSize: 40,
    created: Date.now(),
    createdFrom: { id: spec.server.id, name: spec.server.name },
    boundTo: spec.type === "backup" ? spec.server.id : null,
    osFlavor: "ubuntu",
    osVersion: "24.04",
    architecture: spec.architecture ?? "x86",
    protection: { delete: false },
    labels: { ...spec.labels },
  };
  ctx.state().images.push(image);
  return image;
}
