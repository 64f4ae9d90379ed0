/** Hetzner Cloud firewalls endpoint: wire ⇄ domain conversion happens here, once. */
import { ActionState } from "../../core/actions";
import { unlessNotFound } from "../../core/errors";
import { canonicalJson } from "../../core/inputs";
import { claimFound, differences } from "../../core/lifecycle";
import { createUniquelyNamed, listAllPages } from "../../core/hetzner";
import { HttpClient } from "../../core/http";
import {
  ActionsResponseWire,
  ActionWire,
  CreateFirewallRequestWire,
  CreateFirewallResponseWire,
  FirewallApplyToWire,
  FirewallRuleWire,
  FirewallWire,
} from "../wire";

type RuleRequestWire = NonNullable<CreateFirewallRequestWire["rules"]>[number];
import { toActionState } from "./actions";

export type Direction = "in" | "out";
export type Protocol = "tcp" | "udp" | "icmp" | "esp" | "gre";

export interface FirewallRule {
  direction: Direction;
  protocol: Protocol;
  port?: string;
  sourceIps?: string[];
  destinationIps?: string[];
  description?: string;
}

export type ApplyTarget = { type: "server"; serverId: number } | { type: "label_selector"; labelSelector: string };

/** What tells two targets apart, for comparing the applied ones with the wanted ones. */
export const targetKey = (t: ApplyTarget) => (t.type === "server" ? `s:${t.serverId}` : `l:${t.labelSelector}`);

/** The targets a `{ serverIds, labelSelectors }` input names. */
export function applyTargets(spec: { serverIds?: number[]; labelSelectors?: string[] } | undefined): ApplyTarget[] {
  return [
    ...(spec?.serverIds ?? []).map((serverId): ApplyTarget => ({ type: "server", serverId })),
    ...(spec?.labelSelectors ?? []).map((labelSelector): ApplyTarget => ({ type: "label_selector", labelSelector })),
  ];
}

/** Where the firewall is in effect; label selectors list the servers they currently match. */
export type AppliedTo =
  | { type: "server"; serverId: number }
  | { type: "label_selector"; labelSelector: string; serverIds: number[] };

export interface Firewall {
  id: number;
  name: string;
  labels: Record<string, string>;
  rules: FirewallRule[];
  appliedTo: AppliedTo[];
  created: string;
}

export interface FirewallSpec {
  name: string;
  labels: Record<string, string>;
  rules: FirewallRule[];
  applyTo: ApplyTarget[];
}

export interface WithActions<T> {
  value: T;
  actions: ActionState[];
}

export class FirewallsApi {
  constructor(private readonly http: HttpClient) {}

  async get(id: number): Promise<Firewall> {
    const { data } = await this.http.get<{ firewall: FirewallWire }>(`/firewalls/${id}`);
    return toFirewall(data.firewall);
  }

  /** undefined when the firewall is gone. */
  find(id: number): Promise<Firewall | undefined> {
    return unlessNotFound(this.get(id));
  }

  async findByName(name: string): Promise<Firewall | undefined> {
    const found = await this.findWireByName(name);
    return found && toFirewall(found);
  }

  /** Every firewall (all pages), optionally only those a label selector matches. */
  async list(filter: { labelSelector?: string } = {}): Promise<Firewall[]> {
    const wires = await listAllPages<FirewallWire>(this.http, "/firewalls", "firewalls", filter.labelSelector ? { label_selector: filter.labelSelector } : {});
    return wires.map(toFirewall);
  }

  private async findWireByName(name: string): Promise<FirewallWire | undefined> {
    const found = await listAllPages<FirewallWire>(this.http, "/firewalls", "firewalls", { name });
    return found[0];
  }

  async create(spec: FirewallSpec): Promise<WithActions<Firewall>> {
    const body: CreateFirewallRequestWire = {
      name: spec.name,
      labels: spec.labels,
      rules: spec.rules.map(toRuleWire),
      apply_to: spec.applyTo.map(toApplyToWire),
    };
    const data = await createUniquelyNamed<CreateFirewallResponseWire>(this.http, "/firewalls", body, async (how, sentAt) => {
      const firewall = await this.findWireByName(spec.name);
      if (!firewall) return undefined;
      const found = toFirewall(firewall);
      claimFound({ ...found, id: String(found.id) }, { kind: "firewall", how, sentAt, labels: spec.labels, differences: firewallDifferences(spec, found) });
      return { firewall, actions: await this.runningActionsWire(firewall.id) };
    });
    return { value: toFirewall(data.firewall as FirewallWire), actions: (data.actions ?? []).map(toActionState) };
  }

