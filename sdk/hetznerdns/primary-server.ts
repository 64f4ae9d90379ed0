import * as pulumi from "@pulumi/pulumi";
import { credentialsInput, ResourceCredentialsArgs, withSecretCredentials } from "../credentials";
import { providerShim } from "../shim";

export interface PrimaryServerArgs extends ResourceCredentialsArgs {
  /** The secondary zone's id. Changing it replaces the primary server. */
  zoneId: pulumi.Input<string>;
  /** The IPv4 or IPv6 address of the primary nameserver the zone is transferred from. */
  address: pulumi.Input<string>;
  /** Default 53. */
  port?: pulumi.Input<number>;
}

/** A primary nameserver of a secondary zone of the legacy Hetzner DNS API. */
export class PrimaryServer extends pulumi.dynamic.Resource {
  declare readonly zoneId: pulumi.Output<string>;
  /** Canonical (IPv6 per RFC 5952). */
  declare readonly address: pulumi.Output<string>;
  declare readonly port: pulumi.Output<number>;
  declare readonly created: pulumi.Output<string>;
  declare readonly modified: pulumi.Output<string>;

  constructor(name: string, args: PrimaryServerArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("hetznerdns:PrimaryServer"),
      name,
      {
        zoneId: args.zoneId,
        address: args.address,
        port: args.port,
        credentials: credentialsInput(args.credentials),
        created: undefined,
        modified: undefined,
      },
      withSecretCredentials(opts),
      "hetznerdns",
      "PrimaryServer",
    );
  }
}
