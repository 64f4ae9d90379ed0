/**
 * The Action waiter: every Action any resource in this provider process waits on is polled together,
 * one `GET /actions?id=…&id=…` per tick, with backoff. Resources only `await` their own.
 */
import { ActionFailedError, ActionTimeoutError } from "./errors";
import { sleep } from "./retry";

export interface ActionResource {
  id: number;
  type: string;
}

export interface ActionState {
  id: number;
  command: string;
  status: "running" | "success" | "error";
  progress: number;
  error?: { code: string; message: string } | null;
  resources: ActionResource[];
}

export interface ActionWaiterOptions {
  /** Fetches the current state of these actions (at most `maxIdsPerPoll`). */
  fetch: (ids: number[]) => Promise<ActionState[]>;
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  timeoutMs: number;
  /** Actions running longer than this are reported (command and progress) through `report`. */
  reportAfterMs: number;
  report: (line: string) => void;
  maxIdsPerPoll?: number;
  now?: () => number;
}

export interface WaitOptions {
  /** Names the resource in errors and progress lines, e.g. `firewall 42 (web)`. */
  resource?: string;
  timeoutMs?: number;
}

interface Waiter {
  resolve: (action: ActionState) => void;
  reject: (error: Error) => void;
  resource?: string;
  deadline: number;
  timeoutMs: number;
}

interface Pending {
  action: ActionState;
  since: number;
  polls: number;
  lastReport: number;
  waiters: Waiter[];
}

export class ActionWaiter {
  private readonly pending = new Map<number, Pending>();
  private timer?: NodeJS.Timeout;
  private polling = false;
  private readonly now: () => number;

  constructor(private readonly options: ActionWaiterOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Resolves with the finished actions once all succeed; rejects with the first failure. */
  wait(actions: ActionState | ActionState[] | undefined | null, options: WaitOptions = {}): Promise<ActionState[]> {
    const list = actions == null ? [] : Array.isArray(actions) ? actions : [actions];
    return Promise.all(list.map((action) => this.waitOne(action, options)));
  }

  get timeoutMs(): number {
    return this.options.timeoutMs;
  }

  /** Number of actions currently being polled (for tests and the benchmark). */
  get inFlight(): number {
    return this.pending.size;
  }

  private waitOne(action: ActionState, options: WaitOptions): Promise<ActionState> {
    if (action.status !== "running") {
      return settled(action, options.resource);
    }
    return new Promise<ActionState>((resolve, reject) => {
      const now = this.now();
      const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
      const waiter: Waiter = { resolve, reject, resource: options.resource, deadline: now + timeoutMs, timeoutMs };
      const entry = this.pending.get(action.id);
      if (entry) {
        entry.waiters.push(waiter);
      } else {
        this.pending.set(action.id, { action, since: now, polls: 0, lastReport: now, waiters: [waiter] });
      }
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.timer || this.polling || this.pending.size === 0) return;
    const delays = [...this.pending.values()].map((p) =>
      Math.min(this.options.maxPollIntervalMs, this.options.pollIntervalMs * 1.5 ** p.polls),
    );
    this.timer = setTimeout(() => void this.poll(), Math.min(...delays));
    // Pending actions keep the provider busy through their promises; the timer must not pin the process.
    this.timer.unref?.();
  }

  private async poll(): Promise<void> {
    this.timer = undefined;
    this.polling = true;
    const ids = [...this.pending.keys()];
    try {
      const states = await this.fetchAll(ids);
      const byId = new Map(states.map((s) => [s.id, s]));
      for (const id of ids) {
        const entry = this.pending.get(id);
        if (!entry) continue;
        entry.polls++;
        const state = byId.get(id);
        if (state) entry.action = state;
        this.settle(id, entry);
      }
    } catch (error) {
      // The API could not tell us (retries exhausted): the waiting operations fail, the actions may still finish.
      for (const id of ids) this.rejectAll(id, error as Error);
    } finally {
      this.polling = false;
      this.schedule();
    }
  }

  private settle(id: number, entry: Pending): void {
    const { action } = entry;
    if (action.status !== "running") {
      this.pending.delete(id);
      for (const waiter of entry.waiters) settled(action, waiter.resource).then(waiter.resolve, waiter.reject);
      return;
    }
    const now = this.now();
    const expired = entry.waiters.filter((w) => now >= w.deadline);
    for (const waiter of expired) {
      waiter.reject(new ActionTimeoutError(action.id, action.command, waiter.timeoutMs, waiter.resource));
    }
    entry.waiters = entry.waiters.filter((w) => now < w.deadline);
    if (entry.waiters.length === 0) {
      this.pending.delete(id);
      return;
    }
    if (now - entry.since >= this.options.reportAfterMs && now - entry.lastReport >= this.options.reportAfterMs) {
      entry.lastReport = now;
      const on = entry.waiters[0].resource ? ` on ${entry.waiters[0].resource}` : "";
      this.options.report(
        `waiting for ${action.command}${on}: ${action.progress}% after ${Math.round((now - entry.since) / 1000)}s`,
      );
    }
  }

  private rejectAll(id: number, error: Error): void {
    const entry = this.pending.get(id);
    this.pending.delete(id);
    for (const waiter of entry?.waiters ?? []) waiter.reject(error);
  }

  private async fetchAll(ids: number[]): Promise<ActionState[]> {
    const chunk = this.options.maxIdsPerPoll ?? 50;
    const states: ActionState[] = [];
    for (let i = 0; i < ids.length; i += chunk) states.push(...(await this.options.fetch(ids.slice(i, i + chunk))));
    return states;
  }
}

function settled(action: ActionState, resource?: string): Promise<ActionState> {
  if (action.status === "error") {
    const { code = "action_failed", message = "action failed" } = action.error ?? {};
    return Promise.reject(new ActionFailedError(action.id, action.command, code, message, resource));
  }
  return Promise.resolve(action);
}

/** Polls `check` until it returns a value (for waits that have no Action, e.g. a detach to settle). */
export async function pollUntil<T>(
  check: () => Promise<T | undefined>,
  { intervalMs, timeoutMs, what }: { intervalMs: number; timeoutMs: number; what: string },
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)}s waiting for ${what}`);
    await sleep(Math.min(intervalMs * 1.5 ** attempt, 5_000));
  }
}

/** Waits for every action and reports which commands failed, instead of stopping at the first failure. */
export async function waitSettled(
  waiter: ActionWaiter,
  actions: ActionState[],
  options: WaitOptions = {},
): Promise<{ errors: Error[]; failedCommands: Set<string> }> {
  const outcomes = await Promise.allSettled(actions.map((action) => waiter.wait(action, options)));
  const errors: Error[] = [];
  const failedCommands = new Set<string>();
  outcomes.forEach((outcome, i) => {
    if (outcome.status === "rejected") {
      errors.push(outcome.reason as Error);
      failedCommands.add(actions[i].command);
    }
  });
  return { errors, failedCommands };
}
