/** Wire objects of the Hetzner API (storage boxes) as the spec renders them, for unit tests. */
import nock from "nock";
import { wireActions } from "../helpers";

export const PRICE = { net: "3.2000", gross: "3.8080" };

export function wireType(overrides: Record<string, unknown> = {}) {
  return {
    id: 1,
    name: "bx11",
    description: "BX11",
    snapshot_limit: 10,
    automatic_snapshot_limit: 10,
    subaccounts_limit: 100,
    size: 1099511627776,
    prices: [{ location: "fsn1", price_hourly: { net: "0.0051", gross: "0.0061" }, price_monthly: PRICE, setup_fee: { net: "0.0000", gross: "0.0000" } }],
    deprecation: null,
    ...overrides,
  };
}

export const BX21 = wireType({ id: 2, name: "bx21", description: "BX21", size: 5497558138880 });

export const LOCATION_FSN1 = {
  id: 1,
  name: "fsn1",
  description: "Falkenstein DC Park 1",
  country: "DE",
  city: "Falkenstein",
  latitude: 50.47612,
  longitude: 12.370071,
  network_zone: "eu-central",
};

export const ACCESS_OFF = { reachable_externally: false, samba_enabled: false, ssh_enabled: false, webdav_enabled: false, zfs_enabled: false };

export function wireBox(overrides: Record<string, unknown> = {}) {
  return {
    id: 42,
    name: "backup",
    storage_box_type: wireType(),
    location: LOCATION_FSN1,
    access_settings: ACCESS_OFF,
    snapshot_plan: null,
    protection: { delete: false },
    labels: {},
    status: "active",
    username: "u42",
    server: "u42.your-storagebox.de",
    system: "FSN1-BX355",
    stats: { size: 1024, size_data: 1000, size_snapshots: 24 },
    created: "2026-11-25T10:00:00+00:00",
    ...overrides,
  };
}

export function wireSubaccount(overrides: Record<string, unknown> = {}) {
  return {
    storage_box: 42,
    id: 7,
    name: "photos",
    home_directory: "photos",
    access_settings: { reachable_externally: false, samba_enabled: false, ssh_enabled: true, webdav_enabled: false, readonly: false },
    description: "",
    labels: {},
    username: "u42-sub1",
    server: "u42-sub1.your-storagebox.de",
    created: "2026-11-25T10:00:00+00:00",
    ...overrides,
  };
}

export function wireSnapshot(overrides: Record<string, unknown> = {}) {
  return {
    storage_box: 42,
    id: 9,
    name: "2026-11-25T10-00-00",
    description: "",
    labels: {},
    stats: { size: 10, size_filesystem: 1000 },
    is_automatic: false,
    created: "2026-11-25T10:00:00+00:00",
    ...overrides,
  };
}

export const meta = (total: number, nextPage: number | null = null) => ({
  pagination: { page: 1, per_page: 50, previous_page: null, next_page: nextPage, last_page: nextPage ?? 1, total_entries: total },
});

/** Actions on box 42, polled where the Hetzner API has them: `/storage_boxes/actions`. */
export const boxActions = wireActions({ id: 42, type: "storage_box" }, { pollPath: "/storage_boxes/actions", listMeta: true });

/** A POST of `path` answered with the running action `id`, then the waiter's poll that finds it `status`. */
export const postBoxAction = (scope: nock.Scope, path: string, body: nock.RequestBodyMatcher, id: number, command: string, status = "success", error: unknown = null) =>
  boxActions.waitFor(scope.post(path, body).reply(201, { action: boxActions.action(id, command) }), id, command, status, error);
