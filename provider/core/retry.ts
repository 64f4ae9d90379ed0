/**
 * Retry policy shared by every API family: which failures to retry and how long to wait.
 * The generic rules know HTTP and sockets; each family adds what its error codes mean (FailureClassifier).
 */
import { headerValue, resetTimeMs } from "./request-budget";

export interface RetryOptions {
  /** Retries for transient failures (429, 5xx, network, conflict). */
  maxRetries: number;
  /** Retries while the resource is `locked` by a running Action: these wait longer. */
  lockedRetries: number;
  /** Retries of a request that never reached the API (connection refused, unknown host). */
  unreachableRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  random: () => number;
  /** Told about every retry before its wait (for debugging and tests). */
  onRetry?: (retry: RetryEvent) => void;
}

export interface RetryEvent {
  method: string;
  path: string;
  kind: FailureKind;
  status?: number;
  code?: string;
  /** 1 for the first retry of this kind. */
  attempt: number;
  delayMs: number;
}

export const defaultRetryOptions: RetryOptions = {
  maxRetries: 5,
  lockedRetries: 20,
  unreachableRetries: 1,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  random: Math.random,
};

/** What a failed request means for whoever sent it. */
export type FailureKind =
  | "retry" // the API refused without acting on it: send it again
  | "rate_limited" // the API refused because the rate limit is spent: wait for a refill, send again
  | "locked" // the API refused while an Action runs: wait, send again
  | "unreachable" // the request never left (connection refused, unknown host): one quick retry
  | "ambiguous" // it may have been carried out: only an idempotent request may be sent again
  | "final";

export interface FailureFacts {
  status?: number; // undefined: no response (network error, reset, timeout)
  code?: string; // the API's machine-readable error code, or the socket's (ECONNRESET) without a response
}

/** A family's reading of its own error codes; undefined leaves the failure to the generic rules. */
export type FailureClassifier = (facts: FailureFacts) => FailureKind | undefined;

/** Socket errors raised before the request was sent: nothing happened on the API's side. */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);
/** The request could not even be built: retrying changes nothing. */
const BAD_REQUEST = new Set(["ERR_INVALID_URL", "ERR_BAD_REQUEST"]);

/** HTTP and socket rules every family shares. */
export function classifyGenericFailure({ status, code }: FailureFacts): FailureKind {
  if (status === undefined) {
    if (code !== undefined && NOT_SENT.has(code)) return "unreachable";
    if (code !== undefined && BAD_REQUEST.has(code)) return "final";
    return "ambiguous";
  }
  if (status === 429) return "rate_limited";
  // A gateway's 502/503/504 without a body the family recognises: the request may have been carried out.
  if (status === 502 || status === 503 || status === 504) return "ambiguous";
  return "final";
}

export function classifyFailure(facts: FailureFacts, family?: FailureClassifier): FailureKind {
  return family?.(facts) ?? classifyGenericFailure(facts);
}

/** Exponential backoff with "equal jitter": half fixed, half random, capped. */
export function backoffDelay(attempt: number, options: RetryOptions): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + options.random() * (ceiling / 2));
}

/**
 * How long a rate-limited request should wait, from the response headers: `Retry-After` (seconds or
 * an HTTP date), else, when `RateLimit-Remaining` is 0, the time one request takes to refill.
 * `RateLimit-Reset` is when the whole bucket is full again (an hour away at Hetzner, which refills
 * one request per second), so the refill of one request is (reset - now) / limit.
 */
export function rateLimitDelay(headers: Record<string, unknown> | undefined, nowMs = Date.now()): number | undefined {
  if (!headers) return undefined;
  const header = (name: string) => headerValue(headers, name);
  const retryAfter = header("retry-after");
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - nowMs;
    if (Number.isFinite(ms)) return Math.max(0, ms);
  }
  const remaining = Number(header("ratelimit-remaining"));
  const limit = Number(header("ratelimit-limit"));
  const reset = Number(header("ratelimit-reset"));
  if (header("ratelimit-remaining") === undefined || remaining !== 0 || !(limit > 0) || !(reset > 0)) return undefined;
  return Math.max(0, Math.round((resetTimeMs(reset, nowMs) - nowMs) / limit));
}

/**
 * The wait before retry number `attempt` of a failure of this kind. Only a rate-limited request looks
 * at the rate-limit headers (the API sends them on every response, and their reset time says nothing
 * about a lock or a conflict); the server's figure is a floor under the usual backoff, so requests
 * that compete for the same refill spread out.
 */
export function retryDelay(
  kind: FailureKind,
  attempt: number,
  headers: Record<string, unknown> | undefined,
  options: RetryOptions,
  nowMs = Date.now(),
): number {
  if (kind === "unreachable") return backoffDelay(1, options);
  const backoff = backoffDelay(attempt, options);
  if (kind !== "rate_limited") return backoff;
  return Math.min(options.maxDelayMs, Math.max(rateLimitDelay(headers, nowMs) ?? 0, backoff));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
