/**
 * The provider implementation, loaded by the `__provider` shim inside the dynamic-provider process
 * (`require("pulumi-dns-cloud/provider")`). Every resource kind is registered here by its type name.
 */
import { ConfigSource, useStackConfig } from "./core/config";
import { ResourceImplementation } from "./core/resource";
import { firewall } from "./hcloud/firewall";

const resources: Record<string, ResourceImplementation> = {
  "hcloud:Firewall": firewall,
};

export function resource(kind: string): ResourceImplementation {
  const implementation = resources[kind];
  if (!implementation) {
    throw new Error(`pulumi-dns-cloud: unknown resource kind "${kind}"; the program's package is newer than the provider's?`);
  }
  return implementation;
}

/** Called by the dynamic-provider host with the whole stack config (secrets decrypted). */
export function configure(request: { config: ConfigSource }): void {
  useStackConfig(request.config);
}

export const resourceKinds = Object.keys(resources);
