import nock from "nock";
import { check, create, diff, read, remove, update } from "../../../provider/hcloud/firewall";
import { UNKNOWN } from "../../../provider/core/inputs";
import { API, useHcloudClient, wireActions } from "../helpers";

const auth = useHcloudClient("fw-token");

function wireFirewall(overrides: Record<string, unknown> = {}) {
  return {
    id: 7,
    name: "web",
    labels: { env: "prod" },
    created: "2026-11-25T10:00:00+00:00",
    rules: [{ direction: "in", protocol: "tcp", port: "22", source_ips: ["10.0.0.0/8"], destination_ips: [], description: null }],
    applied_to: [],
    ...overrides,
  };
}

const { action } = wireActions({ id: 7, type: "firewall" });

describe("check", () => {
  test("normalises CIDRs, ports (\"any\" as the API spells it) and applyTo; keeps the rule order", async () => {
    const { inputs, failures } = await check({}, {
      name: "web",
      rules: [
        { direction: "in", protocol: "tcp", port: 443, sourceIps: [" 10.0.0.0/24", "2001:DB8:0:0:0:0:0:1", "10.0.0.0/24"] },
        { direction: "out", protocol: "icmp", destinationIps: ["0.0.0.0/0"] },
        { direction: "in", protocol: "udp", port: "any", sourceIps: ["::0/0"] },
      ],
      applyTo: { serverIds: [43, "42", 43], labelSelectors: [" role=web "] },
    });
    expect(failures).toEqual([]);
    expect(inputs.rules).toEqual([
      { direction: "in", protocol: "tcp", port: "443", sourceIps: ["10.0.0.0/24", "2001:db8::1/128"] },
      { direction: "out", protocol: "icmp", destinationIps: ["0.0.0.0/0"] },
      { direction: "in", protocol: "udp", port: "any", sourceIps: ["::/0"] },
    ]);
    expect(inputs.applyTo).toEqual({ serverIds: [42, 43], labelSelectors: ["role=web"] });
    expect(inputs.labels).toEqual({});
  });

  test.each([
    [{ direction: "sideways", protocol: "tcp", port: "1", sourceIps: ["1.1.1.1"] }, /direction must be "in" or "out"/],
    [{ direction: "in", protocol: "sctp", sourceIps: ["1.1.1.1"] }, /protocol must be one of/],
    [{ direction: "in", protocol: "tcp", sourceIps: ["1.1.1.1"] }, /port is required for protocol tcp/],
    [{ direction: "in", protocol: "udp", port: "70000", sourceIps: ["1.1.1.1"] }, /port must be a port 1-65535/],
    [{ direction: "in", protocol: "tcp", port: "90-80", sourceIps: ["1.1.1.1"] }, /port must be/],
    [{ direction: "in", protocol: "icmp", port: "80", sourceIps: ["1.1.1.1"] }, /port is only allowed for tcp and udp/],
    [{ direction: "in", protocol: "tcp", port: "80" }, /sourceIps must list at least one CIDR/],
    [{ direction: "in", protocol: "tcp", port: "80", sourceIps: ["1.1.1.1"], destinationIps: ["2.2.2.2"] }, /destinationIps is not allowed for direction "in"/],
    [{ direction: "out", protocol: "gre", destinationIps: ["300.1.1.1"] }, /"300.1.1.1" is not an IP address/],
    [{ direction: "in", protocol: "esp", sourceIps: ["1.1.1.1"], sourceIPs: ["x"] }, /unknown property "sourceIPs"/],
    [{ direction: "in", protocol: "tcp", port: "Any", sourceIps: ["1.1.1.1"] }, /port must be a port 1-65535, a range "low-high" or "any", got "Any"/],
    // Never widened on the user's behalf: 10.1.2.3/8 would otherwise allow all of 10.0.0.0/8.
    [
      { direction: "in", protocol: "tcp", port: "22", sourceIps: ["10.1.2.3/8"] },
      /^rules\[0\]: sourceIps: "10.1.2.3\/8" has host bits set: write 10.0.0.0\/8 for the network or 10.1.2.3\/32 for the single address$/,
    ],
  ])("rejects a bad rule %#", async (rule, reason) => {
    const { failures } = await check({}, { name: "fw", rules: [rule] });
    expect(failures).toHaveLength(1);
    expect(failures[0].property).toBe("rules[0]");
    expect(failures[0].reason).toMatch(reason);
  });

  test("rejects bad labels, too many rules and bad applyTo", async () => {
    const rule = { direction: "in", protocol: "icmp", sourceIps: ["0.0.0.0/0"] };
    const { failures } = await check({}, {
      name: "fw",
      labels: { "hetzner.cloud/x": "y", ok: "-bad-" },
      rules: Array(51).fill(rule),
      applyTo: { serverIds: [-1], labelSelectors: [""] },
    });
    const reasons = failures.map((f) => f.reason).join("\n");
    expect(reasons).toMatch(/reserved/);
    expect(reasons).toMatch(/value must be empty or/);
    expect(reasons).toMatch(/at most 50 rules, got 51/);
    expect(reasons).toMatch(/-1 is not a server id/);
    expect(reasons).toMatch(/"" is not a label selector/);
  });

  test("passes unknown values through during preview", async () => {
    const { inputs, failures } = await check({}, {
      name: UNKNOWN,
      labels: UNKNOWN,
      rules: [{ direction: "in", protocol: "tcp", port: "80", sourceIps: [UNKNOWN] }, UNKNOWN],
      applyTo: { serverIds: [UNKNOWN] },
    });
    expect(failures).toEqual([]);
    expect(inputs.name).toBe(UNKNOWN);
    expect(inputs.rules[0].sourceIps).toEqual([UNKNOWN]);
    expect(inputs.applyTo).toEqual({ serverIds: [UNKNOWN] });
  });

  test("autonames from the resource name once, then keeps the name", async () => {
    const first = await check({}, { __autonamePrefix: "edge" });
    expect(first.inputs.name).toMatch(/^edge-[0-9a-f]{7}$/);
    const again = await check(first.inputs, { __autonamePrefix: "edge" });
    expect(again.inputs.name).toBe(first.inputs.name);
  });

  test("refuses a name over the API's 128 characters before any request", async () => {
    expect((await check({}, { name: "n".repeat(128) })).failures).toEqual([]);
    expect((await check({}, { name: "n".repeat(129) })).failures).toEqual([{ property: "name", reason: "name must be a string of at most 128 characters" }]);
  });
});

