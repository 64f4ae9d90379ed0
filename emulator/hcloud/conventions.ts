/**
 * Conventions shared by every Hetzner Cloud endpoint, as documented in the API overview: error envelope
 * and status per code, Bearer authentication, labels, label selectors, sorting, pagination (meta + Link
 * header), rate-limit headers, timestamps.
 */
import type { FastifyReply, FastifyRequest } from "fastify";

/** Status per generic error code (spec "Error Codes" table); call-specific codes give their own status. */
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

export class HcloudError extends Error {
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

export const notFound = (what: string) => new HcloudError(404, "not_found", `${what} not found`);

export function assertAuthorized(request: FastifyRequest, tokens: string[]): void {
  const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
  if (token === undefined || !tokens.includes(token)) throw new HcloudError(401, "unauthorized", "unable to authenticate");
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

  toError(): HcloudError {
    const fields = [...this.fields].map(([name, messages]) => ({ name, messages }));
    const [first] = fields;
    const message =
      fields.length === 1
        ? `invalid input in field '${first.name}': ${first.messages.join(", ")}`
        : `invalid input in fields ${fields.map((f) => `'${f.name}'`).join(", ")}`;
    return new HcloudError(422, "invalid_input", message, { fields });
  }
}

export function invalidInput(field: string, message: string): HcloudError {
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

export function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (!isObject(body)) throw new HcloudError(400, "json_error", "body must be a JSON object");
  return body;
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

// ---- labels ----

const LABEL_NAME = /^[a-zA-Z0-9]([-_.a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const DNS_LABEL = /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;

function labelKeyError(key: string): string | undefined {
  const slash = key.indexOf("/");
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (name.length > 63 || !LABEL_NAME.test(name)) return `label key '${key}' has an invalid name`;
  if (prefix === undefined) return undefined;
  if (prefix.length > 253 || !prefix.split(".").every((part) => part.length <= 63 && DNS_LABEL.test(part))) {
    return `label key '${key}' has an invalid prefix`;
  }
  if (prefix === "hetzner.cloud") return `label key prefix 'hetzner.cloud/' is reserved`;
  return undefined;
}

/** Reports label errors under the `labels` field; labels must be an object of string values. */
export function validateLabels(labels: unknown, errors: FieldErrors): void {
  if (labels === undefined) return;
  if (!isObject(labels)) {
    errors.add("labels", "must be an object");
    return;
  }
  for (const [key, value] of Object.entries(labels)) {
    const keyError = labelKeyError(key);
    if (keyError) errors.add("labels", keyError);
    if (typeof value !== "string") errors.add("labels", `label value of '${key}' must be a string`);
    else if (value.length > 63 || (value !== "" && !LABEL_NAME.test(value))) {
      errors.add("labels", `label value '${value}' of '${key}' is invalid`);
    }
  }
}

// ---- label selectors ----

export type Labels = Record<string, string>;
type Requirement = (labels: Labels) => boolean;

const KEY = "[a-zA-Z0-9](?:[-_./a-zA-Z0-9]*[a-zA-Z0-9])?";
const VALUE = "(?:[a-zA-Z0-9](?:[-_.a-zA-Z0-9]*[a-zA-Z0-9])?)?";
const NOT_EXISTS = new RegExp(`^!\\s*(${KEY})$`);
const SET = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^()]*)\\)$`);
const COMPARE = new RegExp(`^(${KEY})\\s*(==|!=|=)\\s*(${VALUE})$`);
const EXISTS = new RegExp(`^(${KEY})$`);
const SET_VALUE = new RegExp(`^${VALUE}$`);

function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    if (selector[i] === "(") depth++;
    else if (selector[i] === ")") depth--;
    else if (selector[i] === "," && depth === 0) {
      parts.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(selector.slice(start));
  return parts.map((part) => part.trim());
}

function parseRequirement(expression: string): Requirement | undefined {
  let match = NOT_EXISTS.exec(expression);
  if (match) {
    const key = match[1];
    return (labels) => !(key in labels);
  }
  match = SET.exec(expression);
  if (match) {
    const [, key, operator, list] = match;
    const values = list.split(",").map((value) => value.trim());
    if (!values.every((value) => SET_VALUE.test(value))) return undefined;
    // Like Kubernetes selectors, `notin` also matches resources without the key.
    return operator === "in"
      ? (labels) => key in labels && values.includes(labels[key])
      : (labels) => !(key in labels) || !values.includes(labels[key]);
  }
  match = COMPARE.exec(expression);
  if (match) {
    const [, key, operator, value] = match;
    return operator === "!=" ? (labels) => labels[key] !== value : (labels) => labels[key] === value;
  }
  match = EXISTS.exec(expression);
  if (match) {
    const key = match[1];
    return (labels) => key in labels;
  }
  return undefined;
}

/** Compiles a label selector (all requirements must hold); a syntax error is `invalid_input` on `field`. */
export function labelSelector(selector: string, field: string): (labels: Labels) => boolean {
  const requirements = splitTopLevel(selector).map((expression) => {
    const requirement = parseRequirement(expression);
    if (!requirement) throw invalidInput(field, `invalid label selector expression '${expression}'`);
    return requirement;
  });
  return (labels) => requirements.every((requirement) => requirement(labels));
}

/** Applies the common `name` and `label_selector` list filters. */
export function filterByNameAndLabels<T extends { name: string; labels: Labels }>(items: T[], query: Query): T[] {
  const name = queryValue(query, "name");
  const selector = queryValue(query, "label_selector");
  const matches = selector ? labelSelector(selector, "label_selector") : () => true;
  return items.filter((item) => (name === undefined || item.name === name) && matches(item.labels));
}

// ---- sorting ----

export type SortKeys<T> = Record<string, (item: T) => string | number | null>;

/** `sort=field[:asc|:desc]`, repeatable; nulls sort last. */
export function sortItems<T>(items: T[], query: Query, keys: SortKeys<T>): T[] {
  const orders = queryValues(query, "sort").map((spec) => {
    const [field, direction = "asc"] = spec.split(":");
    if (!(field in keys) || !["asc", "desc"].includes(direction)) throw invalidInput("sort", `invalid sort '${spec}'`);
    return { key: keys[field], sign: direction === "asc" ? 1 : -1 };
  });
  return [...items].sort((a, b) => {
    for (const { key, sign } of orders) {
      const [x, y] = [key(a), key(b)];
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * sign;
    }
    return 0;
  });
}

// ---- pagination ----

const DEFAULT_PER_PAGE = 25;
const MAX_PER_PAGE = 50;

function pageParam(query: Query, name: string, fallback: number): number {
  const raw = queryValue(query, name);
  if (raw === undefined) return fallback;
  if (!/^[1-9]\d*$/.test(raw)) throw invalidInput(name, "must be a positive integer");
  return Number(raw);
}

/** Returns one page as `{ [key]: items, meta: { pagination } }` and sets the `Link` header. */
export function paginate<T>(request: FastifyRequest, reply: FastifyReply, items: T[], key: string) {
  const query = request.query as Query;
  const page = pageParam(query, "page", 1);
  const perPage = Math.min(pageParam(query, "per_page", DEFAULT_PER_PAGE), MAX_PER_PAGE);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const pagination = {
    page,
    per_page: perPage,
    previous_page: page > 1 ? Math.min(page - 1, lastPage) : null,
    next_page: page < lastPage ? page + 1 : null,
    last_page: lastPage,
    total_entries: items.length,
  };
  reply.header("Link", linkHeader(request, perPage, pagination));
  return { [key]: items.slice((page - 1) * perPage, page * perPage), meta: { pagination } };
}

function linkHeader(
  request: FastifyRequest,
  perPage: number,
  pagination: { previous_page: number | null; next_page: number | null; last_page: number },
): string {
  const url = new URL(request.url, `${request.protocol}://${request.host}`);
  const link = (page: number, rel: string) => {
    url.searchParams.set("page", String(page));
    url.searchParams.set("per_page", String(perPage));
    return `<${url.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (pagination.previous_page !== null) links.push(link(pagination.previous_page, "prev"));
  if (pagination.next_page !== null) links.push(link(pagination.next_page, "next"));
  links.push(link(pagination.last_page, "last"));
  return links.join(", ");
}

// ---- rate limiting ----

/** Token bucket per project as documented: 3600 per hour, refilled by one per second. Reported, not enforced. */
export class RateLimit {
  static readonly LIMIT = 3600;
  private remaining = RateLimit.LIMIT;
  private refilledAt = Date.now();

  take(now = Date.now()): Record<string, string> {
    const refill = Math.floor((now - this.refilledAt) / 1000);
    if (refill > 0) {
      this.remaining = Math.min(RateLimit.LIMIT, this.remaining + refill);
      this.refilledAt += refill * 1000;
    }
    this.remaining = Math.max(0, this.remaining - 1);
    const reset = Math.ceil(now / 1000) + (RateLimit.LIMIT - this.remaining);
    return {
      "RateLimit-Limit": String(RateLimit.LIMIT),
      "RateLimit-Remaining": String(this.remaining),
      "RateLimit-Reset": String(reset),
    };
  }
}

const MAX_NAME_LENGTH = 128;

/** Resource names: non-empty, at most 128 characters (every named Hetzner Cloud resource). */
export function validateName(name: unknown, errors: FieldErrors): void {
  if (typeof name !== "string" || name.trim() === "") errors.add("name", "is required and must be a non-empty string");
  else if (name.length > MAX_NAME_LENGTH) errors.add("name", `must be at most ${MAX_NAME_LENGTH} characters`);
}

/**
 * The `PUT /<things>/{id}` of a named, labelled resource: validates name, any extra fields and labels
 * together, then applies them (labels are replaced as a whole, as the API documents).
 */
export function updateNameAndLabels(
  body: Record<string, unknown>,
  target: { name: string; labels: Labels },
  assertUniqueName: (name: string) => void,
  validateExtra?: (errors: FieldErrors) => void,
): void {
  const errors = new FieldErrors();
  if (body.name !== undefined) validateName(body.name, errors);
  validateExtra?.(errors);
  validateLabels(body.labels, errors);
  errors.throwIfAny();
  if (body.name !== undefined) {
    assertUniqueName(body.name as string);
    target.name = body.name as string;
  }
  if (body.labels !== undefined) target.labels = { ...(body.labels as Labels) };
}
