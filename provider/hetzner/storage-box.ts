/**
 * hetzner.StorageBox: the whole life of a Hetzner storage box — check, diff, create, read, update, delete.
 * Inputs and outputs are camelCase program shapes; api/storage-boxes.ts speaks the wire.
 *
 * The API answers a create with its Action alone: the box's id is among the Action's resources, and it
 * is recorded from then on, whatever fails later. A create Action that fails leaves the resource
 * recorded as unfinished (`__createFailed`); the next diff looks the box up once: a box that exists is
 * converged in place, a box that never came to be is replaced, so no box is ever made twice.
 */
import { ApiError, unlessNotFound } from "../core/errors";
import { HetznerErrorCode } from "../core/hetzner";
import { canonicalJson, CheckFailure, containsUnknown, isUnknown } from "../core/inputs";
import { finishCreate, replaceOrder, Settler, spareTakenOver } from "../core/lifecycle";
import { checkName, checkUserLabels, ownedLabels, OWNER_LABEL, partialFailure, Props, ResourceImplementation, visibleLabels } from "../core/resource";
import { withCredentials } from "../core/credentials";
import { currentResourceUrn, reportLine } from "../host/log";
import { ActionState } from "../core/actions";
import { SnapshotPlan, StorageBox, StorageBoxAccessSettings } from "./api/storage-boxes";
import { StorageBoxType } from "./api/storage-box-types";
import { DEFAULT_ENDPOINT, hetznerClient } from "./client";
import { checkPassword } from "./password";

export interface StorageBoxInputs {
  name: string;
  storageBoxType: string;
  location: string;
  password: string;
  labels: Record<string, string>;
  sshKeys: string[];
  accessSettings: StorageBoxAccessSettings;
  snapshotPlan: SnapshotPlan | null;
  deleteProtection: boolean;
}

export interface StorageBoxOutputs extends StorageBoxInputs {
  storageBoxId: number;
  username: string | null;
  server: string | null;
  system: string | null;
  status: string | null;
  stats: { size: number; sizeData: number; sizeSnapshots: number } | null;
  /** The type's limits, size, prices and deprecation. */
  storageBoxTypeDetails: StorageBoxType | null;
  created: string | null;
}

const ACCESS_KEYS = ["reachableExternally", "sambaEnabled", "sshEnabled", "webdavEnabled", "zfsEnabled"] as const;
const PLAN_KEYS = ["maxSnapshots", "minute", "hour", "dayOfWeek", "dayOfMonth"] as const;
/** Plan fields: [key, lowest, highest, optional (null: every day)]; ranges from the spec. */
const PLAN_FIELDS: Array<[(typeof PLAN_KEYS)[number], number, number, boolean]> = [
  ["maxSnapshots", 1, Number.MAX_SAFE_INTEGER, false],
  ["minute", 0, 59, false],
  ["hour", 0, 23, false],
  ["dayOfWeek", 1, 7, true],
  ["dayOfMonth", 1, 31, true],
];
// Hyphen-separated runs, each hyphen required: one way to match any text, so no backtracking blow-up.
const LOCATION_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const TYPE_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const REPLACING_FIELDS = ["location"] as const;
/** Replaces a box whose create Action failed and that does not exist (see diff). */
const CREATE_FAILED = "__createFailed";

// ---- check -------------------------------------------------------------------------------------

const absent = (value: unknown) => value === undefined || value === null;

