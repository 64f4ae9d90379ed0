import { ActionState, ActionWaiter, ActionWaiterOptions, pollUntil, waitSettled } from "../../../provider/core/actions";
import { ActionFailedError, ActionNotFoundError, ActionTimeoutError, ApiError } from "../../../provider/core/errors";
import { hetznerWaiterSchedule } from "../../../provider/core/hetzner";
import { api, countRequests, hetznerError, makeClient, offContract, useNock, wireAction } from "../helpers";

useNock();
jest.setTimeout(10_000);

function state(id: number, command: string, status: ActionState["status"] = "running"): ActionState {
  return { id, command, status, progress: status === "running" ? 0 : 100, error: null, resources: [{ id: 7, type: "firewall" }] };
}

const failed = (id: number, command: string) =>
  wireAction(id, command, "error", { error: { code: "firewall_resource_not_found", message: "server 42 not found" } });

/** Expects one `GET /actions` with exactly these ids (in this order) and nothing else. */
const pollOf = (ids: number[]) =>
  api()
    .get("/actions")
    .query({ id: ids.length === 1 ? String(ids[0]) : ids.map(String) });

describe("ActionWaiter", () => {
  test("two callers' actions are polled together, one GET per tick; finished ones drop out", async () => {
    // Two callers read the clock apart; a tick holds back half an interval for Actions due just after.
    const { client, lines } = makeClient({ waiter: { pollIntervalMs: 200, maxPollIntervalMs: 200 } });
    const first = pollOf([1, 2]).reply(200, {
      actions: [wireAction(1, "set_firewall_rules", "success"), wireAction(2, "apply_firewall", "running")],
    });
    const second = pollOf([2]).reply(200, { actions: [wireAction(2, "apply_firewall", "success")] });
    const [a, b] = await Promise.all([
      client.waiter.wait(state(1, "set_firewall_rules"), { resource: "firewall 7 (web)" }),
      client.waiter.wait([state(2, "apply_firewall")], { resource: "firewall 8 (db)" }),
    ]);
    expect(a).toEqual([{ id: 1, command: "set_firewall_rules", status: "success", progress: 100, error: null, resources: [{ id: 7, type: "firewall" }] }]);
    expect(b).toEqual([expect.objectContaining({ id: 2, status: "success" })]);
    expect(client.waiter.inFlight).toBe(0);
    expect(lines).toEqual([]);
    first.done();
    second.done();
  });

  test("the same action awaited by two callers is polled once and resolves both", async () => {
    const { client } = makeClient();
    const scope = pollOf([5]).reply(200, { actions: [wireAction(5, "apply_firewall", "success")] });
    const results = await Promise.all([client.waiter.wait(state(5, "apply_firewall")), client.waiter.wait(state(5, "apply_firewall"))]);
    expect(results.map(([r]) => r.status)).toEqual(["success", "success"]);
    scope.done();
  });

  test("more than 50 actions are polled in chunks of 50", async () => {
    const { client } = makeClient();
    const ids = Array.from({ length: 51 }, (_, i) => i + 1);
    const all = ids.map((id) => wireAction(id, "apply_firewall", "success"));
    const first = pollOf(ids.slice(0, 50)).reply(200, { actions: all.slice(0, 50) });
    const second = pollOf([51]).reply(200, { actions: all.slice(50) });
    const done = await client.waiter.wait(ids.map((id) => state(id, "apply_firewall")));
    expect(done).toHaveLength(51);
    first.done();
    second.done();
  });

  test("finished actions are not polled: success resolves, error rejects, nothing is sent", async () => {
    const { client } = makeClient();
    const ok = state(3, "set_firewall_rules", "success");
    await expect(client.waiter.wait(ok)).resolves.toEqual([ok]);
    await expect(client.waiter.wait(null)).resolves.toEqual([]);
    const bad = { ...state(4, "apply_firewall", "error"), error: { code: "server_not_found", message: "gone" } };
    await expect(client.waiter.wait(bad, { resource: "firewall 7" })).rejects.toThrow(
      "action apply_firewall (#4) on firewall 7 failed: server_not_found: gone",
    );
    expect(client.waiter.inFlight).toBe(0);
  });

  test("a failed action rejects with ActionFailedError; the other still resolves", async () => {
    const { client } = makeClient();
    const scope = pollOf([1, 2]).reply(200, { actions: [failed(1, "apply_firewall"), wireAction(2, "set_firewall_rules", "success")] });
    const [bad, good] = await Promise.allSettled(
      client.waiter.waitEach([state(1, "apply_firewall"), state(2, "set_firewall_rules")], { resource: "firewall 7 (web)" }),
    );
    expect(good).toMatchObject({ status: "fulfilled", value: { id: 2, status: "success" } });
    expect(bad.status).toBe("rejected");
    const error = (bad as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(ActionFailedError);
    expect(error).toMatchObject({ actionId: 1, command: "apply_firewall", code: "firewall_resource_not_found", apiMessage: "server 42 not found", resource: "firewall 7 (web)" });
    expect(error.message).toBe("action apply_firewall (#1) on firewall 7 (web) failed: firewall_resource_not_found: server 42 not found; run the pulumi command again once its cause is fixed");
    scope.done();
  });

  test("timeout: ActionTimeoutError for that waiter; a waiter with a longer timeout keeps waiting", async () => {
    const { client } = makeClient();
    let finish = false;
    api()
      .persist()
      .get("/actions")
      .query({ id: "1" })
      .reply(() => [200, { actions: [wireAction(1, "set_firewall_rules", finish ? "success" : "running")] }]);
    const short = client.waiter.wait(state(1, "set_firewall_rules"), { resource: "firewall 7", timeoutMs: 30 });
    const long = client.waiter.wait(state(1, "set_firewall_rules"), { timeoutMs: 5_000 });
    const error = await short.catch((e) => e);
    expect(error).toBeInstanceOf(ActionTimeoutError);
    expect(error).toMatchObject({ actionId: 1, command: "set_firewall_rules", timeoutMs: 30, resource: "firewall 7" });
    expect(error.message).toMatch(/^action set_firewall_rules \(#1\) on firewall 7 still running after 0s; raise hcloud:actionTimeout \/ HCLOUD_ACTION_TIMEOUT if the API is slow$/);
    expect(client.waiter.inFlight).toBe(1);
    finish = true;
    await expect(long).resolves.toEqual([expect.objectContaining({ status: "success" })]);
    expect(client.waiter.inFlight).toBe(0);
  });

  test("timeout from the client's waiter options; polling stops once nobody waits", async () => {
    const { client } = makeClient({ waiter: { timeoutMs: 25 } });
    expect(client.waiter.timeoutMs).toBe(25);
    const scope = api().persist().get("/actions").query(true).reply(200, { actions: [wireAction(9, "apply_firewall")] });
    await expect(client.waiter.wait(state(9, "apply_firewall"))).rejects.toBeInstanceOf(ActionTimeoutError);
    expect(client.waiter.inFlight).toBe(0);
    let later = 0;
    scope.on("request", () => later++);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(later).toBe(0);
  });

  test("actions running longer than reportAfterMs are reported with command and progress", async () => {
    const { client, lines } = makeClient({ waiter: { reportAfterMs: 5 } });
    api()
      .persist()
      .get("/actions")
      .query({ id: "1" })
      .reply(() => [200, { actions: [wireAction(1, "set_firewall_rules", lines.length ? "success" : "running", { progress: 42 })] }]);
    await client.waiter.wait(state(1, "set_firewall_rules"), { resource: "firewall 7 (web)" });
    expect(lines).toEqual(["waiting for set_firewall_rules on firewall 7 (web): 42% after 0s"]);
  });

  test("a poll that keeps failing (401) rejects every waiter with the ApiError after maxPollFailures polls", async () => {
    const { client } = makeClient();
    const polls = countRequests(pollOf([1, 2]).times(3).reply(401, hetznerError("unauthorized", "unable to authenticate")));
    const outcomes = await Promise.allSettled(client.waiter.waitEach([state(1, "apply_firewall"), state(2, "set_firewall_rules")]));
    expect(polls.count).toBe(3);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe("rejected");
      const reason = (outcome as PromiseRejectedResult).reason;
      expect(reason).toBeInstanceOf(ApiError);
      expect(reason).toMatchObject({ status: 401, code: "unauthorized", method: "GET", path: "/actions" });
    }
    expect(client.waiter.inFlight).toBe(0);
  });

  test("one failed poll is retried with backoff: the waiters get the result of the next", async () => {
    const { client } = makeClient();
    const failing = pollOf([1, 2]).reply(500, hetznerError("server_error", "boom"));
    const next = pollOf([1, 2]).reply(200, { actions: [wireAction(1, "apply_firewall", "success"), wireAction(2, "set_firewall_rules", "success")] });
    const done = await client.waiter.wait([state(1, "apply_firewall"), state(2, "set_firewall_rules")]);
    expect(done.map((a) => a.status)).toEqual(["success", "success"]);
    failing.done();
    next.done();
  });

  test("an id the API does not return fails at once, naming the action and the resource; the others carry on", async () => {
    const { client } = makeClient();
    const scope = pollOf([1, 2]).reply(200, { actions: [wireAction(2, "set_firewall_rules", "success")] });
    const [missing, found] = await Promise.allSettled(
      client.waiter.waitEach([state(1, "apply_firewall"), state(2, "set_firewall_rules")], { resource: "firewall 7 (web)" }),
    );
    expect(found).toMatchObject({ status: "fulfilled", value: { id: 2, status: "success" } });
    const error = (missing as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(ActionNotFoundError);
    expect(error).toMatchObject({ actionId: 1, command: "apply_firewall", resource: "firewall 7 (web)" });
    expect(error.message).toBe("action apply_firewall (#1) on firewall 7 (web) not found: the API no longer knows it");
    expect(client.waiter.inFlight).toBe(0);
    scope.done();
  });
});

describe("ActionWaiter schedule (fake clock)", () => {
  beforeEach(() => jest.useFakeTimers({ now: 0, doNotFake: ["nextTick", "setImmediate", "queueMicrotask"] }));
  afterEach(() => jest.useRealTimers());

  /** A waiter over a stub API that records each poll as [time, ids]; Actions run until marked finished. */
  function scheduledWaiter(overrides: Partial<ActionWaiterOptions> = {}) {
    const polls: Array<[number, number[]]> = [];
    const finished = new Set<number>();
    const waiter = new ActionWaiter({
      fetch: async (ids) => {
        polls.push([Date.now(), ids]);
        return ids.map((id) => state(id, "apply_firewall", finished.has(id) ? "success" : "running"));
      },
      pollIntervalMs: 1000,
      maxPollIntervalMs: 10_000,
      pollBackoff: 2,
      timeoutMs: 600_000,
      reportAfterMs: 1e9,
      report: () => undefined,
      ...overrides,
    });
    return { waiter, polls, finished };
  }

  test("each Action backs off on its own schedule, up to maxPollIntervalMs", async () => {
    const { waiter, polls, finished } = scheduledWaiter();
    const done = waiter.wait(state(1, "apply_firewall"));
    await jest.advanceTimersByTimeAsync(25_000);
    expect(polls).toEqual([[1000, [1]], [3000, [1]], [7000, [1]], [15_000, [1]], [25_000, [1]]]);
    finished.add(1);
    await jest.advanceTimersByTimeAsync(10_000);
    await expect(done).resolves.toEqual([expect.objectContaining({ id: 1, status: "success" })]);
  });

  test("the Hetzner default schedule backs off to 1 s at most: a long Action's end is seen within a second", async () => {
    const { waiter, polls, finished } = scheduledWaiter(hetznerWaiterSchedule("hcloud", "HCLOUD"));
    let resolvedAt: number | undefined;
    const done = waiter.wait(state(1, "apply_firewall")).then(() => (resolvedAt = Date.now()));
    await jest.advanceTimersByTimeAsync(10_000);
    finished.add(1);
    await jest.advanceTimersByTimeAsync(1_000);
    await done;
    expect(polls.map(([at]) => at)).toEqual([500, 1250, 2250, 3250, 4250, 5250, 6250, 7250, 8250, 9250, 10_250]);
    expect(resolvedAt).toBe(10_250);
  });

  test("pollBackoff 1 polls at a constant interval", async () => {
    const { waiter, polls, finished } = scheduledWaiter({ pollBackoff: 1 });
    const done = waiter.wait(state(1, "apply_firewall"));
    await jest.advanceTimersByTimeAsync(3000);
    finished.add(1);
    await jest.advanceTimersByTimeAsync(1000);
    await done;
    expect(polls.map(([at]) => at)).toEqual([1000, 2000, 3000, 4000]);
  });

  test("a new Action is first polled one interval after it started; riding along in others' polls does not count", async () => {
    const { waiter, polls, finished } = scheduledWaiter();
    const first = waiter.wait(state(1, "apply_firewall"));
    await jest.advanceTimersByTimeAsync(2900);
    // Action 1 is due again at 3000; action 2 starts just before and must not be polled then.
    const second = waiter.wait(state(2, "apply_firewall"));
    await jest.advanceTimersByTimeAsync(7000);
    expect(polls).toEqual([
      [1000, [1]],
      [3000, [1]],
      [3900, [2, 1]], // 2's first poll; 1 rides along (its next counted poll stays at 7000)
      [5900, [2, 1]], // 2's second poll, one doubled interval later
      [7000, [1, 2]],
      [9900, [2, 1]],
    ]);
    finished.add(1).add(2);
    await jest.advanceTimersByTimeAsync(10_000);
    await Promise.all([first, second]);
    expect(waiter.inFlight).toBe(0);
  });

  test("Actions started close together share a tick: it waits up to half an interval for the next one due", async () => {
    const { waiter, polls, finished } = scheduledWaiter();
    const waits = [waiter.wait(state(1, "apply_firewall"))];
    await jest.advanceTimersByTimeAsync(300);
    waits.push(waiter.wait(state(2, "apply_firewall")));
    await jest.advanceTimersByTimeAsync(500);
    waits.push(waiter.wait(state(3, "apply_firewall")));
    await jest.advanceTimersByTimeAsync(1500);
    // 1 (due 1000) waits for 2 (due 1300); 3 (due 1800) is too far off, and gets 1 and 2 as riders.
    expect(polls).toEqual([[1300, [1, 2]], [1800, [3, 1, 2]]]);
    finished.add(1).add(2).add(3);
    await jest.advanceTimersByTimeAsync(10_000);
    await Promise.all(waits);
  });

  test("riders only fill the requests a tick sends anyway", async () => {
    const { waiter, polls, finished } = scheduledWaiter({ maxIdsPerPoll: 2 });
    const waits = [waiter.wait([state(1, "apply_firewall"), state(2, "apply_firewall")])];
    await jest.advanceTimersByTimeAsync(1200);
    waits.push(waiter.wait(state(3, "apply_firewall")));
    await jest.advanceTimersByTimeAsync(1000);
    // At 2200 only 3 is due: one request with room for one rider (1: due soonest, ties by age).
    expect(polls).toEqual([[1000, [1, 2]], [2200, [3, 1]]]);
    finished.add(1).add(2).add(3);
    await jest.advanceTimersByTimeAsync(10_000);
    await Promise.all(waits);
  });
});

describe("ActionsApi.byIds", () => {
  test("one GET for all ids; wire actions become ActionState (missing error → null)", async () => {
    const { client } = makeClient();
    offContract({ replies: "an action without `error` is what this tolerates" });
    const { error: _omitted, ...noError } = wireAction(3, "apply_firewall", "running", { progress: 10 });
    const scope = pollOf([3, 4]).reply(200, { actions: [noError, failed(4, "set_firewall_rules")] });
    await expect(client.actions.byIds([3, 4])).resolves.toEqual([
      { id: 3, command: "apply_firewall", status: "running", progress: 10, error: null, resources: [{ id: 7, type: "firewall" }] },
      {
        id: 4,
        command: "set_firewall_rules",
        status: "error",
        progress: 100,
        error: { code: "firewall_resource_not_found", message: "server 42 not found" },
        resources: [{ id: 7, type: "firewall" }],
      },
    ]);
    scope.done();
  });
});

describe("waitSettled", () => {
  test("waits for all and names the failed commands instead of stopping at the first", async () => {
    const { client } = makeClient();
    const scope = pollOf([1, 2]).reply(200, { actions: [failed(1, "apply_firewall"), wireAction(2, "set_firewall_rules", "success")] });
    const actions = [state(1, "apply_firewall"), state(2, "set_firewall_rules"), state(3, "remove_firewall", "success")];
    const { errors, failedCommands } = await waitSettled(client.waiter, actions, { resource: "firewall 7" });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ActionFailedError);
    expect(errors[0].message).toContain("apply_firewall (#1) on firewall 7");
    expect([...failedCommands]).toEqual(["apply_firewall"]);
    scope.done();
  });

  test("all succeed: no errors", async () => {
    const { client } = makeClient();
    await expect(waitSettled(client.waiter, [state(1, "apply_firewall", "success")])).resolves.toEqual({ errors: [], failedCommands: new Set() });
  });
});

describe("pollUntil", () => {
  test("returns the first defined value", async () => {
    let calls = 0;
    const check = jest.fn(async () => (++calls < 3 ? undefined : { detached: true }));
    await expect(pollUntil(check, { intervalMs: 1, timeoutMs: 1000, what: "the detach" })).resolves.toEqual({ detached: true });
    expect(check).toHaveBeenCalledTimes(3);
  });

  test("a falsy but defined value counts as a result", async () => {
    await expect(pollUntil(async () => 0, { intervalMs: 1, timeoutMs: 1000, what: "x" })).resolves.toBe(0);
  });

  test("times out naming what it waited for", async () => {
    const check = jest.fn(async () => undefined);
    const started = Date.now();
    await expect(pollUntil(check, { intervalMs: 1, timeoutMs: 30, what: "the detach of server 42" })).rejects.toThrow(
      "timed out after 0s waiting for the detach of server 42",
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(30);
    expect(check.mock.calls.length).toBeGreaterThan(1);
  });
});
