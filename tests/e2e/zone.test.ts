/**
 * hcloud.Zone through the real engine and the emulator: create (an IDN name, stored as punycode),
 * no-op preview without requests, each in-place update, a protected destroy that stops before any
 * request, refresh after an out-of-band change and after an out-of-band delete, replacement, destroy;
 * and a secondary zone with a TSIG key that never reaches the state in plain text.
 */
import { hcloud } from "../../sdk";
import { backendFilesContaining, inlineStack, removeStack, timed, useEmulator } from "./harness";

jest.setTimeout(300_000);

const e2e = useEmulator({ token: "e2e-hcloud-token-zone-5c1e" });

const zones = async (): Promise<any[]> => (await e2e.api.json("GET", "/hcloud/v1/zones")).body.zones;
const zoneById = async (id: number) => (await e2e.api.json("GET", `/hcloud/v1/zones/${id}`)).body.zone;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ASSIGNED = ["hydrogen.ns.hetzner.com.", "oxygen.ns.hetzner.com.", "helium.ns.hetzner.de."];

/** Out-of-band action through the API, waited out like any client would. */
async function outOfBand(path: string, body?: unknown) {
  const response = await e2e.api.json("POST", `/hcloud/v1${path}`, body);
  expect(response.status).toBe(201);
  await sleep(500);
}

