/** Wire objects of the legacy Hetzner DNS API, as its spec's samples show them. */

export const ZONE_ID = "oH7shFebR6nLPgTnmvNjM8";

export function wireZone(overrides: Record<string, unknown> = {}) {
  return {
    id: ZONE_ID,
    created: "2026-11-25T10:00:00Z",
    modified: "2026-11-25T10:00:00Z",
    legacy_dns_host: "",
    legacy_ns: [],
    name: "example.com",
    ns: ["hydrogen.ns.hetzner.com", "oxygen.ns.hetzner.com", "helium.ns.hetzner.de"],
    owner: "",
    paused: false,
    permission: "",
    project: "",
    registrar: "",
    status: "verified",
    ttl: 86400,
    verified: "2026-11-25T10:05:00Z",
    records_count: 2,
    is_secondary_dns: false,
    txt_verification: { name: "", token: "" },
    ...overrides,
  };
}

export function wireRecord(id: string, name: string, type: string, value: string, ttl?: number, zoneId = ZONE_ID) {
  return {
    id,
    type,
    name,
    value,
    zone_id: zoneId,
    ...(ttl === undefined ? {} : { ttl }),
    created: "2026-11-25T10:00:00Z",
    modified: "2026-11-25T10:00:00Z",
  };
}

/** The error envelope the API answers with (beside an empty object of the endpoint's kind). */
export function dnsError(status: number, message: string) {
  return { error: { message, code: status } };
}

/** meta.pagination of page `page` of `last`. */
export function pagination(page: number, last: number, perPage: number, total: number) {
  return { meta: { pagination: { page, per_page: perPage, last_page: last, total_entries: total } } };
}