export async function check(olds: Props, news: Props) {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });

  const location = news.location;
  if (!isUnknown(location) && (typeof location !== "string" || !LOCATION_NAME.test(location))) {
    fail("location", `location must be a location name such as "fsn1", "nbg1" or "hel1", got ${JSON.stringify(location)}`);
  }
  const storageBoxType = news.storageBoxType;
  if (!isUnknown(storageBoxType) && (typeof storageBoxType !== "string" || !TYPE_NAME.test(storageBoxType))) {
    fail("storageBoxType", `storageBoxType must be a storage box type name such as "bx11" or "bx21", got ${JSON.stringify(storageBoxType)}`);
  }
  // A replacement is created before the old box is deleted, so an autonamed box gets a fresh name then.
  const replacing = REPLACING_FIELDS.some((f) => olds[f] !== undefined && olds[f] !== news[f]);
  const named = checkName(news, replacing ? undefined : olds.name, failures, undefined, [location]);

  const inputs: Props = {
    ...named.fields,
    storageBoxType,
    location,
    password: checkPassword(news.password, failures),
    labels: checkUserLabels(news.labels ?? {}, failures),
    sshKeys: checkSshKeys(news.sshKeys, failures),
    accessSettings: checkAccessSettings(news.accessSettings, failures),
    snapshotPlan: checkSnapshotPlan(news.snapshotPlan, failures),
    deleteProtection: checkBoolean(news.deleteProtection, "deleteProtection", failures),
  };
  return { inputs, failures };
}

function checkBoolean(value: unknown, property: string, failures: CheckFailure[]): unknown {
  if (absent(value)) return false;
  if (isUnknown(value) || typeof value === "boolean") return value;
  failures.push({ property, reason: `${property} must be true or false, got ${JSON.stringify(value)}` });
  return value;
}

function checkSshKeys(value: unknown, failures: CheckFailure[]): unknown {
  if (absent(value)) return [];
  if (isUnknown(value)) return value;
  if (!Array.isArray(value)) {
    failures.push({ property: "sshKeys", reason: "sshKeys must be a list of public keys in OpenSSH format" });
    return value;
  }
  value.forEach((key, i) => {
    if (!isUnknown(key) && (typeof key !== "string" || !/^\S+ \S+/.test(key.trim()))) {
      failures.push({ property: `sshKeys[${i}]`, reason: `sshKeys[${i}] must be a public key in OpenSSH format ("ssh-ed25519 AAAA… comment")` });
    }
  });
  return value.map((key) => (typeof key === "string" ? key.trim() : key));
}

/** Every setting, each defaulting to the API's default (false): the box is as the program says. */
function checkAccessSettings(value: unknown, failures: CheckFailure[]): unknown {
  if (isUnknown(value)) return value;
  const given = (absent(value) ? {} : value) as Props;
  if (typeof given !== "object" || Array.isArray(given)) {
    failures.push({ property: "accessSettings", reason: `accessSettings must be { ${ACCESS_KEYS.join("?, ")}? }` });
    return value;
  }
  for (const key of Object.keys(given)) {
    if (!(ACCESS_KEYS as readonly string[]).includes(key)) failures.push({ property: "accessSettings", reason: `accessSettings: unknown setting "${key}" (expected ${ACCESS_KEYS.join(", ")})` });
  }
  const settings: Props = {};
  for (const key of ACCESS_KEYS) settings[key] = checkBoolean(given[key], `accessSettings.${key}`, failures);
  return settings;
}

/** null (no plan) or every field, day of week and day of month null when not given (every day). */
function checkSnapshotPlan(value: unknown, failures: CheckFailure[]): unknown {
  if (absent(value)) return null;
  if (isUnknown(value)) return value;
  if (typeof value !== "object" || Array.isArray(value)) {
    failures.push({ property: "snapshotPlan", reason: "snapshotPlan must be { maxSnapshots, minute, hour, dayOfWeek?, dayOfMonth? }" });
    return value;
  }
  const given = value as Props;
  for (const key of Object.keys(given)) {
    if (!(PLAN_KEYS as readonly string[]).includes(key)) failures.push({ property: "snapshotPlan", reason: `snapshotPlan: unknown field "${key}" (expected ${PLAN_KEYS.join(", ")})` });
  }
  const plan: Props = {};
  for (const [key, lowest, highest, optional] of PLAN_FIELDS) {
    const field = given[key];
    plan[key] = absent(field) && optional ? null : field;
    if (isUnknown(field) || (absent(field) && optional)) continue;
    if (typeof field !== "number" || !Number.isInteger(field) || field < lowest || field > highest) {
      const range = highest === Number.MAX_SAFE_INTEGER ? `a whole number of at least ${lowest}` : `a whole number from ${lowest} to ${highest}`;
      failures.push({ property: `snapshotPlan.${key}`, reason: `snapshotPlan.${key} must be ${range}${optional ? " (or left out: every day)" : ""}, got ${JSON.stringify(field)}` });
    }
  }
  return plan;
}

