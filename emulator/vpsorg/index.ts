/**
 * The VPS.org DNS family (`/vpsorg/api/v1`, the API of `https://admin.vps.org/api/v1`; contract: seed 003
 * and tests/contract/vpsorg.openapi.json). Every emulator project is one account; the API takes its tokens
 * that start with `vps_` (seed: 401 "Invalid API token: check token format (must start with vps_)").
 * Django's order holds: an unknown path is 404 and a path without its trailing slash is redirected before
 * authentication (CommonMiddleware), then DRF authenticates, then the method is allowed or not.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Family, InjectedError } from "../family";
import { parseJsonBodies } from "../json-body";
import type { StateStore } from "../state";
import { vpsorgAccounts, type Account } from "./accounts";
import { ERROR_STATUS, VpsorgError } from "./conventions";
import { bearerToken } from "../hetzner/conventions";
import { recordRoutes } from "./records";
import { vpsorgRoutes } from "./routes";
import { zoneRoutes } from "./zones";

export const VPSORG_PREFIX = "/vpsorg/api/v1";
const TOKEN_PREFIX = "vps_";

export interface VpsorgOptions {
  /** Accepted Bearer tokens, each with its project: every project is one account with its own state. */
  projects: ReadonlyMap<string, string>;
  store: StateStore;
}

function errorResponse({ status, code, message }: InjectedError) {
  const errorCode = code ?? Object.keys(ERROR_STATUS).find((c) => ERROR_STATUS[c] === status) ?? "server_error";
  return { status: status ?? ERROR_STATUS[errorCode] ?? 500, body: { detail: message ?? `injected ${errorCode}`, error_code: errorCode } };
}

/**
 * The account of the request's token. DRF's two 401s: no `Bearer` credentials at all (another scheme is
 * none for a token authentication class); a Bearer token it does not know.
 */
function authenticate(request: FastifyRequest, projects: ReadonlyMap<string, string>, accounts: Map<string, Account>): Account {
  if (!/^bearer(\s|$)/i.test(request.headers.authorization ?? "")) throw new VpsorgError(401, "not_authenticated", "Authentication credentials were not provided.");
  const token = bearerToken(request);
  const project = token?.startsWith(TOKEN_PREFIX) ? projects.get(token) : undefined;
  if (project === undefined) throw new VpsorgError(401, "authentication_failed", "Invalid API token");
  return accounts.get(project)!;
}

export function vpsorgFamily({ projects, store }: VpsorgOptions): Family {
  const accounts = vpsorgAccounts(store, projects.values());

  async function plugin(app: FastifyInstance): Promise<void> {
    // DRF reads an empty body as no data; bad JSON is its `parse_error`.
    parseJsonBodies(app, (error) => new VpsorgError(400, "parse_error", `JSON parse error - ${error.message}`));

    const accountOf = new WeakMap<FastifyRequest, Account>();
    app.addHook("onRequest", async (request, reply) => {
      if (request.is404) return;
      try {
        accountOf.set(request, authenticate(request, projects, accounts));
      } catch (error) {
        // DRF's TokenAuthentication-style 401s carry the scheme to use.
        reply.header("WWW-Authenticate", 'Bearer realm="api"');
        throw error;
      }
    });

    app.setErrorHandler((error, request, reply) => {
      if (error instanceof VpsorgError) return reply.code(error.status).send(error.body);
      const status = (error as { statusCode?: number }).statusCode ?? 500;
      if (status === 415) return reply.code(415).send({ detail: `Unsupported media type "${request.headers["content-type"]}" in request.`, error_code: "unsupported_media_type" });
      if (status < 500) return reply.code(400).send({ detail: (error as Error).message, error_code: "parse_error" });
      request.log.error(error);
      return reply.code(500).send({ detail: "A server error occurred.", error_code: "server_error" });
    });

    const routes = vpsorgRoutes(app, VPSORG_PREFIX, (request) => accountOf.get(request)!);
    zoneRoutes(routes, () => accounts.values());
    recordRoutes(routes);

    app.setNotFoundHandler((request, reply) => {
      const [path, query] = request.url.split(/\?(.*)/s);
      // Django's APPEND_SLASH (CommonMiddleware, production mode): a path that only lacks its trailing
      // slash gets 301 to the slashed one, whatever the method (a client following it turns POST into GET).
      if (!path.endsWith("/") && routes.matches(`${path}/`)) {
        return reply.code(301).header("Location", `${path}/${query ? `?${query}` : ""}`).send();
      }
      return reply.code(404).send({ detail: "Not found.", error_code: "not_found" });
    });
  }

  return { prefix: VPSORG_PREFIX, plugin, errorResponse };
}
