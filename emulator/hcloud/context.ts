import type { Runtime } from "../state";
import type { StoredAction } from "./actions";
import type { StoredCertificate } from "./certificates";
import type { StoredFirewall } from "./firewalls";
import type { StoredFloatingIp } from "./floating-ips";

/** The persisted part of the Hetzner Cloud family (fixture servers are constants, not state). */
export interface HcloudState {
  nextId: { firewall: number; action: number; floatingIp: number; certificate: number };
  firewalls: StoredFirewall[];
  floatingIps: StoredFloatingIp[];
  certificates: StoredCertificate[];
  actions: StoredAction[];
}

/** Id ranges differ per type so that a client mixing up ids gets `not_found` instead of another object. */
export const initialHcloudState = (): HcloudState => ({
  nextId: { firewall: 100, action: 1000, floatingIp: 500, certificate: 900 },
  firewalls: [],
  floatingIps: [],
  certificates: [],
  actions: [],
});

export interface HcloudContext {
  state(): HcloudState;
  runtime: Runtime;
}

export function nextId(ctx: HcloudContext, kind: keyof HcloudState["nextId"]): number {
  return ctx.state().nextId[kind]++;
}
