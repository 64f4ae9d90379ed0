import type { ActionContext, StoredAction } from "./actions";
import { sliceKey, type Runtime, type StateStore } from "../state";

/** What every Hetzner family's persisted slice has: id counters (one for Actions) and its Actions. */
export interface FamilyState {
  nextId: { action: number } & Record<string, number>;
  actions: StoredAction[];
}

export interface ProjectContext<State extends FamilyState> extends ActionContext {
  /** The state of the project the current request is for. */
  state(): State;
  useProject(project: string): void;
  /** Whether `project` has a slice here (a project some token belongs to). */
  hasProject(project: string): boolean;
}

/**
 * Registers a family's state slice of each project (`<family>`, `<family>@<project>`) and gives its routes
 * one context, whose state is the current request's project's. A state file written before some resource
 * types existed lacks their lists and counters: they start from `initial`.
 */
export function projectContext<State extends FamilyState>(
  family: string,
  initial: () => State,
  store: StateStore,
  runtime: Runtime,
  projects: string[],
): ProjectContext<State> {
  const restore = (saved: Partial<State>): State => {
    const fresh = initial();
    return { ...fresh, ...saved, nextId: { ...fresh.nextId, ...saved.nextId } };
  };
  const slices = new Map(projects.map((project) => [project, store.register(sliceKey(family, project), initial, restore)]));
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
