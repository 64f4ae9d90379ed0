import nock from "nock";
import { durationSetting, parseDuration, setting, useStackConfig } from "../../../provider/core/config";
import { ConfigurationError } from "../../../provider/core/errors";
import { DEFAULT_ENDPOINT, HcloudClient } from "../../../provider/hcloud/client";
import { API, countRequests, isolateConfig, useNock } from "../helpers";

useNock({ replies: "config tests: only which token and endpoint a request carries is under test" });
isolateConfig();

const stack = (values: Record<string, string>) => useStackConfig({ get: (key) => values[key] });
const fast = { retry: { baseDelayMs: 1, maxDelayMs: 5 } };

describe("setting", () => {
  test("stack config first (also the legacy family:config:key form), then env, else undefined", () => {
    expect(setting("hcloud", "token", "HCLOUD_TOKEN")).toBeUndefined();
    process.env.HCLOUD_TOKEN = "from-env";
    expect(setting("hcloud", "token", "HCLOUD_TOKEN")).toBe("from-env");
    stack({ "hcloud:config:token": "legacy" });
    expect(setting("hcloud", "token", "HCLOUD_TOKEN")).toBe("legacy");
    stack({ "hcloud:token": "from-stack", "hcloud:config:token": "legacy" });
    expect(setting("hcloud", "token", "HCLOUD_TOKEN")).toBe("from-stack");
  });

  test("empty strings count as unset", () => {
    process.env.HCLOUD_TOKEN = "";
    expect(setting("hcloud", "token", "HCLOUD_TOKEN")).toBeUndefined();
    process.env.HCLOUD_TOKEN = "from-env";
    stack({ "hcloud:token": "" });
    expect(setting("hcloud", "token", "HCLOUD_TOKEN")).toBe("from-env");
  });

  test("the hcloud waiter takes its timeout (seconds) from config, 600 s by default", () => {
    expect(new HcloudClient({ token: "t" }).waiter.timeoutMs).toBe(600_000);
    stack({ "hcloud:actionTimeout": "42" });
    expect(new HcloudClient({ token: "t" }).waiter.timeoutMs).toBe(42_000);
  });
});

