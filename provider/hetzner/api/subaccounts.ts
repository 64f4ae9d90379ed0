/** Storage box subaccounts (`/storage_boxes/{id}/subaccounts`): wire ⇄ domain conversion happens here, once. */
import { ActionState } from "../../core/actions";
import { unlessNotFound } from "../../core/errors";
import { toActionState } from "../../core/hetzner";
import { HttpClient } from "../../core/http";
import {
  ActionResponseWire,
  CreateSubaccountRequestWire,
  CreateSubaccountResponseWire,
  SubaccountAccessSettingsWire,
  SubaccountListWire,
  SubaccountWire,
  UpdateSubaccountRequestWire,
} from "../wire";

export interface SubaccountAccessSettings {
  reachableExternally: boolean;
  sambaEnabled: boolean;
  sshEnabled: boolean;
  webdavEnabled: boolean;
  /** Only reading is allowed. */
  readonly: boolean;
}

export interface Subaccount {
  id: number;
  storageBoxId: number;
  name: string;
  /** Relative to the main account's home directory. */
  homeDirectory: string;
  accessSettings: SubaccountAccessSettings;
  description: string;
  labels: Record<string, string>;
  /** Login user (`u12345-sub1`). */
  username: string;
  server: string;
  created: string;
}

export interface SubaccountSpec {
  homeDirectory: string;
  password: string;
  name?: string;
  description?: string;
  labels?: Record<string, string>;
  accessSettings?: Partial<SubaccountAccessSettings>;
}

export interface SubaccountFilter {
  name?: string;
  labelSelector?: string;
  username?: string;
}

export class SubaccountsApi {
  constructor(private readonly http: HttpClient) {}

  async get(storageBoxId: number, id: number): Promise<Subaccount> {
    const { data } = await this.http.get<{ subaccount: SubaccountWire }>(`/storage_boxes/${storageBoxId}/subaccounts/${id}`);
    return toSubaccount(data.subaccount);
  }

  /** undefined when the subaccount (or its box) is gone. */
  find(storageBoxId: number, id: number): Promise<Subaccount | undefined> {
    return unlessNotFound(this.get(storageBoxId, id));
  }

  /** Every subaccount of the box (the endpoint is not paginated). */
  async list(storageBoxId: number, filter: SubaccountFilter = {}): Promise<Subaccount[]> {
    const { data } = await this.http.get<SubaccountListWire>(`/storage_boxes/${storageBoxId}/subaccounts`, {
      name: filter.name,
      label_selector: filter.labelSelector,
      username: filter.username,
    });
    return data.subaccounts.map(toSubaccount);
  }

  /**
   * Creates a subaccount; the answer names its id and the create Action. `recover` looks the result up
   * when the answer was lost (see HttpRequest.recover).
   */
  async create(
    storageBoxId: number,
    spec: SubaccountSpec,
    recover?: () => Promise<CreateSubaccountResponseWire | undefined>,
  ): Promise<{ id: number; storageBoxId: number; action: ActionState }> {
    const body: CreateSubaccountRequestWire = {
      home_directory: spec.homeDirectory,
      password: spec.password,
      ...(spec.name !== undefined ? { name: spec.name } : {}),
      ...(spec.description !== undefined ? { description: spec.description } : {}),
      ...(spec.labels !== undefined ? { labels: spec.labels } : {}),
      ...(spec.accessSettings ? { access_settings: toAccessSettingsWire(spec.accessSettings) } : {}),
    };
    const { data } = await this.http.request<CreateSubaccountResponseWire>({
      method: "POST",
      path: `/storage_boxes/${storageBoxId}/subaccounts`,
      body,
      recover,
    });
    return { id: data.subaccount.id, storageBoxId: data.subaccount.storage_box, action: toActionState(data.action) };
  }

  async update(storageBoxId: number, id: number, change: UpdateSubaccountRequestWire): Promise<Subaccount> {
    const { data } = await this.http.request<{ subaccount: SubaccountWire }>({
      method: "PUT",
      path: `/storage_boxes/${storageBoxId}/subaccounts/${id}`,
      body: change,
    });
    return toSubaccount(data.subaccount);
  }

  async delete(storageBoxId: number, id: number): Promise<ActionState> {
    const { data } = await this.http.request<ActionResponseWire>({ method: "DELETE", path: `/storage_boxes/${storageBoxId}/subaccounts/${id}` });
    return toActionState(data.action);
  }

  changeHomeDirectory(storageBoxId: number, id: number, homeDirectory: string): Promise<ActionState> {
    return this.startAction(storageBoxId, id, "change_home_directory", { home_directory: homeDirectory });
  }

  resetPassword(storageBoxId: number, id: number, password: string): Promise<ActionState> {
    return this.startAction(storageBoxId, id, "reset_subaccount_password", { password });
  }

  /** Only the settings given change. */
  updateAccessSettings(storageBoxId: number, id: number, settings: Partial<SubaccountAccessSettings>): Promise<ActionState> {
    return this.startAction(storageBoxId, id, "update_access_settings", toAccessSettingsWire(settings));
  }

  /** Each of these Actions sets a value: sending it twice is harmless. */
  private async startAction(storageBoxId: number, id: number, name: string, body: unknown): Promise<ActionState> {
    const { data } = await this.http.request<ActionResponseWire>({
      method: "POST",
      path: `/storage_boxes/${storageBoxId}/subaccounts/${id}/actions/${name}`,
      body,
      idempotent: true,
    });
    return toActionState(data.action);
  }
}

function toAccessSettingsWire(settings: Partial<SubaccountAccessSettings>): SubaccountAccessSettingsWire {
  const wire: SubaccountAccessSettingsWire = {};
  if (settings.reachableExternally !== undefined) wire.reachable_externally = settings.reachableExternally;
  if (settings.sambaEnabled !== undefined) wire.samba_enabled = settings.sambaEnabled;
  if (settings.sshEnabled !== undefined) wire.ssh_enabled = settings.sshEnabled;
  if (settings.webdavEnabled !== undefined) wire.webdav_enabled = settings.webdavEnabled;
  if (settings.readonly !== undefined) wire.readonly = settings.readonly;
  return wire;
}

export function toSubaccount(wire: SubaccountWire): Subaccount {
  return {
    id: wire.id,
    storageBoxId: wire.storage_box,
    name: wire.name,
    homeDirectory: wire.home_directory,
    accessSettings: {
      reachableExternally: wire.access_settings.reachable_externally,
      sambaEnabled: wire.access_settings.samba_enabled,
      sshEnabled: wire.access_settings.ssh_enabled,
      webdavEnabled: wire.access_settings.webdav_enabled,
      readonly: wire.access_settings.readonly,
    },
    description: wire.description,
    labels: wire.labels ?? {},
    username: wire.username,
    server: wire.server,
    created: wire.created,
  };
}
