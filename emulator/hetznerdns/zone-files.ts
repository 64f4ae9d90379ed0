/**
 * Zone files (text/plain BIND): `GET /zones/{ZoneID}/export`, `POST /zones/{ZoneID}/import` (the file's
 * records replace the zone's) and `POST /zones/file/validate`. The reader is the emulator's own
 * (../hcloud/zonefile.ts); this API's record types and rules are applied to what it reads.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { ZoneFileError, parseZoneFile } from "../hcloud/zonefile";
import {
  ASSIGNED_NAMESERVERS,
  getZone,
  newId,
  notFound,
  primaryServersOf,
  recordsOf,
  renderZone,
  unprocessable,
  type HetznerDnsContext,
  type StoredDnsRecord,
  type StoredDnsZone,
} from "./model";
import { RECORD_TYPES, recordsChanged, serialOf, valueError } from "./record-rules";

type IdParams = { Params: { ZoneID: string } };

interface FileRecord {
  type: string;
  name: string;
  value: string;
  ttl?: number;
}

function textBody(request: FastifyRequest): string {
  if (typeof request.body !== "string") throw unprocessable("the zone file must be sent as text/plain", "zone");
  return request.body;
}

/** The records of a zone file of `zone`, with this API's types and rules; 422 naming the line or rule otherwise. */
function readZoneFile(text: string, zone: string): { ttl?: number; records: FileRecord[] } {
  let parsed;
  try {
    parsed = parseZoneFile(text, zone);
  } catch (error) {
    if (error instanceof ZoneFileError) throw unprocessable(`zone file: ${error.message}`, "zone");
    throw error;
  }
  const records: FileRecord[] = [];
  for (const rrset of parsed.rrsets) {
    if (!RECORD_TYPES.includes(rrset.type)) throw unprocessable(`zone file: type ${rrset.type} is not supported (supported: ${RECORD_TYPES.join(", ")})`, "zone");
    const ttl = rrset.ttl ?? undefined;
    for (const { value } of rrset.records) {
      const problem = valueError(rrset.type, value);
      if (problem) throw unprocessable(`zone file: ${rrset.name} ${rrset.type} ${value}: ${problem}`, "zone");
      records.push({ type: rrset.type, name: rrset.name, value, ...(ttl === undefined ? {} : { ttl }) });
    }
  }
  const names = new Set(records.map((record) => record.name));
  for (const name of names) {
    const atName = records.filter((record) => record.name === name);
    if (atName.some((record) => record.type === "CNAME") && atName.length > 1) {
      throw unprocessable(`zone file: a CNAME record cannot coexist with other records at '${name}'`, "zone");
    }
  }
  return { ttl: parsed.ttl, records };
}

/** A value as a zone file writes it: plain TXT text becomes one quoted string. */
function fileValue(record: StoredDnsRecord): string {
  if (record.type === "TXT" && !record.value.includes('"')) return `"${record.value.replace(/\\/g, "\\\\")}"`;
  return record.value;
}

/** `$ORIGIN`, `$TTL`, the SOA, then every other record: `name<TAB>[ttl<TAB>]IN<TAB>TYPE<TAB>value` (DANE as TLSA). */
export function exportZoneFile(zone: StoredDnsZone, records: StoredDnsRecord[]): string {
  const line = (record: StoredDnsRecord) =>
    `${record.name}\t${record.ttl === undefined ? "" : `${record.ttl}\t`}IN\t${record.type === "DANE" ? "TLSA" : record.type}\t${fileValue(record)}\n`;
  const soa = records.filter((record) => record.type === "SOA");
  const others = records.filter((record) => record.type !== "SOA");
  return [`$ORIGIN ${zone.name}.\n$TTL ${zone.ttl}\n\n`, ...soa.map(line), "\n", ...others.map(line)].join("");
}

export async function zoneFileRoutes(app: FastifyInstance, ctx: HetznerDnsContext): Promise<void> {
  app.get<IdParams>("/zones/:ZoneID/export", async (request, reply) => {
    const zone = getZone(ctx, request.params.ZoneID);
    return reply.type("text/plain; charset=utf-8").send(exportZoneFile(zone, recordsOf(ctx, zone.id)));
  });

  app.post<IdParams>("/zones/:ZoneID/import", async (request, reply) => {
    const zone = getZone(ctx, request.params.ZoneID);
    if (primaryServersOf(ctx, zone.id).length > 0) throw unprocessable(`zone ${zone.name} is a secondary zone: its records come from its primary servers`, "zone");
    const { ttl, records } = readZoneFile(textBody(request), zone.name);
    const now = Date.now();
    const serial = serialOf(ctx, zone);
    const current = recordsOf(ctx, zone.id);
    const imported: StoredDnsRecord[] = records.map((record) => ({ id: newId(), zone_id: zone.id, ...record, created: now, modified: now }));
    // The zone keeps Hetzner's SOA and NS records when the file has none (guess, as Cloud DNS does).
    if (!imported.some((record) => record.type === "SOA")) imported.unshift(...current.filter((record) => record.type === "SOA"));
    if (!imported.some((record) => record.type === "NS" && record.name === "@")) {
      imported.push(...ASSIGNED_NAMESERVERS.map((value): StoredDnsRecord => ({ id: newId(), zone_id: zone.id, type: "NS", name: "@", value, created: now, modified: now })));
    }
    const state = ctx.state();
    state.records = [...state.records.filter((record) => record.zone_id !== zone.id), ...imported];
    if (ttl !== undefined) zone.ttl = ttl;
    recordsChanged(ctx, zone, now, serial);
    return reply.code(201).send({ zone: renderZone(ctx, zone) });
  });

  app.post("/zones/file/validate", async (request) => {
    const text = textBody(request);
    // The file names its zone: `$ORIGIN` is required here (guess), and the zone must be the account's (the spec's 404).
    const origin = /^\$ORIGIN\s+(\S+)/im.exec(text)?.[1]?.toLowerCase();
    if (!origin || !origin.endsWith(".")) throw unprocessable("zone file: $ORIGIN <zone name>. is required to validate a zone file", "zone");
    const zone = ctx.state().zones.find((z) => z.name === origin.slice(0, -1));
    if (!zone) throw notFound("zone");
    const { records } = readZoneFile(text, zone.name);
    return { parsed_records: records.length, valid_records: records.map((record) => ({ ...record, zone_id: zone.id })) };
  });
}
