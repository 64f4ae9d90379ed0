/**
 * Contract test of the Hetzner Cloud emulator: every response is checked against the official OpenAPI
 * document (objects closed, so undocumented fields fail too), and the behaviour the API documents
 * (errors, labels, selectors, pagination, actions) is exercised end to end over real HTTP.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { TOKEN, contract, expectError, useHcloudEmulator } from "./hcloud-setup";
import { contractClient } from "./openapi";

const setup = useHcloudEmulator();
const { api, control } = setup;

/** Freezes the emulator's clock (it reads `Date.now()`, and runs in this process). */
function freezeClock(start = Date.parse("2026-01-01T12:00:00Z")) {
  let now = start;
  jest.spyOn(Date, "now").mockImplementation(() => now);
  return { advance: (ms: number) => (now += ms), at: (ms: number) => new Date(start + ms).toISOString().replace(".000Z", "+00:00") };
}

const SSH_IN = { direction: "in", protocol: "tcp", port: "22", source_ips: ["0.0.0.0/0", "::/0"] };
const serverTarget = (id: number) => ({ type: "server", server: { id } });
const selectorTarget = (selector: string) => ({ type: "label_selector", label_selector: { selector } });

async function createFirewall(body: Record<string, unknown>) {
  const response = await api.post("/firewalls", body);
  expect(response.status).toBe(201);
  return response.body as { firewall: any; actions: any[] };
}

const ids = (items: { id: number }[]) => items.map((item) => item.id);

