import * as pulumi from "@pulumi/pulumi";
import { ownerKey } from "../owner";
import { credentialsInput, ResourceCredentialsArgs, withSecretCredentials } from "../credentials";
import { AdoptArgs, AdoptByName, GetState, readOptions } from "../adopt";
import { providerShim } from "../shim";

export interface FirewallRuleArgs {
  /** `in` (needs sourceIps) or `out` (needs destinationIps). */
  direction: pulumi.Input<"in" | "out">;
  protocol: pulumi.Input<"tcp" | "udp" | "icmp" | "esp" | "gre">;
  /** Port, range or all ports (`"80"`, `"1024-5000"`, `"any"`); required for tcp/udp, not allowed otherwise. */
  port?: pulumi.Input<string | number>;
  /** CIDRs or bare IPs for `in` rules; `0.0.0.0/0` and `::/0` mean any. A CIDR with host bits set (`10.1.2.3/8`) is refused. Stored in canonical form. */
  sourceIps?: pulumi.Input<pulumi.Input<string>[]>;
  /** CIDRs or bare IPs for `out` rules. */
  destinationIps?: pulumi.Input<pulumi.Input<string>[]>;
  description?: pulumi.Input<string>;
}

export interface FirewallApplyToArgs {
  serverIds?: pulumi.Input<pulumi.Input<number>[]>;
  /** Label selectors, e.g. `role=web,env!=dev`; servers matching them get the firewall. */
  labelSelectors?: pulumi.Input<pulumi.Input<string>[]>;
}

export interface FirewallArgs extends ResourceCredentialsArgs, AdoptArgs<AdoptByName> {
  /** Defaults to the Pulumi resource name plus a suffix derived from the resource (stable, the same in preview and up). */
  name?: pulumi.Input<string>;
  labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** At most 50 rules. Order does not matter. With no `in` rule all inbound traffic is dropped. */
  rules?: pulumi.Input<pulumi.Input<FirewallRuleArgs>[]>;
  /**
   * Where the firewall applies. Leave it out when hcloud.FirewallAttachment resources own the
   * attachments: the firewall then never adds or removes any.
   */
  applyTo?: pulumi.Input<FirewallApplyToArgs>;
}

export interface FirewallRule {
  direction: "in" | "out";
  protocol: "tcp" | "udp" | "icmp" | "esp" | "gre";
  port?: string;
  sourceIps?: string[];
  destinationIps?: string[];
  description?: string;
}

export type FirewallAppliedTo =
  | { type: "server"; serverId: number }
  | { type: "label_selector"; labelSelector: string; serverIds: number[] };

/** A Hetzner Cloud firewall; every Action it starts is awaited before Pulumi reports it done. */
export class Firewall extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly labels: pulumi.Output<Record<string, string>>;
  declare readonly rules: pulumi.Output<FirewallRule[]>;
  /** The attachments this resource manages (undefined when `applyTo` was not given). */
  declare readonly applyTo: pulumi.Output<{ serverIds: number[]; labelSelectors: string[] } | undefined>;
  /** The numeric Hetzner id (the Pulumi id is the same number as a string). */
  declare readonly firewallId: pulumi.Output<number>;
  /** Where the firewall is in effect now, including the servers each label selector matches. */
  declare readonly appliedTo: pulumi.Output<FirewallAppliedTo[]>;
  declare readonly created: pulumi.Output<string>;

  /** Reads an existing object into the program without managing it: `pulumi refresh` updates it, `up` never changes or deletes it. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, state: GetState = {}, opts?: pulumi.CustomResourceOptions): Firewall {
    return new Firewall(name, state as FirewallArgs, readOptions(id, opts));
  }

  constructor(name: string, args: FirewallArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("hcloud:Firewall"),
      name,
      {
        name: args.name,
        labels: args.labels ?? {},
        rules: args.rules ?? [],
        applyTo: args.applyTo,
        __autonamePrefix: name,
        credentials: credentialsInput(args.credentials),
        adopt: args.adopt,
        __owner: ownerKey("hcloud:Firewall", name, opts),
        appliedTo: undefined,
        created: undefined,
      },
      withSecretCredentials(opts),
      "hcloud",
      "Firewall",
    );
    // The id, so it stays known in the preview of an update (see hetznerdns.Zone's zoneId).
    this.firewallId = this.id.apply(Number);
  }
}
