/**
 * hetzner.StorageBoxSubaccount: a further user of a storage box, confined to a home directory — check,
 * diff, create, read, update, delete. Inputs and outputs are camelCase program shapes; api/subaccounts.ts
 * speaks the wire. The password is never read back (the API does not return it): state keeps the one
 * the program set, as a secret, and a change is sent with reset_subaccount_password.
 */
import { ActionState } from "../core/actions";
import { unlessNotFound } from "../core/errors";
import { canonicalJson, CheckFailure, containsUnknown, isUnknown } from "../core/inputs";
import { finishCreate, Settler, spareTakenOver } from "../core/lifecycle";
import { checkName, checkUserLabels, ownedLabels, OWNER_LABEL, partialFailure, Props, ResourceImplementation, visibleLabels } from "../core/resource";
import { withCredentials } from "../core/credentials";
import { Subaccount, SubaccountAccessSettings } from "./api/subaccounts";
import { claimLostCreate, OwnCreate, unlessNameTakenByOwn } from "./claim";
import { CreateSubaccountResponseWire } from "./wire";
import { hetznerClient } from "./client";
import { DEFAULT_ENDPOINT } from "./config";
import { checkPassword } from "./password";
import { checkStorageBoxId } from "./inputs";

export interface SubaccountInputs {
  storageBoxId: number;
  name: string;
  homeDirectory: string;
  password: string;
  accessSettings: SubaccountAccessSettings;
  description: string;
  labels: Record<string, string>;
}

export interface SubaccountOutputs extends SubaccountInputs {
  subaccountId: number;
  /** Log-in name, e.g. `u1337-sub1`. */
  username: string;
  /** Host to reach the subaccount at, e.g. `u1337-sub1.your-storagebox.de`. */
  server: string;
  created: string;
}

/** The access settings a subaccount takes, each false unless the program says otherwise. */
export const ACCESS_SETTINGS = ["reachableExternally", "readonly", "sambaEnabled", "sshEnabled", "webdavEnabled"] as const;
/** The API's limits (spec: name 1-50, home directory 1-999 of these characters and not starting with "/", description ≤ 1000). */
const MAX_NAME_LENGTH = 50;
const MAX_HOME_DIRECTORY_LENGTH = 999;
const HOME_DIRECTORY = /^[a-zA-Z0-9 ./_-]+$/;
const MAX_DESCRIPTION_LENGTH = 1000;

// ---- check -------------------------------------------------------------------------------------

const absent = (value: unknown) => value === undefined || value === null;

export async function check(olds: Props, news: Props) {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });

  const storageBoxId = checkStorageBoxId(news.storageBoxId, failures);
  // A replacement lives in another box, so it never clashes with the old name; it still gets its own autoname.
  const replacing = olds.storageBoxId !== undefined && olds.storageBoxId !== storageBoxId;
  const named = checkName(news, replacing ? undefined : olds.name, failures, MAX_NAME_LENGTH, [storageBoxId]);

  const homeDirectory = news.homeDirectory;
  if (!isUnknown(homeDirectory)) {
    if (typeof homeDirectory !== "string" || !HOME_DIRECTORY.test(homeDirectory) || homeDirectory.length > MAX_HOME_DIRECTORY_LENGTH) {
      fail("homeDirectory", `homeDirectory must be a path of 1 to ${MAX_HOME_DIRECTORY_LENGTH} characters from a-z A-Z 0-9 . / _ - and space, e.g. "backups/host01", got ${JSON.stringify(homeDirectory ?? null)}`);
    } else if (homeDirectory.startsWith("/")) {
      fail("homeDirectory", `homeDirectory is relative to the storage box's root: write ${JSON.stringify(homeDirectory.replace(/^\/+/, "") || "backups")} without the leading "/"`);
    }
  }

  const description = absent(news.description) ? "" : news.description;
  if (!isUnknown(description) && (typeof description !== "string" || description.length > MAX_DESCRIPTION_LENGTH)) {
    fail("description", `description must be a string of at most ${MAX_DESCRIPTION_LENGTH} characters`);
  }

  const inputs: Props = {
    storageBoxId,
    ...named.fields,
    homeDirectory,
    password: checkPassword(news.password, failures),
    accessSettings: checkAccessSettings(news.accessSettings, failures),
    description,
    labels: checkUserLabels(news.labels ?? {}, failures),
  };
  return { inputs, failures };
}

