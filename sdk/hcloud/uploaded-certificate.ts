import * as pulumi from "@pulumi/pulumi";
import { ownerKey } from "../owner";
import { credentialsInput, ResourceCredentialsArgs, withSecretCredentials } from "../credentials";
import { AdoptArgs, AdoptByName, GetState, readOptions } from "../adopt";
import { providerShim } from "../shim";

export interface UploadedCertificateArgs extends ResourceCredentialsArgs, AdoptArgs<AdoptByName> {
  /**
   * Defaults to the Pulumi resource name plus a suffix derived from the resource (stable, the same in preview and up). Names are unique per project: with a
   * fixed name, replacing the certificate deletes the old one before uploading the new one; leave the
   * name unset for create-before-delete (a fresh name is drawn for the replacement).
   */
  name?: pulumi.Input<string>;
  labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * The certificate in PEM, followed by its chain (each certificate certifying the one before it).
   * Checked before any request. A new certificate replaces the resource; a re-spelt one (line endings,
   * wrapping, whitespace) changes nothing.
   */
  certificate: pulumi.Input<string>;
  /** The PEM private key of the first certificate. Always stored as a secret; a different key replaces the resource. */
  privateKey: pulumi.Input<string>;
}

/** A TLS certificate uploaded to Hetzner Cloud (for load balancers). You renew it yourself. */
export class UploadedCertificate extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly labels: pulumi.Output<Record<string, string>>;
  /** The PEM chain as Hetzner stores it. */
  declare readonly certificate: pulumi.Output<string>;
  /** Secret. */
  declare readonly privateKey: pulumi.Output<string>;
  /** The numeric Hetzner id (the Pulumi id is the same number as a string). */
  declare readonly certificateId: pulumi.Output<number>;
  /** SHA-256 fingerprint of the first certificate, `ab:cd:…`. */
  declare readonly fingerprint: pulumi.Output<string>;
  declare readonly notValidBefore: pulumi.Output<string>;
  declare readonly notValidAfter: pulumi.Output<string>;
  /** The names the certificate covers (its subject alternative names). */
  declare readonly domainNames: pulumi.Output<string[]>;
  /** Resources using the certificate, e.g. `{ id: 4711, type: "load_balancer" }`. */
  declare readonly usedBy: pulumi.Output<Array<{ id: number; type: string }>>;
  declare readonly created: pulumi.Output<string>;

  /** Reads an existing object into the program without managing it: `pulumi refresh` updates it, `up` never changes or deletes it. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, state: GetState = {}, opts?: pulumi.CustomResourceOptions): UploadedCertificate {
    return new UploadedCertificate(name, state as UploadedCertificateArgs, readOptions(id, opts));
  }

  constructor(name: string, args: UploadedCertificateArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("hcloud:UploadedCertificate"),
      name,
      {
        name: args.name,
        labels: args.labels ?? {},
        certificate: args.certificate,
        privateKey: pulumi.secret(args.privateKey),
        __autonamePrefix: name,
        credentials: credentialsInput(args.credentials),
        adopt: args.adopt,
        __owner: ownerKey("hcloud:UploadedCertificate", name, opts),
        fingerprint: undefined,
        notValidBefore: undefined,
        notValidAfter: undefined,
        domainNames: undefined,
        usedBy: undefined,
        created: undefined,
      },
      withSecretCredentials(opts, ["privateKey"]),
      "hcloud",
      "UploadedCertificate",
    );
    // The id, so it stays known in the preview of an update (see hetznerdns.Zone's zoneId).
    this.certificateId = this.id.apply(Number);
  }
}
