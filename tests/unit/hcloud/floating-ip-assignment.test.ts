import nock from "nock";
import { check, create, diff, read, remove, update } from "../../../provider/hcloud/floating-ip-assignment";
import { UNKNOWN } from "../../../provider/core/inputs";
import { API, NO_BODY, FSN1, useHcloudClient, wireActions } from "../helpers";

const auth = useHcloudClient("fip-token");

const wireIp = (server: number | null) => ({
  id: 501, name: "vip", description: null, ip: "203.0.113.128", type: "ipv4", server, dns_ptr: [], home_location: FSN1,
  blocked: false, protection: { delete: false }, labels: {}, created: "2026-11-25T10:00:00+00:00",
});
const { action, waitFor } = wireActions({ id: 501, type: "floating_ip" }, { runningProgress: 0 });

test("check: ids as numbers, clear failures, unknowns pass", async () => {
  expect(await check({}, { floatingIpId: "501", serverId: 42 })).toEqual({ inputs: { floatingIpId: 501, serverId: 42 }, failures: [] });
  const { failures } = await check({}, { floatingIpId: "x", serverId: 0 });
  expect(failures.map((f) => f.reason)).toEqual(['floatingIpId: "x" is not a floating IP id', "serverId: 0 is not a server id"]);
  expect((await check({}, { floatingIpId: UNKNOWN, serverId: UNKNOWN })).failures).toEqual([]);
});

test("diff: another IP replaces, another server reassigns in place", async () => {
  const olds = { floatingIpId: 501, serverId: 42, ip: "203.0.113.128" };
  expect(await diff("501", olds, { floatingIpId: 501, serverId: 42 })).toEqual({ changes: false, replaces: [], deleteBeforeReplace: true });
  expect(await diff("501", olds, { floatingIpId: 501, serverId: 43 })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: true });
  expect(await diff("501", olds, { floatingIpId: 502, serverId: 42 })).toEqual({ changes: true, replaces: ["floatingIpId"], deleteBeforeReplace: true });
  expect((await diff("501", olds, { floatingIpId: UNKNOWN, serverId: 42 })).replaces).toEqual(["floatingIpId"]);
});

test("create assigns and waits for the action", async () => {
  const scope = nock(API, auth)
    .get("/floating_ips/501").reply(200, { floating_ip: wireIp(null) })
    .post("/floating_ips/501/actions/assign", { server: 42 }).reply(201, { action: action(7, "assign_floating_ip") });
  waitFor(scope, 7, "assign_floating_ip").get("/floating_ips/501").reply(200, { floating_ip: wireIp(42) });
  expect(await create({ floatingIpId: 501, serverId: 42 })).toEqual({ id: "501", outs: { floatingIpId: 501, serverId: 42, ip: "203.0.113.128" } });
  scope.done();
});

test("create on an IP already on that server sends no action", async () => {
  const scope = nock(API, auth).get("/floating_ips/501").reply(200, { floating_ip: wireIp(42) }).get("/floating_ips/501").reply(200, { floating_ip: wireIp(42) });
  expect((await create({ floatingIpId: 501, serverId: 42 })).outs.serverId).toBe(42);
  scope.done();
});

