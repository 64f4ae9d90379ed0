import nock from "nock";
import { numberSetting, setting, useStackConfig } from "../../../provider/core/config";
import { ConfigurationError } from "../../../provider/core/errors";
import { DEFAULT_ENDPOINT, HcloudClient } from "../../../provider/hcloud/client";
import { API, countRequests, isolateConfig, useNock } from "../helpers";

useNock({ replies: "config tests: only which token and endpoint a request carries is under test" });
isolateConfig();

const stack = (values: Record<string, string>) => useStackConfig({ get: (key) => values[key] });
const fast = { retry: { baseDelayMs: 1, maxDelayMs: 5 } };

describe("setting / numberSetting", () => {
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

  test("numberSetting: fallback, parsed value, readable error for junk or negatives", () => {
    expect(numberSetting("hcloud", "actionTimeout", "HCLOUD_ACTION_TIMEOUT", 600)).toBe(600);
    process.env.HCLOUD_ACTION_TIMEOUT = "90";
    expect(numberSetting("hcloud", "actionTimeout", "HCLOUD_ACTION_TIMEOUT", 600)).toBe(90);
    stack({ "hcloud:actionTimeout": "1.5" });
    expect(numberSetting("hcloud", "actionTimeout", "HCLOUD_ACTION_TIMEOUT", 600)).toBe(1.5);
    for (const bad of ["soon", "-1"]) {
      stack({ "hcloud:actionTimeout": bad });
      expect(() => numberSetting("hcloud", "actionTimeout", "HCLOUD_ACTION_TIMEOUT", 600)).toThrow(
        `hcloud:actionTimeout / HCLOUD_ACTION_TIMEOUT must be a non-negative number, got "${bad}"`,
      );
    }
  });

  test("the hcloud waiter takes its timeout (seconds) from config, 600 s by default", () => {
    expect(new HcloudClient({ token: "t" }).waiter.timeoutMs).toBe(600_000);
    stack({ "hcloud:actionTimeout": "42" });
    expect(new HcloudClient({ token: "t" }).waiter.timeoutMs).toBe(42_000);
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
});
