import * as pulumi from "@pulumi/pulumi";
import { credentialsInput, ResourceCredentialsArgs, withSecretCredentials } from "../credentials";
import { AdoptArgs, GetState, readOptions } from "../adopt";
import { providerShim } from "../shim";

export interface FloatingIpAssignmentArgs extends ResourceCredentialsArgs, AdoptArgs {
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

  /** Reads an existing object into the program without managing it: `pulumi refresh` updates it, `up` never changes or deletes it. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, state: GetState = {}, opts?: pulumi.CustomResourceOptions): FloatingIpAssignment {
    return new FloatingIpAssignment(name, state as FloatingIpAssignmentArgs, readOptions(id, opts));
  }

  constructor(name: string, args: FloatingIpAssignmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("hcloud:FloatingIpAssignment"),
      name,
      { floatingIpId: args.floatingIpId, serverId: args.serverId, credentials: credentialsInput(args.credentials), adopt: args.adopt, ip: undefined },
      withSecretCredentials(opts),
      "hcloud",
      "FloatingIpAssignment",
    );
  }
}