describe("API conventions", () => {
  it("requires a known Bearer token (401 unauthorized)", async () => {
    expectError(await api.get("/firewalls", { headers: { Authorization: "" } }), 401, "unauthorized");
    expectError(await api.get("/firewalls", { headers: { Authorization: "Bearer wrong" } }), 401, "unauthorized");
    expectError(await api.get("/servers/42", { headers: { Authorization: TOKEN } }), 401, "unauthorized");
    expect((await api.get("/firewalls")).status).toBe(200);
  });

  it("accepts exactly the configured tokens", async () => {
    const other = await startEmulator({ port: 0, tokens: ["a", "b"] });
    try {
      const client = contractClient(other.hcloudUrl, contract);
      expect((await client.get("/servers", { headers: { Authorization: "Bearer b" } })).status).toBe(200);
      expectError(await client.get("/servers", { headers: { Authorization: `Bearer ${TOKEN}` } }), 401, "unauthorized");
    } finally {
      await other.close();
    }
  });

  it("serves several projects, each with its own tokens and state; the log names the project, never the token", async () => {
    const other = await startEmulator({ port: 0, actionDurationMs: 0, tokens: ["token-a"], projects: { b: ["token-b", "token-b-rotated"] } });
    try {
      const client = contractClient(other.hcloudUrl, contract);
      const as = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
      const names = async (token: string) => (await client.get("/firewalls", as(token))).body.firewalls.map((f: { name: string }) => f.name);
      expect((await client.post("/firewalls", { name: "web" }, as("token-a"))).status).toBe(201);
      // The same name in another project is no conflict: names are unique per project.
      expect((await client.post("/firewalls", { name: "web" }, as("token-b"))).status).toBe(201);
      expect((await client.post("/firewalls", { name: "db" }, as("token-b-rotated"))).status).toBe(201);
      expect(await names("token-a")).toEqual(["web"]);
      expect(await names("token-b")).toEqual(["web", "db"]);
      // Fixture servers exist in each project.
      for (const token of ["token-a", "token-b"]) expect((await client.get("/servers/42", as(token))).status).toBe(200);

      const controlOf = async (method: string, route: string) => {
        const response = await fetch(`${other.url}/__emulator${route}`, { method });
        return { status: response.status, body: (response.status === 204 ? undefined : await response.json()) as any };
      };
      const log = (await controlOf("GET", "/requests")).body.requests;
      expect(log.slice(0, 3).map((r: { project?: string }) => r.project)).toEqual(["default", "b", "b"]);
      expect(JSON.stringify(log)).not.toMatch(/token-/);

      const dump = (await controlOf("GET", "/state")).body;
      expect(Object.keys(dump).sort()).toEqual(["cloudflare", "cloudflare@b", "hcloud", "hcloud@b", "hetzner", "hetzner@b", "hetznerdns", "hetznerdns@b", "vpsorg", "vpsorg@b"]);
      expect((await controlOf("GET", "/state?project=b")).body.hcloud.firewalls.map((f: { name: string }) => f.name)).toEqual(["web", "db"]);
      expect((await controlOf("GET", "/state?project=c")).status).toBe(400);
      expect((await controlOf("POST", "/reset?project=b")).status).toBe(204);
      expect(await names("token-b")).toEqual([]);
      expect(await names("token-a")).toEqual(["web"]);

      // A revoked token is refused; the project's other token still works.
      const revoke = await fetch(`${other.url}/__emulator/revoke-token`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ token: "token-b" }) });
      expect(revoke.status).toBe(204);
      expectError(await client.get("/firewalls", as("token-b")), 401, "unauthorized");
      expect((await client.get("/firewalls", as("token-b-rotated"))).status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it("refuses a token given for two projects", async () => {
    await expect(startEmulator({ port: 0, tokens: ["same"], projects: { b: ["same"] } })).rejects.toThrow(
      "emulator: a token is given for both project default and project b",
    );
  });

  it("sends RateLimit headers on every response, counting down", async () => {
    freezeClock();
    const first = await api.get("/servers");
    const unauthorized = await api.get("/servers", { headers: { Authorization: "" } });
    const unknown = await api.get("/no-such-thing", { unchecked: true });
    for (const response of [first, unauthorized, unknown]) {
      expect(response.headers.get("ratelimit-limit")).toBe("3600");
    }
    const remaining = [first, unauthorized, unknown].map((r) => Number(r.headers.get("ratelimit-remaining")));
    // One bucket per project: a request no token identifies takes from another one.
    expect(remaining[0]).toBe(3599);
    expect(remaining[1]).toBe(3599);
    expect(remaining[2]).toBe(3598);
    // Full again after one second per used request.
    expect(Number(unknown.headers.get("ratelimit-reset"))).toBe(Math.ceil(Date.now() / 1000) + 2);
  });

  it("enforces the rate limit when asked: 429 rate_limit_exceeded once the project's bucket is empty, until it refills", async () => {
    const clock = freezeClock();
    const settings = { enforce: true, limit: 3, refillPerSecond: 2 };
    expect((await control("PUT", "/config", { rateLimit: settings })).body).toEqual({ actionDurationMs: 0, rateLimit: settings });
    expect((await control("GET", "/config")).body.rateLimit).toEqual(settings);
    const remaining = async () => {
      const response = await api.get("/servers", { unchecked: true });
      return { status: response.status, code: response.body.error?.code, remaining: response.headers.get("ratelimit-remaining"), reset: response.headers.get("ratelimit-reset") };
    };
    const second = Math.ceil(Date.now() / 1000);
    expect([await remaining(), await remaining(), await remaining(), await remaining()]).toEqual([
      { status: 200, code: undefined, remaining: "2", reset: String(second + 1) },
      { status: 200, code: undefined, remaining: "1", reset: String(second + 1) },
      { status: 200, code: undefined, remaining: "0", reset: String(second + 2) },
      { status: 429, code: "rate_limit_exceeded", remaining: "0", reset: String(second + 2) },
    ]);
    // The Hetzner API family keeps its own bucket.
    const storageBoxes = await fetch(`${setup.emulator.hetznerUrl}/storage_boxes`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect([storageBoxes.status, storageBoxes.headers.get("ratelimit-remaining")]).toEqual([200, "2"]);
    clock.advance(500);
    expect(await remaining()).toMatchObject({ status: 200, remaining: "0" });
    expect(await remaining()).toMatchObject({ status: 429 });
    expect((await control("POST", "/reset")).status).toBe(204);
    expect(await remaining()).toMatchObject({ status: 200, remaining: "2" });
    expect((await control("PUT", "/config", { rateLimit: { enforce: false } })).body.rateLimit).toEqual({ ...settings, enforce: false });
    for (let i = 0; i < 4; i++) expect(await remaining()).toMatchObject({ status: 200 });
    expect(await remaining()).toMatchObject({ status: 200, remaining: "0" });
    for (const bad of [{ enforce: "yes" }, { limit: 0 }, { refillPerSecond: 0 }, { burst: 3 }, "on"]) {
      expect((await control("PUT", "/config", { rateLimit: bad })).status).toBe(400);
    }
  });

  it("answers unknown routes with not_found and malformed JSON with json_error", async () => {
    const unknown = await api.get("/no-such-thing", { unchecked: true });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("not_found");
    expectError(await api.post("/firewalls", "{not json"), 400, "json_error");
  });

  describe("pagination", () => {
    beforeEach(async () => {
      for (let i = 1; i <= 7; i++) await createFirewall({ name: `fw-${i}` });
    });

    it("pages with meta.pagination and a Link header", async () => {
      const page2 = await api.get("/firewalls?per_page=3&page=2");
      expect(page2.body.firewalls.map((f: any) => f.name)).toEqual(["fw-4", "fw-5", "fw-6"]);
      expect(page2.body.meta.pagination).toEqual({ page: 2, per_page: 3, previous_page: 1, next_page: 3, last_page: 3, total_entries: 7 });
      const link = page2.headers.get("link") ?? "";
      const rels = Object.fromEntries(
        link.split(", ").map((part) => {
          const [, url, rel] = /^<([^>]+)>; rel="(\w+)"$/.exec(part)!;
          const params = new URL(url).searchParams;
          return [rel, `${new URL(url).pathname}?page=${params.get("page")}&per_page=${params.get("per_page")}`];
        }),
      );
      expect(rels).toEqual({
        prev: "/hcloud/v1/firewalls?page=1&per_page=3",
        next: "/hcloud/v1/firewalls?page=3&per_page=3",
        last: "/hcloud/v1/firewalls?page=3&per_page=3",
      });

      const last = await api.get("/firewalls?per_page=3&page=3");
      expect(last.body.firewalls.map((f: any) => f.name)).toEqual(["fw-7"]);
      expect(last.body.meta.pagination).toMatchObject({ previous_page: 2, next_page: null });
      expect(last.headers.get("link")).not.toContain('rel="next"');
    });

    it("keeps other query parameters in Link URLs", async () => {
      const response = await api.get("/firewalls?per_page=2&label_selector=missing");
      expect(response.body.meta.pagination).toEqual({ page: 1, per_page: 2, previous_page: null, next_page: null, last_page: 1, total_entries: 0 });
      expect(response.headers.get("link")).toContain("label_selector=missing");
    });

    it("defaults to 25 per page and caps per_page at 50", async () => {
      expect((await api.get("/firewalls")).body.meta.pagination.per_page).toBe(25);
      expect((await api.get("/firewalls?per_page=500")).body.meta.pagination.per_page).toBe(50);
    });

    it("rejects invalid page parameters", async () => {
      expectError(await api.get("/firewalls?per_page=0"), 422, "invalid_input", "per_page");
      expectError(await api.get("/firewalls?page=abc"), 422, "invalid_input", "page");
    });

    it("sorts by one or more fields", async () => {
      const byNameDesc = await api.get("/firewalls?sort=name:desc&per_page=2");
      expect(byNameDesc.body.firewalls.map((f: any) => f.name)).toEqual(["fw-7", "fw-6"]);
      const byIdDesc = await api.get("/firewalls?sort=id:desc");
      expect(ids(byIdDesc.body.firewalls)).toEqual([...ids((await api.get("/firewalls")).body.firewalls)].reverse());
      expectError(await api.get("/firewalls?sort=colour"), 422, "invalid_input", "sort");
    });
  });

  describe("label selectors", () => {
    // Fixture servers: 42 web-1 {role: web, env: prod}, 43 web-2 {role: web, env: prod}, 44 db-1 {role: db, env: prod}, 45 staging-1 {env: staging}
    it.each([
      ["role==web", [42, 43]],
      ["role=web", [42, 43]],
      ["role!=web", [44, 45]],
      ["role", [42, 43, 44]],
      ["!role", [45]],
      ["env in (staging,dev)", [45]],
      ["role in (web, db)", [42, 43, 44]],
      ["role notin (web)", [44, 45]],
      ["env=prod,role!=db", [42, 43]],
      ["env=prod,!role", []],
      ["role in (web,db),env notin (staging)", [42, 43, 44]],
    ])("%s selects %j", async (selector, expected) => {
      const response = await api.get(`/servers?label_selector=${encodeURIComponent(selector)}`);
      expect(ids(response.body.servers)).toEqual(expected);
    });

    it.each(["role in web", "=web", "role==web,", "a b"])("rejects %j", async (selector) => {
      expectError(await api.get(`/servers?label_selector=${encodeURIComponent(selector)}`), 422, "invalid_input", "label_selector");
    });

    it("filters firewalls too", async () => {
      await createFirewall({ name: "a", labels: { team: "x" } });
      await createFirewall({ name: "b", labels: { team: "y" } });
      await createFirewall({ name: "c" });
      const response = await api.get(`/firewalls?label_selector=${encodeURIComponent("team notin (y)")}`);
      expect(response.body.firewalls.map((f: any) => f.name)).toEqual(["a", "c"]);
    });
  });

  describe("labels", () => {
    it("accepts the documented label forms", async () => {
      const labels = { environment: "development", "example.com/my": "label", "just-a-key": "", "a.b_c-d": "x.Y_z-1" };
      const { firewall } = await createFirewall({ name: "labelled", labels });
      expect(firewall.labels).toEqual(labels);
    });

    it.each([
      ["a key starting with a dash", { "-bad": "x" }],
      ["a key longer than 63", { ["k".repeat(64)]: "x" }],
      ["the reserved prefix", { "hetzner.cloud/owner": "me" }],
      ["an invalid prefix", { "exa_mple.com/key": "x" }],
      ["a value longer than 63", { key: "v".repeat(64) }],
      ["a value ending with a dash", { key: "value-" }],
      ["a non-string value", { key: 1 }],
    ])("rejects %s", async (_name, labels) => {
      expectError(await api.post("/firewalls", { name: "bad-labels", labels }), 422, "invalid_input", "labels");
    });
  });
});

describe("servers", () => {
  it("lists the fixture servers and filters by name", async () => {
    const all = await api.get("/servers");
    expect(all.body.servers.map((s: any) => [s.id, s.name, s.labels])).toEqual([
      [42, "web-1", { role: "web", env: "prod" }],
      [43, "web-2", { role: "web", env: "prod" }],
      [44, "db-1", { role: "db", env: "prod" }],
      [45, "staging-1", { env: "staging" }],
    ]);
    expect(ids((await api.get("/servers?name=db-1")).body.servers)).toEqual([44]);
    expect(ids((await api.get("/servers?status=off")).body.servers)).toEqual([]);
  });

  it("gets one server and 404s unknown ones", async () => {
    const response = await api.get("/servers/43");
    expect(response.body.server).toMatchObject({ id: 43, name: "web-2", public_net: { firewalls: [] } });
    expectError(await api.get("/servers/999"), 404, "not_found");
    expectError(await api.get("/servers/abc"), 404, "not_found");
  });

  it("lists firewalls in public_net, pending until apply_firewall finished", async () => {
    const clock = freezeClock();
    await control("PUT", "/config", { actionDurationMs: 1000 });
    const { firewall } = await createFirewall({ name: "web", apply_to: [selectorTarget("role=web")] });
    expect((await api.get("/servers/42")).body.server.public_net.firewalls).toEqual([{ id: firewall.id, status: "pending" }]);
    expect((await api.get("/servers/44")).body.server.public_net.firewalls).toEqual([]);
    clock.advance(1000);
    expect((await api.get("/servers/42")).body.server.public_net.firewalls).toEqual([{ id: firewall.id, status: "applied" }]);
  });
});

describe("firewalls", () => {
  it("creates a firewall without rules or targets (no actions)", async () => {
    const clock = freezeClock();
    const { firewall, actions } = await createFirewall({ name: "empty" });
    expect(firewall).toEqual({ id: expect.any(Number), name: "empty", labels: {}, created: clock.at(0), rules: [], applied_to: [] });
    expect(actions).toEqual([]);
  });

  it("creates with rules and targets: set_firewall_rules and one apply_firewall per target", async () => {
    const rules = [
      { ...SSH_IN, description: "ssh" },
      { direction: "in", protocol: "udp", port: "1024-5000", source_ips: ["10.0.0.0/8", "2001:0DB8:0:0::/32"] },
      { direction: "out", protocol: "icmp", destination_ips: ["192.0.2.1/32"] },
      { direction: "in", protocol: "esp", source_ips: ["198.51.100.0/24"], destination_ips: [] },
    ];
    const { firewall, actions } = await createFirewall({
      name: "web",
      labels: { env: "prod" },
      rules,
      apply_to: [serverTarget(44), selectorTarget("role=web")],
    });
    expect(firewall.rules).toEqual([
      { description: "ssh", direction: "in", protocol: "tcp", port: "22", source_ips: ["0.0.0.0/0", "::/0"], destination_ips: [] },
      { description: null, direction: "in", protocol: "udp", port: "1024-5000", source_ips: ["10.0.0.0/8", "2001:db8::/32"], destination_ips: [] },
      { description: null, direction: "out", protocol: "icmp", port: null, source_ips: [], destination_ips: ["192.0.2.1/32"] },
      { description: null, direction: "in", protocol: "esp", port: null, source_ips: ["198.51.100.0/24"], destination_ips: [] },
    ]);
    expect(firewall.applied_to).toEqual([
      { type: "server", server: { id: 44 } },
      {
        type: "label_selector",
        label_selector: { selector: "role=web" },
        applied_to_resources: [
          { type: "server", server: { id: 42 } },
          { type: "server", server: { id: 43 } },
        ],
      },
    ]);
    const fw = { id: firewall.id, type: "firewall" };
    expect(actions.map((a) => [a.command, a.status, a.progress, a.resources])).toEqual([
      ["set_firewall_rules", "success", 100, [fw]],
      ["apply_firewall", "success", 100, [{ id: 44, type: "server" }, fw]],
      ["apply_firewall", "success", 100, [{ id: 42, type: "server" }, { id: 43, type: "server" }, fw]],
    ]);
    expect((await api.get(`/firewalls/${firewall.id}`)).body.firewall).toEqual(firewall);
  });

  describe("rejects invalid rules with invalid_input on 'rules'", () => {
    it.each([
      ["an unknown protocol", { ...SSH_IN, protocol: "sctp" }],
      ["an unknown direction", { ...SSH_IN, direction: "both" }],
      ["tcp without port", { direction: "in", protocol: "tcp", source_ips: ["0.0.0.0/0"] }],
      ["udp with a numeric port", { ...SSH_IN, protocol: "udp", port: 53 }],
      ["port 0", { ...SSH_IN, port: "0" }],
      ["port 70000", { ...SSH_IN, port: "70000" }],
      ["a reversed range", { ...SSH_IN, port: "90-80" }],
      ["icmp with a port", { direction: "in", protocol: "icmp", port: "80", source_ips: ["0.0.0.0/0"] }],
      ["gre with a port", { direction: "in", protocol: "gre", port: "1", source_ips: ["0.0.0.0/0"] }],
      ["in without source_ips", { direction: "in", protocol: "tcp", port: "80" }],
      ["in with empty source_ips", { direction: "in", protocol: "tcp", port: "80", source_ips: [] }],
      ["in with destination_ips", { ...SSH_IN, destination_ips: ["10.0.0.0/8"] }],
      ["out without destination_ips", { direction: "out", protocol: "tcp", port: "80" }],
      ["out with source_ips", { direction: "out", protocol: "tcp", port: "80", destination_ips: ["0.0.0.0/0"], source_ips: ["0.0.0.0/0"] }],
      ["a CIDR with host bits", { ...SSH_IN, source_ips: ["10.0.0.1/24"] }],
      ["an address without prefix", { ...SSH_IN, source_ips: ["10.0.0.1"] }],
      ["an out-of-range IPv4 address", { ...SSH_IN, source_ips: ["300.1.1.1/32"] }],
      ["a prefix too long", { ...SSH_IN, source_ips: ["10.0.0.0/33"] }],
      ["an invalid IPv6 block", { ...SSH_IN, source_ips: ["2001:db8::g/64"] }],
      ["101 CIDR blocks", { ...SSH_IN, source_ips: Array.from({ length: 101 }, (_, i) => `10.0.${i}.0/24`) }],
      ["a description over 255 characters", { ...SSH_IN, description: "d".repeat(256) }],
    ])("%s", async (_name, rule) => {
      const response = await api.post("/firewalls", { name: "bad-rule", rules: [rule] });
      expectError(response, 422, "invalid_input", "rules");
      expect((await api.get("/firewalls")).body.firewalls).toEqual([]);
    });

    it("more than 50 rules", async () => {
      const rules = Array.from({ length: 51 }, (_, i) => ({ ...SSH_IN, port: String(1000 + i) }));
      expectError(await api.post("/firewalls", { name: "many", rules }), 422, "invalid_input", "rules");
      expect((await api.post("/firewalls", { name: "fifty", rules: rules.slice(0, 50) })).status).toBe(201);
    });
  });

  it("requires a name of at most 128 characters", async () => {
    expectError(await api.post("/firewalls", {}), 422, "invalid_input", "name");
    expectError(await api.post("/firewalls", { name: "" }), 422, "invalid_input", "name");
    expectError(await api.post("/firewalls", { name: "n".repeat(129) }), 422, "invalid_input", "name");
    expect((await api.post("/firewalls", { name: "n".repeat(128) })).status).toBe(201);
  });

  it("reports every invalid field at once", async () => {
    const response = await api.post("/firewalls", { rules: [{ ...SSH_IN, protocol: "x" }], labels: { "-": "" } });
    expectError(response, 422, "invalid_input");
    expect(response.body.error.details.fields.map((f: any) => f.name).sort()).toEqual(["labels", "name", "rules"]);
    expect(response.body.error.details.fields.every((f: any) => f.messages.length > 0)).toBe(true);
  });

  it("enforces unique names on create and rename (409 uniqueness_error)", async () => {
    await createFirewall({ name: "taken" });
    const { firewall } = await createFirewall({ name: "other" });
    const duplicate = await api.post("/firewalls", { name: "taken" });
    expectError(duplicate, 409, "uniqueness_error");
    expect(duplicate.body.error.details).toEqual({ fields: [{ name: "name" }] });
    expectError(await api.put(`/firewalls/${firewall.id}`, { name: "taken" }), 409, "uniqueness_error");
    expect((await api.put(`/firewalls/${firewall.id}`, { name: "other" })).status).toBe(200);
  });

  it("rejects apply_to entries that are not a server or a label selector", async () => {
    expectError(await api.post("/firewalls", { name: "x", apply_to: [{ type: "server" }] }), 422, "invalid_input", "apply_to");
    expectError(await api.post("/firewalls", { name: "x", apply_to: [{ type: "network", network: { id: 1 } }] }), 422, "invalid_input", "apply_to");
    expectError(await api.post("/firewalls", { name: "x", apply_to: [selectorTarget("role in web")] }), 422, "invalid_input", "apply_to");
  });

  it("rejects unknown or repeated servers on create", async () => {
    expectError(await api.post("/firewalls", { name: "x", apply_to: [serverTarget(999)] }), 422, "firewall_resource_not_found");
    expectError(await api.post("/firewalls", { name: "x", apply_to: [serverTarget(42), serverTarget(42)] }), 422, "server_already_added");
    expect((await api.get("/firewalls")).body.firewalls).toEqual([]);
  });

  it("gets one firewall and 404s unknown ids", async () => {
    const { firewall } = await createFirewall({ name: "one" });
    expect((await api.get(`/firewalls/${firewall.id}`)).body.firewall.name).toBe("one");
    expectError(await api.get("/firewalls/999999"), 404, "not_found");
    expectError(await api.get("/firewalls/abc"), 404, "not_found");
  });

  it("lists with the name filter", async () => {
    await createFirewall({ name: "alpha" });
    await createFirewall({ name: "beta" });
    expect((await api.get("/firewalls?name=beta")).body.firewalls.map((f: any) => f.name)).toEqual(["beta"]);
    expect((await api.get("/firewalls?name=bet")).body.firewalls).toEqual([]);
  });

  it("updates name and replaces labels", async () => {
    const { firewall } = await createFirewall({ name: "before", labels: { a: "1", b: "2" } });
    const renamed = await api.put(`/firewalls/${firewall.id}`, { name: "after", labels: { c: "3" } });
    expect(renamed.body.firewall).toMatchObject({ id: firewall.id, name: "after", labels: { c: "3" } });
    const labelsOnly = await api.put(`/firewalls/${firewall.id}`, { labels: {} });
    expect(labelsOnly.body.firewall).toMatchObject({ name: "after", labels: {} });
    expectError(await api.put(`/firewalls/${firewall.id}`, { labels: { "hetzner.cloud/x": "y" } }), 422, "invalid_input", "labels");
    expectError(await api.put("/firewalls/999999", { name: "x" }), 404, "not_found");
  });

  it("deletes (204), refusing while applied (422 resource_in_use)", async () => {
    const { firewall } = await createFirewall({ name: "in-use", apply_to: [serverTarget(42)] });
    expectError(await api.delete(`/firewalls/${firewall.id}`), 422, "resource_in_use");
    await api.post(`/firewalls/${firewall.id}/actions/remove_from_resources`, { remove_from: [serverTarget(42)] });
    const deleted = await api.delete(`/firewalls/${firewall.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
    expectError(await api.get(`/firewalls/${firewall.id}`), 404, "not_found");
    expectError(await api.delete(`/firewalls/${firewall.id}`), 404, "not_found");
  });

  it("treats an applied label selector as in use", async () => {
    const { firewall } = await createFirewall({ name: "selector", apply_to: [selectorTarget("nothing=matches")] });
    expect(firewall.applied_to[0].applied_to_resources).toEqual([]);
    expectError(await api.delete(`/firewalls/${firewall.id}`), 422, "resource_in_use");
  });

  describe("set_rules", () => {
    it("replaces the rules; reapplies to every server the firewall covers", async () => {
      const { firewall } = await createFirewall({ name: "fw", rules: [SSH_IN], apply_to: [serverTarget(44), selectorTarget("role=web")] });
      const https = { direction: "in", protocol: "tcp", port: "443", source_ips: ["0.0.0.0/0"] };
      const response = await api.post(`/firewalls/${firewall.id}/actions/set_rules`, { rules: [https] });
      expect(response.status).toBe(201);
      const fw = { id: firewall.id, type: "firewall" };
      expect(response.body.actions.map((a: any) => [a.command, a.resources])).toEqual([
        ["set_firewall_rules", [fw]],
        ["apply_firewall", [fw, { id: 42, type: "server" }]],
        ["apply_firewall", [fw, { id: 43, type: "server" }]],
        ["apply_firewall", [fw, { id: 44, type: "server" }]],
      ]);
      expect((await api.get(`/firewalls/${firewall.id}`)).body.firewall.rules).toEqual([{ ...https, description: null, destination_ips: [] }]);

      const cleared = await api.post(`/firewalls/${firewall.id}/actions/set_rules`, { rules: [] });
      expect(cleared.status).toBe(201);
      expect((await api.get(`/firewalls/${firewall.id}`)).body.firewall.rules).toEqual([]);
    });

    it("validates like create and leaves the rules alone on error", async () => {
      const { firewall } = await createFirewall({ name: "fw", rules: [SSH_IN] });
      expectError(await api.post(`/firewalls/${firewall.id}/actions/set_rules`, { rules: [{ ...SSH_IN, port: undefined }] }), 422, "invalid_input", "rules");
      expectError(await api.post(`/firewalls/${firewall.id}/actions/set_rules`, {}), 422, "invalid_input", "rules");
      expect((await api.get(`/firewalls/${firewall.id}`)).body.firewall.rules).toHaveLength(1);
      expectError(await api.post("/firewalls/999999/actions/set_rules", { rules: [] }), 404, "not_found");
    });
  });

  describe("apply_to_resources", () => {
    it("applies servers and label selectors, one apply_firewall action each", async () => {
      const { firewall } = await createFirewall({ name: "fw" });
      const response = await api.post(`/firewalls/${firewall.id}/actions/apply_to_resources`, {
        apply_to: [serverTarget(45), selectorTarget("role=db")],
      });
      expect(response.status).toBe(201);
      const fw = { id: firewall.id, type: "firewall" };
      expect(response.body.actions.map((a: any) => [a.command, a.resources])).toEqual([
        ["apply_firewall", [{ id: 45, type: "server" }, fw]],
        ["apply_firewall", [{ id: 44, type: "server" }, fw]],
      ]);
      expect((await api.get(`/firewalls/${firewall.id}`)).body.firewall.applied_to).toEqual([
        { type: "server", server: { id: 45 } },
        { type: "label_selector", label_selector: { selector: "role=db" }, applied_to_resources: [{ type: "server", server: { id: 44 } }] },
      ]);
    });

    it("allows a server directly that a selector already covers", async () => {
      const { firewall } = await createFirewall({ name: "fw", apply_to: [selectorTarget("role=web")] });
      expect((await api.post(`/firewalls/${firewall.id}/actions/apply_to_resources`, { apply_to: [serverTarget(42)] })).status).toBe(201);
    });

    it("rejects missing servers (404), repeated targets (422) and bad input, changing nothing", async () => {
      const { firewall } = await createFirewall({ name: "fw", apply_to: [serverTarget(42), selectorTarget("env=prod")] });
      const apply = (apply_to: unknown) => api.post(`/firewalls/${firewall.id}/actions/apply_to_resources`, { apply_to });
      expectError(await apply([serverTarget(43), serverTarget(999)]), 404, "firewall_resource_not_found");
      expectError(await apply([serverTarget(42)]), 422, "firewall_already_applied");
      expectError(await apply([selectorTarget("env=prod")]), 422, "firewall_already_applied");
      expectError(await apply("server 43"), 422, "invalid_input", "apply_to");
      expectError(await api.post(`/firewalls/${firewall.id}/actions/apply_to_resources`, {}), 422, "invalid_input", "apply_to");
      expect((await api.get(`/firewalls/${firewall.id}`)).body.firewall.applied_to).toHaveLength(2);
      expectError(await api.post("/firewalls/999999/actions/apply_to_resources", { apply_to: [serverTarget(42)] }), 404, "not_found");
    });
  });

  describe("remove_from_resources", () => {
    it("removes servers and label selectors, one remove_firewall action each", async () => {
      const { firewall } = await createFirewall({ name: "fw", apply_to: [serverTarget(44), selectorTarget("role=web")] });
      const response = await api.post(`/firewalls/${firewall.id}/actions/remove_from_resources`, {
        remove_from: [serverTarget(44), selectorTarget("role=web")],
      });
      expect(response.status).toBe(201);
      const fw = { id: firewall.id, type: "firewall" };
      expect(response.body.actions.map((a: any) => [a.command, a.resources])).toEqual([
        ["remove_firewall", [{ id: 44, type: "server" }, fw]],
        ["remove_firewall", [{ id: 42, type: "server" }, { id: 43, type: "server" }, fw]],
      ]);
      expect((await api.get(`/firewalls/${firewall.id}`)).body.firewall.applied_to).toEqual([]);
    });

    it("names why a target cannot be removed", async () => {
      const { firewall } = await createFirewall({ name: "fw", apply_to: [serverTarget(44), selectorTarget("role=web")] });
      const remove = (remove_from: unknown) => api.post(`/firewalls/${firewall.id}/actions/remove_from_resources`, { remove_from });
      expectError(await remove([serverTarget(42)]), 422, "firewall_managed_by_label_selector");
      expectError(await remove([serverTarget(999)]), 404, "firewall_resource_not_found");
      expectError(await remove([{ type: "server", server: {} }]), 422, "invalid_input", "remove_from");
      expect((await api.get(`/firewalls/${firewall.id}`)).body.firewall.applied_to).toHaveLength(2);
    });

    it("removes a target it is not applied to without an action (no firewall_already_removed since 2025-08-04)", async () => {
      const { firewall } = await createFirewall({ name: "fw", apply_to: [serverTarget(44)] });
      const remove = (remove_from: unknown) => api.post(`/firewalls/${firewall.id}/actions/remove_from_resources`, { remove_from });
      const notApplied = await remove([serverTarget(45), selectorTarget("role=db")]);
      expect({ status: notApplied.status, actions: notApplied.body.actions }).toEqual({ status: 201, actions: [] });
      const mixed = await remove([serverTarget(45), serverTarget(44)]);
      expect(mixed.body.actions.map((a: any) => [a.command, a.resources])).toEqual([["remove_firewall", [{ id: 44, type: "server" }, { id: firewall.id, type: "firewall" }]]]);
      expect((await api.get(`/firewalls/${firewall.id}`)).body.firewall.applied_to).toEqual([]);
    });
  });

  describe("locking while an action runs (423 locked)", () => {
    it("rejects further actions and delete until the running action finished", async () => {
      const clock = freezeClock();
      await control("PUT", "/config", { actionDurationMs: 10_000 });
      const { firewall } = await createFirewall({ name: "busy", rules: [SSH_IN] });
      const url = `/firewalls/${firewall.id}`;

      expectError(await api.post(`${url}/actions/set_rules`, { rules: [] }), 423, "locked");
      expectError(await api.post(`${url}/actions/apply_to_resources`, { apply_to: [serverTarget(42)] }), 423, "locked");
      expectError(await api.delete(url), 423, "locked");
      expectError(await api.put(url, { labels: { busy: "yes" } }), 423, "locked");
      expect((await api.get(url)).status).toBe(200);

      clock.advance(9_999);
      expectError(await api.post(`${url}/actions/set_rules`, { rules: [] }), 423, "locked");
      clock.advance(1);
      expect((await api.post(`${url}/actions/set_rules`, { rules: [] })).status).toBe(201);
    });

    it("does not lock other firewalls", async () => {
      freezeClock();
      await control("PUT", "/config", { actionDurationMs: 10_000 });
      await createFirewall({ name: "busy", rules: [SSH_IN] });
      const { firewall } = await createFirewall({ name: "idle" });
      expect((await api.post(`/firewalls/${firewall.id}/actions/set_rules`, { rules: [SSH_IN] })).status).toBe(201);
    });
  });

  describe("firewall actions", () => {
    let first: { firewall: any; actions: any[] };
    let second: { firewall: any; actions: any[] };

    beforeEach(async () => {
      first = await createFirewall({ name: "first", rules: [SSH_IN], apply_to: [serverTarget(42)] });
      second = await createFirewall({ name: "second", rules: [SSH_IN] });
    });

    it("GET /firewalls/actions lists actions of all firewalls", async () => {
      const response = await api.get("/firewalls/actions");
      expect(ids(response.body.actions)).toEqual([...ids(first.actions), ...ids(second.actions)]);
      expect(response.body.meta.pagination.total_entries).toBe(3);
      const filtered = await api.get(`/firewalls/actions?id=${first.actions[1].id}&id=${second.actions[0].id}&sort=id:desc`);
      expect(ids(filtered.body.actions)).toEqual([second.actions[0].id, first.actions[1].id]);
      expectError(await api.get("/firewalls/actions?status=done"), 422, "invalid_input", "status");
    });

    it("GET /firewalls/actions/{id}", async () => {
      const action = first.actions[0];
      expect((await api.get(`/firewalls/actions/${action.id}`)).body.action).toEqual(action);
      expectError(await api.get("/firewalls/actions/999999"), 404, "not_found");
    });

    it("GET /firewalls/{id}/actions lists only that firewall's actions", async () => {
      const response = await api.get(`/firewalls/${first.firewall.id}/actions?sort=command:desc`);
      expect(response.body.actions.map((a: any) => a.command)).toEqual(["set_firewall_rules", "apply_firewall"]);
      expect((await api.get(`/firewalls/${first.firewall.id}/actions?status=running`)).body.actions).toEqual([]);
      expect(ids((await api.get(`/firewalls/${first.firewall.id}/actions?per_page=1&page=2`)).body.actions)).toEqual([first.actions[1].id]);
      expectError(await api.get("/firewalls/999999/actions"), 404, "not_found");
    });

    it("GET /firewalls/{id}/actions/{action_id} only finds that firewall's actions", async () => {
      const action = first.actions[1];
      expect((await api.get(`/firewalls/${first.firewall.id}/actions/${action.id}`)).body.action).toEqual(action);
      expectError(await api.get(`/firewalls/${second.firewall.id}/actions/${action.id}`), 404, "not_found");
    });
  });
});

describe("strictness: what the provider could get wrong", () => {
  let certificates = 0;
  const managed = () => api.post("/certificates", { name: `managed-${++certificates}`, type: "managed", domain_names: ["example.com"] });

  describe("operations the spec defines without a request body refuse one (400 json_error), but take {} as the API does", () => {
    // Each case makes the target exist and returns the bodyless request's method and path.
    const cases: [string, () => Promise<[string, string]>][] = [
      ["DELETE /firewalls/{id}", async () => ["DELETE", `/firewalls/${(await createFirewall({ name: "fw" })).firewall.id}`]],
      ["DELETE /floating_ips/{id}", async () => ["DELETE", `/floating_ips/${(await api.post("/floating_ips", { type: "ipv4", home_location: "fsn1" })).body.floating_ip.id}`]],
      ["POST /floating_ips/{id}/actions/unassign", async () => ["POST", `/floating_ips/${(await api.post("/floating_ips", { type: "ipv4", server: 42 })).body.floating_ip.id}/actions/unassign`]],
      ["DELETE /certificates/{id}", async () => ["DELETE", `/certificates/${(await managed()).body.certificate.id}`]],
      ["POST /certificates/{id}/actions/retry", async () => {
        await control("POST", "/action-faults", { command: "create_certificate", code: "ca_dns_validation_failed", message: "no TXT record" });
        return ["POST", `/certificates/${(await managed()).body.certificate.id}/actions/retry`];
      }],
    ];

    it.each(cases)("%s", async (_name, target) => {
      const [method, path] = await target();
      for (const body of [{ server: 42 }, [], null]) {
        const refused = await api.request(method, path, body === null ? "null" : body);
        expectError(refused, 400, "json_error");
        expect(refused.body.error.message).toBe(`${method} /hcloud/v1${path} takes no request body`);
      }
      // An empty body is no body, with or without a JSON Content-Type; `{}` is what hcloud-go sends on unassign.
      const empty = await api.request(method, path, "", { headers: { "Content-Type": "application/json" } });
      expect(empty.status).toBeLessThan(300);
      const [againMethod, againPath] = await target();
      expect((await api.request(againMethod, againPath, {})).status).toBeLessThan(300);
    });

    it("accepts the same request without any body", async () => {
      const fip = (await api.post("/floating_ips", { type: "ipv4", server: 42 })).body.floating_ip;
      expect((await api.post(`/floating_ips/${fip.id}/actions/unassign`)).status).toBe(201);
      expect((await api.delete(`/floating_ips/${fip.id}`)).status).toBe(204);
    });
  });

  describe("a running action locks every resource it lists (423 locked)", () => {
    it("apply_firewall locks its servers for other firewalls and floating IPs, until it ends", async () => {
      const clock = freezeClock();
      await control("PUT", "/config", { actionDurationMs: 10_000 });
      const { actions } = await createFirewall({ name: "busy", apply_to: [serverTarget(42)] });
      expect(actions.map((a) => a.resources)).toEqual([[{ id: 42, type: "server" }, { id: actions[0].resources[1].id, type: "firewall" }]]);
      await control("PUT", "/config", { actionDurationMs: 0 });
      const other = (await createFirewall({ name: "other", rules: [SSH_IN] })).firewall;
      const covering = (await createFirewall({ name: "covering" })).firewall;
      const fip = (await api.post("/floating_ips", { type: "ipv4", home_location: "fsn1" })).body.floating_ip;

      expectError(await api.post(`/firewalls/${other.id}/actions/apply_to_resources`, { apply_to: [serverTarget(42)] }), 423, "locked");
      expectError(await api.post(`/firewalls/${other.id}/actions/apply_to_resources`, { apply_to: [selectorTarget("role=web")] }), 423, "locked");
      expectError(await api.post("/firewalls", { name: "new", apply_to: [serverTarget(42)] }), 423, "locked");
      expectError(await api.post(`/floating_ips/${fip.id}/actions/assign`, { server: 42 }), 423, "locked");
      expectError(await api.post("/floating_ips", { type: "ipv4", server: 42 }), 423, "locked");
      // Nothing changed.
      expect((await api.get(`/firewalls/${other.id}`)).body.firewall.applied_to).toEqual([]);
      expect((await api.get(`/floating_ips/${fip.id}`)).body.floating_ip.server).toBeNull();
      // Other servers are free.
      expect((await api.post(`/firewalls/${covering.id}/actions/apply_to_resources`, { apply_to: [serverTarget(43)] })).status).toBe(201);
      expect((await api.post(`/floating_ips/${fip.id}/actions/assign`, { server: 44 })).status).toBe(201);

      clock.advance(10_000);
      expect((await api.post(`/firewalls/${other.id}/actions/apply_to_resources`, { apply_to: [serverTarget(42)] })).status).toBe(201);
    });

    it("set_rules is locked while a server the firewall covers is busy", async () => {
      const clock = freezeClock();
      const { firewall } = await createFirewall({ name: "covers-43", apply_to: [selectorTarget("role=web")] });
      await control("PUT", "/config", { actionDurationMs: 10_000 });
      await createFirewall({ name: "busy", apply_to: [serverTarget(43)] });
      expectError(await api.post(`/firewalls/${firewall.id}/actions/set_rules`, { rules: [SSH_IN] }), 423, "locked");
      clock.advance(10_000);
      expect((await api.post(`/firewalls/${firewall.id}/actions/set_rules`, { rules: [SSH_IN] })).status).toBe(201);
    });

    it("locks a certificate while its issuance runs: PUT, DELETE and retry", async () => {
      const clock = freezeClock();
      await control("PUT", "/config", { actionDurationMs: 10_000 });
      const id = (await managed()).body.certificate.id;
      expectError(await api.put(`/certificates/${id}`, { name: "renamed" }), 423, "locked");
      expectError(await api.delete(`/certificates/${id}`), 423, "locked");
      expectError(await api.post(`/certificates/${id}/actions/retry`), 423, "locked");
      clock.advance(10_000);
      expect((await api.put(`/certificates/${id}`, { name: "renamed" })).status).toBe(200);
      expect((await api.delete(`/certificates/${id}`)).status).toBe(204);
    });
  });

  describe("documented limits (403 resource_limit_exceeded)", () => {
    it("applies at most 5 firewalls to a server, counting label selectors", async () => {
      for (let i = 1; i <= 4; i++) await createFirewall({ name: `direct-${i}`, apply_to: [serverTarget(42)] });
      await createFirewall({ name: "by-selector", apply_to: [selectorTarget("role=web")] });
      const sixth = (await createFirewall({ name: "sixth" })).firewall;

      for (const apply_to of [[serverTarget(42)], [selectorTarget("env=prod")]]) {
        const refused = await api.post(`/firewalls/${sixth.id}/actions/apply_to_resources`, { apply_to });
        expectError(refused, 403, "resource_limit_exceeded");
        expect(refused.body.error.details).toEqual({ limits: [{ name: "firewalls_per_server" }] });
      }
      expectError(await api.post("/firewalls", { name: "seventh", apply_to: [serverTarget(42)] }), 403, "resource_limit_exceeded");
      expect((await api.get(`/firewalls/${sixth.id}`)).body.firewall.applied_to).toEqual([]);
      // Server 43 has one firewall (the selector), 44 none.
      expect((await api.post(`/firewalls/${sixth.id}/actions/apply_to_resources`, { apply_to: [serverTarget(43), serverTarget(44)] })).status).toBe(201);
    });

    it("creates at most 50 firewalls", async () => {
      for (let i = 1; i <= 50; i++) await createFirewall({ name: `fw-${i}` });
      const refused = await api.post("/firewalls", { name: "fw-51" });
      expectError(refused, 403, "resource_limit_exceeded");
      expect(refused.body.error.details).toEqual({ limits: [{ name: "firewall_limit" }] });
      expect((await api.delete(`/firewalls/${(await api.get("/firewalls?name=fw-1")).body.firewalls[0].id}`)).status).toBe(204);
      expect((await api.post("/firewalls", { name: "fw-51" })).status).toBe(201);
    });
  });

  it("keeps a firewall in use (422 resource_in_use) until its remove_firewall action ended", async () => {
    const clock = freezeClock();
    await control("PUT", "/config", { actionDurationMs: 10_000 });
    const { firewall } = await createFirewall({ name: "leaving", apply_to: [serverTarget(42)] });
    clock.advance(10_000);
    const removal = await api.post(`/firewalls/${firewall.id}/actions/remove_from_resources`, { remove_from: [serverTarget(42)] });
    expect(removal.body.actions.map((a: any) => [a.command, a.status])).toEqual([["remove_firewall", "running"]]);
    expectError(await api.delete(`/firewalls/${firewall.id}`), 422, "resource_in_use");
    clock.advance(9_999);
    expectError(await api.delete(`/firewalls/${firewall.id}`), 422, "resource_in_use");
    clock.advance(1);
    expect((await api.delete(`/firewalls/${firewall.id}`)).status).toBe(204);
  });
});

describe("actions", () => {
  it("GET /actions requires id (listing all actions was removed from the API)", async () => {
    expectError(await api.get("/actions"), 422, "invalid_input", "id");
    expectError(await api.get("/actions?status=running"), 422, "invalid_input", "id");
  });

  it("GET /actions returns the requested actions, filtered by status and sorted", async () => {
    const { actions } = await createFirewall({ name: "fw", rules: [SSH_IN], apply_to: [serverTarget(42), serverTarget(43)] });
    const query = actions.map((a) => `id=${a.id}`).join("&");
    expect((await api.get(`/actions?${query}`)).body.actions).toEqual(actions);
    expect(ids((await api.get(`/actions?${query}&sort=id:desc`)).body.actions)).toEqual(ids(actions).reverse());
    expect(ids((await api.get(`/actions?id=${actions[1].id}`)).body.actions)).toEqual([actions[1].id]);
    expect((await api.get(`/actions?${query}&status=error`)).body.actions).toEqual([]);
    expect((await api.get(`/actions?${query}&status=success&status=error`)).body.actions).toHaveLength(3);
    expectError(await api.get("/actions?id=abc"), 422, "invalid_input", "id");
  });

  it("GET /actions leaves out ids that match no action, as the API does (200, not 404)", async () => {
    const { actions } = await createFirewall({ name: "fw", rules: [SSH_IN] });
    expect(ids((await api.get(`/actions?id=999999&id=${actions[0].id}`)).body.actions)).toEqual([actions[0].id]);
    expect((await api.get("/actions?id=999999")).body.actions).toEqual([]);
    expect(ids((await api.get(`/firewalls/actions?id=999999&id=${actions[0].id}`)).body.actions)).toEqual([actions[0].id]);
  });

  it("GET /actions/{id}", async () => {
    const { actions } = await createFirewall({ name: "fw", rules: [SSH_IN] });
    expect((await api.get(`/actions/${actions[0].id}`)).body.action).toEqual(actions[0]);
    expectError(await api.get("/actions/999999"), 404, "not_found");
  });

  it("runs for actionDurationMs with rising progress, then succeeds", async () => {
    const clock = freezeClock();
    await control("PUT", "/config", { actionDurationMs: 10_000 });
    const { actions } = await createFirewall({ name: "fw", rules: [SSH_IN] });
    expect(actions[0]).toMatchObject({ status: "running", progress: 0, started: clock.at(0), finished: null, error: null });
    clock.advance(5_000);
    expect((await api.get(`/actions/${actions[0].id}`)).body.action).toMatchObject({ status: "running", progress: 50, finished: null });
    clock.advance(5_000);
    expect((await api.get(`/actions/${actions[0].id}`)).body.action).toEqual({
      ...actions[0],
      status: "success",
      progress: 100,
      finished: clock.at(10_000),
    });
  });

  it("finishes immediately with actionDurationMs 0", async () => {
    const { actions } = await createFirewall({ name: "fw", rules: [SSH_IN] });
    expect(actions[0]).toMatchObject({ status: "success", progress: 100, finished: actions[0].started });
  });

  it("ends matching actions with the injected error (action faults)", async () => {
    const clock = freezeClock();
    await control("PUT", "/config", { actionDurationMs: 1000 });
    const armed = await control("POST", "/action-faults", { command: "apply_firewall", code: "action_failed", message: "apply failed", times: 1 });
    expect(armed.status).toBe(201);

    const { firewall, actions } = await createFirewall({ name: "fw", rules: [SSH_IN], apply_to: [serverTarget(42), serverTarget(43)] });
    expect(actions.map((a) => [a.command, a.status, a.error])).toEqual([
      ["set_firewall_rules", "running", null],
      ["apply_firewall", "running", null],
      ["apply_firewall", "running", null],
    ]);
    clock.advance(1000);
    const finished = (await api.get(`/firewalls/${firewall.id}/actions`)).body.actions;
    expect(finished.map((a: any) => [a.command, a.status, a.error])).toEqual([
      ["set_firewall_rules", "success", null],
      ["apply_firewall", "error", { code: "action_failed", message: "apply failed" }],
      ["apply_firewall", "success", null],
    ]);
  });

  it("applies an action fault without command to the next action of any command", async () => {
    await control("POST", "/action-faults", { code: "timeout", message: "took too long", times: 2 });
    const { actions } = await createFirewall({ name: "fw", rules: [SSH_IN], apply_to: [serverTarget(42), serverTarget(43)] });
    expect(actions.map((a) => a.status)).toEqual(["error", "error", "success"]);
    expectError(await api.get("/actions"), 422, "invalid_input");
    expect((await control("POST", "/action-faults", { code: "x" })).status).toBe(400);
  });
});

describe("control endpoints", () => {
  it("logs every API request in order, without the control endpoints", async () => {
    await control("DELETE", "/requests");
    await api.get("/servers?label_selector=role%3Dweb&sort=id&sort=name");
    await api.post("/firewalls", { name: "x" });
    await api.get("/firewalls/999999");
    const { body } = await control("GET", "/requests");
    expect(body.requests.map((r: any) => [r.method, r.path, r.query, r.status])).toEqual([
      ["GET", "/hcloud/v1/servers", { label_selector: "role=web", sort: ["id", "name"] }, 200],
      ["POST", "/hcloud/v1/firewalls", {}, 201],
      ["GET", "/hcloud/v1/firewalls/999999", {}, 404],
    ]);
    expect(body.requests.every((r: any) => typeof r.ms === "number" && r.ms >= 0)).toBe(true);
    expect((await control("DELETE", "/requests")).status).toBe(204);
    expect((await control("GET", "/requests")).body.requests).toEqual([]);
  });

  it("injects error responses for matching requests, `times` times", async () => {
    const fault = await control("POST", "/faults", { method: "GET", path: "^/hcloud/v1/firewalls$", status: 503, code: "unavailable", message: "try later", times: 2 });
    expect(fault.status).toBe(201);
    for (let i = 0; i < 2; i++) {
      const response = await api.get("/firewalls");
      expectError(response, 503, "unavailable");
      expect(response.body.error.message).toBe("try later");
      expect(response.headers.get("ratelimit-limit")).toBe("3600");
    }
    expect((await api.post("/firewalls", { name: "post-is-not-matched" })).status).toBe(201);
    expect((await api.get("/firewalls/actions")).status).toBe(200);
    expect((await api.get("/firewalls")).status).toBe(200);
  });

  it("derives the status from the code, and adds headers", async () => {
    await control("POST", "/faults", { path: "/servers", code: "rate_limit_exceeded", headers: { "Retry-After": "2" } });
    const limited = await api.get("/servers");
    expectError(limited, 429, "rate_limit_exceeded");
    expect(limited.headers.get("retry-after")).toBe("2");
    // A fault's own rate-limit headers (a spent bucket) are not overwritten by the running count.
    await control("POST", "/faults", { path: "/servers", code: "rate_limit_exceeded", headers: { "RateLimit-Limit": "3600", "RateLimit-Remaining": "0", "RateLimit-Reset": "1700003600" } });
    const spent = await api.get("/servers");
    expect([spent.headers.get("ratelimit-remaining"), spent.headers.get("ratelimit-reset")]).toEqual(["0", "1700003600"]);
    expect(Number((await api.get("/servers")).headers.get("ratelimit-remaining"))).toBeGreaterThan(0);
    await control("POST", "/faults", { path: "/servers", status: 500 });
    expectError(await api.get("/servers"), 500, "server_error");
    expect((await api.get("/servers")).status).toBe(200);
  });

  it("injects latency", async () => {
    await control("POST", "/faults", { path: "/servers/42", latencyMs: 300 });
    const started = Date.now();
    expect((await api.get("/servers/42")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const again = Date.now();
    await api.get("/servers/42");
    expect(Date.now() - again).toBeLessThan(290);
  });

  it("drops the connection", async () => {
    await control("DELETE", "/requests");
    await control("POST", "/faults", { path: "/servers", resetConnection: true });
    await expect(api.get("/servers")).rejects.toThrow();
    expect((await api.get("/servers")).status).toBe(200);
    const { body } = await control("GET", "/requests");
    expect(body.requests.map((r: any) => r.status)).toEqual([0, 200]);
  });

  it("lists and clears faults, and rejects malformed ones", async () => {
    await control("POST", "/faults", { path: "^/hcloud", status: 500, times: 5 });
    expect((await control("GET", "/faults")).body.faults).toEqual([{ path: "^/hcloud", status: 500, times: 5 }]);
    expect((await control("DELETE", "/faults")).status).toBe(204);
    expect((await api.get("/servers")).status).toBe(200);
    expect((await control("POST", "/faults", { status: 500 })).status).toBe(400);
    expect((await control("POST", "/faults", { path: "(" })).status).toBe(400);
    expect((await control("POST", "/faults", { path: "x", times: 0 })).status).toBe(400);
  });

  it("changes the action duration", async () => {
    expect((await control("PUT", "/config", { actionDurationMs: 5000 })).body).toMatchObject({ actionDurationMs: 5000 });
    const { actions } = await createFirewall({ name: "fw", rules: [SSH_IN] });
    expect(actions[0].status).toBe("running");
    expect((await control("PUT", "/config", { actionDurationMs: -1 })).status).toBe(400);
  });

  it("dumps and resets the state, keeping the fixture servers", async () => {
    const { firewall } = await createFirewall({ name: "fw", rules: [SSH_IN] });
    const dump = (await control("GET", "/state")).body;
    expect(dump.hcloud.firewalls.map((f: any) => f.name)).toEqual(["fw"]);
    expect(dump.hcloud.actions).toHaveLength(1);

    expect((await control("POST", "/reset")).status).toBe(204);
    expect((await control("GET", "/state")).body.hcloud).toMatchObject({ firewalls: [], actions: [] });
    expect((await api.get("/firewalls")).body.firewalls).toEqual([]);
    expect(ids((await api.get("/servers")).body.servers)).toEqual([42, 43, 44, 45]);
    // Ids start over: runs are reproducible.
    expect((await createFirewall({ name: "again" })).firewall.id).toBe(firewall.id);
  });
});

describe("state file", () => {
  it("survives a restart", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-state-"));
    const stateFile = path.join(dir, "nested", "state.json");
    const running: RunningEmulator[] = [];
    const start = async () => {
      running.push(await startEmulator({ port: 0, actionDurationMs: 0, stateFile }));
      return contractClient(running[running.length - 1].hcloudUrl, contract, { Authorization: `Bearer ${TOKEN}` });
    };
    try {
      const first = await start();
      const created = (await first.post("/firewalls", { name: "persisted", labels: { a: "b" }, rules: [SSH_IN], apply_to: [serverTarget(42)] })).body;
      // Written after each mutation, before the response: readable while the emulator still runs.
      expect(JSON.parse(fs.readFileSync(stateFile, "utf8")).hcloud.firewalls[0].name).toBe("persisted");
      await running[0].close();

      const second = await start();
      expect((await second.get(`/firewalls/${created.firewall.id}`)).body.firewall).toEqual(created.firewall);
      expect((await second.get(`/actions/${created.actions[1].id}`)).body.action).toEqual(created.actions[1]);
      expect((await second.post("/firewalls", { name: "next" })).body.firewall.id).toBe(created.firewall.id + 1);
      // Atomic writes leave no temporary files behind.
      expect(fs.readdirSync(path.dirname(stateFile))).toEqual(["state.json"]);
    } finally {
      for (const emulator of running) await emulator.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  it("restores a state file that predates some resource types, and keeps other families' keys apart", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-state-"));
    const stateFile = path.join(dir, "state.json");
    fs.writeFileSync(stateFile, JSON.stringify({ hcloud: { nextId: { firewall: 300, action: 7000 }, firewalls: [], actions: [] } }));
    const emulator = await startEmulator({ port: 0, actionDurationMs: 0, stateFile });
    try {
      const client = contractClient(emulator.hcloudUrl, contract, { Authorization: `Bearer ${TOKEN}` });
      expect((await client.post("/firewalls", { name: "kept-counter" })).body.firewall.id).toBe(300);
      const created = (await client.post("/floating_ips", { type: "ipv4", server: 42 })).body;
      expect([created.floating_ip.id, created.action.id]).toEqual([500, 7000]);
      // A file from before the storage-box family gets that family's empty slice beside the Cloud's (and every later family's).
      expect(Object.keys(JSON.parse(fs.readFileSync(stateFile, "utf8")))).toEqual(["hcloud", "hetzner", "cloudflare", "vpsorg", "hetznerdns"]);
    } finally {
      await emulator.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
