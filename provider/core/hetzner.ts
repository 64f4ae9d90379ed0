/**
 * Conventions both Hetzner APIs share (Cloud `/v1` and the Hetzner API for storage boxes):
 * the error envelope and codes, what the codes mean for a retry, `meta.pagination`, and label rules.
 */
import { ActionState, ActionWaiter, ActionWaiterOptions } from "./actions";
import { currentResourceUrn, reportLine } from "../host/log";
import { choiceSetting, ConfigSource, durationSetting } from "./config";
import { isApiError, programPath } from "./errors";
import { ErrorFacts, HttpClient, HttpClientOptions, ParsedApiError, Query } from "./http";
import { CheckFailure, isUnknown } from "./inputs";
import type { Claim } from "./lifecycle";
import type { Credentials } from "./credentials";
import { FailureClassifier, RetryOptions } from "./retry";

/** Error codes of the Hetzner APIs (the table in the API docs, plus endpoint codes the provider reads). */
export const HetznerErrorCode = {
  JsonError: "json_error",
  Unauthorized: "unauthorized",
  TokenReadonly: "token_readonly",
  Forbidden: "forbidden",
  Maintenance: "maintenance",
  ResourceLimitExceeded: "resource_limit_exceeded",
  NotFound: "not_found",
  MethodNotAllowed: "method_not_allowed",
  UniquenessError: "uniqueness_error",
  Conflict: "conflict",
  DeprecatedApiEndpoint: "deprecated_api_endpoint",
  ResourceUnavailable: "resource_unavailable",
  InvalidInput: "invalid_input",
  ServiceError: "service_error",
  UnsupportedError: "unsupported_error",
  Locked: "locked",
  Protected: "protected",
  RateLimitExceeded: "rate_limit_exceeded",
  ServerError: "server_error",
  Unavailable: "unavailable",
  Timeout: "timeout",
  ResourceInUse: "resource_in_use",
} as const;
export type HetznerErrorCode = (typeof HetznerErrorCode)[keyof typeof HetznerErrorCode];

/**
 * What Hetzner's codes mean for a retry. Each is a refusal: the API did not act on the request, so
 * any method may be sent again. Everything else (no response, a gateway's 502/503/504) is generic.
 */
export const classifyHetznerFailure: FailureClassifier = ({ status, code }) => {
  switch (code) {
    case HetznerErrorCode.Locked:
      return "locked";
    case HetznerErrorCode.Conflict:
      return "retry";
    case HetznerErrorCode.RateLimitExceeded:
      return "rate_limited";
    case HetznerErrorCode.Unavailable:
      // Hetzner's own 503 says the service refused; a proxy's 503 has no envelope and stays ambiguous.
      return status === 503 ? "retry" : undefined;
    default:
      return undefined;
  }
};

export interface HetznerSettingNames {
  /** How the user sets the token, e.g. `hcloud:token / HCLOUD_TOKEN`. */
  token: string;
  /** How the user sets the base URL, e.g. `hcloud:endpoint / HCLOUD_ENDPOINT`. */
  endpoint: string;
}

/** The fix for an error a user can act on, named with the family's own settings. */
const RUN_AGAIN = "run the pulumi command again";

export function hetznerHint(settings: HetznerSettingNames): (error: ErrorFacts) => string | undefined {
  return ({ status, code, fields, kind }) => {
    switch (code) {
      case HetznerErrorCode.Unauthorized:
        return `check ${settings.token}: the API did not accept the token`;
      case HetznerErrorCode.TokenReadonly:
        return `the token in ${settings.token} is read-only: create a Read & Write token`;
      case HetznerErrorCode.Forbidden:
        return `check ${settings.token}: the token's project may not do this`;
      case HetznerErrorCode.UniquenessError:
        return fields.length === 0 || fields.some((f) => f.name === "name")
          ? "choose another name, or leave name unset so one is generated"
          : undefined;
      default:
        // No response, and not a lost one: the request never left (refused, unknown host, bad URL).
        if (status === undefined && kind !== "ambiguous") return `check ${settings.endpoint}`;
        // Retries ran out on a passing failure (or an answer was lost): the next run converges on what was done.
        if (kind === "ambiguous") return `the API may have acted on it: ${RUN_AGAIN}`;
        return kind !== "final" || (status ?? 0) >= 500 ? `a passing failure: ${RUN_AGAIN}` : undefined;
    }
  };
}

/** The HttpClient options every Hetzner API family shares. */
export function hetznerHttpOptions(
  settings: HetznerSettingNames,
): Pick<HttpClientOptions, "parseError" | "classifyFailure" | "hint" | "followRateLimit"> {
  return { parseError: parseHetznerError, classifyFailure: classifyHetznerFailure, hint: hetznerHint(settings), followRateLimit: true };
}

