import { spawnSync } from "child_process";
import * as path from "path";
import nock from "nock";
import { check, create, diff, read, remove, update } from "../../../provider/hcloud/floating-ip";
import { UNKNOWN } from "../../../provider/core/inputs";
import { API, NO_BODY, FSN1, useHcloudClient, wireActions } from "../helpers";

const auth = useHcloudClient("fip-token");
const REPO = path.resolve(__dirname, "../../..");

function wireIp(overrides: Record<string, unknown> = {}) {
  return {
    id: 501,
    name: "vip",
    description: null,
    ip: "203.0.113.128",
    type: "ipv4",
    server: null,
    dns_ptr: [{ ip: "203.0.113.128", dns_ptr: "static.203.0.113.128.clients.your-server.de" }],
    home_location: FSN1,
    blocked: false,
    protection: { delete: false },
    labels: {},
    created: "2026-11-25T10:00:00+00:00",
    ...overrides,
  };
}

const { action, waitFor } = wireActions({ id: 501, type: "floating_ip" });

/** A POST of `path` answered with the running action `id`, then the waiter's poll that finds it `status`. */
const postAction = (scope: nock.Scope, path: string, body: nock.RequestBodyMatcher, id: number, command: string, status = "success", error: unknown = null) =>
  waitFor(scope.post(path, body).reply(201, { action: action(id, command) }), id, command, status, error);

