/**
 * The plumbing every Hetzner API family shares, whatever its prefix and routes: the JSON body parser,
 * Bearer authentication, rate-limit and correlation id headers on every response, and the error envelope
 * for every failure (including fastify's own and injected faults).
 */
import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Family, InjectedError } from "../family";
import { parseJsonBodies } from "../json-body";
import { ERROR_STATUS, HetznerError, assertAuthorized, bearerToken, errorEnvelope } from "./conventions";
import type { RateLimits } from "./rate-limit";

export interface HetznerFamilyOptions {
  /** e.g. `/hcloud/v1`. */
  prefix: string;
  /** Accepted Bearer tokens, each with the project it belongs to. */
  projects: ReadonlyMap<string, string>;
  /** Makes `project` the one the routes' state belongs to, right before a request's handler runs. */
  useProject(project: string): void;
  /** Registers the family's own routes. */
  routes(app: FastifyInstance): Promise<void>;
  /** The rate-limit buckets (one per family and project) and whether they are enforced. */
  rateLimits: RateLimits;
}

function errorResponse({ status, code, message }: InjectedError) {
  const resolvedCode = code ?? Object.keys(ERROR_STATUS).find((c) => ERROR_STATUS[c] === status) ?? "server_error";
  const resolvedStatus = status ?? ERROR_STATUS[resolvedCode] ?? 500;
  return { status: resolvedStatus, body: errorEnvelope(resolvedCode, message ?? `injected ${resolvedCode}`) };
}

export function hetznerFamily({ prefix, projects, useProject, routes, rateLimits }: HetznerFamilyOptions): Family {

  async function plugin(app: FastifyInstance): Promise<void> {
    parseJsonBodies(app, () => new HetznerError(400, "json_error", "request body is not valid JSON"));

    const projectOf = new WeakMap<object, string>();
    const rateLimitHeaders = new WeakMap<object, Record<string, string>>();
    app.addHook("onRequest", async (request) => {
      const project = assertAuthorized(request, projects);
      projectOf.set(request, project);
      const { headers, refused } = rateLimits.take(prefix, project);
      rateLimitHeaders.set(request, headers);
      if (refused) throw new HetznerError(429, "rate_limit_exceeded", "limit of requests per hour reached");
    });
    // A callback hook, the last before the handler: fastify calls the handler synchronously after it, and
    // handlers never await, so no other request's project can come in between.
    app.addHook("preHandler", (request, _reply, done) => {
      const project = projectOf.get(request);
      if (project !== undefined) useProject(project);
      done();
    });

    app.addHook("onSend", async (request, reply, payload) => {
      // Answers given before the family's own hook (a refused token, an injected fault) count here.
      const headers = rateLimitHeaders.get(request) ?? rateLimits.take(prefix, projects.get(bearerToken(request) ?? "")).headers;
      // An injected fault's own rate-limit headers (a 429 storm with `RateLimit-Reset`) are what the client sees.
      if (!reply.hasHeader("RateLimit-Remaining")) reply.headers(headers);
      // hcloud-go puts it in every error string ("message (code, id)"), as the hcloud CLI prints it.
      reply.header("X-Correlation-Id", randomBytes(8).toString("hex"));
      return payload;
    });

    app.setErrorHandler((error, request, reply) => {
      if (error instanceof HetznerError) return reply.code(error.status).send(errorEnvelope(error.code, error.message, error.details));
      const status = (error as { statusCode?: number }).statusCode ?? 500;
      // fastify's own client errors all concern the body (media type, size, JSON syntax).
      if (status < 500) return reply.code(400).send(errorEnvelope("json_error", (error as Error).message));
      request.log.error(error);
      return reply.code(500).send(errorEnvelope("server_error", (error as Error).message));
    });

    app.setNotFoundHandler((request, reply) => reply.code(404).send(errorEnvelope("not_found", `${request.method} ${request.url} not found`)));

    await routes(app);
  }

  return { prefix, plugin, errorResponse };
}
