/**
 * hcloud.Firewall: the whole life of a Hetzner Cloud firewall — check, diff, create, read, update, delete.
 * Inputs and outputs are camelCase program shapes; api/firewalls.ts speaks the wire.
 */
import { HetznerErrorCode, isLabelSelector, LABEL_SELECTOR_FORMS } from "../core/hetzner";
import { pollUntil } from "../core/actions";
import { normalizeCidrList } from "../core/cidr";
import { isApiError, isNotFound } from "../core/errors";
import { canonicalJson, CheckFailure, containsUnknown, isUnknown, sameValue } from "../core/inputs";
import type { DetailedDiffResult, PropertyChange } from "../host";
import { finishCreate, Settler, spareTakenOver } from "../core/lifecycle";
import { checkName, checkUserLabels, ownedLabels, OWNER_LABEL, partialFailure, Props, ResourceImplementation, visibleLabels } from "../core/resource";
import { AppliedTo, applyTargets, Firewall, FirewallRule, FirewallSpec, targetKey } from "./api/firewalls";
import { DEFAULT_ENDPOINT, hcloudClient } from "./client";
import { withCredentials } from "../core/credentials";

export interface ApplyTo {
  serverIds: number[];
  labelSelectors: string[];
}

export interface FirewallInputs {
  name: string;
  labels: Record<string, string>;
  rules: FirewallRule[];
  /** Absent: attachments are not this resource's business (FirewallAttachment may own them). */
  applyTo?: ApplyTo;
}

export interface FirewallOutputs extends FirewallInputs {
  firewallId: number;
  appliedTo: AppliedTo[];
  created: string;
}

const MAX_RULES = 50;
const DIRECTIONS = ["in", "out"];
const PROTOCOLS = ["tcp", "udp", "icmp", "esp", "gre"];
const PORT_PROTOCOLS = ["tcp", "udp"];
const ANY_PORT = "any";
/** The API's limit for firewall names (OpenAPI: "Limited to a maximum of 128 characters"). */
const MAX_NAME_LENGTH = 128;
const RULE_KEYS = ["direction", "protocol", "port", "sourceIps", "destinationIps", "description"];
const DIFFED_FIELDS = ["name", "labels", "rules", "applyTo"] as const;

// ---- check -------------------------------------------------------------------------------------

export async function check(olds: Props, news: Props) {
  const failures: CheckFailure[] = [];
  const inputs: Props = {
    ...checkName(news, olds.name, failures, MAX_NAME_LENGTH).fields,
    labels: checkUserLabels(news.labels ?? {}, failures),
    rules: checkRules(news.rules ?? [], failures),
  };
  if (news.applyTo !== undefined && news.applyTo !== null) inputs.applyTo = checkApplyTo(news.applyTo, failures);
  return { inputs, failures };
}

function checkRules(rules: unknown, failures: CheckFailure[]): unknown {
  if (isUnknown(rules)) return rules;
  if (!Array.isArray(rules)) {
    failures.push({ property: "rules", reason: "rules must be a list" });
    return rules;
  }
  if (rules.length > MAX_RULES) {
    failures.push({ property: "rules", reason: `a firewall takes at most ${MAX_RULES} rules, got ${rules.length}` });
  }
  return rules.map((rule, i) => checkRule(rule, `rules[${i}]`, failures));
}

