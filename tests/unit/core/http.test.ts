import nock from "nock";
import { ApiError } from "../../../provider/core/errors";
import { RetryEvent, RetryOptions } from "../../../provider/core/retry";
import { HcloudClient } from "../../../provider/hcloud/client";
import { api, countRequests, hetznerError, makeClient, networkError, offContract, TOKEN, useNock } from "../helpers";

const unmatched = useNock({ replies: "transport tests: replies carry only the fields under test, and gateways answer in plain text" });
jest.setTimeout(10_000);

/** A client whose retries are recorded (the delays it chose) and whose backoff is at its ceiling. */
function recordingClient(retry: Partial<RetryOptions> = {}): { client: HcloudClient; retries: RetryEvent[] } {
  const retries: RetryEvent[] = [];
  const { client } = makeClient({ retry: { random: () => 1, onRetry: (event) => retries.push(event), ...retry } });
  return { client, retries };
}

/** The rate-limit headers Hetzner sends on every response: the reset is when the bucket is full again (+1/s). */
function rateLimitHeaders(remaining: number, limit = 3600): Record<string, string> {
  return {
    "RateLimit-Limit": String(limit),
    "RateLimit-Remaining": String(remaining),
    "RateLimit-Reset": String(Math.ceil(Date.now() / 1000) + (limit - remaining)),
  };
}

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

  test("locked, conflict and Hetzner's 503 back off from baseDelayMs, whatever reset time the API sends", async () => {
    const { client, retries } = recordingClient({ baseDelayMs: 10, maxDelayMs: 60_000 });
    const scope = api()
      .put("/firewalls/7")
      .reply(423, hetznerError("locked", "action running"), rateLimitHeaders(3590))
      .put("/firewalls/7")
      .reply(409, hetznerError("conflict", "resource changed, please retry"), rateLimitHeaders(3589))
      .put("/firewalls/7")
      .reply(503, hetznerError("unavailable", "try later"), rateLimitHeaders(0))
      .put("/firewalls/7")
      .reply(200, { firewall: { id: 7 } }, rateLimitHeaders(3588));
    await expect(client.http.request({ method: "PUT", path: "/firewalls/7", body: {} })).resolves.toMatchObject({ status: 200 });
    expect(retries).toEqual([
      { method: "PUT", path: "/firewalls/7", kind: "locked", status: 423, code: "locked", attempt: 1, delayMs: 10 },
      { method: "PUT", path: "/firewalls/7", kind: "retry", status: 409, code: "conflict", attempt: 1, delayMs: 10 },
      { method: "PUT", path: "/firewalls/7", kind: "retry", status: 503, code: "unavailable", attempt: 2, delayMs: 20 },
    ]);
    scope.done();
  });

  test("429 with an empty bucket waits one request's refill (1 s at 3600/h), not until the bucket is full", async () => {
    const { client, retries } = recordingClient({ baseDelayMs: 1, maxDelayMs: 60_000 });
    const scope = api()
      .get("/servers")
      .reply(429, hetznerError("rate_limit_exceeded", "limit reached"), rateLimitHeaders(0))
      .get("/servers")
      .reply(200, { servers: [] }, rateLimitHeaders(0));
    await client.http.get("/servers");
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ kind: "rate_limited", status: 429, code: "rate_limit_exceeded", attempt: 1 });
    // (reset - now) / limit, with the reset an hour away: about 1000 ms (the clock moved on a little since the reply).
    expect(retries[0].delayMs).toBeGreaterThan(900);
    expect(retries[0].delayMs).toBeLessThanOrEqual(1000);
    scope.done();
  });

  test("429 is retried after the Retry-After the server asked for, capped at maxDelayMs", async () => {
    const { client, retries } = recordingClient({ baseDelayMs: 1, maxDelayMs: 200 });
    const scope = api()
      .get("/servers")
      .reply(429, hetznerError("rate_limit_exceeded", "limit reached"), { "Retry-After": "0.15", ...rateLimitHeaders(0) })
      .get("/servers")
      .reply(429, hetznerError("rate_limit_exceeded", "limit reached"), { "Retry-After": "3600", ...rateLimitHeaders(0) })
      .get("/servers")
      .reply(200, { servers: [] });
    await client.http.get("/servers");
    expect(retries.map((r) => r.delayMs)).toEqual([150, 200]);
    scope.done();
  });

  test("a 503 without Hetzner's envelope (a proxy) stays ambiguous: a POST is sent once", async () => {
    const { client } = makeClient();
    const requests = countRequests(api().persist().post("/firewalls").reply(503, "<html>Service Unavailable</html>"));
    await expect(client.http.request({ method: "POST", path: "/firewalls", body: { name: "web" } })).rejects.toMatchObject({ status: 503, code: "http_503" });
    expect(requests.count).toBe(1);
  });

  test("Hetzner's 503 unavailable is a refusal: a POST is sent again", async () => {
    const { client } = makeClient();
    const scope = api()
      .post("/firewalls")
      .reply(503, hetznerError("unavailable", "service unavailable"))
      .post("/firewalls")
      .reply(201, { firewall: { id: 7 } });
    await expect(client.http.request({ method: "POST", path: "/firewalls", body: { name: "web" } })).resolves.toMatchObject({ status: 201 });
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

describe("a request that never reached the API fails fast, naming the URL", () => {
  test.each([
    ["ECONNREFUSED", "connection refused"],
    ["ENOTFOUND", "host not found"],
  ])("%s on a POST: one quick retry (it was never sent), no lookup, then the URL and the endpoint setting", async (code, words) => {
    const { client, retries } = recordingClient({ baseDelayMs: 10, maxDelayMs: 60_000 });
    const requests = countRequests(api().persist().post("/firewalls").replyWithError(networkError(code, `connect ${code} 127.0.0.1:443`)));
    const recover = jest.fn(async () => ({ id: 1 }));
    const error = await client.http.request({ method: "POST", path: "/firewalls", body: { name: "web" }, recover }).catch((e) => e);
    expect(requests.count).toBe(2);
    expect(retries).toEqual([{ method: "POST", path: "/firewalls", kind: "unreachable", status: undefined, code, attempt: 1, delayMs: 10 }]);
    expect(recover).not.toHaveBeenCalled();
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: undefined, code, url: "https://api.test/v1/firewalls", path: "/firewalls" });
    expect(error.message).toBe(`hcloud API POST https://api.test/v1/firewalls failed: no response: ${words} (${code}); check hcloud:endpoint / HCLOUD_ENDPOINT`);
  });

  test("a URL axios cannot send to: no retry, the URL as given and the endpoint setting", async () => {
    const retries: RetryEvent[] = [];
    const client = new HcloudClient({ endpoint: "localhost:4780/hcloud/v1", token: TOKEN, retry: { onRetry: (event) => retries.push(event) } });
    const error = await client.http.get("/servers").catch((e) => e);
    expect(retries).toEqual([]);
    expect(error.message).toBe(
      "hcloud API GET localhost:4780/hcloud/v1/servers failed: no response: invalid request (ERR_BAD_REQUEST); check hcloud:endpoint / HCLOUD_ENDPOINT",
    );
  });

  test("a real refused connection: two attempts at most, and the URL without credentials or query", async () => {
    nock.enableNetConnect("127.0.0.1");
    try {
      const retries: RetryEvent[] = [];
      const client = new HcloudClient({
        endpoint: "http://user:pass@127.0.0.1:1/hcloud/v1",
        token: TOKEN,
        retry: { baseDelayMs: 1, onRetry: (event) => retries.push(event) },
      });
      const error = await client.http.get("/servers", { name: "web" }).catch((e) => e);
      expect(retries.map((r) => r.kind)).toEqual(["unreachable"]);
      // nock let both attempts through to the real socket (and reports them as unmatched).
      expect(unmatched.splice(0)).toEqual(["GET /hcloud/v1/servers?name=web", "GET /hcloud/v1/servers?name=web"]);
      expect(error.message).toBe(
        "hcloud API GET http://127.0.0.1:1/hcloud/v1/servers failed: no response: connection refused (ECONNREFUSED); check hcloud:endpoint / HCLOUD_ENDPOINT",
      );
      expect(error.message).not.toContain(TOKEN);
    } finally {
      nock.disableNetConnect();
    }
  });
});

