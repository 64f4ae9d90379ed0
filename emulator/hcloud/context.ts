import type { ActionContext, StoredAction } from "../hetzner/actions";
import { sliceKey, type Runtime, type StateStore } from "../state";
import type { StoredCertificate } from "./certificates";
import type { StoredFirewall } from "./firewalls";
import type { StoredFloatingIp } from "./floating-ips";
import type { StoredZone } from "./zone-model";

/** The persisted slice of the Hetzner Cloud family (fixture servers are constants, not state). */
export interface HcloudState {
  nextId: { firewall: number; action: number; floatingIp: number; certificate: number; zone: number };
  firewalls: StoredFirewall[];
  floatingIps: StoredFloatingIp[];
  certificates: StoredCertificate[];
  zones: StoredZone[];
  actions: StoredAction[];
}

/** Id ranges differ per type so that a client mixing up ids gets `not_found` instead of another object. */
export const initialHcloudState = (): HcloudState => ({
  nextId: { firewall: 100, action: 1000, floatingIp: 500, certificate: 900, zone: 700 },
  firewalls: [],
  floatingIps: [],
  certificates: [],
  zones: [],
  actions: [],
});

/** A state file written before some resource types existed lacks their lists and counters. */
const restoreHcloudState = (saved: Partial<HcloudState>): HcloudState => {
  const initial = initialHcloudState();
  return { ...initial, ...saved, nextId: { ...initial.nextId, ...saved.nextId } };
};

export interface HcloudContext extends ActionContext {
  /** The state of the project the current request is for. */
  state(): HcloudState;
  useProject(project: string): void;
}

/**
 * Registers the family's state slice of each project (`hcloud`, `hcloud@<project>`) and gives its
 * routes one context, whose state is the current request's project's.
 */
export function hcloudContext(store: StateStore, runtime: Runtime, projects: string[]): HcloudContext {
  const slices = new Map(projects.map((project) => [project, store.register(sliceKey("hcloud", project), initialHcloudState, restoreHcloudState)]));
  let current = slices.values().next().value!;
  const state = () => current();
  return {
    state,
    useProject: (project) => {
      current = slices.get(project)!;
    },
    runtime,
    actions: () => state().actions,
    nextActionId: () => state().nextId.action++,
  };
}

export function nextId(ctx: HcloudContext, kind: keyof HcloudState["nextId"]): number {
  return ctx.state().nextId[kind]++;
}
