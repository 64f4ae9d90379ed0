/**
 * `npm run bench`: speed, request counts and memory of the hcloud provider against the emulator.
 *  1. provider only: N firewalls created concurrently through the provider implementation, so every
 *     Action is polled by the one shared waiter; requests per firewall and polls per tick are counted.
 *  2. the real engine: `pulumi up` of an empty program (the engine's own floor) and of N firewalls,
 *     measured in the same run so the provider's share can be read off.
 * Results go to stdout as JSON; compare with bench/baseline.json (same machine size: 2 cores).
 */
import * as path from "path";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { startEmulator } from "../emulator/server";
import { HcloudClient, setHcloudClientForTests } from "../provider/hcloud/client";
import { firewall } from "../provider/hcloud/firewall";
import { hcloud } from "../sdk";
import { engineEnv, ensureEngine, REPO_ROOT } from "../scripts/engine-env";
import * as fs from "fs";

const N = Number(process.env.BENCH_FIREWALLS ?? 20);
const ACTION_MS = 500;
const TOKEN = "bench-token";

async function requestsOf(url: string): Promise<Array<{ method: string; path: string }>> {
  return ((await (await fetch(`${url}/__emulator/requests`)).json()) as { requests: Array<{ method: string; path: string }> }).requests;
}

async function providerOnly(url: string, hcloudUrl: string) {
  setHcloudClientForTests(new HcloudClient({ endpoint: hcloudUrl, token: TOKEN, waiter: { pollIntervalMs: 200 } }));
  await fetch(`${url}/__emulator/requests`, { method: "DELETE" });
  const started = performance.now();
  const ids = await Promise.all(
    Array.from({ length: N }, async (_, i) => {
      const { inputs } = await firewall.check({}, {
        name: `bench-${i}`,
        rules: [{ direction: "in", protocol: "tcp", port: "443", sourceIps: ["0.0.0.0/0"] }],
        // No applyTo: a server takes at most 5 firewalls, and an apply locks the server for the others.
        // Each create still starts an Action (set_firewall_rules) for the shared waiter.
      });
      return (await firewall.create(inputs)).id;
    }),
  );
  const createMs = performance.now() - started;
  const requests = await requestsOf(url);
  const polls = requests.filter((r) => r.path.endsWith("/actions")).length;
  const deleteStarted = performance.now();
  await Promise.all(ids.map((id) => firewall.delete(id, {})));
  setHcloudClientForTests(undefined);
  return {
    firewalls: N,
    createWallMs: Math.round(createMs),
    requestsPerCreate: +(requests.length / N).toFixed(2),
    actionPollRequests: polls,
    deleteWallMs: Math.round(performance.now() - deleteStarted),
  };
}

async function engineUp(hcloudUrl: string, count: number) {
  const root = fs.mkdtempSync(path.join(REPO_ROOT, ".pulumi-state", "bench-"));
  try {
    const env = engineEnv({ backendDir: path.join(root, "backend"), passphrase: "bench", extra: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" } });
    const bin = ensureEngine();
    const pulumiCommand = await PulumiCommand.get({ root: path.dirname(bin), skipVersionCheck: true });
    const stack = await LocalWorkspace.createOrSelectStack(
      {
        projectName: "bench",
        stackName: `n${count}`,
        program: async () => {
          for (let i = 0; i < count; i++) {
            new hcloud.Firewall(`fw${i}`, { rules: [{ direction: "in", protocol: "icmp", sourceIps: ["0.0.0.0/0"] }] });
          }
        },
      },
      { workDir: root, envVars: env, pulumiCommand, projectSettings: { name: "bench", runtime: "nodejs" } },
    );
    await stack.setAllConfig({ "hcloud:endpoint": { value: hcloudUrl }, "hcloud:token": { value: TOKEN, secret: true } });
    const started = performance.now();
    await stack.up();
    const upMs = performance.now() - started;
    await stack.destroy();
    return Math.round(upMs);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function main() {
  fs.mkdirSync(path.join(REPO_ROOT, ".pulumi-state"), { recursive: true });
  const emulator = await startEmulator({ port: 0, actionDurationMs: ACTION_MS, tokens: [TOKEN] });
  try {
    const provider = await providerOnly(emulator.url, emulator.hcloudUrl);
    const engineFloorMs = await engineUp(emulator.hcloudUrl, 0);
    const engineWithFirewallsMs = await engineUp(emulator.hcloudUrl, N);
    const result = {
      date: new Date().toISOString(),
      actionDurationMs: ACTION_MS,
      provider,
      engine: { emptyUpMs: engineFloorMs, upMs: engineWithFirewallsMs, firewalls: N, providerShareMs: engineWithFirewallsMs - engineFloorMs },
      rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await emulator.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
