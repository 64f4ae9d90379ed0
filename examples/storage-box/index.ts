import * as pulumi from "@pulumi/pulumi";
import { hetzner } from "pulumi-dns-cloud";

// Passwords come from secret config: `pulumi config set --secret boxPassword …` (and backupPassword).
// Hetzner's policy: 12 to 128 characters with an upper- and a lower-case letter, a digit and a special character.
const config = new pulumi.Config();

export = async () => {
  // The smallest type that is still sold, looked up rather than hard-coded.
  const types = await hetzner.getStorageBoxTypes();
  const type = types.filter((t) => !t.deprecation).sort((a, b) => a.size - b.size)[0];

  const box = new hetzner.StorageBox("backups", {
    storageBoxType: type.name,
    location: "fsn1",
    password: config.requireSecret("boxPassword"),
    labels: { app: "example" },
    accessSettings: { sshEnabled: true, reachableExternally: true },
    // Every night at 03:30 UTC; the 7 newest automatic snapshots are kept.
    snapshotPlan: { maxSnapshots: 7, minute: 30, hour: 3 },
  });

  // A read-only user confined to one directory, e.g. for a restore job.
  const restore = new hetzner.StorageBoxSubaccount("restore", {
    storageBoxId: box.storageBoxId,
    homeDirectory: "hosts/web-1",
    password: config.requireSecret("backupPassword"),
    accessSettings: { sshEnabled: true, readonly: true },
    description: "restores of web-1",
  });

  // A manual snapshot, kept until this resource is deleted.
  const baseline = new hetzner.StorageBoxSnapshot("baseline", { storageBoxId: box.storageBoxId, description: "baseline" });

  return {
    storageBoxId: box.storageBoxId,
    server: box.server,
    restoreUser: restore.username,
    restoreServer: restore.server,
    baselineSnapshot: baseline.name,
    storageBoxType: type.name,
  };
};
