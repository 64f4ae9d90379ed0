import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from "fastify";

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
  /** The request's token, where this API takes it from elsewhere than a Bearer `Authorization` header. */
  tokenOf?(request: FastifyRequest): string | undefined;
}

