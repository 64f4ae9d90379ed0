/** Settings of the legacy Hetzner DNS family: hetznerdns:apiToken, HETZNER_DNS_TOKEN, HETZNER_DNS_API_TOKEN; hetznerdns:endpoint. */
import nock from "nock";
import { useStackConfig } from "../../../provider/core/config";
import { ConfigurationError } from "../../../provider/core/errors";
import { DEFAULT_ENDPOINT, HetznerDnsClient } from "../../../provider/hetznerdns/client";
import { HETZNER_DNS_API, isolateConfig, useNock } from "../helpers";
import { dnsError, wireZone, ZONE_ID } from "./fixtures";

useNock();
isolateConfig(["HETZNER_DNS_TOKEN", "HETZNER_DNS_API_TOKEN", "HETZNER_DNS_ENDPOINT", "HCLOUD_TOKEN"]);

const stack = (values: Record<string, string>) => useStackConfig({ get: (key) => values[key] });
const fast = { retry: { baseDelayMs: 1, maxDelayMs: 5 } };

/** The token a GET of the zone is sent with. */
async function tokenSent(client = new HetznerDnsClient({ endpoint: HETZNER_DNS_API, ...fast })): Promise<string> {
  let token = "";
  nock(HETZNER_DNS_API)
    .get(`/zones/${ZONE_ID}`)
    .reply(function () {
      token = String(this.req.headers["auth-api-token"]);
      return [200, { zone: wireZone() }];
    });
  await client.zones.get(ZONE_ID);
  return token;
}

describe("the token", () => {
  test("hetznerdns:apiToken first, then HETZNER_DNS_TOKEN, then HETZNER_DNS_API_TOKEN; sent as Auth-API-Token", async () => {
    process.env.HETZNER_DNS_API_TOKEN = "terraform-name";
    expect(await tokenSent()).toBe("terraform-name");
    process.env.HETZNER_DNS_TOKEN = "own-name";
    expect(await tokenSent()).toBe("own-name");
    stack({ "hetznerdns:apiToken": "from-stack" });
    expect(await tokenSent()).toBe("from-stack");
  });

  test("missing everywhere (a Cloud token does not count): an error naming every place looked at, before any request", async () => {
    process.env.HCLOUD_TOKEN = "cloud-token";
    const failure = new HetznerDnsClient({ endpoint: HETZNER_DNS_API, ...fast }).zones.get(ZONE_ID);
    await expect(failure).rejects.toThrow(ConfigurationError);
    await expect(failure).rejects.toThrow(
      "Hetzner DNS API token is not set: looked at hetznerdns:apiToken, HETZNER_DNS_TOKEN, HETZNER_DNS_API_TOKEN (in this order). " +
        "Run `pulumi config set --secret hetznerdns:apiToken <token>` or set the HETZNER_DNS_TOKEN environment variable",
    );
  });

  test("a refused token: the API's message, where to fix it, never the token", async () => {
    process.env.HETZNER_DNS_TOKEN = "wrong-token";
    nock(HETZNER_DNS_API).get(`/zones/${ZONE_ID}`).reply(401, { message: "Invalid authentication credentials" });
    const error = (await new HetznerDnsClient({ endpoint: HETZNER_DNS_API, ...fast }).zones.get(ZONE_ID).catch((e: Error) => e)) as Error;
    expect(error.message).toBe(
      `hetznerdns API GET /zones/${ZONE_ID} failed: HTTP 401 unauthorized: Invalid authentication credentials; ` +
        "check hetznerdns:apiToken / HETZNER_DNS_TOKEN / HETZNER_DNS_API_TOKEN: the API did not accept the token (a Hetzner DNS API token from dns.hetzner.com, not a Cloud token)",
    );
    expect(error.message).not.toContain("wrong-token");
  });

  test("the API's error envelope { error: { message, code } } gives the message", async () => {
    process.env.HETZNER_DNS_TOKEN = "t";
    nock(HETZNER_DNS_API).get(`/zones/${ZONE_ID}`).reply(404, { zone: {}, ...dnsError(404, "zone not found") });
    await expect(new HetznerDnsClient({ endpoint: HETZNER_DNS_API, ...fast }).zones.get(ZONE_ID)).rejects.toThrow(
      `hetznerdns API GET /zones/${ZONE_ID} failed: HTTP 404 not_found: zone not found`,
    );
  });
});

describe("the endpoint", () => {
  test(`hetznerdns:endpoint, then HETZNER_DNS_ENDPOINT, else ${DEFAULT_ENDPOINT}`, async () => {
    process.env.HETZNER_DNS_TOKEN = "t";
    const hosts: string[] = [];
    for (const base of ["https://env.test/api/v1", "https://stack.test/api/v1"]) {
      nock(base).get(`/zones/${ZONE_ID}`).reply(200, () => (hosts.push(base), { zone: wireZone() }));
    }
    process.env.HETZNER_DNS_ENDPOINT = "https://env.test/api/v1";
    await new HetznerDnsClient(fast).zones.get(ZONE_ID);
    stack({ "hetznerdns:endpoint": "https://stack.test/api/v1" });
    await new HetznerDnsClient(fast).zones.get(ZONE_ID);
    expect(hosts).toEqual(["https://env.test/api/v1", "https://stack.test/api/v1"]);
    expect(DEFAULT_ENDPOINT).toBe("https://dns.hetzner.com/api/v1");
  });

  test("a bad endpoint fails naming the setting, before any request", async () => {
    process.env.HETZNER_DNS_TOKEN = "t";
    process.env.HETZNER_DNS_ENDPOINT = "dns.hetzner.com";
    await expect(new HetznerDnsClient(fast).zones.get(ZONE_ID)).rejects.toThrow(
      'HETZNER_DNS_ENDPOINT must be an http(s) URL such as https://dns.hetzner.com/api/v1; got "dns.hetzner.com"',
    );
  });
});