describe("owner label", () => {
  const OWNER = "0123456789abcdef0123456789abcdef";
  const owned = { env: "prod", "pulumi-dns-cloud/owner": OWNER };

  test("check keeps the owner key as a hidden input, and it never makes a diff (old state without it included)", async () => {
    const { inputs } = await check({}, { name: "web", labels: { env: "prod" }, __owner: OWNER });
    expect(inputs.__owner).toBe(OWNER);
    expect(inputs.labels).toEqual({ env: "prod" });
    const olds = { name: "web", labels: { env: "prod" }, rules: [] };
    expect((await diff("7", olds, inputs)).changes).toBe(false);
  });

  test("create sends the owner label; outputs and read never show it", async () => {
    const scope = nock(API, auth)
      .post("/firewalls", { name: "web", labels: owned, rules: [], apply_to: [] })
      .reply(201, { firewall: wireFirewall({ labels: owned, rules: [] }), actions: [] });
    // Applied to nothing: the answer is the final state, so no GET follows.
    const { outs } = await create({ name: "web", labels: { env: "prod" }, rules: [], __owner: OWNER });
    scope.done();
    expect(outs.labels).toEqual({ env: "prod" });
    nock(API, auth).get("/firewalls/7").reply(200, { firewall: wireFirewall({ labels: owned }) });
    const result = await read("7", { name: "web" });
    expect(result.props.labels).toEqual({ env: "prod" });
    expect(result.inputs!.labels).toEqual({ env: "prod" });
  });

  test("a relabel keeps the owner label the object has (even when the state has no owner key)", async () => {
    const scope = nock(API, auth)
      .get("/firewalls/7")
      .reply(200, { firewall: wireFirewall({ labels: owned }) })
      .put("/firewalls/7", { name: "web", labels: { env: "dev", "pulumi-dns-cloud/owner": OWNER } })
      .reply(200, { firewall: wireFirewall({ labels: { env: "dev", "pulumi-dns-cloud/owner": OWNER } }) });
    const news = { name: "web", labels: { env: "dev" }, rules: [{ direction: "in", protocol: "tcp", port: "22", sourceIps: ["10.0.0.0/8"] }] };
    const { outs } = await update("7", { ...news, labels: { env: "prod" } }, news);
    scope.done();
    expect(outs.labels).toEqual({ env: "dev" });
  });
});

