/**
 * Drives a stack from the Automation API: an inline program with a Hetzner Cloud firewall, a local
 * file backend, `up` (or `destroy` with --destroy), and the outputs printed as JSON.
 *
 *   HCLOUD_TOKEN=… [HCLOUD_ENDPOINT=http://127.0.0.1:4780/hcloud/v1] \
 *   PULUMI_BACKEND_URL=file://$PWD/.pulumi-state PULUMI_CONFIG_PASSPHRASE=… \
 *   npx ts-node examples/automation/index.ts [--destroy]
 *
 * `pulumi` must be on PATH (`npm run engine` prints the folder that has it).
 */
import * as path from "path";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { hcloud } from "pulumi-dns-cloud";

async function main(): Promise<void> {
  const token = process.env.HCLOUD_TOKEN;
  if (!token) throw new Error("set HCLOUD_TOKEN (and HCLOUD_ENDPOINT to use the emulator)");

  const stack = await LocalWorkspace.createOrSelectStack(
    {
      projectName: "automation-example",
      stackName: process.env.STACK ?? "dev",
      program: async () => {
        const fw = new hcloud.Firewall("automation", {
          labels: { managed_by: "automation-api" },
          rules: [{ direction: "in", protocol: "tcp", port: "22", sourceIps: ["198.51.100.0/24"] }],
          applyTo: { labelSelectors: ["role=web"] },
        });
        return { firewallId: fw.firewallId, appliedTo: fw.appliedTo };
      },
    },
    // The provider process starts in workDir and finds this package from there.
    {
      workDir: path.resolve(__dirname),
      projectSettings: { name: "automation-example", runtime: "nodejs", description: "Automation API example" },
    },
  );
  await stack.setConfig("hcloud:token", { value: token, secret: true });
  if (process.env.HCLOUD_ENDPOINT) await stack.setConfig("hcloud:endpoint", { value: process.env.HCLOUD_ENDPOINT });

  if (process.argv.includes("--destroy")) {
    await stack.destroy({ onOutput: (line) => process.stderr.write(line) });
    console.log(JSON.stringify({ destroyed: stack.name }));
    return;
  }
  const result = await stack.up({ onOutput: (line) => process.stderr.write(line) });
  console.log(JSON.stringify(Object.fromEntries(Object.entries(result.outputs).map(([k, v]) => [k, v.value]))));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
