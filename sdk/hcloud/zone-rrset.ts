import * as pulumi from "@pulumi/pulumi";
import { ownerKey } from "../owner";
import { credentialsInput, ResourceCredentialsArgs, withSecretCredentials } from "../credentials";
import { AdoptArgs, GetState, readOptions } from "../adopt";
import { providerShim } from "../shim";

/** The record types the Cloud DNS API accepts. */
export type ZoneRecordType = "A" | "AAAA" | "CAA" | "CNAME" | "DS" | "HINFO" | "HTTPS" | "MX" | "NS" | "PTR" | "RP" | "SOA" | "SRV" | "SVCB" | "TLSA" | "TXT";

export interface ZoneRrsetRecordArgs {
  /**
   * The value in presentation form, e.g. `192.0.2.10`, `10 mail.example.com.`, `0 issue "letsencrypt.org"`.
   * Hostnames without trailing dot are relative to the zone. TXT: the plain text (quoting and splitting
   * into 255-byte strings happen for you); an already quoted value is accepted too.
   */
  value: pulumi.Input<string>;
  comment?: pulumi.Input<string>;
}

export interface ZoneRrsetArgs extends ResourceCredentialsArgs, AdoptArgs {
  /** The zone: its id (`zone.zoneId`) or its name (`zone.name`, or `"example.com"`). Changing it replaces the record set. */
  zone: pulumi.Input<number | string>;
  /**
   * `@` for the zone apex, a name relative to the zone (`www`, `*.dev`, `_dmarc`), or a name inside the zone
   * with or without trailing dot (`www.example.com.`); an IDN label is accepted. Changing it replaces the record set.
   */
  name: pulumi.Input<string>;
  /** Changing it replaces the record set. */
  type: pulumi.Input<ZoneRecordType>;
  /** In seconds (60 to 2147483647); unset: the zone's default TTL. */
  ttl?: pulumi.Input<number>;
  /** 1 to 50 records; their order means nothing (it never shows as a change). */
  records: pulumi.Input<pulumi.Input<ZoneRrsetRecordArgs>[]>;
  labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Prevents changes and deletion (also by `pulumi destroy`) until set back to false. Default false. */
  changeProtection?: pulumi.Input<boolean>;
}

export interface ZoneRrsetRecord {
  /** In the canonical form the API stores (TXT quoted). */
  value: string;
  /** "" when none. */
  comment: string;
}

/**
 * One record set (every record of one name and type) of a Hetzner Cloud DNS zone. Changes send the fewest
 * actions that reach the program's records. The zone's SOA and apex NS exist from its creation: a ZoneRrset
 * for them adopts them, and deleting it restores what Hetzner assigned (the SOA is left as it is).
 * One owner per record set: not beside an hcloud.ZoneRecords that covers the same name and type.
 */
export class ZoneRrset extends pulumi.dynamic.Resource {
  /** The zone as the program gave it. */
  declare readonly zone: pulumi.Output<number | string>;
  declare readonly zoneId: pulumi.Output<number>;
  /** ASCII (punycode), without trailing dot. */
  declare readonly zoneName: pulumi.Output<string>;
  /** Relative to the zone, ASCII; `@` for the apex. */
  declare readonly name: pulumi.Output<string>;
  declare readonly type: pulumi.Output<ZoneRecordType>;
  /** null: the zone's default TTL applies. */
  declare readonly ttl: pulumi.Output<number | null>;
  declare readonly records: pulumi.Output<ZoneRrsetRecord[]>;
  declare readonly labels: pulumi.Output<Record<string, string>>;
  declare readonly changeProtection: pulumi.Output<boolean>;
  /** The absolute name, with trailing dot (`www.example.com.`). */
  declare readonly fqdn: pulumi.Output<string>;

  /** Reads an existing object into the program without managing it: `pulumi refresh` updates it, `up` never changes or deletes it. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, state: GetState = {}, opts?: pulumi.CustomResourceOptions): ZoneRrset {
    return new ZoneRrset(name, state as ZoneRrsetArgs, readOptions(id, opts));
  }

  constructor(name: string, args: ZoneRrsetArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("hcloud:ZoneRrset"),
      name,
      {
        zone: args.zone,
        name: args.name,
        type: args.type,
        ttl: args.ttl,
        records: args.records,
        labels: args.labels ?? {},
        changeProtection: args.changeProtection ?? false,
        credentials: credentialsInput(args.credentials),
        adopt: args.adopt,
        __owner: ownerKey("hcloud:ZoneRrset", name, opts),
        zoneId: undefined,
        zoneName: undefined,
        fqdn: undefined,
      },
      withSecretCredentials(opts),
      "hcloud",
      "ZoneRrset",
    );
  }
}
