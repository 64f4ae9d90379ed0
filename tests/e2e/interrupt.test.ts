/**
 * A hard interrupt (the CLI killed) while creates wait on their Actions: after what the CLI asks for
 * (`pulumi cancel`, `pulumi refresh --clear-pending-creates`), the next `up` finds the objects the
 * interrupted creates made (deterministic names, owner label) instead of making duplicates or failing
 * on the named one, and destroy leaves nothing.
 */
import { spawn } from "child_process";
import { engineEnv, processesIn, pulumiPath, runCli, timed, useEmulator, writeProject } from "./harness";

jest.setTimeout(420_000);

const e2e = useEmulator({ token: "e2e-hcloud-token-interrupt-41d0" });

const firewalls = async (): Promise<any[]> => (await e2e.api.json("GET", "/hcloud/v1/firewalls")).body.firewalls;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const program = `
import { hcloud } from "pulumi-dns-cloud";
const rules = [{ direction: "in" as const, protocol: "icmp" as const, sourceIps: ["0.0.0.0/0"] }];
const a = new hcloud.Firewall("auto-a", { rules, applyTo: { serverIds: [42] } });
const b = new hcloud.Firewall("auto-b", { rules, applyTo: { serverIds: [43] } });
const named = new hcloud.Firewall("named", { name: "named-fw", rules, applyTo: { serverIds: [42] } });
export const ids = [a.firewallId, b.firewallId, named.firewallId];
`;

test("killed while creates wait on Actions: cancel, up again finds its own 3 firewalls, destroy leaves none", async () => {
  const dir = writeProject({ "Pulumi.yaml": "name: interrupted\nruntime: nodejs\n", "index.ts": program }, "interrupt-");
  const env = engineEnv();
  const cli = (args: string[]) => runCli(args, { cwd: dir, env });
  try {
    for (const args of [["stack", "init", "kill"], ["config", "set", "hcloud:endpoint", e2e.emulator.hcloudUrl], ["config", "set", "--secret", "hcloud:token", e2e.token]]) {
      expect((await cli(args)).code).toBe(0);
    }
    // Actions that outlast the kill: the creates are pending in the engine when it dies.
    await e2e.api.json("PUT", "/__emulator/config", { actionDurationMs: 20_000 });
    const child = spawn(pulumiPath(), ["up", "--yes", "--skip-preview", "--non-interactive"], {
      cwd: dir,
      env: { ...process.env, ...env },
      stdio: "ignore",
      detached: true,
    });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    await timed("interrupt: wait for the 3 creates", async () => {
      while ((await firewalls()).length < 3) await sleep(200);
    });
    process.kill(-child.pid!, "SIGKILL"); // the CLI, the language host and the provider: its whole process group
    await exited;
    // A plugin the engine started outside that group must not outlive it: an orphaned provider that
    // goes on printing progress lines into the closed pipe would spin in the host's error handler.
    await timed("interrupt: orphaned plugins exit", async () => {
      for (let waited = 0; processesIn(dir).length && waited < 15_000; waited += 250) await sleep(250);
    });
    expect(processesIn(dir)).toEqual([]);
    await e2e.api.json("PUT", "/__emulator/config", { actionDurationMs: 300 });
    const made = (await firewalls()).map((f) => f.name).sort();
    expect(made).toHaveLength(3);

    // What the CLI asks for: `pulumi cancel` for the lock the killed update left behind, then `pulumi
    // refresh` to clear the pending creates (non-interactively: --clear-pending-creates).
    const locked = await timed("interrupt: up while locked", () => cli(["up", "--yes", "--skip-preview"]));
    if (locked.code !== 0) {
      expect(locked.stdout + locked.stderr).toMatch(/pulumi cancel/);
      expect((await cli(["cancel", "--yes"])).code).toBe(0);
    }
    const cleared = await timed("interrupt: refresh --clear-pending-creates", () => cli(["refresh", "--yes", "--skip-preview", "--clear-pending-creates"]));
    expect(cleared.code).toBe(0);
    const again = await timed("interrupt: up again", () => cli(["up", "--yes", "--skip-preview"]));
    expect({ code: again.code, output: again.code === 0 ? "" : again.stdout + again.stderr }).toEqual({ code: 0, output: "" });
    const live = await firewalls();
    expect(live.map((f) => f.name).sort()).toEqual(made);
    const outputs = JSON.parse((await cli(["stack", "output", "--json"])).stdout);
    expect([...outputs.ids].sort()).toEqual(live.map((f) => f.id).sort());
    expect(live.find((f) => f.name === "named-fw").applied_to).toEqual([{ type: "server", server: { id: 42 } }]);
    const state = JSON.parse((await cli(["stack", "export"])).stdout).deployment;
    expect(state.resources.filter((r: any) => r.type.endsWith("hcloud:Firewall")).map((r: any) => Number(r.id)).sort()).toEqual(live.map((f) => f.id).sort());
    expect(state.pending_operations ?? []).toEqual([]);

    const destroy = await timed("interrupt: destroy", () => cli(["destroy", "--yes", "--skip-preview"]));
    expect(destroy.code).toBe(0);
    expect(await firewalls()).toEqual([]);
  } finally {
    await e2e.api.json("PUT", "/__emulator/config", { actionDurationMs: 300 });
    await cli(["stack", "rm", "--yes", "--force"]);
  }
});
