/** `POST /zones/{zone_id}/dns_records/batch`: deletes, patches, puts and posts in one transaction (wire.ts names the source). */
import { HttpClient } from "../../core/http";
import { Envelope } from "../envelope";
import type { BatchRequestWire, BatchResultWire } from "../wire";
import { recordsPath } from "./records";

/**
 * Most operations one batch may carry. Cloudflare's limit depends on the zone's plan (Free 200, paid plans
 * 3,500: "Batch record changes", developers.cloudflare.com/dns/manage-dns-records/how-to/batch-record-changes);
 * 200 holds on every plan.
 */
export const MAX_BATCH_OPERATIONS = 200;

export function batchSize(body: BatchRequestWire): number {
  return (body.deletes?.length ?? 0) + (body.patches?.length ?? 0) + (body.puts?.length ?? 0) + (body.posts?.length ?? 0);
}

export class BatchApi {
  constructor(private readonly http: HttpClient) {}

  /**
   * Sends one batch. Not idempotent (its posts would create twice), so a lost answer is never resent
   * blindly: callers read the zone again instead.
   */
  async send(zoneId: string, body: BatchRequestWire): Promise<BatchResultWire> {
    const wire: BatchRequestWire = {};
    // Empty lists are left out, as Cloudflare's own clients do.
    for (const key of ["deletes", "patches", "puts", "posts"] as const) if (body[key]?.length) (wire as Record<string, unknown>)[key] = body[key];
    return (await this.http.request<Envelope<BatchResultWire>>({ method: "POST", path: `${recordsPath(zoneId)}/batch`, body: wire })).data.result ?? {};
  }
}
