/**
 * Storage Box Types (read-only constants, not state): `GET /storage_box_types` and `/storage_box_types/{id}`.
 * The sizes and limits follow Hetzner's product table for the BX line (1, 5, 10 and 20 TB; 100
 * subaccounts; 10 to 40 snapshots); the prices are illustrative (net EUR, gross with 19 % VAT), not
 * Hetzner's price list. Two legacy types show deprecation: `bx10` is deprecated but still orderable,
 * `bx60` is past its `unavailable_after`, so the list leaves it out and creates refuse it (spec,
 * DeprecationInfo), while boxes of that type and `GET /storage_box_types/{id}` still show it.
 */
import type { FastifyInstance } from "fastify";
import { idParam, notFound, queryValue, type Query } from "../hetzner/conventions";
import { paginate } from "../hetzner/lists";

export interface StorageBoxType {
  id: number;
  name: string;
  description: string;
  snapshot_limit: number | null;
  automatic_snapshot_limit: number | null;
  subaccounts_limit: number;
  size: number;
  prices: Price[];
  deprecation: { announced: string; unavailable_after: string } | null;
}

interface Price {
  location: string;
  price_hourly: { net: string; gross: string };
  price_monthly: { net: string; gross: string };
  setup_fee: { net: string; gross: string };
}

/** Where storage boxes are sold (Falkenstein, Nuremberg, Helsinki); other Hetzner locations have no price. */
export const STORAGE_BOX_LOCATIONS = ["fsn1", "nbg1", "hel1"];
const GB = 1024 ** 3;
const TB = 1024 * GB;

const amount = (net: number) => ({ net: net.toFixed(4), gross: (net * 1.19).toFixed(4) });
const prices = (monthlyNet: number): Price[] =>
  STORAGE_BOX_LOCATIONS.map((location) => ({
    location,
    price_hourly: amount(monthlyNet / 730),
    price_monthly: amount(monthlyNet),
    setup_fee: amount(0),
  }));

const type = (id: number, name: string, size: number, snapshots: number, monthlyNet: number, deprecation: StorageBoxType["deprecation"] = null): StorageBoxType => ({
  id,
  name,
  description: name.toUpperCase(),
  snapshot_limit: snapshots,
  automatic_snapshot_limit: snapshots,
  subaccounts_limit: 100,
  size,
  prices: prices(monthlyNet),
  deprecation,
});

export const STORAGE_BOX_TYPES: readonly StorageBoxType[] = [
  type(1, "bx11", 1 * TB, 10, 3.2),
  type(2, "bx21", 5 * TB, 20, 10.9),
  type(3, "bx31", 10 * TB, 30, 20.8),
  type(4, "bx41", 20 * TB, 40, 40.6),
  type(5, "bx10", 100 * GB, 10, 2.9, { announced: "2025-01-15T00:00:00+00:00", unavailable_after: "2030-01-01T00:00:00+00:00" }),
  type(6, "bx60", 10 * TB, 30, 19.9, { announced: "2024-01-15T00:00:00+00:00", unavailable_after: "2025-01-01T00:00:00+00:00" }),
];

/** Past its `unavailable_after`: no longer listed, no longer usable for new boxes or type changes. */
export function isUnavailable(type: StorageBoxType, now = Date.now()): boolean {
  return type.deprecation !== null && Date.parse(type.deprecation.unavailable_after) <= now;
}

/** A type by "ID or Name" (spec: a string, the id in decimal or the name). */
export function findStorageBoxType(idOrName: string): StorageBoxType | undefined {
  return STORAGE_BOX_TYPES.find((t) => t.name === idOrName || (/^[1-9]\d*$/.test(idOrName) && t.id === Number(idOrName)));
}

export function storageBoxTypeByName(name: string): StorageBoxType {
  const found = STORAGE_BOX_TYPES.find((t) => t.name === name);
  if (!found) throw new Error(`emulator: unknown storage box type ${name}`);
  return found;
}

export async function storageBoxTypeRoutes(app: FastifyInstance): Promise<void> {
  app.get("/storage_box_types", async (request, reply) => {
    const name = queryValue(request.query as Query, "name");
    const listed = STORAGE_BOX_TYPES.filter((t) => !isUnavailable(t) && (name === undefined || t.name === name));
    return paginate(request, reply, listed, "storage_box_types");
  });

  app.get<{ Params: { id: string } }>("/storage_box_types/:id", async (request) => {
    const id = idParam(request.params.id, "storage box type");
    const found = STORAGE_BOX_TYPES.find((t) => t.id === id);
    if (!found) throw notFound("storage box type");
    return { storage_box_type: found };
  });
}
