import { ActionState, ActionWaiter } from "../../../provider/core/actions";
import { claimFound, CLOCK_SKEW_MS, finishCreate, FollowUps, replaceOrder, Settler, spareTakenOver } from "../../../provider/core/lifecycle";
import { OWNER_LABEL } from "../../../provider/core/resource";

/** A waiter whose fetch answers every polled action with the status `outcome` gives its command. */
function waiter(outcome: Record<string, "success" | "error"> = {}): ActionWaiter {
  return new ActionWaiter({
    fetch: async (ids) =>
      ids.map((id) => {
        const command = `cmd${id}`;
        const status = outcome[command] ?? "success";
        return { id, command, status, progress: 100, error: status === "error" ? { code: "failed", message: `${command} broke` } : null, resources: [] };
      }),
    pollIntervalMs: 1,
    maxPollIntervalMs: 2,
    timeoutMs: 1000,
    reportAfterMs: 1_000_000,
    report: () => undefined,
  });
}

const running = (id: number): ActionState => ({ id, command: `cmd${id}`, status: "running", progress: 0, resources: [] });

describe("Settler", () => {
  test("collects a failed request and a failed Action under their commands, and runs every step", async () => {
    const s = new Settler(waiter({ cmd2: "error" }), "thing 1 (x)");
    await s.step("post_one", Promise.reject(new Error("HTTP 422")));
    await s.step("post_two", Promise.resolve([running(2)]));
    await s.step("post_three", [running(3)]);
    expect([...s.failed]).toEqual(["post_one", "cmd2"]);
    expect(s.message).toBe("HTTP 422; action cmd2 (#2) on thing 1 (x) failed: failed: cmd2 broke; run the pulumi command again once its cause is fixed");
    // A create's message gives its own fix: the reasons leave the Action's out.
    expect(s.reasons).toBe("HTTP 422; action cmd2 (#2) on thing 1 (x) failed: failed: cmd2 broke");
    expect(s.undone("cmd2")).toBe(true);
    expect(s.undone("cmd3")).toBe(false);
  });
});

describe("finishCreate", () => {
  const base = (over: Partial<FollowUps<{ id: number; state: string }>>): FollowUps<{ id: number; state: string }> => ({
    id: "9",
    created: { id: 9, state: "created" },
    resource: "thing 9 (x)",
    inputs: { __provider: "shim" },
    waiter: waiter(),
    run: async () => undefined,
    read: async () => ({ id: 9, state: "live" }),
    outputs: (live) => ({ state: live.state, part: "done" }),
    markUndone: (outs, s) => {
      if (s.undone("part")) outs.part = "before";
    },
    ...over,
  });

  test("no failure: outputs from the live object", async () => {
    expect(await finishCreate(base({}))).toEqual({ id: "9", outs: { state: "live", part: "done" } });
  });

  test("a step that throws: partial failure with live outputs, its part undone, the id and __provider", async () => {
    const error = await finishCreate(base({ run: async (s) => s.fail("part", new Error("HTTP 404")) })).then(() => undefined, (e) => e);
    expect(error.message).toBe("thing 9 (x) was created, but HTTP 404; the next pulumi up completes it");
    expect(error.id).toBe("9");
    expect(error.properties).toEqual({ state: "live", part: "before", __provider: "shim" });
  });

  test("an error outside any step and a failed read: recorded from the create's answer, everything undone", async () => {
    const error = await finishCreate(
      base({
        run: async () => {
          throw new Error("boom");
        },
        read: async () => {
          throw new Error("GET failed");
        },
      }),
    ).then(() => undefined, (e) => e);
    expect(error.message).toBe("thing 9 (x) was created, but boom; GET failed; the next pulumi up completes it");
    expect(error.properties).toEqual({ state: "created", part: "before", __provider: "shim" });
  });
});

describe("claimFound", () => {
  const sentAt = Date.parse("2026-11-30T12:00:00Z");
  const found = (created: string, labels: Record<string, string> = {}) => ({ id: "5", name: "web", created, labels });

  test("after a lost answer: created after the request, or within the clock-skew margin before it, and equal", () => {
    expect(() => claimFound(found("2026-11-30T12:00:01+00:00"), { kind: "firewall", how: "answerLost", sentAt, labels: {}, differences: [] })).not.toThrow();
    const withinSkew = new Date(sentAt - CLOCK_SKEW_MS + 1000).toISOString();
    expect(() => claimFound(found(withinSkew), { kind: "firewall", how: "answerLost", sentAt, labels: {}, differences: [] })).not.toThrow();
    const tooOld = new Date(sentAt - CLOCK_SKEW_MS - 1000).toISOString();
    expect(() => claimFound(found(tooOld), { kind: "firewall", how: "answerLost", sentAt, labels: {}, differences: [] })).toThrow(
      `firewall "web" already exists (id 5, created ${tooOld}) and is not the one this create made: it was created (${tooOld}) before this request was sent (2026-11-30T12:00:00.000Z). ` +
        "Set another name, or delete or rename firewall 5 if it is not needed, then run `pulumi up` again",
    );
    expect(() => claimFound(found("2026-11-30T12:00:01+00:00"), { kind: "firewall", how: "answerLost", sentAt, labels: {}, differences: ["rules"] })).toThrow(
      /it differs from what was asked in rules\./,
    );
    // A lost answer's object is never the one being replaced: its delete is not spared.
    expect(spareTakenOver("firewall", "5")).toBe(false);
  });

  test("after uniqueness_error: our owner label, however old; the next delete of it in this process is spared once", () => {
    const labels = { [OWNER_LABEL]: "abc" };
    expect(() => claimFound(found("2020-01-01T00:00:00+00:00", labels), { kind: "firewall", how: "nameTaken", sentAt, labels, differences: [] })).not.toThrow();
    expect(spareTakenOver("firewall", "5")).toBe(true);
    expect(spareTakenOver("firewall", "5")).toBe(false);
    expect(() => claimFound(found("2020-01-01T00:00:00+00:00", { [OWNER_LABEL]: "other" }), { kind: "firewall", how: "nameTaken", sentAt, labels, differences: [] })).toThrow(
      /it does not carry this resource's owner label pulumi-dns-cloud\/owner/,
    );
  });

  test("ids are strings: a composite id (zone/name/type) is taken over and spared by itself alone", () => {
    const labels = { [OWNER_LABEL]: "abc" };
    const record = { id: "example.com/www/A", name: "www", created: "2020-01-01T00:00:00+00:00", labels };
    expect(() => claimFound(record, { kind: "record", how: "nameTaken", sentAt, labels, differences: [] })).not.toThrow();
    expect(spareTakenOver("record", "example.com/www/AAAA")).toBe(false);
    expect(spareTakenOver("record", "example.com/www/A")).toBe(true);
  });
});

describe("replaceOrder", () => {
  test("create before delete only for a name of ours; a fixed name is freed first; no replacement, no order", () => {
    expect(replaceOrder(["type"], { name: "vip-1234567", __autonamed: true })).toEqual({ replaces: ["type"], deleteBeforeReplace: false });
    expect(replaceOrder(["type"], { name: "vip" })).toEqual({ replaces: ["type"], deleteBeforeReplace: true });
    expect(replaceOrder([], { name: "vip" })).toEqual({ replaces: [], deleteBeforeReplace: false });
  });
});
