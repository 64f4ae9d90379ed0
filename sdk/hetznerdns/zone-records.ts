import * as pulumi from "@pulumi/pulumi";
import type { RecordSet } from "../dns";
import { credentialsInput, ResourceCredentialsArgs, withSecretCredentials } from "../credentials";
import type { RecordSetArgs, ZoneRecordsFilter, ZoneRecordsFilterArgs } from "../hcloud/zone-records";
import { providerShim } from "../shim";

export interface ZoneRecordsArgs extends ResourceCredentialsArgs {
  /** The id or name (IDN accepted) of an existing primary zone. Changing it moves the records to another zone (a replacement). */
  zone: pulumi.Input<string>;
  /**
   * Every rrset of the zone (or of the filter's part of it), as for `hcloud.ZoneRecords`: the same list
   * moves between the two APIs unchanged. Types: A, AAAA, CAA, CNAME, DANE, DS, HINFO, MX, NS, RP, SRV, TLSA, TXT.
   * A record in scope that is not listed is removed. The zone's SOA and apex NS belong to Hetzner: listed
   * (as in a zone file exported elsewhere), they are skipped with a warning.
   */
  records: pulumi.Input<pulumi.Input<RecordSetArgs>[]>;
  /** Limits the resource to part of the zone; records outside it are never touched. Unset: the whole zone. */
  filter?: pulumi.Input<ZoneRecordsFilterArgs>;
}

/**
 * All records of a legacy Hetzner DNS zone (or of the part `filter` selects) as one list of rrsets. The API
 * stores one record per value: a change sends the fewest record writes, created and updated in bulk requests
 * and deleted one by one (the API has no bulk delete). Deleting the resource removes the records its state
 * records; the zone, its SOA and apex NS stay.
 */
export class ZoneRecords extends pulumi.dynamic.Resource {
  /** The zone as given. */
  declare readonly zone: pulumi.Output<string>;
  /** The rrsets in scope as they are live, in the program's order (others after it): values canonical (TXT quoted) and sorted; `ttl` only when an rrset has its own. */
  declare readonly records: pulumi.Output<RecordSet[]>;
  declare readonly filter: pulumi.Output<ZoneRecordsFilter | undefined>;
  declare readonly zoneId: pulumi.Output<string>;
  /** The zone's name (punycode). */
  declare readonly zoneName: pulumi.Output<string>;
  /** How many rrsets are in scope. */
  declare readonly rrsetCount: pulumi.Output<number>;

  constructor(name: string, args: ZoneRecordsArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("hetznerdns:ZoneRecords"),
      name,
      {
        zone: args.zone,
        records: args.records,
        filter: args.filter,
        credentials: credentialsInput(args.credentials),
        zoneId: undefined,
        zoneName: undefined,
        rrsetCount: undefined,
      },
      withSecretCredentials(opts),
      "hetznerdns",
      "ZoneRecords",
    );
  }
}