// ---- diff --------------------------------------------------------------------------------------

export async function diff(id: string, olds: Props, news: Props) {
  const differs = (field: string, a: unknown, b: unknown) => containsUnknown(news[field]) || canonicalJson(a) !== canonicalJson(b);
  const replaces: string[] = REPLACING_FIELDS.filter((f) => differs(f, olds[f], news[f]));
  const changed: string[] = [...replaces];
  if (differs("name", olds.name, news.name)) changed.push("name");
  if (differs("labels", olds.labels ?? {}, news.labels ?? {})) changed.push("labels");
  if (differs("storageBoxType", olds.storageBoxType, news.storageBoxType)) changed.push("storageBoxType");
  // The API never returns the password: what was set last is in the outputs (null: not known to be set).
  if (differs("password", olds.password ?? null, news.password)) changed.push("password");
  if (differs("sshKeys", olds.sshKeys ?? [], news.sshKeys ?? [])) changed.push("sshKeys");
  if (differs("accessSettings", olds.accessSettings, news.accessSettings)) changed.push("accessSettings");
  if (differs("snapshotPlan", olds.snapshotPlan ?? null, news.snapshotPlan ?? null)) changed.push("snapshotPlan");
  if (differs("deleteProtection", olds.deleteProtection ?? false, news.deleteProtection ?? false)) changed.push("deleteProtection");
  if (olds[CREATE_FAILED] === true) {
    // Only here does diff ask the API: was the box of the failed create made after all?
    const box = await hetznerClient(olds).storageBoxes.find(Number(id));
    if (!box) replaces.push("storageBoxId");
    changed.push("storageBoxId");
  }
  return { changes: changed.length > 0, ...replaceOrder(replaces, news) };
}

// ---- create / read / update / delete -----------------------------------------------------------

const describe = (box: { id: number; name: string }) => `storage box ${box.id} (${box.name})`;

/** The type as the program wrote it when the live one is that type (name or id), else the live name. */
function typeOf(live: StorageBox, asked: unknown): string {
  return asked === live.storageBoxType.name || asked === String(live.storageBoxType.id) ? (asked as string) : live.storageBoxType.name;
}

/**
 * Outputs from the live box; what the API never returns (password, SSH keys) from the inputs. Without
 * a live box (its create failed), the inputs stand in and the live-only fields are null.
 */
function outputsOf(live: StorageBox | undefined, inputs: Props, id: number): StorageBoxOutputs {
  return {
    name: live?.name ?? inputs.name,
    storageBoxType: live ? typeOf(live, inputs.storageBoxType) : inputs.storageBoxType,
    location: live?.location ?? inputs.location,
    password: inputs.password,
    labels: live ? visibleLabels(live.labels) : (inputs.labels ?? {}),
    sshKeys: inputs.sshKeys ?? [],
    accessSettings: live?.accessSettings ?? inputs.accessSettings,
    snapshotPlan: live ? live.snapshotPlan : (inputs.snapshotPlan ?? null),
    deleteProtection: live?.deleteProtection ?? false,
    storageBoxId: id,
    username: live?.username ?? null,
    server: live?.server ?? null,
    system: live?.system ?? null,
    status: live?.status ?? null,
    stats: live?.stats ?? null,
    storageBoxTypeDetails: live?.storageBoxType ?? null,
    created: live?.created ?? null,
  };
}

