/**
 * TXT values: the one place quoting, escaping and splitting live.
 * A program writes the plain text; the wire form (what the API stores and returns, and what a zone file
 * holds) is one or more quoted character-strings of at most 255 bytes each, separated by one space.
 * Character-string boundaries carry no meaning here: a value is the concatenation of its strings (as for
 * SPF and DKIM), so a value read back is re-split at 255 bytes.
 */
import { DnsInputError, quoteInput } from "./errors";
import { lexValue } from "./strings";

const MAX_STRING_BYTES = 255;
/** RDATA is at most 65535 bytes, and every character-string costs one length byte. */
const MAX_TXT_BYTES = 65535 - Math.ceil(65535 / (MAX_STRING_BYTES + 1));

const encoder = new TextEncoder();
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** One character of a chunk, escaped for inside quotes: `"` and `\` escaped, control characters as \DDD. */
function escapeChar(char: string): string {
  if (char === '"' || char === "\\") return `\\${char}`;
  const code = char.codePointAt(0)!;
  if (code < 0x20 || code === 0x7f) return `\\${String(code).padStart(3, "0")}`;
  return char;
}

/** One string in quotes, escaped, not split (CAA values, HINFO fields). */
export function quoteString(text: string): string {
  let quoted = "";
  for (const char of text) quoted += escapeChar(char);
  return `"${quoted}"`;
}

/** Plain text → `"…" "…"`: 255-byte character-strings, never splitting a UTF-8 character or an escape. */
export function txtToWire(plain: string): string {
  if (typeof plain !== "string") throw new DnsInputError("a TXT value must be a string");
  if (encoder.encode(plain).length > MAX_TXT_BYTES) {
    throw new DnsInputError(`TXT value is longer than ${MAX_TXT_BYTES} bytes`);
  }
  const strings: string[] = [];
  let chunk = "";
  let chunkBytes = 0;
  for (const char of plain) {
    const size = encoder.encode(char).length;
    if (chunkBytes + size > MAX_STRING_BYTES) {
      strings.push(chunk);
      chunk = "";
      chunkBytes = 0;
    }
    chunk += escapeChar(char);
    chunkBytes += size;
  }
  strings.push(chunk);
  return strings.map((s) => `"${s}"`).join(" ");
}

/**
 * Whether a value is written in wire form. A value that starts with a double quote must be one or more
 * quoted strings and nothing else; plain text that starts with a quote is written quoted (`"\"hi\""`).
 */
function quotedStrings(value: string): Uint8Array[] | undefined {
  if (!value.trimStart().startsWith('"')) return undefined;
  let tokens;
  try {
    tokens = lexValue(value);
  } catch (error) {
    throw new DnsInputError(`TXT value ${quoteInput(value)} starts with a quote but is not quoted text: ${(error as Error).message}`);
  }
  const unquoted = tokens.find((token) => !token.quoted);
  if (unquoted) {
    throw new DnsInputError(
      `TXT value ${quoteInput(value)} starts with a quote but ${quoteInput(unquoted.raw)} is outside quotes: quote every part, or write the plain text without quotes`,
    );
  }
  return tokens.map((token) => token.bytes);
}

/** Wire form (one or more quoted strings) → plain text, strings joined. A value that is not quoted is already plain. */
export function txtFromWire(wire: string): string {
  if (typeof wire !== "string") throw new DnsInputError("a TXT value must be a string");
  const strings = quotedStrings(wire);
  if (!strings) return wire;
  const joined = new Uint8Array(strings.reduce((n, s) => n + s.length, 0));
  let offset = 0;
  for (const s of strings) {
    joined.set(s, offset);
    offset += s.length;
  }
  try {
    return strictUtf8.decode(joined);
  } catch {
    throw new DnsInputError(`TXT value ${quoteInput(wire)} is not UTF-8 text`);
  }
}

/** The canonical wire form of a TXT value given plain or quoted. */
export function canonicalTxt(value: string): string {
  return txtToWire(txtFromWire(value));
}
