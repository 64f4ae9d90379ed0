import * as pulumi from "@pulumi/pulumi";
import { ownerKey } from "../owner";
import { credentialsInput, ResourceCredentialsArgs, withSecretCredentials } from "../credentials";
import { AdoptArgs, AdoptByName, GetState, readOptions } from "../adopt";
import { providerShim } from "../shim";

export interface ManagedCertificateArgs extends ResourceCredentialsArgs, AdoptArgs<AdoptByName> {
  /**
   * Defaults to the Pulumi resource name plus a suffix derived from the resource (stable, the same in preview and up). Names are unique per project: with a
   * fixed name, replacing the certificate deletes the old one first; leave it unset for create-before-delete.
   */
  name?: pulumi.Input<string>;
  labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * The names to issue for (zones on Hetzner DNS), e.g. `["example.com", "*.example.com"]`. Order,
   * case, a trailing dot and Unicode vs punycode spelling do not matter; another set replaces the certificate.
   */
  domainNames: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Any value; changing it retries a failed issuance or renewal in place. A failed issuance is also
   * retried by the next `pulumi up` without it.
   */
  retryIssuance?: pulumi.Input<string | number>;
}

export interface ManagedCertificateStatus {
  issuance: "pending" | "completed" | "failed";
  renewal: "scheduled" | "pending" | "failed" | "unavailable";
  /** What went wrong when issuance or renewal failed (e.g. `ca_dns_validation_failed`). */
  error?: { code: string; message: string };
}

/** A Let's Encrypt certificate issued and renewed by Hetzner; create waits until it is issued. */
export class ManagedCertificate extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly labels: pulumi.Output<Record<string, string>>;
  /** Canonical: punycode, lower case, sorted. */
  declare readonly domainNames: pulumi.Output<string[]>;
  declare readonly retryIssuance: pulumi.Output<string | number | undefined>;
  /** The numeric Hetzner id (the Pulumi id is the same number as a string). */
  declare readonly certificateId: pulumi.Output<number>;
  /** The issued PEM chain (null until issued). */
  declare readonly certificate: pulumi.Output<string | null>;
  /** SHA-256 fingerprint, `ab:cd:…` (null until issued). */
  declare readonly fingerprint: pulumi.Output<string | null>;
  declare readonly notValidBefore: pulumi.Output<string | null>;
  declare readonly notValidAfter: pulumi.Output<string | null>;
  declare readonly usedBy: pulumi.Output<Array<{ id: number; type: string }>>;
  declare readonly status: pulumi.Output<ManagedCertificateStatus>;
  declare readonly created: pulumi.Output<string>;

  /** Reads an existing object into the program without managing it: `pulumi refresh` updates it, `up` never changes or deletes it. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, state: GetState = {}, opts?: pulumi.CustomResourceOptions): ManagedCertificate {
    return new ManagedCertificate(name, state as ManagedCertificateArgs, readOptions(id, opts));
  }

  constructor(name: string, args: ManagedCertificateArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("hcloud:ManagedCertificate"),
      name,
      {
        name: args.name,
        labels: args.labels ?? {},
        domainNames: args.domainNames,
        retryIssuance: args.retryIssuance,
        __autonamePrefix: name,
        credentials: credentialsInput(args.credentials),
        adopt: args.adopt,
        __owner: ownerKey("hcloud:ManagedCertificate", name, opts),
        certificate: undefined,
        fingerprint: undefined,
        notValidBefore: undefined,
        notValidAfter: undefined,
        usedBy: undefined,
        status: undefined,
        created: undefined,
      },
      withSecretCredentials(opts),
      "hcloud",
      "ManagedCertificate",
    );
    // The id, so it stays known in the preview of an update (see hetznerdns.Zone's zoneId).
    this.certificateId = this.id.apply(Number);
  }
}
