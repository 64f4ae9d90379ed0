/**
 * The legacy Hetzner DNS family client (`https://dns.hetzner.com/api/v1`, header `Auth-API-Token`): one
 * HTTP client and the endpoint clients, shared by every `hetznerdns:*` resource of the provider process
 * that uses the same credentials. The API has no Actions: a write is done when it answers.
 */
import { FamilyClients, Credentials } from "../core/credentials";
import { ConfigSource } from "../core/config";
import { ErrorFacts, HttpClient, ParsedApiError } from "../core/http";
import { Props } from "../core/resource";
import { RetryOptions } from "../core/retry";
import { SharedListing } from "../core/shared-listing";
import { PrimaryServersApi } from "./api/primary-servers";
import { RecordsApi } from "./api/records";
import { LegacyZone, ZonesApi } from "./api/zones";
import { RecordWrites } from "./record-writes";
import { DEFAULT_ENDPOINT, ENDPOINT_SETTING, hetznerDnsEndpoint, hetznerDnsToken, TOKEN_PLACES } from "./config";

export { DEFAULT_ENDPOINT };

export interface HetznerDnsClientOptions {
  /** Fixed values for tests; otherwise stack config / environment, read per request. */
  endpoint?: string;
  token?: string;
  retry?: Partial<RetryOptions>;
  /** Where settings are read instead of the provider's stack config (a program's config, for lookups). */
  config?: ConfigSource;
  /** A resource's (or lookup's) own token and endpoint; unset parts come from config. */
  credentials?: Credentials;
  /** The windows that gather record writes into bulk requests (tests shorten them). */
  batching?: { idleMs?: number; maxWaitMs?: number };
}

/** The API's words for its statuses: its envelope carries the HTTP status as a number (`{ error: { message, code: 422 } }`). */
const CODES: Record<number, string> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  406: "not_acceptable",
  409: "conflict",
  422: "invalid_input",
  429: "rate_limit_exceeded",
};

/**
 * The legacy API's error body: `{ error: { message, code } }` beside an empty object (seen in answers of
 * the real API, e.g. `{"record":{…},"error":{"message":"422 Unprocessable Entity: taken: ; ","code":422}}`);
 * its gateway answers a refused token with `{ message }`.
 */
export function parseHetznerDnsError(status: number, body: unknown): ParsedApiError {
  const code = CODES[status] ?? `http_${status}`;
  const envelope = body as { error?: { message?: unknown }; message?: unknown } | undefined;
  const message = envelope?.error?.message ?? envelope?.message;
  if (typeof message === "string" && message) return { code, message: message.trim() };
  return { code, message: typeof body === "string" && body ? body.slice(0, 200) : `HTTP ${status}` };
}

function hint(settings: { token: string; endpoint: string }) {
  return ({ status, kind }: ErrorFacts): string | undefined => {
    if (status === 401) return `check ${settings.token}: the API did not accept the token (a Hetzner DNS API token from dns.hetzner.com, not a Cloud token)`;
    if (status === 403) return `check ${settings.token}: the token may not do this`;
    return status === undefined && kind !== "ambiguous" ? `check ${settings.endpoint}` : undefined;
  };
}

export class HetznerDnsClient {
  readonly http: HttpClient;
  readonly zones: ZonesApi;
  readonly records: RecordsApi;
  readonly primaryServers: PrimaryServersApi;
  /** Record creates and updates gathered into bulk requests; reads of a zone's records sharing one listing. */
  readonly recordWrites: RecordWrites;
  /** Zones by id for the checks of many records of one zone: one GET, not one per record. */
  readonly zoneById: SharedListing<LegacyZone | undefined>;

  constructor(options: HetznerDnsClientOptions = {}) {
    const credentials = options.credentials;
    this.http = new HttpClient({
      family: "hetznerdns",
      baseUrl: () => credentials?.endpoint ?? options.endpoint ?? hetznerDnsEndpoint(options.config),
      authHeaders: () => ({ "Auth-API-Token": credentials?.token ?? options.token ?? hetznerDnsToken(options.config).value }),
      parseError: parseHetznerDnsError,
      hint: hint({
        token: credentials?.token === undefined ? TOKEN_PLACES.join(" / ") : "credentials.token",
        endpoint: credentials?.endpoint === undefined ? ENDPOINT_SETTING : "credentials.endpoint",
      }),
      retry: options.retry,
    });
    this.zones = new ZonesApi(this.http);
    this.records = new RecordsApi(this.http);
    this.primaryServers = new PrimaryServersApi(this.http);
    this.recordWrites = new RecordWrites(this.records, options.batching);
    this.zoneById = new SharedListing({ load: (id) => this.zones.find(id) });
  }
}

const clients = new FamilyClients((options: HetznerDnsClientOptions) => new HetznerDnsClient(options));

/**
 * The client for a call: the one of the resource's own `credentials` when its props carry them, else
 * the provider process's client over the stack config, made on first use (after `configure`).
 */
export function hetznerDnsClient(props?: Props): HetznerDnsClient {
  return clients.forProps(props);
}

/** Installs `client` as the stack's client; clients for resources' own credentials start from `options`. */
export function setHetznerDnsClientForTests(client: HetznerDnsClient | undefined, options: HetznerDnsClientOptions = {}): void {
  clients.setForTests(client, options);
}
