import * as pulumi from "@pulumi/pulumi";
import { ownerKey } from "../owner";
import { credentialsInput, ResourceCredentialsArgs, withSecretCredentials } from "../credentials";
import { AdoptArgs, GetState, readOptions } from "../adopt";
import { providerShim } from "../shim";

/** The record types Cloudflare accepts. */
export type DnsRecordType =
  | "A" | "AAAA" | "CAA" | "CERT" | "CNAME" | "DNSKEY" | "DS" | "HTTPS" | "LOC" | "MX" | "NAPTR" | "NS" | "OPENPGPKEY" | "PTR" | "SMIMEA" | "SRV" | "SSHFP" | "SVCB" | "TLSA" | "TXT" | "URI";

export interface DnsRecordArgs extends ResourceCredentialsArgs, AdoptArgs {
  /** The zone's id (`cloudflare.getZone("example.com")` finds it). Changing it replaces the record. */
  zoneId: pulumi.Input<string>;
  /** `@` for the apex, a name relative to the zone (`www`), or a name inside it (`www.example.com`); IDN accepted. */
  name: pulumi.Input<string>;
  /** Changing it replaces the record. */
  type: pulumi.Input<DnsRecordType>;
  /** The value of A, AAAA, CNAME, MX, NS, PTR, TXT and OPENPGPKEY records, e.g. `192.0.2.10`, `mail.example.com`. */
  content?: pulumi.Input<string>;
  /** The value of the structured types (CAA, SRV, TLSA, DS, LOC, URI, HTTPS, SVCB, …) in Cloudflare's fields, e.g. `{ flags: 0, tag: "issue", value: "letsencrypt.org" }`. */
  data?: pulumi.Input<Record<string, pulumi.Input<string | number>>>;
  /** MX and URI records: 0 to 65535, lower is preferred. */
  priority?: pulumi.Input<number>;
  /** Seconds (30/60 to 86400), or 1 (default) for automatic. A proxied record must be automatic. */
  ttl?: pulumi.Input<number>;
  /** A, AAAA and CNAME: answer with Cloudflare's addresses and proxy the traffic. Default false. */
  proxied?: pulumi.Input<boolean>;
  comment?: pulumi.Input<string>;
  /** `name:value` tags (paid plans). */
  tags?: pulumi.Input<pulumi.Input<string>[]>;
  /** Flags such as `flatten_cname` (CNAME), `ipv4_only` / `ipv6_only` (proxied records). */
  settings?: pulumi.Input<Record<string, pulumi.Input<boolean>>>;
}

/**
 * One record of a Cloudflare zone. Records of one zone created, changed or deleted in the same `pulumi up`
 * go out together as Cloudflare `/batch` requests (raise `--parallel` for big zones); each record still
 * succeeds or fails on its own.
 */
export class DnsRecord extends pulumi.dynamic.Resource {
  declare readonly zoneId: pulumi.Output<string>;
  /** The zone's name, ASCII. */
  declare readonly zoneName: pulumi.Output<string>;
  /** Cloudflare's record id (the Pulumi id too). */
  declare readonly recordId: pulumi.Output<string>;
  /** The fully qualified name, ASCII (punycode), without trailing dot, as Cloudflare stores it. */
  declare readonly name: pulumi.Output<string>;
  declare readonly type: pulumi.Output<DnsRecordType>;
  /** As Cloudflare stores it (hostnames lower case, without trailing dot). Unset for the structured types. */
  declare readonly content: pulumi.Output<string | undefined>;
  declare readonly data: pulumi.Output<Record<string, string | number> | undefined>;
  declare readonly priority: pulumi.Output<number | undefined>;
  declare readonly ttl: pulumi.Output<number>;
  declare readonly proxied: pulumi.Output<boolean>;
  /** Whether Cloudflare can proxy this record. */
  declare readonly proxiable: pulumi.Output<boolean>;
  declare readonly comment: pulumi.Output<string | undefined>;
  declare readonly tags: pulumi.Output<string[]>;
  declare readonly settings: pulumi.Output<Record<string, boolean>>;
  /** Never a cause of a diff. */
  declare readonly createdOn: pulumi.Output<string>;
  /** Never a cause of a diff. */
  declare readonly modifiedOn: pulumi.Output<string>;

  /** Reads an existing object into the program without managing it (records are read through their zone: `state.zoneId` names it): `pulumi refresh` updates it, `up` never changes or deletes it. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, state: GetState & { zoneId: pulumi.Input<string> }, opts?: pulumi.CustomResourceOptions): DnsRecord {
    return new DnsRecord(name, state as unknown as DnsRecordArgs, readOptions(id, opts));
  }

  constructor(name: string, args: DnsRecordArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("cloudflare:DnsRecord"),
      name,
      {
        zoneId: args.zoneId,
        name: args.name,
        type: args.type,
        content: args.content,
        data: args.data,
        priority: args.priority,
        ttl: args.ttl,
        proxied: args.proxied,
        comment: args.comment,
        tags: args.tags,
        settings: args.settings,
        credentials: credentialsInput(args.credentials),
        adopt: args.adopt,
        __owner: ownerKey("cloudflare:DnsRecord", name, opts),
        zoneName: undefined,
        recordId: undefined,
        proxiable: undefined,
        createdOn: undefined,
        modifiedOn: undefined,
      },
      withSecretCredentials(opts),
      "cloudflare",
      "DnsRecord",
    );
  }
}
