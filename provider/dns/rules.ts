/**
 * Zone-level rules, checked in `check` before any request: each failure names the property path and the rule.
 * Checks what a single value cannot show: a CNAME beside other data, the same rrset twice, the same value
 * twice in one rrset, TTL bounds, names outside the zone, SOA away from the apex.
 */
import type { CheckFailure } from "../core/inputs";
import { DnsInputError } from "./errors";
import { relativeName, zoneName } from "./names";
import { canonicalValue, recordType, RecordTypeOptions } from "./values";
import { RECORD_TYPES, RecordSet } from "./types";

export const MIN_TTL = 60;
export const MAX_TTL = 2147483647;

interface CheckedSet {
  index: number;
  name: string;
  type: string;
}

function message(error: unknown): string {
  if (error instanceof DnsInputError) return error.message;
  throw error;
}

/**
 * The failures of a list of rrsets in `zone`, each at `${property}[i]…`; empty when all is well.
 * `types`: the family's record types (default: Hetzner Cloud's, RECORD_TYPES).
 */
export function checkRecordSets(sets: RecordSet[], zone: string, property: string, options: RecordTypeOptions = {}): CheckFailure[] {
  const types = options.types ?? RECORD_TYPES;
  const failures: CheckFailure[] = [];
  const fail = (path: string, reason: string) => failures.push({ property: `${property}${path}`, reason });
  let zoneAscii: string;
  try {
    zoneAscii = zoneName(zone);
  } catch (error) {
    return [{ property, reason: `the zone name is not valid: ${message(error)}` }];
  }
  if (!Array.isArray(sets)) return [{ property, reason: "must be a list of records ({ name, type, ttl?, values })" }];

  const checked: CheckedSet[] = [];
  sets.forEach((set, index) => {
    const at = `[${index}]`;
    if (!set || typeof set !== "object") {
      fail(at, "must be a record ({ name, type, ttl?, values })");
      return;
    }
    let name: string | undefined;
    let type: string | undefined;
    try {
      name = relativeName(set.name, zoneAscii);
    } catch (error) {
      fail(`${at}.name`, message(error));
    }
    try {
      type = recordType(set.type, types);
    } catch (error) {
      fail(`${at}.type`, message(error));
    }
    if (set.ttl !== undefined && set.ttl !== null && (!Number.isInteger(set.ttl) || set.ttl < MIN_TTL || set.ttl > MAX_TTL)) {
      fail(`${at}.ttl`, `TTL must be a whole number of seconds from ${MIN_TTL} to ${MAX_TTL}`);
    }
    if (!Array.isArray(set.values) || set.values.length === 0) {
      fail(`${at}.values`, "must list at least one value");
    } else if (type !== undefined) {
      const seen = new Map<string, number>();
      set.values.forEach((value, valueIndex) => {
        try {
          const canonical = canonicalValue(type!, value, zoneAscii);
          const first = seen.get(canonical);
          if (first !== undefined) fail(`${at}.values[${valueIndex}]`, `duplicate of values[${first}]: an rrset holds each value once`);
          else seen.set(canonical, valueIndex);
        } catch (error) {
          fail(`${at}.values[${valueIndex}]`, message(error));
        }
      });
      if ((type === "CNAME" || type === "SOA") && set.values.length > 1) {
        fail(`${at}.values`, `${type === "SOA" ? "an" : "a"} ${type} rrset holds exactly one value`);
      }
    }
    if (name !== undefined && type !== undefined) checked.push({ index, name, type });
  });

  const byName = new Map<string, CheckedSet[]>();
  for (const set of checked) {
    const same = byName.get(set.name) ?? [];
    const duplicate = same.find((other) => other.type === set.type);
    if (duplicate) {
      fail(`[${set.index}]`, `duplicate rrset ${set.name}/${set.type} (also ${property}[${duplicate.index}]): list its values in one rrset`);
      continue;
    }
    same.push(set);
    byName.set(set.name, same);
    if (set.type === "SOA" && set.name !== "@") fail(`[${set.index}].name`, "an SOA record belongs at the zone apex (@)");
  }
  for (const [name, same] of byName) {
    const cname = same.find((set) => set.type === "CNAME");
    if (!cname) continue;
    if (name === "@") {
      fail(`[${cname.index}].type`, "no CNAME at the zone apex (@): the apex holds SOA and NS; use A/AAAA records");
      continue;
    }
    for (const other of same.filter((set) => set !== cname)) {
      fail(
        `[${cname.index}].type`,
        `CNAME at ${name} beside ${other.type} (${property}[${other.index}]): a name with a CNAME holds no other records`,
      );
    }
  }
  return failures;
}
