/**
 * A reader of `multipart/form-data` (RFC 7578) text fields, for the import's `file` and `proxied` fields
 * (spec: `POST …/dns_records/import`). Enough for the emulator: fields by name, bodies as UTF-8 text.
 */
import { CODES, CloudflareError } from "./conventions";

const invalid = (message: string) => new CloudflareError(400, { code: CODES.invalidBody, message });

export function parseMultipart(body: Buffer, contentType: string): Record<string, string> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) throw invalid("multipart/form-data without a boundary");
  const delimiter = `--${boundary[1] ?? boundary[2].trim()}`;
  const text = body.toString("utf8");
  const fields: Record<string, string> = {};
  const parts = text.split(delimiter);
  // parts[0] is the preamble; the last part begins with "--" (the closing delimiter).
  for (const part of parts.slice(1)) {
    if (part.startsWith("--")) break;
    const split = part.indexOf("\r\n\r\n");
    if (split < 0) throw invalid("a multipart part has no header end");
    const headers = part.slice(0, split);
    const name = /content-disposition:[^\r\n]*\bname="([^"]*)"/i.exec(headers)?.[1];
    if (name === undefined) throw invalid("a multipart part has no name");
    fields[name] = part.slice(split + 4).replace(/\r\n$/, "");
  }
  return fields;
}
