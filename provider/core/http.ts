/**
 * One HTTP client per API family: base URL and auth resolved per request (never stored in state),
 * retries through axios-retry with our policy, API errors turned into ApiError.
 */
import axios, { AxiosError, AxiosInstance, AxiosRequestConfig } from "axios";
import axiosRetry from "axios-retry";
import { ApiError, FieldError } from "./errors";
import { RequestBudget, requestBudget } from "./request-budget";
import {
  backoffDelay,
  classifyFailure,
  defaultRetryOptions,
  FailureClassifier,
  FailureKind,
  retryDelay,
  RetryOptions,
  sleep,
} from "./retry";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type Query = Record<string, string | number | boolean | Array<string | number> | undefined>;

export interface ParsedApiError {
  code: string;
  message: string;
  fields?: FieldError[];
  details?: unknown;
}

export interface HttpClientOptions {
  family: string;
  /** Resolved for every request, so config that arrives later (or changes) is honoured. */
  baseUrl: () => string;
  /** Resolved for every request; throws a ConfigurationError when credentials are missing. */
  authHeaders: () => Record<string, string>;
  /** Reads the family's error envelope. */
  parseError: (status: number, body: unknown) => ParsedApiError;
  /** What the family's error codes mean for a retry (e.g. Hetzner's `locked`); the rest follows HTTP. */
  classifyFailure?: FailureClassifier;
  /** What the user can do about an error (e.g. which setting to check); undefined adds nothing. */
  hint?: (error: ErrorFacts) => string | undefined;
  retry?: Partial<RetryOptions>;
  timeoutMs?: number;
  /** The API sends `RateLimit-Limit`/`-Remaining`/`-Reset`: pace requests by them (core/request-budget.ts). */
  followRateLimit?: boolean;
}

/** An error as a family's hint sees it (status undefined: no response). */
export interface ErrorFacts {
  status?: number;
  code: string;
  fields: FieldError[];
  kind: FailureKind;
}

export interface HttpRequest {
  method: HttpMethod;
  path: string;
  query?: Query;
  body?: unknown;
  /** Safe to send twice. Defaults to true for every method but POST and PATCH. */
  idempotent?: boolean;
  /**
   * For non-idempotent requests that failed ambiguously (no answer, 502/503/504): looks the result
   * up instead of blindly repeating the request. Returns the response body, or undefined when the
   * request evidently did not take effect (it is then sent once more).
   */
  recover?: () => Promise<unknown | undefined>;
  /** The body's media type when it is not JSON (e.g. `text/plain` for a zone file). */
  contentType?: string;
  /** The media type asked for when it is not JSON (e.g. `text/plain` for a zone file export). */
  accept?: string;
}

export interface HttpResponse<T> {
  status: number;
  data: T;
  headers: Record<string, string>;
}

type RetryBudget = "maxRetries" | "lockedRetries" | "unreachableRetries";

/** The retry budget each kind of failure spends (`ambiguous` only for idempotent requests). */
const BUDGET: Partial<Record<FailureKind, RetryBudget>> = {
  retry: "maxRetries",
  rate_limited: "maxRetries",
  ambiguous: "maxRetries",
  locked: "lockedRetries",
  unreachable: "unreachableRetries",
};

interface RetryBookkeeping {
  idempotent: boolean;
  spent: Partial<Record<RetryBudget, number>>;
  /** Decided by retryCondition, used by retryDelay (axios-retry calls them in that order). */
  nextDelayMs: number;
  /** Every attempt waits for room in it, and reports its answer's headers back. */
  budget?: RequestBudget;
}
// A plain string key: axios copies request config between retries and drops symbol keys.
const BOOKKEEPING = "pulumiDnsCloudRetry";
type TrackedConfig = AxiosRequestConfig & { [BOOKKEEPING]?: RetryBookkeeping };

const MAX_RECOVERIES = 2;

