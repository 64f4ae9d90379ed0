import * as pulumi from "@pulumi/pulumi";
import type { RecordSet } from "../dns";
import { ownerKey } from "../owner";
import { credentialsInput, ResourceCredentialsArgs, withSecretCredentials } from "../credentials";
import { AdoptArgs, GetState, readOptions } from "../adopt";
import { providerShim } from "../shim";

/** One rrset as a program writes it (the `dns.RecordSet` model, each part may be an Output). */
export interface RecordSetArgs {
  /** Relative to the zone (`@` for the apex, `www`, `*.dev`); a name inside the zone, with or without trailing dot, is made relative. */
  name: pulumi.Input<string>;
  /** A, AAAA, CAA, CNAME, DS, HINFO, HTTPS, MX, NS, PTR, RP, SRV, SVCB, TLSA, TXT. */
  type: pulumi.Input<string>;
  /** Unset: the zone's default TTL. */
  ttl?: pulumi.Input<number>;
  /** Presentation form; TXT as plain text (quoting and splitting into 255-byte strings happen for you). */
  values: pulumi.Input<pulumi.Input<string>[]>;
}

/** Which rrsets a ZoneRecords owns; both parts must match. */
export interface ZoneRecordsFilterArgs {
  /** Relative names (`@`, `www`), or `*.sub` for every name below `sub` (`*`: every name below the apex). */
  names?: pulumi.Input<pulumi.Input<string>[]>;
  /** Record types, e.g. `["TXT"]`. */
  types?: pulumi.Input<pulumi.Input<string>[]>;
}

export interface ZoneRecordsArgs extends ResourceCredentialsArgs, AdoptArgs {
  /** The id or name (IDN accepted) of an existing primary zone. Changing it moves the records to another zone (a replacement). */
  zone: pulumi.Input<string | number>;
  /**
   * Every rrset of the zone (or of the filter's part of it). An rrset in scope that is not listed is
   * removed. The zone's SOA and apex NS belong to Hetzner: listed (as in a zone file exported elsewhere),
   * they are skipped with a warning.
   */
  records: pulumi.Input<pulumi.Input<RecordSetArgs>[]>;
  /** Limits the resource to part of the zone; rrsets outside it are never touched. Unset: the whole zone. */
  filter?: pulumi.Input<ZoneRecordsFilterArgs>;
}

export interface ZoneRecordsFilter {
  names?: string[];
  types?: string[];
}

/**
 * All rrsets of a Hetzner Cloud DNS zone (or of the part `filter` selects) as one list, the way octoDNS
 * or DNSControl keep a zone. Each change takes the cheapest correct path: per-rrset writes, or one zone
 * file import when that needs fewer requests (never with a filter, nor while an rrset is change-protected
 * or carries a label or record comment the import would drop).
 *
 * It owns every rrset in its scope and what its state records; its owner label rides only in the POSTs
 * that create rrsets (no request is spent on it: imported and adopted rrsets stay unlabelled). An rrset in
 * its scope that another resource (an hcloud.ZoneRrset, another ZoneRecords) owns is an error. Deleting it
 * removes its rrsets (labelled as its own, or recorded and unlabelled); the zone, its SOA and apex NS stay.
 * For a new zone with its records in one request, give hcloud.Zone `records` instead.
 */
export class ZoneRecords extends pulumi.dynamic.Resource {
  /** The zone as given. */
  declare readonly zone: pulumi.Output<string>;
  /** The rrsets in scope as they are live, in the program's order (others after it): values canonical (TXT quoted) and sorted; `ttl` only when an rrset has its own. */
  declare readonly records: pulumi.Output<RecordSet[]>;
  declare readonly filter: pulumi.Output<ZoneRecordsFilter | undefined>;
  declare readonly zoneId: pulumi.Output<number>;
  /** The zone's name (punycode). */
  declare readonly zoneName: pulumi.Output<string>;
  /** The whole zone as the API exports it (BIND format, SOA and NS included). */
  declare readonly zoneFile: pulumi.Output<string>;
  /** How many rrsets are in scope. */
  declare readonly rrsetCount: pulumi.Output<number>;

  /** Reads an existing object into the program without managing it: `pulumi refresh` updates it, `up` never changes or deletes it. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, state: GetState = {}, opts?: pulumi.CustomResourceOptions): ZoneRecords {
    return new ZoneRecords(name, state as ZoneRecordsArgs, readOptions(id, opts));
  }

  constructor(name: string, args: ZoneRecordsArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("hcloud:ZoneRecords"),
      name,
      {
        zone: args.zone,
        records: args.records,
        filter: args.filter,
        credentials: credentialsInput(args.credentials),
        adopt: args.adopt,
        __owner: ownerKey("hcloud:ZoneRecords", name, opts),
        zoneId: undefined,
        zoneName: undefined,
        zoneFile: undefined,
        rrsetCount: undefined,
      },
      withSecretCredentials(opts),
      "hcloud",
      "ZoneRecords",
    );
  }
}
