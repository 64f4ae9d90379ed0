import * as pulumi from "@pulumi/pulumi";
import { ownerKey } from "../owner";
import { credentialsInput, ResourceCredentialsArgs, withSecretCredentials } from "../credentials";
import { AdoptArgs, AdoptByName, GetState, readOptions } from "../adopt";
import { providerShim } from "../shim";

export interface FloatingIpDnsPtrArgs {
  /**
   * One address inside the floating IP: the IPv4 itself, or any address in the IPv6 /64. Leave it out
   * for the IPv4 itself, or `<network>::1` of an IPv6.
   */
  ip?: pulumi.Input<string>;
  /** Hostname the address resolves back to (PTR record). */
  dnsPtr: pulumi.Input<string>;
}

export interface FloatingIpArgs extends ResourceCredentialsArgs, AdoptArgs<AdoptByName> {
  /** `ipv4` (one address) or `ipv6` (a /64 network). Changing it replaces the IP. */
  type: pulumi.Input<"ipv4" | "ipv6">;
  /** Location the IP is routed best from: `fsn1`, `nbg1`, `hel1`, `ash`, `hil`, `sin`. Changing it replaces the IP. */
  homeLocation: pulumi.Input<string>;
  /** Defaults to the Pulumi resource name plus a suffix derived from the resource (stable, the same in preview and up) (a fresh one when the IP is replaced). */
  name?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * The server the IP is assigned to. Leave it out when an hcloud.FloatingIpAssignment owns the
   * assignment: this resource then never assigns or unassigns.
   */
  serverId?: pulumi.Input<number>;
  /** Reverse DNS entries this resource manages; entries it does not list are left alone. */
  dnsPtr?: pulumi.Input<pulumi.Input<FloatingIpDnsPtrArgs>[]>;
  /** Prevents deletion (also by `pulumi destroy`) until set back to false. Default false. */
  deleteProtection?: pulumi.Input<boolean>;
}

export interface FloatingIpDnsPtr {
  ip: string;
  dnsPtr: string;
}

/** A Hetzner Cloud Floating IP; every Action it starts is awaited before Pulumi reports it done. */
export class FloatingIp extends pulumi.dynamic.Resource {
  declare readonly type: pulumi.Output<"ipv4" | "ipv6">;
  declare readonly homeLocation: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | null>;
  declare readonly labels: pulumi.Output<Record<string, string>>;
  /** The live assignment when this resource manages it (null: unassigned); undefined otherwise. */
  declare readonly serverId: pulumi.Output<number | null | undefined>;
  /** The managed reverse DNS entries as they are live (every live entry when `dnsPtr` was not given). */
  declare readonly dnsPtr: pulumi.Output<FloatingIpDnsPtr[]>;
  declare readonly deleteProtection: pulumi.Output<boolean>;
  /** The numeric Hetzner id (the Pulumi id is the same number as a string). */
  declare readonly floatingIpId: pulumi.Output<number>;
  /** The IPv4 address, or the IPv6 network (`2001:db8:1::/64`). */
  declare readonly ip: pulumi.Output<string>;
  declare readonly blocked: pulumi.Output<boolean>;
  /** The server the IP is assigned to now, whoever assigned it (null: unassigned). */
  declare readonly server: pulumi.Output<number | null>;
  declare readonly created: pulumi.Output<string>;

  /** Reads an existing object into the program without managing it: `pulumi refresh` updates it, `up` never changes or deletes it. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, state: GetState = {}, opts?: pulumi.CustomResourceOptions): FloatingIp {
    return new FloatingIp(name, state as FloatingIpArgs, readOptions(id, opts));
  }

  constructor(name: string, args: FloatingIpArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("hcloud:FloatingIp"),
      name,
      {
        type: args.type,
        homeLocation: args.homeLocation,
        name: args.name,
        description: args.description,
        labels: args.labels ?? {},
        serverId: args.serverId,
        dnsPtr: args.dnsPtr,
        deleteProtection: args.deleteProtection ?? false,
        __autonamePrefix: name,
        credentials: credentialsInput(args.credentials),
        adopt: args.adopt,
        __owner: ownerKey("hcloud:FloatingIp", name, opts),
        ip: undefined,
        blocked: undefined,
        server: undefined,
        created: undefined,
      },
      withSecretCredentials(opts),
      "hcloud",
      "FloatingIp",
    );
    // The id, so it stays known in the preview of an update (see hetznerdns.Zone's zoneId).
    this.floatingIpId = this.id.apply(Number);
  }
}
