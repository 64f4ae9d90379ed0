/** The request log's copy of a body: the value of every secret key, at any depth, replaced (`Family.logBody`). */
export function redacting(keys: readonly string[]): (body: unknown) => unknown {
  const secret = new Set(keys);
  const redact = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(redact);
    if (typeof value !== "object" || value === null) return value;
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, secret.has(key) ? "[redacted]" : redact(inner)]));
  };
  return redact;
}
