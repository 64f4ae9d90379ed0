import nock from "nock";
import { check, create, diff, read, remove, update } from "../../../provider/hcloud/firewall-attachment";
import { UNKNOWN } from "../../../provider/core/inputs";
import { API, useHcloudClient, wireActions } from "../helpers";

const auth = useHcloudClient("fw-token");
const server = (id: number) => ({ type: "server", server: { id } });
const selector = (s: string, ids: number[] = []) => ({ type: "label_selector", label_selector: { selector: s }, applied_to_resources: ids.map((id) => server(id)) });
const wireFirewall = (applied: unknown[]) => ({ id: 7, name: "web", labels: {}, created: "2026-11-25T10:00:00+00:00", rules: [], applied_to: applied });
const { action, waitFor } = wireActions({ id: 7, type: "firewall" }, { runningProgress: 0 });

describe("check and diff", () => {
  test("sorts and dedupes targets; needs at least one; unknowns pass", async () => {
    expect(await check({}, { firewallId: "7", serverIds: [43, "42", 43], labelSelectors: [" role=web "] })).toEqual({
      inputs: { firewallId: 7, serverIds: [42, 43], labelSelectors: ["role=web"] },
      failures: [],
    });
    const bad = await check({}, { firewallId: 0, serverIds: [], labelSelectors: [] });
    expect(bad.failures.map((f) => f.reason)).toEqual(["firewallId: 0 is not a firewall id", "a firewall attachment needs at least one of serverIds or labelSelectors"]);
    expect((await check({}, { firewallId: 7, serverIds: [-1], labelSelectors: [""] })).failures.map((f) => f.reason)).toEqual([
      "serverIds[0]: -1 is not a server id",
      'labelSelectors[0]: "" is not a label selector (e.g. "role=web", "env!=dev", "env in (prod,staging)", "!deprecated", joined by commas)',
    ]);
    expect((await check({}, { firewallId: UNKNOWN, serverIds: UNKNOWN })).failures).toEqual([]);
  });

  test("a different firewall replaces; target changes are in place; order never matters", async () => {
    const olds = { firewallId: 7, serverIds: [42, 43], labelSelectors: [] };
    expect((await diff("7", olds, { firewallId: 7, serverIds: [42, 43], labelSelectors: [] })).changes).toBe(false);
    expect(await diff("7", olds, { firewallId: 7, serverIds: [42], labelSelectors: [] })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    // Create before delete: the new firewall is applied before the old one is removed (see the e2e test).
    expect(await diff("7", olds, { firewallId: 8, serverIds: [42, 43], labelSelectors: [] })).toEqual({ changes: true, replaces: ["firewallId"], deleteBeforeReplace: false });
    expect((await diff("7", olds, { firewallId: 7, serverIds: [UNKNOWN], labelSelectors: [] })).changes).toBe(true);
  });
});

describe("create", () => {
  test("applies only the targets not already applied, and waits", async () => {
    const scope = nock(API, auth)
      .get("/firewalls/7").reply(200, { firewall: wireFirewall([server(42)]) })
      .post("/firewalls/7/actions/apply_to_resources", { apply_to: [server(43), { type: "label_selector", label_selector: { selector: "role=db" } }] })
      .reply(201, { actions: [action(1, "apply_firewall"), action(2, "apply_firewall")] })
      .get("/actions").query({ id: ["1", "2"] })
      .reply(200, { actions: [action(1, "apply_firewall", "success"), action(2, "apply_firewall", "success")] })
      .get("/firewalls/7").reply(200, { firewall: wireFirewall([server(42), server(43), selector("role=db", [44])]) });
    const result = await create({ firewallId: 7, serverIds: [42, 43], labelSelectors: ["role=db"] });
    scope.done();
    expect(result).toEqual({ id: "7", outs: { firewallId: 7, serverIds: [42, 43], labelSelectors: ["role=db"] } });
  });

  test("a failed apply action is a partial failure recording what is live and its own, so delete removes it", async () => {
    const scope = nock(API, auth)
      .get("/firewalls/7").reply(200, { firewall: wireFirewall([]) })
      .post("/firewalls/7/actions/apply_to_resources").reply(201, { actions: [action(1, "apply_firewall")] });
    waitFor(scope, 1, "apply_firewall", "error", { code: "firewall_resource_not_found", message: "server gone" })
      .get("/firewalls/7").reply(200, { firewall: wireFirewall([server(42), server(99)]) });
    const error = await create({ firewallId: 7, serverIds: [42, 43], labelSelectors: [], __provider: "shim" }).then(() => undefined, (e) => e);
    scope.done();
    expect(error.message).toMatch(/attaching firewall 7 \(web\) failed: action apply_firewall \(#1\)/);
    expect(error.id).toBe("7");
    expect(error.properties).toEqual({ firewallId: 7, serverIds: [42], labelSelectors: [], __provider: "shim" });
  });

  test("an HTTP error on apply_to_resources is a partial failure recording the live targets, not a lost attachment", async () => {
    const scope = nock(API, auth)
      .get("/firewalls/7").reply(200, { firewall: wireFirewall([]) })
      // The API carried the request out, but the answer was lost.
      .post("/firewalls/7/actions/apply_to_resources").reply(502, { error: { code: "bad_gateway", message: "upstream" } })
      .get("/firewalls/7").reply(200, { firewall: wireFirewall([selector("role=db", [44])]) });
    const error = await create({ firewallId: 7, serverIds: [42], labelSelectors: ["role=db"], __provider: "shim" }).then(() => undefined, (e) => e);
    scope.done();
    expect(error.message).toMatch(/^attaching firewall 7 \(web\) failed: .*POST \/firewalls\/7\/actions\/apply_to_resources failed: HTTP 502 bad_gateway/);
    expect(error.properties).toEqual({ firewallId: 7, serverIds: [], labelSelectors: ["role=db"], __provider: "shim" });
  });
});

describe("read", () => {
  test("reports which of its own targets are still applied, ignoring others", async () => {
    nock(API, auth).get("/firewalls/7").reply(200, { firewall: wireFirewall([server(42), server(99), selector("role=web", [42, 43])]) });
    const result = await read("7", { firewallId: 7, serverIds: [42, 43], labelSelectors: ["role=web"] });
    expect(result.props).toEqual({ firewallId: 7, serverIds: [42], labelSelectors: ["role=web"] });
    expect(result.inputs).toEqual(result.props);
  });

  test("a deleted firewall reads as gone", async () => {
    nock(API, auth).get("/firewalls/7").reply(404, { error: { code: "not_found", message: "gone" } });
    expect(await read("7", { firewallId: 7, serverIds: [42] })).toEqual({ id: "", props: {} });
  });
});

describe("update", () => {
  test("applies what is new and removes only what it owned and no longer wants", async () => {
    const scope = nock(API, auth)
      .get("/firewalls/7").reply(200, { firewall: wireFirewall([server(42), server(43), server(99)]) })
      .post("/firewalls/7/actions/apply_to_resources", { apply_to: [server(44)] }).reply(201, { actions: [action(1, "apply_firewall", "success")] })
      .post("/firewalls/7/actions/remove_from_resources", { remove_from: [server(43)] }).reply(201, { actions: [action(2, "remove_firewall")] });
    waitFor(scope, 2, "remove_firewall").get("/firewalls/7").reply(200, { firewall: wireFirewall([server(42), server(44), server(99)]) });
    const { outs } = await update("7", { firewallId: 7, serverIds: [42, 43], labelSelectors: [] }, { firewallId: 7, serverIds: [42, 44], labelSelectors: [] });
    scope.done();
    expect(outs).toEqual({ firewallId: 7, serverIds: [42, 44], labelSelectors: [] });
  });
});

describe("update failures", () => {
  test("a failed remove keeps the released target recorded while it is still live, so the next up removes it", async () => {
    const scope = nock(API, auth)
      .get("/firewalls/7").reply(200, { firewall: wireFirewall([server(42), server(43)]) })
      .post("/firewalls/7/actions/remove_from_resources", { remove_from: [server(43)] }).reply(201, { actions: [action(2, "remove_firewall")] });
    waitFor(scope, 2, "remove_firewall", "error", { code: "server_locked", message: "busy" })
      .get("/firewalls/7").reply(200, { firewall: wireFirewall([server(42), server(43)]) });
    const error = await update("7", { firewallId: 7, serverIds: [42, 43], labelSelectors: [] }, { firewallId: 7, serverIds: [42], labelSelectors: [], __provider: "shim" }).then(
      () => undefined,
      (e) => e,
    );
    scope.done();
    expect(error.message).toMatch(/^updating the attachments of firewall 7 \(web\) failed: action remove_firewall \(#2\)/);
    expect(error.properties).toEqual({ firewallId: 7, serverIds: [42, 43], labelSelectors: [], __provider: "shim" });
  });
});

describe("delete", () => {
  test("removes only its own targets that are still applied, and waits", async () => {
    const scope = nock(API, auth)
      .get("/firewalls/7").reply(200, { firewall: wireFirewall([server(42), server(99)]) })
      .post("/firewalls/7/actions/remove_from_resources", { remove_from: [server(42)] }).reply(201, { actions: [action(3, "remove_firewall")] });
    waitFor(scope, 3, "remove_firewall");
    await remove("7", { firewallId: 7, serverIds: [42, 43], labelSelectors: [] });
    scope.done();
  });

  test("tolerates a firewall that is gone, before or during the removal", async () => {
    const raced = nock(API, auth)
      .get("/firewalls/7").reply(200, { firewall: wireFirewall([server(42)]) })
      .post("/firewalls/7/actions/remove_from_resources").reply(404, { error: { code: "not_found", message: "firewall not found" } });
    await remove("7", { firewallId: 7, serverIds: [42], labelSelectors: [] });
    raced.done();
    const gone = nock(API, auth).get("/firewalls/7").reply(404, { error: { code: "not_found", message: "gone" } });
    await remove("7", { firewallId: 7, serverIds: [42], labelSelectors: [] });
    gone.done();
  });
});
