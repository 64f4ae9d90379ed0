/** Storage box types (`bx11`, `bx21`, …) with their limits, prices per location and deprecation. */
import { listAllPages } from "../../core/hetzner";
import { HttpClient } from "../../core/http";
import { StorageBoxTypeWire } from "../wire";

export interface Price {
  /** Decimal strings, as the API gives them. */
  net: string;
  gross: string;
}

export interface StorageBoxTypePrice {
  location: string;
  priceHourly: Price;
  priceMonthly: Price;
  setupFee: Price;
}

export interface StorageBoxType {
  id: number;
  name: string;
  description: string;
  /** Manual snapshots allowed (null: no limit). */
  snapshotLimit: number | null;
  /** Snapshots a snapshot plan may keep (null: no limit). */
  automaticSnapshotLimit: number | null;
  subaccountsLimit: number;
  /** Storage in bytes. */
  size: number;
  prices: StorageBoxTypePrice[];
  /** Set once the type is being phased out. */
  deprecation: { announced: string; unavailableAfter: string } | null;
}

export class StorageBoxTypesApi {
  constructor(private readonly http: HttpClient) {}

  async list(filter: { name?: string } = {}): Promise<StorageBoxType[]> {
    const wires = await listAllPages<StorageBoxTypeWire>(this.http, "/storage_box_types", "storage_box_types", { name: filter.name });
    return wires.map(toStorageBoxType);
  }

  async get(id: number): Promise<StorageBoxType> {
    const { data } = await this.http.get<{ storage_box_type: StorageBoxTypeWire }>(`/storage_box_types/${id}`);
    return toStorageBoxType(data.storage_box_type);
  }
}

export function toStorageBoxType(wire: StorageBoxTypeWire): StorageBoxType {
  return {
    id: wire.id,
    name: wire.name,
    description: wire.description,
    snapshotLimit: wire.snapshot_limit ?? null,
    automaticSnapshotLimit: wire.automatic_snapshot_limit ?? null,
    subaccountsLimit: wire.subaccounts_limit,
    size: wire.size,
    prices: wire.prices.map((p) => ({
      location: p.location,
      priceHourly: { net: p.price_hourly.net, gross: p.price_hourly.gross },
      priceMonthly: { net: p.price_monthly.net, gross: p.price_monthly.gross },
      setupFee: { net: p.setup_fee.net, gross: p.setup_fee.gross },
    })),
    deprecation: wire.deprecation ? { announced: wire.deprecation.announced, unavailableAfter: wire.deprecation.unavailable_after } : null,
  };
}
