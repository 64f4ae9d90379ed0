import type { FastifyInstance } from "fastify";

/**
 * Replaces fastify's JSON parser for a family: an empty body reads as no body (clients send `Content-Type:
 * application/json` on DELETE and on bodyless POSTs), and JSON that does not parse fails with the family's
 * own error (`invalid()`), so it reaches the family's error envelope.
 */
export function parseJsonBodies(app: FastifyInstance, invalid: (error: Error) => Error): void {
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    if (body === "") return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch (error) {
      done(invalid(error as Error), undefined);
    }
  });
}
