import { ApiError } from "../../../provider/core/errors";
import { api, countRequests, hetznerError, makeClient, networkError, offContract, TOKEN, useNock } from "../helpers";

useNock({ replies: "transport tests: replies carry only the fields under test, and gateways answer in plain text" });
jest.setTimeout(10_000);

/** A socket error whose text echoes the request, token included (some agents do). */
const leakyNetworkError = () => networkError("ECONNRESET", `socket hang up (Authorization: Bearer ${TOKEN})`);

describe("requests", () => {
  test("sends the bearer token, JSON accept, and repeated query keys", async () => {
    const { client } = makeClient();
    let uri = "";
    const scope = api()
      .matchHeader("accept", /application\/json/)
      .get("/servers")
      .query(true)
      .reply(200, function (this: unknown, path: string) {
        uri = path;
        return { servers: [] };
      });
    const response = await client.http.get("/servers", { sort: ["name", "id:desc"], name: "web", skipped: undefined });
    expect(uri).toBe("/v1/servers?sort=name&sort=id:desc&name=web");
    expect(response).toEqual({ status: 200, data: { servers: [] }, headers: expect.objectContaining({ "content-type": "application/json" }) });
    scope.done();
  });

  test("sends the body as JSON with a content type", async () => {
    const { client } = makeClient();
    const scope = api()
      .matchHeader("content-type", /^application\/json/)
      .post("/firewalls", { name: "web", labels: { env: "prod" } })
      .reply(201, { firewall: { id: 7 } });
    const response = await client.http.request({ method: "POST", path: "/firewalls", body: { name: "web", labels: { env: "prod" } } });
    expect(response.status).toBe(201);
    expect(response.data).toEqual({ firewall: { id: 7 } });
    scope.done();
  });

  test("a POST without a body carries no Content-Type (not a form)", async () => {
    const { client } = makeClient();
    let contentType: unknown = "unset";
    const scope = api()
      .post("/floating_ips/5/actions/unassign")
      .reply(201, function (this: { req: { headers: Record<string, unknown> } }) {
        contentType = this.req.headers["content-type"];
        return { action: { id: 1 } };
      });
    await client.http.request({ method: "POST", path: "/floating_ips/5/actions/unassign" });
    scope.done();
    expect(contentType).toBeUndefined();
  });
});

