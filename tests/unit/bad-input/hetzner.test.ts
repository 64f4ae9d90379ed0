/** Bad input of every storage box kind (the Hetzner API), refused in check before any request (see table.ts). */
import { UNKNOWN } from "../../../provider/core/inputs";
import { badInputTable, BadInput, credentialsRows, labelRows } from "./table";

const PASSWORD = "Valid-Pw-Table-4c2e!";

/** The storage box password policy: each row breaks one rule, and no message quotes the password. */
const passwordRows: BadInput[] = [
  { case: "a password of 11 characters", inputs: { password: "Short-Pw-1!" }, property: "password", rule: "it must be 12 to 128 characters long (it has 11)", secret: "Short-Pw-1!" },
  { case: "a password of 129 characters", inputs: { password: `Aa1!${"x".repeat(125)}` }, property: "password", rule: "it must be 12 to 128 characters long (it has 129)", secret: "x".repeat(125) },
  { case: "a password without an upper case letter", inputs: { password: "lower-only-pw-1a!" }, property: "password", rule: "it must contain an upper case letter", secret: "lower-only-pw-1a!" },
  { case: "a password without a digit", inputs: { password: "No-Digits-Here-Pw!" }, property: "password", rule: "it must contain a digit", secret: "No-Digits-Here-Pw!" },
  { case: "a password without a special character", inputs: { password: "NoSpecialChars1234" }, property: "password", rule: "it must contain a special character", secret: "NoSpecialChars1234" },
  { case: "a password with a character outside the policy", inputs: { password: "Bad-Char-Pw-1a'\"" }, property: "password", rule: "it may only contain", secret: "Bad-Char-Pw-1a'\"" },
  { case: "no password", inputs: { password: undefined }, property: "password", rule: "password is required" },
];

badInputTable(
  "hetzner:StorageBox",
  {
    name: "backup",
    storageBoxType: "bx11",
    location: "fsn1",
    password: PASSWORD,
    labels: { env: "prod" },
    sshKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx0ZXN0a2V5 admin@example"],
    accessSettings: { sshEnabled: true },
    snapshotPlan: { maxSnapshots: 7, minute: 0, hour: 3 },
    deleteProtection: false,
  },
  [
    { case: "a location that is no location name", inputs: { location: "Falkenstein" }, property: "location", rule: 'location must be a location name such as "fsn1"' },
    { case: "a storage box type that is no type name", inputs: { storageBoxType: "BX 11" }, property: "storageBoxType", rule: 'storageBoxType must be a storage box type name such as "bx11"' },
    { case: "no storage box type", inputs: { storageBoxType: undefined }, property: "storageBoxType", rule: "storageBoxType must be a storage box type name" },
    ...passwordRows,
    { case: "an SSH key without its type", inputs: { sshKeys: ["AAAAC3NzaC1lZDI1NTE5"] }, property: "sshKeys[0]", rule: "sshKeys[0] must be a public key in OpenSSH format" },
    { case: "SSH keys that are not a list", inputs: { sshKeys: "ssh-ed25519 AAAA" }, property: "sshKeys", rule: "sshKeys must be a list" },
    { case: "an unknown access setting", inputs: { accessSettings: { ftpEnabled: true } }, property: "accessSettings", rule: 'accessSettings: unknown setting "ftpEnabled"' },
    { case: "an access setting as a word", inputs: { accessSettings: { sshEnabled: "yes" } }, property: "accessSettings.sshEnabled", rule: 'accessSettings.sshEnabled must be true or false, got "yes"' },
    { case: "a snapshot hour of 24", inputs: { snapshotPlan: { maxSnapshots: 7, minute: 0, hour: 24 } }, property: "snapshotPlan.hour", rule: "snapshotPlan.hour must be a whole number from 0 to 23, got 24" },
    { case: "a snapshot minute of 60", inputs: { snapshotPlan: { maxSnapshots: 7, minute: 60, hour: 3 } }, property: "snapshotPlan.minute", rule: "snapshotPlan.minute must be a whole number from 0 to 59" },
    { case: "no snapshots kept", inputs: { snapshotPlan: { maxSnapshots: 0, minute: 0, hour: 3 } }, property: "snapshotPlan.maxSnapshots", rule: "snapshotPlan.maxSnapshots must be a whole number of at least 1" },
    { case: "a day of week of 8", inputs: { snapshotPlan: { maxSnapshots: 7, minute: 0, hour: 3, dayOfWeek: 8 } }, property: "snapshotPlan.dayOfWeek", rule: "snapshotPlan.dayOfWeek must be a whole number from 1 to 7" },
    { case: "a day of month of 32", inputs: { snapshotPlan: { maxSnapshots: 7, minute: 0, hour: 3, dayOfMonth: 32 } }, property: "snapshotPlan.dayOfMonth", rule: "snapshotPlan.dayOfMonth must be a whole number from 1 to 31" },
    { case: "an unknown snapshot plan field", inputs: { snapshotPlan: { maxSnapshots: 7, minute: 0, hour: 3, weekday: 1 } }, property: "snapshotPlan", rule: 'snapshotPlan: unknown field "weekday"' },
    { case: "delete protection as a word", inputs: { deleteProtection: "on" }, property: "deleteProtection", rule: 'deleteProtection must be true or false, got "on"' },
    { case: "a name that is not a string", inputs: { name: 7 }, property: "name", rule: "name must be a string" },
    ...labelRows,
    ...credentialsRows,
    { case: "adopt in no form the kind takes", inputs: { adopt: { server: "u1" } }, property: "adopt", rule: "adopt must be { id } or { name }, got { server }" },
  ],
  ["password", "location", "storageBoxType", "sshKeys", { sshKeys: [UNKNOWN] }, "accessSettings", "snapshotPlan", { snapshotPlan: { maxSnapshots: UNKNOWN, minute: 0, hour: 3 } }, "labels", "name"],
);

