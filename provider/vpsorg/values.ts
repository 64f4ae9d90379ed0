/**
 * VPS.org record values ⇄ the shared model's canonical values (provider/dns).
 *
 * The shared model writes MX and SRV with their priority first ("10 mail.example.com."); VPS.org keeps
 * `priority` apart and the rest in `value` (seed: MX value "mail.example.com" with priority 10, SRV
 * value "10 5060 sip.example.com" = weight port target). Hostnames in its values are fully qualified
 * without trailing dot (seed: "mail.example.com", "ns1.example.com", CNAME "example.com"), TXT is plain
 * text (seed: "v=spf1 include:_spf.google.com ~all"). Either way a value written one way and read back
 * another never diffs: both sides are compared in the shared model's canonical form.
 */
import { DnsInputError, MAX_TTL, MIN_TTL, recordType } from "../dns";
import { quoteInput } from "../dns/errors";
import { lexValue } from "../dns/strings";
import { txtFromWire, txtToWire } from "../dns/txt";
import { canonicalValueIn } from "../dns/values";
import { DEFAULT_TTL, PRIORITY_TYPES, VPSORG_RECORD_TYPES, VpsorgRecordType } from "./wire";

/** A record's value as the API takes and returns it. */
export interface WireValue {
  value: string;
  /** MX and SRV only. */
  priority?: number;
}

/** A single record's value or priority the API would refuse; `property` names which. */
export class RecordInputError extends DnsInputError {
  constructor(
    message: string,
    readonly property: "value" | "priority",
  ) {
    super(message);
  }
}

/** The type as VPS.org spells it; any other is a DnsInputError naming the types it accepts. */
export const vpsorgRecordType = (type: unknown): VpsorgRecordType => recordType(type as string, VPSORG_RECORD_TYPES) as VpsorgRecordType;

/** Where the hostname is in a value (after the priority is taken out), for the types that hold one. */
const HOSTNAME_AT: Partial<Record<string, number>> = { CNAME: 0, NS: 0, MX: 0, SRV: 2 };
/** The shape of `value` (priority apart), for messages. */
const VALUE_SHAPE: Partial<Record<string, string>> = {
  MX: 'the mail server\'s hostname, e.g. "mail.example.com" (priority apart)',
  SRV: '"<weight> <port> <target>", e.g. "60 5060 sip.example.com" (priority apart)',
};
const TOKENS: Partial<Record<string, number>> = { MX: 1, SRV: 3 };

/** Replaces the token at `index` (split on blanks; these types have no quoted parts). */
function mapToken(value: string, index: number, map: (token: string) => string): string {
  const tokens = value.trim().split(/\s+/);
  tokens[index] = map(tokens[index]);
  return tokens.join(" ");
}

/** A canonical value (the shared model's form) as the API takes it. */
export function toWire(type: string, canonical: string): WireValue {
  if (type === "TXT") return { value: txtFromWire(canonical) };
  let value = canonical;
  let priority: number | undefined;
  if (PRIORITY_TYPES.includes(type)) {
    const [first, ...rest] = canonical.split(" ");
    priority = Number(first);
    value = rest.join(" ");
  }
  const at = HOSTNAME_AT[type];
  // The root "." (a null MX) has no name to write without its dot.
  if (at !== undefined) value = mapToken(value, at, (host) => (host === "." ? host : host.replace(/\.$/, "")));
  return priority === undefined ? { value } : { value, priority };
}

/**
 * A value as VPS.org writes it in the shared model's canonical form. Hostnames are fully qualified (a
 * trailing dot is optional); `zone` resolves "@". `strict` (a program's input) refuses a priority where
 * none belongs and a value not of the type's VPS.org shape; read back, whatever cannot be read is
 * returned as it is, so it shows as a difference instead of failing.
 */
export function fromWire(type: string, wire: WireValue, zone: string, strict = false): string {
  const fail = (rule: string, property: "value" | "priority" = "value"): never => {
    throw new RecordInputError(rule, property);
  };
  const { value, priority } = wire;
  if (typeof value !== "string" || value.trim() === "") fail(`${type} value must not be empty`);
  if (type === "TXT") return txtToWire(value);
  const needsPriority = PRIORITY_TYPES.includes(type);
  if (strict) {
    if (needsPriority && (priority === undefined || priority === null)) fail(`${type} records require priority (a whole number from 0 to 65535)`, "priority");
    if (!needsPriority && priority !== undefined && priority !== null) fail(`priority applies to MX and SRV records only; remove it from this ${type} record`, "priority");
    if (needsPriority && (!Number.isInteger(priority) || priority! < 0 || priority! > 65535)) fail("priority must be a whole number from 0 to 65535", "priority");
    if (TOKENS[type] !== undefined && safeTokens(value) !== TOKENS[type]) fail(`${type} value ${quoteInput(value)} must be ${VALUE_SHAPE[type]}`);
  }
  const at = HOSTNAME_AT[type];
  // A single record knows no zone name in check: "@" would be resolved against a guess.
  if (strict && at !== undefined && value.trim().split(/\s+/)[at] === "@") fail(`${type} value: write the hostname in full (e.g. "example.com"), not "@"`);
  let presentation = at === undefined ? value.trim() : mapToken(value, at, (host) => (host === "@" || host.endsWith(".") ? host : `${host}.`));
  if (needsPriority) presentation = `${priority ?? ""} ${presentation}`;
  try {
    return canonicalValueIn(type, presentation, { zone, refuseZoneSuffix: false });
  } catch (error) {
    if (strict) throw error;
    return presentation;
  }
}

function safeTokens(value: string): number {
  try {
    return lexValue(value).length;
  } catch {
    return -1;
  }
}

/** The shared model's TTL of a record: unset stands for VPS.org's default, so 3600 and unset never diff. */
export function modelTtl(ttl: number | null | undefined): number | null {
  return ttl === undefined || ttl === null || ttl === DEFAULT_TTL ? null : ttl;
}

/** The TTL to send: unset is VPS.org's default, written out so a change back to it is sent too. */
export function wireTtl(ttl: number | null | undefined): number {
  return ttl ?? DEFAULT_TTL;
}

/** What is wrong with a TTL input (the shared model's bounds), or undefined. */
/** A zone's uuid as VPS.org takes it (DRF's UUIDField: 32 hex digits, hyphens optional, any case). */
export const isZoneUuid = (value: string) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(value.trim());

export function ttlProblem(ttl: unknown): string | undefined {
  if (ttl === undefined || ttl === null) return undefined;
  return Number.isInteger(ttl) && (ttl as number) >= MIN_TTL && (ttl as number) <= MAX_TTL
    ? undefined
    : `ttl must be a whole number of seconds from ${MIN_TTL} to ${MAX_TTL}`;
}