describe("retries", () => {
  test("GET: retried on 503 and on a network error, then succeeds", async () => {
    const { client } = makeClient();
    const scope = api()
      .get("/servers/1")
      .reply(503, hetznerError("unavailable", "try later"))
      .get("/servers/1")
      .replyWithError(networkError())
      .get("/servers/1")
      .reply(200, { server: { id: 1 } });
    await expect(client.http.get("/servers/1")).resolves.toMatchObject({ status: 200, data: { server: { id: 1 } } });
    scope.done();
  });

  test("429 is retried after the Retry-After the server asked for", async () => {
    const { client } = makeClient({ retry: { maxDelayMs: 1000 } });
    const at: number[] = [];
    const scope = api()
      .get("/servers")
      .reply(() => (at.push(Date.now()), [429, hetznerError("rate_limit_exceeded", "limit reached"), { "Retry-After": "0.15" }]))
      .get("/servers")
      .reply(() => (at.push(Date.now()), [200, { servers: [] }]));
    await client.http.get("/servers");
    expect(at).toHaveLength(2);
    // The backoff alone would be ~1 ms; the server asked for 150 ms.
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(140);
    expect(at[1] - at[0]).toBeLessThan(1000);
    scope.done();
  });

  test("POST: retried on conflict and on locked (the API did not act)", async () => {
    const { client } = makeClient();
    const scope = api()
      .post("/firewalls/7/actions/set_rules")
      .reply(409, hetznerError("conflict", "resource changed, please retry"))
      .post("/firewalls/7/actions/set_rules")
      .reply(423, hetznerError("locked", "action running"))
      .post("/firewalls/7/actions/set_rules")
      .reply(423, hetznerError("locked", "action running"))
      .post("/firewalls/7/actions/set_rules")
      .reply(201, { actions: [] });
    const response = await client.http.request({ method: "POST", path: "/firewalls/7/actions/set_rules", body: { rules: [] } });
    expect(response.status).toBe(201);
    scope.done();
  });

  test("locked has its own budget: it keeps retrying after maxRetries transient retries are spent", async () => {
    const { client } = makeClient({ retry: { maxRetries: 1, lockedRetries: 4 } });
    const scope = api()
      .delete("/firewalls/7")
      .reply(503, hetznerError("unavailable", "x"))
      .delete("/firewalls/7")
      .times(3)
      .reply(423, hetznerError("locked", "busy"))
      .delete("/firewalls/7")
      .reply(204);
    const response = await client.http.request({ method: "DELETE", path: "/firewalls/7" });
    expect(response.status).toBe(204);
    scope.done();
  });

  test("POST without recover is not retried on 502: exactly one request", async () => {
    const { client } = makeClient();
    const requests = countRequests(api().persist().post("/firewalls").reply(502, "Bad Gateway"));
    const error = await client.http.request({ method: "POST", path: "/firewalls", body: { name: "web" } }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 502, code: "http_502", apiMessage: "Bad Gateway" });
    expect(requests.count).toBe(1);
  });

  test.each([
    ["POST", "/firewalls/7/actions/set_rules"],
    ["PATCH", "/firewalls/7"],
  ] as const)("%s without recover is not retried after a network error", async (method, path) => {
    const { client } = makeClient();
    if (method === "PATCH") offContract({ requests: "no hcloud operation uses PATCH; the client must still treat it as not idempotent" });
    const requests = countRequests(api().persist().intercept(path, method).replyWithError(networkError()));
    const error = await client.http.request({ method, path, body: { rules: [] } }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: undefined, code: "ECONNRESET", method, path });
    expect(requests.count).toBe(1);
  });

  test("idempotent: true lets a POST be retried like a GET", async () => {
    const { client } = makeClient();
    const scope = api().post("/servers/1/actions/poweron").reply(502, "").post("/servers/1/actions/poweron").reply(201, { action: { id: 1 } });
    await expect(
      client.http.request({ method: "POST", path: "/servers/1/actions/poweron", idempotent: true }),
    ).resolves.toMatchObject({ status: 201 });
    scope.done();
  });

  test("gives up after maxRetries transient retries", async () => {
    const { client } = makeClient({ retry: { maxRetries: 2 } });
    const requests = countRequests(api().persist().get("/servers").reply(503, hetznerError("unavailable", "down")));
    const error = await client.http.get("/servers").catch((e) => e);
    expect(requests.count).toBe(3);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 503, code: "unavailable" });
  });

  test("a final error (404) is not retried", async () => {
    const { client } = makeClient();
    const requests = countRequests(api().persist().get("/servers/9").reply(404, hetznerError("not_found", "server not found")));
    await expect(client.http.get("/servers/9")).rejects.toMatchObject({ status: 404, code: "not_found" });
    expect(requests.count).toBe(1);
  });
});

