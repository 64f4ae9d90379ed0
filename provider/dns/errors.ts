/** A DNS name, value or zone file the API would refuse or misread. The message names the rule; callers add the property path. */
export class DnsInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DnsInputError";
  }
}

/** Quotes a user's input in an error message, shortened so a 2 KB DKIM key does not flood the terminal. */
export function quoteInput(value: string, max = 60): string {
  const shown = value.length > max ? `${value.slice(0, max - 1)}…` : value;
  return JSON.stringify(shown);
}
