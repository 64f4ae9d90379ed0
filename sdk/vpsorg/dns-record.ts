import * as pulumi from "@pulumi/pulumi";
import { credentialsInput, ResourceCredentialsArgs, withSecretCredentials } from "../credentials";
import { AdoptArgs, GetState, readOptions } from "../adopt";
import { providerShim } from "../shim";

/** The record types VPS.org supports. */
export type DnsRecordType = "A" | "AAAA" | "CNAME" | "MX" | "TXT" | "NS" | "SRV" | "CAA";

export interface DnsRecordArgs extends ResourceCredentialsArgs, AdoptArgs {
  /** The zone's uuid (`zone.zoneId`). Another zone replaces the record. */
  zoneId: pulumi.Input<string>;
  /** A, AAAA, CNAME, MX, TXT, NS, SRV or CAA (upper case). Another type replaces the record. */
  recordType: pulumi.Input<DnsRecordType>;
  /** `@` for the apex, a name relative to the zone (`www`), or a FQDN (`www.example.com`). Changed in place. */
  name: pulumi.Input<string>;
  /**
   * As VPS.org writes it: an address (A, AAAA), a fully qualified hostname with or without trailing dot
   * (CNAME, NS, MX: `mail.example.com`), `"<weight> <port> <target>"` for SRV (`60 5060 sip.example.com`),
   * `0 issue "letsencrypt.org"` for CAA, plain text for TXT. Priority goes in `priority`.
   */
  value: pulumi.Input<string>;
  /** Seconds; unset: VPS.org's default, 3600. */
  ttl?: pulumi.Input<number>;
  /** Required for MX and SRV (0 to 65535); refused for the other types. */
  priority?: pulumi.Input<number>;
}

/** One VPS.org DNS record. An update sends one PATCH with only the fields that differ. */
export class DnsRecord extends pulumi.dynamic.Resource {
  declare readonly zoneId: pulumi.Output<string>;
  /** The zone's domain (punycode). */
  declare readonly zoneName: pulumi.Output<string>;
  declare readonly recordType: pulumi.Output<DnsRecordType>;
  /** As the API stores it. */
  declare readonly name: pulumi.Output<string>;
  /** As the API stores it (hostnames without trailing dot, TXT as plain text). */
  declare readonly value: pulumi.Output<string>;
  declare readonly ttl: pulumi.Output<number>;
  /** MX and SRV only. */
  declare readonly priority: pulumi.Output<number | undefined>;
  declare readonly created: pulumi.Output<string>;

  /**
   * Reads an existing record (`id`: its uuid, in the zone `state.zoneId`: records are read through their
   * zone) into the program without managing it: `pulumi refresh` updates it, `up` never changes or deletes it.
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, state: GetState & { zoneId: pulumi.Input<string> }, opts?: pulumi.CustomResourceOptions): DnsRecord {
    return new DnsRecord(name, state as DnsRecordArgs, readOptions(id, opts));
  }

  constructor(name: string, args: DnsRecordArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("vpsorg:DnsRecord"),
      name,
      {
        zoneId: args.zoneId,
        recordType: args.recordType,
        name: args.name,
        value: args.value,
        ttl: args.ttl,
        priority: args.priority,
        credentials: credentialsInput(args.credentials),
        adopt: args.adopt,
        zoneName: undefined,
        created: undefined,
      },
      withSecretCredentials(opts),
      "vpsorg",
      "DnsRecord",
    );
  }
}
