/**
 * The `credentials` input every resource takes: another project's (or account's) token and endpoint,
 * so one stack can manage several. It is stored as a secret: wrapped with `pulumi.secret` and declared
 * an additional secret output. Never captured in `__provider` (the shim holds only a kind string).
 */
import * as pulumi from "@pulumi/pulumi";

export interface CredentialsArgs {
  /** API token; unset: the stack config (e.g. `hcloud:token`), then the environment (`HCLOUD_TOKEN`). */
  token?: pulumi.Input<string>;
  /** API base URL, http(s); unset: the stack config (e.g. `hcloud:endpoint`), then the environment, then the API's own. */
  endpoint?: pulumi.Input<string>;
}

/** The resource inputs for `credentials`: a secret, or nothing when the program gave none. */
export function credentialsInput(credentials: pulumi.Input<CredentialsArgs> | undefined): pulumi.Input<CredentialsArgs> | undefined {
  return credentials === undefined ? undefined : pulumi.secret(credentials);
}

/** The resource options with `credentials` declared an additional secret output. */
export function withSecretCredentials(opts: pulumi.CustomResourceOptions | undefined, secrets: string[] = []): pulumi.CustomResourceOptions {
  return pulumi.mergeOptions(opts, { additionalSecretOutputs: [...secrets, "credentials"] });
}

/** The `credentials` argument of every resource. */
export interface ResourceCredentialsArgs {
  /**
   * Another project's (or account's) token and/or endpoint, for this resource alone; unset parts come
   * from the stack config, then the environment. Stored as a secret. Changing it changes no object.
   */
  credentials?: pulumi.Input<CredentialsArgs>;
}
