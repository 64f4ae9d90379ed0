/**
 * One HTTP client per API family: base URL and auth resolved per request (never stored in state),
 * retries through axios-retry with our policy, API errors turned into ApiError.
 */
import axios, { AxiosError, AxiosInstance, AxiosRequestConfig } from "axios";
import axiosRetry from "axios-retry";
import { ApiError, FieldError } from "./errors";
import {
  backoffDelay,
  classifyFailure,
  defaultRetryOptions,
  FailureKind,
  RetryOptions,
  serverRequestedDelay,
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
  retry?: Partial<RetryOptions>;
  timeoutMs?: number;
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
}

export interface HttpResponse<T> {
  status: number;
  data: T;
  headers: Record<string, string>;
}

interface RetryBookkeeping {
  idempotent: boolean;
  transientRetries: number;
  lockedRetries: number;
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
    axiosRetry(this.axios, {
      retries: this.retry.maxRetries + this.retry.lockedRetries,
      shouldResetTimeout: true,
      retryCondition: (error) => this.shouldRetry(error),
      retryDelay: (attempt, error) => this.retryDelay(attempt, error),
    });
  }

  get family(): string {
    return this.options.family;
  }

  async request<T>(request: HttpRequest): Promise<HttpResponse<T>> {
    const idempotent = request.idempotent ?? !(request.method === "POST" || request.method === "PATCH");
    for (let recoveries = 0; ; recoveries++) {
      const config: TrackedConfig = {
        method: request.method,
        baseURL: this.options.baseUrl(),
        url: request.path,
        params: request.query,
        data: request.body,
        // No body, no Content-Type: axios would otherwise label an empty POST as a form.
        headers: { ...this.options.authHeaders(), "Content-Type": request.body === undefined ? false : "application/json" },
        [BOOKKEEPING]: { idempotent, transientRetries: 0, lockedRetries: 0 },
      };
      try {
        const response = await this.axios.request<T>(config);
        return { status: response.status, data: response.data, headers: flatHeaders(response.headers) };
      } catch (error) {
        const apiError = this.toApiError(error, request);
        const ambiguous =
          apiError instanceof ApiError && classifyFailure({ status: apiError.status, code: apiError.code }) === "ambiguous";
        if (!request.recover || idempotent || !ambiguous || recoveries >= MAX_RECOVERIES) throw apiError;
        const found = await request.recover();
        if (found !== undefined) return { status: 200, data: found as T, headers: {} };
        await sleep(backoffDelay(recoveries + 1, this.retry));
      }
    }
  }

  get<T>(path: string, query?: Query): Promise<HttpResponse<T>> {
    return this.request<T>({ method: "GET", path, query });
  }

  private failureKind(error: AxiosError): FailureKind {
    const status = error.response?.status;
    const code = status === undefined ? undefined : this.options.parseError(status, error.response?.data).code;
    return classifyFailure({ status, code });
  }

  private shouldRetry(error: AxiosError): boolean {
    const book = (error.config as TrackedConfig | undefined)?.[BOOKKEEPING];
    if (!book) return false;
    switch (this.failureKind(error)) {
      case "locked":
        return ++book.lockedRetries <= this.retry.lockedRetries;
      case "retry":
        return ++book.transientRetries <= this.retry.maxRetries;
      case "ambiguous":
        return book.idempotent && ++book.transientRetries <= this.retry.maxRetries;
      default:
        return false;
    }
  }

  private retryDelay(attempt: number, error: AxiosError): number {
    const requested = serverRequestedDelay(error.response?.headers as Record<string, unknown>, this.retry);
    const backoff = backoffDelay(attempt, this.retry);
    return requested === undefined ? backoff : Math.max(requested, Math.min(backoff, this.retry.baseDelayMs));
  }

  private toApiError(error: unknown, request: HttpRequest): Error {
    if (!axios.isAxiosError(error)) return error as Error; // e.g. ConfigurationError from authHeaders()
    const base = { family: this.options.family, method: request.method, path: request.path };
    if (!error.response) {
      // Only the error code: the axios message may echo the request, and the request carries the token.
      return new ApiError({ ...base, code: error.code ?? "network_error", message: "no response from the API" });
    }
    const parsed = this.options.parseError(error.response.status, error.response.data);
    return new ApiError({ ...base, status: error.response.status, ...parsed });
  }
}

function flatHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries((headers ?? {}) as Record<string, unknown>)) {
    if (value !== undefined && value !== null) out[key.toLowerCase()] = String(value);
  }
  return out;
}
