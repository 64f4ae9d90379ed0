/**
 * Actions, in the shape both Hetzner specs document ("Actions"): created by mutating requests, `running`
 * for the configured duration after they start, then `success` (or `error` when an action fault was
 * armed). Status is derived from `Date.now()` on every read, so no timers run and a restarted emulator
 * sees finished actions. A running action locks every resource it lists.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { takeActionFault, type Runtime } from "../state";
import { HetznerError, idParam, invalidInput, notFound, queryValues, timestamp, type Query } from "./conventions";
import { paginate, sortItems } from "./lists";

/** What a family gives the action store: its own action list and id counter (each API numbers its actions). */
export interface ActionContext {
  actions(): StoredAction[];
  nextActionId(): number;
  runtime: Runtime;
}

export interface ActionResource {
  id: number;
  type: string;
}

export interface StoredAction {
  id: number;
  command: string;
  started: number;
  durationMs: number;
  resources: ActionResource[];
  /** Reported once the action has finished. */
  error: { code: string; message: string } | null;
}

const STATUSES = ["running", "success", "error"];

export function startAction(ctx: ActionContext, command: string, resources: ActionResource[]): StoredAction {
  const action: StoredAction = {
    id: ctx.nextActionId(),
    command,
    started: Date.now(),
    durationMs: ctx.runtime.actionDurationMs,
    resources,
    error: takeActionFault(ctx.runtime, command),
  };
  ctx.actions().push(action);
  return action;
}

export function isRunning(action: StoredAction, now = Date.now()): boolean {
  return now < action.started + action.durationMs;
}

export function involves(action: StoredAction, type: string, id: number): boolean {
  return action.resources.some((resource) => resource.type === type && resource.id === id);
}

/**
 * Refuses a mutating request (PUT, DELETE or one that starts actions) while a running action lists any
 * of the resources it touches: 423 `locked`, "there is already an Action running" (spec "Error Codes").
 * An action locks everything it lists, e.g. `apply_firewall` the firewall and its servers.
 */
export function assertUnlocked(ctx: ActionContext, resources: ActionResource[]): void {
  const now = Date.now();
  for (const resource of resources) {
    const holder = ctx.actions().find((action) => isRunning(action, now) && involves(action, resource.type, resource.id));
    if (holder) throw new HetznerError(423, "locked", `${resource.type} ${resource.id} is locked by running action ${holder.id} (${holder.command})`);
  }
}

export function renderAction(action: StoredAction, now = Date.now()) {
  const running = isRunning(action, now);
  return {
    id: action.id,
    command: action.command,
    status: running ? "running" : action.error ? "error" : "success",
    progress: running ? Math.floor(((now - action.started) / action.durationMs) * 100) : 100,
    started: timestamp(action.started),
    finished: running ? null : timestamp(action.started + action.durationMs),
    resources: action.resources,
    error: running ? null : action.error,
  };
}

export function findAction(actions: StoredAction[], rawId: string): StoredAction {
  const action = /^[1-9]\d*$/.test(rawId) ? actions.find((a) => a.id === Number(rawId)) : undefined;
  if (!action) throw notFound("action");
  return action;
}

/** The `id`/`status` filters and sorting shared by every action list endpoint. */
function selectActions(query: Query, actions: StoredAction[]) {
  const ids = queryValues(query, "id").map((raw) => {
    if (!/^[1-9]\d*$/.test(raw)) throw invalidInput("id", `invalid action id '${raw}'`);
    return Number(raw);
  });
  const statuses = queryValues(query, "status");
  const badStatus = statuses.find((status) => !STATUSES.includes(status));
  if (badStatus !== undefined) throw invalidInput("status", `invalid status '${badStatus}'`);

  const now = Date.now();
  const rendered = actions
    .map((action) => renderAction(action, now))
    .filter((action) => (ids.length === 0 || ids.includes(action.id)) && (statuses.length === 0 || statuses.includes(action.status)));
  return sortItems(rendered, query, {
    id: (a) => a.id,
    command: (a) => a.command,
    status: (a) => a.status,
    started: (a) => a.started,
    finished: (a) => a.finished,
  });
}

/** A paginated action list (`GET /<resource>/actions` and `GET /<resource>/{id}/actions`). */
export function listActions(request: FastifyRequest, reply: FastifyReply, actions: StoredAction[]) {
  return paginate(request, reply, selectActions(request.query as Query, actions), "actions");
}

/** The actions that involve the resource `type` `id`, oldest first. */
export function actionsInvolving(ctx: ActionContext, type: string, id: number): StoredAction[] {
  return ctx.actions().filter((action) => involves(action, type, id));
}

/** A lookup of a stored resource by its `{id}` path parameter; an id that is malformed or unknown is `not_found` for `what`. */
export function finder<T extends { id: number }>(items: () => T[], what: string): (rawId: string) => T {
  return (rawId) => {
    const id = idParam(rawId, what);
    const item = items().find((candidate) => candidate.id === id);
    if (!item) throw notFound(what);
    return item;
  };
}

/**
 * The read-only action routes of a resource collection: `GET /<collection>/actions`,
 * `/<collection>/actions/{id}`, `/<collection>/{id}/actions` and `/<collection>/{id}/actions/{action_id}`.
 * `type` is the resource type the actions name (`firewall`, `floating_ip`, …), `find` the collection's lookup.
 */
export function resourceActionRoutes<T extends { id: number }>(
  app: FastifyInstance,
  ctx: ActionContext,
  collection: string,
  type: string,
  find: (rawId: string) => T,
): void {
  const allActions = () => ctx.actions().filter((action) => action.resources.some((r) => r.type === type));
  const actionsOf = (rawId: string) => actionsInvolving(ctx, type, find(rawId).id);

  app.get(`/${collection}/actions`, async (request, reply) => listActions(request, reply, allActions()));

  app.get<{ Params: { id: string } }>(`/${collection}/actions/:id`, async (request) => ({
    action: renderAction(findAction(allActions(), request.params.id)),
  }));

  app.get<{ Params: { id: string } }>(`/${collection}/:id/actions`, async (request, reply) => {
    return listActions(request, reply, actionsOf(request.params.id));
  });

  app.get<{ Params: { id: string; action_id: string } }>(`/${collection}/:id/actions/:action_id`, async (request) => {
    return { action: renderAction(findAction(actionsOf(request.params.id), request.params.action_id)) };
  });
}

export async function actionRoutes(app: FastifyInstance, ctx: ActionContext): Promise<void> {
  // Listing arbitrary actions was removed from the API (January 2025): `id` is required, and the
  // response is the matching actions without pagination (`ActionListResponse` has no `meta`). Ids that
  // match no action are left out, not an error: "The response will only contain actions matching the
  // specified IDs" (spec), which is why hcloud-go's waiter compares the count it gets back
  // (hcloud/action_waiter.go, "actions not found").
  app.get("/actions", async (request) => {
    const query = request.query as Query;
    if (queryValues(query, "id").length === 0) throw invalidInput("id", "is required");
    return { actions: selectActions(query, ctx.actions()) };
  });

  app.get<{ Params: { id: string } }>("/actions/:id", async (request) => ({
    action: renderAction(findAction(ctx.actions(), request.params.id)),
  }));
}
