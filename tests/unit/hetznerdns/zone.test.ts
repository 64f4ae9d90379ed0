/** hetznerdns.Zone and PrimaryServer: check in canonical form, the zone file in the outputs, nothing created is lost. */
import nock from "nock";
import { primaryServer } from "../../../provider/hetznerdns/primary-server";
import { zone } from "../../../provider/hetznerdns/zone";
import { countRequests, HETZNER_DNS_API, networkError, useHetznerDnsClient } from "../helpers";
import { wireZone, ZONE_ID } from "./fixtures";

const auth = useHetznerDnsClient("dns-token");
const api = () => nock(HETZNER_DNS_API, auth);
const FILE = "$ORIGIN example.com.\n$TTL 86400\n@\tIN\tSOA\thydrogen.ns.hetzner.com. dns.hetzner.com. 2026112501 86400 10800 3600000 3600\n";

test("check: an IDN name is punycode; a bad ttl fails before any request", async () => {
  expect(await zone.check({}, { name: "Bücher.Example." })).toEqual({ inputs: { name: "xn--bcher-kva.example", ttl: null }, failures: [] });
  expect((await zone.check({}, { name: "example.com", ttl: 5 })).failures).toEqual([
    { property: "ttl", reason: "ttl must be a whole number of seconds from 60 to 2147483647, got 5" },
  ]);
});

test("diff: another name replaces (the old zone first); an unset ttl is never a change", async () => {
  const olds = { name: "example.com", ttl: 86400, zoneId: ZONE_ID };
  expect(await zone.diff(ZONE_ID, olds, { name: "example.com", ttl: null })).toMatchObject({ changes: false });
  expect(await zone.diff(ZONE_ID, olds, { name: "example.com", ttl: 3600 })).toMatchObject({ changes: true, replaces: [] });
  expect(await zone.diff(ZONE_ID, olds, { name: "example.org", ttl: null })).toMatchObject({ replaces: ["name"], deleteBeforeReplace: true });
});

test("create: POST /zones, then the zone file; outputs as the API shows the zone", async () => {
  api().post("/zones", { name: "example.com", ttl: 3600 }).reply(201, { zone: wireZone({ ttl: 3600 }) });
  api().get(`/zones/${ZONE_ID}/export`).reply(200, FILE, { "Content-Type": "text/plain" });
  const { id, outs } = await zone.create({ name: "example.com", ttl: 3600 });
  expect(id).toBe(ZONE_ID);
  expect(outs).toMatchObject({ zoneId: ZONE_ID, name: "example.com", ttl: 3600, ns: wireZone().ns, status: "verified", recordsCount: 2, zoneFile: FILE });
});

test("create: a failed export still records the zone (id and outputs), so nothing is orphaned", async () => {
  api().post("/zones", { name: "example.com" }).reply(201, { zone: wireZone() });
  api().get(`/zones/${ZONE_ID}/export`).reply(422, { error: { message: "export failed", code: 422 } });
  const error = (await zone.create({ name: "example.com", ttl: null, __provider: "shim" }).catch((e) => e)) as Error & { id?: string; properties?: Record<string, unknown> };
  expect(error.message).toBe(`created hetznerdns.Zone example.com (${ZONE_ID}): exporting its zone file failed: hetznerdns API GET /zones/${ZONE_ID}/export failed: HTTP 422 invalid_input: export failed`);
  expect(error.id).toBe(ZONE_ID);
  expect(error.properties).toMatchObject({ zoneId: ZONE_ID, zoneFile: "", __provider: "shim" });
});

test("PrimaryServer check: the address canonical, port 53 unless told, a bad address or port fails", async () => {
  expect(await primaryServer.check({}, { zoneId: ZONE_ID, address: "2001:DB8:0::53" })).toEqual({ inputs: { zoneId: ZONE_ID, address: "2001:db8::53", port: 53 }, failures: [] });
  expect((await primaryServer.check({}, { zoneId: ZONE_ID, address: "ns1.example.com", port: 70000 })).failures).toEqual([
    { property: "address", reason: 'address must be the IPv4 or IPv6 address of the primary nameserver, got "ns1.example.com"' },
    { property: "port", reason: "port must be a port number from 1 to 65535, got 70000" },
  ]);
});

test("PrimaryServer create whose answer was lost: the server made since at its address and port is taken, not created twice", async () => {
  const post = countRequests(api().post("/primary_servers", { zone_id: ZONE_ID, address: "192.0.2.53", port: 53 }).replyWithError(networkError()));
  const server = (id: string, created: string) => ({ id, zone_id: ZONE_ID, address: "192.0.2.53", port: 53, created, modified: created });
  api()
    .get("/primary_servers")
    .query({ zone_id: ZONE_ID })
    .reply(200, { primary_servers: [server("old", "2020-01-01T00:00:00Z"), server("ps1", new Date().toISOString())] });
  const created = await primaryServer.create({ zoneId: ZONE_ID, address: "192.0.2.53", port: 53 });
  expect(created.id).toBe("ps1");
  expect(post.count).toBe(1);
});
