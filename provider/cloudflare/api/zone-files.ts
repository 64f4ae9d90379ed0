/** `GET …/dns_records/export` (a BIND zone file) and `POST …/dns_records/import` (multipart, per the spec). */
import { HttpClient } from "../../core/http";
import { Envelope } from "../envelope";
import type { ImportScanResultWire } from "../wire";
import { recordsPath } from "./records";

export class ZoneFilesApi {
  constructor(private readonly http: HttpClient) {}

  /** The zone's records as a BIND zone file (the answer is text/plain, not the envelope). */
  async export(zoneId: string): Promise<string> {
    const { data } = await this.http.request<unknown>({ method: "GET", path: `${recordsPath(zoneId)}/export`, accept: "text/plain" });
    return typeof data === "string" ? data : String(data ?? "");
  }

  /** Adds the file's records to the zone; `proxied` makes the proxiable ones proxied. */
  async import(zoneId: string, file: string, proxied?: boolean): Promise<ImportScanResultWire> {
    const form = new FormData();
    form.append("file", new Blob([file], { type: "text/plain" }), "bind_config.txt");
    if (proxied !== undefined) form.append("proxied", String(proxied));
    const { data } = await this.http.request<Envelope<ImportScanResultWire>>({ method: "POST", path: `${recordsPath(zoneId)}/import`, body: form, contentType: "multipart/form-data" });
    return data.result ?? {};
  }
}
