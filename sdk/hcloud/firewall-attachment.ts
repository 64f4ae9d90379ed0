import * as pulumi from "@pulumi/pulumi";
import { credentialsInput, ResourceCredentialsArgs, withSecretCredentials } from "../credentials";
import { AdoptArgs, GetState, readOptions } from "../adopt";
import { providerShim } from "../shim";

export interface FirewallAttachmentArgs extends ResourceCredentialsArgs, AdoptArgs {
  /** The firewall (an hcloud.Firewall without `applyTo`). Changing it replaces the attachment. */
  firewallId: pulumi.Input<number>;
  /** Servers this attachment applies the firewall to. */
  serverIds?: pulumi.Input<pulumi.Input<number>[]>;
  /** Label selectors (e.g. `role=web`) this attachment applies the firewall to. */
  labelSelectors?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * Applies a firewall to servers and label selectors. It adds and removes only its own targets, so
 * several attachments (and attachments made elsewhere) can share one firewall.
 */
export class FirewallAttachment extends pulumi.dynamic.Resource {
  declare readonly firewallId: pulumi.Output<number>;
  /** Its servers that the firewall is applied to now (sorted). */
  declare readonly serverIds: pulumi.Output<number[]>;
  /** Its label selectors that the firewall is applied to now (sorted). */
  declare readonly labelSelectors: pulumi.Output<string[]>;

  /** Reads an existing object into the program without managing it: `pulumi refresh` updates it, `up` never changes or deletes it. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, state: GetState = {}, opts?: pulumi.CustomResourceOptions): FirewallAttachment {
    return new FirewallAttachment(name, state as FirewallAttachmentArgs, readOptions(id, opts));
  }

  constructor(name: string, args: FirewallAttachmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("hcloud:FirewallAttachment"),
      name,
      {
        firewallId: args.firewallId,
        serverIds: args.serverIds ?? [],
        labelSelectors: args.labelSelectors ?? [],
        credentials: credentialsInput(args.credentials),
        adopt: args.adopt,
      },
      withSecretCredentials(opts),
      "hcloud",
      "FirewallAttachment",
    );
  }
}
