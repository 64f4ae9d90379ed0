/**
 * What Hetzner's own tooling reads from the API beyond the spec's schemas, pinned so the emulator keeps it:
 * the official hcloud CLI's e2e test of zones (hetznercloud/cli test/e2e/zone_test.go, run against the real
 * API) expects a refused change of a change-protected RRSet to print exactly
 * `RRSet(s) is/are change protected (protected, <correlation id>)`, which hcloud-go builds from the error's
 * message and code and the response's `X-Correlation-Id` header.
 */
import { expectError, useHcloudEmulator } from "./hcloud-setup";

const { api } = useHcloudEmulator();

async function protectedRrset() {
  expect((await api.post("/zones", { name: "example.com", mode: "primary", rrsets: [{ name: "www", type: "A", records: [{ value: "198.51.100.1" }] }] })).status).toBe(201);
  expect((await api.post("/zones/example.com/rrsets/www/A/actions/change_protection", { change: true })).status).toBe(201);
}

describe("a change-protected RRSet", () => {
  it("refuses a delete and a change of its records with the API's own message", async () => {
    await protectedRrset();
    const refused = [
      await api.delete("/zones/example.com/rrsets/www/A"),
      await api.post("/zones/example.com/rrsets/www/A/actions/set_records", { records: [{ value: "198.51.100.2" }] }),
      await api.post("/zones/example.com/rrsets/www/A/actions/change_ttl", { ttl: 600 }),
    ];
    for (const response of refused) expectError(response, 423, "protected");
    expect(refused.map((response) => response.body.error.message)).toEqual(Array(3).fill("RRSet(s) is/are change protected"));
  });
});

describe("X-Correlation-Id", () => {
  it("is on every response, success or error, a fresh lower-case hex id each time", async () => {
    const responses = [await api.get("/zones"), await api.get("/zones/absent.com"), await api.get("/zones")];
    expect(responses.map((response) => response.status)).toEqual([200, 404, 200]);
    const ids = responses.map((response) => response.headers.get("x-correlation-id"));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(new Set(ids).size).toBe(3);
  });
});
