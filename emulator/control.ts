/**
 * Test control of the emulator (no auth, under `/__emulator`): the request log, injected faults
 * (error responses, latency, dropped connections), action faults, action duration and rate limits, state dump/reset.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from "fastify";
import type { Family } from "./family";
import { bearerToken } from "./hetzner/conventions";
import type { RateLimitConfig } from "./hetzner/rate-limit";
import type { Runtime, StateStore } from "./state";

export const CONTROL_PREFIX = "/__emulator";

export interface LoggedRequest {
  method: string;
  path: string;
  /** As parsed: a repeated key (`id=1&id=2`) is an array. */
  query: Record<string, unknown>;
  /** Whether the request carried a body (Content-Length above 0 or chunked). */
  hasBody: boolean;
  /** The parsed JSON body, once the request reached its route (a fault that answers first leaves it unread). */
  body?: unknown;
  /** The project its token belongs to (never the token); absent for an unknown token. */
  project?: string;
  /** `null` while in flight, `0` when the connection was dropped by a fault. */
  status: number | null;
  ms: number | null;
}

export interface Fault {
  method?: string;
  /** Regular expression matched against the request path. */
  path: string;
  pattern: RegExp;
  status?: number;
  code?: string;
  message?: string;
  times: number;
  latencyMs?: number;
  headers?: Record<string, string>;
  resetConnection?: boolean;
  /** Carry the request out, then lose or replace its response: the client cannot tell whether it happened. */
  afterProcessing?: boolean;
}

export interface Traffic {
  requests: LoggedRequest[];
  faults: Fault[];
}

export interface ControlDeps {
  store: StateStore;
  runtime: Runtime;
  families: Family[];
  traffic: Traffic;
  /** Accepted tokens, each with its project (a revoked token is removed). */
  projects: Map<string, string>;
}

class BadControlRequest extends Error {}

const requestPath = (request: FastifyRequest) => request.url.split("?")[0];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function takeFault(faults: Fault[], method: string, path: string): Fault | undefined {
  const fault = faults.find((f) => (f.method === undefined || f.method.toUpperCase() === method) && f.pattern.test(path));
  if (fault && --fault.times <= 0) faults.splice(faults.indexOf(fault), 1);
  return fault;
}

/** Root hooks: log every API request, inject faults before the family sees the request, persist mutations. */
export function installTrafficHooks(app: FastifyInstance, { store, families, traffic, projects }: ControlDeps): void {
  const entries = new WeakMap<FastifyRequest, LoggedRequest>();
  const lateFaults = new WeakMap<FastifyRequest, Fault>();

  app.addHook("onRequest", async (request, reply) => {
    const path = requestPath(request);
    if (path.startsWith(CONTROL_PREFIX)) return;
    const hasBody = Number(request.headers["content-length"] ?? 0) > 0 || request.headers["transfer-encoding"] !== undefined;
    const entry: LoggedRequest = { method: request.method, path, query: { ...(request.query as object) }, hasBody, status: null, ms: null };
    const tokenOf = families.find((f) => path.startsWith(f.prefix))?.tokenOf ?? bearerToken;
    const project = projects.get(tokenOf(request) ?? "");
    if (project !== undefined) entry.project = project;
    traffic.requests.push(entry);
    entries.set(request, entry);

    const fault = takeFault(traffic.faults, request.method, path);
    if (!fault) return;
    if (fault.afterProcessing) {
      lateFaults.set(request, fault);
      return;
    }
    if (fault.latencyMs) await sleep(fault.latencyMs);
    if (fault.headers) reply.headers(fault.headers);
    if (fault.resetConnection) {
      Object.assign(entry, { status: 0, ms: Math.round(reply.elapsedTime) });
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }
    if (fault.status === undefined && fault.code === undefined) return;
    const family = families.find((f) => path.startsWith(f.prefix));
    const { status, body } = family
      ? family.errorResponse(fault)
      : { status: fault.status ?? 500, body: { error: { code: fault.code ?? "server_error", message: fault.message ?? "injected fault" } } };
    return reply.code(status).send(body);
  });

  app.addHook("preHandler", async (request) => {
    const entry = entries.get(request);
    if (!entry || request.body === undefined) return;
    const family = families.find((f) => entry.path.startsWith(f.prefix));
    entry.body = family?.logBody ? family.logBody(request.body) : request.body;
  });

  app.addHook("onResponse", async (request, reply) => {
    const entry = entries.get(request);
    if (entry && entry.status === null) Object.assign(entry, { status: reply.statusCode, ms: Math.round(reply.elapsedTime) });
  });

  // Saved before the response goes out, so a client never sees a change that a restart would lose.
  app.addHook("onSend", async (request, reply, payload) => {
    if (request.method !== "GET" && request.method !== "HEAD") store.save();
    const late = lateFaults.get(request);
    if (!late) return payload;
    lateFaults.delete(request);
    if (late.latencyMs) await sleep(late.latencyMs);
    if (late.resetConnection) {
      const entry = entries.get(request);
      if (entry) Object.assign(entry, { status: 0, ms: Math.round(reply.elapsedTime) });
      request.raw.socket.destroy();
      return payload;
    }
    if (late.status === undefined && late.code === undefined) return payload;
    const family = families.find((f) => requestPath(request).startsWith(f.prefix));
    const { status, body } = family
      ? family.errorResponse(late)
      : { status: late.status ?? 500, body: { error: { code: late.code ?? "server_error", message: late.message ?? "injected fault" } } };
    reply.code(status);
    return JSON.stringify(body);
  });
}

