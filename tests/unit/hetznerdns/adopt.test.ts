/**
 * Adopting a legacy Hetzner DNS record or primary server that is already as declared reads it and writes
 * nothing (issue #12: `up` on a generated program makes no writes); one that differs gets one write.
 */
import nock from "nock";
import { resource } from "../../../provider";
import { HETZNER_DNS_API, useHetznerDnsClient } from "../helpers";
import { wireRecord, ZONE_ID } from "./fixtures";

const auth = useHetznerDnsClient("dns-token");
const api = () => nock(HETZNER_DNS_API, auth);

const SERVER = { id: "ps1", zone_id: ZONE_ID, address: "192.0.2.53", port: 53, created: "2026-11-25T10:00:00Z", modified: "2026-11-25T10:00:00Z" };

const record = resource("hetznerdns:Record");
const inputs = { zoneId: ZONE_ID, __zoneName: "example.com", name: "www", type: "A", value: "192.0.2.1", ttl: 300 };

test("Record: adopted as declared, the zone's listing is read and nothing written", async () => {
  api().get("/records").query({ zone_id: ZONE_ID }).reply(200, { records: [wireRecord("r1", "www", "A", "192.0.2.1", 300)] });
  expect(await record.create({ ...inputs, adopt: { id: "r1" } })).toMatchObject({ id: "r1", outs: { name: "www", value: "192.0.2.1", ttl: 300 } });
});

test("Record: adopted with another TTL, one PUT", async () => {
  api().get("/records").query({ zone_id: ZONE_ID }).reply(200, { records: [wireRecord("r1", "www", "A", "192.0.2.1")] });
  api()
    .put("/records/r1", { zone_id: ZONE_ID, name: "www", type: "A", value: "192.0.2.1", ttl: 300 })
    .reply(200, { record: wireRecord("r1", "www", "A", "192.0.2.1", 300) });
  expect(await record.create({ ...inputs, adopt: { id: "r1" } })).toMatchObject({ id: "r1", outs: { ttl: 300 } });
});

test("PrimaryServer: adopted as declared, it is read and nothing written; another port is one PUT", async () => {
  const primaryServer = resource("hetznerdns:PrimaryServer");
  const inputs = { zoneId: ZONE_ID, address: "192.0.2.53", port: 53 };
  api().get("/primary_servers/ps1").times(2).reply(200, { primary_server: SERVER });
  expect(await primaryServer.create({ ...inputs, adopt: { id: "ps1" } })).toMatchObject({ id: "ps1", outs: { address: "192.0.2.53", port: 53 } });

  api().get("/primary_servers/ps1").reply(200, { primary_server: SERVER });
  api()
    .put("/primary_servers/ps1", { zone_id: ZONE_ID, address: "192.0.2.53", port: 5353 })
    .reply(200, { primary_server: { ...SERVER, port: 5353 } });
  expect(await primaryServer.create({ ...inputs, port: 5353, adopt: { id: "ps1" } })).toMatchObject({ id: "ps1", outs: { port: 5353 } });
});
