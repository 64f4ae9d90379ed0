/**
 * The Hetzner API family client (storage boxes, `https://api.hetzner.com/v1`): one HTTP client, one
 * Action waiter (polling `/storage_boxes/actions`, the family's own action endpoint) and the endpoint
 * clients, shared by every `hetzner:*` resource in the provider process.
 */
import type { ActionWaiter } from "../core/actions";
import { FamilyClients } from "../core/credentials";
import { hetznerActionWaiter, HetznerFamilyClientOptions, hetznerHttpOptions } from "../core/hetzner";
import { HttpClient } from "../core/http";
import { Props } from "../core/resource";
import { StorageBoxActionsApi } from "./api/actions";
import { SnapshotsApi } from "./api/snapshots";
import { StorageBoxTypesApi } from "./api/storage-box-types";
import { StorageBoxesApi } from "./api/storage-boxes";
import { SubaccountsApi } from "./api/subaccounts";
import { DEFAULT_ENDPOINT, hetznerEndpoint, hetznerToken } from "./config";

export { DEFAULT_ENDPOINT };

/** Where a user fixes the token, for error hints. */
const TOKEN_SETTINGS = "hetzner:token / HETZNER_TOKEN (or hcloud:token / HCLOUD_TOKEN, used when those are unset)";

export type HetznerClientOptions = HetznerFamilyClientOptions;

export class HetznerClient {
  readonly http: HttpClient;
  readonly actions: StorageBoxActionsApi;
  readonly waiter: ActionWaiter;
  readonly storageBoxes: StorageBoxesApi;
  readonly subaccounts: SubaccountsApi;
  readonly snapshots: SnapshotsApi;
  readonly storageBoxTypes: StorageBoxTypesApi;

  constructor(options: HetznerClientOptions = {}) {
    const credentials = options.credentials;
    this.http = new HttpClient({
      family: "hetzner",
      baseUrl: () => credentials?.endpoint ?? options.endpoint ?? hetznerEndpoint(options.config),
      authHeaders: () => ({ Authorization: `Bearer ${credentials?.token ?? options.token ?? hetznerToken(options.config).value}` }),
      ...hetznerHttpOptions({
        token: credentials?.token === undefined ? TOKEN_SETTINGS : "credentials.token",
        endpoint: credentials?.endpoint === undefined ? "hetzner:endpoint / HETZNER_ENDPOINT" : "credentials.endpoint",
      }),
      retry: options.retry,
    });
    this.actions = new StorageBoxActionsApi(this.http);
    this.waiter = hetznerActionWaiter("hetzner", "HETZNER", (ids) => this.actions.byIds(ids), options.config, options.waiter);
    this.storageBoxes = new StorageBoxesApi(this.http);
    this.subaccounts = new SubaccountsApi(this.http);
    this.snapshots = new SnapshotsApi(this.http);
    this.storageBoxTypes = new StorageBoxTypesApi(this.http);
  }
}

const clients = new FamilyClients((options: HetznerClientOptions) => new HetznerClient(options));

/**
 * The client for a call: the one of the resource's own `credentials` when its props carry them, else
 * the provider process's client over the stack config, made on first use (after `configure`).
 */
export function hetznerClient(props?: Props): HetznerClient {
  return clients.forProps(props);
}

/** Installs `client` as the stack's client; clients for resources' own credentials start from `options`. */
export function setHetznerClientForTests(client: HetznerClient | undefined, options: HetznerClientOptions = {}): void {
  clients.setForTests(client, options);
}
