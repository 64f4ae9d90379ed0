/**
 * Control routes of the Hetzner Cloud family (no auth, under `/__emulator/hcloud`), for what no request
 * in the emulator's scope can do: make a snapshot or backup image of a fixture server (as create_image or
 * a backup run would), and put a Load Balancer into a project. `?project=<name>` picks the project.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { isObject } from "../hetzner/conventions";
import { DEFAULT_PROJECT } from "../state";
import type { HcloudContext } from "./context";
import { addImage, renderImage } from "./images";
import { addLoadBalancer, renderLoadBalancer } from "./load-balancers";
import { LOCATIONS } from "./locations";
import { findServer } from "./servers";

class BadRequest extends Error {}

const isLabels = (value: unknown) => value === undefined || (isObject(value) && Object.values(value).every((v) => typeof v === "string"));

export function hcloudControl(ctx: HcloudContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.setErrorHandler((error, _request, reply) => {
      const status = error instanceof BadRequest ? 400 : ((error as { statusCode?: number }).statusCode ?? 500);
      return reply.code(status).send({ error: (error as Error).message });
    });

    /** Selects the request's project; returns its body. */
    const begin = (request: FastifyRequest): Record<string, unknown> => {
      const project = (request.query as { project?: unknown }).project ?? DEFAULT_PROJECT;
      if (typeof project !== "string" || !ctx.hasProject(project)) throw new BadRequest(`no project ${String(project)}`);
      ctx.useProject(project);
      const body = request.body ?? {};
      if (!isObject(body)) throw new BadRequest("a JSON object body is required");
      return body;
    };

    /** `{type: "snapshot"|"backup", server?: <fixture server id, default 42>, description?, labels?, architecture?}`. */
    app.post("/hcloud/images", async (request, reply) => {
      const { type, server = 42, description, labels, architecture } = begin(request);
      if (type !== "snapshot" && type !== "backup") throw new BadRequest("type must be snapshot or backup");
      const source = typeof server === "number" ? findServer(server) : undefined;
      if (!source) throw new BadRequest("server must be a fixture server id (42, 43, 44, 45)");
      if (description !== undefined && typeof description !== "string") throw new BadRequest("description must be a string");
      if (!isLabels(labels)) throw new BadRequest("labels must be an object of strings");
      if (architecture !== undefined && architecture !== "x86" && architecture !== "arm") throw new BadRequest("architecture must be x86 or arm");
      const image = addImage(ctx, { type, server: source, description: description as string | undefined, labels: labels as Record<string, string>, architecture });
      reply.code(201);
      return { image: renderImage(image) };
    });

    /** `{name, labels?, location?, targets?: fixture server ids}`. */
    app.post("/hcloud/load_balancers", async (request, reply) => {
      const { name, labels, location, targets = [] } = begin(request);
      if (typeof name !== "string" || name === "") throw new BadRequest("name must be a non-empty string");
      if (ctx.state().loadBalancers.some((lb) => lb.name === name)) throw new BadRequest(`a load balancer named ${name} exists`);
      if (!isLabels(labels)) throw new BadRequest("labels must be an object of strings");
      if (location !== undefined && !LOCATIONS.some((l) => l.name === location)) throw new BadRequest("location must be a location name");
      if (!Array.isArray(targets) || !targets.every((id) => typeof id === "number" && findServer(id))) throw new BadRequest("targets must be fixture server ids");
      const lb = addLoadBalancer(ctx, { name, labels: labels as Record<string, string>, location: location as string | undefined, targets });
      reply.code(201);
      return { load_balancer: renderLoadBalancer(lb) };
    });
  };
}