const one = (started: Promise<ActionState>) => started.then((action) => [action]);

/** A refused change of type, above all a downgrade below the data stored: the fix, not just the code. */
function changeTypeError(error: unknown, live: StorageBox, wanted: string): unknown {
  if (!(error instanceof ApiError) || error.status === undefined || error.status >= 500 || error.code === HetznerErrorCode.Locked) return error;
  const used = `${(live.stats.size / 2 ** 30).toFixed(1)} GiB`;
  return new Error(
    `${describe(live)}: the API refused to change storageBoxType from "${live.storageBoxType.name}" to "${wanted}" (${error.reason}). ` +
      `A smaller type must hold the ${used} the box uses: delete data (and snapshots) first, or keep storageBoxType "${live.storageBoxType.name}"`,
  );
}

/**
 * Converges type, protection, password, access settings and snapshot plan of the live box on `inputs`
 * (each Action awaited before the next: a running Action locks the box). `lastPassword` is the password
 * set last (null: unknown), since the API never returns it.
 */
async function converge(live: StorageBox, inputs: Props, lastPassword: unknown, s: Settler): Promise<void> {
  const api = hetznerClient(inputs).storageBoxes;
  if (typeOf(live, inputs.storageBoxType) !== inputs.storageBoxType) {
    await s.step("change_type", one(api.changeType(live.id, inputs.storageBoxType).catch((e) => Promise.reject(changeTypeError(e, live, inputs.storageBoxType)))));
  }
  if (live.deleteProtection !== inputs.deleteProtection) await s.step("change_protection", one(api.changeProtection(live.id, inputs.deleteProtection)));
  if (lastPassword !== inputs.password) await s.step("reset_password", one(api.resetPassword(live.id, inputs.password)));
  const access: Partial<StorageBoxAccessSettings> = {};
  for (const key of ACCESS_KEYS) if (live.accessSettings[key] !== inputs.accessSettings[key]) access[key] = inputs.accessSettings[key];
  if (Object.keys(access).length) await s.step("update_access_settings", one(api.updateAccessSettings(live.id, access)));
  const plan: SnapshotPlan | null = inputs.snapshotPlan ?? null;
  if (plan === null && live.snapshotPlan !== null) await s.step("disable_snapshot_plan", one(api.disableSnapshotPlan(live.id)));
  if (plan !== null && canonicalJson(plan) !== canonicalJson(live.snapshotPlan)) await s.step("enable_snapshot_plan", one(api.enableSnapshotPlan(live.id, plan)));
}

/** Outputs after failed steps: what the API cannot show (the password) keeps its previous value, so the next `up` sets it again. */
function markUndone(outs: Props, s: Settler, previousPassword: unknown): void {
  if (s.undone("reset_password", "create")) outs.password = previousPassword ?? null;
}

export async function create(inputs: Props) {
  const client = hetznerClient(inputs);
  const created = await client.storageBoxes.create({
    name: inputs.name,
    location: inputs.location,
    storageBoxType: inputs.storageBoxType,
    password: inputs.password,
    labels: ownedLabels(inputs.labels, inputs.__owner),
    sshKeys: inputs.sshKeys,
    accessSettings: inputs.accessSettings,
  });
  const id = created.id;
  let gone = false;
  return finishCreate<StorageBox | undefined>({
    id: String(id),
    created: created.box,
    resource: `storage box ${id} (${inputs.name})`,
    inputs,
    waiter: client.waiter,
    run: async (s) => {
      await s.step("create", created.action ? [created.action] : []);
      if (s.undone("create")) return;
      const live = await client.storageBoxes.get(id);
      // The create sent the password: a box found as our own was made with it, too.
      await converge(live, inputs, inputs.password, s);
    },
    read: async () => {
      const live = await client.storageBoxes.find(id);
      gone = !live;
      return live;
    },
    outputs: (live) => outputsOf(live, inputs, id),
    markUndone: (outs, s) => {
      markUndone(outs, s, null);
      if (gone || s.undone("create")) outs[CREATE_FAILED] = true;
    },
  });
}