export function parseHetznerError(status: number, body: unknown): ParsedApiError {
  const error = (body as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
  if (!error || typeof error !== "object") {
    return { code: `http_${status}`, message: typeof body === "string" && body ? body.slice(0, 200) : `HTTP ${status}` };
  }
  const details = error.details as { fields?: Array<{ name: string; messages?: string[] }> } | undefined;
  // Fields as the program spells them ("invalid input in field 'source_ips'" names `sourceIps`); details keep the wire's.
  const fields = details?.fields?.map((f) => ({ wire: f.name, name: programPath(f.name), messages: f.messages ?? [] }));
  let message = error.message ?? `HTTP ${status}`;
  for (const { wire, name } of fields ?? []) message = message.split(`'${wire}'`).join(`'${name}'`);
  return {
    code: error.code ?? `http_${status}`,
    message,
    fields: fields?.map(({ name, messages }) => ({ name, messages })),
    details: error.details,
  };
}

interface Paginated {
  meta?: { pagination?: { next_page?: number | null } };
}

/**
 * Fetches every page of a list endpoint and returns the items under `key`. `perPage`: the endpoint's
 * maximum (50 on most Hetzner endpoints; some allow more, e.g. 100 for a zone's RRSets).
 */
export async function listAllPages<T>(http: HttpClient, path: string, key: string, query: Query = {}, perPage = 50): Promise<T[]> {
  const items: T[] = [];
  for (let page: number | null | undefined = 1; page; ) {
    const { data }: { data: Paginated & Record<string, unknown> } = await http.get(path, { ...query, page, per_page: perPage });
    items.push(...((data[key] as T[] | undefined) ?? []));
    page = data.meta?.pagination?.next_page;
  }
  return items;
}

const LABEL_NAME = /^[a-z0-9A-Z]([a-z0-9A-Z._-]{0,61}[a-z0-9A-Z])?$/;
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Returns what is wrong with one label, or undefined. Rules from the Hetzner Cloud docs. */
export function labelProblem(key: string, value: unknown): string | undefined {
  if (typeof value !== "string") return `label "${key}" must have a string value`;
  const slash = key.lastIndexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (!LABEL_NAME.test(name)) {
    return `label key "${key}": the name must be 1-63 characters, start and end alphanumeric, with - _ . allowed between`;
  }
  if (prefix !== undefined) {
    if (prefix.length > 253 || !prefix.split(".").every((part) => DNS_LABEL.test(part))) {
      return `label key "${key}": the prefix must be a DNS subdomain of at most 253 characters`;
    }
    if (prefix === "hetzner.cloud" || prefix.endsWith(".hetzner.cloud")) {
      return `label key "${key}": the hetzner.cloud/ prefix is reserved`;
    }
  }
  if (value !== "" && !LABEL_NAME.test(value)) {
    return `label "${key}": the value must be empty or 1-63 characters, start and end alphanumeric, with - _ . allowed between`;
  }
  return undefined;
}

const SELECTOR_KEY = "[a-zA-Z0-9](?:[a-zA-Z0-9._/-]*[a-zA-Z0-9])?";
const SELECTOR_VALUE = "(?:[a-zA-Z0-9](?:[a-zA-Z0-9._-]*[a-zA-Z0-9])?)?";
/** One expression: `k`, `!k`, `k=v`, `k==v`, `k!=v`, `k in (v1,v2)`, `k notin (v1,v2)`. */
const SELECTOR_EXPRESSION = new RegExp(
  `^(?:!\\s*${SELECTOR_KEY}|${SELECTOR_KEY}(?:\\s*(?:==|!=|=)\\s*${SELECTOR_VALUE}|\\s+(?:in|notin)\\s*\\(\\s*${SELECTOR_VALUE}(?:\\s*,\\s*${SELECTOR_VALUE})*\\s*\\))?)$`,
);

/** A label selector as the Hetzner APIs take it: expressions joined by commas (commas inside `( )` belong to a set). */
export function isLabelSelector(value: unknown): boolean {
  if (typeof value !== "string" || !value.trim()) return false;
  const expressions: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    if (value[i] === "(") depth++;
    else if (value[i] === ")") depth--;
    else if (value[i] === "," && depth === 0) {
      expressions.push(value.slice(start, i));
      start = i + 1;
    }
  }
  expressions.push(value.slice(start));
  return depth === 0 && expressions.every((expression) => SELECTOR_EXPRESSION.test(expression.trim()));
}

/** The reason a label selector is refused (its forms, for the fix). */
export const LABEL_SELECTOR_FORMS = 'e.g. "role=web", "env!=dev", "env in (prod,staging)", "!deprecated", joined by commas';

/** check() for a `labels` input: every label validated, unknown values (preview) passed through. */
export function checkLabels(labels: unknown, failures: CheckFailure[]): unknown {
  if (isUnknown(labels)) return labels;
  if (typeof labels !== "object" || labels === null || Array.isArray(labels)) {
    failures.push({ property: "labels", reason: "labels must be a map of strings" });
    return labels;
  }
  for (const [key, value] of Object.entries(labels)) {
    if (isUnknown(value)) continue;
    const problem = labelProblem(key, value);
    if (problem) failures.push({ property: "labels", reason: problem });
  }
  return labels;
}

