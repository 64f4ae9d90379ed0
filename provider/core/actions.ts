/**
 * The Action waiter: every Action any resource in this provider process waits on is polled together,
 * one `GET /actions?id=…&id=…` per tick, with backoff. Resources only `await` their own.
 *
 * Each Action keeps its own schedule: first polled one interval after it started, then at growing
 * intervals. A tick waits up to half an interval for Actions due just after the first, then polls
 * the Actions that are due; Actions past their first interval but not yet due ride along while there
 * is room in the requests the tick sends anyway, without counting towards their backoff.
 */
import { ActionFailedError, ActionNotFoundError, ActionTimeoutError } from "./errors";
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
  /** Each poll of an Action waits this much longer than the one before (1: a constant interval). */
  pollBackoff?: number;
  timeoutMs: number;
  /** Names the timeout's setting in ActionTimeoutError, e.g. `hcloud:actionTimeout / HCLOUD_ACTION_TIMEOUT`. */
  timeoutSetting?: string;
  /** Actions running longer than this are reported (command and progress) through `report`. */
  reportAfterMs: number;
  /** `target`: what `reportTarget` captured when the first wait for the Action began. */
  report: (line: string, target?: unknown) => void;
  /**
   * Captured in the caller's async context when a wait begins (e.g. the URN of the resource being
   * worked on), since reports are made later, from the waiter's own tick.
   */
  reportTarget?: () => unknown;
  maxIdsPerPoll?: number;
  /** Failed polls in a row an Action outlasts (polling on with backoff) before its waiters fail. */
  maxPollFailures?: number;
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
  reportTarget?: unknown;
  deadline: number;
  timeoutMs: number;
}

interface Pending {
  action: ActionState;
  since: number;
  /** Polls counted towards the backoff: only those the Action was due for. */
  polls: number;
  /** When this Action is next due for a poll. */
  due: number;
  /** Failed polls in a row. */
  failures: number;
  lastReport: number;
  waiters: Waiter[];
}

export class ActionWaiter {
  private readonly pending = new Map<number, Pending>();
  private timer?: NodeJS.Timeout;
  private timerAt = Infinity;
  private polling = false;
  private readonly now: () => number;