describe("diff", () => {
  const olds = {
    name: "web",
    labels: { a: "1" },
    rules: [
      { direction: "in", protocol: "tcp", port: "22", sourceIps: ["10.0.0.0/8"] },
      { direction: "in", protocol: "icmp", sourceIps: ["0.0.0.0/0", "::/0"] },
    ],
    applyTo: { serverIds: [42], labelSelectors: [] },
    firewallId: 7,
  };

  test("no churn from rule order, CIDR spelling or applyTo order", async () => {
    const news = {
      name: "web",
      labels: { a: "1" },
      rules: [
        { direction: "in", protocol: "icmp", sourceIps: ["::0/0", "0.0.0.0/0"] },
        { direction: "in", protocol: "tcp", port: 22, sourceIps: [" 10.0.0.0/8"] },
      ],
      applyTo: { serverIds: ["42"] },
    };
    expect((await diff("7", olds, news)).changes).toBe(false);
  });

  test("reports real changes and unknowns, never a replacement", async () => {
    const renamed = await diff("7", olds, { ...olds, name: "web2" });
    expect(renamed).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false, detailedDiff: { name: "update" } });
    expect((await diff("7", olds, { ...olds, rules: olds.rules.slice(1) })).changes).toBe(true);
    expect((await diff("7", olds, { ...olds, applyTo: { serverIds: [43] } })).changes).toBe(true);
    expect((await diff("7", olds, { ...olds, labels: UNKNOWN })).changes).toBe(true);
  });
});

describe("diff: the rules added and removed, for `pulumi preview --diff`", () => {
  const ssh = { direction: "in", protocol: "tcp", port: "22", sourceIps: ["10.0.0.0/8"] };
  const http = { direction: "in", protocol: "tcp", port: "80", sourceIps: ["0.0.0.0/0"] };
  const https = { direction: "in", protocol: "tcp", port: "443", sourceIps: ["0.0.0.0/0"] };
  const alt = { direction: "in", protocol: "tcp", port: "8080", sourceIps: ["0.0.0.0/0"] };
  const detail = async (oldRules: unknown[], newRules: unknown[], extra: Record<string, unknown> = {}) =>
    (await diff("7", { name: "web", labels: {}, rules: oldRules }, { name: "web", labels: {}, rules: newRules, ...extra })).detailedDiff;

  test("a rule added in front is one addition, not every rule changed by position", async () => {
    expect(await detail([ssh, http, https], [alt, ssh, http, https])).toEqual({ "rules[0]": "add" });
  });

  test("removed rules are named by their old position, added ones by their new position", async () => {
    expect(await detail([ssh, http, https], [alt, ssh, https])).toEqual({ "rules[0]": "add", "rules[1]": "delete" });
    expect(await detail([ssh, http, https], [https])).toEqual({ "rules[0]": "delete", "rules[1]": "delete" });
  });

  test("a rule swapped for another at the same position is an update there", async () => {
    expect(await detail([ssh, http], [ssh, alt])).toEqual({ "rules[1]": "update" });
  });

  test("duplicates count: one of two equal rules removed is one deletion", async () => {
    expect(await detail([ssh, ssh, http], [ssh, http])).toEqual({ "rules[1]": "delete" });
  });

  test("order and spelling alone change nothing; other fields are updates; unknown rules are one update", async () => {
    expect(await detail([ssh, http], [http, { ...ssh, sourceIps: ["10.0.0.0/8 "] }])).toEqual({});
    expect(await detail([ssh], [ssh], { name: "web2", labels: { a: "1" } })).toEqual({ name: "update", labels: "update" });
    expect(await detail([ssh], [ssh, UNKNOWN])).toEqual({ rules: "update" });
  });
});

