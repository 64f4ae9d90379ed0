/** examples/cloudflare through the CLI against the emulator: up, no-op preview, destroy leaves only what the program did not own. */
import * as fs from "fs";
import * as path from "path";
import { CLOUDFLARE_API, cloudflareHelpers } from "./cloudflare-harness";
import { engineEnv, REPO_ROOT, runCli, timed, useEmulator, writeProject } from "./harness";

jest.setTimeout(300_000);

const e2e = useEmulator({ token: "e2e-cloudflare-token-example-2a7e" });
const API = CLOUDFLARE_API;

test("examples/cloudflare through the CLI: two DnsRecords and a filtered DnsRecords up, no-op preview, destroy spares the record it does not own", async () => {
  const zoneId = await cloudflareHelpers(e2e).existingZone("example-shop.de");
  // Outside the example's filter: never touched.
  await e2e.api.json("POST", `${API}/zones/${zoneId}/dns_records`, { type: "A", name: "office", content: "198.51.100.7" });
  const source = path.join(REPO_ROOT, "examples", "cloudflare");
  const files = Object.fromEntries(["Pulumi.yaml", "index.ts", "package.json", "tsconfig.json"].map((f) => [f, fs.readFileSync(path.join(source, f), "utf8")]));
  const dir = writeProject(files, "cloudflare-example-");
  const env = engineEnv();
  try {
    for (const args of [
      ["stack", "init", "example"],
      ["config", "set", "cloudflare:endpoint", e2e.emulator.cloudflareUrl],
      ["config", "set", "--secret", "cloudflare:apiToken", e2e.token],
    ]) {
      const result = await runCli(args, { cwd: dir, env });
      expect(result.stderr.replace(/^Created stack.*\n/, "")).toBe("");
      expect(result.code).toBe(0);
    }
    const up = await timed("cloudflare example up", () => runCli(["up", "--yes", "--skip-preview"], { cwd: dir, env }));
    expect(up.stdout + up.stderr).toContain("+ 4 created");
    expect(up.code).toBe(0);
    const outputs = JSON.parse((await runCli(["stack", "output", "--json"], { cwd: dir, env })).stdout);
    expect(outputs).toMatchObject({ zoneId, apexName: "example-shop.de", mailRecords: 5 });
    expect(outputs.zoneFile).toContain("office.example-shop.de.");
    const live = (await e2e.api.json("GET", `${API}/zones/${zoneId}/dns_records?per_page=100`)).body.result;
    expect(live.map((r: any) => `${r.name} ${r.type}${r.proxied ? " proxied" : ""}`).sort()).toEqual([
      "_dmarc.example-shop.de TXT",
      "example-shop.de A proxied",
      "example-shop.de CAA",
      "example-shop.de MX",
      "example-shop.de MX",
      "example-shop.de TXT",
      "office.example-shop.de A",
      "www.example-shop.de CNAME proxied",
    ]);

    expect((await runCli(["preview", "--expect-no-changes"], { cwd: dir, env })).code).toBe(0);
    const destroy = await timed("cloudflare example destroy", () => runCli(["destroy", "--yes", "--skip-preview"], { cwd: dir, env }));
    expect(destroy.code).toBe(0);
    const left = (await e2e.api.json("GET", `${API}/zones/${zoneId}/dns_records`)).body.result;
    expect(left.map((r: any) => r.name)).toEqual(["office.example-shop.de"]);
  } finally {
    await runCli(["stack", "rm", "--yes", "--force"], { cwd: dir, env });
  }
});
