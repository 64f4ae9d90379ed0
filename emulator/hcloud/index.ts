/**
 * The Hetzner Cloud API family (`/hcloud/v1`): authentication, rate-limit headers, the error envelope for
 * every failure (including fastify's own), and the resource routes.
 */
import type { FastifyInstance } from "fastify";
import type { Family, InjectedError } from "../family";
import type { Runtime } from "../state";
import { actionRoutes } from "./actions";
import { certificateRoutes } from "./certificates";
import { ERROR_STATUS, HcloudError, RateLimit, assertAuthorized, errorEnvelope } from "./conventions";
import type { HcloudContext, HcloudState } from "./context";
import { firewallRoutes, firewallsOfServer } from "./firewalls";
import { floatingIpRoutes, floatingIpsOfServer } from "./floating-ips";
import { locationRoutes } from "./locations";
import { serverRoutes } from "./servers";

export interface HcloudOptions {
  tokens: string[];
  runtime: Runtime;
  state: () => HcloudState;
}

function errorResponse({ status, code, message }: InjectedError) {
  const resolvedCode = code ?? Object.keys(ERROR_STATUS).find((c) => ERROR_STATUS[c] === status) ?? "server_error";
  const resolvedStatus = status ?? ERROR_STATUS[resolvedCode] ?? 500;
  return { status: resolvedStatus, body: errorEnvelope(resolvedCode, message ?? `injected ${resolvedCode}`) };
}

export function hcloudFamily(options: HcloudOptions): Family {
  const ctx: HcloudContext = { state: options.state, runtime: options.runtime };
  const rateLimit = new RateLimit();

  async function plugin(app: FastifyInstance): Promise<void> {
    // Empty bodies are accepted (clients send `Content-Type: application/json` on DELETE); bad JSON is `json_error`.
    app.removeContentTypeParser("application/json");
    app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
      if (body === "") return done(null, undefined);
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(new HcloudError(400, "json_error", "request body is not valid JSON"), undefined);
      }
    });

    app.addHook("onRequest", async (request) => assertAuthorized(request, options.tokens));

    app.addHook("onSend", async (_request, reply, payload) => {
      reply.headers(rateLimit.take());
      return payload;
    });

    app.setErrorHandler((error, request, reply) => {
      if (error instanceof HcloudError) return reply.code(error.status).send(errorEnvelope(error.code, error.message, error.details));
      const status = (error as { statusCode?: number }).statusCode ?? 500;
      // fastify's own client errors all concern the body (media type, size, JSON syntax).
      if (status < 500) return reply.code(400).send(errorEnvelope("json_error", (error as Error).message));
      request.log.error(error);
      return reply.code(500).send(errorEnvelope("server_error", (error as Error).message));
    });

    app.setNotFoundHandler((request, reply) => reply.code(404).send(errorEnvelope("not_found", `${request.method} ${request.url} not found`)));

    await actionRoutes(app, ctx);
    await firewallRoutes(app, ctx);
    await serverRoutes(app, (serverId) => firewallsOfServer(ctx, serverId), (serverId) => floatingIpsOfServer(ctx, serverId));
    await floatingIpRoutes(app, ctx);
    await locationRoutes(app);
    await certificateRoutes(app, ctx);
  }

  return { prefix: "/hcloud/v1", plugin, errorResponse };
}
