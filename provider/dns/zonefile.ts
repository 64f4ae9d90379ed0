/**
 * BIND zone files (RFC 1035 §5 presentation format) ⇄ RecordSets.
 *
 * Written here rather than taken from npm: `dnsz` (ESM, generic) misreads the class-before-TTL order the
 * Hetzner API's own example uses (`@ IN 10800 NS …`), records without a class, and drops owners it cannot
 * read; it also fills in $TTL, so an explicit TTL cannot be told from the default, and it leaves relative
 * names in values unresolved. `dns-zonefile` knows a fixed set of types (no TLSA, SVCB, …) and also drops
 * `IN 600 A` records. Both would still need the value canonicalisation in values.ts.
 */
import { DnsInputError } from "./errors";
import { canonicalHostname, relativeName, zoneName } from "./names";
import { MAX_TTL, checkRecordSets } from "./rules";
import { lexZoneFile, Token, ZoneLine } from "./strings";
import { txtFromWire, txtToWire } from "./txt";
import { RecordSet, isRecordType } from "./types";
import { canonicalValueIn } from "./values";

export interface ZoneFile {
  /** The zone's default TTL: the file's first $TTL, when it comes before any record. */
  ttl?: number;
  /** The rrsets, sorted as `toZoneFile` writes them; values in file order, TXT as plain text. */
  records: RecordSet[];
}

const TTL_PATTERN = /^(?:\d+[smhdw]?)+$/i;
const TTL_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
const CLASSES = ["IN", "CH", "CS", "HS"];

/** A TTL in seconds: `3600`, or BIND's units (`1h30m`). */
function parseTtl(text: string, line: number): number {
  let seconds = 0;
  if (/^\d+$/.test(text)) seconds = Number(text);
  else {
    for (const [, number, unit] of text.matchAll(/(\d+)([smhdw])/gi)) seconds += Number(number) * TTL_UNITS[unit.toLowerCase()];
  }
  if (!TTL_PATTERN.test(text) || seconds > MAX_TTL) {
    throw new DnsInputError(`line ${line}: TTL ${JSON.stringify(text)} must be seconds (at most ${MAX_TTL}) or a duration like 1h30m`);
  }
  return seconds;
}

/** A name token of a zone file (owner or $ORIGIN) as an absolute ASCII name without trailing dot. */
function fileName(token: Token, origin: string, line: number): string {
  if (token.quoted || token.raw.includes("\\")) {
    throw new DnsInputError(`line ${line}: name ${token.raw} must be written without quotes or escapes`);
  }
  try {
    return canonicalHostname(token.raw === "@" ? "@" : token.raw, { zone: origin, refuseZoneSuffix: false, wildcard: true }).replace(/\.$/, "");
  } catch (error) {
    throw new DnsInputError(`line ${line}: ${(error as Error).message}`);
  }
}

interface PendingSet {
  set: RecordSet;
  line: number;
  /** What the records agree on: their TTL with the zone default filled in. */
  effectiveTtl: number | undefined;
}