test("Zone: create, no-op preview, each in-place update, protected destroy, drift, out-of-band delete, replacement, destroy", async () => {
  let name = "bücher-shop.de";
  let ttl: number | undefined;
  let labels: Record<string, string> = { team: "web" };
  let deleteProtection = false;
  const program = async () => {
    const zone = new hcloud.Zone("shop", { name, ttl, labels, deleteProtection });
    return { id: zone.zoneId, name: zone.name, ttl: zone.ttl, nameservers: zone.nameservers, delegation: zone.delegation, status: zone.status, mode: zone.mode };
  };
  const stack = await inlineStack({ projectName: "zone-lifecycle", program, config: e2e.config });
  try {
    const up = await timed("zone up", () => stack.up());
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    const id = up.outputs.id.value as number;
    expect(up.outputs.name.value).toBe("xn--bcher-shop-9db.de");
    expect(up.outputs.mode.value).toBe("primary");
    // Unset: Hetzner's default, as it is live.
    expect(up.outputs.ttl.value).toBe(3600);
    expect(up.outputs.nameservers.value).toEqual(ASSIGNED);
    expect(up.outputs.delegation.value).toEqual({ delegated: expect.any(Array), status: expect.any(String), lastCheck: null });
    expect(await zoneById(id)).toMatchObject({ name: "xn--bcher-shop-9db.de", ttl: 3600, labels: { team: "web", "pulumi-dns-cloud/owner": expect.any(String) } });

    await e2e.api.clearRequests();
    expect((await timed("zone no-op preview", () => stack.preview())).changeSummary).toEqual({ same: 2 });
    expect(await e2e.api.requestLines()).toEqual([]);

    // Each in-place update: the TTL, the labels, protection on.
    ttl = 600;
    await e2e.api.clearRequests();
    expect((await timed("zone up (ttl)", () => stack.up())).summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect((await e2e.api.requestLines()).filter((l: string) => !l.startsWith("GET"))).toEqual([`POST /hcloud/v1/zones/${id}/actions/change_ttl`]);
    labels = { team: "web", env: "prod" };
    await e2e.api.clearRequests();
    expect((await timed("zone up (labels)", () => stack.up())).summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect((await e2e.api.requestLines()).filter((l: string) => !l.startsWith("GET"))).toEqual([`PUT /hcloud/v1/zones/${id}`]);
    deleteProtection = true;
    await e2e.api.clearRequests();
    expect((await timed("zone up (protect)", () => stack.up())).summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect((await e2e.api.requestLines()).filter((l: string) => !l.startsWith("GET"))).toEqual([`POST /hcloud/v1/zones/${id}/actions/change_protection`]);
    expect(await zoneById(id)).toMatchObject({ ttl: 600, labels: { team: "web", env: "prod" }, protection: { delete: true } });

    // A protected zone stops the destroy before any request, naming the fix.
    await e2e.api.clearRequests();
    const refused = await timed("zone destroy (protected)", () => stack.destroy().then(() => undefined, (e: Error) => e));
    expect(String(refused)).toContain(`zone ${id} (xn--bcher-shop-9db.de) has delete protection: disable deleteProtection first (set deleteProtection: false and run \`pulumi up\`), then delete it`);
    expect(await e2e.api.requestLines()).toEqual([]);
    deleteProtection = false;
    await timed("zone up (unprotect)", () => stack.up());

    // Out-of-band TTL change: refresh records it, the next up restores the program's.
    await outOfBand(`/zones/${id}/actions/change_ttl`, { ttl: 900 });
    const refresh = await timed("zone refresh", () => stack.refresh());
    expect(refresh.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    const refreshed = (await stack.exportStack()).deployment.resources.find((r: { type: string }) => r.type.endsWith("hcloud:Zone"));
    expect(refreshed.outputs.ttl).toBe(900);
    expect((await timed("zone up (restore)", () => stack.up())).summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect((await zoneById(id)).ttl).toBe(600);

    // A new name replaces: the new zone exists before the old one is deleted.
    name = "example-shop.de";
    await e2e.api.clearRequests();
    const replaced = await timed("zone up (replace)", () => stack.up());
    expect(replaced.summary.resourceChanges).toEqual({ same: 1, replace: 1 });
    const newId = replaced.outputs.id.value as number;
    expect(newId).not.toBe(id);
    expect((await e2e.api.requestLines()).filter((l: string) => l === "POST /hcloud/v1/zones" || l.startsWith("DELETE"))).toEqual(["POST /hcloud/v1/zones", `DELETE /hcloud/v1/zones/${id}`]);
    expect((await zones()).map((z) => z.name)).toEqual(["example-shop.de"]);

    // Out-of-band delete: refresh drops it, the next up creates it again.
    expect((await e2e.api.json("DELETE", `/hcloud/v1/zones/${newId}`)).status).toBe(201);
    await sleep(500);
    expect((await timed("zone refresh (deleted)", () => stack.refresh())).summary.resourceChanges).toEqual({ same: 1, delete: 1 });
    expect((await timed("zone up (recreate)", () => stack.up())).summary.resourceChanges).toEqual({ same: 1, create: 1 });
    expect(await zones()).toHaveLength(1);

    await timed("zone destroy", () => stack.destroy());
    expect(await zones()).toEqual([]);
  } finally {
    await removeStack(stack);
  }
});

test("Zone: a secondary zone's primary nameservers change in place, and its TSIG key is stored only as a secret", async () => {
  const tsigKey = "c3VwZXItc2VjcmV0LXRzaWcta2V5LWU3NDI=";
  let primaryNameservers: Array<{ address: string; port?: number; tsigAlgorithm?: "hmac-sha256"; tsigKey?: string }> = [{ address: "198.51.100.53", tsigAlgorithm: "hmac-sha256", tsigKey }];
  const program = async () => {
    const zone = new hcloud.Zone("secondary", { name: "example-secondary.de", mode: "secondary", primaryNameservers });
    return { id: zone.zoneId, primaryNameservers: zone.primaryNameservers };
  };
  const stack = await inlineStack({ projectName: "zone-secondary", program, config: e2e.config });
  try {
    const up = await timed("secondary up", () => stack.up());
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    const id = up.outputs.id.value as number;
    expect(up.outputs.primaryNameservers.secret).toBe(true);
    expect(backendFilesContaining(stack, tsigKey)).toEqual([]);

    await e2e.api.clearRequests();
    expect((await timed("secondary no-op preview", () => stack.preview())).changeSummary).toEqual({ same: 2 });
    expect(await e2e.api.requestLines()).toEqual([]);

    primaryNameservers = [...primaryNameservers, { address: "2001:DB8::53", port: 5353 }];
    await e2e.api.clearRequests();
    expect((await timed("secondary up (nameservers)", () => stack.up())).summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect((await e2e.api.requestLines()).filter((l: string) => !l.startsWith("GET"))).toEqual([`POST /hcloud/v1/zones/${id}/actions/change_primary_nameservers`]);
    expect((await zoneById(id)).primary_nameservers).toEqual(
      expect.arrayContaining([expect.objectContaining({ address: "198.51.100.53", port: 53 }), expect.objectContaining({ address: "2001:db8::53", port: 5353 })]),
    );
    expect((await stack.preview()).changeSummary).toEqual({ same: 2 });
  } finally {
    await removeStack(stack);
  }
  expect(await zones()).toEqual([]);
});