describe("check", () => {
  test("fills defaults and canonicalises serverId and dnsPtr addresses", async () => {
    const { inputs, failures } = await check({}, {
      type: "ipv6",
      homeLocation: "fsn1",
      serverId: "42",
      dnsPtr: [{ ip: "2001:DB8:0:0::1", dnsPtr: "a.example.com" }, { dnsPtr: "b.example.com" }],
      __autonamePrefix: "vip",
    });
    expect(failures).toEqual([]);
    expect(inputs).toEqual({
      type: "ipv6",
      homeLocation: "fsn1",
      name: expect.stringMatching(/^vip-[0-9a-f]{7}$/),
      description: null,
      labels: {},
      deleteProtection: false,
      serverId: 42,
      dnsPtr: [{ ip: "2001:db8::1", dnsPtr: "a.example.com" }, { dnsPtr: "b.example.com" }],
      __autonamePrefix: "vip",
      __autonamed: true,
    });
  });

  // The former pattern backtracked exponentially (27 characters: 3 s; 40: hours, blocking the process).
  // Run in a child process so a regression ends in a kill, not a hung test run.
  test("refuses a long bad homeLocation without backtracking", () => {
    const script = `require("./provider/hcloud/floating-ip").check({}, { name: "x", type: "ipv4", homeLocation: "${"a".repeat(40)}!" })
      .then((r) => process.stdout.write(JSON.stringify(r.failures)))`;
    const run = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: REPO, encoding: "utf8", timeout: 60_000 });
    expect({ signal: run.signal, stderr: run.stderr }).toEqual({ signal: null, stderr: "" });
    expect(JSON.parse(run.stdout)).toEqual([
      { property: "homeLocation", reason: `homeLocation must be a location name such as "fsn1", "nbg1", "hel1", "ash", "hil" or "sin", got "${"a".repeat(40)}!"` },
    ]);
  });

  test("serverId and dnsPtr left out are not managed", async () => {
    const { inputs } = await check({}, { type: "ipv4", homeLocation: "hel1", name: "x" });
    expect(inputs).not.toHaveProperty("serverId");
    expect(inputs).not.toHaveProperty("dnsPtr");
  });

  test.each([
    [{ type: "ipv5", homeLocation: "fsn1" }, "type", /type must be "ipv4" or "ipv6"/],
    [{ type: "ipv4" }, "homeLocation", /homeLocation must be a location name/],
    [{ type: "ipv4", homeLocation: "FSN 1" }, "homeLocation", /"FSN 1"/],
    [{ type: "ipv4", homeLocation: "fsn1", name: "n".repeat(129) }, "name", /^name must be a string of at most 128 characters$/],
    [{ type: "ipv4", homeLocation: "fsn1", serverId: -3 }, "serverId", /-3 is not a server id/],
    [{ type: "ipv4", homeLocation: "fsn1", deleteProtection: "yes" }, "deleteProtection", /must be true or false/],
    [{ type: "ipv4", homeLocation: "fsn1", labels: { "hetzner.cloud/x": "y" } }, "labels", /reserved/],
    [{ type: "ipv4", homeLocation: "fsn1", dnsPtr: [{ ip: "2001:db8::1", dnsPtr: "a.example.com" }] }, "dnsPtr[0]", /not a single IPv4 address, so it cannot lie inside the floating IP/],
    [{ type: "ipv6", homeLocation: "fsn1", dnsPtr: [{ ip: "203.0.113.9", dnsPtr: "a.example.com" }] }, "dnsPtr[0]", /not a single IPv6 address/],
    [{ type: "ipv6", homeLocation: "fsn1", dnsPtr: [{ ip: "2001:db8::/64", dnsPtr: "a.example.com" }] }, "dnsPtr[0]", /not a single IPv6 address/],
    [{ type: "ipv4", homeLocation: "fsn1", dnsPtr: [{ dnsPtr: "not a host" }] }, "dnsPtr[0]", /dnsPtr must be a hostname/],
    [{ type: "ipv4", homeLocation: "fsn1", dnsPtr: [{ ip: "1.2.3.4", dnsPtr: "a.example.com", ttl: 5 }] }, "dnsPtr[0]", /unknown property "ttl"/],
    [{ type: "ipv4", homeLocation: "fsn1", dnsPtr: [{ dnsPtr: "a.example.com" }, { dnsPtr: "b.example.com" }] }, "dnsPtr", /at most one entry/],
    [{ type: "ipv6", homeLocation: "fsn1", dnsPtr: [{ ip: "2001:db8::1", dnsPtr: "a.example.com" }, { ip: "2001:db8:0::1", dnsPtr: "b.example.com" }] }, "dnsPtr[1]", /listed twice/],
  ])("rejects %j", async (news, property, reason) => {
    const { failures } = await check({}, { name: "x", ...news });
    expect(failures.map((f) => f.property)).toContain(property);
    expect(failures.find((f) => f.property === property)!.reason).toMatch(reason);
  });

  test("passes unknown values through during preview", async () => {
    const { inputs, failures } = await check({}, {
      type: UNKNOWN,
      homeLocation: UNKNOWN,
      name: UNKNOWN,
      labels: UNKNOWN,
      serverId: UNKNOWN,
      deleteProtection: UNKNOWN,
      dnsPtr: [{ ip: UNKNOWN, dnsPtr: "a.example.com" }],
    });
    expect(failures).toEqual([]);
    expect(inputs).toMatchObject({ type: UNKNOWN, homeLocation: UNKNOWN, name: UNKNOWN, serverId: UNKNOWN, deleteProtection: UNKNOWN });
    expect(inputs.dnsPtr).toEqual([{ ip: UNKNOWN, dnsPtr: "a.example.com" }]);
  });

  test("keeps the autoname, but picks a fresh one when type or homeLocation replace the IP", async () => {
    const first = await check({}, { type: "ipv4", homeLocation: "fsn1", __autonamePrefix: "vip" });
    const again = await check(first.inputs, { type: "ipv4", homeLocation: "fsn1", labels: { a: "b" }, __autonamePrefix: "vip" });
    expect(again.inputs.name).toBe(first.inputs.name);
    const moved = await check(first.inputs, { type: "ipv4", homeLocation: "nbg1", __autonamePrefix: "vip" });
    expect(moved.inputs.name).toMatch(/^vip-[0-9a-f]{7}$/);
    expect(moved.inputs.name).not.toBe(first.inputs.name);
  });
});

