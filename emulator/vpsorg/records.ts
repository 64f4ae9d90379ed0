/**
 * DNS records (seed: `GET`/`POST /dns-zones/{uuid}/records/`, `GET /dns-records/?zone=&record_type=`,
 * `GET`/`PUT`/`PATCH`/`DELETE /dns-records/{uuid}/`). One record per value; `priority` apart, required for
 * MX and SRV. Fields are checked in the order the seed lists them and the first problem is the answer (the
 * seed's error has one `field`); then the rules of the whole record (priority, value per type, conflicts).
 * PUT needs the required fields, PATCH any of them; a field left out keeps its value (DRF's update).
 */
import type { FastifyRequest } from "fastify";
import { RECORD_TYPES, type Account, type RecordType, type StoredRecord, type StoredZone } from "./accounts";
import { UUID, bodyObject, invalid, queryValue, timestamp } from "./conventions";
import type { Routes } from "./routes";
import { DEFAULT_TTL, MAX_TTL, MIN_TTL, recordName, recordValueError } from "./values";

const MAX_PRIORITY = 65535;
const PRIORITY_TYPES: readonly RecordType[] = ["MX", "SRV"];

export function renderRecord(record: StoredRecord) {
  const { uuid, recordType, name, value, ttl, priority, createdAt } = record;
  return { uuid, record_type: recordType, name, value, ttl, priority, created_at: timestamp(createdAt) };
}

type RecordFields = Pick<StoredRecord, "recordType" | "name" | "value" | "ttl" | "priority">;

/** DRF's messages for a field that is missing, null or blank. */
const REQUIRED = "This field is required.";
const NOT_NULL = "This field may not be null.";

/** A JSON integer in bounds. DRF would also take `"300"`; the document says integer, so a string is refused. */
function integerField(field: string, raw: unknown, min: number, max: number): number {
  if (typeof raw !== "number" || !Number.isInteger(raw)) throw invalid(field, "A valid integer is required.");
  if (raw < min) throw invalid(field, `Ensure this value is greater than or equal to ${min}.`);
  if (raw > max) throw invalid(field, `Ensure this value is less than or equal to ${max}.`);
  return raw;
}

/** The fields a write gives, each checked on its own; `required` (POST, PUT): record_type, name and value. */
function givenFields(body: Record<string, unknown>, zone: StoredZone, required: boolean): Partial<RecordFields> {
  const given: Partial<RecordFields> = {};
  const present = (field: string, mayBeNull = false) => {
    const raw = body[field];
    if (raw === undefined) {
      if (required && field !== "ttl" && field !== "priority") throw invalid(field, REQUIRED);
      return false;
    }
    if (raw === null && !mayBeNull) throw invalid(field, NOT_NULL);
    return true;
  };
  // DRF's CharField trims surrounding whitespace (trim_whitespace) before it checks for blank.
  const text = (field: string) => {
    const raw = body[field];
    if (typeof raw !== "string") throw invalid(field, "Not a valid string.");
    const trimmed = raw.trim();
    if (trimmed === "") throw invalid(field, "This field may not be blank.");
    return trimmed;
  };

  if (present("record_type")) {
    const type = body.record_type;
    if (!RECORD_TYPES.includes(type as RecordType)) throw invalid("record_type", `"${String(type)}" is not a valid choice.`);
    given.recordType = type as RecordType;
  }
  if (present("name")) {
    const name = recordName(text("name"), zone.domain);
    if ("error" in name) throw invalid("name", name.error);
    given.name = name.name;
  }
  if (present("value")) given.value = text("value");
  if (present("ttl")) given.ttl = integerField("ttl", body.ttl, MIN_TTL, MAX_TTL);
  if (present("priority", true)) given.priority = body.priority === null ? null : integerField("priority", body.priority, 0, MAX_PRIORITY);
  return given;
}

/** The rules of the whole record in its zone, `self` being the record a PUT/PATCH changes. */
function checkRecord(account: Account, zone: StoredZone, record: RecordFields, self?: StoredRecord): void {
  const { recordType: type, name, value, priority } = record;
  if (PRIORITY_TYPES.includes(type) && priority === null) throw invalid("priority", `${type} records require a priority value`);
  // Guess: the seed marks priority "Required: NEIN" for the other types; a priority there would be lost in the zone.
  if (!PRIORITY_TYPES.includes(type) && priority !== null) throw invalid("priority", "Priority is only valid for MX and SRV records");
  const valueError = recordValueError(type, value);
  if (valueError) throw invalid("value", valueError);
  // A BIND zone refuses a CNAME beside other data (RFC 1034 3.6.2), and the apex holds the zone's NS records.
  if (type === "CNAME" && name === "@") throw invalid("name", "A CNAME record is not allowed at the zone apex");
  const others = account.recordsOf(zone).filter((r) => r !== self && r.name === name);
  if (others.some((r) => r.recordType === "CNAME") || (type === "CNAME" && others.length > 0)) {
    throw invalid("name", "A CNAME record cannot coexist with other records of the same name");
  }
  if (others.some((r) => r.recordType === type && r.value === value)) throw invalid("value", "An identical record already exists in this zone");
}

const uuidParam = (request: FastifyRequest) => (request.params as { uuid: string }).uuid;

export function recordRoutes(routes: Routes): void {
  routes.resource("/dns-zones/:uuid/records/", {
    GET: (request, account) => ({ body: account.recordsOf(account.zone(uuidParam(request))).map(renderRecord) }),
    POST: (request, account) => {
      const zone = account.zone(uuidParam(request));
      const given = givenFields(bodyObject(request), zone, true);
      const fields = { ttl: DEFAULT_TTL, priority: null, ...given } as RecordFields;
      checkRecord(account, zone, fields);
      const record: StoredRecord = { uuid: account.newUuid("record"), zone: zone.uuid, ...fields, createdAt: Date.now() };
      account.state.records.push(record);
      return { status: 201, body: renderRecord(record) };
    },
  });

  routes.resource("/dns-records/", {
    GET: (request, account) => {
      const zone = queryValue(request, "zone")?.toLowerCase();
      const type = queryValue(request, "record_type");
      // django-filter answers a malformed filter value with 400 naming the parameter; an unknown zone matches nothing.
      if (zone !== undefined && !UUID.test(zone)) throw invalid("zone", "Enter a valid UUID.");
      if (type !== undefined && !RECORD_TYPES.includes(type as RecordType)) throw invalid("record_type", `Select a valid choice. ${type} is not one of the available choices.`);
      const records = account.state.records.filter((r) => (zone === undefined || r.zone === zone) && (type === undefined || r.recordType === type));
      return { body: records.map(renderRecord) };
    },
  });

  const update = (required: boolean) => (request: FastifyRequest, account: Account) => {
    const record = account.record(uuidParam(request));
    const zone = account.zone(record.zone);
    const fields = { ...record, ...givenFields(bodyObject(request), zone, required) };
    checkRecord(account, zone, fields, record);
    Object.assign(record, { recordType: fields.recordType, name: fields.name, value: fields.value, ttl: fields.ttl, priority: fields.priority });
    return { body: renderRecord(record) };
  };
  routes.resource("/dns-records/:uuid/", {
    GET: (request, account) => ({ body: renderRecord(account.record(uuidParam(request))) }),
    PUT: update(true),
    PATCH: update(false),
    DELETE: (request, account) => {
      const record = account.record(uuidParam(request));
      account.state.records = account.state.records.filter((r) => r !== record);
      return { status: 204 };
    },
  });
}
