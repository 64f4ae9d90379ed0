/**
 * Lookups and operations on Hetzner storage boxes for programs and the Automation API: plain async
 * functions that run in the calling process (not in the provider). Settings are read as the provider
 * reads them: `hetzner:token` / HETZNER_TOKEN, else `hcloud:token` / HCLOUD_TOKEN; `hetzner:endpoint` /
 * HETZNER_ENDPOINT. A last argument `{ credentials: { token?, endpoint? } }` reaches another account.
 *
 * ```ts
 * const types = await hetzner.getStorageBoxTypes();
 * const box = await hetzner.getStorageBox("backup");
 * await hetzner.rollbackSnapshot(box.id, "2026-11-25T10-00-00");
 * ```
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigSource, programConfig } from "../../provider/core/config";
import { Credentials, credentialsProblems } from "../../provider/core/credentials";
import { ConfigurationError, isNotFound } from "../../provider/core/errors";
import type { StorageBox as StorageBoxInfo } from "../../provider/hetzner/api/storage-boxes";
import type { StorageBoxType } from "../../provider/hetzner/api/storage-box-types";
import { DEFAULT_ENDPOINT, HetznerClient } from "../../provider/hetzner/client";

/** A storage box as the lookups return it (`StorageBox` is the resource). */
export type { StorageBoxInfo, StorageBoxType };

export interface StorageBoxFilter {
  /** Exact name. */
  name?: string;
  /** Label selector, e.g. `env=prod,team!=ops`. */
  labelSelector?: string;
}

export interface LookupOptions {
  /** Another account's token and/or endpoint, as a resource's `credentials`; unset parts come from config. */
  credentials?: Credentials;
}

/** The program's `hetzner:*` config, and its `hcloud:*` config for the token fallback. */
function programSettings(): ConfigSource {
  const hetzner = programConfig("hetzner", new pulumi.Config("hetzner"));
  const hcloud = programConfig("hcloud", new pulumi.Config("hcloud"));
  return { get: (key) => hetzner.get(key) ?? hcloud.get(key) };
}

/** A client over the program's config; made per call, since config is only complete once the program runs. */
function lookupClient({ credentials }: LookupOptions = {}): HetznerClient {
  const problems = credentialsProblems(credentials, DEFAULT_ENDPOINT);
  if (problems.length) throw new ConfigurationError(`hetzner lookup: ${problems.join("; ")}`);
  return new HetznerClient({ config: programSettings(), credentials });
}

/** Every storage box type with its size, limits, prices per location and deprecation. */
export async function getStorageBoxTypes(options: LookupOptions = {}): Promise<StorageBoxType[]> {
  return lookupClient(options).storageBoxTypes.list();
}

/** One storage box type by name (`bx11`); throws when there is none. */
export async function getStorageBoxType(name: string, options: LookupOptions = {}): Promise<StorageBoxType> {
  const [type] = await lookupClient(options).storageBoxTypes.list({ name });
  if (!type) throw new Error(`hetzner storage box type "${name}" not found`);
  return type;
}

/** Storage boxes, optionally filtered by exact name and/or label selector. */
export async function getStorageBoxes(filter: StorageBoxFilter = {}, options: LookupOptions = {}): Promise<StorageBoxInfo[]> {
  return lookupClient(options).storageBoxes.list(filter);
}

/** One storage box by id (number or numeric string) or by name; throws when there is none. */
export async function getStorageBox(idOrName: number | string, options: LookupOptions = {}): Promise<StorageBoxInfo> {
  const client = lookupClient(options);
  if (typeof idOrName === "number" || /^\d+$/.test(idOrName)) {
    try {
      return await client.storageBoxes.get(Number(idOrName));
    } catch (error) {
      if (isNotFound(error)) throw new Error(`hetzner storage box ${idOrName} not found`);
      throw error;
    }
  }
  const [box] = await client.storageBoxes.list({ name: idOrName });
  if (!box) throw new Error(`hetzner storage box "${idOrName}" not found`);
  return box;
}

/**
 * Rolls the box back to a snapshot (its id or name) and waits until that is done. Irreversible: newer
 * snapshots and every change since the snapshot are deleted.
 */
export async function rollbackSnapshot(storageBoxId: number, snapshot: number | string, options: LookupOptions = {}): Promise<void> {
  const client = lookupClient(options);
  const action = await client.storageBoxes.rollbackSnapshot(storageBoxId, String(snapshot));
  await client.waiter.wait(action, { resource: `storage box ${storageBoxId}` });
}

/** The folders (not files) in the box under `path` (relative to its root; default: the root). */
export async function listFolders(storageBoxId: number, path?: string, options: LookupOptions = {}): Promise<string[]> {
  return lookupClient(options).storageBoxes.folders(storageBoxId, path);
}
