import * as pulumi from "@pulumi/pulumi";
import { credentialsInput, ResourceCredentialsArgs, withSecretCredentials } from "../credentials";
import { providerShim } from "../shim";

/** The record types the legacy Hetzner DNS API creates (its SOA is the zone's own). */
export type RecordType = "A" | "AAAA" | "CAA" | "CNAME" | "DANE" | "DS" | "HINFO" | "MX" | "NS" | "RP" | "SRV" | "TLSA" | "TXT";

export interface RecordArgs extends ResourceCredentialsArgs {
  /** The zone's id (`zone.zoneId`). Changing it replaces the record. */
  zoneId: pulumi.Input<string>;
  /** `@` for the apex, a name relative to the zone (`www`, `*.dev`), or a name inside it with trailing dot. Changed in place. */
  name: pulumi.Input<string>;
  /** Changing it replaces the record. */
  type: pulumi.Input<RecordType>;
  /**
   * One value in presentation form, e.g. `192.0.2.10`, `10 mail.example.com.`. Hostnames without trailing dot
   * are relative to the zone. TXT: the plain text (quoting and splitting happen for you).
   */
  value: pulumi.Input<string>;
  /** In seconds (60 to 2147483647); unset: the zone's default TTL. */
  ttl?: pulumi.Input<number>;
}

/**
 * One record (one value) of a legacy Hetzner DNS zone. Creates and updates of many records in one
 * `pulumi up` are sent together as bulk requests; raise `--parallel` for big zones.
 */
export class Record extends pulumi.dynamic.Resource {
  declare readonly zoneId: pulumi.Output<string>;
  /** ASCII (punycode), without trailing dot. */
  declare readonly zoneName: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly type: pulumi.Output<RecordType>;
  /** Canonical, as the API stores it (TXT quoted). */
  declare readonly value: pulumi.Output<string>;
  /** null: the zone's default TTL. */
  declare readonly ttl: pulumi.Output<number | null>;
  /** The absolute name, with trailing dot. */
  declare readonly fqdn: pulumi.Output<string>;
  declare readonly created: pulumi.Output<string>;
  declare readonly modified: pulumi.Output<string>;

  constructor(name: string, args: RecordArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("hetznerdns:Record"),
      name,
      {
        zoneId: args.zoneId,
        name: args.name,
        type: args.type,
        value: args.value,
        ttl: args.ttl,
        credentials: credentialsInput(args.credentials),
        zoneName: undefined,
        fqdn: undefined,
        created: undefined,
        modified: undefined,
      },
      withSecretCredentials(opts),
      "hetznerdns",
      "Record",
    );
  }
}