function parseFault(body: Record<string, unknown>): Fault {
  const { method, path, status, code, message, times = 1, latencyMs, headers, resetConnection, afterProcessing } = body;
  const check = (ok: boolean, what: string) => {
    if (!ok) throw new BadControlRequest(what);
  };
  check(typeof path === "string", "path (a regular expression) is required");
  let pattern: RegExp;
  try {
    pattern = new RegExp(path as string);
  } catch {
    throw new BadControlRequest("path is not a valid regular expression");
  }
  check(method === undefined || typeof method === "string", "method must be a string");
  check(status === undefined || (Number.isInteger(status) && (status as number) >= 100 && (status as number) <= 599), "status must be an HTTP status");
  check(code === undefined || typeof code === "string", "code must be a string");
  check(message === undefined || typeof message === "string", "message must be a string");
  check(Number.isInteger(times) && (times as number) >= 1, "times must be a positive integer");
  check(latencyMs === undefined || (typeof latencyMs === "number" && latencyMs >= 0), "latencyMs must be a non-negative number");
  check(headers === undefined || (typeof headers === "object" && headers !== null), "headers must be an object");
  check(resetConnection === undefined || typeof resetConnection === "boolean", "resetConnection must be a boolean");
  check(afterProcessing === undefined || typeof afterProcessing === "boolean", "afterProcessing must be a boolean");
  return { ...(body as Omit<Fault, "pattern" | "times">), pattern, times: times as number };
}

function parseRateLimit(value: unknown): Partial<RateLimitConfig> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new BadControlRequest("rateLimit must be an object");
  const { enforce, limit, refillPerSecond, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new BadControlRequest(`rateLimit takes enforce, limit and refillPerSecond, not ${unknown.join(", ")}`);
  if (enforce !== undefined && typeof enforce !== "boolean") throw new BadControlRequest("rateLimit.enforce must be a boolean");
  if (limit !== undefined && !(Number.isInteger(limit) && (limit as number) >= 1)) throw new BadControlRequest("rateLimit.limit must be a positive integer");
  if (refillPerSecond !== undefined && !(typeof refillPerSecond === "number" && refillPerSecond > 0)) {
    throw new BadControlRequest("rateLimit.refillPerSecond must be a positive number");
  }
  return Object.fromEntries(Object.entries({ enforce, limit, refillPerSecond }).filter(([, v]) => v !== undefined));
}

const describeFault = ({ pattern: _compiled, ...fault }: Fault) => fault;

