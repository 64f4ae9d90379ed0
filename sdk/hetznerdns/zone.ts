import * as pulumi from "@pulumi/pulumi";
import { credentialsInput, ResourceCredentialsArgs, withSecretCredentials } from "../credentials";
import { AdoptArgs, AdoptByName, GetState, readOptions } from "../adopt";
import { providerShim } from "../shim";

export interface ZoneArgs extends ResourceCredentialsArgs, AdoptArgs<AdoptByName> {
  /** The domain, e.g. `example.com` (an IDN is accepted and stored as punycode). Changing it replaces the zone. */
  name: pulumi.Input<string>;
  /** The zone's default TTL in seconds (60 to 2147483647); unset: Hetzner's default (86400), left as it is. */
  ttl?: pulumi.Input<number>;
}

/**
 * A zone of the legacy Hetzner DNS API (dns.hetzner.com). For zones in the Hetzner Cloud Console, use
 * `hcloud.Zone`. Its records are `hetznerdns.Record` or `hetznerdns.ZoneRecords`.
 */
export class Zone extends pulumi.dynamic.Resource {
  /**
   * The zone's id: the Pulumi id, so it stays known in the preview of an update (the engine previews a
   * dynamic resource's update with its inputs as outputs: a zoneId output would be unknown, and every
   * record of the zone would preview as replaced).
   */
  declare readonly zoneId: pulumi.Output<string>;
  /** ASCII (punycode), without trailing dot. */
  declare readonly name: pulumi.Output<string>;
  declare readonly ttl: pulumi.Output<number>;
  /** The nameservers Hetzner assigned: delegate the domain to these at its registrar. */
  declare readonly ns: pulumi.Output<string[]>;
  /** `verified`, `pending` or `failed`: whether the delegation to Hetzner's nameservers is seen. */
  declare readonly status: pulumi.Output<string>;
  /** When the delegation was verified. */
  declare readonly verified: pulumi.Output<string>;
  declare readonly recordsCount: pulumi.Output<number>;
  declare readonly isSecondaryDns: pulumi.Output<boolean>;
  /** The TXT record that proves the zone is yours, when Hetzner asks for one. */
  declare readonly txtVerification: pulumi.Output<{ name: string; token: string }>;
  declare readonly created: pulumi.Output<string>;
  declare readonly modified: pulumi.Output<string>;
  /** The zone as a BIND zone file, as the API exports it. */
  declare readonly zoneFile: pulumi.Output<string>;

  /** Reads an existing object into the program without managing it: `pulumi refresh` updates it, `up` never changes or deletes it. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, state: GetState = {}, opts?: pulumi.CustomResourceOptions): Zone {
    return new Zone(name, state as ZoneArgs, readOptions(id, opts));
  }

  constructor(name: string, args: ZoneArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("hetznerdns:Zone"),
      name,
      {
        name: args.name,
        ttl: args.ttl,
        credentials: credentialsInput(args.credentials),
        adopt: args.adopt,
        ns: undefined,
        status: undefined,
        verified: undefined,
        recordsCount: undefined,
        isSecondaryDns: undefined,
        txtVerification: undefined,
        created: undefined,
        modified: undefined,
        zoneFile: undefined,
      },
      withSecretCredentials(opts),
      "hetznerdns",
      "Zone",
    );
    this.zoneId = this.id;
  }
}
