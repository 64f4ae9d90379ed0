/** Hetzner storage boxes endpoint (`/storage_boxes`): wire ⇄ domain conversion happens here, once. */
import { ActionState } from "../../core/actions";
import { unlessNotFound } from "../../core/errors";
import { createUniquelyNamed, listAllPages, toActionState } from "../../core/hetzner";
import { HttpClient } from "../../core/http";
import { claimFound, differences } from "../../core/lifecycle";
import {
  ActionResponseWire,
  ActionWire,
  CreateStorageBoxRequestWire,
  CreateStorageBoxResponseWire,
  EnableSnapshotPlanRequestWire,
  FoldersWire,
  StorageBoxAccessSettingsWire,
  StorageBoxWire,
  UpdateStorageBoxRequestWire,
} from "../wire";
import { StorageBoxType, toStorageBoxType } from "./storage-box-types";

export interface StorageBoxAccessSettings {
  /** Access from outside the Hetzner network. */
  reachableExternally: boolean;
  sambaEnabled: boolean;
  sshEnabled: boolean;
  webdavEnabled: boolean;
  /** The ZFS snapshot folder is visible. */
  zfsEnabled: boolean;
}

/** When automatic snapshots are taken (UTC, cron-like) and how many are kept. */
export interface SnapshotPlan {
  maxSnapshots: number;
  minute: number;
  hour: number;
  /** 1 (Monday) to 7 (Sunday); null: every day. */
  dayOfWeek: number | null;
  /** 1 to 31; null: every day. */
  dayOfMonth: number | null;
}

export type StorageBoxStatus = "active" | "initializing" | "locked";

export interface StorageBoxStats {
  /** Bytes used in total, by data and by snapshots. */
  size: number;
  sizeData: number;
  sizeSnapshots: number;
}

export interface StorageBox {
  id: number;
  name: string;
  storageBoxType: StorageBoxType;
  /** Location name, e.g. `fsn1`. */
  location: string;
  accessSettings: StorageBoxAccessSettings;
  /** null: no snapshot plan. */
  snapshotPlan: SnapshotPlan | null;
  deleteProtection: boolean;
  labels: Record<string, string>;
  status: StorageBoxStatus;
  /** Login user (`u12345`); null while the box is being set up. */
  username: string | null;
  /** Host name to connect to (`u12345.your-storagebox.de`); null while the box is being set up. */
  server: string | null;
  /** Host system, e.g. `FSN1-BX355`. */
  system: string | null;
  stats: StorageBoxStats;
  created: string;
}

export interface StorageBoxSpec {
  name: string;
  location: string;
  /** Type name (or id). */
  storageBoxType: string;
  password: string;
  labels: Record<string, string>;
  /** Public SSH keys in OpenSSH format; the API takes them only here, at create. */
  sshKeys?: string[];
  accessSettings?: Partial<StorageBoxAccessSettings>;
}

export interface StorageBoxCreated {
  /** The new box's id, from the create Action's resources. */
  id: number;
  /** The create Action (running until the box is set up); none when a box found as our own had finished it. */
  action?: ActionState;
  /** The box as the answer rendered it, when it did (the API's own sample answers with the Action alone). */
  box?: StorageBox;
}

export class StorageBoxesApi {
  constructor(private readonly http: HttpClient) {}

  async get(id: number): Promise<StorageBox> {
    const { data } = await this.http.get<{ storage_box: StorageBoxWire }>(`/storage_boxes/${id}`);
    return toStorageBox(data.storage_box);
  }

  /** undefined when the storage box is gone. */
  find(id: number): Promise<StorageBox | undefined> {
    return unlessNotFound(this.get(id));
  }

  async list(filter: { name?: string; labelSelector?: string } = {}): Promise<StorageBox[]> {
    const wires = await listAllPages<StorageBoxWire>(this.http, "/storage_boxes", "storage_boxes", {
      name: filter.name,
      label_selector: filter.labelSelector,
    });
    return wires.map(toStorageBox);
  }

