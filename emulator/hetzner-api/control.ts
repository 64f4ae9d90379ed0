/**
 * Control routes of the Hetzner API family (no auth, under `/__emulator/hetzner`), for what no API
 * request can do: put data into a box (as a client writing files would) and run a box's snapshot plan
 * now. `?project=<name>` picks the project (default: the default project).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { DEFAULT_PROJECT } from "../state";
import type { HetznerApiContext } from "./context";
import { addFolder, findBox, normaliseFolder, renderBox, renderSnapshot } from "./model";
import { runSnapshotPlan } from "./snapshots";

class BadRequest extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function hetznerApiControl(ctx: HetznerApiContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.setErrorHandler((error, _request, reply) => {
      const status = error instanceof BadRequest ? error.status : ((error as { statusCode?: number }).statusCode ?? 500);
      return reply.code(status).send({ error: (error as Error).message });
    });

    /** Selects the request's project and finds the box in it. */
    const boxOf = (request: FastifyRequest<{ Params: { id: string } }>) => {
      const project = (request.query as { project?: unknown }).project ?? DEFAULT_PROJECT;
      if (typeof project !== "string" || !ctx.hasProject(project)) throw new BadRequest(400, `no project ${String(project)}`);
      ctx.useProject(project);
      try {
        return findBox(ctx, request.params.id);
      } catch {
        throw new BadRequest(404, `no storage box ${request.params.id} in project ${project}`);
      }
    };

    /** `{size_data?, folders?}`: the box's data size in bytes, and folders to create (with their parents). */
    app.put<{ Params: { id: string } }>("/hetzner/storage_boxes/:id/data", async (request) => {
      const box = boxOf(request);
      const body = (request.body ?? {}) as { size_data?: unknown; folders?: unknown };
      const { size_data: size, folders = [] } = body;
      if (size !== undefined && (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0)) throw new BadRequest(400, "size_data must be a non-negative integer");
      if (!Array.isArray(folders) || !folders.every((f) => typeof f === "string" && normaliseFolder(f))) throw new BadRequest(400, "folders must be relative paths inside the box");
      if (size !== undefined) box.sizeData = size;
      for (const folder of folders as string[]) addFolder(box, normaliseFolder(folder)!);
      return { storage_box: renderBox(ctx, box), folders: [...box.folders].sort() };
    });

    /** Runs the box's snapshot plan now: an automatic snapshot, and the oldest beyond `max_snapshots` go. */
    app.post<{ Params: { id: string } }>("/hetzner/storage_boxes/:id/run_snapshot_plan", async (request, reply) => {
      const box = boxOf(request);
      const snapshot = runSnapshotPlan(ctx, box);
      if (!snapshot) throw new BadRequest(409, `storage box ${box.id} has no snapshot plan`);
      reply.code(201);
      return { snapshot: renderSnapshot(snapshot) };
    });
  };
}