/**
 * Finds the object a create of a uniquely named object may have made: the one under `name`, when it
 * is provably this create's (lifecycle's claimFound), else undefined or claimFound's error.
 */
export type TakeOver<T> = (how: Claim["how"], sentAt: number) => Promise<T | undefined>;

/**
 * POSTs the create of an object whose name is unique per project. A create whose answer was lost, or
 * that meets its own name (`uniqueness_error`: the same create repeated after a hard interrupt), is
 * answered by `takeOver` instead of a second object or a bare error.
 */
export async function createUniquelyNamed<T>(http: HttpClient, path: string, body: unknown, takeOver: TakeOver<T>): Promise<T> {
  const sentAt = Date.now();
  try {
    return (await http.request<T>({ method: "POST", path, body, recover: () => takeOver("answerLost", sentAt) })).data;
  } catch (error) {
    const found = isApiError(error, HetznerErrorCode.UniquenessError) ? await takeOver("nameTaken", sentAt) : undefined;
    if (found === undefined) throw error;
    return found;
  }
}

/** An Action as both Hetzner APIs render it (the "Actions" schema of either spec). */
export interface HetznerActionWire {
  id: number;
  command: string;
  status: "running" | "success" | "error";
  progress: number;
  error?: { code: string; message: string } | null;
  resources: Array<{ id: number; type: string }>;
}

/** The waiter's view of a wire Action. */
export function toActionState(wire: HetznerActionWire): ActionState {
  return {
    id: wire.id,
    command: wire.command,
    status: wire.status,
    progress: wire.progress,
    error: wire.error ?? null,
    resources: wire.resources.map((r) => ({ id: r.id, type: r.type })),
  };
}

/**
 * The Action waiter's schedule from a Hetzner family's settings, in the official hcloud provider's keys
 * and forms: `<family>:pollInterval` (`500ms`, or a number of milliseconds), `<family>:pollFunction`
 * (`exponential` ×1.5 per poll up to 1 s, or `constant`), `<family>:actionTimeout` (seconds, or a
 * duration). The backoff stops at 1 s (or the poll interval, if longer): the end of a long Action is then
 * seen within a second, and all pending Actions share each poll, so the cap costs few requests. `env` is the variable prefix (`HETZNER` reads HETZNER_POLL_INTERVAL, …).
 */
export function hetznerWaiterSchedule(
  family: string,
  env: string,
  config?: ConfigSource,
): Pick<ActionWaiterOptions, "pollIntervalMs" | "pollBackoff" | "maxPollIntervalMs" | "timeoutMs" | "timeoutSetting"> {
  const pollIntervalMs = durationSetting(family, "pollInterval", [`${env}_POLL_INTERVAL`, `${env}_POLL_INTERVAL_MS`], { fallbackMs: 500, bareNumberMs: 1 }, config);
  const pollFunction = choiceSetting(family, "pollFunction", [], ["exponential", "constant"] as const, "exponential", config);
  return {
    pollIntervalMs,
    pollBackoff: pollFunction === "constant" ? 1 : 1.5,
    maxPollIntervalMs: Math.max(1_000, pollIntervalMs),
    timeoutMs: durationSetting(family, "actionTimeout", [`${env}_ACTION_TIMEOUT`], { fallbackMs: 600_000, bareNumberMs: 1000 }, config),
    timeoutSetting: `${family}:actionTimeout / ${env}_ACTION_TIMEOUT`,
  };
}

/**
 * A Hetzner family's Action waiter: `fetch` is where the family polls (Cloud `GET /actions?id=`, storage
 * boxes `GET /storage_boxes/actions?id=`), the schedule its `<family>:poll…` settings; progress lines go
 * under the resource in `pulumi up` (the engine shows the provider's stdout under the stack).
 */
export function hetznerActionWaiter(
  family: string,
  env: string,
  fetch: ActionWaiterOptions["fetch"],
  config?: ConfigSource,
  overrides?: Partial<Omit<ActionWaiterOptions, "fetch">>,
): ActionWaiter {
  return new ActionWaiter({
    fetch,
    ...hetznerWaiterSchedule(family, env, config),
    reportAfterMs: 5_000,
    reportTarget: currentResourceUrn,
    report: (line, urn) => reportLine(line, urn as string | undefined),
    ...overrides,
  });
}

/** How a Hetzner family's client is made (both families take the same options). */
export interface HetznerFamilyClientOptions {
  /** Fixed values for tests; otherwise stack config / environment, read per request. */
  endpoint?: string;
  token?: string;
  retry?: Partial<RetryOptions>;
  waiter?: Partial<Omit<ActionWaiterOptions, "fetch">>;
  /** Where settings are read instead of the provider's stack config (a program's config, for lookups). */
  config?: ConfigSource;
  /** A resource's (or lookup's) own token and endpoint; unset parts come from config. Errors then name them. */
  credentials?: Credentials;
}
