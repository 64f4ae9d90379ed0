/**
 * `POST /zones/{zone_id}/dns_records/batch` (not in the spec subset). Shapes from Cloudflare's API reference
 * "Batch DNS Records" (developers.cloudflare.com/api/go/resources/dns/subresources/records/methods/batch) and
 * cloudflare-typescript (`RecordBatchParams`: `deletes: [{id}]`, `patches: [{id, …fields}]`, `puts: [{id,
 * …record}]`, `posts: [record]`; `RecordBatchResponse`: `{deletes, patches, puts, posts}`, each a list of
 * records). Seed 002: one database transaction, executed as deletes, patches, puts, posts. Limit per request:
 * the plan's (Free 200, paid 3,500; "Batch record changes" docs).
 *
 * A failure applies nothing. How the API names the failing operation is not documented: the emulator answers
 * the operation's own status and errors, each message prefixed with where it is (`posts[3]: …`). Clients
 * should not parse that prefix.
 */
import type { FastifyInstance } from "fastify";
import { CODES, CloudflareError, success } from "./conventions";
import { renderRecord } from "./record-model";
import { bodyObject, createRecord, deleteRecord, overwriteRecord, patchRecord, requestPath } from "./records";
import { PLANS, type CloudflareContext, type StoredRecord } from "./state";
import { findZone } from "./zones";

const OPERATIONS = ["deletes", "patches", "puts", "posts"] as const;
type Operation = (typeof OPERATIONS)[number];

function located(error: unknown, where: string): unknown {
  if (!(error instanceof CloudflareError)) return error;
  return new CloudflareError(
    error.status,
    error.errors.map((e) => ({ ...e, message: `${where}: ${e.message}` })),
  );
}

export async function batchRoutes(app: FastifyInstance, ctx: CloudflareContext): Promise<void> {
  app.post<{ Params: { zone_id: string } }>("/zones/:zone_id/dns_records/batch", async (request) => {
    const path = requestPath(request);
    const zone = findZone(ctx, request.params.zone_id, path);
    const body = bodyObject(request.body);
    const lists = {} as Record<Operation, Record<string, unknown>[]>;
    for (const operation of OPERATIONS) {
      const list = body[operation] ?? [];
      if (!Array.isArray(list) || !list.every((item) => typeof item === "object" && item !== null && !Array.isArray(item))) {
        throw new CloudflareError(400, { code: CODES.invalidBody, message: `${operation} must be a list of objects.` });
      }
      lists[operation] = list as Record<string, unknown>[];
    }
    const size = OPERATIONS.reduce((sum, operation) => sum + lists[operation].length, 0);
    const limit = PLANS[zone.plan].batchLimit;
    if (size > limit) throw new CloudflareError(400, { code: CODES.batchTooLarge, message: `A batch may hold at most ${limit} operations on the ${zone.plan} plan; it holds ${size}.` });

    // The transaction: every operation runs on a copy, committed only when all passed.
    const working: StoredRecord[] = [...ctx.state().records];
    const result: Record<Operation, unknown[]> = { deletes: [], patches: [], puts: [], posts: [] };
    for (const operation of OPERATIONS) {
      lists[operation].forEach((item, index) => {
        const where = `${operation}[${index}]`;
        try {
          const { id, ...fields } = item;
          const record =
            operation === "deletes"
              ? deleteRecord(zone, working, id, `${path}/${String(id)}`)
              : operation === "patches"
                ? patchRecord(ctx, zone, working, id, fields, `${path}/${String(id)}`)
                : operation === "puts"
                  ? overwriteRecord(ctx, zone, working, id, fields, `${path}/${String(id)}`)
                  : createRecord(ctx, zone, working, fields);
          result[operation].push(renderRecord(record));
        } catch (error) {
          throw located(error, where);
        }
      });
    }
    ctx.state().records = working;
    return success(result);
  });
}