/** Reads a zone file of `origin` (the zone name, IDN or ASCII, trailing dot or not) into rrsets and its default TTL. */
export function readZoneFile(text: string, origin: string): ZoneFile {
  const zone = zoneName(origin);
  let currentOrigin = zone;
  let zoneTtl: number | undefined;
  let currentTtl: number | undefined;
  let previousOwner: string | undefined;
  let seenRecord = false;
  const sets = new Map<string, PendingSet>();

  const directive = (line: ZoneLine) => {
    const [keyword, ...args] = line.tokens;
    const name = keyword.raw.toUpperCase();
    if (name === "$ORIGIN" && args.length === 1) {
      const next = fileName(args[0], currentOrigin, line.line);
      try {
        relativeName(`${next}.`, zone);
      } catch {
        throw new DnsInputError(`line ${line.line}: $ORIGIN ${args[0].raw} is outside the zone ${zone}`);
      }
      currentOrigin = next;
    } else if (name === "$TTL" && args.length === 1) {
      currentTtl = parseTtl(args[0].raw, line.line);
      if (!seenRecord && zoneTtl === undefined) zoneTtl = currentTtl;
    } else if (name === "$ORIGIN" || name === "$TTL") {
      throw new DnsInputError(`line ${line.line}: ${name} takes one argument`);
    } else {
      throw new DnsInputError(`line ${line.line}: ${keyword.raw} is not supported; only $ORIGIN and $TTL are (paste included or generated records in)`);
    }
  };

  // Editors on Windows may save a byte order mark; it is no part of the first owner name.
  for (const line of lexZoneFile(text.replace(/^\uFEFF/, ""))) {
    const tokens = [...line.tokens];
    if (!line.indented && tokens[0].raw.startsWith("$")) {
      directive(line);
      continue;
    }
    let owner: string;
    if (line.indented) {
      if (previousOwner === undefined) throw new DnsInputError(`line ${line.line}: the first record needs an owner name`);
      owner = previousOwner;
    } else owner = fileName(tokens.shift()!, currentOrigin, line.line);
    previousOwner = owner;

    let explicitTtl: number | undefined;
    let recordClass: string | undefined;
    while (tokens.length > 0 && !tokens[0].quoted) {
      const raw = tokens[0].raw;
      if (explicitTtl === undefined && /^\d/.test(raw)) explicitTtl = parseTtl(raw, line.line);
      else if (recordClass === undefined && CLASSES.includes(raw.toUpperCase())) recordClass = raw.toUpperCase();
      else break;
      tokens.shift();
    }
    if (recordClass !== undefined && recordClass !== "IN") {
      throw new DnsInputError(`line ${line.line}: class ${recordClass} is not supported; only IN`);
    }
    const typeToken = tokens.shift();
    const type = typeToken?.raw.toUpperCase();
    if (!type || !isRecordType(type)) {
      throw new DnsInputError(
        `line ${line.line}: ${typeToken ? `record type ${JSON.stringify(typeToken.raw)} is not supported` : "the record has no type"}`,
      );
    }
    if (tokens.length === 0) throw new DnsInputError(`line ${line.line}: the ${type} record has no value`);

    // TXT strings written without quotes are character-strings all the same: quote them so they stay separate.
    const rdata = tokens.map((t) => (type === "TXT" && !t.quoted ? `"${t.raw}"` : t.raw)).join(" ");
    let value: string;
    try {
      value = canonicalValueIn(type, rdata, { zone, origin: currentOrigin, refuseZoneSuffix: false });
    } catch (error) {
      throw new DnsInputError(`line ${line.line}: ${(error as Error).message}`);
    }
    if (type === "TXT") value = txtFromWire(value);

    let name: string;
    try {
      name = relativeName(`${owner}.`, zone);
    } catch (error) {
      throw new DnsInputError(`line ${line.line}: ${(error as Error).message}`);
    }
    // Without a TTL a record takes the $TTL in force, and before any $TTL the zone's default (unset): not the
    // previous record's TTL (RFC 1035 §5.1), which would make a file written without $TTL read back otherwise.
    const ttl = explicitTtl ?? (currentTtl === zoneTtl ? undefined : currentTtl);
    const effectiveTtl = ttl ?? zoneTtl;
    seenRecord = true;

    const key = `${name}/${type}`;
    const pending = sets.get(key);
    if (!pending) {
      sets.set(key, { set: ttl === undefined ? { name, type, values: [value] } : { name, type, ttl, values: [value] }, line: line.line, effectiveTtl });
      continue;
    }
    if (pending.effectiveTtl !== effectiveTtl) {
      throw new DnsInputError(
        `line ${line.line}: ${key} has TTL ${effectiveTtl ?? "(zone default)"} here but ${pending.effectiveTtl ?? "(zone default)"} on line ${pending.line}: the records of one rrset share one TTL`,
      );
    }
    if (pending.set.ttl === undefined && ttl !== undefined) pending.set.ttl = ttl;
    if (!pending.set.values.includes(value)) pending.set.values.push(value);
  }
  const records = sortRecordSets([...sets.values()].map((p) => p.set));
  return zoneTtl === undefined ? { records } : { ttl: zoneTtl, records };
}

