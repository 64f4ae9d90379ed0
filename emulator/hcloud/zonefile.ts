/**
 * BIND zone files (RFC 1035 section 5) for the zone file import and export of Cloud DNS zones, with the
 * import rules of the spec ("Zone file import"): `$ORIGIN` may be present and must be the zone's name with
 * a trailing dot, `$TTL` becomes the zone's default TTL, only class `IN`, comments after a record are kept
 * as its comment and comments on their own lines are dropped. (That the SOA and Hetzner's NS records are
 * present is a zone rule checked by the caller: a new zone gets Hetzner's own.)
 *
 * A reader of its own, as the emulator shares nothing with the provider: directives, parentheses across
 * lines, quoted strings (in which `;` is text), comments, and an owner, TTL or class left out.
 */
import { RECORD_TYPES, recordValueError, rrsetNameError } from "./dns-records";
import { rrsetId, ttlError, type StoredRrset, type StoredZone } from "./zone-model";

export class ZoneFileError extends Error {}

export interface Token {
  text: string;
  quoted: boolean;
}

/** One logical line: its tokens (parentheses joined), the comments after them, and whether it began with a blank. */
export interface Entry {
  line: number;
  ownerOmitted: boolean;
  tokens: Token[];
  comments: string[];
}

const fail = (line: number, message: string): never => {
  throw new ZoneFileError(`line ${line}: ${message}`);
};

/** Splits the text into logical lines (RFC 1035 5.1: `( )` continue a line, `;` starts a comment, `"…"` is one token). */
export function entriesOf(text: string): Entry[] {
  const entries: Entry[] = [];
  let line = 1;
  let depth = 0;
  let entry: Entry | undefined;
  const finish = () => {
    if (entry && entry.tokens.length > 0) entries.push(entry);
    entry = undefined;
  };
  const begin = (ownerOmitted: boolean) => {
    entry ??= { line, ownerOmitted, tokens: [], comments: [] };
    return entry;
  };
  let atLineStart = true;
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === "\n") {
      line++;
      i++;
      if (depth === 0) finish();
      atLineStart = true;
      continue;
    }
    if (char === " " || char === "\t" || char === "\r") {
      if (atLineStart && depth === 0) begin(true);
      atLineStart = false;
      i++;
      continue;
    }
    const current = depth === 0 && atLineStart ? begin(false) : (entry ?? begin(false));
    atLineStart = false;
    if (char === ";") {
      const end = text.indexOf("\n", i);
      const comment = text.slice(i + 1, end < 0 ? text.length : end).trim();
      // A comment on a line of its own (no token yet) is dropped, as the import rules say.
      if (current.tokens.length > 0 && comment !== "") current.comments.push(comment);
      i = end < 0 ? text.length : end;
      continue;
    }
    if (char === "(") {
      depth++;
      i++;
      continue;
    }
    if (char === ")") {
      if (depth === 0) fail(line, "')' without '('");
      depth--;
      i++;
      continue;
    }
    if (char === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        if (text[j] === "\n") fail(line, "quoted string not closed on its line");
        j += text[j] === "\\" ? 2 : 1;
      }
      if (j >= text.length) fail(line, "quoted string not closed");
      current.tokens.push({ text: text.slice(i, j + 1), quoted: true });
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < text.length && !" \t\r\n;()\"".includes(text[j])) j += text[j] === "\\" ? 2 : 1;
    current.tokens.push({ text: text.slice(i, j), quoted: false });
    i = j;
  }
  if (depth > 0) fail(line, "'(' not closed");
  finish();
  return entries;
}

