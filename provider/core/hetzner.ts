/**
 * Conventions both Hetzner APIs share (Cloud `/v1` and the Hetzner API for storage boxes):
 * the error envelope, `meta.pagination`, and label rules.
 */
import { HttpClient, ParsedApiError, Query } from "./http";
import { CheckFailure, isUnknown } from "./inputs";

export function parseHetznerError(status: number, body: unknown): ParsedApiError {
  const error = (body as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
  if (!error || typeof error !== "object") {
    return { code: `http_${status}`, message: typeof body === "string" && body ? body.slice(0, 200) : `HTTP ${status}` };
  }
  const details = error.details as { fields?: Array<{ name: string; messages?: string[] }> } | undefined;
  return {
    code: error.code ?? `http_${status}`,
    message: error.message ?? `HTTP ${status}`,
    fields: details?.fields?.map((f) => ({ name: f.name, messages: f.messages ?? [] })),
    details: error.details,
  };
}

interface Paginated {
  meta?: { pagination?: { next_page?: number | null } };
}

/** Fetches every page of a list endpoint and returns the items under `key`. */
export async function listAllPages<T>(http: HttpClient, path: string, key: string, query: Query = {}): Promise<T[]> {
  const items: T[] = [];
  for (let page: number | null | undefined = 1; page; ) {
    const { data }: { data: Paginated & Record<string, unknown> } = await http.get(path, { ...query, page, per_page: 50 });
    items.push(...((data[key] as T[] | undefined) ?? []));
    page = data.meta?.pagination?.next_page;
  }
  return items;
}

const LABEL_NAME = /^[a-z0-9A-Z]([a-z0-9A-Z._-]{0,61}[a-z0-9A-Z])?$/;
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Returns what is wrong with one label, or undefined. Rules from the Hetzner Cloud docs. */
export function labelProblem(key: string, value: unknown): string | undefined {
  if (typeof value !== "string") return `label "${key}" must have a string value`;
  const slash = key.lastIndexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (!LABEL_NAME.test(name)) {
    return `label key "${key}": the name must be 1-63 characters, start and end alphanumeric, with - _ . allowed between`;
  }
  if (prefix !== undefined) {
    if (prefix.length > 253 || !prefix.split(".").every((part) => DNS_LABEL.test(part))) {
      return `label key "${key}": the prefix must be a DNS subdomain of at most 253 characters`;
    }
    if (prefix === "hetzner.cloud" || prefix.endsWith(".hetzner.cloud")) {
      return `label key "${key}": the hetzner.cloud/ prefix is reserved`;
    }
  }
  if (value !== "" && !LABEL_NAME.test(value)) {
    return `label "${key}": the value must be empty or 1-63 characters, start and end alphanumeric, with - _ . allowed between`;
  }
  return undefined;
}

/** check() for a `labels` input: every label validated, unknown values (preview) passed through. */
export function checkLabels(labels: unknown, failures: CheckFailure[]): unknown {
  if (isUnknown(labels)) return labels;
  if (typeof labels !== "object" || labels === null || Array.isArray(labels)) {
    failures.push({ property: "labels", reason: "labels must be a map of strings" });
    return labels;
  }
  for (const [key, value] of Object.entries(labels)) {
    if (isUnknown(value)) continue;
    const problem = labelProblem(key, value);
    if (problem) failures.push({ property: "labels", reason: problem });
  }
  return labels;
}
