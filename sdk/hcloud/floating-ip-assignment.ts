import * as pulumi from "@pulumi/pulumi";
import { credentialsInput, ResourceCredentialsArgs, withSecretCredentials } from "../credentials";
import { providerShim } from "../shim";

export interface FloatingIpAssignmentArgs extends ResourceCredentialsArgs {
  /** The floating IP (an hcloud.FloatingIp without `serverId`). Changing it replaces the assignment. */
  floatingIpId: pulumi.Input<number>;
  /** The server to assign it to; a change reassigns the IP in place. */
  serverId: pulumi.Input<number>;
}

/** Assigns a Floating IP to a server; deleting it unassigns the IP (if it is still on that server). */
export class FloatingIpAssignment extends pulumi.dynamic.Resource {
  declare readonly floatingIpId: pulumi.Output<number>;
  /** The server the IP is assigned to now (null after an out-of-band unassign, until the next `up`). */
  declare readonly serverId: pulumi.Output<number | null>;
  /** The floating IP's address. */
  declare readonly ip: pulumi.Output<string>;

  constructor(name: string, args: FloatingIpAssignmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("hcloud:FloatingIpAssignment"),
      name,
      { floatingIpId: args.floatingIpId, serverId: args.serverId, credentials: credentialsInput(args.credentials), ip: undefined },
      withSecretCredentials(opts),
      "hcloud",
      "FloatingIpAssignment",
    );
  }
}