export async function read(id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const live = await hetznerClient(props).storageBoxes.find(Number(id));
  if (!live) return { id: "", props: {} };
  const outs: Props = outputsOf(live, props, live.id);
  // An unfinished create stays marked until an update converged the box.
  if (props[CREATE_FAILED] === true) outs[CREATE_FAILED] = true;
  const inputs: Props = {
    name: outs.name,
    storageBoxType: outs.storageBoxType,
    location: outs.location,
    password: outs.password,
    labels: outs.labels,
    sshKeys: outs.sshKeys,
    accessSettings: outs.accessSettings,
    snapshotPlan: outs.snapshotPlan,
    deleteProtection: outs.deleteProtection,
  };
  return { id, props: outs, inputs };
}

/** Converges the live box on the inputs: each part is compared with what really exists, then changed. */
export async function update(id: string, olds: Props, news: Props) {
  const client = hetznerClient(news);
  const storageBoxId = Number(id);
  let live = await client.storageBoxes.get(storageBoxId);
  const resource = describe(live);
  const s = new Settler(client.waiter, resource);
  if (canonicalJson(olds.sshKeys ?? []) !== canonicalJson(news.sshKeys ?? [])) {
    reportLine(
      `${resource}: sshKeys changed, but Hetzner takes SSH keys only when a storage box is created: the new keys are recorded, not installed. ` +
        "Add them to the box's .ssh/authorized_keys yourself, or replace the box (pulumi up --replace) to create it with them",
      currentResourceUrn(),
      "warning",
    );
  }
  // An object made before owner labels existed gets one with its next PUT; one it already has is kept.
  const labels = ownedLabels(news.labels, live.labels[OWNER_LABEL] ?? news.__owner);
  if (live.name !== news.name || canonicalJson(live.labels) !== canonicalJson(labels)) {
    live = await client.storageBoxes.update(storageBoxId, { name: news.name, labels });
  }
  // After an unfinished create the password set is not known: set it again.
  const lastPassword = olds[CREATE_FAILED] === true ? null : (olds.password ?? null);
  await converge(live, news, lastPassword, s);
  // Without an Action, the first GET or the PUT's answer already is the final state.
  const final = s.steps > 0 ? await client.storageBoxes.get(storageBoxId) : live;
  const outs: Props = outputsOf(final, news, storageBoxId);
  if (s.errors.length) {
    markUndone(outs, s, lastPassword);
    if (olds[CREATE_FAILED] === true) outs[CREATE_FAILED] = true;
    throw partialFailure(`updating ${resource} failed: ${s.message}`, id, outs, news);
  }
  return { outs };
}

function protectedError(what: string): Error {
  return new Error(`${what} has delete protection: disable deleteProtection first (set deleteProtection: false and run \`pulumi up\`), then delete it`);
}

export async function remove(id: string, props: Props = {}) {
  const storageBoxId = Number(id);
  if (spareTakenOver("storage box", id)) return; // the replacement took this very box over
  if (props.deleteProtection === true) throw protectedError(`storage box ${id}${props.name ? ` (${props.name})` : ""}`);
  const client = hetznerClient(props);
  const live = await client.storageBoxes.find(storageBoxId);
  if (!live) return; // already gone (or never made: a failed create)
  if (live.deleteProtection) throw protectedError(describe(live));
  const action = await unlessNotFound(client.storageBoxes.delete(storageBoxId));
  if (action) await client.waiter.wait(action, { resource: describe(live) });
}

export const storageBox: ResourceImplementation = withCredentials({ check, diff, create, read, update, delete: remove }, DEFAULT_ENDPOINT);
