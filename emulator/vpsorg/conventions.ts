/**
 * What every VPS.org DNS route shares. The contract is the seed 003 (VPS.org "DNS Management API" page,
 * no official spec); where it is silent the emulator follows Django REST framework (DRF), which the API's
 * shape shows it is built on (trailing slashes, `detail` errors, `?zone=` filters), and says so.
 */
import type { FastifyRequest } from "fastify";

/** Status per `error_code`. `validation_error` is the seed's; the others are DRF's exception codes. */
export const ERROR_STATUS: Record<string, number> = {
  validation_error: 400,
  parse_error: 400,
  not_authenticated: 401,
  authentication_failed: 401,
  permission_denied: 403,
  not_found: 404,
  method_not_allowed: 405,
  unsupported_media_type: 415,
  throttled: 429,
  server_error: 500,
  service_unavailable: 503,
};

/** An error as the seed's "Example Error Response" shows it: `{detail, error_code, field?}`. */
export class VpsorgError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    detail: string,
    readonly field?: string,
  ) {
    super(detail);
  }

  get body(): { detail: string; error_code: string; field?: string } {
    return { detail: this.message, error_code: this.errorCode, ...(this.field === undefined ? {} : { field: this.field }) };
  }
}

/** Seed "Common Errors": 404 "Zone/record not found … ensure resource belongs to your account". */
export const notFound = (what: "Zone" | "Record") => new VpsorgError(404, "not_found", `${what} not found`);

/** One field's problem (seed: "MX records require a priority value", field `priority`). */
export const invalid = (field: string, detail: string) => new VpsorgError(400, "validation_error", detail, field);

/** The seed's timestamps: ISO 8601 in UTC to the second (`2024-01-15T10:30:00Z`). */
export const timestamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The JSON object a write takes. No body reads as `{}` (DRF's empty `request.data`), so the required fields
 * are reported; another JSON value is DRF's "Invalid data. Expected a dictionary".
 */
export function bodyObject(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  if (body === undefined) return {};
  if (!isObject(body)) throw new VpsorgError(400, "validation_error", `Invalid data. Expected a dictionary, but got ${Array.isArray(body) ? "list" : typeof body}.`);
  return body;
}

/** A query parameter's last value (a repeated key arrives as an array; DRF's `query_params.get` takes the last). */
export function queryValue(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value.at(-1) : value;
}

/** A canonical UUID (DRF's UUIDField takes any case; ids are compared in lower case). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
