/** `GET …/dns_records/usage` (not in the 2024 spec; wire.ts names the source). */
import { HttpClient } from "../../core/http";
import { getResult } from "../envelope";
import type { UsageWire } from "../wire";
import { recordsPath } from "./records";

export class UsageApi {
  constructor(private readonly http: HttpClient) {}

  get(zoneId: string): Promise<UsageWire> {
    return getResult<UsageWire>(this.http, `${recordsPath(zoneId)}/usage`);
  }
}
