/** examples/vpsorg runs as a program of its own through the CLI against the emulator: up, no-op preview, destroy. */
import * as fs from "fs";
import * as path from "path";
import { engineEnv, REPO_ROOT, runCli, timed, useEmulator, writeProject } from "./harness";
import { vpsorgTools } from "../support/vpsorg";

jest.setTimeout(300_000);

const e2e = useEmulator({ token: "vps_e2e-example-c3d9" });
const { outOfBand, liveLines } = vpsorgTools(e2e);

test("examples/vpsorg through the CLI: zones, single records and a zone file up, no-op preview, destroy leaves no zone", async () => {
  const source = path.join(REPO_ROOT, "examples", "vpsorg");
  const files = Object.fromEntries(
    ["Pulumi.yaml", "index.ts", "package.json", "tsconfig.json", "example-shop.de.zone"].map((f) => [f, fs.readFileSync(path.join(source, f), "utf8")]),
  );
  const dir = writeProject(files, "vpsorg-example-");
  const env = engineEnv();
  try {
    for (const args of [
      ["stack", "init", "example"],
      ["config", "set", "vpsorg:endpoint", e2e.emulator.vpsorgUrl],
      ["config", "set", "--secret", "vpsorg:apiToken", e2e.token],
    ]) {
      const result = await runCli(args, { cwd: dir, env });
      expect(result.stderr.replace(/^Created stack.*\n/, "")).toBe("");
      expect(result.code).toBe(0);
    }
    const up = await timed("vpsorg example up", () => runCli(["up", "--yes", "--skip-preview"], { cwd: dir, env }));
    expect(up.stdout + up.stderr).toContain("+ 7 created");
    expect(up.code).toBe(0);

    const outputs = JSON.parse((await runCli(["stack", "output", "--json"], { cwd: dir, env })).stdout);
    expect(outputs.shopRecordCount).toBe(11);
    expect(await liveLines(outputs.blogZoneId)).toEqual([
      "@ A - 203.0.113.40 3600",
      "@ MX 10 mx1.mail-provider.example 3600",
      "_sip._tcp SRV 10 60 5060 sip.example-blog.org 600",
    ]);

    expect((await runCli(["preview", "--expect-no-changes"], { cwd: dir, env })).code).toBe(0);
    const destroy = await timed("vpsorg example destroy", () => runCli(["destroy", "--yes", "--skip-preview"], { cwd: dir, env }));
    expect(destroy.code).toBe(0);
    expect(await outOfBand("GET", "/dns-zones/")).toEqual([]);
  } finally {
    await runCli(["stack", "rm", "--yes", "--force"], { cwd: dir, env });
  }
});