  constructor(private readonly options: ActionWaiterOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Resolves with the finished actions once all succeed; rejects with the first failure. */
  wait(actions: ActionState | ActionState[] | undefined | null, options: WaitOptions = {}): Promise<ActionState[]> {
    const list = actions == null ? [] : Array.isArray(actions) ? actions : [actions];
    return Promise.all(this.waitEach(list, options));
  }

  /** One promise per action, each settling on its own. */
  waitEach(actions: ActionState[], options: WaitOptions = {}): Array<Promise<ActionState>> {
    // Actions handed over together started together: one clock reading keeps them on one schedule.
    const now = this.now();
    return actions.map((action) => this.waitOne(action, options, now));
  }

  get timeoutMs(): number {
    return this.options.timeoutMs;
  }

  /** The poll schedule in effect (settings are read once, when the client is made). */
  get pollSchedule(): { pollIntervalMs: number; maxPollIntervalMs: number; pollBackoff: number } {
    const { pollIntervalMs, maxPollIntervalMs, pollBackoff = 1.5 } = this.options;
    return { pollIntervalMs, maxPollIntervalMs, pollBackoff };
  }

  /** Number of actions currently being polled (for tests and the benchmark). */
  get inFlight(): number {
    return this.pending.size;
  }

  private waitOne(action: ActionState, options: WaitOptions, now: number): Promise<ActionState> {
    if (action.status !== "running") {
      return settled(action, options.resource);
    }
    return new Promise<ActionState>((resolve, reject) => {
      const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
      const waiter: Waiter = {
        resolve,
        reject,
        resource: options.resource,
        reportTarget: this.options.reportTarget?.(),
        deadline: now + timeoutMs,
        timeoutMs,
      };
      const entry = this.pending.get(action.id);
      if (entry) {
        entry.waiters.push(waiter);
      } else {
        this.pending.set(action.id, {
          action,
          since: now,
          polls: 0,
          due: now + this.options.pollIntervalMs,
          failures: 0,
          lastReport: now,
          waiters: [waiter],
        });
      }
      this.schedule();
    });
  }

  private interval(polls: number): number {
    const { pollIntervalMs, maxPollIntervalMs, pollBackoff } = this.pollSchedule;
    return Math.min(maxPollIntervalMs, pollIntervalMs * pollBackoff ** polls);
  }

  /**
   * Sets the timer for the earliest due Action, held back by up to half an interval for Actions due
   * just after it, so that Actions started close together share their polls.
   */
  private schedule(): void {
    if (this.polling || this.pending.size === 0) return;
    const dues = [...this.pending.values()].map((p) => p.due).sort((a, b) => a - b);
    const target = dues.filter((due) => due <= dues[0] + this.options.pollIntervalMs / 2).pop()!;
    if (this.timer && target === this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = target;
    this.timer = setTimeout(() => void this.poll(), Math.max(0, target - this.now()));
    // Pending actions keep the provider busy through their promises; the timer must not pin the process.
    this.timer.unref?.();
  }

  private async poll(): Promise<void> {
    this.timer = undefined;
    this.timerAt = Infinity;
    this.polling = true;
    try {
      const now = this.now();
      const chunk = this.options.maxIdsPerPoll ?? 50;
      const entries = [...this.pending.entries()];
      const due = entries.filter(([, p]) => p.due <= now).map(([id]) => id);
      // Actions past their first interval fill the requests this tick sends anyway.
      const room = Math.ceil(due.length / chunk) * chunk - due.length;
      const riders = entries
        .filter(([, p]) => p.due > now && now >= p.since + this.options.pollIntervalMs)
        .sort(([, a], [, b]) => a.due - b.due)
        .slice(0, room)
        .map(([id]) => id);
      for (const id of due) {
        const entry = this.pending.get(id)!;
        entry.polls++;
        entry.due = now + this.interval(entry.polls);
      }
      const ids = [...due, ...riders];
      for (let i = 0; i < ids.length; i += chunk) await this.pollChunk(ids.slice(i, i + chunk));
    } finally {
      this.polling = false;
      this.schedule();
    }
  }

  private async pollChunk(ids: number[]): Promise<void> {
    let states: ActionState[];
    try {
      states = await this.options.fetch(ids);
    } catch (error) {
      // The API could not tell us (after the client's own retries): poll again later, up to a limit.
      for (const id of ids) {
        const entry = this.pending.get(id);
        if (entry && ++entry.failures >= (this.options.maxPollFailures ?? 3)) this.rejectAll(id, error as Error);
      }
      return;
    }
    const byId = new Map(states.map((s) => [s.id, s]));
    for (const id of ids) {
      const entry = this.pending.get(id);
      if (!entry) continue;
      entry.failures = 0;
      const state = byId.get(id);
      if (!state) {
        // The API does not know this id: no later poll will find it either.
        this.pending.delete(id);
        for (const waiter of entry.waiters) waiter.reject(new ActionNotFoundError(id, entry.action.command, waiter.resource));
        continue;
      }
      entry.action = state;
      this.settle(id, entry);
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
      waiter.reject(new ActionTimeoutError(action.id, action.command, waiter.timeoutMs, waiter.resource, this.options.timeoutSetting));
    }
    entry.waiters = entry.waiters.filter((w) => now < w.deadline);
    if (entry.waiters.length === 0) {
      this.pending.delete(id);
      return;
    }
    if (now - entry.since >= this.options.reportAfterMs && now - entry.lastReport >= this.options.reportAfterMs) {
      entry.lastReport = now;
      const [first] = entry.waiters;
      const on = first.resource ? ` on ${first.resource}` : "";
      this.options.report(
        `waiting for ${action.command}${on}: ${action.progress}% after ${Math.round((now - entry.since) / 1000)}s`,
        first.reportTarget,
      );
    }
  }

  private rejectAll(id: number, error: Error): void {
    const entry = this.pending.get(id);
    this.pending.delete(id);
    for (const waiter of entry?.waiters ?? []) waiter.reject(error);
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
  const outcomes = await Promise.allSettled(waiter.waitEach(actions, options));
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