export function controlPlugin({ store, runtime, traffic, projects }: ControlDeps): FastifyPluginAsync {
  return async (app) => {
    app.setErrorHandler((error, _request, reply) => {
      const status = error instanceof BadControlRequest ? 400 : ((error as { statusCode?: number }).statusCode ?? 500);
      return reply.code(status).send({ error: (error as Error).message });
    });
    const body = (request: FastifyRequest) => {
      if (typeof request.body !== "object" || request.body === null) throw new BadControlRequest("a JSON object body is required");
      return request.body as Record<string, unknown>;
    };

    app.get("/requests", async () => ({ requests: traffic.requests }));
    app.delete("/requests", async (_request, reply) => {
      traffic.requests.length = 0;
      return reply.code(204).send();
    });

    app.get("/faults", async () => ({ faults: traffic.faults.map(describeFault) }));
    app.post("/faults", async (request, reply) => {
      const fault = parseFault(body(request));
      traffic.faults.push(fault);
      return reply.code(201).send({ fault: describeFault(fault) });
    });
    app.delete("/faults", async (_request, reply) => {
      traffic.faults.length = 0;
      return reply.code(204).send();
    });

    app.get("/action-faults", async () => ({ actionFaults: runtime.actionFaults }));
    app.post("/action-faults", async (request, reply) => {
      const { command, code, message, times = 1 } = body(request);
      if (command !== undefined && typeof command !== "string") throw new BadControlRequest("command must be a string");
      if (typeof code !== "string" || typeof message !== "string") throw new BadControlRequest("code and message are required strings");
      if (!Number.isInteger(times) || (times as number) < 1) throw new BadControlRequest("times must be a positive integer");
      const fault = { command, code, message, times: times as number };
      runtime.actionFaults.push(fault);
      return reply.code(201).send({ actionFault: fault });
    });
    app.delete("/action-faults", async (_request, reply) => {
      runtime.actionFaults.length = 0;
      return reply.code(204).send();
    });

    /** Revokes a token (as a user deletes one in the console): later requests with it are `unauthorized`. */
    app.post("/revoke-token", async (request, reply) => {
      const { token } = body(request);
      if (typeof token !== "string" || !projects.delete(token)) throw new BadControlRequest("token must be an accepted token");
      return reply.code(204).send();
    });

    const config = () => ({ actionDurationMs: runtime.actionDurationMs, rateLimit: runtime.rateLimits.settings });
    app.get("/config", async () => config());
    /** Each key is optional; a key left out keeps its value. A `rateLimit` change starts every bucket full. */
    app.put("/config", async (request) => {
      const { actionDurationMs, rateLimit } = body(request);
      if (actionDurationMs !== undefined && (typeof actionDurationMs !== "number" || actionDurationMs < 0)) {
        throw new BadControlRequest("actionDurationMs must be a non-negative number");
      }
      const rateLimitChanges = rateLimit === undefined ? undefined : parseRateLimit(rateLimit);
      if (actionDurationMs !== undefined) runtime.actionDurationMs = actionDurationMs;
      if (rateLimitChanges) runtime.rateLimits.configure(rateLimitChanges);
      return config();
    });

    /** `?project=<name>`: only that project's state; a name no token has is refused. */
    const projectParam = (request: FastifyRequest): string | undefined => {
      const project = (request.query as { project?: unknown }).project;
      if (project === undefined) return undefined;
      if (typeof project !== "string" || ![...projects.values()].includes(project)) throw new BadControlRequest(`no project ${String(project)}`);
      return project;
    };
    app.get("/state", async (request) => {
      const project = projectParam(request);
      return project === undefined ? store.state : store.stateOf(project);
    });
    /** Empties the state (fixtures remain) and forgets faults and logged requests; `?project=` empties only that project's state. */
    app.post("/reset", async (request, reply) => {
      const project = projectParam(request);
      if (project !== undefined) {
        store.reset(project);
        runtime.rateLimits.refill(project);
        return reply.code(204).send();
      }
      store.reset();
      runtime.rateLimits.refill();
      traffic.faults.length = 0;
      traffic.requests.length = 0;
      runtime.actionFaults.length = 0;
      return reply.code(204).send();
    });
  };
}
