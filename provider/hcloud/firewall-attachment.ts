/**
 * hcloud.FirewallAttachment: servers and label selectors a firewall applies to, owned apart from the
 * firewall (an hcloud.Firewall without `applyTo`). It only ever adds or removes its own targets.
 * The Pulumi id is the firewall's id.
 */
import { isNotFound } from "../core/errors";
import { isLabelSelector, LABEL_SELECTOR_FORMS } from "../core/hetzner";
import { CheckFailure, checkId, containsUnknown, sameValue } from "../core/inputs";
import { Settler } from "../core/lifecycle";
import { partialFailure, Props, ResourceImplementation } from "../core/resource";
import { applyTargets, ApplyTarget, Firewall, targetKey } from "./api/firewalls";
import { DEFAULT_ENDPOINT, hcloudClient } from "./client";
import { withCredentials } from "../core/credentials";

export interface FirewallAttachmentInputs {
  firewallId: number;
  serverIds: number[];
  labelSelectors: string[];
}

export type FirewallAttachmentOutputs = FirewallAttachmentInputs;

// ---- check / diff ------------------------------------------------------------------------------

export async function check(_olds: Props, news: Props) {
  const failures: CheckFailure[] = [];
  const firewallId = checkId(news.firewallId, "firewallId", failures, "firewall");
  const inputs: Props = {
    firewallId,
    serverIds: checkList(news.serverIds, "serverIds", failures, (id, i) => checkId(id, `serverIds[${i}]`, failures, "server")),
    labelSelectors: checkList(news.labelSelectors, "labelSelectors", failures, (s, i) => {
      if (!isLabelSelector(s)) failures.push({ property: "labelSelectors", reason: `labelSelectors[${i}]: ${JSON.stringify(s)} is not a label selector (${LABEL_SELECTOR_FORMS})` });
      return typeof s === "string" ? s.trim() : s;
    }),
  };
  if (!containsUnknown(inputs.serverIds) && !containsUnknown(inputs.labelSelectors) && inputs.serverIds.length + inputs.labelSelectors.length === 0) {
    failures.push({ property: "serverIds", reason: "a firewall attachment needs at least one of serverIds or labelSelectors" });
  }
  return { inputs, failures };
}

function checkList(value: unknown, property: string, failures: CheckFailure[], each: (item: unknown, i: number) => unknown): unknown {
  if (value === undefined || value === null) return [];
  if (containsUnknown(value)) return value;
  if (!Array.isArray(value)) {
    failures.push({ property, reason: `${property} must be a list` });
    return value;
  }
  const items = value.map(each);
  return [...new Set(items)].sort((a: any, b: any) => (typeof a === "number" ? a - b : String(a).localeCompare(String(b))));
}

export async function diff(_id: string, olds: Props, news: Props) {
  const differs = (field: string) => containsUnknown(news[field]) || !sameValue(olds[field] ?? [], news[field] ?? []);
  const replaces = containsUnknown(news.firewallId) || olds.firewallId !== news.firewallId ? ["firewallId"] : [];
  // Only a different firewall replaces, so the new attachment never applies what the old one's delete
  // removes: create it first, and the servers are never left without a firewall in between.
  return { changes: replaces.length > 0 || differs("serverIds") || differs("labelSelectors"), replaces, deleteBeforeReplace: false };
}

// ---- create / read / update / delete -----------------------------------------------------------


function appliedTargets(firewall: Firewall): ApplyTarget[] {
  return firewall.appliedTo.map((a): ApplyTarget => (a.type === "server" ? { type: "server", serverId: a.serverId } : { type: "label_selector", labelSelector: a.labelSelector }));
}

/** Which of `owned` are applied to the live firewall, as outputs. */
function outputsOf(firewall: Firewall, owned: ApplyTarget[]): FirewallAttachmentOutputs {
  const applied = new Set(appliedTargets(firewall).map(targetKey));
  const still = owned.filter((t) => applied.has(targetKey(t)));
  return {
    firewallId: firewall.id,
    serverIds: still.flatMap((t) => (t.type === "server" ? [t.serverId] : [])).sort((a, b) => a - b),
    labelSelectors: still.flatMap((t) => (t.type === "label_selector" ? [t.labelSelector] : [])).sort(),
  };
}

const describe = (firewall: { id: number; name: string }) => `firewall ${firewall.id} (${firewall.name})`;

/**
 * Applies `wanted` targets not yet applied and removes `release` targets still applied, each awaited.
 * After a failure, the outputs are what is live and ours (wanted or released): the next `up` finishes
 * the job, and delete removes what really got applied.
 */
async function converge(id: string, firewallId: number, wanted: ApplyTarget[], release: ApplyTarget[], inputs: Props, verb: string) {
  const client = hcloudClient(inputs);
  const live = await client.firewalls.get(firewallId);
  const s = new Settler(client.waiter, describe(live));
  const applied = new Set(appliedTargets(live).map(targetKey));
  const toApply = wanted.filter((t) => !applied.has(targetKey(t)));
  const toRemove = release.filter((t) => applied.has(targetKey(t)) && !wanted.some((w) => targetKey(w) === targetKey(t)));
  if (toApply.length) await s.step("apply_to_resources", client.firewalls.applyTo(firewallId, toApply));
  if (toRemove.length) await s.step("remove_from_resources", client.firewalls.removeFrom(firewallId, toRemove));
  if (!s.errors.length) return outputsOf(await client.firewalls.get(firewallId), wanted);
  let now = live;
  try {
    now = await client.firewalls.get(firewallId);
  } catch (error) {
    s.fail("read", error);
  }
  const ours = [...wanted, ...release.filter((t) => !wanted.some((w) => targetKey(w) === targetKey(t)))];
  const outs = outputsOf(now, ours);
  throw partialFailure(`${verb} ${s.resource} failed: ${s.message}`, id, outs, inputs);
}

export async function create(inputs: Props) {
  const id = String(inputs.firewallId);
  const outs = await converge(id, inputs.firewallId, applyTargets(inputs), [], inputs, "attaching");
  return { id, outs };
}

export async function read(id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const live = await hcloudClient(props).firewalls.find(Number(props.firewallId ?? id));
  if (!live) return { id: "", props: {} };
  const outs = outputsOf(live, applyTargets(props));
  return { id, props: outs, inputs: { ...outs } };
}

export async function update(id: string, olds: Props, news: Props) {
  return { outs: await converge(id, news.firewallId, applyTargets(news), applyTargets(olds), news, "updating the attachments of") };
}

export async function remove(id: string, props: Props) {
  const client = hcloudClient(props);
  const live = await client.firewalls.find(Number(props.firewallId ?? id));
  if (!live) return; // the firewall is gone, and its attachments with it
  const applied = new Set(appliedTargets(live).map(targetKey));
  const owned = applyTargets(props).filter((t) => applied.has(targetKey(t)));
  if (!owned.length) return;
  try {
    await client.waiter.wait(await client.firewalls.removeFrom(live.id, owned), { resource: describe(live) });
  } catch (error) {
    if (!isNotFound(error)) throw error; // the firewall went meanwhile, and its attachments with it
  }
}

export const firewallAttachment: ResourceImplementation = withCredentials({ check, diff, create, read, update, delete: remove }, DEFAULT_ENDPOINT);
