import type { StoredAction } from "../hetzner/actions";
import { projectContext, type ProjectContext } from "../hetzner/projects";
import type { Runtime, StateStore } from "../state";
import type { StoredSnapshot, StoredStorageBox, StoredSubaccount } from "./model";

/** The persisted slice of the Hetzner API family (storage box types are constants, not state). No password is ever kept. */
export interface HetznerApiState {
  nextId: { storageBox: number; subaccount: number; snapshot: number; action: number; username: number };
  storageBoxes: StoredStorageBox[];
  subaccounts: StoredSubaccount[];
  snapshots: StoredSnapshot[];
  actions: StoredAction[];
}

/**
 * Id ranges differ per type (and from the Cloud family's) so that a client mixing up ids gets `not_found`
 * instead of another object. Usernames count up from `u12345`, the spec's example.
 */
export const initialHetznerApiState = (): HetznerApiState => ({
  nextId: { storageBox: 200, subaccount: 2200, snapshot: 2600, action: 3000, username: 12345 },
  storageBoxes: [],
  subaccounts: [],
  snapshots: [],
  actions: [],
});

export type HetznerApiContext = ProjectContext<HetznerApiState>;

/**
 * The family's state slice of each project (`hetzner`, `hetzner@<project>`): the same projects and tokens
 * as the Cloud family, as the Hetzner API accepts a Cloud project's tokens.
 */
export const hetznerApiContext = (store: StateStore, runtime: Runtime, projects: string[]): HetznerApiContext =>
  projectContext("hetzner", initialHetznerApiState, store, runtime, projects);

export function nextId(ctx: HetznerApiContext, kind: keyof HetznerApiState["nextId"]): number {
  return ctx.state().nextId[kind]++;
}
