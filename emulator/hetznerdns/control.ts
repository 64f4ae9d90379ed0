/**
 * Control routes of the legacy DNS family (no auth, under `/__emulator/hetznerdns`): `GET`/`PUT /config`
 * `{timestamps: "rfc3339" | "go"}`, the form of the account's timestamps (see TimestampForm).
 * `?project=<name>` picks the account (default: the default project); a reset restores `rfc3339`.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { DEFAULT_PROJECT } from "../state";
import { TIMESTAMP_FORMS, isObject, type HetznerDnsContext, type TimestampForm } from "./model";

class BadControlRequest extends Error {}

export function hetznerDnsControl(ctx: HetznerDnsContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.setErrorHandler((error, _request, reply) => {
      const status = error instanceof BadControlRequest ? 400 : ((error as { statusCode?: number }).statusCode ?? 500);
      return reply.code(status).send({ error: (error as Error).message });
    });

    const useProjectOf = (request: FastifyRequest) => {
      const project = (request.query as { project?: unknown }).project ?? DEFAULT_PROJECT;
      if (typeof project !== "string" || !ctx.hasProject(project)) throw new BadControlRequest(`no project ${String(project)}`);
      ctx.useProject(project);
    };

    app.get("/hetznerdns/config", async (request) => {
      useProjectOf(request);
      return { timestamps: ctx.state().timestamps };
    });

    app.put("/hetznerdns/config", async (request) => {
      useProjectOf(request);
      const timestamps = isObject(request.body) ? request.body.timestamps : undefined;
      if (!TIMESTAMP_FORMS.includes(timestamps as TimestampForm)) throw new BadControlRequest(`timestamps must be one of ${TIMESTAMP_FORMS.join(", ")}`);
      ctx.state().timestamps = timestamps as TimestampForm;
      return { timestamps };
    });
  };
}
