/** Hetzner Cloud Actions endpoint: the waiter's one poll per tick. */
import { ActionState } from "../../core/actions";
import { HttpClient } from "../../core/http";
import { ActionListWire, ActionWire } from "../wire";

export class ActionsApi {
  constructor(private readonly http: HttpClient) {}

  /** Current state of these actions, in one request (callers pass at most 50 ids). */
  async byIds(ids: number[]): Promise<ActionState[]> {
    const { data } = await this.http.get<ActionListWire>("/actions", { id: ids });
    return data.actions.map(toActionState);
  }
}

export function toActionState(wire: ActionWire): ActionState {
  return {
    id: wire.id,
    command: wire.command,
    status: wire.status,
    progress: wire.progress,
    error: wire.error ?? null,
    resources: wire.resources.map((r) => ({ id: r.id, type: r.type })),
  };
}
