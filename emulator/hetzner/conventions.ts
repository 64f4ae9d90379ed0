/**
 * Conventions every Hetzner API shares (the Cloud API and the Hetzner API of storage boxes document the
 * same "Errors", "Authentication" and "Query Parameters" sections): the error envelope and status per
 * code, Bearer authentication, field errors, request bodies, ids, query values and timestamps.
 */
import type { FastifyRequest } from "fastify";

/** Status per generic error code (the "Error Codes" table of both specs); call-specific codes give their own status. */
export const ERROR_STATUS: Record<string, number> = {
  json_error: 400,
  unauthorized: 401,
  token_readonly: 401,
  forbidden: 403,
  maintenance: 403,
  resource_limit_exceeded: 403,
  not_found: 404,
  method_not_allowed: 405,
  uniqueness_error: 409,
  conflict: 409,
  deprecated_api_endpoint: 410,
  resource_unavailable: 412,
  invalid_input: 422,
  service_error: 422,
  unsupported_error: 422,
  locked: 423,
  protected: 423,
  rate_limit_exceeded: 429,
  server_error: 500,
  unavailable: 503,
  timeout: 504,
};

export class HetznerError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: object | null = null,
  ) {
    super(message);
  }
}

export function errorEnvelope(code: string, message: string, details: object | null = null) {
  return { error: { code, message, details } };
}

export const notFound = (what: string) => new HetznerError(404, "not_found", `${what} not found`);

/** `resource_limit_exceeded` with the documented details shape (`{limits: [{name}]}`). */
export const limitExceeded = (limit: string, message: string) => new HetznerError(403, "resource_limit_exceeded", message, { limits: [{ name: limit }] });

/** The Bearer token of a request, if it carries one. */
export const bearerToken = (request: FastifyRequest): string | undefined => /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];

/** The project the request's token belongs to (`projects`: token → project); `unauthorized` for any other token. */
export function assertAuthorized(request: FastifyRequest, projects: ReadonlyMap<string, string>): string {
  const token = bearerToken(request);
  const project = token === undefined ? undefined : projects.get(token);
  if (project === undefined) throw new HetznerError(401, "unauthorized", "unable to authenticate");
  return project;
}

/** Collects `invalid_input` messages per field, reported together as `details.fields`. */
export class FieldErrors {
  private readonly fields = new Map<string, string[]>();

  add(name: string, message: string): void {
    this.fields.set(name, [...(this.fields.get(name) ?? []), message]);
  }

  throwIfAny(): void {
    if (this.fields.size > 0) throw this.toError();
  }

  toError(): HetznerError {
    const fields = [...this.fields].map(([name, messages]) => ({ name, messages }));
    const [first] = fields;
    const message =
      fields.length === 1
        ? `invalid input in field '${first.name}': ${first.messages.join(", ")}`
        : `invalid input in fields ${fields.map((f) => `'${f.name}'`).join(", ")}`;
    return new HetznerError(422, "invalid_input", message, { fields });
  }
}

export function invalidInput(field: string, message: string): HetznerError {
  const errors = new FieldErrors();
  errors.add(field, message);
  return errors.toError();
}

/** RFC 3339 in the form the API uses (`2016-01-30T23:55:00+00:00`). */
export function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+00:00");
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The JSON body of an operation that takes one; no body reads as `{}`. */
export function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  // The API answers a JSON `null` body with json_error "root must be an object" (lsymds/hetznercloud-py#10).
  if (!isObject(body)) throw new HetznerError(400, "json_error", "root must be an object");
  return body;
}

/**
 * Refuses a body on an operation the spec documents without a `requestBody`. An empty body is fine,
 * with or without `Content-Type: application/json` (the family's JSON parser reads it as undefined),
 * and so is an empty object `{}`: the API takes it, and the official clients send it (hcloud-go posts
 * `{}` on Floating IP unassign), so refusing it would break the hcloud CLI. Anything else is refused
 * with the API's code for a body it cannot take, 400 `json_error` (spec "Error Codes"; the API answers
 * a `null` body this way, lsymds/hetznercloud-py#10). That our own provider sends no body at all is
 * held by the request contract check of the tests, not here.
 */
export function refuseBody(request: FastifyRequest): void {
  const body = request.body;
  if (body === undefined || (isObject(body) && Object.keys(body).length === 0)) return;
  throw new HetznerError(400, "json_error", `${request.method} ${request.url.split("?")[0]} takes no request body`);
}

export function idParam(raw: string, what: string): number {
  if (!/^[1-9]\d{0,15}$/.test(raw)) throw notFound(what);
  return Number(raw);
}

// ---- query parameters (repeatable ones arrive as arrays) ----

export type Query = Record<string, string | string[] | undefined>;

export function queryValues(query: Query, name: string): string[] {
  const value = query[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

export function queryValue(query: Query, name: string): string | undefined {
  return queryValues(query, name).at(-1);
}
