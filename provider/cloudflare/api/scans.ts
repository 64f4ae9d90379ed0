/**
 * The DNS record scan: `POST …/scan` (adds what it finds at once; in the spec), and the asynchronous
 * `POST …/scan/trigger`, `GET …/scan/review`, `POST …/scan/review` (not in the 2024 spec: from Cloudflare's
 * API reference and cloudflare-typescript `scanTrigger`, `scanList`, `scanReview`; wire.ts has the shapes).
 */
import { HttpClient } from "../../core/http";
import { Envelope, getResult } from "../envelope";
import type { ImportScanResultWire, RecordWire, ScanReviewRequestWire, ScanReviewResultWire } from "../wire";
import { recordsPath } from "./records";

export class ScansApi {
  constructor(private readonly http: HttpClient) {}

  /** Scans and adds the records found; the spec requires a JSON body, which carries nothing. */
  async scan(zoneId: string): Promise<ImportScanResultWire> {
    const { data } = await this.http.request<Envelope<ImportScanResultWire>>({ method: "POST", path: `${recordsPath(zoneId)}/scan`, body: {} });
    return data.result ?? {};
  }

  /** Starts a scan in the background; nothing is added until reviewed. */
  async trigger(zoneId: string): Promise<void> {
    await this.http.request({ method: "POST", path: `${recordsPath(zoneId)}/scan/trigger`, idempotent: true });
  }

  /** The records the scan found so far, not yet accepted or rejected (one page: cloudflare-typescript's SinglePage). */
  async listScanned(zoneId: string): Promise<RecordWire[]> {
    return (await getResult<RecordWire[] | null>(this.http, `${recordsPath(zoneId)}/scan/review`)) ?? [];
  }

  async review(zoneId: string, body: ScanReviewRequestWire): Promise<ScanReviewResultWire> {
    const { data } = await this.http.request<Envelope<ScanReviewResultWire>>({ method: "POST", path: `${recordsPath(zoneId)}/scan/review`, body });
    return data.result ?? {};
  }
}