test("a failed assign action is a partial failure with id, __provider and serverId unapplied", async () => {
  const scope = nock(API, auth)
    .get("/floating_ips/501").reply(200, { floating_ip: wireIp(null) })
    .post("/floating_ips/501/actions/assign").reply(201, { action: action(7, "assign_floating_ip") });
  waitFor(scope, 7, "assign_floating_ip", "error", { code: "server_error", message: "boom" }).get("/floating_ips/501").reply(200, { floating_ip: wireIp(null) });
  const error = await create({ floatingIpId: 501, serverId: 42, __provider: "shim" }).then(() => undefined, (e) => e);
  scope.done();
  expect(error.message).toMatch(/assigning floating IP 501 \(vip\) to server 42 failed: action assign_floating_ip \(#7\)/);
  expect(error.id).toBe("501");
  expect(error.properties).toEqual({ floatingIpId: 501, serverId: null, ip: "203.0.113.128", __provider: "shim" });
});

test("an assign whose answer is lost (502) records the live assignment, so destroy unassigns it", async () => {
  const scope = nock(API, auth)
    .get("/floating_ips/501").reply(200, { floating_ip: wireIp(null) })
    .post("/floating_ips/501/actions/assign", { server: 42 }).reply(502, { error: { code: "bad_gateway", message: "lost" } })
    .get("/floating_ips/501").reply(200, { floating_ip: wireIp(42) });
  const error = await create({ floatingIpId: 501, serverId: 42, __provider: "shim" }).then(() => undefined, (e) => e);
  scope.done();
  expect(error.message).toMatch(/^assigning floating IP 501 \(vip\) to server 42 failed: hcloud API POST \/floating_ips\/501\/actions\/assign failed: HTTP 502 bad_gateway: lost; the API may have acted on it: run the pulumi command again$/);
  expect(error.properties).toEqual({ floatingIpId: 501, serverId: 42, ip: "203.0.113.128", __provider: "shim" });
});

test("a failed reassign records the previous server while the IP is still there, and never someone else's", async () => {
  const failing = (liveAfter: number | null) => {
    const scope = nock(API, auth)
      .get("/floating_ips/501").reply(200, { floating_ip: wireIp(41) })
      .post("/floating_ips/501/actions/assign", { server: 42 }).reply(422, { error: { code: "server_not_found", message: "no such server" } })
      .get("/floating_ips/501").reply(200, { floating_ip: wireIp(liveAfter) });
    return { scope, run: update("501", { floatingIpId: 501, serverId: 41 }, { floatingIpId: 501, serverId: 42 }).then(() => undefined, (e) => e) };
  };
  const stayed = failing(41);
  expect((await stayed.run).properties.serverId).toBe(41);
  stayed.scope.done();
  const elsewhere = failing(99);
  expect((await elsewhere.run).properties.serverId).toBeNull();
  elsewhere.scope.done();
});

test("update reassigns to the new server", async () => {
  const scope = nock(API, auth)
    .get("/floating_ips/501").reply(200, { floating_ip: wireIp(42) })
    .post("/floating_ips/501/actions/assign", { server: 43 }).reply(201, { action: action(8, "assign_floating_ip") });
  waitFor(scope, 8, "assign_floating_ip").get("/floating_ips/501").reply(200, { floating_ip: wireIp(43) });
  expect((await update("501", { floatingIpId: 501, serverId: 42 }, { floatingIpId: 501, serverId: 43 })).outs.serverId).toBe(43);
  scope.done();
});

test("read reports an IP unassigned or moved elsewhere as serverId drift, and a deleted IP as gone", async () => {
  nock(API, auth).get("/floating_ips/501").reply(200, { floating_ip: wireIp(null) });
  expect(await read("501", { floatingIpId: 501, serverId: 42 })).toEqual({
    id: "501",
    props: { floatingIpId: 501, serverId: null, ip: "203.0.113.128" },
    inputs: { floatingIpId: 501, serverId: null },
  });
  nock(API, auth).get("/floating_ips/501").reply(200, { floating_ip: wireIp(45) });
  expect((await read("501", { floatingIpId: 501, serverId: 42 })).inputs).toEqual({ floatingIpId: 501, serverId: 45 });
  nock(API, auth).get("/floating_ips/501").reply(404, { error: { code: "not_found", message: "gone" } });
  expect(await read("501", { floatingIpId: 501, serverId: 42 })).toEqual({ id: "", props: {} });
});

test("delete unassigns and waits; an IP gone or on another server is left alone", async () => {
  const scope = nock(API, auth)
    .get("/floating_ips/501").reply(200, { floating_ip: wireIp(42) })
    .post("/floating_ips/501/actions/unassign", NO_BODY).reply(201, { action: action(9, "unassign_floating_ip") });
  waitFor(scope, 9, "unassign_floating_ip");
  await remove("501", { floatingIpId: 501, serverId: 42 });
  scope.done();

  const gone = nock(API, auth).get("/floating_ips/501").reply(404, { error: { code: "not_found", message: "gone" } });
  await remove("501", { floatingIpId: 501, serverId: 42 });
  gone.done();

  const elsewhere = nock(API, auth).get("/floating_ips/501").reply(200, { floating_ip: wireIp(43) });
  await remove("501", { floatingIpId: 501, serverId: 42 });
  elsewhere.done();
});
