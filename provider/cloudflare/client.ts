/**
 * The Cloudflare family client (`https://api.cloudflare.com/client/v4`): one HTTP client with Cloudflare's
 * envelope, error codes and rate-limit backoff, and the endpoint clients, shared by every `cloudflare:*`
 * resource of the provider process that uses the same credentials. The record batcher and the shared
 * listings live here too, so only writes and reads of one account are gathered together.
 */
import type { ConfigSource } from "../core/config";
import { Credentials, FamilyClients } from "../core/credentials";
import { HttpClient } from "../core/http";
import { Props } from "../core/resource";
import { RetryOptions } from "../core/retry";
import { zoneName } from "../dns/names";
import { BatchApi } from "./api/batch";
import { RecordsApi } from "./api/records";
import { ScansApi } from "./api/scans";
import { UsageApi } from "./api/usage";
import { ZoneFilesApi } from "./api/zone-files";
import { ZonesApi } from "./api/zones";
import { cloudflareEndpoint, cloudflareToken, DEFAULT_ENDPOINT, ENDPOINT_SETTING, TOKEN_SETTING } from "./config";
import { cloudflareHttpOptions } from "./envelope";
import { RecordWriter, RecordWriterOptions } from "./record-writer";

export { DEFAULT_ENDPOINT };

/**
 * Cloudflare allows 1200 requests per 5 minutes per user, and answers 429 with Retry-After beyond that
 * (developers.cloudflare.com/fundamentals/api/reference/limits). A rate-limited request waits at least
 * Retry-After; the budget is larger than the Hetzner families' so a long refill is waited out.
 */
const CLOUDFLARE_RETRY: Partial<RetryOptions> = { maxRetries: 8, maxDelayMs: 60_000 };

export interface CloudflareClientOptions {
  /** Fixed values for tests; otherwise stack config / environment, read per request. */
  endpoint?: string;
  token?: string;
  retry?: Partial<RetryOptions>;
  /** How long concurrent record writes are gathered into one batch (tests shorten it). */
  batching?: RecordWriterOptions;
  /** Where settings are read instead of the provider's stack config (a program's config, for lookups). */
  config?: ConfigSource;
  /** A resource's (or lookup's) own token and endpoint; unset parts come from config. Errors then name them. */
  credentials?: Credentials;
}

export class CloudflareClient {
  readonly http: HttpClient;
  readonly records: RecordsApi;
  readonly batch: BatchApi;
  readonly zoneFiles: ZoneFilesApi;
  readonly scans: ScansApi;
  readonly usage: UsageApi;
  readonly zones: ZonesApi;
  /** Gathers concurrent record writes of one zone into `/batch` requests, and shares listings of a zone. */
  readonly writer: RecordWriter;
  private readonly zoneNames = new Map<string, Promise<string>>();

  constructor(options: CloudflareClientOptions = {}) {
    const credentials = options.credentials;
    this.http = new HttpClient({
      family: "cloudflare",
      baseUrl: () => credentials?.endpoint ?? options.endpoint ?? cloudflareEndpoint(options.config),
      authHeaders: () => ({ Authorization: `Bearer ${credentials?.token ?? options.token ?? cloudflareToken(options.config)}` }),
      ...cloudflareHttpOptions({
        token: credentials?.token === undefined ? TOKEN_SETTING : "credentials.token",
        endpoint: credentials?.endpoint === undefined ? ENDPOINT_SETTING : "credentials.endpoint",
      }),
      retry: { ...CLOUDFLARE_RETRY, ...options.retry },
    });
    this.records = new RecordsApi(this.http);
    this.batch = new BatchApi(this.http);
    this.zoneFiles = new ZoneFilesApi(this.http);
    this.scans = new ScansApi(this.http);
    this.usage = new UsageApi(this.http);
    this.zones = new ZonesApi(this.http);
    this.writer = new RecordWriter(this.records, this.batch, options.batching);
  }

  /** The zone's name (ASCII), read once per zone id: resources need it to put record names in Cloudflare's form. */
  zoneName(zoneId: string): Promise<string> {
    let name = this.zoneNames.get(zoneId);
    if (!name) {
      name = this.zones.get(zoneId).then((zone) => zoneName(zone.name));
      name.catch(() => this.zoneNames.delete(zoneId));
      this.zoneNames.set(zoneId, name);
    }
    return name;
  }
}

const clients = new FamilyClients((options: CloudflareClientOptions) => new CloudflareClient(options));

/** The client for a call: the resource's own `credentials`' when its props carry them, else the stack's. */
export function cloudflareClient(props?: Props): CloudflareClient {
  return clients.forProps(props);
}

/** Installs `client` as the stack's client; clients for resources' own credentials start from `options`. */
export function setCloudflareClientForTests(client: CloudflareClient | undefined, options: CloudflareClientOptions = {}): void {
  clients.setForTests(client, options);
}
