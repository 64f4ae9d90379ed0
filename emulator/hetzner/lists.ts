/**
 * List endpoints as both Hetzner specs document them: the `name` and `label_selector` filters,
 * "Sorting" and "Pagination" (`meta.pagination` plus a `Link` header).
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { invalidInput, queryValue, queryValues, type Query } from "./conventions";
import { labelSelector, type Labels } from "./labels";

/** Applies the common `name` and `label_selector` list filters. */
export function filterByNameAndLabels<T extends { name: string; labels: Labels }>(items: T[], query: Query): T[] {
  const name = queryValue(query, "name");
  const selector = queryValue(query, "label_selector");
  const matches = selector ? labelSelector(selector, "label_selector") : () => true;
  return items.filter((item) => (name === undefined || item.name === name) && matches(item.labels));
}

// ---- sorting ----

export type SortKeys<T> = Record<string, (item: T) => string | number | null>;

/** `sort=field[:asc|:desc]`, repeatable; nulls sort last. */
export function sortItems<T>(items: T[], query: Query, keys: SortKeys<T>): T[] {
  const orders = queryValues(query, "sort").map((spec) => {
    const [field, direction = "asc"] = spec.split(":");
    if (!(field in keys) || !["asc", "desc"].includes(direction)) throw invalidInput("sort", `invalid sort '${spec}'`);
    return { key: keys[field], sign: direction === "asc" ? 1 : -1 };
  });
  return [...items].sort((a, b) => {
    for (const { key, sign } of orders) {
      const [x, y] = [key(a), key(b)];
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * sign;
    }
    return 0;
  });
}

// ---- pagination ----

const DEFAULT_PER_PAGE = 25;
const MAX_PER_PAGE = 50;

function pageParam(query: Query, name: string, fallback: number): number {
  const raw = queryValue(query, name);
  if (raw === undefined) return fallback;
  if (!/^[1-9]\d*$/.test(raw)) throw invalidInput(name, "must be a positive integer");
  return Number(raw);
}

/**
 * Returns one page as `{ [key]: items, meta: { pagination } }` and sets the `Link` header. `maxPerPage`
 * is 50 ("Pagination") unless an endpoint documents another maximum (RRSets: 100).
 */
export function paginate<T>(request: FastifyRequest, reply: FastifyReply, items: T[], key: string, maxPerPage = MAX_PER_PAGE) {
  const query = request.query as Query;
  const page = pageParam(query, "page", 1);
  const perPage = Math.min(pageParam(query, "per_page", DEFAULT_PER_PAGE), maxPerPage);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const pagination = {
    page,
    per_page: perPage,
    previous_page: page > 1 ? Math.min(page - 1, lastPage) : null,
    next_page: page < lastPage ? page + 1 : null,
    last_page: lastPage,
    total_entries: items.length,
  };
  reply.header("Link", linkHeader(request, perPage, pagination));
  return { [key]: items.slice((page - 1) * perPage, page * perPage), meta: { pagination } };
}

function linkHeader(
  request: FastifyRequest,
  perPage: number,
  pagination: { previous_page: number | null; next_page: number | null; last_page: number },
): string {
  const url = new URL(request.url, `${request.protocol}://${request.host}`);
  const link = (page: number, rel: string) => {
    url.searchParams.set("page", String(page));
    url.searchParams.set("per_page", String(perPage));
    return `<${url.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (pagination.previous_page !== null) links.push(link(pagination.previous_page, "prev"));
  if (pagination.next_page !== null) links.push(link(pagination.next_page, "next"));
  links.push(link(pagination.last_page, "last"));
  return links.join(", ");
}