export class HttpClient {
  private readonly axios: AxiosInstance;
  private readonly retry: RetryOptions;

  constructor(private readonly options: HttpClientOptions) {
    this.retry = { ...defaultRetryOptions, ...options.retry };
    this.axios = axios.create({
      timeout: options.timeoutMs ?? 60_000,
      headers: { "User-Agent": "pulumi-dns-cloud", Accept: "application/json" },
      // Repeated query keys (`id=1&id=2`) as the Hetzner APIs expect them.
      paramsSerializer: { indexes: null },
    });
    // Before axios-retry's own: each attempt (retries included) settles before the next one acquires.
    this.axios.interceptors.request.use(async (config) => {
      await (config as TrackedConfig)[BOOKKEEPING]?.budget?.acquire();
      return config;
    });
    this.axios.interceptors.response.use(
      (response) => {
        (response.config as TrackedConfig)[BOOKKEEPING]?.budget?.settle(response.headers as Record<string, unknown>);
        return response;
      },
      (error: AxiosError) => {
        const headers = error.response ? ((error.response.headers ?? {}) as Record<string, unknown>) : undefined;
        (error.config as TrackedConfig | undefined)?.[BOOKKEEPING]?.budget?.settle(headers, error.response !== undefined);
        return Promise.reject(error);
      },
    );
    axiosRetry(this.axios, {
      retries: this.retry.maxRetries + this.retry.lockedRetries + this.retry.unreachableRetries,
      shouldResetTimeout: true,
      retryCondition: (error) => this.shouldRetry(error),
      retryDelay: (_attempt, error) => (error.config as TrackedConfig | undefined)?.[BOOKKEEPING]?.nextDelayMs ?? 0,
    });
  }

  get family(): string {
    return this.options.family;
  }

  async request<T>(request: HttpRequest): Promise<HttpResponse<T>> {
    const idempotent = request.idempotent ?? !(request.method === "POST" || request.method === "PATCH");
    for (let recoveries = 0; ; recoveries++) {
      const baseURL = this.options.baseUrl();
      const authHeaders = this.options.authHeaders();
      const config: TrackedConfig = {
        method: request.method,
        baseURL,
        url: request.path,
        params: request.query,
        data: request.body,
        // No body, no Content-Type: axios would otherwise label an empty POST as a form.
        headers: {
          ...authHeaders,
          "Content-Type": request.body === undefined ? false : (request.contentType ?? "application/json"),
          ...(request.accept ? { Accept: request.accept } : {}),
        },
        [BOOKKEEPING]: {
          idempotent,
          spent: {},
          nextDelayMs: 0,
          budget: this.options.followRateLimit ? requestBudget(baseURL, authHeaders) : undefined,
        },
      };
      let apiError: Error;
      try {
        const response = await this.axios.request<T>(config);
        return { status: response.status, data: response.data, headers: flatHeaders(response.headers) };
      } catch (error) {
        apiError = this.toApiError(error, request, baseURL);
      }
      const ambiguous = apiError instanceof ApiError && this.kindOf(apiError.status, apiError.code) === "ambiguous";
      if (!request.recover || idempotent || !ambiguous || recoveries >= MAX_RECOVERIES) throw apiError;
      let found: unknown;
      try {
        found = await request.recover();
      } catch (lookupError) {
        // A lookup that answered and refused the object found (lifecycle's claimFound) is the verdict itself.
        if (!(lookupError instanceof ApiError)) throw lookupError;
        throw lookupFailed(apiError as ApiError, lookupError);
      }
      if (found !== undefined) return { status: 200, data: found as T, headers: {} };
      await sleep(backoffDelay(recoveries + 1, this.retry));
    }
  }

  get<T>(path: string, query?: Query): Promise<HttpResponse<T>> {
    return this.request<T>({ method: "GET", path, query });
  }

  private kindOf(status: number | undefined, code: string | undefined): FailureKind {
    return classifyFailure({ status, code }, this.options.classifyFailure);
  }

