/**
 * The lexer of RFC 1035 presentation format, shared by record values and zone files: whitespace-separated
 * tokens, quoted character-strings, `\X` and `\DDD` escapes; in zone files also `;` comments and
 * parentheses that continue a record over several lines.
 */
import { DnsInputError } from "./errors";

export interface Token {
  /** The token as written, quotes and escapes included. */
  raw: string;
  quoted: boolean;
  /** The decoded octets (escapes resolved, text as UTF-8). */
  bytes: Uint8Array;
}

/** One record (or directive) of a zone file: its tokens, where it starts, and whether its owner was left out. */
export interface ZoneLine {
  tokens: Token[];
  line: number;
  /** The line began with a blank: the owner is the previous record's. */
  indented: boolean;
}

const encoder = new TextEncoder();

class Lexer {
  private index = 0;
  line = 1;

  constructor(
    private readonly text: string,
    private readonly zoneFile: boolean,
  ) {}

  private fail(reason: string): never {
    throw new DnsInputError(this.zoneFile ? `line ${this.line}: ${reason}` : reason);
  }

  get done(): boolean {
    return this.index >= this.text.length;
  }

  peek(): string {
    return this.text[this.index];
  }

  advance(): string {
    return this.text[this.index++];
  }

  /** Skips to the end of a `;` comment, leaving the newline. */
  skipComment(): void {
    while (!this.done && this.peek() !== "\n") this.index++;
  }

  /** Reads `\X` or `\DDD` (the backslash already consumed) into bytes. */
  private escape(bytes: number[]): void {
    if (this.done) this.fail("a backslash ends the text; write \\\\ for a backslash");
    const digits = this.text.slice(this.index, this.index + 3);
    if (/^\d{3}$/.test(digits)) {
      const octet = Number(digits);
      if (octet > 255) this.fail(`escape \\${digits} is not an octet (000-255)`);
      bytes.push(octet);
      this.index += 3;
      return;
    }
    const char = String.fromCodePoint(this.text.codePointAt(this.index)!);
    this.index += char.length;
    bytes.push(...encoder.encode(char));
  }

  private char(bytes: number[]): void {
    const char = String.fromCodePoint(this.text.codePointAt(this.index)!);
    this.index += char.length;
    bytes.push(...encoder.encode(char));
  }

  quoted(): Token {
    const start = this.index;
    const bytes: number[] = [];
    this.quotedPart(bytes);
    return { raw: this.text.slice(start, this.index), quoted: true, bytes: Uint8Array.from(bytes) };
  }

  /** Reads `"…"` at the current position into bytes. */
  private quotedPart(bytes: number[]): void {
    this.index++; // opening quote
    for (;;) {
      if (this.done) this.fail("a quoted string is not closed");
      const c = this.peek();
      if (c === '"') break;
      if (c === "\n" && this.zoneFile) this.fail("a quoted string is not closed on its line");
      if (c === "\\") {
        this.index++;
        this.escape(bytes);
      } else this.char(bytes);
    }
    this.index++; // closing quote
  }

  unquoted(): Token {
    const start = this.index;
    const bytes: number[] = [];
    while (!this.done) {
      const c = this.peek();
      if (c === " " || c === "\t" || c === "\r" || c === "\n") break;
      if (this.zoneFile && (c === ";" || c === "(" || c === ")")) break;
      if (c === '"' && this.text[this.index - 1] === "=" && this.index > start) {
        // SVCB/HTTPS parameters: key="value" is one token (RFC 9460)
        this.quotedPart(bytes);
        continue;
      }
      if (c === '"') this.fail(`a quote inside ${JSON.stringify(this.text.slice(start, this.index + 1))}: put a blank before it or escape it as \\"`);
      if (c === "\\") {
        this.index++;
        this.escape(bytes);
      } else this.char(bytes);
    }
    return { raw: this.text.slice(start, this.index), quoted: false, bytes: Uint8Array.from(bytes) };
  }
}

/** The tokens of one record value (no comments, no parentheses: those are zone-file syntax). */
export function lexValue(value: string): Token[] {
  const lexer = new Lexer(value, false);
  const tokens: Token[] = [];
  while (!lexer.done) {
    const c = lexer.peek();
    if (c === " " || c === "\t" || c === "\r" || c === "\n") lexer.advance();
    else tokens.push(c === '"' ? lexer.quoted() : lexer.unquoted());
  }
  return tokens;
}

/** The logical lines of a zone file: comments dropped, parenthesised continuations joined. */
export function lexZoneFile(text: string): ZoneLine[] {
  const lexer = new Lexer(text, true);
  const lines: ZoneLine[] = [];
  let current: ZoneLine | undefined;
  let depth = 0;
  let lineStart = true;
  while (!lexer.done) {
    const c = lexer.peek();
    if (lineStart && depth === 0) {
      current = { tokens: [], line: lexer.line, indented: c === " " || c === "\t" };
    }
    lineStart = false;
    if (c === "\n") {
      lexer.advance();
      lexer.line++;
      lineStart = true;
      if (depth === 0 && current && current.tokens.length > 0) lines.push(current);
      continue;
    }
    if (c === " " || c === "\t" || c === "\r") lexer.advance();
    else if (c === ";") lexer.skipComment();
    else if (c === "(") {
      lexer.advance();
      depth++;
    } else if (c === ")") {
      lexer.advance();
      if (depth === 0) throw new DnsInputError(`line ${lexer.line}: ")" without "("`);
      depth--;
    } else current!.tokens.push(c === '"' ? lexer.quoted() : lexer.unquoted());
  }
  if (depth > 0) throw new DnsInputError(`line ${current?.line ?? lexer.line}: "(" is not closed`);
  if (current && current.tokens.length > 0) lines.push(current);
  return lines;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** A token's decoded text; octets that are not UTF-8 are refused. */
export function tokenText(token: Token): string {
  try {
    return strictUtf8.decode(token.bytes);
  } catch {
    throw new DnsInputError(`${JSON.stringify(token.raw)} is not UTF-8 text`);
  }
}
