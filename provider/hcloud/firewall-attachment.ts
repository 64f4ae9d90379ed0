/**
 * hcloud.FirewallAttachment: servers and label selectors a firewall applies to, owned apart from the
 * firewall (an hcloud.Firewall without `applyTo`). It only ever adds or removes its own targets.
 * The Pulumi id is the firewall's id.
 */
import { ActionState, waitSettled } from "../core/actions";
import { isApiError, isNotFound } from "../core/errors";
import { CheckFailure, containsUnknown, sameValue } from "../core/inputs";
import { partialFailure, Props, ResourceImplementation } from "../core/resource";
import { ApplyTarget, Firewall } from "./api/firewalls";
import { hcloudClient } from "./client";
import { checkId } from "./floating-ip";

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
    serverIds: checkList(news.serverIds, "serverIds", failures, (id, i) => checkId(id, `serverIds[${i}]`, failures)),
    labelSelectors: checkList(news.labelSelectors, "labelSelectors", failures, (s, i) => {
      if (typeof s !== "string" || !s.trim()) failures.push({ property: "labelSelectors", reason: `labelSelectors[${i}]: ${JSON.stringify(s)} is not a label selector` });
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

const key = (t: ApplyTarget) => (t.type === "server" ? `s:${t.serverId}` : `l:${t.labelSelector}`);

function targetsOf(props: Props): ApplyTarget[] {
  return [
    ...((props.serverIds ?? []) as number[]).map((serverId): ApplyTarget => ({ type: "server", serverId })),
    ...((props.labelSelectors ?? []) as string[]).map((labelSelector): ApplyTarget => ({ type: "label_selector", labelSelector })),
  ];
}

function appliedTargets(firewall: Firewall): ApplyTarget[] {
  return firewall.appliedTo.map((a): ApplyTarget => (a.type === "server" ? { type: "server", serverId: a.serverId } : { type: "label_selector", labelSelector: a.labelSelector }));
}

/** Which of `owned` are applied to the live firewall, as outputs. */
function outputsOf(firewall: Firewall, owned: ApplyTarget[]): FirewallAttachmentOutputs {
  const applied = new Set(appliedTargets(firewall).map(key));
  const still = owned.filter((t) => applied.has(key(t)));
  return {
    firewallId: firewall.id,
    serverIds: still.flatMap((t) => (t.type === "server" ? [t.serverId] : [])).sort((a, b) => a - b),
    labelSelectors: still.flatMap((t) => (t.type === "label_selector" ? [t.labelSelector] : [])).sort(),
  };
}

const describe = (firewall: { id: number; name: string }) => `firewall ${firewall.id} (${firewall.name})`;

/** Applies `wanted` targets not yet applied and removes `release` targets still applied, each awaited. */
async function converge(id: string, firewallId: number, wanted: ApplyTarget[], release: ApplyTarget[], before: Props, inputs: Props, verb: string) {
  const client = hcloudClient();
  const live = await client.firewalls.get(firewallId);
  const resource = describe(live);
  const applied = new Set(appliedTargets(live).map(key));
  const toApply = wanted.filter((t) => !applied.has(key(t)));
  const toRemove = release.filter((t) => applied.has(key(t)) && !wanted.some((w) => key(w) === key(t)));
  const errors: Error[] = [];
  const settle = async (started: Promise<ActionState[]>) => errors.push(...(await waitSettled(client.waiter, await started, { resource })).errors);
  if (toApply.length) await settle(client.firewalls.applyTo(firewallId, toApply));
  if (toRemove.length) {
    try {
      await settle(client.firewalls.removeFrom(firewallId, toRemove));
    } catch (error) {
      if (!isApiError(error, "firewall_already_removed")) throw error;
    }
  }
  const outs = outputsOf(await client.firewalls.get(firewallId), wanted);
  if (errors.length) {
    // Recorded as before, so the next `up` applies or removes them again.
    outs.serverIds = before.serverIds ?? [];
    outs.labelSelectors = before.labelSelectors ?? [];
    throw partialFailure(`${verb} ${resource} failed: ${errors.map((e) => e.message).join("; ")}`, id, outs, inputs);
  }
  return outs;
}

export async function create(inputs: Props) {
  const id = String(inputs.firewallId);
  const outs = await converge(id, inputs.firewallId, targetsOf(inputs), [], { serverIds: [], labelSelectors: [] }, inputs, "attaching");
  return { id, outs };
}

export async function read(id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const live = await hcloudClient().firewalls.find(Number(props.firewallId ?? id));
  if (!live) return { id: "", props: {} };
  const outs = outputsOf(live, targetsOf(props));
  return { id, props: outs, inputs: { ...outs } };
}

export async function update(id: string, olds: Props, news: Props) {
  return { outs: await converge(id, news.firewallId, targetsOf(news), targetsOf(olds), olds, news, "updating the attachments of") };
}

export async function remove(id: string, props: Props) {
  const client = hcloudClient();
  const live = await client.firewalls.find(Number(props.firewallId ?? id));
  if (!live) return; // the firewall is gone, and its attachments with it
  const applied = new Set(appliedTargets(live).map(key));
  const owned = targetsOf(props).filter((t) => applied.has(key(t)));
  if (!owned.length) return;
  try {
    await client.waiter.wait(await client.firewalls.removeFrom(live.id, owned), { resource: describe(live) });
  } catch (error) {
    if (!isApiError(error, "firewall_already_removed") && !isNotFound(error)) throw error;
  }
}

export const firewallAttachment: ResourceImplementation = { check, diff, create, read, update, delete: remove };