  private shouldRetry(error: AxiosError): boolean {
    const book = (error.config as TrackedConfig | undefined)?.[BOOKKEEPING];
    if (!book) return false;
    const status = error.response?.status;
    const code = status === undefined ? error.code : this.options.parseError(status, error.response?.data).code;
    const kind = this.kindOf(status, code);
    const budget = BUDGET[kind];
    // An ambiguous failure may have been carried out: only a request that is safe twice goes again.
    if (!budget || (kind === "ambiguous" && !book.idempotent)) return false;
    const attempt = (book.spent[budget] = (book.spent[budget] ?? 0) + 1);
    if (attempt > this.retry[budget]) return false;
    book.nextDelayMs = retryDelay(kind, attempt, error.response?.headers as Record<string, unknown> | undefined, this.retry);
    this.retry.onRetry?.({
      method: String(error.config?.method ?? "").toUpperCase(),
      path: error.config?.url ?? "",
      kind,
      status,
      code,
      attempt,
      delayMs: book.nextDelayMs,
    });
    return true;
  }

  private toApiError(error: unknown, request: HttpRequest, baseUrl: string): Error {
    if (!axios.isAxiosError(error)) return error as Error; // e.g. ConfigurationError from authHeaders()
    const base = { family: this.options.family, method: request.method, path: request.path };
    if (!error.response) {
      // Only the error code: the axios message may echo the request, and the request carries the token.
      const code = error.code ?? "network_error";
      const kind = this.kindOf(undefined, code);
      return new ApiError({
        ...base,
        url: displayUrl(baseUrl, request.path),
        code,
        message: NETWORK_FAILURES[code] ?? "no answer from the API",
        hint: this.options.hint?.({ code, fields: [], kind }),
      });
    }
    const status = error.response.status;
    const parsed = this.options.parseError(status, error.response.data);
    const hint = this.options.hint?.({ status, code: parsed.code, fields: parsed.fields ?? [], kind: this.kindOf(status, parsed.code) });
    return new ApiError({ ...base, status, ...parsed, hint });
  }
}

/** What a socket error code means, in words. */
const NETWORK_FAILURES: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  ECONNRESET: "connection reset",
  ETIMEDOUT: "timed out",
  ECONNABORTED: "timed out",
  EPIPE: "connection closed",
  ERR_INVALID_URL: "invalid URL",
  ERR_BAD_REQUEST: "invalid request",
};

/** base URL + path for messages: no query, no credentials (the token is never in the URL). */
function displayUrl(baseUrl: string, path: string): string {
  let base = baseUrl;
  try {
    const url = new URL(baseUrl);
    url.username = "";
    url.password = "";
    url.search = "";
    url.hash = "";
    base = url.toString();
  } catch {
    // Not a URL: shown as given, so the user sees what is wrong with it.
  }
  return `${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

/**
 * A non-idempotent request failed ambiguously and the lookup of its result failed too: the error is
 * about the request the user's operation made (e.g. the create), and says the lookup failed.
 */
function lookupFailed(original: ApiError, lookupError: unknown): Error {
  const lookup =
    lookupError instanceof ApiError
      ? `${lookupError.method} ${lookupError.url ?? lookupError.path}: ${lookupError.reason}`
      : (lookupError as Error)?.message ?? String(lookupError);
  return new ApiError({
    family: original.family,
    method: original.method,
    path: original.path,
    url: original.url,
    status: original.status,
    code: original.code,
    message: original.apiMessage,
    fields: original.fields,
    details: original.details,
    hint: `looking up whether it took effect failed too (${lookup})${original.hint ? `; ${original.hint}` : ""}`,
    cause: lookupError,
  });
}

function flatHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries((headers ?? {}) as Record<string, unknown>)) {
    if (value !== undefined && value !== null) out[key.toLowerCase()] = String(value);
  }
  return out;
}
