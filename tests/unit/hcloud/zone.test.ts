import nock from "nock";
import { check, create, diff, read, remove, update } from "../../../provider/hcloud/zone";
import { UNKNOWN } from "../../../provider/core/inputs";
import { API, NO_BODY, useHcloudClient, wireActions } from "../helpers";
import { ASSIGNED_NS, listMeta, wireZone } from "./zone-wire";

const auth = useHcloudClient("zone-token");
const { action, waitFor } = wireActions({ id: 301, type: "zone" });
const OWNER = "pulumi-dns-cloud/owner";

/** A POST of `path` answered with the running action `id`, then the waiter's poll that finds it `status`. */
const postAction = (scope: nock.Scope, path: string, body: nock.RequestBodyMatcher, id: number, command: string, status = "success", error: unknown = null) =>
  waitFor(scope.post(path, body).reply(201, { action: action(id, command) }), id, command, status, error);

const SECONDARY_NS: Array<Record<string, string | number>> = [{ address: "198.51.100.1", port: 53 }, { address: "2001:db8::53", port: 5353, tsigAlgorithm: "hmac-sha256", tsigKey: "c2VjcmV0LWtleQ==" }];
const wireNs = (list: Array<Record<string, string | number>>): Array<Record<string, string | number>> =>
  list.map((n) => ({ address: n.address, port: n.port, ...(n.tsigAlgorithm ? { tsig_algorithm: n.tsigAlgorithm } : {}), ...(n.tsigKey ? { tsig_key: n.tsigKey } : {}) }));

describe("check", () => {
  test("an IDN name becomes punycode; mode, ttl, labels and protection get their defaults", async () => {
    const { inputs, failures } = await check({}, { name: "München.DE.", __owner: "own" });
    expect(failures).toEqual([]);
    expect(inputs).toEqual({ name: "xn--mnchen-3ya.de", mode: "primary", ttl: 3600, labels: {}, deleteProtection: false, __owner: "own" });
  });

  test("a secondary zone: nameserver addresses canonical, port 53 unless told, no ttl", async () => {
    const { inputs, failures } = await check({}, {
      name: "example.net",
      mode: "secondary",
      primaryNameservers: [{ address: "198.51.100.1" }, { address: "2001:DB8:0::53", port: 5353, tsigAlgorithm: "hmac-sha256", tsigKey: "c2VjcmV0LWtleQ==" }],
    });
    expect(failures).toEqual([]);
    expect(inputs).toEqual({ name: "example.net", mode: "secondary", labels: {}, deleteProtection: false, primaryNameservers: SECONDARY_NS });
  });

  test.each([
    [{}, "name", /^name is required: the domain of the zone, e.g. "example.com"$/],
    [{ name: "localhost" }, "name", /^name: zone name "localhost" needs at least two labels/],
    [{ name: "example.com", mode: "tertiary" }, "mode", /^mode must be "primary" or "secondary", got "tertiary"$/],
    [{ name: "example.com", ttl: 59 }, "ttl", /^ttl must be a whole number of seconds from 60 to 2147483647, got 59$/],
    [{ name: "example.com", ttl: 2147483648 }, "ttl", /from 60 to 2147483647/],
    [{ name: "example.com", mode: "secondary", ttl: 600 }, "ttl", /^ttl applies to primary zones only/],
    [{ name: "example.com", primaryNameservers: [{ address: "198.51.100.1" }] }, "primaryNameservers", /^primaryNameservers applies to secondary zones only: remove it, or set mode: "secondary"$/],
    [{ name: "example.com", mode: "secondary", primaryNameservers: [{ address: "ns1.example.net" }] }, "primaryNameservers[0]", /address must be the public IPv4 or IPv6 address/],
    [{ name: "example.com", mode: "secondary", primaryNameservers: [{ address: "198.51.100.1", port: 0 }] }, "primaryNameservers[0]", /port must be a port number from 1 to 65535, got 0/],
    [{ name: "example.com", mode: "secondary", primaryNameservers: [{ address: "198.51.100.1", tsigKey: "c2VjcmV0" }] }, "primaryNameservers[0]", /tsigAlgorithm and tsigKey go together/],
    [{ name: "example.com", mode: "secondary", primaryNameservers: [{ address: "198.51.100.1", tsigAlgorithm: "hmac-sha512", tsigKey: "c2VjcmV0" }] }, "primaryNameservers[0]", /tsigAlgorithm must be one of hmac-md5, hmac-sha1, hmac-sha256/],
    [{ name: "example.com", mode: "secondary", primaryNameservers: [{ address: "198.51.100.1", transfer: "axfr" }] }, "primaryNameservers[0]", /unknown property "transfer"/],
    [{ name: "example.com", deleteProtection: "yes" }, "deleteProtection", /must be true or false/],
    [{ name: "example.com", labels: { [OWNER]: "x" } }, "labels", /reserved/],
  ])("rejects %j", async (news, property, reason) => {
    const { failures } = await check({}, news);
    expect(failures.map((f) => f.property)).toContain(property);
    expect(failures.find((f) => f.property === property)!.reason).toMatch(reason);
  });

  test("a bad TSIG key is refused without quoting it", async () => {
    const { failures } = await check({}, { name: "example.com", mode: "secondary", primaryNameservers: [{ address: "198.51.100.1", tsigAlgorithm: "hmac-sha1", tsigKey: "not base64 TOPSECRET" }] });
    expect(failures).toEqual([{ property: "primaryNameservers[0]", reason: "primaryNameservers[0]: tsigKey must be the base64-encoded TSIG key" }]);
  });

  test("passes unknown values through during preview", async () => {
    const { inputs, failures } = await check({}, { name: UNKNOWN, mode: UNKNOWN, ttl: UNKNOWN, labels: UNKNOWN, deleteProtection: UNKNOWN });
    expect(failures).toEqual([]);
    expect(inputs).toEqual({ name: UNKNOWN, mode: UNKNOWN, ttl: UNKNOWN, labels: UNKNOWN, deleteProtection: UNKNOWN });
  });
});