describe("recover (non-idempotent request, ambiguous failure)", () => {
  test("network error, recover finds the resource: returned without a second POST", async () => {
    const { client } = makeClient();
    const scope = api()
      .post("/firewalls", { name: "web" })
      .replyWithError(networkError())
      .get("/firewalls")
      .query({ name: "web" })
      .reply(200, { firewalls: [{ id: 7, name: "web" }] });
    const recover = jest.fn(async () => (await client.http.get<{ firewalls: unknown[] }>("/firewalls", { name: "web" })).data.firewalls[0]);
    const response = await client.http.request({ method: "POST", path: "/firewalls", body: { name: "web" }, recover });
    expect(recover).toHaveBeenCalledTimes(1);
    expect(response).toEqual({ status: 200, data: { id: 7, name: "web" }, headers: {} });
    scope.done();
  });

  test("network error, recover finds nothing: the POST is sent again", async () => {
    const { client } = makeClient();
    const scope = api()
      .post("/firewalls", { name: "web" })
      .replyWithError(networkError())
      .post("/firewalls", { name: "web" })
      .reply(201, { firewall: { id: 8 } });
    const recover = jest.fn(async () => undefined);
    const response = await client.http.request({ method: "POST", path: "/firewalls", body: { name: "web" }, recover });
    expect(recover).toHaveBeenCalledTimes(1);
    expect(response).toMatchObject({ status: 201, data: { firewall: { id: 8 } } });
    scope.done();
  });

  test("504 is ambiguous too: recover is consulted", async () => {
    const { client } = makeClient();
    const scope = api().post("/firewalls").reply(504, "Gateway Timeout");
    const recover = jest.fn(async () => ({ id: 9 }));
    await expect(client.http.request({ method: "POST", path: "/firewalls", body: { name: "web" }, recover })).resolves.toMatchObject({ data: { id: 9 } });
    expect(recover).toHaveBeenCalledTimes(1);
    scope.done();
  });

  test("an idempotent request that ran out of retries does not call recover", async () => {
    const { client } = makeClient({ retry: { maxRetries: 1 } });
    const requests = countRequests(api().persist().put("/firewalls/7").reply(503, hetznerError("unavailable", "down")));
    const recover = jest.fn(async () => ({ id: 7 }));
    await expect(client.http.request({ method: "PUT", path: "/firewalls/7", body: { name: "web" }, recover })).rejects.toMatchObject({ status: 503 });
    expect(requests.count).toBe(2);
    expect(recover).not.toHaveBeenCalled();
  });

  test("a final error (422) does not call recover", async () => {
    const { client } = makeClient();
    const scope = api().post("/firewalls").reply(422, hetznerError("invalid_input", "bad"));
    const recover = jest.fn(async () => ({ id: 9 }));
    await expect(client.http.request({ method: "POST", path: "/firewalls", body: { name: "web" }, recover })).rejects.toMatchObject({ status: 422 });
    expect(recover).not.toHaveBeenCalled();
    scope.done();
  });

  test("gives up after two recoveries: three POSTs, then the last error", async () => {
    const { client } = makeClient();
    const posts = countRequests(api().persist().post("/firewalls").reply(502, ""));
    const recover = jest.fn(async () => undefined);
    const error = await client.http.request({ method: "POST", path: "/firewalls", body: { name: "web" }, recover }).catch((e) => e);
    expect(posts.count).toBe(3);
    expect(recover).toHaveBeenCalledTimes(2);
    expect(error).toMatchObject({ name: "ApiError", status: 502 });
  });
});

describe("ApiError", () => {
  const fields = [{ name: "broken_field", messages: ["is too long"] }];

  test("carries status, code, message, field details, method and path; never the token", async () => {
    const { client } = makeClient();
    const scope = api()
      .post("/firewalls")
      .reply(422, hetznerError("invalid_input", "invalid input in field 'broken_field': is too long", { fields }));
    const error: ApiError = await client.http.request({ method: "POST", path: "/firewalls", body: { name: "x" } }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      name: "ApiError",
      family: "hcloud",
      method: "POST",
      path: "/firewalls",
      status: 422,
      code: "invalid_input",
      apiMessage: "invalid input in field 'broken_field': is too long",
      fields,
      details: { fields },
    });
    expect(error.message).toBe(
      "hcloud API POST /firewalls failed: HTTP 422 invalid_input: invalid input in field 'broken_field': is too long (broken_field: is too long)",
    );
    for (const text of [error.message, JSON.stringify(error), String(error), error.stack ?? ""]) expect(text).not.toContain(TOKEN);
    scope.done();
  });

  test("no response: status undefined, the network code, and no token even when the socket error echoes it", async () => {
    const { client } = makeClient({ retry: { maxRetries: 0 } });
    const scope = api().get("/servers").replyWithError(leakyNetworkError());
    const error: ApiError = await client.http.get("/servers").catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: undefined, code: "ECONNRESET", method: "GET", path: "/servers" });
    expect(error.message).toBe("hcloud API GET /servers failed: no response ECONNRESET: no response from the API");
    for (const text of [error.message, JSON.stringify(error), String(error), error.stack ?? ""]) expect(text).not.toContain(TOKEN);
    scope.done();
  });

  test("a non-JSON error body becomes http_<status> with the body as message", async () => {
    const { client } = makeClient();
    const scope = api().get("/servers/1").reply(404, "<html>not here</html>", { "Content-Type": "text/html" });
    await expect(client.http.get("/servers/1")).rejects.toMatchObject({ status: 404, code: "http_404", apiMessage: "<html>not here</html>" });
    scope.done();
  });
});
