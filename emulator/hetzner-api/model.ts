/**
 * The stored shapes of storage boxes, subaccounts and snapshots, their rendering, and the rules they
 * share: box status from its running actions, the box lock, the password policy, access settings.
 */
import { assertUnlocked, involves, isRunning, startAction, type ActionResource, type StoredAction } from "../hetzner/actions";
import { FieldErrors, HetznerError, isObject, notFound, timestamp } from "../hetzner/conventions";
import type { Labels } from "../hetzner/labels";
import { locationByName } from "../hcloud/locations";
import type { HetznerApiContext } from "./context";
import { storageBoxTypeByName } from "./types";

export interface BoxAccessSettings {
  reachable_externally: boolean;
  samba_enabled: boolean;
  ssh_enabled: boolean;
  webdav_enabled: boolean;
  zfs_enabled: boolean;
}

export interface SubaccountAccessSettings {
  reachable_externally: boolean;
  samba_enabled: boolean;
  ssh_enabled: boolean;
  webdav_enabled: boolean;
  readonly: boolean;
}

export interface SnapshotPlan {
  max_snapshots: number;
  minute: number;
  hour: number;
  day_of_week: number | null;
  day_of_month: number | null;
}

export interface StoredStorageBox {
  id: number;
  name: string;
  /** The type's name. */
  type: string;
  location: string;
  username: string;
  system: string;
  accessSettings: BoxAccessSettings;
  snapshotPlan: SnapshotPlan | null;
  protection: { delete: boolean };
  labels: Labels;
  created: number;
  /** Bytes of data stored (set through the control API, as a client writing files would). */
  sizeData: number;
  /** Every folder that exists, as normalised relative paths (`a`, `a/b`). */
  folders: string[];
  /** The number of the next subaccount username (`u12345-sub<n>`); never reused. */
  nextSubaccount: number;
}

export interface StoredSubaccount {
  id: number;
  storageBox: number;
  name: string;
  username: string;
  homeDirectory: string;
  accessSettings: SubaccountAccessSettings;
  description: string;
  labels: Labels;
  created: number;
}

export interface StoredSnapshot {
  id: number;
  storageBox: number;
  name: string;
  description: string;
  labels: Labels;
  isAutomatic: boolean;
  /** The box's data size and folders when the snapshot was taken (what a rollback restores). */
  sizeData: number;
  folders: string[];
  created: number;
}

export const BOX = "storage_box";
export const SUBACCOUNT = "storage_box_subaccount";
export const SNAPSHOT = "storage_box_snapshot";
export const boxResource = (box: StoredStorageBox): ActionResource => ({ id: box.id, type: BOX });

// ---- lookups ----

/** The box of the `{id}` path parameter in the current project. */
export function findBox(ctx: HetznerApiContext, rawId: string): StoredStorageBox {
  const id = /^[1-9]\d{0,15}$/.test(rawId) ? Number(rawId) : undefined;
  const box = ctx.state().storageBoxes.find((candidate) => candidate.id === id);
  if (!box) throw notFound("storage box");
  return box;
}

// ---- status and locks ----

const runningOn = (ctx: HetznerApiContext, box: StoredStorageBox, now = Date.now()): StoredAction[] =>
  ctx.actions().filter((action) => isRunning(action, now) && involves(action, BOX, box.id));

/** `initializing` while its create action runs, `locked` while any other action on it runs, else `active`. */
export function boxStatus(ctx: HetznerApiContext, box: StoredStorageBox): "active" | "initializing" | "locked" {
  const running = runningOn(ctx, box);
  if (running.some((action) => action.command === "create")) return "initializing";
  return running.length > 0 ? "locked" : "active";
}

/**
 * Refuses a change while an action runs on the box: 423 `locked`. Every action of this API lists the box
 * (subaccount and snapshot actions too, spec examples), so the box takes one action at a time: "The API
 * only allows users to create a single snapshot or subaccount for any storage box at the same time"
 * (terraform-provider-hcloud#1307, after #1297 hit 423 `locked` creating subaccounts in parallel).
 */
export const assertBoxUnlocked = (ctx: HetznerApiContext, box: StoredStorageBox) => assertUnlocked(ctx, [boxResource(box)]);

/** Starts an action on the box (and `more` resources); its change only happens when no armed fault makes it fail. */
export function act(ctx: HetznerApiContext, command: string, box: StoredStorageBox, more: ActionResource[], change: () => void): StoredAction {
  const action = startAction(ctx, command, [boxResource(box), ...more]);
  if (!action.error) change();
  return action;
}

// ---- rendering ----

export function renderBox(ctx: HetznerApiContext, box: StoredStorageBox) {
  const status = boxStatus(ctx, box);
  const sizeSnapshots = ctx
    .state()
    .snapshots.filter((snapshot) => snapshot.storageBox === box.id)
    .reduce((sum, snapshot) => sum + snapshotSize(snapshot), 0);
  // "Not available if the status is initializing" (spec); the create example still shows the username.
  const ready = status !== "initializing";
  return {
    id: box.id,
    name: box.name,
    storage_box_type: storageBoxTypeByName(box.type),
    location: locationByName(box.location),
    access_settings: { ...box.accessSettings },
    snapshot_plan: ready && box.snapshotPlan ? { ...box.snapshotPlan } : null,
    protection: { ...box.protection },
    labels: { ...box.labels },
    status,
    username: box.username,
    server: ready ? `${box.username}.your-storagebox.de` : null,
    system: ready ? box.system : null,
    stats: { size: box.sizeData + sizeSnapshots, size_data: box.sizeData, size_snapshots: sizeSnapshots },
    created: timestamp(box.created),
  };
}

