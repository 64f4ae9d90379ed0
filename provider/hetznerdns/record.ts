/**
 * hetznerdns.Record: one record (one value) of a legacy Hetzner DNS zone. Name and value are put in
 * canonical form in `check` (provider/dns), so a value written one way and read back another never diffs.
 * Creates and updates go through the client's RecordWrites: those of one zone that the engine runs at
 * the same time are sent as one bulk request, and each resource gets its own record, or its own error.
 */
import { credentialsProblems, withCredentials } from "../core/credentials";
import { isNotFound, unlessNotFound } from "../core/errors";
import { CheckFailure, containsUnknown, isUnknown } from "../core/inputs";
import { Props, ResourceImplementation } from "../core/resource";
import { absoluteName, canonicalValue, recordType, relativeName } from "../dns";
import { canonicalLive } from "../dns/zone-records-input";
import { checkTtl, dnsReason } from "../hcloud/zone";
import { LegacyRecord, RecordFields } from "./api/records";
import { DEFAULT_ENDPOINT, HetznerDnsClient, hetznerDnsClient } from "./client";
import { LEGACY_RECORD_TYPES } from "./types";

export interface RecordOutputs {
  zoneId: string;
  /** ASCII (punycode), no trailing dot. */
  zoneName: string;
  /** Relative to the zone, `@` for the apex. */
  name: string;
  type: string;
  /** Canonical, as the API stores it (TXT quoted). */
  value: string;
  /** null: the zone's default TTL. */
  ttl: number | null;
  /** The absolute name, with trailing dot. */
  fqdn: string;
  created: string;
  modified: string;
}

const absent = (value: unknown) => value === undefined || value === null;

/** The record type as the legacy API spells it, or a failure naming the types it takes. */
export function checkLegacyType(value: unknown, property: string, failures: CheckFailure[]): { type: unknown; known: boolean } {
  if (absent(value) || value === "") {
    failures.push({ property, reason: `${property} is required, e.g. "A", "MX" or "TXT"` });
    return { type: value, known: false };
  }
  if (isUnknown(value)) return { type: value, known: false };
  try {
    return { type: recordType(value as string, LEGACY_RECORD_TYPES), known: true };
  } catch (error) {
    const soa = value === "SOA" ? " (the zone's SOA is Hetzner's)" : "";
    failures.push({ property, reason: `${property}: ${dnsReason(error)}${soa}` });
    return { type: value, known: false };
  }
}

/**
 * The zone's name, which names and values are relative to: the one recorded at the last check for the
 * same zone id, else read (the zone is new to this resource); undefined when there is no such zone.
 */
async function zoneNameOf(zoneId: string, olds: Props, news: Props): Promise<string | undefined> {
  if (olds.zoneId === zoneId && typeof olds.__zoneName === "string") return olds.__zoneName;
  return (await hetznerDnsClient(news).zoneById.get(zoneId))?.name;
}

export async function check(olds: Props, news: Props) {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const inputs: Props = {};

  const zoneId: unknown = news.zoneId;
  if (absent(zoneId) || zoneId === "") fail("zoneId", "zoneId is required: the id of the zone, e.g. zone.zoneId");
  else if (typeof zoneId !== "string" && !isUnknown(zoneId)) fail("zoneId", `zoneId must be a zone id (a string), got ${JSON.stringify(zoneId)}`);
  inputs.zoneId = zoneId;

  const { type, known: typeKnown } = checkLegacyType(news.type, "type", failures);
  inputs.type = type;

  let name: unknown = news.name;
  if (absent(name) || name === "") fail("name", 'name is required: "@" for the zone apex, or a name relative to the zone such as "www"');
  else if (typeof name !== "string" && !isUnknown(name)) fail("name", "name must be a string");

  let value: unknown = news.value;
  if (absent(value) || value === "") fail("value", "value is required");
  else if (typeof value !== "string" && !isUnknown(value)) fail("value", "value must be a string");
  inputs.ttl = absent(news.ttl) ? null : checkTtl(news.ttl, "ttl", failures);

  // The name and value need the zone's name: read once (kept in the inputs), and only for input that is otherwise sound,
  // so bad input fails before any request. The zone is read with the resource's credentials, once they are known and sound.
  let zone: string | undefined = olds.zoneId === zoneId && typeof olds.__zoneName === "string" ? olds.__zoneName : undefined;
  const canRead = !failures.length && !isUnknown(zoneId) && !containsUnknown(news.credentials) && credentialsProblems(news.credentials, DEFAULT_ENDPOINT).length === 0;
  if (zone === undefined && canRead) {
    zone = await zoneNameOf(zoneId as string, olds, news);
    if (zone === undefined) fail("zoneId", `zone ${zoneId} not found: check the id (hetznerdns.getZone finds it by name)`);
  }
  if (zone !== undefined) inputs.__zoneName = zone;
  if (typeof name === "string" && name !== "" && !isUnknown(name) && zone !== undefined) {
    try {
      name = relativeName(name, zone);
    } catch (error) {
      fail("name", `name: ${dnsReason(error)}`);
    }
  }
  inputs.name = name;
  if (typeof value === "string" && value !== "" && !isUnknown(value) && typeKnown && zone !== undefined) {
    try {
      value = canonicalValue(type as string, value, zone);
    } catch (error) {
      fail("value", dnsReason(error));
    }
  }
  inputs.value = value;
  return { inputs, failures };
}