  /**
   * Creates a storage box. The answer is the create Action; the box's id is the `storage_box` among
   * its resources. A create whose answer was lost, or that meets its own name, finds its box by name
   * (and owner label, see claimFound) instead of making a second one.
   */
  async create(spec: StorageBoxSpec): Promise<StorageBoxCreated> {
    const body: CreateStorageBoxRequestWire = {
      name: spec.name,
      location: spec.location,
      storage_box_type: spec.storageBoxType,
      password: spec.password,
      labels: spec.labels,
      ...(spec.sshKeys?.length ? { ssh_keys: spec.sshKeys } : {}),
      ...(spec.accessSettings ? { access_settings: toAccessSettingsWire(spec.accessSettings) } : {}),
    };
    // A box taken over has no create Action to wait for once its own one ended.
    type Answer = Omit<CreateStorageBoxResponseWire, "action"> & { action?: ActionWire };
    const data = await createUniquelyNamed<Answer>(this.http, "/storage_boxes", body, async (how, sentAt) => {
      const [storage_box] = await listAllPages<StorageBoxWire>(this.http, "/storage_boxes", "storage_boxes", { name: spec.name });
      if (!storage_box) return undefined;
      const found = toStorageBox(storage_box);
      claimFound({ ...found, id: String(found.id) }, {
        kind: "storage box",
        how,
        sentAt,
        labels: spec.labels,
        differences: differences([
          ["location", spec.location, found.location],
          ["storageBoxType", spec.storageBoxType, /^\d+$/.test(spec.storageBoxType) ? String(found.storageBoxType.id) : found.storageBoxType.name],
          ["labels", spec.labels, found.labels],
        ]),
      });
      const running = await this.runningActionsWire(found.id);
      return { storage_box, action: running.find((a) => a.command === "create") };
    });
    const id = data.action?.resources.find((r) => r.type === "storage_box")?.id ?? data.storage_box?.id;
    if (id === undefined) {
      throw new Error(`storage box "${spec.name}": the API accepted the create, but its Action ${data.action?.id} names no storage_box resource`);
    }
    return {
      id,
      ...(data.action ? { action: toActionState(data.action) } : {}),
      ...(data.storage_box ? { box: toStorageBox(data.storage_box) } : {}),
    };
  }

  /** Changes name and/or labels. */
  async update(id: number, change: UpdateStorageBoxRequestWire): Promise<StorageBox> {
    const { data } = await this.http.request<{ storage_box: StorageBoxWire }>({ method: "PUT", path: `/storage_boxes/${id}`, body: change });
    return toStorageBox(data.storage_box);
  }

  /** Starts the delete; the box is gone once its Action succeeded. */
  async delete(id: number): Promise<ActionState> {
    const { data } = await this.http.request<ActionResponseWire>({ method: "DELETE", path: `/storage_boxes/${id}` });
    return toActionState(data.action);
  }

  /** The folders (not files) under `path` (relative to the box's root; default `.`). */
  async folders(id: number, path?: string): Promise<string[]> {
    const { data } = await this.http.get<FoldersWire>(`/storage_boxes/${id}/folders`, { path });
    return data.folders;
  }

  changeProtection(id: number, deleteProtection: boolean): Promise<ActionState> {
    return this.startAction(id, "change_protection", { delete: deleteProtection }, true);
  }

  /** Up- or downgrades to another type (name or id); the API refuses a type smaller than the data. */
  changeType(id: number, storageBoxType: string): Promise<ActionState> {
    return this.startAction(id, "change_type", { storage_box_type: storageBoxType }, true);
  }

  resetPassword(id: number, password: string): Promise<ActionState> {
    return this.startAction(id, "reset_password", { password }, true);
  }

  /** Only the settings given change. */
  updateAccessSettings(id: number, settings: Partial<StorageBoxAccessSettings>): Promise<ActionState> {
    return this.startAction(id, "update_access_settings", toAccessSettingsWire(settings), true);
  }

  /** Rolls the box back to a snapshot (id or name), deleting newer snapshots and the data written since. */
  rollbackSnapshot(id: number, snapshot: string): Promise<ActionState> {
    return this.startAction(id, "rollback_snapshot", { snapshot }, false);
  }

