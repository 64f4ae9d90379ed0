/**
 * hetznerdns.PrimaryServer: a primary nameserver a secondary zone of the legacy Hetzner DNS API is
 * transferred from. `zoneId` replaces it; `address` (canonical: IPv6 per RFC 5952) and `port` change in place.
 */
import { canonicalIpAddress } from "../core/cidr";
import { withCredentials } from "../core/credentials";
import { unlessNotFound } from "../core/errors";
import { CLOCK_SKEW_MS } from "../core/lifecycle";
import { CheckFailure, containsUnknown, isUnknown } from "../core/inputs";
import { Props, ResourceImplementation } from "../core/resource";
import { LegacyPrimaryServer, PrimaryServerSpec } from "./api/primary-servers";
import { timestampMs } from "./api/zones";
import { DEFAULT_ENDPOINT, hetznerDnsClient } from "./client";

const absent = (value: unknown) => value === undefined || value === null;
export const DEFAULT_PORT = 53;

export async function check(_olds: Props, news: Props) {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const { zoneId, address } = news;
  if (absent(zoneId) || zoneId === "") fail("zoneId", "zoneId is required: the id of the secondary zone, e.g. zone.zoneId");
  else if (typeof zoneId !== "string" && !isUnknown(zoneId)) fail("zoneId", `zoneId must be a zone id (a string), got ${JSON.stringify(zoneId)}`);
  let canonical: unknown = address;
  if (!isUnknown(address)) {
    canonical = canonicalIpAddress(address);
    if (canonical === undefined) {
      fail("address", `address must be the IPv4 or IPv6 address of the primary nameserver, got ${JSON.stringify(address)}`);
      canonical = address;
    }
  }
  const port = absent(news.port) ? DEFAULT_PORT : news.port;
  if (!isUnknown(port) && (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535)) {
    fail("port", `port must be a port number from 1 to 65535, got ${JSON.stringify(news.port)}`);
  }
  return { inputs: { zoneId, address: canonical, port }, failures };
}

export async function diff(_id: string, olds: Props, news: Props) {
  const replaces = containsUnknown(news.zoneId) || news.zoneId !== olds.zoneId ? ["zoneId"] : [];
  const changed = [...replaces];
  if (containsUnknown(news.address) || news.address !== olds.address) changed.push("address");
  if (containsUnknown(news.port) || news.port !== olds.port) changed.push("port");
  return { changes: changed.length > 0, replaces };
}

const describe = (spec: PrimaryServerSpec) => `hetznerdns.PrimaryServer ${spec.address}:${spec.port} of zone ${spec.zoneId}`;
const specOf = (inputs: Props): PrimaryServerSpec => ({ zoneId: inputs.zoneId, address: inputs.address, port: inputs.port });

function outputsOf(server: LegacyPrimaryServer): Props {
  return {
    zoneId: server.zoneId,
    address: canonicalIpAddress(server.address) ?? server.address,
    port: server.port,
    created: server.created,
    modified: server.modified,
  };
}

export async function create(inputs: Props) {
  const spec = specOf(inputs);
  const client = hetznerDnsClient(inputs);
  const sentAt = Date.now();
  // After a lost answer: the zone's server at this address and port, made since the create was sent.
  const recover = async () =>
    (await client.primaryServers.list(spec.zoneId)).find((s) => s.address === spec.address && s.port === spec.port && timestampMs(s.created) >= sentAt - CLOCK_SKEW_MS);
  try {
    const server = await client.primaryServers.create(spec, recover);
    return { id: server.id, outs: outputsOf(server) };
  } catch (error) {
    throw new Error(`creating ${describe(spec)} failed: ${(error as Error).message}`);
  }
}

export async function read(id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const server = await hetznerDnsClient(props).primaryServers.find(id);
  if (!server) return { id: "", props: {} };
  const outs = outputsOf(server);
  return { id, props: outs, inputs: { zoneId: outs.zoneId, address: outs.address, port: outs.port } };
}

export async function update(id: string, olds: Props, news: Props) {
  const spec = specOf(news);
  const client = hetznerDnsClient(news);
  // Nothing to write (a primary server adopted as declared, a credentials rotation): the live one is recorded.
  const unchanged = olds.zoneId === spec.zoneId && olds.address === spec.address && olds.port === spec.port;
  const live = unchanged ? await client.primaryServers.find(id) : undefined;
  if (live) return { outs: outputsOf(live) };
  try {
    return { outs: outputsOf(await client.primaryServers.update(id, spec)) };
  } catch (error) {
    throw new Error(`updating ${describe(spec)} failed: ${(error as Error).message}`);
  }
}

export async function remove(id: string, props: Props = {}) {
  await unlessNotFound(hetznerDnsClient(props).primaryServers.delete(id));
}

export const primaryServer: ResourceImplementation = withCredentials({ check, diff, create, read, update, delete: remove }, DEFAULT_ENDPOINT);
