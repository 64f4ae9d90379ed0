/** Retry policy shared by every API family: which failures to retry and how long to wait. */

export interface RetryOptions {
  /** Retries for transient failures (429, 5xx, network, conflict). */
  maxRetries: number;
  /** Retries while the resource is `locked` by a running Action: these wait longer. */
  lockedRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  random: () => number;
}

export const defaultRetryOptions: RetryOptions = {
  maxRetries: 5,
  lockedRetries: 20,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  random: Math.random,
};

/** What a failed request means for whoever sent it. */
export type FailureKind =
  | "retry" // the API did not act on it: send it again
  | "locked" // the API refused while an Action runs: wait, send again
  | "ambiguous" // it may have been carried out: only an idempotent request may be sent again
  | "final";

export interface FailureFacts {
  status?: number; // undefined: no response (network error, reset, timeout)
  code?: string; // the API's machine-readable error code
}

export function classifyFailure({ status, code }: FailureFacts): FailureKind {
  if (code === "locked") return "locked";
  if (status === 429 || code === "rate_limit_exceeded" || code === "conflict") return "retry";
  if (status === undefined || status === 502 || status === 503 || status === 504) return "ambiguous";
  return "final";
}

/** Exponential backoff with "equal jitter": half fixed, half random, capped. */
export function backoffDelay(attempt: number, options: RetryOptions): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + options.random() * (ceiling / 2));
}

/**
 * Delay the server asked for: `Retry-After` (seconds) or `RateLimit-Reset` (unix seconds).
 * Hetzner refills its budget one request per second, so the full reset can be an hour away:
 * the wait is capped at maxDelayMs and then simply tried again.
 */
export function serverRequestedDelay(
  headers: Record<string, unknown> | undefined,
  options: RetryOptions,
  nowMs = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const header = (name: string) => {
    const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
    const value = key === undefined ? undefined : headers[key];
    return value === undefined || value === null ? undefined : String(value);
  };
  const retryAfter = header("retry-after");
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - nowMs;
    if (Number.isFinite(ms)) return clamp(ms, 0, options.maxDelayMs);
  }
  const reset = Number(header("ratelimit-reset"));
  if (Number.isFinite(reset) && reset > 0) return clamp(reset * 1000 - nowMs, 0, options.maxDelayMs);
  return undefined;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
