import * as pulumi from "@pulumi/pulumi";
import type { RecordSet } from "../dns";
import type { RecordSetArgs, ZoneRecordsFilter, ZoneRecordsFilterArgs } from "../hcloud/zone-records";
import { ownerKey } from "../owner";
import { credentialsInput, ResourceCredentialsArgs, withSecretCredentials } from "../credentials";
import { AdoptArgs, GetState, readOptions } from "../adopt";
import { providerShim } from "../shim";
import type { RecordExtras } from "../../provider/cloudflare/dns-records";

export type { RecordExtras };

/** Cloudflare's extras for one record set of `records`, applied to each of its records. */
export interface RecordExtrasArgs {
  name: pulumi.Input<string>;
  type: pulumi.Input<string>;
  /** A, AAAA and CNAME only; the record set must then have no ttl (proxied records are automatic). */
  proxied?: pulumi.Input<boolean>;
  comment?: pulumi.Input<string>;
  /** `name:value` tags (paid plans). */
  tags?: pulumi.Input<pulumi.Input<string>[]>;
}


export interface DnsRecordsArgs extends ResourceCredentialsArgs, AdoptArgs {
  /** The zone's id (`cloudflare.getZone("example.com")`). Changing it moves the records to another zone (a replacement). */
  zoneId: pulumi.Input<string>;
  /**
   * Every record set of the zone (or of the filter's part of it), in the model every family shares: a zone moves
   * between providers unchanged. A set in scope that is not listed is removed. Types: A, AAAA, CAA, CERT, CNAME,
   * DNSKEY, DS, HTTPS, LOC, MX, NAPTR, NS, OPENPGPKEY, PTR, SMIMEA, SRV, SSHFP, SVCB, TLSA, TXT, URI. Unset ttl:
   * automatic. Cloudflare's SOA and apex NS are skipped.
   */
  records: pulumi.Input<pulumi.Input<RecordSetArgs>[]>;
  /** Limits the resource to part of the zone; records outside it are never touched. Unset: the whole zone. */
  filter?: pulumi.Input<ZoneRecordsFilterArgs>;
  /** proxied / comment / tags per record set; sets not listed are not proxied and have no comment or tags. */
  recordExtras?: pulumi.Input<pulumi.Input<RecordExtrasArgs>[]>;
}

/**
 * All records of a Cloudflare zone (or of the part `filter` selects) as one list. A change is planned with
 * the fewest writes (a record whose value changes is patched in place) and sent as `/batch` requests, split
 * only at Cloudflare's batch limit.
 */
export class DnsRecords extends pulumi.dynamic.Resource {
  declare readonly zoneId: pulumi.Output<string>;
  /** ASCII, without trailing dot. */
  declare readonly zoneName: pulumi.Output<string>;
  /** The record sets in scope as they are live, canonical (values sorted, ttl only when not automatic). */
  declare readonly records: pulumi.Output<RecordSet[]>;
  declare readonly recordExtras: pulumi.Output<RecordExtras[]>;
  declare readonly filter: pulumi.Output<ZoneRecordsFilter | undefined>;
  /** Records (one per value) in scope. */
  declare readonly recordCount: pulumi.Output<number>;
  /** The whole zone as Cloudflare exports it (BIND). */
  declare readonly zoneFile: pulumi.Output<string>;

  /** Reads an existing object into the program without managing it (by the zone id): `pulumi refresh` updates it, `up` never changes or deletes it. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, state: GetState = {}, opts?: pulumi.CustomResourceOptions): DnsRecords {
    return new DnsRecords(name, state as unknown as DnsRecordsArgs, readOptions(id, opts));
  }

  constructor(name: string, args: DnsRecordsArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("cloudflare:DnsRecords"),
      name,
      {
        zoneId: args.zoneId,
        records: args.records,
        filter: args.filter,
        recordExtras: args.recordExtras,
        credentials: credentialsInput(args.credentials),
        adopt: args.adopt,
        __owner: ownerKey("cloudflare:DnsRecords", name, opts),
        zoneName: undefined,
        recordCount: undefined,
        zoneFile: undefined,
      },
      withSecretCredentials(opts),
      "cloudflare",
      "DnsRecords",
    );
  }
}
