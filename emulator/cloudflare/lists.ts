/**
 * Pagination as Cloudflare's list endpoints have it (`page`, `per_page`; `result_info` with `page`,
 * `per_page`, `count`, `total_count`, `total_pages`: spec `dns-records_result_info` plus `total_pages`,
 * which every v4 list answers and cloudflare-typescript's `V4PagePaginationArray` reads).
 */
import { CODES, CloudflareError, queryValue, type Query } from "./conventions";

export interface PageLimits {
  defaultPerPage: number;
  maxPerPage: number;
  minPerPage?: number;
}

function positiveInteger(query: Query, name: string, fallback: number, min: number, max: number): number {
  const raw = queryValue(query, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) throw new CloudflareError(400, { code: CODES.invalidQuery, message: `${name} must be an integer between ${min} and ${max}` });
  return value;
}

export function paginate<T>(items: T[], query: Query, limits: PageLimits) {
  const page = positiveInteger(query, "page", 1, 1, Number.MAX_SAFE_INTEGER);
  const perPage = positiveInteger(query, "per_page", limits.defaultPerPage, limits.minPerPage ?? 1, limits.maxPerPage);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  return {
    items: slice,
    info: { page, per_page: perPage, count: slice.length, total_count: items.length, total_pages: Math.max(1, Math.ceil(items.length / perPage)) },
  };
}
