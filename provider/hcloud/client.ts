/**
 * The Hetzner Cloud family client: one HTTP client, one Action waiter and the endpoint clients,
 * shared by every hcloud resource in the provider process.
 */
import type { ActionWaiter } from "../core/actions";
import { ConfigSource, setting, urlSetting } from "../core/config";
import { FamilyClients } from "../core/credentials";
import { ConfigurationError } from "../core/errors";
import { hetznerActionWaiter, HetznerFamilyClientOptions, hetznerHttpOptions } from "../core/hetzner";
import { HttpClient } from "../core/http";
import { Props } from "../core/resource";
import { ActionsApi } from "./api/actions";
import { CertificatesApi } from "./api/certificates";
import { DatacentersApi } from "./api/datacenters";
import { FirewallsApi } from "./api/firewalls";
import { FloatingIpsApi } from "./api/floating-ips";
import { ImagesApi } from "./api/images";
import { IsosApi } from "./api/isos";
import { LoadBalancersApi } from "./api/load-balancers";
import { LocationsApi } from "./api/locations";
import { ServersApi } from "./api/servers";
import { RrsetsApi } from "./api/rrsets";
import { ZonesApi } from "./api/zones";

export const DEFAULT_ENDPOINT = "https://api.hetzner.cloud/v1";

export type HcloudClientOptions = HetznerFamilyClientOptions;

export class HcloudClient {
  readonly http: HttpClient;
  readonly actions: ActionsApi;
  readonly waiter: ActionWaiter;
  readonly firewalls: FirewallsApi;
  readonly servers: ServersApi;
  readonly floatingIps: FloatingIpsApi;
  readonly locations: LocationsApi;
  readonly certificates: CertificatesApi;
  readonly zones: ZonesApi;
  /** The RRSets of the zones (the same object as `zones.rrsets`). */
  readonly rrsets: RrsetsApi;
  readonly datacenters: DatacentersApi;
  readonly images: ImagesApi;
  readonly isos: IsosApi;
  readonly loadBalancers: LoadBalancersApi;

  constructor(options: HcloudClientOptions = {}) {
    const credentials = options.credentials;
    this.http = new HttpClient({
      family: "hcloud",
      baseUrl: () =>
        credentials?.endpoint ?? options.endpoint ?? urlSetting("hcloud", "endpoint", ["HCLOUD_ENDPOINT"], DEFAULT_ENDPOINT, options.config),
      authHeaders: () => ({ Authorization: `Bearer ${credentials?.token ?? options.token ?? hcloudToken(options.config)}` }),
      ...hetznerHttpOptions({
        token: credentials?.token === undefined ? "hcloud:token / HCLOUD_TOKEN" : "credentials.token",
        endpoint: credentials?.endpoint === undefined ? "hcloud:endpoint / HCLOUD_ENDPOINT" : "credentials.endpoint",
      }),
      retry: options.retry,
    });
    this.actions = new ActionsApi(this.http);
    // The official provider's keys and forms: `hcloud:pollInterval: 500ms`, `hcloud:pollFunction: constant`.
    this.waiter = hetznerActionWaiter("hcloud", "HCLOUD", (ids) => this.actions.byIds(ids), options.config, options.waiter);
    this.firewalls = new FirewallsApi(this.http);
    this.servers = new ServersApi(this.http);
    this.floatingIps = new FloatingIpsApi(this.http);
    this.locations = new LocationsApi(this.http);
    this.certificates = new CertificatesApi(this.http);
    this.zones = new ZonesApi(this.http);
    this.rrsets = this.zones.rrsets;
    this.datacenters = new DatacentersApi(this.http);
    this.images = new ImagesApi(this.http);
    this.isos = new IsosApi(this.http);
    this.loadBalancers = new LoadBalancersApi(this.http);
  }
}

function hcloudToken(config?: ConfigSource): string {
  const token = setting("hcloud", "token", "HCLOUD_TOKEN", config);
  if (!token) {
    throw new ConfigurationError(
      "Hetzner Cloud API token is not set: run `pulumi config set --secret hcloud:token <token>` " +
        "or set the HCLOUD_TOKEN environment variable",
    );
  }
  return token;
}

const clients = new FamilyClients((options: HcloudClientOptions) => new HcloudClient(options));

/**
 * The client for a call: the one of the resource's own `credentials` when its props carry them, else
 * the provider process's client over the stack config, made on first use (after `configure`).
 */
export function hcloudClient(props?: Props): HcloudClient {
  return clients.forProps(props);
}

/** Installs `client` as the stack's client; clients for resources' own credentials start from `options`. */
export function setHcloudClientForTests(client: HcloudClient | undefined, options: HcloudClientOptions = {}): void {
  clients.setForTests(client, options);
}
