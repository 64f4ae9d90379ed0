/**
 * How the VPS.org routes are declared: one resource path with a handler per method. A method the path does
 * not take is 405 (DRF: `Method "PUT" not allowed.` with an `Allow` header), after authentication as in DRF.
 * Each handler gets the request's account, so no handler ever sees another account's state.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Account } from "./accounts";
import { VpsorgError } from "./conventions";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];

/** What a handler answers: 200 and a JSON body unless told. */
export interface Answer {
  status?: number;
  body?: unknown;
}
export type Handler = (request: FastifyRequest, account: Account) => Answer;

export interface Routes {
  resource(path: string, handlers: Partial<Record<Method, Handler>>): void;
  /** Whether a concrete path (e.g. `/vpsorg/api/v1/dns-zones/x/`) is one of the resources. */
  matches(path: string): boolean;
}

export function vpsorgRoutes(app: FastifyInstance, prefix: string, accountOf: (request: FastifyRequest) => Account): Routes {
  const patterns: RegExp[] = [];
  return {
    resource(path, handlers) {
      patterns.push(new RegExp(`^${prefix}${path.replace(/:[^/]+/g, "[^/]+")}$`));
      const allowed = METHODS.filter((method) => handlers[method]);
      for (const method of METHODS) {
        const handler = handlers[method];
        app.route({
          method,
          url: path,
          handler: async (request, reply) => {
            if (!handler) {
              reply.header("Allow", [...allowed, "HEAD", "OPTIONS"].join(", "));
              throw new VpsorgError(405, "method_not_allowed", `Method "${method}" not allowed.`);
            }
            const { status = 200, body } = handler(request, accountOf(request));
            return reply.code(status).send(body);
          },
        });
      }
    },
    matches: (path) => patterns.some((pattern) => pattern.test(path)),
  };
}
