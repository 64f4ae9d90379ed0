/**
 * vpsorg.DnsRecord: one VPS.org DNS record, in VPS.org's own shape (`value` with `priority` apart for MX
 * and SRV). Values and names are compared in the shared model's canonical form, so a spelling the API
 * stores differently never diffs; an update PATCHes only the fields that differ.
 */
import { withCredentials } from "../core/credentials";
import { unlessNotFound } from "../core/errors";
import { CLOCK_SKEW_MS } from "../core/lifecycle";
import { CheckFailure, containsUnknown, isUnknown } from "../core/inputs";
import { Props, ResourceImplementation } from "../core/resource";
import { DnsInputError, relativeName } from "../dns";
import { DnsRecordInfo, RecordChanges } from "./api/records";
import { DEFAULT_ENDPOINT, VpsorgClient, vpsorgClient } from "./client";
import { fromWire, isZoneUuid, RecordInputError, toWire, ttlProblem, vpsorgRecordType, wireTtl } from "./values";
import { DEFAULT_TTL, PRIORITY_TYPES, RecordWire } from "./wire";

/**
 * The zone a single record's value is read in during check. Its values are fully qualified (VPS.org's
 * form, "@" refused), and names are only syntax-checked there, so this name is never part of a result.
 */
const NO_ZONE = "zone.invalid";

export interface DnsRecordOutputs {
  zoneId: string;
  /** The zone's domain (punycode), read once at create. */
  zoneName: string;
  recordType: string;
  /** As the API returns it ("@", relative or FQDN). */
  name: string;
  value: string;
  ttl: number;
  /** MX and SRV only. */
  priority?: number;
  created: string;
}

const absent = (value: unknown) => value === undefined || value === null;

/** A record name as sent: "@", or ASCII lower case (IDN labels in punycode) without trailing dot. */
function checkName(value: unknown, failures: CheckFailure[]): unknown {
  if (isUnknown(value)) return value;
  if (typeof value !== "string" || value === "") {
    failures.push({ property: "name", reason: 'name is required: "@" for the zone apex, a name relative to the zone ("www") or a FQDN' });
    return value;
  }
  if (value === "@") return value;
  try {
    return relativeName(value.replace(/\.$/, ""), NO_ZONE);
  } catch (error) {
    if (!(error instanceof DnsInputError)) throw error;
    failures.push({ property: "name", reason: `name: ${error.message}` });
    return value;
  }
}

export async function check(_olds: Props, news: Props) {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const inputs: Props = { zoneId: news.zoneId, recordType: news.recordType };
  if (!isUnknown(news.zoneId) && (typeof news.zoneId !== "string" || !news.zoneId.trim())) {
    fail("zoneId", "zoneId is required: the uuid of the zone (a vpsorg.DnsZone's zoneId)");
  } else if (!isUnknown(news.zoneId) && !isZoneUuid(news.zoneId)) {
    fail("zoneId", `zoneId must be the uuid of the zone (a vpsorg.DnsZone's zoneId), got ${JSON.stringify(news.zoneId)}`);
  }
  let typeKnown = false;
  if (!isUnknown(news.recordType)) {
    try {
      inputs.recordType = vpsorgRecordType(news.recordType);
      typeKnown = true;
    } catch (error) {
      if (!(error instanceof DnsInputError)) throw error;
      fail("recordType", `recordType: ${error.message}`);
    }
  }
  inputs.name = checkName(news.name, failures);
  const problem = isUnknown(news.ttl) ? undefined : ttlProblem(news.ttl);
  if (problem) fail("ttl", problem);
  if (!absent(news.ttl)) inputs.ttl = news.ttl;
  inputs.value = news.value;
  if (!absent(news.priority)) inputs.priority = news.priority;
  if (typeKnown && !containsUnknown(news.value) && !containsUnknown(news.priority)) {
    try {
      // Sent as VPS.org writes it: hostnames without trailing dot, IPv6 per RFC 5952, TXT as plain text.
      const wire = toWire(inputs.recordType, fromWire(inputs.recordType, { value: news.value, priority: news.priority ?? undefined }, NO_ZONE, true));
      inputs.value = wire.value;
      if (wire.priority !== undefined) inputs.priority = wire.priority;
    } catch (error) {
      if (!(error instanceof DnsInputError)) throw error;
      fail(error instanceof RecordInputError ? error.property : "value", error.message);
    }
  }
  return { inputs, failures };
}

/** A name relative to the zone ("www" for "WWW.example.com."); one outside it, or without a zone, as it is. */
function relativeTo(name: string, zone: string | undefined): string {
  if (name === "@" || zone === undefined) return name;
  try {
    return relativeName(name.replace(/\.$/, ""), zone);
  } catch {
    return name;
  }
}

/** Names compare relative to the zone: "www", "www.example.com" and "WWW.example.com." are one name. */
function sameName(a: string, b: string, zone: string): boolean {
  return relativeTo(a, zone) === relativeTo(b, zone);
}

/** The value and priority in the shared model's canonical form ("10 mail.example.com."). */
const canonicalOf = (props: Props, zone: string) =>
  fromWire(props.recordType, { value: props.value, priority: props.priority ?? undefined }, zone);

