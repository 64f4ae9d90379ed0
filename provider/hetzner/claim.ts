/**
 * A create inside a storage box whose answer was lost (no response, 502/503/504): the object may exist
 * all the same. Subaccounts and snapshots are found by the owner label the create put on them, and taken
 * over only when core/lifecycle's claimFound proves them this create's; else the create is sent again.
 */
import { ActionState } from "../core/actions";
import { claimFound, differences } from "../core/lifecycle";
import { OWNER_LABEL } from "../core/resource";
import { HetznerClient } from "./client";

interface Owned {
  id: number;
  name: string;
  created: string;
  labels: Record<string, string>;
}

export interface LostCreate<T extends Owned> {
  client: HetznerClient;
  storageBoxId: number;
  /** e.g. "subaccount", for messages. */
  kind: string;
  /** The Action's resource type and command of the create (`storage_box_subaccount`, `create_subaccount`). */
  resourceType: string;
  command: string;
  /** The labels the create sent (with the owner label). */
  labels: Record<string, string>;
  sentAt: number;
  /** The box's objects carrying the owner label. */
  listOwned: (labelSelector: string) => Promise<T[]>;
  /** `[field, asked, found]` pairs the object must match. */
  compare: (found: T) => Array<[string, unknown, unknown]>;
}

/**
 * The object a lost create made, with its create Action, or undefined when there is none (the create
 * is then sent again). Throws claimFound's error when an object is found that is not provably this create's.
 */
export async function findLostCreate<T extends Owned>(lost: LostCreate<T>): Promise<{ found: T; action: ActionState } | undefined> {
  const owner = lost.labels[OWNER_LABEL];
  // Without an owner key nothing tells this create's object from another: send it again.
  if (owner === undefined) return undefined;
  const owned = await lost.listOwned(`${OWNER_LABEL}=${owner}`);
  const found = owned.sort((a, b) => Date.parse(b.created) - Date.parse(a.created) || b.id - a.id)[0];
  if (!found) return undefined;
  claimFound({ ...found, id: String(found.id) }, { kind: lost.kind, how: "answerLost", sentAt: lost.sentAt, labels: lost.labels, differences: differences(lost.compare(found)) });
  const actions = await lost.client.storageBoxes.listActions(lost.storageBoxId);
  const action = actions.find((a) => a.command === lost.command && a.resources.some((r) => r.type === lost.resourceType && r.id === found.id));
  // The box lists only its recent Actions: one no longer listed finished long ago, as the object shows.
  return { found, action: action ?? { id: 0, command: lost.command, status: "success", progress: 100, error: null, resources: [] } };
}