export function renderSubaccount(subaccount: StoredSubaccount) {
  return {
    id: subaccount.id,
    storage_box: subaccount.storageBox,
    name: subaccount.name,
    username: subaccount.username,
    server: `${subaccount.username}.your-storagebox.de`,
    home_directory: subaccount.homeDirectory,
    access_settings: { ...subaccount.accessSettings },
    description: subaccount.description,
    labels: { ...subaccount.labels },
    created: timestamp(subaccount.created),
  };
}

/** Simplified: a snapshot occupies the data it holds (no copy-on-write accounting). */
const snapshotSize = (snapshot: StoredSnapshot) => snapshot.sizeData;

export function renderSnapshot(snapshot: StoredSnapshot) {
  return {
    id: snapshot.id,
    storage_box: snapshot.storageBox,
    name: snapshot.name,
    description: snapshot.description,
    labels: { ...snapshot.labels },
    stats: { size: snapshotSize(snapshot), size_filesystem: snapshot.sizeData },
    is_automatic: snapshot.isAutomatic,
    created: timestamp(snapshot.created),
  };
}

// ---- validation ----

const PASSWORD_MIN = 12;
const PASSWORD_MAX = 128;
const SPECIAL = "^°!§$%/()=?+#-.,;:~*@{}_&";
const escapeClass = (chars: string) => chars.replace(/[\\\]^-]/g, "\\$&");
const PASSWORD_CHARS = new RegExp(`^[a-zA-ZÄÖÜäöüß0-9${escapeClass(SPECIAL)}]*$`);

/**
 * The "Storage Boxes password policy" (spec, tag Storage Boxes), for boxes and subaccounts alike: 12 to
 * 128 characters from the listed set, with an upper case letter, a lower case letter, a number and a
 * special character. Its last rule (not in any known data breach) is not checked. Messages never
 * repeat the password.
 */
export function validatePassword(password: unknown, errors: FieldErrors): void {
  if (typeof password !== "string") {
    errors.add("password", "is required and must be a string");
    return;
  }
  const length = [...password].length;
  if (length < PASSWORD_MIN || length > PASSWORD_MAX) errors.add("password", `must be between ${PASSWORD_MIN} and ${PASSWORD_MAX} characters long`);
  if (!PASSWORD_CHARS.test(password)) errors.add("password", `may only contain a-z A-Z Ä Ö Ü ä ö ü ß 0-9 and ${SPECIAL.split("").join(" ")}`);
  const classes = [/[A-ZÄÖÜ]/, /[a-zäöüß]/, /[0-9]/, new RegExp(`[${escapeClass(SPECIAL)}]`)];
  if (!classes.every((pattern) => pattern.test(password))) errors.add("password", "must contain an upper case letter, a lower case letter, a number and a special character");
}

/**
 * Access settings (create bodies and `update_access_settings`): an object of booleans over `keys`; a key
 * left out keeps its value (partial updates, spec).
 */
export function parseAccessSettings<T extends object>(raw: unknown, keys: (keyof T & string)[], field: string | undefined, errors: FieldErrors): Partial<T> {
  if (raw === undefined) return {};
  if (!isObject(raw)) {
    errors.add(field ?? "access_settings", "must be an object");
    return {};
  }
  const settings: Partial<T> = {};
  for (const key of keys) {
    const value = raw[key];
    if (value === undefined) continue;
    if (typeof value !== "boolean") errors.add(field ? `${field}.${key}` : key, "must be a boolean");
    else (settings as Record<string, boolean>)[key] = value;
  }
  return settings;
}

export const BOX_ACCESS_KEYS: (keyof BoxAccessSettings)[] = ["reachable_externally", "samba_enabled", "ssh_enabled", "webdav_enabled", "zfs_enabled"];
export const SUBACCOUNT_ACCESS_KEYS: (keyof SubaccountAccessSettings)[] = ["reachable_externally", "samba_enabled", "ssh_enabled", "webdav_enabled", "readonly"];

export function validateDescription(raw: unknown, errors: FieldErrors, max: number, pattern?: RegExp): void {
  if (raw === undefined) return;
  if (typeof raw !== "string") errors.add("description", "must be a string");
  else if (raw.length > max) errors.add("description", `must be at most ${max} characters`);
  else if (pattern && !pattern.test(raw)) errors.add("description", "contains characters that are not allowed");
}

/** A clash with an existing name: 409 `uniqueness_error` naming the field, as the spec's example does. */
export const nameTaken = (what: string, field = "name") =>
  new HetznerError(409, "uniqueness_error", `${what} with the same ${field} already exists`, { fields: [{ name: field }] });

// ---- folders ----

/**
 * A relative folder path in normal form (`a/b`; `.` and `` are the root, an empty string here), or
 * undefined when it leaves the box (`..`) or is absolute.
 */
export function normaliseFolder(path: string): string | undefined {
  if (path.startsWith("/")) return undefined;
  const parts = path.split("/").filter((part) => part !== "" && part !== ".");
  if (parts.includes("..")) return undefined;
  return parts.join("/");
}

/** Adds a folder and every parent of it (home directories "will be created if it doesn't exist yet", spec). */
export function addFolder(box: StoredStorageBox, folder: string): void {
  const parts = folder.split("/");
  for (let i = 1; i <= parts.length; i++) {
    const path = parts.slice(0, i).join("/");
    if (path !== "" && !box.folders.includes(path)) box.folders.push(path);
  }
}
