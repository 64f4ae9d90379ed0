import type { FastifyInstance, FastifyPluginAsync } from "fastify";

export interface InjectedError {
  status?: number;
  code?: string;
  message?: string;
}

/** One emulated API (e.g. Hetzner Cloud under `/hcloud/v1`), mounted as a fastify plugin under its prefix. */
export interface Family {
  prefix: string;
  plugin: FastifyPluginAsync;
  /** Renders an injected fault the way this API reports errors (status and error envelope). */
  errorResponse(error: InjectedError): { status: number; body: unknown };
  /** The family's own control routes, mounted under `/__emulator` (no auth). */
  control?: FastifyPluginAsync;
  /** The request body as the request log keeps it (e.g. with passwords redacted); by default as parsed. */
  logBody?(body: unknown): unknown;
}

/**
 * The family's JSON body parser: an empty body reads as no body (clients send `Content-Type:
 * application/json` on DELETE and on bodyless POSTs); bad JSON is the family's own error.
 */
export function parseJsonBodies(app: FastifyInstance, badJson: (error: Error) => Error): void {
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    if (body === "") return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch (error) {
      done(badJson(error as Error), undefined);
    }
  });
}
