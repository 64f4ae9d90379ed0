/**
 * Adoption and get() through the real engine and the emulator: objects made out of band (by another tool)
 * are taken over by `adopt` without a create, brought to the declared state, and the next preview is empty;
 * `get` reads one without managing it; destroy deletes what was adopted, except under retainOnDelete.
 */
import { hcloud } from "../../sdk";
import { inlineStack, removeStack, timed, useEmulator } from "./harness";

jest.setTimeout(300_000);

const e2e = useEmulator({ token: "e2e-hcloud-token-adopt-41d2" });

const RULES = [{ direction: "in", protocol: "tcp", port: "443", source_ips: ["0.0.0.0/0", "::/0"] }];

test("adopt by name and by id, then an empty preview; get(); destroy keeps only what retainOnDelete keeps", async () => {
  // Made by another tool: a firewall, a second one, and a zone.
  const web = (await e2e.api.json("POST", "/hcloud/v1/firewalls", { name: "web-fw", labels: { team: "web" }, rules: RULES })).body.firewall;
  const other = (await e2e.api.json("POST", "/hcloud/v1/firewalls", { name: "seen-fw", labels: {} })).body.firewall;
  const zoneCreated = await e2e.api.json("POST", "/hcloud/v1/zones", { name: "adopted.example", mode: "primary", ttl: 3600 });
  expect(zoneCreated.status).toBe(201);
  const zoneId = zoneCreated.body.zone.id as number;
  await new Promise((resolve) => setTimeout(resolve, 500));

  const program = async () => {
    const firewall = new hcloud.Firewall("web", {
      adopt: { name: "web-fw" },
      labels: { team: "web", env: "prod" },
      rules: [{ direction: "in", protocol: "tcp", port: "443", sourceIps: ["0.0.0.0/0", "::/0"] }],
    });
    const zone = new hcloud.Zone("zone", { name: "adopted.example", adopt: { id: String(zoneId) } }, { retainOnDelete: true });
    const seen = hcloud.Firewall.get("seen", String(other.id));
    return { firewallId: firewall.firewallId, firewallName: firewall.name, zoneId: zone.zoneId, seenName: seen.name };
  };
  const stack = await inlineStack({ projectName: "adoption", program, config: e2e.config });
  try {
    await e2e.api.clearRequests();
    const up = await timed("adopt up", () => stack.up());
    expect(up.summary.resourceChanges).toEqual({ create: 3 });
    expect(up.outputs.firewallId.value).toBe(web.id);
    expect(up.outputs.firewallName.value).toBe("web-fw");
    expect(up.outputs.zoneId.value).toBe(zoneId);
    expect(up.outputs.seenName.value).toBe("seen-fw");
    expect(up.stdout).toContain(`adopted ${web.id}; changed labels`);
    expect(up.stdout).toContain(`adopted ${zoneId}, already as declared`);
    // No create reached the API: reads, the firewall's label change, and each object's owner label
    // (the firewall's rides along in the same PUT).
    const writes = (await e2e.api.requestLines()).filter((line: string) => !line.startsWith("GET"));
    expect(writes.sort()).toEqual([`PUT /hcloud/v1/firewalls/${web.id}`, `PUT /hcloud/v1/zones/${zoneId}`]);
    expect((await e2e.api.json("GET", `/hcloud/v1/firewalls/${web.id}`)).body.firewall.labels).toMatchObject({ team: "web", env: "prod" });

    await e2e.api.clearRequests();
    const preview = await timed("preview after adoption", () => stack.preview());
    expect(preview.changeSummary).toEqual({ same: 3 });
    expect((await e2e.api.requestLines()).filter((line: string) => !line.startsWith("GET"))).toEqual([]);

    await timed("destroy", () => stack.destroy());
    expect((await e2e.api.json("GET", `/hcloud/v1/firewalls/${web.id}`)).status).toBe(404);
    // Read with get(): never deleted. Adopted with retainOnDelete: left in place.
    expect((await e2e.api.json("GET", `/hcloud/v1/firewalls/${other.id}`)).status).toBe(200);
    expect((await e2e.api.json("GET", `/hcloud/v1/zones/${zoneId}`)).status).toBe(200);
  } finally {
    await removeStack(stack);
  }
});

test("adopting what does not exist, or by id without a name, fails before any write", async () => {
  let adopt: { name: string } | { id: string } = { name: "no-such-fw" };
  const program = async () => {
    new hcloud.Firewall("missing", { adopt });
  };
  const stack = await inlineStack({ projectName: "adoption-errors", program, config: e2e.config });
  try {
    await e2e.api.clearRequests();
    const missing = await stack.up().then(() => undefined, (e: Error) => e);
    expect(String(missing)).toContain('hcloud:Firewall: adopt: no object with name "no-such-fw" exists: fix adopt, or remove it to create one');
    adopt = { id: "12345" };
    const unnamed = await stack.preview().then(() => undefined, (e: Error) => e);
    expect(String(unnamed)).toContain("name is required when adopting by id");
    expect((await e2e.api.requestLines()).filter((line: string) => !line.startsWith("GET"))).toEqual([]);
  } finally {
    await removeStack(stack);
  }
});
