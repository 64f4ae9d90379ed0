/**
 * The Cloudflare API v4 family (`/cloudflare/client/v4`, the API of `https://api.cloudflare.com/client/v4`):
 * Bearer token auth, the `{success, errors, messages, result}` envelope for every answer (fastify's own
 * errors and injected faults too), zones and DNS records (spec `cloudflare-dns-records.openapi.json` where
 * it has the path; the rest from Cloudflare's docs and SDKs, cited in each file), and a control route that
 * makes the next requests 429 with `Retry-After`. Each emulator project is a Cloudflare account.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Family, InjectedError } from "../family";
import { parseJsonBodies } from "../json-body";
import type { StateStore } from "../state";
import { batchRoutes } from "./batch";
import { CODES, CloudflareError, failure } from "./conventions";
import { cloudflareControl, type RateLimitFault } from "./control";
import { parseMultipart } from "./multipart";
import { recordRoutes } from "./records";
import { scanRoutes } from "./scan";
import { cloudflareContext } from "./state";
import { zoneFileRoutes } from "./zonefile";
import { zoneRoutes } from "./zones";

export const CLOUDFLARE_PREFIX = "/cloudflare/client/v4";

export interface CloudflareOptions {
  /** Accepted Bearer tokens, each with its project (its Cloudflare account). */
  projects: ReadonlyMap<string, string>;
  store: StateStore;
}

/** The account (project) of a request's credentials; Cloudflare's answer for missing, malformed and unknown ones. */
function authenticate(request: FastifyRequest, projects: ReadonlyMap<string, string>): string {
  const authorization = request.headers.authorization;
  if (authorization === undefined) {
    // Global API keys (X-Auth-Email + X-Auth-Key) are not emulated: only API tokens.
    if (request.headers["x-auth-key"] !== undefined || request.headers["x-auth-email"] !== undefined) {
      throw new CloudflareError(400, { code: CODES.invalidHeaders, message: "Invalid request headers", error_chain: [{ code: 6103, message: "Invalid format for X-Auth-Key header" }] });
    }
    throw new CloudflareError(400, { code: CODES.missingAuth, message: "Missing X-Auth-Key, X-Auth-Email or Authorization headers" });
  }
  const token = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(authorization)?.[1];
  if (token === undefined) {
    throw new CloudflareError(400, {
      code: CODES.invalidHeaders,
      message: "Invalid request headers",
      error_chain: [{ code: CODES.invalidAuthorizationFormat, message: "Invalid format for Authorization header" }],
    });
  }
  const project = projects.get(token);
  if (project === undefined) throw new CloudflareError(403, { code: CODES.authentication, message: "Authentication error" });
  return project;
}

const RATE_LIMITED = { code: CODES.rateLimited, message: "More than 1200 requests per 300 seconds reached. Please wait and consider throttling your request speed" };

function errorResponse({ status, code, message }: InjectedError) {
  const resolvedStatus = status ?? 500;
  const numeric = Number(code);
  return { status: resolvedStatus, body: failure([{ code: Number.isInteger(numeric) && numeric >= 1000 ? numeric : resolvedStatus === 429 ? CODES.rateLimited : 10001, message: message ?? "injected fault" }]) };
}

export function cloudflareFamily({ projects, store }: CloudflareOptions): Family {
  const ctx = cloudflareContext(store, [...new Set(projects.values())]);
  const rateLimit: RateLimitFault = { remaining: 0, retryAfterSeconds: 1 };

  async function plugin(app: FastifyInstance): Promise<void> {
    parseJsonBodies(app, () => new CloudflareError(400, { code: CODES.invalidBody, message: "Request body is invalid: not JSON." }));
    // The import's `file` and `proxied` form fields.
    app.addContentTypeParser("multipart/form-data", { parseAs: "buffer" }, (request, body, done) => {
      try {
        done(null, parseMultipart(body as Buffer, request.headers["content-type"] ?? ""));
      } catch (error) {
        done(error as Error, undefined);
      }
    });

    const projectOf = new WeakMap<object, string>();
    app.addHook("onRequest", async (request, reply) => {
      if (rateLimit.remaining > 0) {
        rateLimit.remaining--;
        reply.header("Retry-After", String(rateLimit.retryAfterSeconds));
        return reply.code(429).send(failure([RATE_LIMITED]));
      }
      projectOf.set(request, authenticate(request, projects));
    });
    // A callback hook, the last before the handler: the handler runs synchronously after it and never
    // awaits, so no other request's account can come in between.
    app.addHook("preHandler", (request, _reply, done) => {
      const project = projectOf.get(request);
      if (project !== undefined) ctx.useProject(project);
      done();
    });

    app.setErrorHandler((error, request, reply) => {
      if (error instanceof CloudflareError) return reply.code(error.status).send(failure(error.errors));
      const status = (error as { statusCode?: number }).statusCode ?? 500;
      if (status < 500) return reply.code(400).send(failure([{ code: CODES.invalidBody, message: (error as Error).message }]));
      request.log.error(error);
      return reply.code(500).send(failure([{ code: 10001, message: (error as Error).message }]));
    });
    app.setNotFoundHandler((_request, reply) => reply.code(400).send(failure([{ code: CODES.noRoute, message: "No route for that URI" }])));

    await zoneRoutes(app, ctx);
    await recordRoutes(app, ctx);
    await batchRoutes(app, ctx);
    await zoneFileRoutes(app, ctx);
    await scanRoutes(app, ctx);
  }

  return { prefix: CLOUDFLARE_PREFIX, plugin, errorResponse, control: cloudflareControl(ctx, rateLimit) };
}
