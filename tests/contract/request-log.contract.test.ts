/**
 * The emulator's request log records what the contract check of a whole e2e run needs (method, path,
 * query with repeated keys as arrays, whether a body came and what it was), and requestLogViolations
 * (the e2e harness's teardown check) finds the requests that break the spec.
 */
import { requestLogViolations, useHcloudEmulator } from "./hcloud-setup";

const { api, control } = useHcloudEmulator();

test("the log holds query arrays and bodies; the check flags a body on a bodyless operation, an undeclared parameter and a wrong body", async () => {
  await api.get("/actions?id=1&id=2", { unchecked: true });
  await api.post("/floating_ips/1/actions/unassign", {}, { unchecked: true });
  await api.get("/actions?id=1&per_page=50", { unchecked: true });
  await api.post("/firewalls", { name: 5 }, { unchecked: true });
  await api.post("/firewalls", { name: "web" });
  await api.delete("/firewalls/1", { unchecked: true });

  const { requests } = (await control("GET", "/requests")).body;
  expect(requests.map(({ method, path, query, hasBody, body }: any) => ({ method, path, query, hasBody, body }))).toEqual([
    { method: "GET", path: "/hcloud/v1/actions", query: { id: ["1", "2"] }, hasBody: false },
    { method: "POST", path: "/hcloud/v1/floating_ips/1/actions/unassign", query: {}, hasBody: true, body: {} },
    { method: "GET", path: "/hcloud/v1/actions", query: { id: "1", per_page: "50" }, hasBody: false },
    { method: "POST", path: "/hcloud/v1/firewalls", query: {}, hasBody: true, body: { name: 5 } },
    { method: "POST", path: "/hcloud/v1/firewalls", query: {}, hasBody: true, body: { name: "web" } },
    { method: "DELETE", path: "/hcloud/v1/firewalls/1", query: {}, hasBody: false },
  ]);
  expect(requestLogViolations(requests)).toEqual([
    "POST /hcloud/v1/floating_ips/1/actions/unassign: POST /floating_ips/{id}/actions/unassign takes no request body, got {}",
    'GET /hcloud/v1/actions: parameters of GET /actions:\n  /query must NOT have additional properties {"additionalProperty":"per_page"}',
    'POST /hcloud/v1/firewalls: request body of POST /firewalls:\n  /name must be string {"type":"string"}\nbody: {"name":5}',
  ]);
});

test("a body that a fault answered before it was read still counts as a body", async () => {
  expect((await control("POST", "/faults", { method: "POST", path: "/certificates/3/actions/retry$", status: 503, code: "unavailable" })).status).toBe(201);
  await api.post("/certificates/3/actions/retry", { now: true }, { unchecked: true });
  const { requests } = (await control("GET", "/requests")).body;
  expect(requests).toEqual([expect.objectContaining({ path: "/hcloud/v1/certificates/3/actions/retry", hasBody: true, status: 503 })]);
  expect(requests[0]).not.toHaveProperty("body");
  expect(requestLogViolations(requests)).toEqual(["POST /hcloud/v1/certificates/3/actions/retry: POST /certificates/{id}/actions/retry takes no request body, got one"]);
});

test("a path outside the Hetzner Cloud API and the Hetzner API is a violation", () => {
  expect(requestLogViolations([{ method: "GET", path: "/elsewhere/v1/zones", query: {}, hasBody: false }])).toEqual([
    "GET /elsewhere/v1/zones: not a path of the Hetzner Cloud API or the Hetzner API",
  ]);
});
