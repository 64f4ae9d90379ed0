/**
 * Cloudflare's v4 conventions, for every Cloudflare endpoint: the envelope
 * `{ success, errors: [{ code, message }], messages, result, result_info }`, what its error codes mean for a
 * retry and for the user, and page-number pagination (`result_info.total_pages`).
 */
import { ErrorFacts, HttpClient, HttpClientOptions, ParsedApiError, Query } from "../core/http";
import { FailureClassifier } from "../core/retry";
import type { MessageWire, ResultInfoWire } from "./wire";

/** The error codes the provider reads (Cloudflare's API docs and error pages; the spec lists none). */
export const CloudflareErrorCode = {
  /** "Authentication error": a token that is missing, invalid or lacks the permission. */
  AuthenticationError: "10000",
  InvalidToken: "9109",
  MissingToken: "9106",
  /** "Please wait and consider throttling your request speed" (HTTP 429). */
  RateLimited: "971",
  /** "More than 1200 requests per 5 minutes" (HTTP 429; the code real answers carry, e.g. RiotGames/cloud-inquisitor#153). */
  RateLimitedPerUser: "10100",
  /** "Could not route to …, perhaps your object identifier is invalid?": an unknown zone id. */
  InvalidIdentifier: "7003",
  /** "Record does not exist." */
  RecordNotFound: "81044",
  /** "An A, AAAA, or CNAME record with that host already exists." */
  HostConflict: "81053",
  /** "A record with those settings already exists." */
  RecordExists: "81057",
  /** "An identical record already exists." */
  IdenticalRecord: "81058",
} as const;

/**
 * The record property a validation code is about, as a program writes it (cloudflare.DnsRecord's inputs):
 * codes from Cloudflare's answers as reported publicly (9004, 9005, 9021, 81053, 81054, 81056) and the
 * record validation codes beside them.
 */
const PROPERTY_OF_CODE: Record<string, string> = {
  "9000": "name",
  "9004": "proxied",
  "9005": "content",
  "9021": "ttl",
  "9022": "ttl",
  "9100": "priority",
  "9101": "data",
  "9104": "type",
  "81053": "name",
  "81054": "name",
  "81056": "name",
};

const TOKEN_CODES = new Set<string>([CloudflareErrorCode.AuthenticationError, CloudflareErrorCode.InvalidToken, CloudflareErrorCode.MissingToken, "9103", "6003"]);

/** One entry of `errors`: the spec's message, plus the `error_chain` Cloudflare nests causes in (seen in its answers, not in the spec). */
type CloudflareMessage = MessageWire & { error_chain?: CloudflareMessage[] };

/** Reads Cloudflare's error envelope: the first error's code, every error's message. */
export function parseCloudflareError(status: number, body: unknown): ParsedApiError {
  const errors = (body as { errors?: CloudflareMessage[] } | undefined)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) {
    return { code: `http_${status}`, message: typeof body === "string" && body ? body.slice(0, 200) : `HTTP ${status}` };
  }
  // A generic error (1004 "DNS Validation Error") names its causes in `error_chain`: they are what the user needs.
  // Each message led by the property it is about, where its code says which.
  const describe = (e: CloudflareMessage): string => {
    const chain = Array.isArray(e.error_chain) && e.error_chain.length ? `: ${e.error_chain.map(describe).join("; ")}` : "";
    const property = PROPERTY_OF_CODE[String(e.code)];
    return `${property ? `${property}: ` : ""}${e.message ?? e.code}${chain}`;
  };
  return { code: String(errors[0].code ?? `http_${status}`), message: errors.map(describe).join("; "), details: errors };
}

const RATE_LIMIT_CODES = new Set<string>([CloudflareErrorCode.RateLimited, CloudflareErrorCode.RateLimitedPerUser]);

/** Cloudflare's rate-limit codes (sent with 429, which the generic rules already retry after Retry-After). */
export const classifyCloudflareFailure: FailureClassifier = ({ code }) => (code !== undefined && RATE_LIMIT_CODES.has(code) ? "rate_limited" : undefined);

export interface CloudflareSettingNames {
  token: string;
  endpoint: string;
}

/** The fix for errors a user can act on, named with the settings (or `credentials.*`) in use. */
export function cloudflareHint(settings: CloudflareSettingNames): (error: ErrorFacts) => string | undefined {
  return ({ status, code, kind }) => {
    if (TOKEN_CODES.has(code) || status === 401) return `check ${settings.token}: Cloudflare did not accept the token`;
    if (status === 403) return `check ${settings.token}: the token needs the DNS Edit permission on this zone`;
    if (code === CloudflareErrorCode.InvalidIdentifier) return "check zoneId: no zone with that id is reachable with this token";
    if (code === CloudflareErrorCode.HostConflict) return "a CNAME cannot share its name with other records: remove one of them";
    if (code === CloudflareErrorCode.IdenticalRecord || code === CloudflareErrorCode.RecordExists) {
      return "the same record exists already: remove the duplicate from the program or the zone";
    }
    return status === undefined && kind !== "ambiguous" ? `check ${settings.endpoint}` : undefined;
  };
}

export function cloudflareHttpOptions(settings: CloudflareSettingNames): Pick<HttpClientOptions, "parseError" | "classifyFailure" | "hint"> {
  return { parseError: parseCloudflareError, classifyFailure: classifyCloudflareFailure, hint: cloudflareHint(settings) };
}

/** `{ result }` of a successful answer. */
export interface Envelope<T> {
  success: boolean;
  result: T;
  result_info?: ResultInfoWire;
}

export async function getResult<T>(http: HttpClient, path: string, query?: Query): Promise<T> {
  return (await http.get<Envelope<T>>(path, query)).data.result;
}

/**
 * Every page of a list endpoint. `perPage`: how many to ask for at once (Cloudflare's dns_records allows up
 * to 5,000,000 per the spec; zones 50). Stops at `total_pages`, or at a short page when that is missing.
 */
export async function listAllPages<T>(http: HttpClient, path: string, query: Query = {}, perPage = 5000): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const { data } = await http.get<Envelope<T[] | null>>(path, { ...query, page, per_page: perPage });
    const result = data.result ?? [];
    items.push(...result);
    const info = data.result_info;
    const totalPages = info?.total_pages ?? (info?.total_count !== undefined && info.per_page ? Math.ceil(info.total_count / info.per_page) : undefined);
    if (totalPages !== undefined ? page >= totalPages : result.length < perPage) return items;
  }
}