describe("durations, as the official hcloud provider writes them or as numbers", () => {
  const pollInterval = () => durationSetting("hcloud", "pollInterval", ["HCLOUD_POLL_INTERVAL", "HCLOUD_POLL_INTERVAL_MS"], { fallbackMs: 500, bareNumberMs: 1 });

  test("Go duration strings", () => {
    expect(["500ms", "2s", "1.5s", "1m30s", "1h", "750000us", "250µs", ".5s"].map(parseDuration)).toEqual([500, 2000, 1500, 90_000, 3_600_000, 750, 0.25, 500]);
    for (const bad of ["", "500", "5 s", "-1s", "1d", "s", "1s2", "fast"]) expect(parseDuration(bad)).toBeUndefined();
  });

  test("fallback when unset; a bare number is in the setting's unit (ms here)", () => {
    expect(pollInterval()).toBe(500);
    stack({ "hcloud:pollInterval": "250" });
    expect(pollInterval()).toBe(250);
    stack({ "hcloud:pollInterval": "500ms" });
    expect(pollInterval()).toBe(500);
    stack({ "hcloud:pollInterval": " 2s " });
    expect(pollInterval()).toBe(2000);
  });

  test("the environment: HCLOUD_POLL_INTERVAL (the official name) before HCLOUD_POLL_INTERVAL_MS; stack config before both", () => {
    process.env.HCLOUD_POLL_INTERVAL_MS = "750";
    expect(pollInterval()).toBe(750);
    process.env.HCLOUD_POLL_INTERVAL = "1s";
    expect(pollInterval()).toBe(1000);
    stack({ "hcloud:pollInterval": "3s" });
    expect(pollInterval()).toBe(3000);
  });

  test.each([
    [{ "hcloud:pollInterval": "soon" }, {}, `hcloud:pollInterval must be a positive duration such as "500ms", "2s" or "10m", or a number of milliseconds; got "soon"`],
    [{ "hcloud:pollInterval": "0" }, {}, `hcloud:pollInterval must be a positive duration such as "500ms", "2s" or "10m", or a number of milliseconds; got "0"`],
    [{}, { HCLOUD_POLL_INTERVAL_MS: "-1" }, `HCLOUD_POLL_INTERVAL_MS must be a positive duration such as "500ms", "2s" or "10m", or a number of milliseconds; got "-1"`],
    [{}, { HCLOUD_POLL_INTERVAL: "1d" }, `HCLOUD_POLL_INTERVAL must be a positive duration such as "500ms", "2s" or "10m", or a number of milliseconds; got "1d"`],
  ])("a bad value is a ConfigurationError naming where it came from and the accepted forms: %j %j", (config, env, message) => {
    stack(config);
    Object.assign(process.env, env);
    const error = (() => {
      try {
        pollInterval();
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(message);
  });
});

describe("hcloud settings shared with the official provider", () => {
  test("hcloud:pollInterval in the official form (\"500ms\") and as a number; the ceiling never undercuts it", () => {
    expect(new HcloudClient({ token: "t" }).waiter.pollSchedule).toEqual({ pollIntervalMs: 500, maxPollIntervalMs: 1000, pollBackoff: 1.5 });
    stack({ "hcloud:pollInterval": "1s" });
    expect(new HcloudClient({ token: "t" }).waiter.pollSchedule.pollIntervalMs).toBe(1000);
    stack({ "hcloud:pollInterval": "800" });
    expect(new HcloudClient({ token: "t" }).waiter.pollSchedule.pollIntervalMs).toBe(800);
    stack({ "hcloud:pollInterval": "10s" });
    expect(new HcloudClient({ token: "t" }).waiter.pollSchedule).toMatchObject({ pollIntervalMs: 10_000, maxPollIntervalMs: 10_000 });
  });

  test("hcloud:pollFunction: exponential (default) or constant", () => {
    stack({ "hcloud:pollFunction": "constant" });
    expect(new HcloudClient({ token: "t" }).waiter.pollSchedule.pollBackoff).toBe(1);
    stack({ "hcloud:pollFunction": "exponential" });
    expect(new HcloudClient({ token: "t" }).waiter.pollSchedule.pollBackoff).toBe(1.5);
    stack({ "hcloud:pollFunction": "linear" });
    expect(() => new HcloudClient({ token: "t" })).toThrow(new ConfigurationError(`hcloud:pollFunction must be "exponential" or "constant"; got "linear"`));
  });

  test("hcloud:actionTimeout: seconds, or a duration", () => {
    stack({ "hcloud:actionTimeout": "10m" });
    expect(new HcloudClient({ token: "t" }).waiter.timeoutMs).toBe(600_000);
    process.env.HCLOUD_ACTION_TIMEOUT = "90";
    stack({});
    expect(new HcloudClient({ token: "t" }).waiter.timeoutMs).toBe(90_000);
  });

  test("a bad setting is a ConfigurationError when the client is made", () => {
    stack({ "hcloud:actionTimeout": "forever" });
    expect(() => new HcloudClient({ token: "t" })).toThrow(ConfigurationError);
  });
});

describe("hcloud token and endpoint", () => {
  test("no token anywhere: ConfigurationError naming hcloud:token and HCLOUD_TOKEN, before any request", async () => {
    const client = new HcloudClient({ endpoint: API, ...fast });
    const requests = countRequests(nock(API).persist().get(/.*/).reply(200, {}));
    const error = await client.http.get("/servers").catch((e) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain("hcloud:token");
    expect(error.message).toContain("HCLOUD_TOKEN");
    expect(requests.count).toBe(0);
    nock.cleanAll(); // the catch-all was never meant to be used
  });

  test("HCLOUD_TOKEN from the environment is sent", async () => {
    process.env.HCLOUD_TOKEN = "env-token";
    const client = new HcloudClient({ endpoint: API, ...fast });
    const scope = nock(API, { reqheaders: { authorization: "Bearer env-token" } }).get("/servers").reply(200, { servers: [] });
    await client.http.get("/servers");
    scope.done();
  });

  test("stack config wins over the environment, and is read per request (config may arrive after the client)", async () => {
    process.env.HCLOUD_TOKEN = "env-token";
    const client = new HcloudClient({ endpoint: API, ...fast });
    stack({ "hcloud:token": "stack-token" });
    const scope = nock(API, { reqheaders: { authorization: "Bearer stack-token" } }).get("/servers").reply(200, { servers: [] });
    await client.http.get("/servers");
    scope.done();
  });

  test("an explicit token option wins over config", async () => {
    stack({ "hcloud:token": "stack-token" });
    const client = new HcloudClient({ endpoint: API, token: "option-token", ...fast });
    const scope = nock(API, { reqheaders: { authorization: "Bearer option-token" } }).get("/servers").reply(200, {});
    await client.http.get("/servers");
    scope.done();
  });

  test.each([
    ["the default", {}, {}, DEFAULT_ENDPOINT],
    ["HCLOUD_ENDPOINT", { HCLOUD_ENDPOINT: "https://env.test/v1" }, {}, "https://env.test/v1"],
    ["hcloud:endpoint over HCLOUD_ENDPOINT", { HCLOUD_ENDPOINT: "https://env.test/v1" }, { "hcloud:endpoint": "https://stack.test/v2" }, "https://stack.test/v2"],
  ])("endpoint: %s", async (_what, env: Record<string, string>, config: Record<string, string>, endpoint) => {
    Object.assign(process.env, env, { HCLOUD_TOKEN: "t" });
    stack(config);
    const client = new HcloudClient(fast);
    const scope = nock(endpoint, { reqheaders: { authorization: "Bearer t" } }).get("/servers/1").reply(200, { server: { id: 1 } });
    await expect(client.http.get("/servers/1")).resolves.toMatchObject({ data: { server: { id: 1 } } });
    scope.done();
  });

  test.each([
    [{ "hcloud:endpoint": "localhost:4780/hcloud/v1" }, {}, `hcloud:endpoint must be an http(s) URL such as https://api.hetzner.cloud/v1; got "localhost:4780/hcloud/v1"`],
    [{}, { HCLOUD_ENDPOINT: "api.hetzner.cloud/v1" }, `HCLOUD_ENDPOINT must be an http(s) URL such as https://api.hetzner.cloud/v1; got "api.hetzner.cloud/v1"`],
    [{}, { HCLOUD_ENDPOINT: "ftp://example.test/v1" }, `HCLOUD_ENDPOINT must be an http(s) URL such as https://api.hetzner.cloud/v1; got "ftp://example.test/v1"`],
  ])("a bad endpoint is a ConfigurationError naming the setting, before any request: %j %j", async (config, env: Record<string, string>, message) => {
    Object.assign(process.env, env, { HCLOUD_TOKEN: "t" });
    stack(config);
    const client = new HcloudClient(fast);
    const error = await client.http.get("/servers").catch((e) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toBe(message);
  });
});
