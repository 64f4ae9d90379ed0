/**
 * What every Cloudflare API v4 response shares: the envelope `{success, errors, messages, result}` (spec
 * `dns-records_api-response-common[-failure]`), numeric error codes, 32-hex identifiers and timestamps.
 *
 * Error codes: each constant names where it was seen. Codes marked "guess" are not documented anywhere we
 * could find; they sit in the range Cloudflare uses for the same kind of error (9xxx: input validation,
 * 81xxx: DNS record rules), so a client must never depend on them beyond "4xx with a code".
 */
import { createHash } from "node:crypto";

export interface CloudflareMessage {
  code: number;
  message: string;
  /** Cloudflare nests the specific causes of a generic error here (e.g. 6003 → 6111). */
  error_chain?: CloudflareMessage[];
}

export const CODES = {
  /** 400, no credentials at all: "Missing X-Auth-Key, X-Auth-Email or Authorization headers" (cloudflare/cloudflare-python#2678). */
  missingAuth: 9106,
  /** 400, `Invalid request headers` with 6111 `Invalid format for Authorization header` in its chain (jeessy2/ddns-go#658). */
  invalidHeaders: 6003,
  invalidAuthorizationFormat: 6111,
  /** 403 `Authentication error`: a well-formed token Cloudflare does not know (terraform-provider-cloudflare reports). */
  authentication: 10000,
  /** 400 `No route for that URI` (a path the API does not have). */
  noRoute: 7000,
  /** 400 `Could not route to …, perhaps your object identifier is invalid?` (zanjie1999/cloudflare-api-v4-ddns style reports; xiaodao2026/speed#1). */
  invalidIdentifier: 7003,
  /** 405 `Method not allowed` (guess: 10405). */
  methodNotAllowed: 10405,
  /** 429 `More than 1200 requests per 300 seconds reached. Please wait and consider throttling your request speed` (RiotGames/cloud-inquisitor#153). */
  rateLimited: 10100,
  /** 400: a query parameter out of range (guess). */
  invalidQuery: 9206,
  /** 400: the body is not JSON or not an object (guess). */
  invalidBody: 9207,
  /** 400 `DNS Validation Error` (1004) wraps a record's validation errors in `error_chain` (hashicorp/terraform#11991). */
  dnsValidation: 1004,
  /** `This kind of record cannot be proxied` (hashicorp/terraform#11991). */
  notProxiable: 9004,
  /** `Content for A record must be a valid IPv4 address.` (yulewang/cloudflare-api-v4-ddns#16); used for every content error. */
  invalidContent: 9005,
  /** `Invalid TTL. Must be between … seconds, or 1 for automatic` (openwrt/packages#11083). */
  invalidTtl: 9021,
  /** Invalid or missing record type (guess). */
  invalidType: 9104,
  /** Invalid record name (guess). */
  invalidName: 9000,
  /** A proxied record whose TTL is not 1 (guess; the API refuses it: sil-org/serverless-mfa-api#125). */
  proxiedTtl: 9022,
  /** Invalid priority (guess). */
  invalidPriority: 9100,
  /** Invalid `data` of a structured type (guess). */
  invalidData: 9101,
  /** Invalid comment, tags or settings (guess). */
  invalidMeta: 9102,
  /** 404 `Record does not exist.` (zanjie1999/cloudflare-api-v4-ddns#5). */
  recordNotFound: 81044,
  /** Record quota of the zone reached (guess). */
  recordQuota: 81045,
  /** `An A, AAAA, or CNAME record with that host already exists.` (homeassistant-apps/app-cloudflared#129). */
  cnameConflict: 81053,
  /** `A CNAME record with that host already exists.` (Cloudflare community reports). */
  cnameExists: 81054,
  /** `NS records with that host already exist` (message: cloudflare/cloudflare-docs#10789; code guess). */
  nsConflict: 81056,
  /** `An identical record already exists.` (jeessy2/ddns-go#1378, ZhiXuanWang/cf-speed-dns#55). */
  identicalRecord: 81058,
  /** A zone file line the import cannot read (guess). */
  zoneFile: 9209,
  /** A batch larger than the plan allows (guess). */
  batchTooLarge: 81100,
  /** A zone name that is taken or invalid (zone create; guess codes 1061 "already exists", 1099 invalid). */
  zoneExists: 1061,
  invalidZoneName: 1099,
} as const;

export class CloudflareError extends Error {
  readonly errors: CloudflareMessage[];
  constructor(
    readonly status: number,
    errors: CloudflareMessage | CloudflareMessage[],
  ) {
    const list = Array.isArray(errors) ? errors : [errors];
    super(list.map((e) => `${e.message} (${e.code})`).join("; "));
    this.errors = list;
  }
}

export const failure = (errors: CloudflareMessage[]) => ({ success: false, errors, messages: [], result: null });

export const success = (result: unknown, resultInfo?: object) => ({ success: true, errors: [], messages: [], result, ...(resultInfo ? { result_info: resultInfo } : {}) });

/** A record validation failure as the API answers it: 1004 `DNS Validation Error` with the causes in its chain. */
export function validationError(causes: CloudflareMessage[]): CloudflareError {
  return new CloudflareError(400, { code: CODES.dnsValidation, message: "DNS Validation Error", error_chain: causes });
}

/** The API names the path from `/client/v4` on, so the emulator's `/cloudflare` mount is left out. */
export const invalidIdentifier = (path: string) =>
  new CloudflareError(400, { code: CODES.invalidIdentifier, message: `Could not route to ${path.replace(/^\/cloudflare(?=\/client\/v4\/)/, "")}, perhaps your object identifier is invalid?` });

/** Cloudflare identifiers are 32 lower-case hex characters (spec `dns-records_identifier`: maxLength 32). */
export const isIdentifier = (value: string) => /^[0-9a-f]{32}$/.test(value);

/** A stable identifier (the same after a reset, so test output is repeatable), unique per family, project and counter. */
export const identifier = (...parts: (string | number)[]) => createHash("sha256").update(parts.join(":")).digest("hex").slice(0, 32);

/** Cloudflare's timestamps carry microseconds (`2014-01-01T05:20:00.12345Z`). */
export const timestamp = (ms: number) => new Date(ms).toISOString().replace(/Z$/, "000Z");

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

export type Query = Record<string, string | string[] | undefined>;

/** The last value of a query parameter (a repeated one arrives as an array). */
export const queryValue = (query: Query, name: string): string | undefined => {
  const value = query[name];
  return Array.isArray(value) ? value.at(-1) : value;
};
