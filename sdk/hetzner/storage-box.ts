import * as pulumi from "@pulumi/pulumi";
import { ownerKey } from "../owner";
import { credentialsInput, ResourceCredentialsArgs, withSecretCredentials } from "../credentials";
import { AdoptArgs, AdoptByName, GetState, readOptions } from "../adopt";
import { providerShim } from "../shim";
import type { StorageBoxType } from "../../provider/hetzner/api/storage-box-types";

export interface StorageBoxAccessSettingsArgs {
  /** Access from outside the Hetzner network. Default false. */
  reachableExternally?: pulumi.Input<boolean>;
  /** Samba (SMB/CIFS). Default false. */
  sambaEnabled?: pulumi.Input<boolean>;
  /** SSH (SFTP, SCP, rsync, borg). Default false. */
  sshEnabled?: pulumi.Input<boolean>;
  /** WebDAV. Default false. */
  webdavEnabled?: pulumi.Input<boolean>;
  /** The ZFS snapshot folder is visible. Default false. */
  zfsEnabled?: pulumi.Input<boolean>;
}

/** Automatic snapshots, cron-like, in UTC (e.g. every day at 03:00: `{ maxSnapshots: 10, minute: 0, hour: 3 }`). */
export interface StorageBoxSnapshotPlanArgs {
  /** Automatic snapshots kept (at least 1); older ones are deleted. */
  maxSnapshots: pulumi.Input<number>;
  /** 0 to 59. */
  minute: pulumi.Input<number>;
  /** 0 to 23. */
  hour: pulumi.Input<number>;
  /** 1 (Monday) to 7 (Sunday); leave it out for every day. */
  dayOfWeek?: pulumi.Input<number>;
  /** 1 to 31; leave it out for every day. */
  dayOfMonth?: pulumi.Input<number>;
}

export interface StorageBoxArgs extends ResourceCredentialsArgs, AdoptArgs<AdoptByName> {
  /** Defaults to the Pulumi resource name plus a suffix derived from the resource (stable, the same in preview and up). Unique per project. */
  name?: pulumi.Input<string>;
  /** `bx11`, `bx21`, … (see `hetzner.getStorageBoxTypes()`). Changed in place (`change_type`); the API refuses a type smaller than the data stored. */
  storageBoxType: pulumi.Input<string>;
  /** `fsn1`, `nbg1`, `hel1`, … Changing it replaces the box (and loses its data). */
  location: pulumi.Input<string>;
  /**
   * The main account's password: 12 to 128 characters with an upper and a lower case letter, a digit and a
   * special character (Hetzner's policy, checked before any request). Always stored as a secret; a new
   * one is set in place (`reset_password`).
   */
  password: pulumi.Input<string>;
  labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Public SSH keys (OpenSSH format) installed when the box is created. The API takes them only then: a
   * later change is recorded and shown as a warning, not installed (edit `.ssh/authorized_keys` on the
   * box, or replace it).
   */
  sshKeys?: pulumi.Input<pulumi.Input<string>[]>;
  /** Which services are on; every setting left out is off (the API's default). */
  accessSettings?: pulumi.Input<StorageBoxAccessSettingsArgs>;
  /** Automatic snapshots; leave it out for none (an existing plan is disabled; its snapshots stay). */
  snapshotPlan?: pulumi.Input<StorageBoxSnapshotPlanArgs>;
  /** Prevents deletion (also by `pulumi destroy`) until set back to false. Default false. */
  deleteProtection?: pulumi.Input<boolean>;
}

export interface StorageBoxAccessSettings {
  reachableExternally: boolean;
  sambaEnabled: boolean;
  sshEnabled: boolean;
  webdavEnabled: boolean;
  zfsEnabled: boolean;
}

export interface StorageBoxSnapshotPlan {
  maxSnapshots: number;
  minute: number;
  hour: number;
  dayOfWeek: number | null;
  dayOfMonth: number | null;
}

/** A Hetzner storage box (Hetzner API, `api.hetzner.com`); every Action it starts is awaited before Pulumi reports it done. */
export class StorageBox extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly storageBoxType: pulumi.Output<string>;
  declare readonly location: pulumi.Output<string>;
  /** Secret. */
  declare readonly password: pulumi.Output<string>;
  declare readonly labels: pulumi.Output<Record<string, string>>;
  /** The keys given at create (and any recorded since; see `sshKeys` in the arguments). */
  declare readonly sshKeys: pulumi.Output<string[]>;
  declare readonly accessSettings: pulumi.Output<StorageBoxAccessSettings>;
  /** null: no plan. */
  declare readonly snapshotPlan: pulumi.Output<StorageBoxSnapshotPlan | null>;
  declare readonly deleteProtection: pulumi.Output<boolean>;
  /** The numeric Hetzner id (the Pulumi id is the same number as a string). */
  declare readonly storageBoxId: pulumi.Output<number>;
  /** Login user, e.g. `u12345`. */
  declare readonly username: pulumi.Output<string | null>;
  /** Host to connect to, e.g. `u12345.your-storagebox.de`. */
  declare readonly server: pulumi.Output<string | null>;
  /** Host system, e.g. `FSN1-BX355`. */
  declare readonly system: pulumi.Output<string | null>;
  /** `active`, `initializing` or `locked`. */
  declare readonly status: pulumi.Output<string | null>;
  /** Bytes used: `size` in total, `sizeData` by files, `sizeSnapshots` by snapshots. */
  declare readonly stats: pulumi.Output<{ size: number; sizeData: number; sizeSnapshots: number } | null>;
  /** The type's size, limits, prices per location and deprecation. */
  declare readonly storageBoxTypeDetails: pulumi.Output<StorageBoxType | null>;
  declare readonly created: pulumi.Output<string | null>;

  /** Reads an existing object into the program without managing it: `pulumi refresh` updates it, `up` never changes or deletes it. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, state: GetState = {}, opts?: pulumi.CustomResourceOptions): StorageBox {
    return new StorageBox(name, state as StorageBoxArgs, readOptions(id, opts));
  }

  constructor(name: string, args: StorageBoxArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("hetzner:StorageBox"),
      name,
      {
        name: args.name,
        storageBoxType: args.storageBoxType,
        location: args.location,
        password: pulumi.secret(args.password),
        labels: args.labels ?? {},
        sshKeys: args.sshKeys,
        accessSettings: args.accessSettings,
        snapshotPlan: args.snapshotPlan,
        deleteProtection: args.deleteProtection ?? false,
        __autonamePrefix: name,
        credentials: credentialsInput(args.credentials),
        adopt: args.adopt,
        __owner: ownerKey("hetzner:StorageBox", name, opts),
        username: undefined,
        server: undefined,
        system: undefined,
        status: undefined,
        stats: undefined,
        storageBoxTypeDetails: undefined,
        created: undefined,
      },
      withSecretCredentials(opts, ["password"]),
      "hetzner",
      "StorageBox",
    );
    // The id, so it stays known in the preview of an update (see hetznerdns.Zone's zoneId).
    this.storageBoxId = this.id.apply(Number);
  }
}
