/**
 * Several Hetzner projects in one stack, through the real engine: one firewall in the project of the
 * stack config (`hcloud:token`), one in another project through its own `credentials`. The emulator
 * serves both projects, each with its own state, and accepts the second project's old and new token.
 */
import { hcloud } from "../../sdk";
import { backendFilesContaining, inlineStack, removeStack, runCli, timed, useEmulator } from "./harness";

jest.setTimeout(300_000);

const B_TOKEN = "e2e-project-b-token-7d2a";
const B_ROTATED = "e2e-project-b-token-rotated-91c4";
const e2e = useEmulator({ token: "e2e-project-a-token-3b8e", projects: { b: [B_TOKEN, B_ROTATED] } });
const TOKENS = [e2e.token, B_TOKEN, B_ROTATED];

const firewallsOf = async (project: string) => (await e2e.api.json("GET", `/__emulator/state?project=${project}`)).body.hcloud.firewalls;
const writes = <T extends { method: string }>(requests: T[]) => requests.filter((r) => r.method !== "GET");

test("two projects in one stack: each firewall lives in its own project, a rotated token is recorded without a write, refresh and destroy use it, tokens stay secret", async () => {
  let bToken = B_TOKEN;
  const rules: hcloud.FirewallRuleArgs[] = [{ direction: "in", protocol: "tcp", port: "22", sourceIps: ["10.0.0.0/8"] }];
  const program = async () => {
    // The same name in both projects: names are unique per project only.
    const a = new hcloud.Firewall("a", { name: "web", rules });
    const b = new hcloud.Firewall("b", { name: "web", rules, credentials: { token: bToken, endpoint: e2e.emulator.hcloudUrl } });
    return { a: a.firewallId, b: b.firewallId };
  };
  const stack = await inlineStack({ projectName: "two-projects", program, config: e2e.config });
  const cliOutput: string[] = [];
  const exportState = async (...flags: string[]) => {
    const result = await runCli(["stack", "export", "--stack", stack.name, ...flags], { cwd: stack.workspace.workDir, env: stack.workspace.envVars });
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout);
  };
  /** A secret as `stack export --show-secrets` shows it: the signature key and the value as JSON text. */
  const revealed = (secret: { plaintext: string }) => JSON.parse(secret.plaintext);
  const firewallState = (deployment: any, name: string) =>
    deployment.deployment.resources.find((r: { type: string; urn: string }) => r.type.endsWith("hcloud:Firewall") && r.urn.endsWith(`::${name}`));
  try {
    const up = await timed("up", () => stack.up());
    cliOutput.push(up.stdout, up.stderr);
    expect(up.summary.resourceChanges).toEqual({ create: 3 });
    expect((await firewallsOf("default")).map((f: { name: string }) => f.name)).toEqual(["web"]);
    expect((await firewallsOf("b")).map((f: { name: string }) => f.name)).toEqual(["web"]);
    const posts = (await e2e.api.requests()).filter((r) => r.method === "POST" && r.path === "/hcloud/v1/firewalls");
    expect(posts.map((r) => r.project).sort()).toEqual(["b", "default"]);

    // In state the token is a secret: ciphertext in inputs and outputs, plain text nowhere.
    const exported = await exportState();
    const bState = firewallState(exported, "b");
    expect(Object.keys(bState.inputs.credentials)).toEqual(expect.arrayContaining(["ciphertext"]));
    expect(Object.keys(bState.outputs.credentials)).toEqual(expect.arrayContaining(["ciphertext"]));
    expect(firewallState(exported, "a").outputs.credentials).toBeUndefined();
    for (const token of TOKENS) {
      expect(JSON.stringify(exported)).not.toContain(token);
      expect(backendFilesContaining(stack, token)).toEqual([]);
    }
    expect(revealed(firewallState(await exportState("--show-secrets"), "b").outputs.credentials)).toEqual({ token: B_TOKEN, endpoint: e2e.emulator.hcloudUrl });

    // Nothing changed: nothing to do, and not one API request.
    await e2e.api.clearRequests();
    const preview = await timed("no-op preview", () => stack.preview());
    cliOutput.push(preview.stdout, preview.stderr);
    expect(preview.changeSummary).toEqual({ same: 3 });
    expect(await e2e.api.requestLines()).toEqual([]);

    // A rotated token: an update that writes nothing, and the new token is what state holds.
    bToken = B_ROTATED;
    await e2e.api.clearRequests();
    const rotated = await timed("up (rotated token)", () => stack.up());
    cliOutput.push(rotated.stdout, rotated.stderr);
    expect(rotated.summary.resourceChanges).toEqual({ same: 2, update: 1 });
    const rotationRequests = await e2e.api.requests();
    expect(writes(rotationRequests)).toEqual([]);
    expect(rotationRequests.map((r) => r.project)).toEqual(rotationRequests.map(() => "b"));
    expect(revealed(firewallState(await exportState("--show-secrets"), "b").outputs.credentials)).toEqual({ token: B_ROTATED, endpoint: e2e.emulator.hcloudUrl });
    expect(JSON.stringify(await exportState())).not.toContain(B_ROTATED);

    // The old token is revoked: refresh and destroy must use the recorded new one.
    expect((await e2e.api.json("POST", "/__emulator/revoke-token", { token: B_TOKEN })).status).toBe(204);

    // Refresh reads each firewall from its own project (with the recorded credentials), and finds no drift.
    await e2e.api.clearRequests();
    const refresh = await timed("refresh", () => stack.refresh());
    cliOutput.push(refresh.stdout, refresh.stderr);
    expect(refresh.summary.resourceChanges).toEqual({ same: 3 });
    expect((await e2e.api.requests()).map((r) => `${r.method} ${r.path} ${r.project}`).sort()).toEqual([
      "GET /hcloud/v1/firewalls/100 b",
      "GET /hcloud/v1/firewalls/100 default",
    ]);

    // Destroy removes each firewall from its own project.
    await e2e.api.clearRequests();
    const destroy = await timed("destroy", () => stack.destroy());
    cliOutput.push(destroy.stdout, destroy.stderr);
    expect(destroy.summary.resourceChanges).toEqual({ delete: 3 });
    const deletes = writes(await e2e.api.requests());
    expect(deletes.map((r) => `${r.method} ${r.path} ${r.project}`).sort()).toEqual([
      "DELETE /hcloud/v1/firewalls/100 b",
      "DELETE /hcloud/v1/firewalls/100 default",
    ]);
    expect(await firewallsOf("default")).toEqual([]);
    expect(await firewallsOf("b")).toEqual([]);

    // No token in plain text in the CLI output or the request log.
    const log = JSON.stringify(await e2e.api.allRequests());
    for (const token of TOKENS) {
      expect(cliOutput.join("\n")).not.toContain(token);
      expect(log).not.toContain(token);
    }
  } finally {
    await removeStack(stack);
  }
});
