import { isLabelSelector, labelProblem, listAllPages, parseHetznerError } from "../../../provider/core/hetzner";
import { api, makeClient, offContract, useNock } from "../helpers";

useNock();

describe("parseHetznerError", () => {
  test("the envelope with details.fields", () => {
    const details = { fields: [{ name: "broken_field", messages: ["is too long"] }] };
    expect(
      parseHetznerError(422, { error: { code: "invalid_input", message: "invalid input in field 'broken_field': is too long", details } }),
    ).toEqual({
      code: "invalid_input",
      message: "invalid input in field 'brokenField': is too long",
      fields: [{ name: "brokenField", messages: ["is too long"] }],
      details,
    });
  });

  test("nested wire fields name the property as the program writes it, in the message too", () => {
    const fields = [{ name: "rules.0.source_ips", messages: ["invalid CIDR"] }, { name: "primary_nameservers[1].tsig_key", messages: ["not base64"] }];
    const parsed = parseHetznerError(422, { error: { code: "invalid_input", message: "invalid input in fields 'rules.0.source_ips', 'primary_nameservers[1].tsig_key'", details: { fields } } });
    expect(parsed.fields).toEqual([{ name: "rules[0].sourceIps", messages: ["invalid CIDR"] }, { name: "primaryNameservers[1].tsigKey", messages: ["not base64"] }]);
    expect(parsed.message).toBe("invalid input in fields 'rules[0].sourceIps', 'primaryNameservers[1].tsigKey'");
  });

  test("a field without messages gets an empty list (seed: uniqueness_error)", () => {
    const parsed = parseHetznerError(409, {
      error: { code: "uniqueness_error", message: "SSH key with the same fingerprint already exists", details: { fields: [{ name: "public_key" }] } },
    });
    expect(parsed.code).toBe("uniqueness_error");
    expect(parsed.fields).toEqual([{ name: "publicKey", messages: [] }]);
  });

  test("details without fields (seed: resource_limit_exceeded) keep the details, no fields", () => {
    const details = { limits: [{ name: "project_limit" }] };
    const parsed = parseHetznerError(403, { error: { code: "resource_limit_exceeded", message: "project limit exceeded", details } });
    expect(parsed).toEqual({ code: "resource_limit_exceeded", message: "project limit exceeded", fields: undefined, details });
  });

  test("an envelope missing code or message falls back to the status", () => {
    expect(parseHetznerError(500, { error: {} })).toMatchObject({ code: "http_500", message: "HTTP 500" });
  });

  test.each([
    ["an HTML page", "<html><body>502 Bad Gateway</body></html>", "<html><body>502 Bad Gateway</body></html>"],
    ["an empty body", "", "HTTP 502"],
    ["no body", undefined, "HTTP 502"],
    ["JSON without an error envelope", { message: "nope" }, "HTTP 502"],
    ["an error that is a string", { error: "boom" }, "HTTP 502"],
  ])("non-envelope body (%s): code http_<status>", (_what, body, message) => {
    expect(parseHetznerError(502, body)).toEqual({ code: "http_502", message });
  });

  test("a long text body is cut to 200 characters", () => {
    const parsed = parseHetznerError(503, "x".repeat(1000));
    expect(parsed.message).toBe("x".repeat(200));
  });
});

describe("listAllPages", () => {
  test("follows meta.pagination.next_page across 3 pages with per_page=50, keeping the filter", async () => {
    const { client } = makeClient();
    offContract({ replies: "pagination test: the servers carry only their id" });
    const page = (n: number, next: number | null, ids: number[]) =>
      api()
        .get("/servers")
        .query({ label_selector: "env=prod", page: String(n), per_page: "50" })
        .reply(200, { servers: ids.map((id) => ({ id })), meta: { pagination: { page: n, per_page: 50, next_page: next, last_page: 3 } } });
    const scopes = [page(1, 2, [1, 2]), page(2, 3, [3]), page(3, null, [4, 5])];
    const items = await listAllPages<{ id: number }>(client.http, "/servers", "servers", { label_selector: "env=prod", name: undefined });
    expect(items.map((s) => s.id)).toEqual([1, 2, 3, 4, 5]);
    for (const scope of scopes) scope.done();
  });

  test("stops after one page when there is no meta, and tolerates a missing key", async () => {
    const { client } = makeClient();
    offContract({ replies: "a reply without meta and without the list is what this tolerates" });
    const scope = api().get("/firewalls").query({ page: "1", per_page: "50" }).reply(200, {});
    await expect(listAllPages(client.http, "/firewalls", "firewalls")).resolves.toEqual([]);
    scope.done();
  });
});

describe("labelProblem", () => {
  test.each([
    ["environment", "development"],
    ["service", "backend"],
    ["example.com/my", "label"],
    ["just-a-key", ""],
    ["a", "b"],
    ["A.b_c-D", "x.Y_z-9"],
    ["sub.example.com/name", "value"],
    ["n".repeat(63), "v".repeat(63)],
  ])("accepts %s: %j", (key, value) => {
    expect(labelProblem(key, value)).toBeUndefined();
  });

  test.each([
    ["", "x", /the name must be 1-63 characters/],
    ["-env", "x", /the name must be/],
    ["env-", "x", /the name must be/],
    ["env var", "x", /the name must be/],
    ["n".repeat(64), "x", /the name must be/],
    ["example.com/", "x", /the name must be/],
    ["env", "-dev", /the value must be empty or 1-63/],
    ["env", "dev_", /the value must be/],
    ["env", "a b", /the value must be/],
    ["env", "v".repeat(64), /the value must be/],
    ["env", 42, /must have a string value/],
    ["env", null, /must have a string value/],
    ["/name", "x", /the prefix must be a DNS subdomain/],
    ["Example.com/name", "x", /the prefix must be a DNS subdomain/],
    ["exa_mple.com/name", "x", /the prefix must be a DNS subdomain/],
    ["-example.com/name", "x", /the prefix must be a DNS subdomain/],
    ["example..com/name", "x", /the prefix must be a DNS subdomain/],
    ["a/b/name", "x", /the prefix must be a DNS subdomain/],
    ["hetzner.cloud/name", "x", /hetzner\.cloud\/ prefix is reserved/],
    ["sub.hetzner.cloud/name", "x", /hetzner\.cloud\/ prefix is reserved/],
  ])("rejects %j: %j", (key, value, reason) => {
    const problem = labelProblem(key, value);
    expect(problem).toMatch(reason);
    expect(problem).toContain(JSON.stringify(key));
  });

  test("a prefix of exactly 253 characters is accepted", () => {
    const prefix = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}`;
    expect(prefix).toHaveLength(253);
    expect(labelProblem(`${prefix}/name`, "x")).toBeUndefined();
    expect(labelProblem(`${prefix}e/name`, "x")).toMatch(/at most 253/);
  });

  test("hetzner.cloud only as a whole suffix: myhetzner.cloud is not reserved", () => {
    expect(labelProblem("myhetzner.cloud/name", "x")).toBeUndefined();
  });
});

describe("isLabelSelector", () => {
  test.each(["role=web", "role==web", "role!=web", "role", "!role", "env in (prod, staging)", "env notin (dev)", "a=b, c in (d,e),!f", "example.com/role=web", "role="])(
    "takes %s",
    (selector) => expect(isLabelSelector(selector)).toBe(true),
  );
  test.each(["", " ", "=web", "role in (web", "role in web", "role=web=prod", "role=we b", "a,,b", 42])("refuses %p", (selector) =>
    expect(isLabelSelector(selector)).toBe(false),
  );
});
