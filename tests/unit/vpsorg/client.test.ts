/** VPS.org settings (vpsorg:apiToken / VPSORG_API_TOKEN, vpsorg:endpoint / VPSORG_ENDPOINT), its error envelope, retries and lists. */
import nock from "nock";
import { useStackConfig } from "../../../provider/core/config";
import { ApiError, ConfigurationError } from "../../../provider/core/errors";
import { DEFAULT_ENDPOINT, parseVpsorgError, VpsorgClient } from "../../../provider/vpsorg/client";
import { isolateConfig, networkError, offContract, useNock } from "../helpers";
import { fastOptions, VPSORG_API, vpsorgError, wireZone, ZONE_ID } from "./fixtures";

useNock();
isolateConfig(["VPSORG_API_TOKEN", "VPSORG_ENDPOINT"]);

const stack = (values: Record<string, string>) => useStackConfig({ get: (key) => values[key] });
const fast = { retry: { baseDelayMs: 1, maxDelayMs: 5 } };

async function tokenSent(client: VpsorgClient): Promise<string> {
  let authorization = "";
  nock(VPSORG_API)
    .get("/dns-zones/")
    .reply(function () {
      authorization = String(this.req.headers.authorization);
      return [200, []];
    });
  await client.zones.list();
  return authorization.replace(/^Bearer /, "");
}

describe("settings", () => {
  test("vpsorg:apiToken first, then VPSORG_API_TOKEN", async () => {
    process.env.VPSORG_ENDPOINT = VPSORG_API;
    process.env.VPSORG_API_TOKEN = "vps_env";
    expect(await tokenSent(new VpsorgClient(fast))).toBe("vps_env");
    stack({ "vpsorg:apiToken": "vps_stack" });
    expect(await tokenSent(new VpsorgClient(fast))).toBe("vps_stack");
  });

  test("no token: an error naming both places, before any request", async () => {
    await expect(new VpsorgClient({ endpoint: VPSORG_API, ...fast }).zones.list()).rejects.toThrow(
      new ConfigurationError(
        "VPS.org API token is not set: looked at vpsorg:apiToken, VPSORG_API_TOKEN (in this order). " +
          "Run `pulumi config set --secret vpsorg:apiToken <token>` or set the VPSORG_API_TOKEN environment variable",
      ),
    );
  });

  test("the endpoint: vpsorg:endpoint, then VPSORG_ENDPOINT, else https://admin.vps.org/api/v1; a bad one names the key", async () => {
    expect(DEFAULT_ENDPOINT).toBe("https://admin.vps.org/api/v1");
    process.env.VPSORG_API_TOKEN = "t";
    nock(DEFAULT_ENDPOINT).get("/dns-zones/").reply(200, []);
    await new VpsorgClient(fast).zones.list();
    process.env.VPSORG_ENDPOINT = "https://env.test/api/v1";
    nock("https://env.test/api/v1").get("/dns-zones/").reply(200, []);
    await new VpsorgClient(fast).zones.list();
    stack({ "vpsorg:endpoint": "admin.vps.org" });
    await expect(new VpsorgClient(fast).zones.list()).rejects.toThrow('vpsorg:endpoint must be an http(s) URL such as https://admin.vps.org/api/v1; got "admin.vps.org"');
  });
});

describe("errors", () => {
  const client = () => new VpsorgClient(fastOptions());

  test("the seed's envelope { detail, error_code, field }: code, field and detail in the message", async () => {
    nock(VPSORG_API).post("/dns-zones/").reply(400, vpsorgError("Invalid domain name", "validation_error", "domain"));
    const error = (await client().zones.create("bad..name").catch((e) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe("vpsorg API POST /dns-zones/ failed: HTTP 400 validation_error: domain: Invalid domain name");
  });

  test("the field as the program spells the property: record_type is recordType", () => {
    expect(parseVpsorgError(400, vpsorgError('"PTR" is not a valid choice.', "validation_error", "record_type")).message).toBe('recordType: "PTR" is not a valid choice.');
  });

  test("401 names the token setting and never quotes the token; 403 names the missing permission", async () => {
    nock(VPSORG_API).get("/dns-zones/").reply(401, vpsorgError("Invalid token.", "authentication_failed"));
    const refused = (await client().zones.list().catch((e) => e)) as Error;
    expect(refused.message).toBe(
      "vpsorg API GET /dns-zones/ failed: HTTP 401 authentication_failed: Invalid token.; check vpsorg:apiToken / VPSORG_API_TOKEN: the API did not accept the token (VPS.org tokens start with vps_)",
    );
    expect(refused.message).not.toContain("vps_test-token");
    nock(VPSORG_API).delete(`/dns-zones/${ZONE_ID}/`).reply(403, vpsorgError("Token lacks dns:delete permission", "permission_denied"));
    await expect(client().zones.delete(ZONE_ID)).rejects.toThrow("lacks a dns:* permission this needs");
  });

  test("a 404 without envelope (Django REST framework's bare { detail }) is not_found: a zone gone is no error to delete", async () => {
    offContract({ replies: "a 404 in Django REST framework's own form, which the document does not describe" });
    nock(VPSORG_API).delete(`/dns-zones/${ZONE_ID}/`).reply(404, { detail: "Not found." });
    await expect(client().zones.delete(ZONE_ID)).resolves.toBeUndefined();
  });

  test("429 and the API's own 503 are retried; a lost answer to a GET is retried, to a POST it is looked up", async () => {
    offContract({ replies: "a throttled answer in Django REST framework's own form" });
    nock(VPSORG_API).get("/dns-zones/").reply(429, { detail: "Request was throttled." }, { "Retry-After": "0" });
    nock(VPSORG_API).get("/dns-zones/").reply(503, vpsorgError("Maintenance", "service_unavailable"));
    nock(VPSORG_API).get("/dns-zones/").replyWithError(networkError());
    nock(VPSORG_API).get("/dns-zones/").reply(200, [wireZone()]);
    expect((await client().zones.list()).map((z) => z.id)).toEqual([ZONE_ID]);

    nock(VPSORG_API).post("/dns-zones/", { domain: "example.com" }).replyWithError(networkError());
    const recovered = await client().zones.create("example.com", async () => ({ ...wireZone(), records: [] }));
    expect(recovered.id).toBe(ZONE_ID);
  });

  test("a proxy's 502 to a POST is not sent again without a lookup", async () => {
    offContract({ replies: "a proxy's page, not the API's" });
    nock(VPSORG_API).post("/dns-zones/").reply(502, "<html>Bad Gateway</html>");
    await expect(client().zones.create("example.com")).rejects.toThrow("HTTP 502 http_502: <html>Bad Gateway</html>");
  });
});
