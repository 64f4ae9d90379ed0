import * as pulumi from "@pulumi/pulumi";
import { ownerKey } from "../owner";
import { credentialsInput, ResourceCredentialsArgs, withSecretCredentials } from "../credentials";
import { AdoptArgs, AdoptByName, GetState, readOptions } from "../adopt";
import { providerShim } from "../shim";

/** What a subaccount may do; every setting left out is false. */
export interface StorageBoxSubaccountAccessSettingsArgs {
  /** Reachable from outside Hetzner's network. */
  reachableExternally?: pulumi.Input<boolean>;
  /** Read-only: no uploads, deletes or changes. */
  readonly?: pulumi.Input<boolean>;
  sambaEnabled?: pulumi.Input<boolean>;
  sshEnabled?: pulumi.Input<boolean>;
  webdavEnabled?: pulumi.Input<boolean>;
}

export interface StorageBoxSubaccountAccessSettings {
  reachableExternally: boolean;
  readonly: boolean;
  sambaEnabled: boolean;
  sshEnabled: boolean;
  webdavEnabled: boolean;
}

export interface StorageBoxSubaccountArgs extends ResourceCredentialsArgs, AdoptArgs<AdoptByName> {
  /** The storage box the subaccount belongs to. Changing it replaces the subaccount (the new one first). */
  storageBoxId: pulumi.Input<number>;
  /**
   * The subaccount's directory, relative to the box's root (`backups/host01`; created if missing).
   * Changed in place (change_home_directory).
   */
  homeDirectory: pulumi.Input<string>;
  /**
   * The subaccount's password, stored as a secret. Hetzner's policy: 12 to 128 characters with an upper-case
   * and a lower-case letter, a digit and a special character. Changing it resets the password in place.
   */
  password: pulumi.Input<string>;
  accessSettings?: pulumi.Input<StorageBoxSubaccountAccessSettingsArgs>;
  /**
   * The subaccount's name in the API (1 to 50 characters). Defaults to the Pulumi resource name plus a
   * suffix derived from the resource, kept once chosen. The log-in name is `username`, chosen by Hetzner.
   */
  name?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** A Hetzner storage box subaccount; every Action it starts is awaited before Pulumi reports it done. */
export class StorageBoxSubaccount extends pulumi.dynamic.Resource {
  declare readonly storageBoxId: pulumi.Output<number>;
  declare readonly name: pulumi.Output<string>;
  declare readonly homeDirectory: pulumi.Output<string>;
  /** The password the program set (a secret; the API never returns it). */
  declare readonly password: pulumi.Output<string>;
  declare readonly accessSettings: pulumi.Output<StorageBoxSubaccountAccessSettings>;
  declare readonly description: pulumi.Output<string>;
  declare readonly labels: pulumi.Output<Record<string, string>>;
  /** The numeric Hetzner id (the Pulumi id is the same number as a string). */
  declare readonly subaccountId: pulumi.Output<number>;
  /** Log-in name, e.g. `u1337-sub1`. */
  declare readonly username: pulumi.Output<string>;
  /** Host name to connect to, e.g. `u1337-sub1.your-storagebox.de`. */
  declare readonly server: pulumi.Output<string>;
  declare readonly created: pulumi.Output<string>;

  /** Reads an existing object into the program without managing it: `pulumi refresh` updates it, `up` never changes or deletes it. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, state: GetState = {}, opts?: pulumi.CustomResourceOptions): StorageBoxSubaccount {
    return new StorageBoxSubaccount(name, state as StorageBoxSubaccountArgs, readOptions(id, opts));
  }

  constructor(name: string, args: StorageBoxSubaccountArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("hetzner:StorageBoxSubaccount"),
      name,
      {
        storageBoxId: args.storageBoxId,
        name: args.name,
        homeDirectory: args.homeDirectory,
        password: pulumi.secret(args.password),
        accessSettings: args.accessSettings,
        description: args.description,
        labels: args.labels ?? {},
        __autonamePrefix: name,
        credentials: credentialsInput(args.credentials),
        adopt: args.adopt,
        __owner: ownerKey("hetzner:StorageBoxSubaccount", name, opts),
        subaccountId: undefined,
        username: undefined,
        server: undefined,
        created: undefined,
      },
      withSecretCredentials(opts, ["password"]),
      "hetzner",
      "StorageBoxSubaccount",
    );
  }
}