/** Validates one rule and returns it in canonical spelling; rules with unknown parts pass as they are. */
function checkRule(rule: unknown, at: string, failures: CheckFailure[]): unknown {
  if (containsUnknown(rule)) return rule;
  if (typeof rule !== "object" || rule === null) {
    failures.push({ property: at, reason: "each rule must be an object" });
    return rule;
  }
  const r = rule as Props;
  const fail = (reason: string) => failures.push({ property: at, reason: `${at}: ${reason}` });
  for (const key of Object.keys(r)) if (!RULE_KEYS.includes(key)) fail(`unknown property "${key}" (expected one of ${RULE_KEYS.join(", ")})`);
  if (!DIRECTIONS.includes(r.direction)) fail(`direction must be "in" or "out", got ${JSON.stringify(r.direction)}`);
  if (!PROTOCOLS.includes(r.protocol)) fail(`protocol must be one of ${PROTOCOLS.join(", ")}, got ${JSON.stringify(r.protocol)}`);

  const out: Props = { direction: r.direction, protocol: r.protocol };
  const port = r.port === undefined || r.port === null || r.port === "" ? undefined : String(r.port).trim();
  if (PORT_PROTOCOLS.includes(r.protocol)) {
    if (port === undefined) fail(`port is required for protocol ${r.protocol} (e.g. "80", "1024-5000" or "any")`);
    else if (!validPort(port)) fail(`port must be a port 1-65535, a range "low-high" or "any", got "${port}"`);
    else out.port = port;
  } else if (port !== undefined && PROTOCOLS.includes(r.protocol)) {
    fail(`port is only allowed for tcp and udp, not ${r.protocol}`);
  }

  const wanted = r.direction === "out" ? "destinationIps" : "sourceIps";
  const forbidden = r.direction === "out" ? "sourceIps" : "destinationIps";
  if (r[forbidden] !== undefined && r[forbidden] !== null && (!Array.isArray(r[forbidden]) || r[forbidden].length > 0)) {
    fail(`${forbidden} is not allowed for direction "${r.direction}" (use ${wanted})`);
  }
  if (!Array.isArray(r[wanted]) || r[wanted].length === 0) {
    fail(`${wanted} must list at least one CIDR for direction "${r.direction}" (0.0.0.0/0 and ::/0 mean any)`);
  } else {
    try {
      out[wanted] = normalizeCidrList(r[wanted].map(String));
    } catch (error) {
      fail(`${wanted}: ${(error as Error).message}`);
      out[wanted] = r[wanted]; // as written: a live rule is never dropped, a program's rule fails check
    }
  }
  if (r.description !== undefined && r.description !== null) {
    if (typeof r.description !== "string" || r.description.length > 255) fail("description must be a string of at most 255 characters");
    else if (r.description !== "") out.description = r.description;
  }
  return out;
}

/** "any" is the API's own spelling for all ports (it sends it back as written, as Terraform relies on). */
function validPort(port: string): boolean {
  if (port === ANY_PORT) return true;
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(port);
  if (!match) return false;
  const low = Number(match[1]);
  const high = match[2] === undefined ? low : Number(match[2]);
  return low >= 1 && high <= 65535 && low <= high;
}

function checkApplyTo(applyTo: unknown, failures: CheckFailure[]): unknown {
  if (containsUnknown(applyTo)) return applyTo;
  if (typeof applyTo !== "object" || applyTo === null || Array.isArray(applyTo)) {
    failures.push({ property: "applyTo", reason: "applyTo must be { serverIds?: number[], labelSelectors?: string[] }" });
    return applyTo;
  }
  const { serverIds = [], labelSelectors = [], ...rest } = applyTo as Props;
  for (const key of Object.keys(rest)) failures.push({ property: "applyTo", reason: `applyTo: unknown property "${key}"` });
  const ids = (Array.isArray(serverIds) ? serverIds : [serverIds]).map((id: unknown) => {
    const n = typeof id === "string" && /^\d+$/.test(id) ? Number(id) : id;
    if (typeof n !== "number" || !Number.isSafeInteger(n) || n <= 0) {
      failures.push({ property: "applyTo", reason: `applyTo.serverIds: ${JSON.stringify(id)} is not a server id` });
    }
    return n as number;
  });
  const selectors = (Array.isArray(labelSelectors) ? labelSelectors : [labelSelectors]).map((s: unknown) => {
    if (!isLabelSelector(s)) {
      failures.push({ property: "applyTo", reason: `applyTo.labelSelectors: ${JSON.stringify(s)} is not a label selector (${LABEL_SELECTOR_FORMS})` });
    }
    return String(s).trim();
  });
  return { serverIds: [...new Set(ids)].sort((a, b) => a - b), labelSelectors: [...new Set(selectors)].sort() };
}

// ---- diff --------------------------------------------------------------------------------------

/** Rules compared as a set in canonical spelling: order and CIDR spelling never cause churn. */
function canonicalRules(rules: unknown): string {
  if (!Array.isArray(rules)) return canonicalJson(rules ?? []);
  return canonicalJson(rules.map((rule) => canonicalJson(checkRule(rule, "", []))).sort());
}