/** What differs between the recorded record and the program's, as the fields a PATCH sends. */
function changesOf(olds: Props, news: Props): RecordChanges {
  const zone: string = olds.zoneName;
  const changes: RecordChanges = {};
  if (!sameName(olds.name, news.name, zone)) changes.name = news.name;
  if (wireTtl(news.ttl) !== (olds.ttl ?? DEFAULT_TTL)) changes.ttl = wireTtl(news.ttl);
  // Compared canonically (the API may spell a value otherwise); what differs is sent as the program spells it.
  if (canonicalOf(olds, zone) !== canonicalOf(news, zone)) {
    if (news.value !== olds.value) changes.value = news.value;
    if (PRIORITY_TYPES.includes(news.recordType) && news.priority !== olds.priority) changes.priority = news.priority;
  }
  return changes;
}

export async function diff(_id: string, olds: Props, news: Props) {
  const replaces = ["zoneId", "recordType"].filter((key) => containsUnknown(news[key]) || news[key] !== olds[key]);
  if (replaces.length) return { changes: true, replaces, deleteBeforeReplace: false };
  if (["name", "value", "ttl", "priority"].some((key) => containsUnknown(news[key]))) return { changes: true, replaces: [] };
  const changed = Object.keys(changesOf(olds, news));
  return { changes: changed.length > 0, replaces: [], ...(changed.length ? { detailedDiff: Object.fromEntries(changed.map((k) => [k, "update" as const])) } : {}) };
}

export function outputsOf(record: DnsRecordInfo, zoneId: string, zoneName: string): DnsRecordOutputs {
  return {
    zoneId,
    zoneName,
    recordType: record.recordType,
    name: record.name,
    value: record.value,
    ttl: record.ttl,
    ...(record.priority === null ? {} : { priority: record.priority }),
    created: record.created,
  };
}

const describe = (props: Props) => `vpsorg.DnsRecord ${props.name} ${props.recordType}`;

/** Rethrows an API error with the operation and the record in front, so the message names what failed. */
const failed = (doing: string) => (error: unknown): never => {
  throw Object.assign(error as Error, { message: `${doing} failed: ${(error as Error).message}` });
};

/** After a lost answer: a record of the same content made after the request was sent is the one it made. */
function recoverRecord(client: VpsorgClient, zone: { id: string; domain: string }, inputs: Props, sentAt: number) {
  return async (): Promise<RecordWire | undefined> => {
    const live = await client.records.listInZone(zone.id);
    const found = live.find(
      (r) =>
        r.recordType === inputs.recordType &&
        r.value === inputs.value &&
        (r.priority ?? undefined) === inputs.priority &&
        sameName(r.name, inputs.name, zone.domain) &&
        Date.parse(r.created) >= sentAt - CLOCK_SKEW_MS,
    );
    return found && { uuid: found.id, record_type: found.recordType, name: found.name, value: found.value, ttl: found.ttl, priority: found.priority, created_at: found.created };
  };
}

export async function create(inputs: Props) {
  const client = vpsorgClient(inputs);
  // Its domain (and that it exists): one read shared by the records of the zone created at once.
  const zone = await client.zones.findShared(inputs.zoneId);
  if (!zone) {
    throw new Error(`${describe(inputs)}: zone ${inputs.zoneId} does not exist in this VPS.org account: create it first (vpsorg.DnsZone), or fix zoneId`);
  }
  const spec = {
    recordType: inputs.recordType,
    name: inputs.name,
    value: inputs.value,
    ...(absent(inputs.ttl) ? {} : { ttl: inputs.ttl }),
    ...(absent(inputs.priority) ? {} : { priority: inputs.priority }),
  };
  const record = await client.records
    .create(zone.id, spec, recoverRecord(client, zone, inputs, Date.now()))
    .catch(failed(`creating ${describe(inputs)} in zone ${zone.domain}`));
  return { id: record.id, outs: outputsOf(record, zone.id, zone.domain) };
}

export async function read(id: string, props: Props) {
  // One listing of the zone serves every record of it read at about the same time (a refresh).
  // A zone that is gone took its records with it.
  const live = (await unlessNotFound(vpsorgClient(props).records.sharedListing(props.zoneId))) ?? [];
  const record = live.find((r) => r.id === id);
  if (!record) return { id: "", props: {} };
  // Adoption reads with the program's inputs alone, which do not name the zone's domain.
  const zoneName = props.zoneName ?? (await vpsorgClient(props).zones.findShared(props.zoneId))?.domain;
  const outs = outputsOf(record, props.zoneId, zoneName);
  const found: Props = { zoneId: outs.zoneId, recordType: outs.recordType, name: relativeTo(outs.name, zoneName), value: outs.value, ttl: outs.ttl };
  if (outs.priority !== undefined) found.priority = outs.priority;
  // In check's form (another client may spell a value otherwise), so a refresh shows only real changes.
  const { inputs } = await check({}, found);
  return { id, props: outs, inputs };
}

export async function update(id: string, olds: Props, news: Props) {
  const client = vpsorgClient(news);
  const changes = changesOf(olds, news);
  const record = await (Object.keys(changes).length
    ? client.records.patch(olds.zoneId, id, changes)
    : client.records.get(id) // nothing to write (a credentials rotation): record the live record
  ).catch(failed(`updating ${describe(news)} in zone ${olds.zoneName}`));
  return { outs: outputsOf(record, olds.zoneId, olds.zoneName) };
}

export async function remove(id: string, props: Props) {
  await vpsorgClient(props).records.delete(props.zoneId, id);
}

export const dnsRecord: ResourceImplementation = withCredentials({ check, diff, create, read, update, delete: remove }, DEFAULT_ENDPOINT);
