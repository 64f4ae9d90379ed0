import * as pulumi from "@pulumi/pulumi";
import { ownerKey } from "../owner";
import { credentialsInput, ResourceCredentialsArgs, withSecretCredentials } from "../credentials";
import { AdoptById, GetState, readOptions } from "../adopt";
import { providerShim } from "../shim";

export interface ImageArgs extends ResourceCredentialsArgs {
  /**
   * The snapshot or backup to take over (required: the API creates images only through a server's
   * create_image Action or a backup). Ignored after the create.
   */
  adopt: pulumi.Input<AdoptById>;
  /** Managed when given; left as it is when left out. */
  description?: pulumi.Input<string>;
  labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Managed when given: `snapshot` converts a backup into a snapshot (it then outlives its server).
   * The API never turns a snapshot into a backup.
   */
  type?: pulumi.Input<"snapshot" | "backup">;
  /** Prevents deletion until set back to false. Default false. */
  deleteProtection?: pulumi.Input<boolean>;
  /** Delete the image when the resource is destroyed. Default false: destroy only forgets it. */
  deleteOnDestroy?: pulumi.Input<boolean>;
}

/** A Hetzner Cloud snapshot or backup image, adopted (images are never created through the API). */
export class Image extends pulumi.dynamic.Resource {
  /** The numeric Hetzner id (the Pulumi id is the same number as a string). */
  declare readonly imageId: pulumi.Output<number>;
  /** null for snapshots and backups (only system images have names). */
  declare readonly name: pulumi.Output<string | null>;
  declare readonly type: pulumi.Output<"snapshot" | "backup">;
  declare readonly status: pulumi.Output<"available" | "creating" | "unavailable">;
  declare readonly osFlavor: pulumi.Output<string>;
  declare readonly osVersion: pulumi.Output<string | null>;
  declare readonly architecture: pulumi.Output<"x86" | "arm">;
  /** GB a server's disk needs at least. */
  declare readonly diskSize: pulumi.Output<number>;
  /** GB the compressed image takes. */
  declare readonly imageSize: pulumi.Output<number | null>;
  declare readonly created: pulumi.Output<string>;
  /** The server the image was made from. */
  declare readonly createdFrom: pulumi.Output<{ id: number; name: string } | null>;
  /** The server a backup belongs to (null for a snapshot). */
  declare readonly boundTo: pulumi.Output<number | null>;
  declare readonly labels: pulumi.Output<Record<string, string>>;
  declare readonly description: pulumi.Output<string>;
  declare readonly deleteProtection: pulumi.Output<boolean>;
  declare readonly deleteOnDestroy: pulumi.Output<boolean>;

  /** Reads an existing snapshot or backup into the program without managing it. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, state: GetState = {}, opts?: pulumi.CustomResourceOptions): Image {
    return new Image(name, state as ImageArgs, readOptions(id, opts));
  }

  constructor(name: string, args: ImageArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("hcloud:Image"),
      name,
      {
        adopt: args.adopt,
        description: args.description,
        labels: args.labels ?? {},
        type: args.type,
        deleteProtection: args.deleteProtection ?? false,
        deleteOnDestroy: args.deleteOnDestroy ?? false,
        credentials: credentialsInput(args.credentials),
        __owner: ownerKey("hcloud:Image", name, opts),
        name: undefined,
        status: undefined,
        osFlavor: undefined,
        osVersion: undefined,
        architecture: undefined,
        diskSize: undefined,
        imageSize: undefined,
        created: undefined,
        createdFrom: undefined,
        boundTo: undefined,
      },
      withSecretCredentials(opts),
      "hcloud",
      "Image",
    );
    // The id, so it stays known in the preview of an update (see hetznerdns.Zone's zoneId).
    this.imageId = this.id.apply(Number);
  }
}
