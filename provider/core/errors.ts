/** Errors every API family raises, phrased for the person running `pulumi up`. Never carries a token. */

export interface FieldError {
  name: string;
  messages: string[];
}

export interface ApiErrorInit {
  family: string;
  method: string;
  path: string;
  status?: number;
  code: string;
  message: string;
  fields?: FieldError[];
  details?: unknown;
}

/** An HTTP API answered with an error (or did not answer at all: status is then undefined). */
export class ApiError extends Error {
  readonly family: string;
  readonly method: string;
  readonly path: string;
  readonly status?: number;
  readonly code: string;
  readonly apiMessage: string;
  readonly fields: FieldError[];
  readonly details?: unknown;

  constructor(init: ApiErrorInit) {
    const fields = init.fields ?? [];
    const fieldText = fields.length
      ? ` (${fields.map((f) => `${f.name}: ${f.messages.join(", ") || "invalid"}`).join("; ")})`
      : "";
    const status = init.status === undefined ? "no response" : `HTTP ${init.status}`;
    super(`${init.family} API ${init.method} ${init.path} failed: ${status} ${init.code}: ${init.message}${fieldText}`);
    this.name = "ApiError";
    this.family = init.family;
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.code = init.code;
    this.apiMessage = init.message;
    this.fields = fields;
    this.details = init.details;
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
  constructor(
    readonly actionId: number,
    readonly command: string,
    readonly code: string,
    readonly apiMessage: string,
    readonly resource?: string,
  ) {
    super(`action ${command} (#${actionId})${resource ? ` on ${resource}` : ""} failed: ${code}: ${apiMessage}`);
    this.name = "ActionFailedError";
  }
}

/** An Action did not finish within the configured timeout. */
export class ActionTimeoutError extends Error {
  constructor(
    readonly actionId: number,
    readonly command: string,
    readonly timeoutMs: number,
    readonly resource?: string,
  ) {
    super(
      `action ${command} (#${actionId})${resource ? ` on ${resource}` : ""} still running after ${Math.round(timeoutMs / 1000)}s; ` +
        `raise the action timeout in stack config if the API is slow`,
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
