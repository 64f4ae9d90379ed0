/** The contract checker itself, on the in-repo Hetzner Cloud spec: what it accepts and what it refuses. */
import { OpenApiContract, UNREAD_BODY, parseQuery, specFile } from "./openapi";

const contract = new OpenApiContract(specFile("hetzner-cloud.openapi.json"), { forbidUndocumentedProperties: true });
const firewallBody = { name: "web", labels: { env: "prod" }, rules: [{ direction: "in", protocol: "tcp", port: "443", source_ips: ["0.0.0.0/0"] }] };

describe("requests", () => {
  test("accepts valid requests: a body where one is documented, none where none is, repeated query keys as arrays", () => {
    expect(contract.requestProblems({ method: "POST", path: "/firewalls", body: firewallBody })).toEqual([]);
    expect(contract.requestProblems({ method: "POST", path: "/floating_ips/7/actions/unassign" })).toEqual([]);
    expect(contract.requestProblems({ method: "GET", path: "/actions", query: parseQuery("id=1&id=2") })).toEqual([]);
    expect(contract.requestProblems({ method: "GET", path: "/actions", query: parseQuery("id=1") })).toEqual([]);
    expect(contract.requestProblems({ method: "GET", path: "/firewalls", query: parseQuery("name=web&page=2&per_page=50&sort=name:desc") })).toEqual([]);
    expect(() => contract.assertRequest({ method: "DELETE", path: "/certificates/3" })).not.toThrow();
  });

  test("rejects a body on an operation that takes none, even one it could not read", () => {
    expect(() => contract.assertRequest({ method: "POST", path: "/floating_ips/7/actions/unassign", body: {} })).toThrow(
      "POST /floating_ips/7/actions/unassign breaks the contract:\nPOST /floating_ips/{id}/actions/unassign takes no request body, got {}",
    );
    expect(contract.requestProblems({ method: "POST", path: "/certificates/3/actions/retry", body: UNREAD_BODY })).toEqual([
      "POST /certificates/{id}/actions/retry takes no request body, got one",
    ]);
  });

  test("rejects an undeclared query parameter, an invalid value and a missing required one", () => {
    expect(() => contract.assertRequest({ method: "GET", path: "/actions", query: parseQuery("id=1&per_page=50") })).toThrow(
      /^GET \/actions\?id=1&per_page=50 breaks the contract:\nparameters of GET \/actions:\n {2}\/query must NOT have additional properties {"additionalProperty":"per_page"}$/,
    );
    expect(contract.requestProblems({ method: "GET", path: "/firewalls", query: { page: "first" } })).toEqual([
      'parameters of GET /firewalls:\n  /query/page must be integer {"type":"integer"}',
    ]);
    expect(contract.requestProblems({ method: "GET", path: "/actions", query: {} })).toEqual([
      'parameters of GET /actions:\n  /query must have required property \'id\' {"missingProperty":"id"}',
    ]);
    expect(contract.requestProblems({ method: "GET", path: "/firewalls/web" })).toEqual([
      'parameters of GET /firewalls/{id}:\n  /path/id must be integer {"type":"integer"}',
    ]);
  });

  test("rejects a wrong body, an undocumented field and a missing required body", () => {
    expect(contract.requestProblems({ method: "POST", path: "/firewalls", body: { ...firewallBody, name: 5 } })).toEqual([
      expect.stringMatching(/^request body of POST \/firewalls:\n {2}\/name must be string/),
    ]);
    expect(contract.requestProblems({ method: "POST", path: "/firewalls", body: { ...firewallBody, apply: [] } })).toEqual([
      expect.stringMatching(/^request body of POST \/firewalls:\n {2}\/ must NOT have additional properties {"additionalProperty":"apply"}/),
    ]);
    expect(contract.requestProblems({ method: "POST", path: "/firewalls" })).toEqual(["POST /firewalls requires a JSON body, none was sent"]);
  });

  test("rejects a path no operation of that method documents", () => {
    expect(contract.requestProblems({ method: "GET", path: "/widgets" })).toEqual(["GET /widgets is not documented in the spec"]);
    expect(contract.requestProblems({ method: "PATCH", path: "/firewalls/1" })).toEqual(["PATCH /firewalls/1 is not documented in the spec"]);
  });
});

describe("responses", () => {
  // The spec spells its ranges `4xx`/`5xx`; they are normalised on load, so error bodies are checked.
  test("an error body is checked against the documented 4xx/5xx range", () => {
    const error = { error: { code: "not_found", message: "firewall not found", details: null } };
    expect(() => contract.assertResponse("GET", "/firewalls/1", 404, error)).not.toThrow();
    expect(() => contract.assertResponse("GET", "/firewalls/1", 503, error)).not.toThrow();
    expect(() => contract.assertResponse("GET", "/firewalls/1", 404, { error: { code: "not_found" } })).toThrow(
      /^GET \/firewalls\/1 404 does not match \/firewalls\/\{id\} response 4XX:\n {2}\/error must have required property 'message'/,
    );
    expect(() => contract.assertResponse("GET", "/firewalls/1", 404, { message: "gone" })).toThrow(/must have required property 'error'/);
  });
});

test("parseQuery: a repeated key is an array, a single one a string", () => {
  expect(parseQuery("id=1&id=2&name=web")).toEqual({ id: ["1", "2"], name: "web" });
});