describe("create", () => {
  const inputs = {
    name: "web",
    labels: { env: "prod" },
    rules: [{ direction: "in", protocol: "tcp", port: "22", sourceIps: ["10.0.0.0/8"] }],
    applyTo: { serverIds: [42], labelSelectors: [] },
    __provider: "serialized-shim",
  };

  test("posts the firewall, waits for all its actions in one poll, returns every output", async () => {
    const applied = [{ type: "server", server: { id: 42 } }];
    const scope = nock(API, auth)
      .post("/firewalls", {
        name: "web",
        labels: { env: "prod" },
        rules: [{ direction: "in", protocol: "tcp", port: "22", source_ips: ["10.0.0.0/8"] }],
        apply_to: [{ type: "server", server: { id: 42 } }],
      })
      .reply(201, { firewall: wireFirewall({ applied_to: applied }), actions: [action(1, "set_firewall_rules"), action(2, "apply_firewall")] })
      .get("/actions")
      .query({ id: ["1", "2"] })
      .reply(200, { actions: [action(1, "set_firewall_rules", "success"), action(2, "apply_firewall", "success")] })
      .get("/firewalls/7")
      .reply(200, { firewall: wireFirewall({ applied_to: applied }) });

    const result = await create(inputs);
    scope.done();
    expect(result).toEqual({
      id: "7",
      outs: {
        name: "web",
        labels: { env: "prod" },
        rules: [{ direction: "in", protocol: "tcp", port: "22", sourceIps: ["10.0.0.0/8"] }],
        applyTo: { serverIds: [42], labelSelectors: [] },
        firewallId: 7,
        appliedTo: [{ type: "server", serverId: 42 }],
        created: "2026-11-25T10:00:00+00:00",
      },
    });
  });

  test("a firewall applied to nothing: the create's answer is its final state (its rules Action awaited, no GET)", async () => {
    const rules = [{ direction: "in", protocol: "tcp", port: "22", source_ips: ["10.0.0.0/8"] }];
    const scope = nock(API, auth)
      .post("/firewalls", { name: "web", labels: { env: "prod" }, rules, apply_to: [] })
      .reply(201, { firewall: wireFirewall({ rules: [{ ...rules[0], destination_ips: [] }] }), actions: [action(1, "set_firewall_rules")] })
      .get("/actions")
      .query({ id: "1" })
      .reply(200, { actions: [action(1, "set_firewall_rules", "success")] });
    const { applyTo: _applyTo, ...withoutTargets } = inputs;
    const result = await create(withoutTargets);
    scope.done();
    expect(result.outs.rules).toEqual([{ direction: "in", protocol: "tcp", port: "22", sourceIps: ["10.0.0.0/8"] }]);
  });

  test("a failed apply action records the firewall (id + __provider) with applyTo left unapplied", async () => {
    nock(API, auth)
      .post("/firewalls")
      .reply(201, { firewall: wireFirewall(), actions: [action(1, "set_firewall_rules", "success"), action(2, "apply_firewall")] })
      .get("/actions")
      .query({ id: "2" })
      .reply(200, { actions: [action(2, "apply_firewall", "error", { code: "firewall_resource_not_found", message: "server 42 vanished" })] })
      .get("/firewalls/7")
      .reply(200, { firewall: wireFirewall({ applied_to: [{ type: "server", server: { id: 42 } }] }) });

    const error = await create(inputs).then(() => undefined, (e) => e);
    expect(error.message).toMatch(/firewall 7 \(web\) was created, but action apply_firewall \(#2\) on firewall 7 \(web\) failed: firewall_resource_not_found: server 42 vanished/);
    expect(error.id).toBe("7");
    expect(error.properties.__provider).toBe("serialized-shim");
    expect(error.properties.applyTo).toEqual({ serverIds: [], labelSelectors: [] });
    expect(error.properties.rules).toEqual(inputs.rules);
  });

  test("a failing read after the actions still records the firewall, with the Actions' parts undone", async () => {
    nock(API, auth)
      .post("/firewalls")
      .reply(201, { firewall: wireFirewall(), actions: [action(1, "set_firewall_rules", "success"), action(2, "apply_firewall", "success")] })
      .get("/firewalls/7")
      .reply(500, { error: { code: "server_error", message: "try later" } });
    const error = await create(inputs).then(() => undefined, (e) => e);
    expect(error.message).toMatch(/^firewall 7 \(web\) was created, but hcloud API GET \/firewalls\/7 failed: HTTP 500 server_error: try later; a passing failure: run the pulumi command again; the next pulumi up completes it$/);
    expect(error.id).toBe("7");
    expect(error.properties).toMatchObject({ firewallId: 7, rules: [], applyTo: { serverIds: [], labelSelectors: [] }, __provider: "serialized-shim" });
  });

  const pageOf = (firewalls: unknown[]) => ({ firewalls, meta: { pagination: { page: 1, per_page: 50, next_page: null, previous_page: null, last_page: 1, total_entries: firewalls.length } } });
  const lookup = (scope: nock.Scope, found: unknown) => scope.get("/firewalls").query({ name: "web", page: "1", per_page: "50" }).reply(200, pageOf([found]));
  const justNow = () => new Date(Date.now() - 5_000).toISOString();
  const asked = { labels: { env: "prod" }, rules: [{ direction: "in", protocol: "tcp", port: "22", source_ips: ["10.0.0.0/8"], destination_ips: [] }] };

  test("an ambiguous create failure is looked up by name, not posted twice; the one found is taken over", async () => {
    const mine = wireFirewall({ ...asked, created: justNow() });
    const scope = nock(API, auth).post("/firewalls").replyWithError("socket hang up");
    lookup(scope, mine)
      .get("/firewalls/7/actions")
      .query({ status: "running" })
      .reply(200, { actions: [], meta: { pagination: { page: 1, per_page: 25, previous_page: null, next_page: null, last_page: 1, total_entries: 0 } } })
      .get("/firewalls/7")
      .reply(200, { firewall: mine });
    const result = await create(inputs);
    scope.done();
    expect(result.id).toBe("7");
  });

  test.each([
    ["created before the request was sent (beyond the clock-skew margin)", { created: "2026-01-01T00:00:00+00:00" }, /it was created \(2026-01-01T00:00:00\+00:00\) before this request was sent/],
    ["different from what was asked", { labels: { env: "dev" } }, /it differs from what was asked in labels/],
  ])("after a lost answer, a firewall %s is not taken over: the error names it", async (_what, overrides, reason) => {
    const scope = nock(API, auth).post("/firewalls").replyWithError("socket hang up");
    lookup(scope, wireFirewall({ ...asked, created: justNow(), ...overrides }));
    const error = await create(inputs).then(() => undefined, (e) => e);
    scope.done();
    expect(error.message).toMatch(/^firewall "web" already exists \(id 7, created [^)]+\) and is not the one this create made: /);
    expect(error.message).toMatch(reason);
    expect(error.message).toMatch(/Set another name, or delete or rename firewall 7 if it is not needed, then run `pulumi up` again$/);
  });

  describe("a create repeated after a hard interrupt meets its own name (uniqueness_error)", () => {
    const OWNER = "0123456789abcdef0123456789abcdef";
    const owned = { ...inputs, __owner: OWNER };
    const taken = (scope: nock.Scope) =>
      scope.post("/firewalls").reply(409, { error: { code: "uniqueness_error", message: "firewall with the same name already exists" } });

    test("takes it over when it carries this resource's owner label and equals what was asked (created long ago is fine)", async () => {
      const mine = wireFirewall({ ...asked, labels: { env: "prod", "pulumi-dns-cloud/owner": OWNER }, created: "2026-01-01T00:00:00+00:00", applied_to: [{ type: "server", server: { id: 42 } }] });
      const scope = taken(nock(API, auth));
      lookup(scope, mine)
        .get("/firewalls/7/actions")
        .query({ status: "running" })
        .reply(200, { actions: [action(3, "apply_firewall")], meta: { pagination: { page: 1, per_page: 25, previous_page: null, next_page: null, last_page: 1, total_entries: 1 } } })
        .get("/actions")
        .query({ id: "3" })
        .reply(200, { actions: [action(3, "apply_firewall", "success")] })
        .get("/firewalls/7")
        .reply(200, { firewall: mine });
      const result = await create(owned);
      scope.done();
      expect(result.id).toBe("7");
      expect(result.outs).toMatchObject({ firewallId: 7, labels: { env: "prod" }, applyTo: { serverIds: [42], labelSelectors: [] } });
      // A replacement that kept its name took over the very firewall it replaces: its delete spares it (once).
      await remove("7");
      nock(API, auth).get("/firewalls/7").reply(404, { error: { code: "not_found", message: "gone" } });
      await remove("7");
    });

    test.each([
      ["without an owner label", { env: "prod" }, /it does not carry this resource's owner label pulumi-dns-cloud\/owner/],
      ["with another resource's owner label", { env: "prod", "pulumi-dns-cloud/owner": "ffff" }, /it does not carry this resource's owner label/],
    ])("refuses a firewall %s, naming it", async (_what, labels, reason) => {
      const scope = taken(nock(API, auth));
      lookup(scope, wireFirewall({ ...asked, labels }));
      const error = await create(owned).then(() => undefined, (e) => e);
      scope.done();
      expect(error.message).toMatch(/^firewall "web" already exists \(id 7, created 2026-11-25T10:00:00\+00:00\) and is not the one this create made/);
      expect(error.message).toMatch(reason);
    });

    test("without an owner key (state from an older SDK) nothing is taken over, and the error names the object", async () => {
      const scope = taken(nock(API, auth));
      lookup(scope, wireFirewall(asked));
      const error = await create(inputs).then(() => undefined, (e) => e);
      scope.done();
      expect(error.message).toMatch(/this resource has no owner key to recognise it by/);
    });
  });

});

describe("read", () => {
  test("reports drift as outputs and inputs", async () => {
    nock(API, auth).get("/firewalls/7").reply(200, { firewall: wireFirewall({ name: "renamed", labels: {} }) });
    const result = await read("7", { name: "web", applyTo: { serverIds: [42], labelSelectors: [] } });
    expect(result.id).toBe("7");
    expect(result.props.name).toBe("renamed");
    expect(result.inputs).toEqual({
      name: "renamed",
      labels: {},
      rules: [{ direction: "in", protocol: "tcp", port: "22", sourceIps: ["10.0.0.0/8"] }],
      applyTo: { serverIds: [], labelSelectors: [] },
    });
  });

  test("without applyTo in state, attachments owned elsewhere are not reported as drift", async () => {
    nock(API, auth).get("/firewalls/7").reply(200, { firewall: wireFirewall({ applied_to: [{ type: "server", server: { id: 42 } }] }) });
    const result = await read("7", { name: "web" });
    expect(result.props.applyTo).toBeUndefined();
    expect(result.inputs).not.toHaveProperty("applyTo");
    expect(result.props.appliedTo).toEqual([{ type: "server", serverId: 42 }]);
  });

  test('port "any" reads back as "any", so the program\'s "any" never churns', async () => {
    const rule = { direction: "in", protocol: "udp", port: "any", source_ips: ["0.0.0.0/0"], destination_ips: [], description: null };
    nock(API, auth).get("/firewalls/7").reply(200, { firewall: wireFirewall({ rules: [rule] }) });
    const { props } = await read("7", { name: "web" });
    expect(props.rules).toEqual([{ direction: "in", protocol: "udp", port: "any", sourceIps: ["0.0.0.0/0"] }]);
    const { inputs } = await check({}, { name: "web", labels: { env: "prod" }, rules: [{ direction: "in", protocol: "udp", port: "any", sourceIps: ["0.0.0.0/0"] }] });
    expect((await diff("7", props, inputs)).changes).toBe(false);
  });

  test("a deleted firewall reads as gone", async () => {
    nock(API, auth).get("/firewalls/7").reply(404, { error: { code: "not_found", message: "firewall not found" } });
    expect(await read("7", {})).toEqual({ id: "", props: {} });
  });
});

describe("update", () => {
  const olds = {
    name: "web",
    labels: { env: "prod" },
    rules: [{ direction: "in", protocol: "tcp", port: "22", sourceIps: ["10.0.0.0/8"] }],
    applyTo: { serverIds: [42], labelSelectors: [] },
  };

  test("a rename is GET and PUT only: never the rules, and the PUT's answer is the final state", async () => {
    const scope = nock(API, auth)
      .get("/firewalls/7")
      .reply(200, { firewall: wireFirewall({ applied_to: [{ type: "server", server: { id: 42 } }] }) })
      .put("/firewalls/7", { name: "web2", labels: { env: "prod" } })
      .reply(200, { firewall: wireFirewall({ name: "web2", labels: { env: "prod", by: "put" }, applied_to: [{ type: "server", server: { id: 42 } }] }) });
    const { outs } = await update("7", olds, { ...olds, name: "web2" });
    scope.done();
    expect(outs).toMatchObject({ name: "web2", labels: { env: "prod", by: "put" }, applyTo: { serverIds: [42], labelSelectors: [] } });
  });

  test("nothing differs from live: one GET, whose answer is the final state", async () => {
    const scope = nock(API, auth).get("/firewalls/7").reply(200, { firewall: wireFirewall({ applied_to: [{ type: "server", server: { id: 42 } }] }) });
    const { outs } = await update("7", olds, olds);
    scope.done();
    expect(outs).toMatchObject({ name: "web", rules: olds.rules, applyTo: olds.applyTo, firewallId: 7 });
  });

  test("without applyTo, update never detaches servers attached by someone else", async () => {
    const { applyTo, ...unmanaged } = olds;
    const scope = nock(API, auth)
      .get("/firewalls/7")
      .reply(200, { firewall: wireFirewall({ applied_to: [{ type: "server", server: { id: 99 } }] }) })
      .post("/firewalls/7/actions/set_rules")
      .reply(201, { actions: [action(3, "set_firewall_rules", "success")] })
      .get("/firewalls/7")
      .reply(200, { firewall: wireFirewall({ applied_to: [{ type: "server", server: { id: 99 } }] }) });
    const { outs } = await update("7", unmanaged, { ...unmanaged, rules: [] });
    scope.done();
    expect(outs).not.toHaveProperty("applyTo");
    expect(applyTo).toBeDefined();
    expect((await diff("7", { ...unmanaged, appliedTo: outs.appliedTo }, unmanaged)).changes).toBe(false);
  });

  test("rules go through set_rules and applyTo through apply/remove, each awaited", async () => {
    const news = {
      ...olds,
      rules: [{ direction: "in", protocol: "tcp", port: "443", sourceIps: ["0.0.0.0/0"] }],
      applyTo: { serverIds: [43], labelSelectors: ["role=db"] },
    };
    const scope = nock(API, auth)
      .get("/firewalls/7")
      .reply(200, { firewall: wireFirewall({ applied_to: [{ type: "server", server: { id: 42 } }] }) })
      .post("/firewalls/7/actions/set_rules", { rules: [{ direction: "in", protocol: "tcp", port: "443", source_ips: ["0.0.0.0/0"] }] })
      .reply(201, { actions: [action(3, "set_firewall_rules")] })
      .get("/actions").query({ id: "3" })
      .reply(200, { actions: [action(3, "set_firewall_rules", "success")] })
      .post("/firewalls/7/actions/apply_to_resources", {
        apply_to: [{ type: "server", server: { id: 43 } }, { type: "label_selector", label_selector: { selector: "role=db" } }],
      })
      .reply(201, { actions: [action(4, "apply_firewall")] })
      .get("/actions").query({ id: "4" })
      .reply(200, { actions: [action(4, "apply_firewall", "success")] })
      .post("/firewalls/7/actions/remove_from_resources", { remove_from: [{ type: "server", server: { id: 42 } }] })
      .reply(201, { actions: [action(5, "remove_firewall", "success")] })
      .get("/firewalls/7")
      .reply(200, {
        firewall: wireFirewall({
          rules: [{ direction: "in", protocol: "tcp", port: "443", source_ips: ["0.0.0.0/0"], destination_ips: [] }],
          applied_to: [
            { type: "server", server: { id: 43 } },
            { type: "label_selector", label_selector: { selector: "role=db" }, applied_to_resources: [{ type: "server", server: { id: 44 } }] },
          ],
        }),
      });
    const { outs } = await update("7", olds, news);
    scope.done();
    expect(outs.applyTo).toEqual({ serverIds: [43], labelSelectors: ["role=db"] });
    expect(outs.appliedTo).toEqual([
      { type: "server", serverId: 43 },
      { type: "label_selector", labelSelector: "role=db", serverIds: [44] },
    ]);
  });
});

describe("delete", () => {
  test("detaches, then waits out resource_in_use, then deletes", async () => {
    const scope = nock(API, auth)
      .get("/firewalls/7")
      .reply(200, { firewall: wireFirewall({ applied_to: [{ type: "server", server: { id: 42 } }] }) })
      .post("/firewalls/7/actions/remove_from_resources", { remove_from: [{ type: "server", server: { id: 42 } }] })
      .reply(201, { actions: [action(9, "remove_firewall")] })
      .get("/actions").query({ id: "9" })
      .reply(200, { actions: [action(9, "remove_firewall", "success")] })
      .delete("/firewalls/7")
      .reply(422, { error: { code: "resource_in_use", message: "firewall is still in use" } })
      .delete("/firewalls/7")
      .reply(204);
    await remove("7");
    scope.done();
  });

  test("a firewall that is already gone is fine", async () => {
    const scope = nock(API, auth).get("/firewalls/7").reply(404, { error: { code: "not_found", message: "gone" } });
    await remove("7");
    scope.done();
  });
});