export async function diff(_id: string, olds: Props, news: Props) {
  const replaces: string[] = [];
  if (containsUnknown(news.zoneId) || news.zoneId !== olds.zoneId) replaces.push("zoneId");
  if (containsUnknown(news.type) || news.type !== olds.type) replaces.push("type");
  const changed = [...replaces];
  if (containsUnknown(news.name) || news.name !== olds.name) changed.push("name");
  if (containsUnknown(news.value) || news.value !== olds.value) changed.push("value");
  if (containsUnknown(news.ttl) || (news.ttl ?? null) !== (olds.ttl ?? null)) changed.push("ttl");
  // A CNAME may not stand beside other data at one name: a type change to or from CNAME frees the name first.
  const cnameSwap = replaces.length === 1 && replaces[0] === "type" && (olds.type === "CNAME" || news.type === "CNAME");
  return { changes: changed.length > 0, replaces, deleteBeforeReplace: cnameSwap };
}

const describe = (name: string, type: string, zone: string) => `hetznerdns.Record ${name} ${type} in zone ${zone}`;

function outputsOf(record: LegacyRecord, zone: string): Props {
  const outs: RecordOutputs & { __zoneName: string } = {
    zoneId: record.zoneId,
    zoneName: zone,
    name: record.name,
    type: record.type,
    value: canonicalLive(record.type, record.value, zone),
    ttl: record.ttl,
    fqdn: absoluteName(record.name, zone),
    created: record.created,
    modified: record.modified,
    __zoneName: zone,
  };
  return outs;
}

/**
 * The record to send: a zone id unknown at preview left the name and value as written, so they are
 * put in canonical form here, before any write (a refusal fails like check would).
 */
async function fieldsOf(client: HetznerDnsClient, inputs: Props): Promise<{ fields: RecordFields; zoneName: string }> {
  let zoneName: string | undefined = inputs.__zoneName;
  if (zoneName === undefined) {
    const zone = await client.zoneById.get(inputs.zoneId);
    if (!zone) throw new Error(`hetznerdns.Record ${inputs.name} ${inputs.type}: zone ${inputs.zoneId} not found: check zoneId`);
    zoneName = zone.name;
  }
  try {
    const name = relativeName(inputs.name, zoneName);
    const value = canonicalValue(inputs.type, inputs.value, zoneName);
    return { fields: { zoneId: inputs.zoneId, name, type: inputs.type, value, ttl: inputs.ttl ?? null }, zoneName };
  } catch (error) {
    throw new Error(`${describe(inputs.name, inputs.type, zoneName)}: ${dnsReason(error)}`);
  }
}

export async function create(inputs: Props) {
  const client = hetznerDnsClient(inputs);
  const { fields, zoneName } = await fieldsOf(client, inputs);
  let record: LegacyRecord;
  try {
    record = await client.recordWrites.create({ fields, zoneName });
  } catch (error) {
    throw new Error(`creating ${describe(fields.name, fields.type, zoneName)} failed: ${(error as Error).message}`);
  }
  return { id: record.id, outs: outputsOf(record, zoneName) };
}

export async function read(id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const client = hetznerDnsClient(props);
  const record = await client.recordWrites.find(props.zoneId, id);
  if (!record) return { id: "", props: {} };
  const zoneName: string = props.__zoneName ?? (await client.zones.get(record.zoneId)).name;
  const outs = outputsOf(record, zoneName);
  const inputs: Props = { zoneId: outs.zoneId, __zoneName: zoneName, name: outs.name, type: outs.type, value: outs.value, ttl: outs.ttl };
  return { id, props: outs, inputs };
}

/** The record's fields equal what `olds` hold (the live record when adopting, else the recorded one). */
const sameFields = (olds: Props, fields: RecordFields) =>
  olds.zoneId === fields.zoneId && olds.name === fields.name && olds.type === fields.type && olds.value === fields.value && (olds.ttl ?? null) === (fields.ttl ?? null);

export async function update(id: string, olds: Props, news: Props) {
  const client = hetznerDnsClient(news);
  const { fields, zoneName } = await fieldsOf(client, news);
  // Nothing to write (a record adopted as declared, a credentials rotation): the live record is recorded.
  const live = sameFields(olds, fields) ? await client.recordWrites.find(fields.zoneId, id) : undefined;
  if (live) return { outs: outputsOf(live, zoneName) };
  let record: LegacyRecord;
  try {
    record = await client.recordWrites.update({ id, fields, zoneName });
  } catch (error) {
    if (isNotFound(error)) throw new Error(`updating ${describe(fields.name, fields.type, zoneName)} failed: record ${id} no longer exists; run \`pulumi refresh\`, then \`pulumi up\` creates it again`);
    throw new Error(`updating ${describe(fields.name, fields.type, zoneName)} failed: ${(error as Error).message}`);
  }
  return { outs: outputsOf(record, zoneName) };
}

export async function remove(id: string, props: Props = {}) {
  const client = hetznerDnsClient(props);
  // Already gone (out of band, or with its zone): nothing to do.
  await unlessNotFound(client.recordWrites.delete(props.zoneId, id));
}

export const record: ResourceImplementation = withCredentials({ check, diff, create, read, update, delete: remove }, DEFAULT_ENDPOINT);
