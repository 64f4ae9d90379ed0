/**
 * Actions: created by mutating requests, `running` for the configured duration after they start, then
 * `success` (or `error` when an action fault was armed). Status is derived from `Date.now()` on every
 * read, so no timers run and a restarted emulator sees finished actions.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { takeActionFault } from "../state";
import { invalidInput, notFound, paginate, queryValues, sortItems, timestamp, type Query } from "./conventions";
import { nextId, type HcloudContext } from "./context";

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

export function startAction(ctx: HcloudContext, command: string, resources: ActionResource[]): StoredAction {
  const action: StoredAction = {
    id: nextId(ctx, "action"),
    command,
    started: Date.now(),
    durationMs: ctx.runtime.actionDurationMs,
    resources,
    error: takeActionFault(ctx.runtime, command),
  };
  ctx.state().actions.push(action);
  return action;
}

export function isRunning(action: StoredAction, now = Date.now()): boolean {
  return now < action.started + action.durationMs;
}

export function involves(action: StoredAction, type: string, id: number): boolean {
  return action.resources.some((resource) => resource.type === type && resource.id === id);
}

/** A resource is locked while any action on it is running. */
export function isLocked(ctx: HcloudContext, type: string, id: number): boolean {
  const now = Date.now();
  return ctx.state().actions.some((action) => isRunning(action, now) && involves(action, type, id));
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

export async function actionRoutes(app: FastifyInstance, ctx: HcloudContext): Promise<void> {
  // Listing arbitrary actions was removed from the API (January 2025): `id` is required, and the
  // response is the matching actions without pagination (`ActionListResponse` has no `meta`).
  app.get("/actions", async (request) => {
    const query = request.query as Query;
    if (queryValues(query, "id").length === 0) throw invalidInput("id", "is required");
    return { actions: selectActions(query, ctx.state().actions) };
  });

  app.get<{ Params: { id: string } }>("/actions/:id", async (request) => ({
    action: renderAction(findAction(ctx.state().actions, request.params.id)),
  }));
}