/** Every setting present, false unless given; unknown values (preview) pass through. */
function checkAccessSettings(value: unknown, failures: CheckFailure[]): unknown {
  if (absent(value)) value = {};
  if (isUnknown(value)) return value;
  if (typeof value !== "object" || Array.isArray(value)) {
    failures.push({ property: "accessSettings", reason: `accessSettings must be { ${ACCESS_SETTINGS.join("?, ")}? } (each true or false)` });
    return value;
  }
  const given = value as Props;
  for (const key of Object.keys(given)) {
    if (!(ACCESS_SETTINGS as readonly string[]).includes(key)) {
      failures.push({ property: "accessSettings", reason: `accessSettings: unknown setting "${key}" (expected ${ACCESS_SETTINGS.join(", ")})` });
    }
  }
  const settings: Props = {};
  for (const key of ACCESS_SETTINGS) {
    const v = absent(given[key]) ? false : given[key];
    if (!isUnknown(v) && typeof v !== "boolean") failures.push({ property: `accessSettings.${key}`, reason: `accessSettings.${key} must be true or false, got ${JSON.stringify(v)}` });
    settings[key] = v;
  }
  return settings;
}

// ---- diff --------------------------------------------------------------------------------------

export async function diff(_id: string, olds: Props, news: Props) {
  const differs = (field: string, old: unknown, fallback: unknown) => containsUnknown(news[field]) || canonicalJson(old ?? fallback) !== canonicalJson(news[field] ?? fallback);
  const replaces = differs("storageBoxId", olds.storageBoxId, null) ? ["storageBoxId"] : [];
  const changed = [
    ...replaces,
    ...["name", "homeDirectory", "password"].filter((f) => differs(f, olds[f], null)),
    ...(differs("accessSettings", olds.accessSettings, {}) ? ["accessSettings"] : []),
    ...(differs("description", olds.description, "") ? ["description"] : []),
    ...(differs("labels", olds.labels, {}) ? ["labels"] : []),
  ];
  // The replacement is made in another box, where the name is free: it can exist before the old one goes.
  return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
}

// ---- create / read / update / delete -----------------------------------------------------------

const describe = (sub: { id: number; name?: string }, storageBoxId: number) =>
  `subaccount ${sub.id}${sub.name ? ` (${sub.name})` : ""} of storage box ${storageBoxId}`;

function outputsOf(sub: Subaccount, password: unknown): SubaccountOutputs {
  return {
    storageBoxId: sub.storageBoxId,
    name: sub.name,
    homeDirectory: sub.homeDirectory,
    password: password as string,
    accessSettings: sub.accessSettings,
    description: sub.description,
    labels: visibleLabels(sub.labels),
    subaccountId: sub.id,
    username: sub.username,
    server: sub.server,
    created: sub.created,
  };
}

/** Outputs after a failed step: what it left undone keeps its previous value, so the next `up` retries it. */
function markUndone(outs: Props, s: Settler, before: Props): void {
  if (s.undone("reset_subaccount_password")) outs.password = before.password;
  if (s.undone("change_home_directory")) outs.homeDirectory = before.homeDirectory;
  if (s.undone("update_access_settings")) outs.accessSettings = before.accessSettings;
}

/** One started Action, as a step waits for it. */
const listed = (action: ActionState) => [action];

/** Converges the live subaccount on the inputs; each Action awaited before the next request. */
async function converge(live: Subaccount, inputs: Props, passwordChanged: boolean, s: Settler): Promise<void> {
  const api = hetznerClient(inputs).subaccounts;
  const box = live.storageBoxId;
  if (live.homeDirectory !== inputs.homeDirectory) {
    await s.step("change_home_directory", api.changeHomeDirectory(box, live.id, inputs.homeDirectory).then(listed));
  }
  if (canonicalJson(live.accessSettings) !== canonicalJson(inputs.accessSettings)) {
    await s.step("update_access_settings", api.updateAccessSettings(box, live.id, inputs.accessSettings).then(listed));
  }
  if (passwordChanged) await s.step("reset_subaccount_password", api.resetPassword(box, live.id, inputs.password).then(listed));
}