describe("errors say what to do", () => {
  test.each([
    [401, "unauthorized", "unable to authenticate", "check hcloud:token / HCLOUD_TOKEN: the API did not accept the token"],
    [401, "token_readonly", "token is readonly", "the token in hcloud:token / HCLOUD_TOKEN is read-only: create a Read & Write token"],
    [403, "forbidden", "insufficient permissions", "check hcloud:token / HCLOUD_TOKEN: the token's project may not do this"],
  ])("%i %s names the token settings", async (status, code, message, hint) => {
    const { client } = makeClient();
    const scope = api().get("/servers").reply(status, hetznerError(code, message));
    const error: ApiError = await client.http.get("/servers").catch((e) => e);
    expect(error).toMatchObject({ status, code, hint });
    expect(error.message).toBe(`hcloud API GET /servers failed: HTTP ${status} ${code}: ${message}; ${hint}`);
    scope.done();
  });

  // Retries ran out on a passing failure (the fault matrix: tests/e2e/faults-cloud.test.ts): the fix is another run.
  test.each([
    [500, "server_error", "a passing failure: run the pulumi command again"],
    [429, "rate_limit_exceeded", "a passing failure: run the pulumi command again"],
    [423, "locked", "a passing failure: run the pulumi command again"],
    [409, "conflict", "a passing failure: run the pulumi command again"],
    [502, "bad_gateway", "the API may have acted on it: run the pulumi command again"],
  ])("%i %s after the retries says to run again", async (status, code, hint) => {
    const { client } = makeClient({ retry: { maxRetries: 0, lockedRetries: 0 } });
    const scope = api().post("/firewalls").reply(status, hetznerError(code, "injected"));
    const error: ApiError = await client.http.request({ method: "POST", path: "/firewalls", body: { name: "web" } }).catch((e) => e);
    expect(error.message).toBe(`hcloud API POST /firewalls failed: HTTP ${status} ${code}: injected; ${hint}`);
    scope.done();
  });

  test("uniqueness_error on the name suggests another name or leaving name unset", async () => {
    const { client } = makeClient();
    const scope = api()
      .post("/firewalls")
      .reply(409, hetznerError("uniqueness_error", "firewall with the same name already exists", { fields: [{ name: "name" }] }));
    const error: ApiError = await client.http.request({ method: "POST", path: "/firewalls", body: { name: "web" } }).catch((e) => e);
    expect(error.message).toBe(
      "hcloud API POST /firewalls failed: HTTP 409 uniqueness_error: firewall with the same name already exists (name: invalid); " +
        "choose another name, or leave name unset so one is generated",
    );
    scope.done();
  });

  test("uniqueness_error on another field gets no name hint", async () => {
    const { client } = makeClient();
    const scope = api()
      .post("/ssh_keys")
      .reply(409, hetznerError("uniqueness_error", "SSH key with the same fingerprint already exists", { fields: [{ name: "public_key" }] }));
    const error: ApiError = await client.http.request({ method: "POST", path: "/ssh_keys", body: { name: "k", public_key: "ssh-ed25519 AAAA" } }).catch((e) => e);
    expect(error.hint).toBeUndefined();
    expect(error.message).toBe("hcloud API POST /ssh_keys failed: HTTP 409 uniqueness_error: SSH key with the same fingerprint already exists (publicKey: invalid)");
    scope.done();
  });

  test("errors without a fix the user can make carry no hint", async () => {
    const { client } = makeClient();
    const scope = api().get("/servers/9").reply(404, hetznerError("not_found", "server not found"));
    const error: ApiError = await client.http.get("/servers/9").catch((e) => e);
    expect(error.hint).toBeUndefined();
    expect(error.message).toBe("hcloud API GET /servers/9 failed: HTTP 404 not_found: server not found");
    scope.done();
  });
});