function canonical(field: (typeof DIFFED_FIELDS)[number], value: unknown): string {
  switch (field) {
    case "rules":
      return canonicalRules(value);
    case "applyTo":
      return canonicalJson(checkApplyTo(value ?? {}, []));
    case "labels":
      return canonicalJson(value ?? {});
    default:
      return canonicalJson(value);
  }
}

export async function diff(_id: string, olds: Props, news: Props): Promise<DetailedDiffResult> {
  const changed = DIFFED_FIELDS.filter((field) => field !== "applyTo" || managesApplyTo(news)).filter(
    (field) => containsUnknown(news[field]) || canonical(field, olds[field]) !== canonical(field, news[field]),
  );
  const detailedDiff: Record<string, PropertyChange> = {};
  for (const field of changed) {
    if (field === "rules" && Array.isArray(olds.rules) && Array.isArray(news.rules) && !containsUnknown(news.rules)) {
      Object.assign(detailedDiff, ruleChanges(olds.rules, news.rules));
    } else detailedDiff[field] = "update";
  }
  return { changes: changed.length > 0, replaces: [], deleteBeforeReplace: false, detailedDiff };
}

/**
 * The rules added and removed, as `pulumi preview --diff` should show them: rules compared as a multiset
 * in canonical spelling; a removed rule is named by its position in the old list, an added one by its
 * position in the new list (never "every rule after the first change changed").
 */
function ruleChanges(olds: unknown[], news: unknown[]): Record<string, PropertyChange> {
  const key = (rule: unknown) => canonicalJson(checkRule(rule, "", []));
  const unmatched = (from: unknown[], against: unknown[], change: PropertyChange) => {
    const available = new Map<string, number>();
    for (const rule of against) available.set(key(rule), (available.get(key(rule)) ?? 0) + 1);
    const changes: Record<string, PropertyChange> = {};
    from.forEach((rule, i) => {
      const left = available.get(key(rule)) ?? 0;
      if (left > 0) available.set(key(rule), left - 1);
      else changes[`rules[${i}]`] = change;
    });
    return changes;
  };
  const changes = unmatched(olds, news, "delete");
  // One path cannot say both: a rule removed and another added at the same position is an update there.
  for (const [at, change] of Object.entries(unmatched(news, olds, "add"))) changes[at] = changes[at] ? "update" : change;
  return changes;
}

// ---- create / read / update / delete -----------------------------------------------------------

const managesApplyTo = (props: Props) => props.applyTo !== undefined && props.applyTo !== null;

function specOf(inputs: Props): FirewallSpec {
  return {
    name: inputs.name,
    labels: ownedLabels(inputs.labels, inputs.__owner),
    rules: inputs.rules ?? [],
    applyTo: applyTargets(inputs.applyTo),
  };
}


function applyToOf(firewall: Firewall): ApplyTo {
  return checkApplyTo(
    {
      serverIds: firewall.appliedTo.flatMap((a) => (a.type === "server" ? [a.serverId] : [])),
      labelSelectors: firewall.appliedTo.flatMap((a) => (a.type === "label_selector" ? [a.labelSelector] : [])),
    },
    [],
  ) as ApplyTo;
}

function outputsOf(firewall: Firewall, withApplyTo: boolean): FirewallOutputs {
  return {
    name: firewall.name,
    labels: visibleLabels(firewall.labels),
    rules: firewall.rules.map((rule) => checkRule(rule, "", []) as FirewallRule),
    ...(withApplyTo ? { applyTo: applyToOf(firewall) } : {}),
    firewallId: firewall.id,
    appliedTo: firewall.appliedTo,
    created: firewall.created,
  };
}

const describeFirewall = (firewall: { id: number; name: string }) => `firewall ${firewall.id} (${firewall.name})`;

/** Puts what the settler left undone at its previous value (`before`), so the next `up` retries it. */
function markUndone(outs: Props, s: Settler, before: Props): void {
  if ("rules" in outs && s.undone("set_firewall_rules", "set_rules")) outs.rules = before.rules;
  if ("applyTo" in outs && s.undone("apply_firewall", "remove_firewall", "apply_to_resources", "remove_from_resources")) outs.applyTo = before.applyTo;
}