export async function create(inputs: Props) {
  const client = hetznerClient(inputs);
  const storageBoxId = inputs.storageBoxId as number;
  const spec = {
    name: inputs.name as string,
    homeDirectory: inputs.homeDirectory as string,
    password: inputs.password as string,
    accessSettings: inputs.accessSettings as SubaccountAccessSettings,
    description: inputs.description as string,
    labels: ownedLabels(inputs.labels, inputs.__owner),
  };
  const own: OwnCreate<Subaccount> = {
    client,
    storageBoxId,
    kind: "subaccount",
    resourceType: "storage_box_subaccount",
    command: "create_subaccount",
    labels: spec.labels,
    list: (filter) => client.subaccounts.list(storageBoxId, filter),
    compare: (found) => [
      ["name", spec.name, found.name],
      ["homeDirectory", spec.homeDirectory, found.homeDirectory],
      ["accessSettings", spec.accessSettings, found.accessSettings],
      ["description", spec.description, found.description],
      ["labels", spec.labels, found.labels],
    ],
  };
  const started = await unlessNameTakenByOwn(
    own,
    spec.name,
    (sentAt) =>
      client.subaccounts.create(storageBoxId, spec, async () => {
        const lost = await claimLostCreate(own, sentAt);
        // Only what the wire client reads of the answer (the id and the Action's state).
        return lost && ({ subaccount: { id: lost.found.id, storage_box: storageBoxId }, action: lost.action } as unknown as CreateSubaccountResponseWire);
      }),
    ({ found, action }) => ({ id: found.id, storageBoxId, action }),
  );
  const resource = describe({ id: started.id, name: spec.name }, storageBoxId);
  let gone = false;
  return finishCreate<Subaccount>({
    id: String(started.id),
    created: asked(started.id, storageBoxId, spec),
    resource,
    inputs,
    waiter: client.waiter,
    run: (s) => s.step("create_subaccount", [started.action]),
    read: async () => {
      const live = await client.subaccounts.find(storageBoxId, started.id);
      gone = live === undefined;
      return live;
    },
    outputs: (live) => outputsOf(live, inputs.password),
    markUndone: () => undefined,
    // A create whose subaccount does not exist records nothing: the next `up` creates it afresh.
    failureMessage: (_live, s) => (gone ? `creating ${resource} failed: ${s.message || "it is gone right after its create"}` : undefined),
  }).catch((error) => {
    if (gone) throw new Error((error as Error).message);
    throw error;
  });
}

/** The subaccount as asked, for outputs when it cannot be read after its create. */
function asked(id: number, storageBoxId: number, spec: Omit<Subaccount, "id" | "storageBoxId" | "username" | "server" | "created"> & { password: string }): Subaccount {
  const { password: _password, ...asked } = spec;
  return { id, storageBoxId, ...asked, username: "", server: "", created: "" };
}

export async function read(id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const live = await hetznerClient(props).subaccounts.find(props.storageBoxId, Number(id));
  if (!live) return { id: "", props: {} };
  const outs = outputsOf(live, props.password);
  const inputs: Props = {
    storageBoxId: outs.storageBoxId,
    name: outs.name,
    homeDirectory: outs.homeDirectory,
    password: outs.password,
    accessSettings: outs.accessSettings,
    description: outs.description,
    labels: outs.labels,
  };
  return { id, props: outs, inputs };
}

/** Converges the live subaccount on the inputs: each part is compared with what really exists, then changed. */
export async function update(id: string, olds: Props, news: Props) {
  const client = hetznerClient(news);
  const subaccountId = Number(id);
  const storageBoxId = news.storageBoxId as number;
  let live = await client.subaccounts.get(storageBoxId, subaccountId);
  const resource = describe(live, storageBoxId);
  const s = new Settler(client.waiter, resource);
  // An object made before owner labels existed gets one with its next PUT; one it already has is kept.
  const labels = ownedLabels(news.labels, live.labels[OWNER_LABEL] ?? news.__owner);
  if (live.name !== news.name || live.description !== news.description || canonicalJson(live.labels) !== canonicalJson(labels)) {
    live = await client.subaccounts.update(storageBoxId, subaccountId, { name: news.name, description: news.description, labels });
  }
  // The API never shows the password: it is compared with the one state recorded.
  await converge(live, news, olds.password !== news.password, s);
  const final = s.steps > 0 ? await client.subaccounts.get(storageBoxId, subaccountId) : live;
  const outs = outputsOf(final, news.password);
  if (s.errors.length) {
    markUndone(outs, s, olds);
    throw partialFailure(`updating ${resource} failed: ${s.message}`, id, outs, news);
  }
  return { outs };
}

export async function remove(id: string, props: Props = {}) {
  if (spareTakenOver("subaccount", id)) return; // the replacement took this very subaccount over
  const client = hetznerClient(props);
  const storageBoxId = props.storageBoxId as number;
  const subaccountId = Number(id);
  const action = await unlessNotFound(client.subaccounts.delete(storageBoxId, subaccountId));
  if (action === undefined) return; // already gone (or its box is)
  await client.waiter.wait(action, { resource: describe({ id: subaccountId, name: props.name }, storageBoxId) });
}

export const storageBoxSubaccount: ResourceImplementation = withCredentials({ check, diff, create, read, update, delete: remove }, DEFAULT_ENDPOINT);
