/**
 * Hetzner API (storage boxes) wire types, named from the official OpenAPI spec (generated/hetzner.ts,
 * made by `npm run gen:wire` from contract/specs/hetzner.openapi.json). Program-facing shapes live in
 * api/; conversion happens there.
 */
import type { paths } from "../../generated/hetzner";
import type { RequestOf, ResponseOf } from "../core/openapi-types";

type Ok<P extends keyof paths, M extends keyof paths[P], S extends number> = ResponseOf<paths, P, M, S>;
type RequestBody<P extends keyof paths, M extends keyof paths[P]> = RequestOf<paths, P, M>;

export type ActionWire = Ok<"/storage_boxes/actions/{id}", "get", 200>["action"];
export type ActionListWire = Ok<"/storage_boxes/actions", "get", 200>;
/** One Action started by a request (`{ action }`). */
export type ActionResponseWire = Ok<"/storage_boxes/{id}/actions/change_protection", "post", 201>;

export type StorageBoxWire = Ok<"/storage_boxes/{id}", "get", 200>["storage_box"];
export type StorageBoxTypeWire = Ok<"/storage_box_types/{id}", "get", 200>["storage_box_type"];
export type StorageBoxListWire = Ok<"/storage_boxes", "get", 200>;
export type CreateStorageBoxRequestWire = RequestBody<"/storage_boxes", "post">;
/**
 * The spec lists `storage_box` beside `action`; the API's own sample and prose answer with the Action
 * alone ("Returns an Action that covers progress of creation"), so `storage_box` may be missing.
 */
export type CreateStorageBoxResponseWire = Omit<Ok<"/storage_boxes", "post", 201>, "storage_box"> & {
  storage_box?: Ok<"/storage_boxes", "post", 201>["storage_box"];
};
export type UpdateStorageBoxRequestWire = RequestBody<"/storage_boxes/{id}", "put">;
export type StorageBoxAccessSettingsWire = NonNullable<RequestBody<"/storage_boxes/{id}/actions/update_access_settings", "post">>;
export type EnableSnapshotPlanRequestWire = RequestBody<"/storage_boxes/{id}/actions/enable_snapshot_plan", "post">;
export type FoldersWire = Ok<"/storage_boxes/{id}/folders", "get", 200>;

export type SubaccountWire = Ok<"/storage_boxes/{id}/subaccounts/{subaccount_id}", "get", 200>["subaccount"];
export type SubaccountListWire = Ok<"/storage_boxes/{id}/subaccounts", "get", 200>;
export type CreateSubaccountRequestWire = RequestBody<"/storage_boxes/{id}/subaccounts", "post">;
export type CreateSubaccountResponseWire = Ok<"/storage_boxes/{id}/subaccounts", "post", 201>;
export type UpdateSubaccountRequestWire = RequestBody<"/storage_boxes/{id}/subaccounts/{subaccount_id}", "put">;
export type SubaccountAccessSettingsWire = RequestBody<"/storage_boxes/{id}/subaccounts/{subaccount_id}/actions/update_access_settings", "post">;

export type SnapshotWire = Ok<"/storage_boxes/{id}/snapshots/{snapshot_id}", "get", 200>["snapshot"];
export type SnapshotListWire = Ok<"/storage_boxes/{id}/snapshots", "get", 200>;
export type CreateSnapshotRequestWire = RequestBody<"/storage_boxes/{id}/snapshots", "post">;
export type CreateSnapshotResponseWire = Ok<"/storage_boxes/{id}/snapshots", "post", 201>;
export type UpdateSnapshotRequestWire = RequestBody<"/storage_boxes/{id}/snapshots/{snapshot_id}", "put">;
