/**
 * The VPS.org DNS family client (`https://admin.vps.org/api/v1`): one HTTP client and the endpoint
 * clients, shared by every `vpsorg:*` resource in the provider process (one per resource credentials).
 * VPS.org has no Actions: every write is done when its answer arrives, so there is no waiter.
 */
import { ConfigSource } from "../core/config";
import { Credentials, FamilyClients } from "../core/credentials";
import { programPath } from "../core/errors";
import { ErrorFacts, HttpClient, HttpClientOptions, ParsedApiError } from "../core/http";
import { Props } from "../core/resource";
import { FailureClassifier, RetryOptions } from "../core/retry";
import { RecordsApi } from "./api/records";
import { ZonesApi } from "./api/zones";
import { DEFAULT_ENDPOINT, ENDPOINT_SETTINGS, TOKEN_SETTINGS, vpsorgEndpoint, vpsorgToken } from "./config";

export { DEFAULT_ENDPOINT };

export interface VpsorgClientOptions {
  /** Fixed values for tests; otherwise stack config / environment, read per request. */
  endpoint?: string;
  token?: string;
  retry?: Partial<RetryOptions>;
  /** Where settings are read instead of the provider's stack config (a program's config, for lookups). */
  config?: ConfigSource;
  /** A resource's (or lookup's) own token and endpoint; unset parts come from config. Errors then name them. */
  credentials?: Credentials;
}

/**
 * The error envelope of the seed ("Example Error Response"): `{ detail, error_code, field }`. A body
 * without it (a proxy's page, or Django REST framework's bare `{ detail }`) falls back to the status.
 */
export function parseVpsorgError(status: number, body: unknown): ParsedApiError {
  const envelope = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  const detail = typeof envelope?.detail === "string" ? envelope.detail : undefined;
  const field = typeof envelope?.field === "string" && envelope.field ? envelope.field : undefined;
  const code = typeof envelope?.error_code === "string" && envelope.error_code ? envelope.error_code : status === 404 ? "not_found" : `http_${status}`;
  const text = detail ?? (typeof body === "string" && body ? body.slice(0, 200) : `HTTP ${status}`);
  // The field as the program spells the property (`record_type` is `recordType`).
  return { code, message: field ? `${programPath(field)}: ${text}` : text, ...(envelope ? { details: envelope } : {}) };
}

/**
 * What VPS.org's answers mean for a retry, on top of the generic rules (429 waits for the rate limit,
 * a gateway's 502/503/504 without an envelope may have been carried out): a 503 in the API's own
 * envelope is a refusal, so any method may be sent again.
 */
export const classifyVpsorgFailure: FailureClassifier = ({ status, code }) =>
  status === 503 && code !== undefined && code !== `http_${status}` ? "retry" : undefined;

/** The fix for errors a user can act on (the seed's "Common Errors" table), named with the settings in use. */
export function vpsorgHint(settings: { token: string; endpoint: string }): (error: ErrorFacts) => string | undefined {
  return ({ status, kind }) => {
    if (status === 401) return `check ${settings.token}: the API did not accept the token (VPS.org tokens start with vps_)`;
    if (status === 403) return `the token in ${settings.token} lacks a dns:* permission this needs: generate one with the dns permissions at /account/developers/`;
    // No response, and not a lost one: the request never left (refused, unknown host, bad URL).
    return status === undefined && kind !== "ambiguous" ? `check ${settings.endpoint}` : undefined;
  };
}

export function vpsorgHttpOptions(settings: { token: string; endpoint: string }): Pick<HttpClientOptions, "parseError" | "classifyFailure" | "hint"> {
  return { parseError: parseVpsorgError, classifyFailure: classifyVpsorgFailure, hint: vpsorgHint(settings) };
}

export class VpsorgClient {
  readonly http: HttpClient;
  readonly zones: ZonesApi;
  readonly records: RecordsApi;

  constructor(options: VpsorgClientOptions = {}) {
    const credentials = options.credentials;
    this.http = new HttpClient({
      family: "vpsorg",
      baseUrl: () => credentials?.endpoint ?? options.endpoint ?? vpsorgEndpoint(options.config),
      authHeaders: () => ({ Authorization: `Bearer ${credentials?.token ?? options.token ?? vpsorgToken(options.config)}` }),
      ...vpsorgHttpOptions({
        token: credentials?.token === undefined ? TOKEN_SETTINGS : "credentials.token",
        endpoint: credentials?.endpoint === undefined ? ENDPOINT_SETTINGS : "credentials.endpoint",
      }),
      retry: options.retry,
    });
    this.zones = new ZonesApi(this.http);
    this.records = new RecordsApi(this.http);
  }
}

const clients = new FamilyClients((options: VpsorgClientOptions) => new VpsorgClient(options));

/** The client for a call: the resource's own `credentials` when its props carry them, else the stack's. */
export function vpsorgClient(props?: Props): VpsorgClient {
  return clients.forProps(props);
}

/** Installs `client` as the stack's client; clients for resources' own credentials start from `options`. */
export function setVpsorgClientForTests(client: VpsorgClient | undefined, options: VpsorgClientOptions = {}): void {
  clients.setForTests(client, options);
}