badInputTable(
  "hetzner:StorageBoxSubaccount",
  { storageBoxId: 42, name: "host01", homeDirectory: "backups/host01", password: PASSWORD, accessSettings: { sshEnabled: true, readonly: true }, description: "host01 backups", labels: { env: "prod" } },
  [
    { case: "no storage box id", inputs: { storageBoxId: undefined }, property: "storageBoxId", rule: "storageBoxId is required" },
    { case: "a storage box id of 0", inputs: { storageBoxId: 0 }, property: "storageBoxId", rule: "storageBoxId: 0 is not a storage box id" },
    { case: "a storage box name for its id", inputs: { storageBoxId: "backup" }, property: "storageBoxId", rule: '"backup" is not a storage box id' },
    { case: "an absolute home directory", inputs: { homeDirectory: "/backups" }, property: "homeDirectory", rule: 'homeDirectory is relative to the storage box\'s root: write "backups"' },
    { case: "a home directory with a character outside the rule", inputs: { homeDirectory: "backups/host$01" }, property: "homeDirectory", rule: "homeDirectory must be a path of 1 to 999 characters" },
    { case: "a home directory of 1000 characters", inputs: { homeDirectory: "d".repeat(1000) }, property: "homeDirectory", rule: "homeDirectory must be a path of 1 to 999 characters" },
    { case: "no home directory", inputs: { homeDirectory: undefined }, property: "homeDirectory", rule: "homeDirectory must be a path" },
    ...passwordRows,
    { case: "a name over 50 characters", inputs: { name: "n".repeat(51) }, property: "name", rule: "name must be a string of at most 50 characters" },
    { case: "a description over 1000 characters", inputs: { description: "d".repeat(1001) }, property: "description", rule: "description must be a string of at most 1000 characters" },
    { case: "an unknown access setting", inputs: { accessSettings: { zfsEnabled: true } }, property: "accessSettings", rule: 'accessSettings: unknown setting "zfsEnabled"' },
    { case: "an access setting as a word", inputs: { accessSettings: { readonly: "yes" } }, property: "accessSettings.readonly", rule: 'accessSettings.readonly must be true or false, got "yes"' },
    ...labelRows,
    ...credentialsRows,
  ],
  ["storageBoxId", "password", "homeDirectory", "name", "accessSettings", { accessSettings: { readonly: UNKNOWN } }, "description", "labels"],
);

badInputTable(
  "hetzner:StorageBoxSnapshot",
  { storageBoxId: 42, description: "nightly (before upgrade)", labels: { env: "prod" } },
  [
    { case: "no storage box id", inputs: { storageBoxId: undefined }, property: "storageBoxId", rule: "storageBoxId is required" },
    { case: "a negative storage box id", inputs: { storageBoxId: -1 }, property: "storageBoxId", rule: "storageBoxId: -1 is not a storage box id" },
    { case: "a description with a character outside the API's rule", inputs: { description: "before upgrade; v2" }, property: "description", rule: "description may only contain a-z A-Z 0-9 space" },
    { case: "a description over 1000 characters", inputs: { description: "d".repeat(1001) }, property: "description", rule: "description must be a string of at most 1000 characters" },
    ...labelRows,
    ...credentialsRows,
  ],
  ["storageBoxId", "description", "labels"],
);
