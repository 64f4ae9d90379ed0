/** Hetzner Cloud Actions endpoint: the waiter's one poll per tick. */
import { ActionState } from "../../core/actions";
import { HttpClient } from "../../core/http";
import { toActionState } from "../../core/hetzner";
import { ActionListWire } from "../wire";

export class ActionsApi {
  constructor(private readonly http: HttpClient) {}

  /** Current state of these actions, in one request (callers pass at most 50 ids). */
  async byIds(ids: number[]): Promise<ActionState[]> {
    const { data } = await this.http.get<ActionListWire>("/actions", { id: ids });
    return data.actions.map(toActionState);
  }
}

/** Shared by both Hetzner APIs (core/hetzner.ts). */
export { toActionState } from "../../core/hetzner";