export async function create(inputs: Props) {
  const client = hcloudClient(inputs);
  const spec = specOf(inputs);
  const { value: created, actions } = await client.firewalls.create(spec);
  return finishCreate({
    id: String(created.id),
    created,
    resource: describeFirewall(created),
    inputs,
    waiter: client.waiter,
    run: (s) => s.step("create", actions),
    // The answer already holds the rules; only what it is applied to changes as its Actions run.
    read: spec.applyTo.length ? () => client.firewalls.find(created.id) : undefined,
    outputs: (live) => outputsOf(live, managesApplyTo(inputs)),
    markUndone: (outs, s) => markUndone(outs, s, { rules: [], applyTo: { serverIds: [], labelSelectors: [] } }),
  });
}

export async function read(id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const live = await hcloudClient(props).firewalls.find(Number(id));
  if (!live) return { id: "", props: {} };
  const outs = outputsOf(live, managesApplyTo(props));
  const inputs: Props = { name: outs.name, labels: outs.labels, rules: outs.rules };
  if (outs.applyTo) inputs.applyTo = outs.applyTo;
  return { id, props: outs, inputs };
}

/** Converges the live firewall on the inputs: each part is compared with what really exists, then changed. */
export async function update(id: string, olds: Props, news: Props) {
  const client = hcloudClient(news);
  const firewallId = Number(id);
  let live = await client.firewalls.get(firewallId);
  // An object made before owner labels existed gets one with its next PUT; one it already has is kept.
  const desired = specOf({ ...news, __owner: live.labels[OWNER_LABEL] ?? news.__owner });
  const s = new Settler(client.waiter, describeFirewall(live));
  if (live.name !== desired.name || !sameValue(live.labels, desired.labels)) {
    live = await client.firewalls.update(firewallId, { name: desired.name, labels: desired.labels });
  }
  if (canonicalRules(live.rules) !== canonicalRules(desired.rules)) {
    await s.step("set_rules", client.firewalls.setRules(firewallId, desired.rules));
  }
  if (managesApplyTo(news)) {
    const current = applyTargets(applyToOf(live));
    const wanted = desired.applyTo;
    const toApply = wanted.filter((t) => !current.some((c) => targetKey(c) === targetKey(t)));
    const toRemove = current.filter((c) => !wanted.some((t) => targetKey(t) === targetKey(c)));
    if (toApply.length) await s.step("apply_to_resources", client.firewalls.applyTo(firewallId, toApply));
    if (toRemove.length) await s.step("remove_from_resources", client.firewalls.removeFrom(firewallId, toRemove));
  }

  // Without an Action, the first GET or the PUT's answer already is the final state.
  const outs = outputsOf(s.steps > 0 ? await client.firewalls.get(firewallId) : live, managesApplyTo(news));
  if (s.errors.length) {
    markUndone(outs, s, olds);
    throw partialFailure(`updating ${s.resource} failed: ${s.message}`, id, outs, news);
  }
  return { outs };
}

export async function remove(id: string, props: Props = {}) {
  const client = hcloudClient(props);
  const firewallId = Number(id);
  if (spareTakenOver("firewall", id)) return; // the replacement took this very firewall over
  const live = await client.firewalls.find(firewallId);
  if (!live) return; // already gone: nothing to do
  const attached = applyTargets(applyToOf(live));
  if (attached.length) {
    // Since 2025-08-04 the API answers a target that is no longer applied with success (hcloud-go #748):
    // a removal that raced another one needs no special case.
    const actions = await client.firewalls.removeFrom(firewallId, attached);
    await client.waiter.wait(actions, { resource: describeFirewall(live) });
  }
  // Detaching settles shortly after its Action: `resource_in_use` until then.
  await pollUntil(
    async () => {
      try {
        await client.firewalls.delete(firewallId);
        return true;
      } catch (error) {
        if (isNotFound(error)) return true;
        if (isApiError(error, HetznerErrorCode.ResourceInUse)) return undefined;
        throw error;
      }
    },
    { intervalMs: 500, timeoutMs: client.waiter.timeoutMs, what: `${describeFirewall(live)} to be detached so it can be deleted` },
  );
}

export const firewall: ResourceImplementation = withCredentials({ check, diff, create, read, update, delete: remove }, DEFAULT_ENDPOINT);
