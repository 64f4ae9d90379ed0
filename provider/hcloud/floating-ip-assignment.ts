/**
 * hcloud.FloatingIpAssignment: which server a Floating IP is assigned to, owned apart from the IP
 * (whose `serverId` is then left out). The Pulumi id is the floating IP's id.
 */
import { isNotFound } from "../core/errors";
import { CheckFailure, checkId, containsUnknown } from "../core/inputs";
import { Settler } from "../core/lifecycle";
import { partialFailure, Props, ResourceImplementation } from "../core/resource";
import { FloatingIp } from "./api/floating-ips";
import { DEFAULT_ENDPOINT, hcloudClient } from "./client";
import { withCredentials } from "../core/credentials";

export interface FloatingIpAssignmentInputs {
  floatingIpId: number;
  serverId: number;
}

export interface FloatingIpAssignmentOutputs {
  floatingIpId: number;
  /** The server the IP is assigned to now (null: unassigned, which `pulumi refresh` reports as drift). */
  serverId: number | null;
  /** The floating IP's address (IPv4, or the IPv6 /64). */
  ip: string;
}

export async function check(_olds: Props, news: Props) {
  const failures: CheckFailure[] = [];
  const inputs: Props = {
    floatingIpId: checkId(news.floatingIpId, "floatingIpId", failures, "floating IP"),
    serverId: checkId(news.serverId, "serverId", failures, "server"),
  };
  return { inputs, failures };
}

export async function diff(_id: string, olds: Props, news: Props) {
  const differs = (field: string) => containsUnknown(news[field]) || olds[field] !== news[field];
  const replaces = differs("floatingIpId") ? ["floatingIpId"] : [];
  return { changes: replaces.length > 0 || differs("serverId"), replaces, deleteBeforeReplace: true };
}

const describe = (fip: FloatingIp) => `floating IP ${fip.id} (${fip.name})`;

function outputsOf(fip: FloatingIp): FloatingIpAssignmentOutputs {
  return { floatingIpId: fip.id, serverId: fip.server, ip: fip.ip };
}

/**
 * Assigns the IP to the server unless it already is. After a failure, serverId records where the IP
 * is live when that is ours (the wanted or the `previous` server), else null: the next `up` finishes
 * the job, and delete unassigns what really got assigned.
 */
async function assign(id: string, inputs: Props, previous: number | null, verb: string) {
  const client = hcloudClient(inputs);
  const live = await client.floatingIps.get(inputs.floatingIpId);
  const s = new Settler(client.waiter, describe(live));
  if (live.server !== inputs.serverId) await s.step("assign", client.floatingIps.assign(live.id, inputs.serverId));
  let now: FloatingIp | undefined = live;
  try {
    now = await client.floatingIps.find(live.id);
  } catch (error) {
    s.fail("read", error);
  }
  const outs: Props = outputsOf(now ?? live);
  if (s.errors.length) {
    const server = now ? now.server : previous;
    outs.serverId = server === inputs.serverId || server === previous ? server : null;
    throw partialFailure(`${verb} ${s.resource} to server ${inputs.serverId} failed: ${s.message}`, id, outs, inputs);
  }
  return outs;
}

export async function create(inputs: Props) {
  const id = String(inputs.floatingIpId);
  return { id, outs: await assign(id, inputs, null, "assigning") };
}

export async function read(id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const live = await hcloudClient(props).floatingIps.find(Number(props.floatingIpId ?? id));
  if (!live) return { id: "", props: {} };
  const outs = outputsOf(live);
  return { id, props: outs, inputs: { floatingIpId: live.id, serverId: live.server } };
}

export async function update(id: string, olds: Props, news: Props) {
  return { outs: await assign(id, news, olds.serverId ?? null, "reassigning") };
}

export async function remove(id: string, props: Props) {
  const client = hcloudClient(props);
  const live = await client.floatingIps.find(Number(props.floatingIpId ?? id));
  // Gone, unassigned, or assigned elsewhere by someone else since: nothing of ours to undo.
  if (!live || live.server === null || live.server !== props.serverId) return;
  try {
    await client.waiter.wait(await client.floatingIps.unassign(live.id), { resource: describe(live) });
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

export const floatingIpAssignment: ResourceImplementation = withCredentials({ check, diff, create, read, update, delete: remove }, DEFAULT_ENDPOINT);
