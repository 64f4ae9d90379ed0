import type { StoredAction } from "../hetzner/actions";
import { projectContext, type ProjectContext } from "../hetzner/projects";
import type { Runtime, StateStore } from "../state";
import type { StoredCertificate } from "./certificates";
import type { StoredFirewall } from "./firewalls";
import type { StoredFloatingIp } from "./floating-ips";
import type { StoredImage } from "./images";
import type { StoredLoadBalancer } from "./load-balancers";
import type { StoredZone } from "./zone-model";

/** The persisted slice of the Hetzner Cloud family (fixture servers are constants, not state). */
export interface HcloudState {
  nextId: { firewall: number; action: number; floatingIp: number; certificate: number; zone: number; image: number; loadBalancer: number };
  firewalls: StoredFirewall[];
  floatingIps: StoredFloatingIp[];
  certificates: StoredCertificate[];
  zones: StoredZone[];
  images: StoredImage[];
  loadBalancers: StoredLoadBalancer[];
  actions: StoredAction[];
}

/** Id ranges differ per type so that a client mixing up ids gets `not_found` instead of another object. */
export const initialHcloudState = (): HcloudState => ({
  nextId: { firewall: 100, action: 1000, floatingIp: 500, certificate: 900, zone: 700, image: 3000, loadBalancer: 600 },
  firewalls: [],
  floatingIps: [],
  certificates: [],
  zones: [],
  images: [],
  loadBalancers: [],
  actions: [],
});

export type HcloudContext = ProjectContext<HcloudState>;

/** The family's state slice of each project (`hcloud`, `hcloud@<project>`) and the routes' one context. */
export const hcloudContext = (store: StateStore, runtime: Runtime, projects: string[]): HcloudContext =>
  projectContext("hcloud", initialHcloudState, store, runtime, projects);

export function nextId(ctx: HcloudContext, kind: keyof HcloudState["nextId"]): number {
  return ctx.state().nextId[kind]++;
}
