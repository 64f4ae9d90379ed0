import * as pulumi from "@pulumi/pulumi";
import { ownerKey } from "../owner";
import { credentialsInput, ResourceCredentialsArgs, withSecretCredentials } from "../credentials";
import { AdoptArgs, AdoptByName, GetState, readOptions } from "../adopt";
import { providerShim } from "../shim";
import type { RecordSet } from "../dns";
import type { RecordSetArgs } from "./zone-records";

export interface ZonePrimaryNameserverArgs {
  /** Public IPv4 or IPv6 address of the primary nameserver. */
  address: pulumi.Input<string>;
  /** Default 53. */
  port?: pulumi.Input<number>;
  tsigAlgorithm?: pulumi.Input<"hmac-md5" | "hmac-sha1" | "hmac-sha256">;
  /** Base64 TSIG key for the zone transfer; the whole `primaryNameservers` input and output are stored as secrets. */
  tsigKey?: pulumi.Input<string>;
}

export interface ZoneArgs extends ResourceCredentialsArgs, AdoptArgs<AdoptByName> {
  /**
   * The domain, e.g. `example.com`. An internationalised name (`münchen.de`) is accepted and sent and
   * stored as punycode (`xn--mnchen-3ya.de`). Changing it replaces the zone.
   */
  name: pulumi.Input<string>;
  /** `primary` (default: Hetzner serves the records you manage) or `secondary` (transferred from `primaryNameservers`). Changing it replaces the zone. */
  mode?: pulumi.Input<"primary" | "secondary">;
  /** Default TTL of RRSets without their own, in seconds (60 to 2147483647). Primary zones only; default 3600. */
  ttl?: pulumi.Input<number>;
  labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Prevents deletion (also by `pulumi destroy`) until set back to false. Default false. */
  deleteProtection?: pulumi.Input<boolean>;
  /** Secondary zones only: where Hetzner transfers the zone from (AXFR). */
  primaryNameservers?: pulumi.Input<pulumi.Input<ZonePrimaryNameserverArgs>[]>;
  /**
   * Primary zones only: every rrset of the zone, created with it in one request and kept as listed (an
   * rrset not listed is removed). With `records`, the Zone owns all its rrsets: use no hcloud.ZoneRrset or
   * hcloud.ZoneRecords on it. Its SOA and apex NS are Hetzner's: listed (a zone file exported elsewhere),
   * they are skipped with a warning. Unset: the Zone leaves its rrsets alone.
   */
  records?: pulumi.Input<pulumi.Input<RecordSetArgs>[]>;
}

export interface ZonePrimaryNameserver {
  address: string;
  port: number;
  tsigAlgorithm?: "hmac-md5" | "hmac-sha1" | "hmac-sha256";
  tsigKey?: string;
}

export interface ZoneDelegation {
  /** What the parent zone delegates to now; the zone is served by Hetzner once these match `nameservers`. */
  delegated: string[];
  /** `valid`, `partially-valid`, `invalid`, `lame`, `unregistered` or `unknown`. */
  status: string | null;
  /** When Hetzner last checked the delegation (RFC 3339). */
  lastCheck: string | null;
}

/**
 * A Hetzner Cloud DNS zone. Hetzner creates its SOA and apex NS records with it; manage records with
 * hcloud.ZoneRrset (one RRSet each) or hcloud.ZoneRecords (every RRSet of the zone), never both for one RRSet,
 * or with this Zone's own `records` (then it owns them all).
 */
export class Zone extends pulumi.dynamic.Resource {
  /** ASCII (punycode), lower case, without trailing dot. */
  declare readonly name: pulumi.Output<string>;
  declare readonly mode: pulumi.Output<"primary" | "secondary">;
  /** The live default TTL. */
  declare readonly ttl: pulumi.Output<number>;
  declare readonly labels: pulumi.Output<Record<string, string>>;
  declare readonly deleteProtection: pulumi.Output<boolean>;
  /** Secret. */
  declare readonly primaryNameservers: pulumi.Output<ZonePrimaryNameserver[]>;
  /** The numeric Hetzner id (the Pulumi id is the same number as a string). */
  declare readonly zoneId: pulumi.Output<number>;
  /** Hetzner's authoritative nameservers for the zone: delegate to these at your registrar. */
  declare readonly nameservers: pulumi.Output<string[]>;
  declare readonly delegation: pulumi.Output<ZoneDelegation>;
  /** `ok`, `updating` or `error`. */
  declare readonly status: pulumi.Output<string>;
  /** `hetzner`, `other` or `unknown`. */
  declare readonly registrar: pulumi.Output<string>;
  declare readonly recordCount: pulumi.Output<number>;
  declare readonly created: pulumi.Output<string>;
  /** With `records`: the zone's rrsets as they are live, values canonical (TXT quoted), sorted; undefined otherwise. */
  declare readonly records: pulumi.Output<RecordSet[] | undefined>;

  /** Reads an existing object into the program without managing it: `pulumi refresh` updates it, `up` never changes or deletes it. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, state: GetState = {}, opts?: pulumi.CustomResourceOptions): Zone {
    return new Zone(name, state as ZoneArgs, readOptions(id, opts));
  }

  constructor(name: string, args: ZoneArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("hcloud:Zone"),
      name,
      {
        name: args.name,
        mode: args.mode ?? "primary",
        ttl: args.ttl,
        labels: args.labels ?? {},
        deleteProtection: args.deleteProtection ?? false,
        primaryNameservers: args.primaryNameservers === undefined ? undefined : pulumi.secret(args.primaryNameservers),
        records: args.records,
        credentials: credentialsInput(args.credentials),
        adopt: args.adopt,
        __owner: ownerKey("hcloud:Zone", name, opts),
        nameservers: undefined,
        delegation: undefined,
        status: undefined,
        registrar: undefined,
        recordCount: undefined,
        created: undefined,
      },
      withSecretCredentials(opts, ["primaryNameservers"]),
      "hcloud",
      "Zone",
    );
    // The id, so it stays known in the preview of an update (see hetznerdns.Zone's zoneId).
    this.zoneId = this.id.apply(Number);
  }
}
