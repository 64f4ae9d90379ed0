/**
 * Creates inside a storage box that may already have made their object: an answer lost (no response,
 * 502/503/504), or, for subaccounts, whose names are unique per box, a name taken by the same create
 * repeated after a hard interrupt. The object is taken over only when core/lifecycle's claimFound proves
 * it this create's (the owner label; after a lost answer also made after the request was sent).
 */
import { ActionState } from "../core/actions";
import { isApiError } from "../core/errors";
import { HetznerErrorCode } from "../core/hetzner";
import { Claim, claimFound, differences } from "../core/lifecycle";
import { OWNER_LABEL } from "../core/resource";
import { HetznerClient } from "./client";

interface Owned {
  id: number;
  name: string;
  created: string;
  labels: Record<string, string>;
}

export interface OwnCreate<T extends Owned> {
  client: HetznerClient;
  storageBoxId: number;
  /** e.g. "subaccount", for messages. */
  kind: string;
  /** The Action's resource type and command of the create (`storage_box_subaccount`, `create_subaccount`). */
  resourceType: string;
  command: string;
  /** The labels the create sent (with the owner label). */
  labels: Record<string, string>;
  /** The box's objects matching a label selector or a name. */
  list: (filter: { labelSelector?: string; name?: string }) => Promise<T[]>;
  /** `[field, asked, found]` pairs the object must match. */
  compare: (found: T) => Array<[string, unknown, unknown]>;
}

export interface Claimed<T> {
  found: T;
  /** Its create Action (settled when the box no longer lists it). */
  action: ActionState;
}

/**
 * The object a create whose answer was lost made, or undefined when there is none (the create is then
 * sent again). Throws claimFound's error for an object that is not provably this create's.
 */
export async function claimLostCreate<T extends Owned>(own: OwnCreate<T>, sentAt: number): Promise<Claimed<T> | undefined> {
  const owner = own.labels[OWNER_LABEL];
  // Without an owner key nothing tells this create's object from another: send it again.
  if (owner === undefined) return undefined;
  const owned = await own.list({ labelSelector: `${OWNER_LABEL}=${owner}` });
  const newest = owned.sort((a, b) => Date.parse(b.created) - Date.parse(a.created) || b.id - a.id)[0];
  return newest && claim(own, newest, "answerLost", sentAt);
}

/**
 * Runs `post`; when the API refuses `name` as taken, the object under that name is taken over if it
 * carries this resource's owner label and is what was asked (a create repeated after a hard interrupt).
 */
export async function unlessNameTakenByOwn<T extends Owned, R>(own: OwnCreate<T>, name: string, post: (sentAt: number) => Promise<R>, claimed: (c: Claimed<T>) => R): Promise<R> {
  const sentAt = Date.now();
  try {
    return await post(sentAt);
  } catch (error) {
    if (!isApiError(error, HetznerErrorCode.UniquenessError)) throw error;
    const [found] = await own.list({ name });
    if (!found) throw error;
    return claimed(await claim(own, found, "nameTaken", sentAt));
  }
}

async function claim<T extends Owned>(own: OwnCreate<T>, found: T, how: Claim["how"], sentAt: number): Promise<Claimed<T>> {
  claimFound({ ...found, id: String(found.id) }, { kind: own.kind, how, sentAt, labels: own.labels, differences: differences(own.compare(found)) });
  const actions = await own.client.storageBoxes.listActions(own.storageBoxId);
  const action = actions.find((a) => a.command === own.command && a.resources.some((r) => r.type === own.resourceType && r.id === found.id));
  // The box lists only its recent Actions: one no longer listed finished long ago, as the object shows.
  return { found, action: action ?? { id: 0, command: own.command, status: "success", progress: 100, error: null, resources: [] } };
}
