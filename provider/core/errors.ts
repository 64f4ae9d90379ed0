/** Errors every API family raises, phrased for the person running `pulumi up`. Never carries a token. */

export interface FieldError {
  name: string;
  messages: string[];
}

export interface ApiErrorInit {
  family: string;
  method: string;
  path: string;
  /** The full URL (base URL + path, no query, no credentials), given when the API could not be reached. */
  url?: string;
  status?: number;
  code: string;
  message: string;
  fields?: FieldError[];
  details?: unknown;
  /** What the user can do about it, e.g. which setting to check. */
  hint?: string;
  /** An error that led to this one (kept out of the message). */
  cause?: unknown;
}

/**
 * A field an API names in an error (`source_ips`, `rules.0.source_ips`, `primary_nameservers[0].tsig_key`)
 * as the program spells the property: camelCase, indices in brackets (`rules[0].sourceIps`).
 */
export function programPath(wireField: string): string {
  return wireField
    .split(/\.|(?=\[)/)
    .filter((part) => part !== "")
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : part.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())))
    .reduce((path, part) => (part.startsWith("[") || !path ? `${path}${part}` : `${path}.${part}`), "");
}

/** An HTTP API answered with an error (or did not answer at all: status is then undefined). */
export class ApiError extends Error {
  readonly family: string;
  readonly method: string;
  readonly path: string;
  readonly url?: string;
  readonly status?: number;
  readonly code: string;
  readonly apiMessage: string;
  readonly fields: FieldError[];
  readonly details?: unknown;
  readonly hint?: string;
  /** The cause alone, without the request: `HTTP 404 not_found: …` or `no response: …`. */
  readonly reason: string;

  constructor(init: ApiErrorInit) {
    const fields = init.fields ?? [];
    const fieldText = fields.length
      ? ` (${fields.map((f) => `${f.name}: ${f.messages.join(", ") || "invalid"}`).join("; ")})`
      : "";
    const reason =
      init.status === undefined
        ? `no response: ${init.message} (${init.code})`
        : `HTTP ${init.status} ${init.code}: ${init.message}${fieldText}`;
    super(
      `${init.family} API ${init.method} ${init.url ?? init.path} failed: ${reason}${init.hint ? `; ${init.hint}` : ""}`,
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.name = "ApiError";
    this.family = init.family;
    this.method = init.method;
    this.path = init.path;
    this.url = init.url;
    this.status = init.status;
    this.code = init.code;
    this.apiMessage = init.message;
    this.fields = fields;
    this.details = init.details;
    this.hint = init.hint;
    this.reason = reason;
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

export function isNotFound(error: unknown): boolean {
  return isApiError(error) && (error.status === 404 || error.code === "not_found");
}

/** The value, or undefined when the API says the object does not exist (anything else still throws). */
export async function unlessNotFound<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** An asynchronous Action the API started ended in `error`. */
export class ActionFailedError extends Error {
  /** What failed and why, without the fix (for messages that give their own). */
  readonly reason: string;

  constructor(
    readonly actionId: number,
    readonly command: string,
    readonly code: string,
    readonly apiMessage: string,
    readonly resource?: string,
  ) {
    const reason = `action ${command} (#${actionId})${resource ? ` on ${resource}` : ""} failed: ${code}: ${apiMessage}`;
    super(`${reason}; run the pulumi command again once its cause is fixed`);
    this.reason = reason;
    this.name = "ActionFailedError";
  }
}

/** An error's message for a message that gives its own fix: a failed Action's without its fix. */
export function reasonOf(error: Error): string {
  return error instanceof ActionFailedError ? error.reason : error.message;
}

/** The API does not know an Action it returned earlier (so no poll will ever see it finish). */
export class ActionNotFoundError extends Error {
  constructor(
    readonly actionId: number,
    readonly command: string,
    readonly resource?: string,
  ) {
    super(`action ${command} (#${actionId})${resource ? ` on ${resource}` : ""} not found: the API no longer knows it`);
    this.name = "ActionNotFoundError";
  }
}

/** An Action did not finish within the configured timeout. */
export class ActionTimeoutError extends Error {
  constructor(
    readonly actionId: number,
    readonly command: string,
    readonly timeoutMs: number,
    readonly resource?: string,
    /** The setting that raises it, e.g. `hcloud:actionTimeout / HCLOUD_ACTION_TIMEOUT`. */
    setting = "the action timeout in stack config",
  ) {
    super(
      `action ${command} (#${actionId})${resource ? ` on ${resource}` : ""} still running after ${Math.round(timeoutMs / 1000)}s; ` +
        `raise ${setting} if the API is slow`,
    );
    this.name = "ActionTimeoutError";
  }
}

/** Provider configuration is missing or wrong: raised before any request is made. */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigurationError";
  }
}