  async update(id: number, change: { name?: string; labels?: Record<string, string> }): Promise<Firewall> {
    const { data } = await this.http.request<{ firewall: FirewallWire }>({ method: "PUT", path: `/firewalls/${id}`, body: change });
    return toFirewall(data.firewall);
  }

  async delete(id: number): Promise<void> {
    await this.http.request({ method: "DELETE", path: `/firewalls/${id}` });
  }

  /** Replaces all rules; sending the same list twice is harmless, so it may be retried. */
  setRules(id: number, rules: FirewallRule[]): Promise<ActionState[]> {
    return this.action(id, "set_rules", { rules: rules.map(toRuleWire) }, true);
  }

  applyTo(id: number, targets: ApplyTarget[]): Promise<ActionState[]> {
    return this.action(id, "apply_to_resources", { apply_to: targets.map(toApplyToWire) }, false);
  }

  removeFrom(id: number, targets: ApplyTarget[]): Promise<ActionState[]> {
    return this.action(id, "remove_from_resources", { remove_from: targets.map(toApplyToWire) }, false);
  }

  async runningActions(id: number): Promise<ActionState[]> {
    return (await this.runningActionsWire(id)).map(toActionState);
  }

  private async runningActionsWire(id: number): Promise<ActionWire[]> {
    const { data } = await this.http.get<{ actions: ActionWire[] }>(`/firewalls/${id}/actions`, { status: "running" });
    return data.actions;
  }

  private async action(id: number, name: string, body: unknown, idempotent: boolean): Promise<ActionState[]> {
    const { data } = await this.http.request<ActionsResponseWire>({
      method: "POST",
      path: `/firewalls/${id}/actions/${name}`,
      body,
      idempotent,
    });
    return data.actions.map(toActionState);
  }
}

function toRuleWire(rule: FirewallRule): RuleRequestWire {
  return {
    direction: rule.direction,
    protocol: rule.protocol,
    ...(rule.port !== undefined ? { port: rule.port } : {}),
    ...(rule.sourceIps?.length ? { source_ips: rule.sourceIps } : {}),
    ...(rule.destinationIps?.length ? { destination_ips: rule.destinationIps } : {}),
    ...(rule.description !== undefined ? { description: rule.description } : {}),
  };
}

function toRule(wire: FirewallRuleWire): FirewallRule {
  return {
    direction: wire.direction,
    protocol: wire.protocol,
    ...(wire.port ? { port: wire.port } : {}),
    ...(wire.source_ips?.length ? { sourceIps: wire.source_ips } : {}),
    ...(wire.destination_ips?.length ? { destinationIps: wire.destination_ips } : {}),
    ...(wire.description ? { description: wire.description } : {}),
  };
}

function toApplyToWire(target: ApplyTarget): FirewallApplyToWire {
  return target.type === "server"
    ? { type: "server", server: { id: target.serverId } }
    : { type: "label_selector", label_selector: { selector: target.labelSelector } };
}

function toFirewall(wire: FirewallWire): Firewall {
  return {
    id: wire.id,
    name: wire.name,
    labels: wire.labels ?? {},
    rules: (wire.rules ?? []).map(toRule),
    appliedTo: (wire.applied_to ?? []).map((entry): AppliedTo =>
      entry.type === "server"
        ? { type: "server", serverId: entry.server!.id }
        : {
            type: "label_selector",
            labelSelector: entry.label_selector!.selector,
            serverIds: (entry.applied_to_resources ?? []).flatMap((r) => (r.server ? [r.server.id] : [])),
          },
    ),
    created: wire.created,
  };
}

/** What of the request a found firewall does not match. Targets are not compared: Actions may still be applying them. */
function firewallDifferences(spec: FirewallSpec, found: Firewall): string[] {
  const rules = (list: FirewallRule[]) => list.map((rule) => canonicalJson(toRule(toRuleWire(rule) as FirewallRuleWire))).sort();
  return differences([
    ["labels", spec.labels, found.labels],
    ["rules", rules(spec.rules), rules(found.rules)],
  ]);
}