/** The rrsets of a zone file (see readZoneFile for its default TTL too). */
export function parseZoneFile(text: string, origin: string): RecordSet[] {
  return readZoneFile(text, origin).records;
}

const TYPE_RANK: Record<string, number> = { SOA: 0, NS: 1 };

/** DNS canonical order (RFC 4034 §6.1: by labels from the right), the apex first; per name SOA, NS, then by type. */
function compareSets(a: RecordSet, b: RecordSet): number {
  const labelsA = a.name === "@" ? [] : a.name.split(".").reverse();
  const labelsB = b.name === "@" ? [] : b.name.split(".").reverse();
  for (let i = 0; i < Math.min(labelsA.length, labelsB.length); i++) {
    if (labelsA[i] !== labelsB[i]) return labelsA[i] < labelsB[i] ? -1 : 1;
  }
  if (labelsA.length !== labelsB.length) return labelsA.length - labelsB.length;
  const rank = (TYPE_RANK[a.type] ?? 2) - (TYPE_RANK[b.type] ?? 2);
  if (rank !== 0) return rank;
  return a.type < b.type ? -1 : a.type > b.type ? 1 : 0;
}

/** Rrsets in the order zone files are written (names relative and ASCII, as relativeName returns them). */
export function sortRecordSets(sets: RecordSet[]): RecordSet[] {
  return [...sets].sort(compareSets);
}

/**
 * A zone file of the rrsets: $ORIGIN, $TTL when given, one line per value, sorted (sortRecordSets), names
 * relative, values canonical. `parseZoneFile(toZoneFile(sets, o), o.origin)` gives the sets back, sorted.
 * Throws DnsInputError naming the first rule a set breaks (checkRecordSets).
 */
export function toZoneFile(sets: RecordSet[], options: { origin: string; ttl?: number }): string {
  const zone = zoneName(options.origin);
  const failures = checkRecordSets(sets, zone, "records");
  if (failures.length > 0) {
    const more = failures.length > 1 ? ` (and ${failures.length - 1} more)` : "";
    throw new DnsInputError(`${failures[0].property}: ${failures[0].reason}${more}`);
  }
  if (options.ttl !== undefined && (!Number.isInteger(options.ttl) || options.ttl < 0 || options.ttl > MAX_TTL)) {
    throw new DnsInputError(`the zone file TTL must be a whole number of seconds up to ${MAX_TTL}`);
  }
  const rows = sortRecordSets(sets.map((set) => ({ ...set, name: relativeName(set.name, zone) }))).flatMap((set) =>
    set.values.map((value) => ({
      name: set.name,
      ttl: set.ttl === undefined || set.ttl === null ? "" : String(set.ttl),
      type: set.type,
      value: set.type === "TXT" ? txtToWire(txtFromWire(value)) : canonicalValueIn(set.type, value, { zone, refuseZoneSuffix: true }),
    })),
  );
  const nameWidth = Math.max(0, ...rows.map((r) => r.name.length));
  const ttlWidth = Math.max(0, ...rows.map((r) => r.ttl.length));
  const typeWidth = Math.max(0, ...rows.map((r) => r.type.length));
  const lines = [`$ORIGIN ${zone}.`];
  if (options.ttl !== undefined) lines.push(`$TTL ${options.ttl}`);
  for (const row of rows) {
    const ttl = ttlWidth > 0 ? ` ${row.ttl.padEnd(ttlWidth)}` : "";
    lines.push(`${row.name.padEnd(nameWidth)}${ttl} IN ${row.type.padEnd(typeWidth)} ${row.value}`);
  }
  return `${lines.join("\n")}\n`;
}
