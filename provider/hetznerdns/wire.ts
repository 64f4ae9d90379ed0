/**
 * Legacy Hetzner DNS wire types, named from the official OpenAPI spec (generated/hetznerdns.ts, made by
 * `npm run gen:wire` from contract/specs/hetzner-dns-legacy.openapi.json). Program-facing shapes live in
 * api/; conversion happens there.
 */
import type { components, paths } from "../../generated/hetznerdns";
import type { RequestOf, ResponseOf } from "../core/openapi-types";

type Ok<P extends keyof paths, M extends keyof paths[P], S extends number> = ResponseOf<paths, P, M, S>;
type RequestBody<P extends keyof paths, M extends keyof paths[P]> = RequestOf<paths, P, M>;
type Schemas = components["schemas"];

export type ZoneWire = Schemas["ZoneResponse"];
export type ZoneListWire = Ok<"/zones", "get", 200>;
export type ZoneResponseWire = Ok<"/zones/{ZoneID}", "get", 200>;
export type CreateZoneResponseWire = Ok<"/zones", "post", 201>;
export type ZoneRequestWire = RequestBody<"/zones", "post">;
export type ValidateZoneFileWire = Ok<"/zones/file/validate", "post", 200>;

export type RecordWire = Schemas["RecordResponse"];
export type RecordListWire = Ok<"/records", "get", 200>;
export type RecordResponseWire = Ok<"/records/{RecordID}", "get", 200>;
/** One record as POST /records/bulk takes it (no id). */
export type BulkCreateRecordWire = Schemas["BaseRecord"];
/** One record as PUT /records/bulk takes it (with its id). */
export type BulkUpdateRecordWire = Schemas["BaseRecordBulk"];
export type BulkCreateResponseWire = Ok<"/records/bulk", "post", 200>;
export type BulkUpdateResponseWire = Ok<"/records/bulk", "put", 200>;
export type RecordTypeWire = Schemas["RecordType"];

export type PrimaryServerWire = Schemas["PrimaryServerResponse"];
export type PrimaryServerListWire = Ok<"/primary_servers", "get", 200>;
export type PrimaryServerResponseWire = Ok<"/primary_servers/{PrimaryServerID}", "get", 200>;