describe("diff", () => {
  const olds = {
    type: "ipv6",
    homeLocation: "fsn1",
    name: "vip",
    description: null,
    labels: { a: "1" },
    deleteProtection: false,
    serverId: 42,
    dnsPtr: [{ ip: "2001:db8:f1:1::1", dnsPtr: "a.example.com" }],
    floatingIpId: 501,
    ip: "2001:db8:f1:1::/64",
    server: 42,
  };
  const news = { type: "ipv6", homeLocation: "fsn1", name: "vip", description: null, labels: { a: "1" }, deleteProtection: false, serverId: 42, dnsPtr: [{ dnsPtr: "a.example.com" }] };

  test("no change when inputs match the live state (the default PTR address resolves to <network>::1)", async () => {
    expect(await diff("501", olds, news)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect((await diff("501", olds, { ...news, dnsPtr: [{ ip: "2001:DB8:F1:1:0::1", dnsPtr: "a.example.com" }] })).changes).toBe(false);
  });

  test("type and homeLocation replace (create before delete with a fresh name, delete first with a fixed one)", async () => {
    expect(await diff("501", olds, { ...news, homeLocation: "nbg1", name: "vip-2", __autonamed: true })).toEqual({ changes: true, replaces: ["homeLocation"], deleteBeforeReplace: false });
    expect(await diff("501", olds, { ...news, type: "ipv4" })).toEqual({ changes: true, replaces: ["type"], deleteBeforeReplace: true });
    expect((await diff("501", olds, { ...news, homeLocation: UNKNOWN })).replaces).toEqual(["homeLocation"]);
  });

  test("everything else is in place", async () => {
    for (const change of [{ name: "x" }, { description: "d" }, { labels: {} }, { deleteProtection: true }, { serverId: 43 }, { dnsPtr: [] }, { serverId: UNKNOWN }]) {
      expect(await diff("501", olds, { ...news, ...change })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    }
  });

  test("without serverId in the program, an assignment made elsewhere is no change", async () => {
    const { serverId, ...unmanaged } = news;
    expect(serverId).toBe(42);
    expect((await diff("501", { ...olds, serverId: undefined, server: 99 }, unmanaged)).changes).toBe(false);
  });

  test("a dnsPtr address outside the floating IP fails the preview, before any request", async () => {
    await expect(diff("501", olds, { ...news, dnsPtr: [{ ip: "2001:db8:f1:2::1", dnsPtr: "a.example.com" }] })).rejects.toThrow(
      /dnsPtr: 2001:db8:f1:2::1 does not lie inside floating IP 501 \(2001:db8:f1:1::\/64\)/,
    );
  });
});

describe("create", () => {
  const inputs = {
    type: "ipv4",
    homeLocation: "fsn1",
    name: "vip",
    description: "front door",
    labels: { env: "prod" },
    deleteProtection: true,
    serverId: 42,
    dnsPtr: [{ dnsPtr: "www.example.com" }],
    __provider: "serialized-shim",
  };

  test("posts the IP, then protection, reverse DNS and assignment, each action awaited in turn", async () => {
    const scope = nock(API, auth)
      .post("/floating_ips", { type: "ipv4", home_location: "fsn1", name: "vip", description: "front door", labels: { env: "prod" } })
      .reply(201, { floating_ip: wireIp({ description: "front door", labels: { env: "prod" } }) });
    postAction(scope, "/floating_ips/501/actions/change_protection", { delete: true }, 1, "change_protection");
    postAction(scope, "/floating_ips/501/actions/change_dns_ptr", { ip: "203.0.113.128", dns_ptr: "www.example.com" }, 2, "change_dns_ptr");
    postAction(scope, "/floating_ips/501/actions/assign", { server: 42 }, 3, "assign_floating_ip")
      .get("/floating_ips/501")
      .reply(200, {
        floating_ip: wireIp({
          description: "front door",
          labels: { env: "prod" },
          server: 42,
          protection: { delete: true },
          dns_ptr: [{ ip: "203.0.113.128", dns_ptr: "www.example.com" }],
        }),
      });
    const result = await create(inputs);
    scope.done();
    expect(result).toEqual({
      id: "501",
      outs: {
        type: "ipv4",
        homeLocation: "fsn1",
        name: "vip",
        description: "front door",
        labels: { env: "prod" },
        deleteProtection: true,
        serverId: 42,
        dnsPtr: [{ ip: "203.0.113.128", dnsPtr: "www.example.com" }],
        floatingIpId: 501,
        ip: "203.0.113.128",
        blocked: false,
        server: 42,
        created: "2026-11-25T10:00:00+00:00",
      },
    });
  });

  test("without serverId or dnsPtr: one POST, no actions, every live PTR reported", async () => {
    const scope = nock(API, auth)
      .post("/floating_ips", { type: "ipv4", home_location: "fsn1", name: "vip", description: null, labels: {} })
      .reply(201, { floating_ip: wireIp() })
      .get("/floating_ips/501")
      .reply(200, { floating_ip: wireIp({ server: 99 }) });
    const { outs } = await create({ type: "ipv4", homeLocation: "fsn1", name: "vip", description: null, labels: {}, deleteProtection: false });
    scope.done();
    expect(outs).not.toHaveProperty("serverId");
    expect(outs.server).toBe(99);
    expect(outs.dnsPtr).toEqual([{ ip: "203.0.113.128", dnsPtr: "static.203.0.113.128.clients.your-server.de" }]);
  });

  test("a failed assign action records the IP (id + __provider) with serverId left unapplied", async () => {
    const scope = nock(API, auth)
      .post("/floating_ips")
      .reply(201, { floating_ip: wireIp() });
    postAction(scope, "/floating_ips/501/actions/assign", { server: 42 }, 3, "assign_floating_ip", "error", { code: "server_error", message: "assign failed" })
      .get("/floating_ips/501")
      .reply(200, { floating_ip: wireIp({ server: 42 }) });
    const error = await create({ ...inputs, deleteProtection: false, dnsPtr: undefined }).then(() => undefined, (e) => e);
    scope.done();
    expect(error.message).toMatch(/floating IP 501 \(vip\) was created, but action assign_floating_ip \(#3\) on floating IP 501 \(vip\) failed: server_error: assign failed/);
    expect(error.id).toBe("501");
    expect(error.properties.__provider).toBe("serialized-shim");
    // Recorded as unassigned even though the API already shows the server: the next diff sees 42 ≠ null and assigns again.
    expect(error.properties.serverId).toBeNull();
    expect((await diff("501", error.properties, { ...inputs, deleteProtection: false, dnsPtr: undefined })).changes).toBe(true);
  });

  test("a dnsPtr address outside the new IP records it with dnsPtr unapplied and never sends change_dns_ptr", async () => {
    const scope = nock(API, auth)
      .post("/floating_ips")
      .reply(201, { floating_ip: wireIp() })
      .get("/floating_ips/501")
      .reply(200, { floating_ip: wireIp() });
    const error = await create({ type: "ipv4", homeLocation: "fsn1", name: "vip", labels: {}, deleteProtection: false, dnsPtr: [{ ip: "198.51.100.1", dnsPtr: "x.example.com" }] }).then(
      () => undefined,
      (e) => e,
    );
    scope.done();
    expect(error.message).toMatch(/198.51.100.1 does not lie inside floating IP 501 \(203.0.113.128\)/);
    expect(error.properties.dnsPtr).toEqual([]);
  });
});

describe("create: an HTTP error on any follow-up still records the IP from its live state", () => {
  const inputs = {
    type: "ipv4",
    homeLocation: "fsn1",
    name: "vip",
    description: null,
    labels: {},
    deleteProtection: true,
    serverId: 42,
    dnsPtr: [{ dnsPtr: "www.example.com" }],
    __provider: "serialized-shim",
  };
  const error = (status: number, code: string) => ({ status, body: { error: { code, message: `${code} here` } } });

  test.each([
    ["change_protection", error(422, "invalid_input"), "deleteProtection", false],
    ["change_dns_ptr", error(422, "invalid_input"), "dnsPtr", []],
    ["assign", error(404, "not_found"), "serverId", null],
    ["assign", error(502, "bad_gateway"), "serverId", null],
  ])("%s answering %j: partial failure with id, live outputs, that part undone, the rest still done", async (failing, reply, field, undone) => {
    const scope = nock(API, auth).post("/floating_ips").reply(201, { floating_ip: wireIp() });
    const steps: Array<[string, nock.DataMatcherMap, string]> = [
      ["change_protection", { delete: true }, "change_protection"],
      ["change_dns_ptr", { ip: "203.0.113.128", dns_ptr: "www.example.com" }, "change_dns_ptr"],
      ["assign", { server: 42 }, "assign_floating_ip"],
    ];
    steps.forEach(([path, body, command], i) => {
      if (path === failing) scope.post(`/floating_ips/501/actions/${path}`, body).reply(reply.status, reply.body);
      else postAction(scope, `/floating_ips/501/actions/${path}`, body, i + 1, command);
    });
    const live = {
      server: failing === "assign" ? null : 42,
      protection: { delete: failing !== "change_protection" },
      dns_ptr: [{ ip: "203.0.113.128", dns_ptr: failing === "change_dns_ptr" ? "static.example" : "www.example.com" }],
    };
    scope.get("/floating_ips/501").reply(200, { floating_ip: wireIp(live) });
    const failure = await create(inputs).then(() => undefined, (e) => e);
    scope.done();
    expect(failure.message).toMatch(new RegExp(`^floating IP 501 \\(vip\\) was created, but .*POST /floating_ips/501/actions/${failing} failed: HTTP ${reply.status} ${reply.body.error.code}`));
    expect(failure.id).toBe("501");
    expect(failure.properties.__provider).toBe("serialized-shim");
    expect(failure.properties[field]).toEqual(undone);
    expect(failure.properties.floatingIpId).toBe(501);
    if (field !== "serverId") expect(failure.properties.serverId).toBe(42);
    if (field !== "deleteProtection") expect(failure.properties.deleteProtection).toBe(true);
    // The next up sees the undone part and finishes it instead of creating a second IP.
    expect((await diff("501", failure.properties, inputs)).changes).toBe(true);
  });

  test("a failing read after the follow-ups still records the IP, every follow-up undone", async () => {
    const scope = nock(API, auth).post("/floating_ips").reply(201, { floating_ip: wireIp() });
    postAction(scope, "/floating_ips/501/actions/change_protection", { delete: true }, 1, "change_protection");
    postAction(scope, "/floating_ips/501/actions/change_dns_ptr", { ip: "203.0.113.128", dns_ptr: "www.example.com" }, 2, "change_dns_ptr");
    postAction(scope, "/floating_ips/501/actions/assign", { server: 42 }, 3, "assign_floating_ip")
      .get("/floating_ips/501")
      .reply(403, { error: { code: "forbidden", message: "no read" } });
    const failure = await create(inputs).then(() => undefined, (e) => e);
    scope.done();
    expect(failure.message).toMatch(/^floating IP 501 \(vip\) was created, but .*GET \/floating_ips\/501 failed: HTTP 403 forbidden/);
    expect(failure.id).toBe("501");
    expect(failure.properties).toMatchObject({ floatingIpId: 501, serverId: null, dnsPtr: [], deleteProtection: false });
  });
});

describe("create: a lost answer or a taken name", () => {
  const inputs = { type: "ipv4", homeLocation: "fsn1", name: "vip", description: null, labels: {}, deleteProtection: false, __owner: "abc123" };
  const owned = { "pulumi-dns-cloud/owner": "abc123" };
  const lookup = (scope: nock.Scope, found: unknown) =>
    scope
      .get("/floating_ips")
      .query({ name: "vip", page: "1", per_page: "50" })
      .reply(200, { floating_ips: [found], meta: { pagination: { page: 1, per_page: 50, next_page: null, previous_page: null, last_page: 1, total_entries: 1 } } });

  test("after a lost answer, an IP at another location is refused, naming it", async () => {
    const scope = nock(API, auth).post("/floating_ips").replyWithError("socket hang up");
    lookup(scope, wireIp({ labels: owned, created: new Date().toISOString(), home_location: { ...FSN1, id: 2, name: "nbg1" } }));
    const error = await create(inputs).then(() => undefined, (e) => e);
    scope.done();
    expect(error.message).toMatch(/^floating IP "vip" already exists \(id 501, created [^)]+\) and is not the one this create made: it differs from what was asked in homeLocation\./);
  });

  test("after uniqueness_error, its own IP (owner label, as asked) is taken over and converged", async () => {
    const scope = nock(API, auth).post("/floating_ips").reply(409, { error: { code: "uniqueness_error", message: "floating IP with the same name already exists" } });
    lookup(scope, wireIp({ labels: owned }))
      .get("/floating_ips/501/actions")
      .query({ status: "running" })
      .reply(200, { actions: [], meta: { pagination: { page: 1, per_page: 25, previous_page: null, next_page: null, last_page: 1, total_entries: 0 } } })
      .get("/floating_ips/501")
      .reply(200, { floating_ip: wireIp({ labels: owned }) });
    const { id, outs } = await create(inputs);
    scope.done();
    expect(id).toBe("501");
    expect(outs.labels).toEqual({});
    // Taken over in this run (the replacement of an IP that kept its name): its delete spares it, once.
    await remove("501", outs);
  });
});

describe("read", () => {
  test("reports drift (unassigned, renamed, PTR reset) as outputs and inputs", async () => {
    nock(API, auth).get("/floating_ips/501").reply(200, { floating_ip: wireIp({ name: "renamed" }) });
    const props = { name: "vip", serverId: 42, dnsPtr: [{ ip: "203.0.113.128", dnsPtr: "www.example.com" }] };
    const result = await read("501", props);
    expect(result.props).toMatchObject({ name: "renamed", serverId: null, server: null, dnsPtr: [{ ip: "203.0.113.128", dnsPtr: "static.203.0.113.128.clients.your-server.de" }] });
    expect(result.inputs).toEqual({
      type: "ipv4",
      homeLocation: "fsn1",
      name: "renamed",
      description: null,
      labels: {},
      deleteProtection: false,
      serverId: null,
      dnsPtr: [{ ip: "203.0.113.128", dnsPtr: "static.203.0.113.128.clients.your-server.de" }],
    });
  });

  test("an IP deleted out of band reads as gone", async () => {
    nock(API, auth).get("/floating_ips/501").reply(404, { error: { code: "not_found", message: "floating IP not found" } });
    expect(await read("501", {})).toEqual({ id: "", props: {} });
  });
});

describe("update", () => {
  const olds = {
    type: "ipv6",
    homeLocation: "fsn1",
    name: "vip",
    description: null,
    labels: {},
    deleteProtection: false,
    serverId: 42,
    dnsPtr: [{ ip: "2001:db8:f1:1::1", dnsPtr: "a.example.com" }, { ip: "2001:db8:f1:1::2", dnsPtr: "b.example.com" }],
    floatingIpId: 501,
    ip: "2001:db8:f1:1::/64",
  };
  const live = (overrides: Record<string, unknown> = {}) =>
    wireIp({
      type: "ipv6",
      ip: "2001:db8:f1:1::/64",
      server: 42,
      dns_ptr: [
        { ip: "2001:db8:f1:1::1", dns_ptr: "a.example.com" },
        { ip: "2001:db8:f1:1::2", dns_ptr: "b.example.com" },
        { ip: "2001:db8:f1:1::99", dns_ptr: "someone-else.example.com" },
      ],
      ...overrides,
    });

  test("converges on live state: PUT for labels, change_dns_ptr per changed or dropped address, reassign", async () => {
    const news = { ...olds, labels: { env: "prod" }, serverId: 43, dnsPtr: [{ ip: "2001:db8:f1:1::1", dnsPtr: "c.example.com" }] };
    const scope = nock(API, auth)
      .get("/floating_ips/501")
      .reply(200, { floating_ip: live() })
      .put("/floating_ips/501", { name: "vip", description: null, labels: { env: "prod" } })
      .reply(200, { floating_ip: live({ labels: { env: "prod" } }) });
    postAction(scope, "/floating_ips/501/actions/change_dns_ptr", { ip: "2001:db8:f1:1::2", dns_ptr: null }, 1, "change_dns_ptr");
    postAction(scope, "/floating_ips/501/actions/change_dns_ptr", { ip: "2001:db8:f1:1::1", dns_ptr: "c.example.com" }, 2, "change_dns_ptr");
    postAction(scope, "/floating_ips/501/actions/assign", { server: 43 }, 3, "assign_floating_ip")
      .get("/floating_ips/501")
      .reply(200, {
        floating_ip: live({
          labels: { env: "prod" },
          server: 43,
          dns_ptr: [{ ip: "2001:db8:f1:1::1", dns_ptr: "c.example.com" }, { ip: "2001:db8:f1:1::99", dns_ptr: "someone-else.example.com" }],
        }),
      });
    const { outs } = await update("501", olds, news);
    scope.done();
    expect(outs).toMatchObject({ labels: { env: "prod" }, serverId: 43, server: 43, dnsPtr: [{ ip: "2001:db8:f1:1::1", dnsPtr: "c.example.com" }] });
  });

  test("nothing differs from live: one GET, whose answer is the final state", async () => {
    const scope = nock(API, auth).get("/floating_ips/501").reply(200, { floating_ip: live() });
    const { outs } = await update("501", olds, olds);
    scope.done();
    expect(outs).toMatchObject({ name: "vip", serverId: 42, dnsPtr: olds.dnsPtr });
  });

  test("a rename or relabel is GET and PUT only: the PUT's answer is the final state", async () => {
    const scope = nock(API, auth)
      .get("/floating_ips/501")
      .reply(200, { floating_ip: live() })
      .put("/floating_ips/501", { name: "vip2", description: null, labels: { env: "prod" } })
      .reply(200, { floating_ip: live({ name: "vip2", labels: { env: "prod" } }) });
    const { outs } = await update("501", olds, { ...olds, name: "vip2", labels: { env: "prod" } });
    scope.done();
    expect(outs).toMatchObject({ name: "vip2", labels: { env: "prod" }, serverId: 42, dnsPtr: olds.dnsPtr });
  });

  test("a failed reassign keeps the old serverId, so the next up retries", async () => {
    const scope = nock(API, auth)
      .get("/floating_ips/501")
      .reply(200, { floating_ip: live() });
    postAction(scope, "/floating_ips/501/actions/assign", { server: 43 }, 3, "assign_floating_ip", "error", { code: "action_failed", message: "nope" }).get("/floating_ips/501").reply(200, { floating_ip: live() });
    const error = await update("501", olds, { ...olds, serverId: 43, __provider: "shim" }).then(() => undefined, (e) => e);
    scope.done();
    expect(error.message).toMatch(/updating floating IP 501 \(vip\) failed: action assign_floating_ip/);
    expect(error.properties).toMatchObject({ serverId: 42, __provider: "shim" });
  });

  test("a dnsPtr address outside the IP fails before any change", async () => {
    const scope = nock(API, auth).get("/floating_ips/501").reply(200, { floating_ip: live() });
    await expect(update("501", olds, { ...olds, labels: { x: "y" }, dnsPtr: [{ ip: "2001:db8::5", dnsPtr: "a.example.com" }] })).rejects.toThrow(/does not lie inside/);
    scope.done();
  });
});

describe("delete", () => {
  test("a protected IP (per state) is refused before any request", async () => {
    await expect(remove("501", { name: "vip", deleteProtection: true })).rejects.toThrow(
      /floating IP 501 \(vip\) has delete protection: disable deleteProtection first/,
    );
  });

  test("protection enabled out of band is found on the live IP, still before any change", async () => {
    const scope = nock(API, auth).get("/floating_ips/501").reply(200, { floating_ip: wireIp({ protection: { delete: true } }) });
    await expect(remove("501", { name: "vip", deleteProtection: false })).rejects.toThrow(/disable deleteProtection first/);
    scope.done();
  });

  test("unassigns (awaited), then deletes", async () => {
    const scope = nock(API, auth)
      .get("/floating_ips/501")
      .reply(200, { floating_ip: wireIp({ server: 42 }) });
    postAction(scope, "/floating_ips/501/actions/unassign", NO_BODY, 4, "unassign_floating_ip").delete("/floating_ips/501").reply(204);
    await remove("501", {});
    scope.done();
  });

  test("an IP that is already gone is fine", async () => {
    const scope = nock(API, auth).get("/floating_ips/501").reply(404, { error: { code: "not_found", message: "gone" } });
    await remove("501", {});
    scope.done();
  });
});
