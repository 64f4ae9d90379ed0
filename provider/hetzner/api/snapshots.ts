/** Storage box snapshots (`/storage_boxes/{id}/snapshots`): wire ⇄ domain conversion happens here, once. */
import { ActionState } from "../../core/actions";
import { unlessNotFound } from "../../core/errors";
import { toActionState } from "../../core/hetzner";
import { HttpClient } from "../../core/http";
import {
  ActionResponseWire,
  CreateSnapshotRequestWire,
  CreateSnapshotResponseWire,
  SnapshotListWire,
  SnapshotWire,
  UpdateSnapshotRequestWire,
} from "../wire";

export interface Snapshot {
  id: number;
  storageBoxId: number;
  /** Given by the API (a timestamp such as `2025-02-12T11-35-19`). */
  name: string;
  description: string;
  labels: Record<string, string>;
  /** Bytes: the snapshot's own and the filesystem's at the time. */
  stats: { size: number; sizeFilesystem: number };
  /** Taken by the snapshot plan. */
  isAutomatic: boolean;
  created: string;
}

export interface SnapshotFilter {
  name?: string;
  labelSelector?: string;
  isAutomatic?: boolean;
}

export class SnapshotsApi {
  constructor(private readonly http: HttpClient) {}

  async get(storageBoxId: number, id: number): Promise<Snapshot> {
    const { data } = await this.http.get<{ snapshot: SnapshotWire }>(`/storage_boxes/${storageBoxId}/snapshots/${id}`);
    return toSnapshot(data.snapshot);
  }

  /** undefined when the snapshot (or its box) is gone. */
  find(storageBoxId: number, id: number): Promise<Snapshot | undefined> {
    return unlessNotFound(this.get(storageBoxId, id));
  }

  /** Every snapshot of the box (the endpoint is not paginated). */
  async list(storageBoxId: number, filter: SnapshotFilter = {}): Promise<Snapshot[]> {
    const { data } = await this.http.get<SnapshotListWire>(`/storage_boxes/${storageBoxId}/snapshots`, {
      name: filter.name,
      label_selector: filter.labelSelector,
      is_automatic: filter.isAutomatic,
    });
    return data.snapshots.map(toSnapshot);
  }

  /**
   * Takes a snapshot; the answer names its id and the create Action. `recover` looks the result up
   * when the answer was lost (see HttpRequest.recover).
   */
  async create(
    storageBoxId: number,
    spec: { description?: string; labels?: Record<string, string> },
    recover?: () => Promise<CreateSnapshotResponseWire | undefined>,
  ): Promise<{ id: number; storageBoxId: number; action: ActionState }> {
    const body: CreateSnapshotRequestWire = {
      ...(spec.description !== undefined ? { description: spec.description } : {}),
      ...(spec.labels !== undefined ? { labels: spec.labels } : {}),
    };
    const { data } = await this.http.request<CreateSnapshotResponseWire>({
      method: "POST",
      path: `/storage_boxes/${storageBoxId}/snapshots`,
      body,
      recover,
    });
    return { id: data.snapshot.id, storageBoxId: data.snapshot.storage_box, action: toActionState(data.action) };
  }

  async update(storageBoxId: number, id: number, change: UpdateSnapshotRequestWire): Promise<Snapshot> {
    const { data } = await this.http.request<{ snapshot: SnapshotWire }>({
      method: "PUT",
      path: `/storage_boxes/${storageBoxId}/snapshots/${id}`,
      body: change,
    });
    return toSnapshot(data.snapshot);
  }

  async delete(storageBoxId: number, id: number): Promise<ActionState> {
    const { data } = await this.http.request<ActionResponseWire>({ method: "DELETE", path: `/storage_boxes/${storageBoxId}/snapshots/${id}` });
    return toActionState(data.action);
  }
}

export function toSnapshot(wire: SnapshotWire): Snapshot {
  return {
    id: wire.id,
    storageBoxId: wire.storage_box,
    name: wire.name,
    description: wire.description,
    labels: wire.labels ?? {},
    stats: { size: wire.stats.size, sizeFilesystem: wire.stats.size_filesystem },
    isAutomatic: wire.is_automatic,
    created: wire.created,
  };
}
