import type { ActionContext, StoredAction } from "../hetzner/actions";
import { sliceKey, type Runtime, type StateStore } from "../state";
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

const restoreHetznerApiState = (saved: Partial<HetznerApiState>): HetznerApiState => {
  const initial = initialHetznerApiState();
  return { ...initial, ...saved, nextId: { ...initial.nextId, ...saved.nextId } };
};

export interface HetznerApiContext extends ActionContext {
  /** The state of the project the current request is for. */
  state(): HetznerApiState;
  useProject(project: string): void;
  /** Whether `project` has a slice here (a project some token belongs to). */
  hasProject(project: string): boolean;
}

/**
 * Registers the family's state slice of each project (`hetzner`, `hetzner@<project>`): the same projects
 * and tokens as the Cloud family, as the Hetzner API accepts a Cloud project's tokens.
 */
export function hetznerApiContext(store: StateStore, runtime: Runtime, projects: string[]): HetznerApiContext {
  const slices = new Map(projects.map((project) => [project, store.register(sliceKey("hetzner", project), initialHetznerApiState, restoreHetznerApiState)]));
  let current = slices.values().next().value!;
  const state = () => current();
  return {
    state,
    useProject: (project) => {
      current = slices.get(project)!;
    },
    hasProject: (project) => slices.has(project),
    runtime,
    actions: () => state().actions,
    nextActionId: () => state().nextId.action++,
  };
}

export function nextId(ctx: HetznerApiContext, kind: keyof HetznerApiState["nextId"]): number {
  return ctx.state().nextId[kind]++;
}
