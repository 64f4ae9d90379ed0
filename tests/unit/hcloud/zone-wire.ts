/** Wire fixtures of the Cloud DNS API (zones and RRSets), as the API renders them, for unit tests. */

export const ASSIGNED_NS = ["hydrogen.ns.hetzner.com.", "oxygen.ns.hetzner.com.", "helium.ns.hetzner.de."];

export function wireZone(overrides: Record<string, unknown> = {}) {
  return {
    id: 301,
    name: "example.com",
    mode: "primary",
    ttl: 3600,
    labels: {},
    protection: { delete: false },
    primary_nameservers: [],
    status: "ok",
    record_count: 4,
    registrar: "other",
    authoritative_nameservers: { assigned: ASSIGNED_NS, delegated: [], delegation_last_check: null, delegation_status: "unknown" },
    created: "2026-11-25T10:00:00+00:00",
    ...overrides,
  };
}

export function wireRrset(name: string, type: string, values: string[], overrides: Record<string, unknown> = {}) {
  return {
    id: `${name}/${type}`,
    zone: 301,
    name,
    type,
    ttl: null,
    labels: {},
    protection: { change: false },
    records: values.map((value) => ({ value })),
    ...overrides,
  };
}

/** The `meta` of a list answered in one page (or page `page` of `last`). */
export function listMeta(total: number, page = 1, last = 1, perPage = 100) {
  return { pagination: { page, per_page: perPage, previous_page: page > 1 ? page - 1 : null, next_page: page < last ? page + 1 : null, last_page: last, total_entries: total } };
}
