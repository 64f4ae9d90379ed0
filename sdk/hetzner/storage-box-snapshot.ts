import * as pulumi from "@pulumi/pulumi";
import { ownerKey } from "../owner";
import { credentialsInput, ResourceCredentialsArgs, withSecretCredentials } from "../credentials";
import { AdoptArgs, GetState, readOptions } from "../adopt";
import { providerShim } from "../shim";

export interface StorageBoxSnapshotArgs extends ResourceCredentialsArgs, AdoptArgs {
  /** The storage box to snapshot. Changing it takes a snapshot of the other box (before the old one is deleted). */
  storageBoxId: pulumi.Input<number>;
  /** At most 1000 characters; changed in place. */
  description?: pulumi.Input<string>;
  labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export interface StorageBoxSnapshotStats {
  /** Bytes the snapshot takes up now. */
  size: number;
  /** Bytes of the compressed file system it holds. */
  sizeFilesystem: number;
}

/** A manual snapshot of a Hetzner storage box, taken when created and deleted with the resource. */
export class StorageBoxSnapshot extends pulumi.dynamic.Resource {
  declare readonly storageBoxId: pulumi.Output<number>;
  declare readonly description: pulumi.Output<string>;
  declare readonly labels: pulumi.Output<Record<string, string>>;
  /** The numeric Hetzner id (the Pulumi id is the same number as a string). */
  declare readonly snapshotId: pulumi.Output<number>;
  /** The name Hetzner gave it: its creation time, e.g. `2025-02-12T11-35-19`. */
  declare readonly name: pulumi.Output<string>;
  /** Always false for a snapshot made by this resource (the snapshot plan's are automatic). */
  declare readonly isAutomatic: pulumi.Output<boolean>;
  declare readonly stats: pulumi.Output<StorageBoxSnapshotStats>;
  declare readonly created: pulumi.Output<string>;

  /** Reads an existing object into the program without managing it: `pulumi refresh` updates it, `up` never changes or deletes it. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, state: GetState = {}, opts?: pulumi.CustomResourceOptions): StorageBoxSnapshot {
    return new StorageBoxSnapshot(name, state as StorageBoxSnapshotArgs, readOptions(id, opts));
  }

  constructor(name: string, args: StorageBoxSnapshotArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("hetzner:StorageBoxSnapshot"),
      name,
      {
        storageBoxId: args.storageBoxId,
        description: args.description,
        labels: args.labels ?? {},
        credentials: credentialsInput(args.credentials),
        adopt: args.adopt,
        __owner: ownerKey("hetzner:StorageBoxSnapshot", name, opts),
        snapshotId: undefined,
        name: undefined,
        isAutomatic: undefined,
        stats: undefined,
        created: undefined,
      },
      withSecretCredentials(opts),
      "hetzner",
      "StorageBoxSnapshot",
    );
  }
}