describe("recover (non-idempotent request, ambiguous failure)", () => {
  test("the lookup fails too: the error is about the create, and says the lookup failed", async () => {
    const { client } = makeClient({ retry: { maxRetries: 0 } });
    const scope = api()
      .post("/firewalls", { name: "web" })
      .replyWithError(networkError("ECONNRESET"))
      .get("/firewalls")
      .query({ name: "web" })
      .reply(500, hetznerError("server_error", "boom"));
    const recover = async () => (await client.http.get<{ firewalls: unknown[] }>("/firewalls", { name: "web" })).data.firewalls[0];
    const error: ApiError = await client.http.request({ method: "POST", path: "/firewalls", body: { name: "web" }, recover }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ method: "POST", path: "/firewalls", status: undefined, code: "ECONNRESET" });
    expect(error.message).toBe(
      "hcloud API POST https://api.test/v1/firewalls failed: no response: connection reset (ECONNRESET); " +
        "looking up whether it took effect failed too (GET /firewalls: HTTP 500 server_error: boom); the API may have acted on it: run the pulumi command again",
    );
    expect(error.cause).toMatchObject({ method: "GET", path: "/firewalls", status: 500 });
    scope.done();
  });

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
      apiMessage: "invalid input in field 'brokenField': is too long",
      // As the program spells the property; details keep the API's own.
      fields: [{ name: "brokenField", messages: ["is too long"] }],
      details: { fields },
    });
    expect(error.message).toBe(
      "hcloud API POST /firewalls failed: HTTP 422 invalid_input: invalid input in field 'brokenField': is too long (brokenField: is too long)",
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
    expect(error.message).toBe("hcloud API GET https://api.test/v1/servers failed: no response: connection reset (ECONNRESET); the API may have acted on it: run the pulumi command again");
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
