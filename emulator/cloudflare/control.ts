/**
 * Control routes of the Cloudflare family (no auth, under `/__emulator/cloudflare`), for what no API request
 * can do: create a zone on a chosen plan, change a zone's plan, and make the next requests 429 (the API's
 * limit is 1,200 requests per 5 minutes per user, developers.cloudflare.com/fundamentals/api/reference/limits).
 * `?project=<name>` picks the account (default: the default project).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { DEFAULT_PROJECT } from "../state";
import { CloudflareError } from "./conventions";
import { isPlan, type CloudflareContext } from "./state";
import { createZone, renderZone } from "./zones";

/** The next `remaining` API requests of the family answer 429 with `Retry-After: retryAfterSeconds`. */
export interface RateLimitFault {
  remaining: number;
  retryAfterSeconds: number;
}

class BadRequest extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function cloudflareControl(ctx: CloudflareContext, rateLimit: RateLimitFault) {
  return async (app: FastifyInstance): Promise<void> => {
    app.setErrorHandler((error, _request, reply) => {
      const status = error instanceof BadRequest ? error.status : error instanceof CloudflareError ? 400 : ((error as { statusCode?: number }).statusCode ?? 500);
      return reply.code(status).send({ error: (error as Error).message });
    });

    const useProject = (request: FastifyRequest) => {
      const project = (request.query as { project?: unknown }).project ?? DEFAULT_PROJECT;
      if (typeof project !== "string" || !ctx.hasProject(project)) throw new BadRequest(400, `no project ${String(project)}`);
      ctx.useProject(project);
    };
    const body = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>;

    /** `{name, plan?}` (plan: free, pro, business, enterprise; default free): the zone as `GET /zones/{id}` answers it. */
    app.post("/cloudflare/zones", async (request, reply) => {
      useProject(request);
      const { name, plan = "free" } = body(request);
      if (!isPlan(plan)) throw new BadRequest(400, "plan must be free, pro, business or enterprise");
      reply.code(201);
      return { zone: renderZone(ctx, createZone(ctx, name as string, plan)) };
    });

    app.put<{ Params: { id: string } }>("/cloudflare/zones/:id/plan", async (request) => {
      useProject(request);
      const zone = ctx.state().zones.find((z) => z.id === request.params.id);
      if (!zone) throw new BadRequest(404, `no zone ${request.params.id}`);
      const { plan } = body(request);
      if (!isPlan(plan)) throw new BadRequest(400, "plan must be free, pro, business or enterprise");
      zone.plan = plan;
      return { zone: renderZone(ctx, zone) };
    });

    /** `{times, retryAfterSeconds? = 1}`: the next `times` requests of the family answer 429. */
    app.post("/cloudflare/rate-limit", async (request, reply) => {
      const { times, retryAfterSeconds = 1 } = body(request);
      if (!Number.isInteger(times) || (times as number) < 1) throw new BadRequest(400, "times must be a positive integer");
      if (!Number.isInteger(retryAfterSeconds) || (retryAfterSeconds as number) < 0) throw new BadRequest(400, "retryAfterSeconds must be a non-negative integer");
      Object.assign(rateLimit, { remaining: times, retryAfterSeconds });
      reply.code(201);
      return { rateLimit };
    });
    app.get("/cloudflare/rate-limit", async () => ({ rateLimit }));
    app.delete("/cloudflare/rate-limit", async (_request, reply) => {
      rateLimit.remaining = 0;
      return reply.code(204).send();
    });
  };
}
