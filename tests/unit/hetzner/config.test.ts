/** Settings of the Hetzner API family: hetzner:token / HETZNER_TOKEN, then the hcloud token; hetzner:endpoint. */
import nock from "nock";
import { useStackConfig } from "../../../provider/core/config";
import { ConfigurationError } from "../../../provider/core/errors";
import { DEFAULT_ENDPOINT, HetznerClient } from "../../../provider/hetzner/client";
import { HETZNER_API, isolateConfig, useNock } from "../helpers";
import { wireBox } from "./fixtures";

useNock();
isolateConfig(["HETZNER_TOKEN", "HETZNER_ENDPOINT", "HCLOUD_TOKEN", "HCLOUD_ENDPOINT", "HETZNER_POLL_INTERVAL", "HETZNER_ACTION_TIMEOUT"]);

const stack = (values: Record<string, string>) => useStackConfig({ get: (key) => values[key] });
const fast = { retry: { baseDelayMs: 1, maxDelayMs: 5 } };

/** The token a GET of box 42 is sent with. */
async function tokenSent(client = new HetznerClient({ endpoint: HETZNER_API, ...fast })): Promise<string> {
  let authorization = "";
  nock(HETZNER_API)
    .get("/storage_boxes/42")
    .reply(function () {
      authorization = String(this.req.headers.authorization);
      return [200, { storage_box: wireBox() }];
    });
  await client.storageBoxes.get(42);
  return authorization.replace(/^Bearer /, "");
}

describe("the token", () => {
  test("hetzner:token first, then HETZNER_TOKEN, then hcloud:token, then HCLOUD_TOKEN", async () => {
    process.env.HCLOUD_TOKEN = "hcloud-env";
    expect(await tokenSent()).toBe("hcloud-env");
    stack({ "hcloud:token": "hcloud-stack" });
    expect(await tokenSent()).toBe("hcloud-stack");
    process.env.HETZNER_TOKEN = "hetzner-env";
    expect(await tokenSent()).toBe("hetzner-env");
    stack({ "hcloud:token": "hcloud-stack", "hetzner:token": "hetzner-stack" });
    expect(await tokenSent()).toBe("hetzner-stack");
  });

  test("missing everywhere: an error naming every place looked at, in order, before any request", async () => {
    const client = new HetznerClient({ endpoint: HETZNER_API, ...fast });
    const failure = client.storageBoxes.get(42);
    await expect(failure).rejects.toThrow(ConfigurationError);
    await expect(failure).rejects.toThrow(
      "Hetzner API token is not set: looked at hetzner:token, HETZNER_TOKEN, hcloud:token, HCLOUD_TOKEN (in this order). " +
        "Run `pulumi config set --secret hetzner:token <token>` or set the HETZNER_TOKEN environment variable",
    );
  });

  test("a refused token's error names where to fix it and never quotes the token", async () => {
    process.env.HETZNER_TOKEN = "wrong-token";
    nock(HETZNER_API).get("/storage_boxes/42").reply(401, { error: { code: "unauthorized", message: "unable to authenticate" } });
    const error = (await new HetznerClient({ endpoint: HETZNER_API, ...fast }).storageBoxes.get(42).catch((e: Error) => e)) as Error;
    expect(error.message).toContain("check hetzner:token / HETZNER_TOKEN (or hcloud:token / HCLOUD_TOKEN, used when those are unset)");
    expect(error.message).not.toContain("wrong-token");
  });
});

describe("the endpoint", () => {
  test("hetzner:endpoint, then HETZNER_ENDPOINT, else https://api.hetzner.com/v1; hcloud:endpoint is not used", async () => {
    expect(DEFAULT_ENDPOINT).toBe("https://api.hetzner.com/v1");
    process.env.HETZNER_TOKEN = "t";
    stack({ "hcloud:endpoint": "http://127.0.0.1:1/hcloud/v1" });
    nock("https://api.hetzner.com/v1").get("/storage_boxes/42").reply(200, { storage_box: wireBox() });
    await new HetznerClient(fast).storageBoxes.get(42);
    process.env.HETZNER_ENDPOINT = "https://env.test/v1";
    nock("https://env.test/v1").get("/storage_boxes/42").reply(200, { storage_box: wireBox() });
    await new HetznerClient(fast).storageBoxes.get(42);
    stack({ "hetzner:endpoint": HETZNER_API });
    expect(await tokenSent(new HetznerClient(fast))).toBe("t");
  });

  test("a bad endpoint is an error naming the key", async () => {
    process.env.HETZNER_TOKEN = "t";
    stack({ "hetzner:endpoint": "api.hetzner.com" });
    await expect(new HetznerClient(fast).storageBoxes.get(42)).rejects.toThrow(
      'hetzner:endpoint must be an http(s) URL such as https://api.hetzner.com/v1; got "api.hetzner.com"',
    );
  });
});

test("the waiter's schedule comes from hetzner:pollInterval / hetzner:actionTimeout (or HETZNER_*)", () => {
  expect(new HetznerClient({ token: "t" }).waiter.pollSchedule.pollIntervalMs).toBe(500);
  expect(new HetznerClient({ token: "t" }).waiter.timeoutMs).toBe(600_000);
  process.env.HETZNER_POLL_INTERVAL = "2s";
  stack({ "hetzner:actionTimeout": "42", "hetzner:pollFunction": "constant" });
  const client = new HetznerClient({ token: "t" });
  expect(client.waiter.pollSchedule).toEqual({ pollIntervalMs: 2000, maxPollIntervalMs: 2000, pollBackoff: 1 });
  expect(client.waiter.timeoutMs).toBe(42_000);
});