  /** Replaces any existing plan. */
  enableSnapshotPlan(id: number, plan: SnapshotPlan): Promise<ActionState> {
    const body: EnableSnapshotPlanRequestWire = {
      max_snapshots: plan.maxSnapshots,
      minute: plan.minute,
      hour: plan.hour,
      day_of_week: plan.dayOfWeek,
      day_of_month: plan.dayOfMonth,
    };
    return this.startAction(id, "enable_snapshot_plan", body, true);
  }

  disableSnapshotPlan(id: number): Promise<ActionState> {
    return this.startAction(id, "disable_snapshot_plan", undefined, true);
  }

  /** The box's Actions, newest first, optionally only those with these statuses. */
  async listActions(id: number, status?: Array<ActionState["status"]>): Promise<ActionState[]> {
    const wires = await listAllPages<ActionWire>(this.http, `/storage_boxes/${id}/actions`, "actions", { status, sort: ["id:desc"] });
    return wires.map(toActionState);
  }

  async getAction(id: number, actionId: number): Promise<ActionState> {
    const { data } = await this.http.get<{ action: ActionWire }>(`/storage_boxes/${id}/actions/${actionId}`);
    return toActionState(data.action);
  }

  async runningActions(id: number): Promise<ActionState[]> {
    return (await this.runningActionsWire(id)).map(toActionState);
  }

  private async runningActionsWire(id: number): Promise<ActionWire[]> {
    return listAllPages<ActionWire>(this.http, `/storage_boxes/${id}/actions`, "actions", { status: ["running"] });
  }

  private async startAction(id: number, name: string, body: unknown, idempotent: boolean): Promise<ActionState> {
    const { data } = await this.http.request<ActionResponseWire>({
      method: "POST",
      path: `/storage_boxes/${id}/actions/${name}`,
      body,
      idempotent,
    });
    return toActionState(data.action);
  }
}

function toAccessSettingsWire(settings: Partial<StorageBoxAccessSettings>): StorageBoxAccessSettingsWire {
  const wire: StorageBoxAccessSettingsWire = {};
  if (settings.reachableExternally !== undefined) wire.reachable_externally = settings.reachableExternally;
  if (settings.sambaEnabled !== undefined) wire.samba_enabled = settings.sambaEnabled;
  if (settings.sshEnabled !== undefined) wire.ssh_enabled = settings.sshEnabled;
  if (settings.webdavEnabled !== undefined) wire.webdav_enabled = settings.webdavEnabled;
  if (settings.zfsEnabled !== undefined) wire.zfs_enabled = settings.zfsEnabled;
  return wire;
}

/**
 * The plan, or null when there is none. The API's own sample renders "no plan" as `max_snapshots: 0`
 * with null times, the spec as a null plan: both mean none.
 */
function toSnapshotPlan(wire: StorageBoxWire["snapshot_plan"]): SnapshotPlan | null {
  if (!wire || !wire.max_snapshots) return null;
  return { maxSnapshots: wire.max_snapshots, minute: wire.minute, hour: wire.hour, dayOfWeek: wire.day_of_week ?? null, dayOfMonth: wire.day_of_month ?? null };
}

export function toStorageBox(wire: StorageBoxWire): StorageBox {
  return {
    id: wire.id,
    name: wire.name,
    storageBoxType: toStorageBoxType(wire.storage_box_type),
    location: wire.location.name,
    accessSettings: {
      reachableExternally: wire.access_settings.reachable_externally,
      sambaEnabled: wire.access_settings.samba_enabled,
      sshEnabled: wire.access_settings.ssh_enabled,
      webdavEnabled: wire.access_settings.webdav_enabled,
      zfsEnabled: wire.access_settings.zfs_enabled,
    },
    snapshotPlan: toSnapshotPlan(wire.snapshot_plan),
    deleteProtection: wire.protection.delete,
    labels: wire.labels ?? {},
    status: wire.status,
    username: wire.username ?? null,
    server: wire.server ?? null,
    system: wire.system ?? null,
    stats: { size: wire.stats.size, sizeData: wire.stats.size_data, sizeSnapshots: wire.stats.size_snapshots },
    created: wire.created,
  };
}