describe("diff", () => {
  const olds = { name: "example.com", mode: "primary", ttl: 3600, labels: { a: "1" }, deleteProtection: false, primaryNameservers: [], zoneId: 301, nameservers: ASSIGNED_NS };
  const news = { name: "example.com", mode: "primary", ttl: 3600, labels: { a: "1" }, deleteProtection: false };

  test("no change when the inputs match", async () => {
    expect(await diff("301", olds, news)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  test("ttl, labels and deleteProtection change in place", async () => {
    for (const change of [{ ttl: 600 }, { labels: {} }, { deleteProtection: true }, { ttl: UNKNOWN }]) {
      expect(await diff("301", olds, { ...news, ...change })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    }
  });

  test("a new name replaces (the new zone first); a new mode replaces with the old zone deleted first", async () => {
    expect(await diff("301", olds, { ...news, name: "example.org" })).toEqual({ changes: true, replaces: ["name"], deleteBeforeReplace: false });
    expect(await diff("301", olds, { ...news, mode: "secondary", ttl: undefined, primaryNameservers: [] })).toEqual({ changes: true, replaces: ["mode"], deleteBeforeReplace: true });
  });

  test("primary nameservers compare in any order", async () => {
    const secondary = { ...olds, mode: "secondary", ttl: 3600, primaryNameservers: SECONDARY_NS };
    const same = { name: "example.com", mode: "secondary", labels: { a: "1" }, deleteProtection: false, primaryNameservers: [...SECONDARY_NS].reverse() };
    expect((await diff("301", secondary, same)).changes).toBe(false);
    expect((await diff("301", secondary, { ...same, primaryNameservers: [SECONDARY_NS[0]] })).changes).toBe(true);
  });
});

describe("create", () => {
  const inputs = { name: "example.com", mode: "primary", ttl: 600, labels: { env: "prod" }, deleteProtection: true, __owner: "own", __provider: "shim" };
  const owned = { env: "prod", [OWNER]: "own" };

  test("posts the zone with the owner label, waits on its Action, then protects it; outputs from the live zone", async () => {
    const scope = nock(API, auth)
      .post("/zones", { name: "example.com", mode: "primary", ttl: 600, labels: owned })
      .reply(201, { zone: wireZone({ ttl: 600, labels: owned, status: "updating" }), action: action(1, "create_zone") });
    waitFor(scope, 1, "create_zone");
    postAction(scope, "/zones/301/actions/change_protection", { delete: true }, 2, "change_protection")
      .get("/zones/301")
      .reply(200, { zone: wireZone({ ttl: 600, labels: owned, protection: { delete: true } }) });
    const result = await create(inputs);
    scope.done();
    expect(result).toEqual({
      id: "301",
      outs: {
        name: "example.com",
        mode: "primary",
        ttl: 600,
        labels: { env: "prod" },
        deleteProtection: true,
        primaryNameservers: [],
        zoneId: 301,
        nameservers: ASSIGNED_NS,
        delegation: { delegated: [], status: "unknown", lastCheck: null },
        status: "ok",
        registrar: "other",
        recordCount: 4,
        created: "2026-11-25T10:00:00+00:00",
      },
    });
  });

  test("a secondary zone sends its primary nameservers (TSIG key included)", async () => {
    const scope = nock(API, auth)
      .post("/zones", { name: "example.net", mode: "secondary", labels: {}, primary_nameservers: wireNs(SECONDARY_NS) })
      .reply(201, { zone: wireZone({ name: "example.net", mode: "secondary", primary_nameservers: wireNs(SECONDARY_NS) }), action: action(1, "create_zone", "success") })
      .get("/zones/301")
      .reply(200, { zone: wireZone({ name: "example.net", mode: "secondary", primary_nameservers: wireNs(SECONDARY_NS) }) });
    const { outs } = await create({ name: "example.net", mode: "secondary", labels: {}, deleteProtection: false, primaryNameservers: SECONDARY_NS });
    scope.done();
    expect(outs.primaryNameservers).toEqual(SECONDARY_NS);
  });

  test("a failed change_protection records the zone (id and __provider), protection left undone", async () => {
    const scope = nock(API, auth)
      .post("/zones")
      .reply(201, { zone: wireZone({ ttl: 600, labels: owned }), action: action(1, "create_zone") });
    waitFor(scope, 1, "create_zone");
    scope
      .post("/zones/301/actions/change_protection", { delete: true })
      .reply(422, { error: { code: "invalid_input", message: "no" } })
      .get("/zones/301")
      .reply(200, { zone: wireZone({ ttl: 600, labels: owned }) });
    const error = await create(inputs).then(() => undefined, (e) => e);
    scope.done();
    expect(error.message).toMatch(/^zone 301 \(example.com\) was created, but .*POST \/zones\/301\/actions\/change_protection failed: HTTP 422 invalid_input/);
    expect(error.id).toBe("301");
    expect(error.properties).toMatchObject({ zoneId: 301, deleteProtection: false, __provider: "shim" });
    expect((await diff("301", error.properties, inputs)).changes).toBe(true);
  });

  const taken = (scope: nock.Scope) => scope.post("/zones").reply(409, { error: { code: "uniqueness_error", message: "zone name is already taken" } });
  const lookup = (scope: nock.Scope, zones: unknown[]) =>
    scope.get("/zones").query({ name: "example.com", page: "1", per_page: "50" }).reply(200, { zones, meta: listMeta(zones.length, 1, 1, 50) });

  test("repeated after an interrupt: its own zone (owner label, as asked) is claimed and converged", async () => {
    const scope = nock(API, auth);
    lookup(taken(scope), [wireZone({ ttl: 600, labels: owned })])
      .get("/zones/301/actions")
      .query({ status: "running" })
      .reply(200, { actions: [], meta: listMeta(0, 1, 1, 25) });
    postAction(scope, "/zones/301/actions/change_protection", { delete: true }, 2, "change_protection")
      .get("/zones/301")
      .reply(200, { zone: wireZone({ ttl: 600, labels: owned, protection: { delete: true } }) });
    const { id, outs } = await create(inputs);
    scope.done();
    expect(id).toBe("301");
    expect(outs.deleteProtection).toBe(true);
  });

  test("a zone of the name that is not ours is refused, naming it", async () => {
    const scope = nock(API, auth);
    lookup(taken(scope), [wireZone({ ttl: 600, labels: { env: "prod" } })]);
    await expect(create(inputs)).rejects.toThrow(
      /^zone "example.com" already exists \(id 301, created 2026-11-25T10:00:00\+00:00\) and is not the one this create made: it does not carry this resource's owner label pulumi-dns-cloud\/owner/,
    );
  });

  test("a name taken outside the project says so", async () => {
    const scope = nock(API, auth);
    lookup(taken(scope), []);
    await expect(create(inputs)).rejects.toThrow(
      'zone "example.com" already exists in another Hetzner project or account (the API refused the name). Delete it there, or manage it from that project\'s token (hcloud:token or credentials.token), then run `pulumi up` again',
    );
  });
});

describe("read", () => {
  test("reports drift as outputs and inputs", async () => {
    nock(API, auth).get("/zones/301").reply(200, { zone: wireZone({ ttl: 900, labels: { x: "y", [OWNER]: "own" } }) });
    const result = await read("301", { name: "example.com", ttl: 3600, __owner: "own" });
    expect(result.props).toMatchObject({ ttl: 900, labels: { x: "y" } });
    expect(result.inputs).toEqual({ name: "example.com", mode: "primary", ttl: 900, labels: { x: "y" }, deleteProtection: false, __owner: "own" });
  });

  test("a zone deleted out of band reads as gone", async () => {
    nock(API, auth).get("/zones/301").reply(404, { error: { code: "not_found", message: "zone not found" } });
    expect(await read("301", {})).toEqual({ id: "", props: {} });
  });
});

describe("update", () => {
  test("converges on live state: PUT for labels, change_ttl, change_protection, each awaited", async () => {
    const news = { name: "example.com", mode: "primary", ttl: 600, labels: { env: "prod" }, deleteProtection: true, __owner: "own" };
    const scope = nock(API, auth)
      .get("/zones/301")
      .reply(200, { zone: wireZone({ labels: { [OWNER]: "own" } }) })
      .put("/zones/301", { labels: { env: "prod", [OWNER]: "own" } })
      .reply(200, { zone: wireZone({ labels: { env: "prod", [OWNER]: "own" } }) });
    postAction(scope, "/zones/301/actions/change_ttl", { ttl: 600 }, 5, "change_ttl");
    postAction(scope, "/zones/301/actions/change_protection", { delete: true }, 6, "change_protection")
      .get("/zones/301")
      .reply(200, { zone: wireZone({ ttl: 600, labels: { env: "prod", [OWNER]: "own" }, protection: { delete: true } }) });
    const { outs } = await update("301", {}, news);
    scope.done();
    expect(outs).toMatchObject({ ttl: 600, labels: { env: "prod" }, deleteProtection: true });
  });

  test("a secondary zone's primary nameservers: change_primary_nameservers only when they differ", async () => {
    const live = wireZone({ mode: "secondary", primary_nameservers: wireNs([SECONDARY_NS[0]]) });
    const news = { name: "example.com", mode: "secondary", labels: {}, deleteProtection: false, primaryNameservers: SECONDARY_NS };
    const scope = nock(API, auth).get("/zones/301").reply(200, { zone: live });
    postAction(scope, "/zones/301/actions/change_primary_nameservers", { primary_nameservers: wireNs(SECONDARY_NS) }, 7, "change_primary_nameservers")
      .get("/zones/301")
      .reply(200, { zone: wireZone({ mode: "secondary", primary_nameservers: wireNs(SECONDARY_NS) }) });
    expect((await update("301", {}, news)).outs.primaryNameservers).toEqual(SECONDARY_NS);
    scope.done();

    nock(API, auth).get("/zones/301").reply(200, { zone: wireZone({ mode: "secondary", primary_nameservers: wireNs([...SECONDARY_NS].reverse()) }) });
    await update("301", {}, news);
  });

  test("a failed change_ttl is a partial failure with the old ttl recorded", async () => {
    const scope = nock(API, auth).get("/zones/301").reply(200, { zone: wireZone() });
    postAction(scope, "/zones/301/actions/change_ttl", { ttl: 600 }, 5, "change_ttl", "error", { code: "incorrect_zone_mode", message: "not for this mode" })
      .get("/zones/301")
      .reply(200, { zone: wireZone() });
    const error = await update("301", { ttl: 3600 }, { name: "example.com", mode: "primary", ttl: 600, labels: {}, deleteProtection: false, __provider: "shim" }).then(() => undefined, (e) => e);
    scope.done();
    expect(error.message).toMatch(/^updating zone 301 \(example.com\) failed: action change_ttl \(#5\) on zone 301 \(example.com\) failed: incorrect_zone_mode: not for this mode/);
    expect(error.properties).toMatchObject({ ttl: 3600, __provider: "shim" });
  });
});

describe("delete", () => {
  test("a protected zone fails before any request, with the fix", async () => {
    await expect(remove("301", { name: "example.com", deleteProtection: true })).rejects.toThrow(
      "zone 301 (example.com) has delete protection: disable deleteProtection first (set deleteProtection: false and run `pulumi up`), then delete it",
    );
  });

  test("deletes and waits on the Action; a zone already gone is fine", async () => {
    const scope = nock(API, auth).get("/zones/301").reply(200, { zone: wireZone() }).delete("/zones/301", NO_BODY).reply(201, { action: action(9, "delete_zone") });
    waitFor(scope, 9, "delete_zone");
    await remove("301", { name: "example.com", deleteProtection: false });
    scope.done();
    nock(API, auth).get("/zones/301").reply(404, { error: { code: "not_found", message: "zone not found" } });
    await remove("301", { name: "example.com" });
  });

  test("protection switched on out of band still stops the delete", async () => {
    nock(API, auth).get("/zones/301").reply(200, { zone: wireZone({ protection: { delete: true } }) });
    await expect(remove("301", { name: "example.com", deleteProtection: false })).rejects.toThrow(/^zone 301 \(example.com\) has delete protection/);
  });
});
