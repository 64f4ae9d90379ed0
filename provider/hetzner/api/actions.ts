/** Storage box Actions (the Hetzner API has no `/actions`): the waiter's one poll per tick, and lookups. */
import { ActionState } from "../../core/actions";
import { toActionState } from "../../core/hetzner";
import { HttpClient } from "../../core/http";
import { ActionListWire, ActionWire } from "../wire";

export class StorageBoxActionsApi {
  constructor(private readonly http: HttpClient) {}

  /** Current state of these actions, in one request (callers pass at most 50 ids). */
  async byIds(ids: number[]): Promise<ActionState[]> {
    const { data } = await this.http.get<ActionListWire>("/storage_boxes/actions", { id: ids });
    return data.actions.map(toActionState);
  }

  async get(id: number): Promise<ActionState> {
    const { data } = await this.http.get<{ action: ActionWire }>(`/storage_boxes/actions/${id}`);
    return toActionState(data.action);
  }
}