const TTL_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** A TTL in seconds (`3600`, or BIND's `1h30m`), or undefined when the token is not one. */
export function ttlOf(token: string): number | undefined {
  if (/^\d+$/.test(token)) return Number(token);
  if (!/^(\d+[smhdw])+$/i.test(token)) return undefined;
  let seconds = 0;
  for (const [, count, unit] of token.matchAll(/(\d+)([smhdw])/gi)) seconds += Number(count) * TTL_UNITS[unit.toLowerCase()];
  return seconds;
}

const CLASSES = ["IN", "CH", "HS", "CS", "ANY", "NONE"];
/** Types a zone file may hold that the Cloud DNS API does not take (so a clear error, not "bad token"). */
const looksLikeType = (token: string) => /^(TYPE\d+|[A-Z][A-Z0-9]{0,9})$/.test(token);

/** The RRSet name of an owner in zone `zone` (`@`, relative, or absolute inside the zone). */
function ownerName(raw: string, zone: string, line: number): string {
  const owner = raw.toLowerCase();
  if (owner === "@" || owner === `${zone}.`) return "@";
  let name = owner;
  if (owner.endsWith(".")) {
    if (!owner.endsWith(`.${zone}.`)) fail(line, `owner ${raw} is outside the zone ${zone}`);
    name = owner.slice(0, -(zone.length + 2));
  }
  const problem = rrsetNameError(name, zone);
  if (problem) fail(line, `owner ${raw} ${problem}`);
  return name;
}

export interface ParsedZoneFile {
  /** From `$TTL`: the zone's new default TTL. */
  ttl?: number;
  rrsets: StoredRrset[];
}

/** Reads a zone file of zone `zone` (its name without the trailing dot) into RRSets; `ZoneFileError` names the line. */
export function parseZoneFile(text: string, zone: string, now = Date.now()): ParsedZoneFile {
  let zoneTtl: number | undefined;
  let currentTtl: number | undefined;
  let previousOwner: string | undefined;
  const rrsets: StoredRrset[] = [];
  const explicitTtl = new Map<StoredRrset, number | null>();

  for (const { line, ownerOmitted, tokens, comments } of entriesOf(text)) {
    const words = tokens.map((token) => token.text);
    if (!tokens[0].quoted && words[0].startsWith("$")) {
      const directive = words[0].toUpperCase();
      if (directive === "$ORIGIN") {
        if (words.length !== 2 || words[1].toLowerCase() !== `${zone}.`) fail(line, `$ORIGIN must be the zone's name with a trailing dot (${zone}.)`);
      } else if (directive === "$TTL") {
        const ttl = words.length === 2 ? ttlOf(words[1]) : undefined;
        if (ttl === undefined || ttlError(ttl, false)) fail(line, "$TTL must be a TTL between 60 and 2147483647 seconds");
        currentTtl = ttl;
        zoneTtl ??= ttl;
      } else fail(line, `the directive ${words[0]} is not supported`);
      continue;
    }

    let rest = [...tokens];
    let name: string;
    if (ownerOmitted) {
      if (previousOwner === undefined) fail(line, "the first record must name its owner");
      name = previousOwner!;
    } else name = ownerName(rest.shift()!.text, zone, line);
    previousOwner = name;

    let ttl: number | undefined;
    let recordClass: string | undefined;
    for (let k = 0; k < 2 && rest.length > 0 && !rest[0].quoted; k++) {
      const word = rest[0].text;
      if (ttl === undefined && ttlOf(word) !== undefined) ttl = ttlOf(word);
      else if (recordClass === undefined && CLASSES.includes(word.toUpperCase())) recordClass = word.toUpperCase();
      else break;
      rest = rest.slice(1);
    }
    if (recordClass !== undefined && recordClass !== "IN") fail(line, `class ${recordClass}: only IN (internet) class records are allowed`);
    if (ttl !== undefined && ttlError(ttl, false)) fail(line, "TTL must be between 60 and 2147483647 seconds");
    const typeToken = rest.shift();
    const type = typeToken?.text.toUpperCase();
    if (!typeToken || typeToken.quoted || !looksLikeType(type!)) fail(line, "expected [owner] [TTL] [class] type value");
    if (!RECORD_TYPES.includes(type!)) fail(line, `type ${type} is not supported (supported: ${RECORD_TYPES.join(", ")})`);
    if (rest.length === 0) fail(line, `the ${type} record has no value`);
    const value = rest.map((token) => (!token.quoted && token.text === "@" ? `${zone}.` : token.text)).join(" ");
    const problem = recordValueError(type!, value);
    if (problem) fail(line, `${type} value '${value}' ${problem}`);
    if (type === "SOA" && name !== "@") fail(line, "SOA is only allowed at the zone apex");

    // A record without a TTL takes the current $TTL: the zone default when it is the first one.
    const recordTtl = ttl ?? (currentTtl !== undefined && currentTtl !== zoneTtl ? currentTtl : null);
    let rrset = rrsets.find((r) => r.name === name && r.type === type);
    if (!rrset) {
      rrset = { name, type: type!, ttl: recordTtl, labels: {}, protection: { change: false }, records: [], created: now };
      rrsets.push(rrset);
      explicitTtl.set(rrset, recordTtl);
    } else if (explicitTtl.get(rrset) !== recordTtl) {
      fail(line, `the records of ${rrsetId(name, type!)} have different TTLs: an RRSet has one TTL`);
    }
    if (rrset.records.some((record) => record.value === value)) fail(line, `the ${rrsetId(name, type!)} value '${value}' appears twice`);
    if ((type === "CNAME" || type === "SOA") && rrset.records.length > 0) fail(line, `a ${type} RRSet holds exactly one record`);
    rrset.records.push({ value, comment: comments.join(" ") });
  }
  return { ttl: zoneTtl, rrsets };
}

const oneLine = (comment: string) => comment.replace(/[\r\n]+/g, " ");

/** The zone file of a zone (spec, GET …/zonefile example): `$ORIGIN`, `$TTL`, the SOA, then every other record with its comment. */
export function writeZoneFile(zone: StoredZone): string {
  const line = (rrset: StoredRrset) =>
    rrset.records.map(
      (record) => `${rrset.name}\tIN\t${rrset.ttl === null ? "" : `${rrset.ttl}\t`}${rrset.type}\t${record.value}${record.comment ? ` ; ${oneLine(record.comment)}` : ""}\n`,
    );
  const soa = zone.rrsets.filter((rrset) => rrset.type === "SOA");
  const others = zone.rrsets.filter((rrset) => rrset.type !== "SOA");
  return [`$ORIGIN\t${zone.name}.\n$TTL\t${zone.ttl}\n\n`, ...soa.flatMap(line), "\n", ...others.flatMap(line)].join("");
}
