/**
 * The legacy Hetzner DNS API family (`/hetznerdns/api/v1`, the API of `https://dns.hetzner.com/api/v1`):
 * `Auth-API-Token` authentication, the API's error bodies, its rate-limit headers, and the routes of zones,
 * records, zone files and primary servers. It serves the emulator's projects and tokens: each project is
 * one DNS account with its own zones, so another account's zone is 404.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Family, InjectedError } from "../family";
import { parseJsonBodies } from "../json-body";
import type { StateStore } from "../state";
import { hetznerDnsControl } from "./control";
import { HetznerDnsError, UnauthorizedError, errorBody, hetznerDnsContext } from "./model";
import { primaryServerRoutes } from "./primary-servers";
import { recordRoutes } from "./records";
import { zoneFileRoutes } from "./zone-files";
import { zoneRoutes } from "./zones";

export const HETZNER_DNS_PREFIX = "/hetznerdns/api/v1";

export interface HetznerDnsOptions {
  /** Accepted tokens, each with its project: every project is an account with its own state. */
  projects: ReadonlyMap<string, string>;
  store: StateStore;
}

/**
 * The API's hourly quota as its gateway reports it on every response (`X-RateLimit-Limit-Hour`,
 * `RateLimit-Reset` in seconds until the window ends; headers quoted in hetzner-ocp4#223). Reported, not enforced.
 */
class HourlyQuota {
  static readonly LIMIT = 40000;
  private windowStart = 0;
  private used = 0;

  take(now = Date.now()): Record<string, string> {
    const hour = 3600_000;
    if (now - this.windowStart >= hour) {
      this.windowStart = now - (now % hour);
      this.used = 0;
    }
    this.used++;
    const remaining = String(Math.max(0, HourlyQuota.LIMIT - this.used));
    return {
      "X-RateLimit-Limit-Hour": String(HourlyQuota.LIMIT),
      "X-RateLimit-Remaining-Hour": remaining,
      "RateLimit-Limit": String(HourlyQuota.LIMIT),
      "RateLimit-Remaining": remaining,
      "RateLimit-Reset": String(Math.ceil((this.windowStart + hour - now) / 1000)),
    };
  }
}

/** The `Auth-API-Token` header (spec, security scheme), if the request carries one. */
function apiToken(request: FastifyRequest): string | undefined {
  const token = request.headers["auth-api-token"];
  return typeof token === "string" && token !== "" ? token : undefined;
}

export function hetznerDnsFamily({ projects, store }: HetznerDnsOptions): Family {
  const ctx = hetznerDnsContext(store, [...new Set(projects.values())]);
  const quota = new HourlyQuota();

  async function plugin(app: FastifyInstance): Promise<void> {
    parseJsonBodies(app, () => new HetznerDnsError(422, "422 Unprocessable Entity: request body is not valid JSON"));

    const projectOf = new WeakMap<object, string>();
    app.addHook("onRequest", async (request) => {
      const token = apiToken(request);
      // The gateway's answers for a missing and for an unknown key.
      if (token === undefined) throw new UnauthorizedError("No API key found in request");
      const project = projects.get(token);
      if (project === undefined) throw new UnauthorizedError("Invalid authentication credentials");
      projectOf.set(request, project);
    });
    // The last hook before the handler, and handlers never await: no other request's account comes in between.
    app.addHook("preHandler", (request, _reply, done) => {
      const project = projectOf.get(request);
      if (project !== undefined) ctx.useProject(project);
      done();
    });
    app.addHook("onSend", async (_request, reply, payload) => {
      reply.headers(quota.take());
      return payload;
    });

    app.setErrorHandler((error, request, reply) => {
      if (error instanceof UnauthorizedError) return reply.code(401).send({ message: error.message });
      if (error instanceof HetznerDnsError) return reply.code(error.status).send(errorBody(error.status, error.message, error.resource));
      const status = (error as { statusCode?: number }).statusCode ?? 500;
      // fastify's own client errors all concern the body (media type, size, syntax).
      if (status < 500) return reply.code(422).send(errorBody(422, `422 Unprocessable Entity: ${(error as Error).message}`));
      request.log.error(error);
      return reply.code(500).send(errorBody(500, (error as Error).message));
    });
    // The gateway's answer for a path it does not route.
    app.setNotFoundHandler((_request, reply) => reply.code(404).send({ message: "no Route matched with those values" }));

    await zoneRoutes(app, ctx);
    await recordRoutes(app, ctx);
    await zoneFileRoutes(app, ctx);
    await primaryServerRoutes(app, ctx);
  }

  return {
    prefix: HETZNER_DNS_PREFIX,
    plugin,
    tokenOf: apiToken,
    control: hetznerDnsControl(ctx),
    errorResponse: ({ status = 500, message }: InjectedError) => ({ status, body: errorBody(status, message ?? `injected ${status}`) }),
  };
}
