import type { FastifyInstance } from "fastify";

/**
 * Parses JSON request bodies the way the emulated APIs do: an empty body reads as no body (clients send
 * `Content-Type: application/json` on DELETE and on bodyless POSTs); bad JSON fails with the family's own
 * error (`invalidJson`).
 */
export function parseJsonBodies(app: FastifyInstance, invalidJson: () => Error): void {
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    if (body === "") return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(invalidJson(), undefined);
    }
  });
}
