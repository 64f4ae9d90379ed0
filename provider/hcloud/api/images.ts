/**
 * Hetzner Cloud images: system images to look up, and the project's snapshots and backups, which can be
 * updated (description, labels, backup → snapshot), protected and deleted but never created by this API
 * (a server's create_image Action or a backup makes them).
 */
import { ActionState } from "../../core/actions";
import { unlessNotFound } from "../../core/errors";
import { listAllPages } from "../../core/hetzner";
import { HttpClient } from "../../core/http";
import { ChangeImageProtectionRequestWire, ChangeImageProtectionResponseWire, ImageWire, UpdateImageRequestWire } from "../wire";
import { toActionState } from "./actions";

export type ImageType = "system" | "app" | "snapshot" | "backup";
export type Architecture = "x86" | "arm";

export interface Image {
  id: number;
  type: ImageType;
  status: "available" | "creating" | "unavailable";
  /** A system image's unique name (`ubuntu-24.04`); null for snapshots and backups. */
  name: string | null;
  description: string;
  /** GB the compressed image takes (null for system images). */
  imageSize: number | null;
  /** GB a server's disk needs at least. */
  diskSize: number;
  created: string;
  /** The server it was made from. */
  createdFrom: { id: number; name: string } | null;
  /** The server a backup belongs to (null otherwise). */
  boundTo: number | null;
  osFlavor: string;
  osVersion: string | null;
  rapidDeploy: boolean;
  deleteProtection: boolean;
  /** When the image was deprecated (system images only). */
  deprecated: string | null;
  labels: Record<string, string>;
  architecture: Architecture;
}

export interface ImageFilter {
  name?: string;
  labelSelector?: string;
  /** One type or several. */
  type?: ImageType | ImageType[];
  architecture?: Architecture;
  status?: Image["status"] | Image["status"][];
  /** Also deprecated images (left out by default). */
  includeDeprecated?: boolean;
  /** Backups of these servers. */
  boundTo?: number | number[];
  /** e.g. `created:desc`. */
  sort?: string | string[];
}

export interface ImageChange {
  description?: string;
  labels?: Record<string, string>;
  /** Converts a backup into a snapshot; the API converts nothing else. */
  type?: "snapshot";
}

const list = <T>(value: T | T[] | undefined): T[] | undefined => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

export class ImagesApi {
  constructor(private readonly http: HttpClient) {}

  async get(id: number): Promise<Image> {
    const { data } = await this.http.get<{ image: ImageWire }>(`/images/${id}`);
    return toImage(data.image);
  }

  /** undefined when the image is gone. */
  find(id: number): Promise<Image | undefined> {
    return unlessNotFound(this.get(id));
  }

  async list(filter: ImageFilter = {}): Promise<Image[]> {
    const wires = await listAllPages<ImageWire>(this.http, "/images", "images", {
      name: filter.name,
      label_selector: filter.labelSelector,
      type: list(filter.type),
      architecture: filter.architecture,
      status: list(filter.status),
      include_deprecated: filter.includeDeprecated,
      bound_to: list(filter.boundTo),
      sort: list(filter.sort),
    });
    return wires.map(toImage);
  }

  async update(id: number, change: ImageChange): Promise<Image> {
    const body: UpdateImageRequestWire = change;
    const { data } = await this.http.request<{ image: ImageWire }>({ method: "PUT", path: `/images/${id}`, body });
    return toImage(data.image);
  }

  async delete(id: number): Promise<void> {
    await this.http.request({ method: "DELETE", path: `/images/${id}` });
  }

  async changeProtection(id: number, deleteProtection: boolean): Promise<ActionState[]> {
    const body: ChangeImageProtectionRequestWire = { delete: deleteProtection };
    const { data } = await this.http.request<ChangeImageProtectionResponseWire>({
      method: "POST",
      path: `/images/${id}/actions/change_protection`,
      body,
      idempotent: true,
    });
    return [toActionState(data.action)];
  }
}

function toImage(wire: ImageWire): Image {
  return {
    id: wire.id,
    type: wire.type,
    status: wire.status,
    name: wire.name,
    description: wire.description,
    imageSize: wire.image_size,
    diskSize: wire.disk_size,
    created: wire.created,
    createdFrom: wire.created_from ? { id: wire.created_from.id, name: wire.created_from.name } : null,
    boundTo: wire.bound_to,
    osFlavor: wire.os_flavor,
    osVersion: wire.os_version,
    rapidDeploy: wire.rapid_deploy ?? false,
    deleteProtection: wire.protection.delete,
    deprecated: wire.deprecated,
    labels: wire.labels ?? {},
    architecture: wire.architecture,
  };
}
