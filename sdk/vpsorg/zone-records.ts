import * as pulumi from "@pulumi/pulumi";
import type { RecordSet } from "../dns";
import { credentialsInput, ResourceCredentialsArgs, withSecretCredentials } from "../credentials";
import type { RecordSetArgs, ZoneRecordsFilter, ZoneRecordsFilterArgs } from "../hcloud/zone-records";
import { AdoptArgs, GetState, readOptions } from "../adopt";
import { providerShim } from "../shim";

export interface ZoneRecordsArgs extends ResourceCredentialsArgs, AdoptArgs {
  /** The uuid (`zone.zoneId`) or the domain (IDN accepted) of an existing VPS.org zone. Another zone replaces (records written there first). */
  zone: pulumi.Input<string>;
  /**
   * Every record set in scope, in the shared model (`dns.RecordSet`: `{ name, type, ttl?, values }`, MX as
   * `"10 mail.example.com."`); types A, AAAA, CNAME, MX, TXT, NS, SRV, CAA. A record set in scope that is not
   * listed is removed. An SOA or apex NS (a zone file exported elsewhere) is skipped with a warning: VPS.org
   * makes them itself. Unset `ttl`: VPS.org's default, 3600.
   */
  records: pulumi.Input<pulumi.Input<RecordSetArgs>[]>;
  /** Limits the resource to part of the zone; records outside it are never touched. Unset: the whole zone. */
  filter?: pulumi.Input<ZoneRecordsFilterArgs>;
}

/**
 * All records of a VPS.org zone (or of the part `filter` selects) from one list. Each record set becomes one
 * VPS.org record per value; a change sends the fewest per-record requests (a changed value or TTL is one
 * PATCH), a few at a time. VPS.org records carry no labels: the resource owns its scope and what its state
 * records, so give two resources on one zone disjoint filters. Deleting it removes the records of the sets
 * its state records; the zone stays.
 */
export class ZoneRecords extends pulumi.dynamic.Resource {
  /** The zone as given. */
  declare readonly zone: pulumi.Output<string>;
  /** The record sets in scope as they are live, in the program's order: values canonical (TXT quoted) and sorted; `ttl` only when not 3600. */
  declare readonly records: pulumi.Output<RecordSet[]>;
  declare readonly filter: pulumi.Output<ZoneRecordsFilter | undefined>;
  declare readonly zoneId: pulumi.Output<string>;
  /** The zone's domain (punycode). */
  declare readonly zoneName: pulumi.Output<string>;
  /** VPS.org records (one per value) in scope. */
  declare readonly recordCount: pulumi.Output<number>;

  /** Reads an existing object into the program without managing it: `pulumi refresh` updates it, `up` never changes or deletes it. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, state: GetState = {}, opts?: pulumi.CustomResourceOptions): ZoneRecords {
    return new ZoneRecords(name, state as ZoneRecordsArgs, readOptions(id, opts));
  }

  constructor(name: string, args: ZoneRecordsArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("vpsorg:ZoneRecords"),
      name,
      {
        zone: args.zone,
        records: args.records,
        filter: args.filter,
        credentials: credentialsInput(args.credentials),
        adopt: args.adopt,
        zoneId: undefined,
        zoneName: undefined,
        recordCount: undefined,
      },
      withSecretCredentials(opts),
      "vpsorg",
      "ZoneRecords",
    );
  }
}
