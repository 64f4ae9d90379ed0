/** The benchmark's pure parts: path normalization, request counting, state sizes and the table. */
import { countRequests, normalizePath, stateSizes } from "../../../bench/metrics";
import { formatTable } from "../../../bench/report";

describe("normalizePath", () => {
  test.each([
    ["/hcloud/v1/firewalls/123", "/hcloud/v1/firewalls/{id}"],
    ["/hcloud/v1/firewalls/123/actions/set_rules", "/hcloud/v1/firewalls/{id}/actions/set_rules"],
    ["/hcloud/v1/actions", "/hcloud/v1/actions"],
    ["/hcloud/v1/zones/42/rrsets/www/A", "/hcloud/v1/zones/{id}/rrsets/{name}/{type}"],
    ["/hcloud/v1/zones/example.com/rrsets/@/TXT/actions/set_records", "/hcloud/v1/zones/{id}/rrsets/{name}/{type}/actions/set_records"],
    ["/hetznerdns/api/v1/records/oH7shFebR6nLPgTnmvNjM8", "/hetznerdns/api/v1/records/{id}"],
    ["/hetznerdns/api/v1/records/FKnVehxXReLSJjbkeGScsJ", "/hetznerdns/api/v1/records/{id}"],
    ["/hetznerdns/api/v1/records/bulk", "/hetznerdns/api/v1/records/bulk"],
    ["/hcloud/v1/zones/7/actions/import_zonefile", "/hcloud/v1/zones/{id}/actions/import_zonefile"],
    ["/hcloud/v1/firewalls/5/actions/set_firewall_rules", "/hcloud/v1/firewalls/{id}/actions/set_firewall_rules"],
    ["/cloudflare/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/dns_records/batch", "/cloudflare/client/v4/zones/{id}/dns_records/batch"],
    ["/cloudflare/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/dns_records/372e67954025e0ba6aaa6d586b9e0b59", "/cloudflare/client/v4/zones/{id}/dns_records/{id}"],
    ["/vpsorg/api/v1/dns-records/3f1c2e4a-5b6d-4e7f-8a9b-0c1d2e3f4a5b/", "/vpsorg/api/v1/dns-records/{id}/"],
    ["/hcloud/v1/firewalls?name=fw-1", "/hcloud/v1/firewalls"],
  ])("%s → %s", (path, expected) => {
    expect(normalizePath(path)).toBe(expected);
  });
});

test("countRequests adds requests up by method and normalized path, most frequent first, and counts writes and 429s", () => {
  const counts = countRequests([
    { method: "POST", path: "/hcloud/v1/firewalls", status: 201 },
    { method: "GET", path: "/hcloud/v1/firewalls/1", status: 200 },
    { method: "GET", path: "/hcloud/v1/firewalls/2", status: 429 },
    { method: "GET", path: "/hcloud/v1/firewalls/2", status: 200 },
    { method: "DELETE", path: "/hcloud/v1/firewalls/1", status: 204 },
  ]);
  expect(counts).toEqual({
    total: 5,
    writes: 2,
    status429: 1,
    byMethod: { POST: 1, GET: 3, DELETE: 1 },
    byShape: { "GET /hcloud/v1/firewalls/{id}": 3, "DELETE /hcloud/v1/firewalls/{id}": 1, "POST /hcloud/v1/firewalls": 1 },
  });
  expect(Object.keys(counts.byShape)[0]).toBe("GET /hcloud/v1/firewalls/{id}");
});

test("stateSizes averages the dynamic resources only (those with a __provider)", () => {
  const dynamic = (provider: string) => ({ type: "pulumi-nodejs:dynamic:Resource", inputs: { __provider: provider }, outputs: { __provider: provider, id: 1 } });
  const resources = [{ type: "pulumi:pulumi:Stack", outputs: {} }, dynamic("x".repeat(100)), dynamic("y".repeat(300))];
  expect(stateSizes(resources)).toEqual({
    resources: 2,
    providerBytesPerResource: 200,
    stateBytesPerResource: Math.round((JSON.stringify(resources[1]).length + JSON.stringify(resources[2]).length) / 2),
  });
  expect(stateSizes([{ type: "pulumi:pulumi:Stack" }])).toEqual({ resources: 0, providerBytesPerResource: 0, stateBytesPerResource: 0 });
});

test("formatTable pads every column to its widest cell, numbers to the right", () => {
  expect(formatTable(["workload", "wall s", "×floor"], [["firewalls 20", "9.4", "1.01×"], ["dns-vpsorg 500", "12.0", "–"]]).split("\n")).toEqual([
    "workload       | wall s | ×floor",
    "---------------|--------|-------",
    "firewalls 20   |    9.4 |  1.01×",
    "dns-vpsorg 500 |   12.0 |      –",
  ]);
});
