import * as pulumi from "@pulumi/pulumi";
import { credentialsInput, ResourceCredentialsArgs, withSecretCredentials } from "../credentials";
import { AdoptArgs, GetState, readOptions } from "../adopt";
import { providerShim } from "../shim";

/** An existing zone by its domain (looked up as punycode). */
export interface AdoptByDomain {
  domain: pulumi.Input<string>;
}

export interface DnsZoneArgs extends ResourceCredentialsArgs, AdoptArgs<AdoptByDomain> {
  /** The domain, e.g. `example.com`; an IDN (`münchen.de`) is sent and stored as punycode. Another domain replaces the zone. */
  domain: pulumi.Input<string>;
}

/**
 * A VPS.org DNS zone, served by VPS.org's nameservers. **Deleting it deletes every record in it**, also
 * records no Pulumi resource manages (the API deletes a zone with its records).
 */
export class DnsZone extends pulumi.dynamic.Resource {
  /** Punycode, lower case, without trailing dot. */
  declare readonly domain: pulumi.Output<string>;
  /**
   * The zone's uuid: the Pulumi id, so it stays known in the preview of an update (a credentials rotation),
   * where the engine gives a dynamic resource's outputs only from its inputs.
   */
  declare readonly zoneId: pulumi.Output<string>;
  /** Records in the zone, as the API counts them. */
  declare readonly recordCount: pulumi.Output<number>;
  /** Creation time (ISO 8601). */
  declare readonly created: pulumi.Output<string>;

  /** Reads an existing object into the program without managing it: `pulumi refresh` updates it, `up` never changes or deletes it. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, state: GetState = {}, opts?: pulumi.CustomResourceOptions): DnsZone {
    return new DnsZone(name, state as DnsZoneArgs, readOptions(id, opts));
  }

  constructor(name: string, args: DnsZoneArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("vpsorg:DnsZone"),
      name,
      { domain: args.domain, credentials: credentialsInput(args.credentials), adopt: args.adopt, recordCount: undefined, created: undefined },
      withSecretCredentials(opts),
      "vpsorg",
      "DnsZone",
    );
    this.zoneId = this.id;
  }
}
