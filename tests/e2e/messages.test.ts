/**
 * What a user reads in the `pulumi` CLI: a rules change in `preview --diff` as the rules added and
 * removed, check failures as one short exact line each, an error from delete once and without a stack
 * trace. And the replacement order of a FirewallAttachment, seen in the emulator's request log.
 */
import { hcloud } from "../../sdk";
import { diagnostics, engineEnv, inlineStack, removeStack, runCli, timed, useEmulator, writeProject } from "./harness";

jest.setTimeout(300_000);

const e2e = useEmulator({ token: "e2e-hcloud-token-messages-51c2" });

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { hcloud } from "pulumi-dns-cloud";

const mode = new pulumi.Config().get("mode") ?? "initial";
const rule = (port: string, cidr = "0.0.0.0/0") => ({ direction: "in", protocol: "tcp", port, sourceIps: [cidr] });
const initial = [rule("22", "10.0.0.0/8"), rule("80"), rule("443")];
const rules: Record<string, unknown[]> = {
  initial,
  // One rule added in front, one removed from the middle.
  changed: [rule("8080"), initial[0], initial[2]],
  hostBits: [rule("22", "10.1.2.3/8"), initial[1], initial[2]],
  tooMany: Array.from({ length: 51 }, (_, i) => rule(String(1000 + i))),
};
new hcloud.Firewall("web", { rules: rules[mode] ?? initial });
if (mode !== "withoutIp") new hcloud.FloatingIp("vip", { type: "ipv4", homeLocation: "fsn1", deleteProtection: true });
`;

describe("the CLI on a program with a firewall and a protected floating IP", () => {
  const env = engineEnv();
  const cwd = writeProject({ "Pulumi.yaml": "name: e2e-messages\nruntime: nodejs\n", "index.ts": PROGRAM });
  const cli = (label: string, args: string[]) => timed(`messages: ${label}`, () => runCli(args, { cwd, env }));
  const ok = async (label: string, args: string[]) => {
    const result = await cli(label, args);
    if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
    return result;
  };
  const withMode = (mode: string) => ok(`mode ${mode}`, ["config", "set", "mode", mode]);

  beforeAll(async () => {
    await ok("stack init", ["stack", "init", "dev"]);
    await ok("endpoint", ["config", "set", "hcloud:endpoint", e2e.emulator.hcloudUrl]);
    await ok("token", ["config", "set", "--secret", "hcloud:token", e2e.token]);
    await ok("up", ["up", "--yes", "--skip-preview"]);
  });

  test("preview --diff shows the rules added and removed, not every rule changed by position", async () => {
    await withMode("changed");
    const preview = await ok("preview --diff", ["preview", "--diff"]);
    const lines = preview.stdout.split("\n");
    const from = lines.findIndex((line) => line.trim() === "~ rules: [");
    expect(from).toBeGreaterThan(0);
    const indent = lines[from].indexOf("~") + 2; // the closing bracket sits under the property's name
    const to = lines.findIndex((line, i) => i > from && line === `${" ".repeat(indent)}]`);
    expect(lines.slice(from, to + 1).map((line) => line.trim())).toEqual([
      "~ rules: [",
      "+ [0]: {",
      '+ direction: "in"',
      '+ port     : "8080"',
      '+ protocol : "tcp"',
      "+ sourceIps: [",
      '+     [0]: "0.0.0.0/0"',
      "]",
      "}",
      "- [1]: {",
      '- direction: "in"',
      '- port     : "80"',
      '- protocol : "tcp"',
      "- sourceIps: [",
      '-     [0]: "0.0.0.0/0"',
      "]",
      "}",
      "]",
    ]);
  });

  // The engine prints the value of the property a failure names; at the resource it prints the reason only.
  test("a check failure on rules[0] is one exact line, without a value", async () => {
    await withMode("hostBits");
    const preview = await cli("preview (host bits)", ["preview"]);
    expect(preview.code).not.toBe(0);
    expect(diagnostics(preview.stdout)).toEqual({
      "pulumi-nodejs:dynamic/hcloud:Firewall (web):": [
        "error: pulumi-nodejs:dynamic/hcloud:Firewall resource 'web' has a problem: rules[0]: sourceIps: \"10.1.2.3/8\" has host bits set: " +
          "write 10.0.0.0/8 for the network or 10.1.2.3/32 for the single address",
      ],
    });
  });

  test("a check failure on rules is one short line, not every rule twice", async () => {
    await withMode("tooMany");
    const preview = await cli("preview (51 rules)", ["preview"]);
    expect(preview.code).not.toBe(0);
    expect(diagnostics(preview.stdout)).toEqual({
      "pulumi-nodejs:dynamic/hcloud:Firewall (web):": [
        "error: pulumi-nodejs:dynamic/hcloud:Firewall resource 'web' has a problem: rules: a firewall takes at most 50 rules, got 51",
      ],
    });
  });

  test("a delete refused for protection: the message once, under the resource, with no stack trace", async () => {
    await withMode("withoutIp");
    const refused = await cli("up (protected delete)", ["up", "--yes", "--skip-preview"]);
    expect(refused.code).not.toBe(0);
    expect(diagnostics(refused.stdout)).toEqual({
      "pulumi-nodejs:dynamic/hcloud:FloatingIp (vip):": [
        expect.stringMatching(
          /^error: floating IP \d+ \(vip-[0-9a-f]{7}\) has delete protection: disable deleteProtection first \(set deleteProtection: false and run `pulumi up`\), then delete it$/,
        ),
      ],
      "pulumi:pulumi:Stack (e2e-messages-dev):": ["error: update failed"],
    });
    const everything = refused.stdout + refused.stderr;
    expect(everything).not.toMatch(/^\s+at /m);
    expect(everything).not.toMatch(/\.ts:\d+/);
    expect(everything).not.toMatch(/Error: floating IP/);
  });
});

test("FirewallAttachment moved to another firewall: the new firewall is applied before the old one is removed", async () => {
  let useSecond = false;
  const program = async () => {
    const rules: hcloud.FirewallRuleArgs[] = [{ direction: "in", protocol: "icmp", sourceIps: ["0.0.0.0/0", "::/0"] }];
    const first = new hcloud.Firewall("first", { rules });
    const second = new hcloud.Firewall("second", { rules });
    new hcloud.FirewallAttachment("on-web", { firewallId: useSecond ? second.firewallId : first.firewallId, serverIds: [42] });
    return { first: first.firewallId, second: second.firewallId };
  };
  const stack = await inlineStack({ projectName: "messages-attachment-order", program, config: e2e.config });
  const servers = async (firewallId: number) =>
    (await e2e.api.json("GET", `/hcloud/v1/firewalls/${firewallId}`)).body.firewall.applied_to.map((a: any) => a.server?.id);
  try {
    const up = await timed("attachment up", () => stack.up());
    const first = up.outputs.first.value as number;
    const second = up.outputs.second.value as number;
    expect(await servers(first)).toEqual([42]);

    useSecond = true;
    await e2e.api.clearRequests();
    const moved = await timed("attachment up (replace)", () => stack.up());
    expect(moved.summary.resourceChanges).toEqual({ same: 3, replace: 1 });
    const actions = (await e2e.api.requestLines()).filter((line: string) => line.startsWith("POST") && line.includes("/actions/"));
    expect(actions).toEqual([
      `POST /hcloud/v1/firewalls/${second}/actions/apply_to_resources`,
      `POST /hcloud/v1/firewalls/${first}/actions/remove_from_resources`,
    ]);
    expect(await servers(first)).toEqual([]);
    expect(await servers(second)).toEqual([42]);
  } finally {
    await removeStack(stack);
  }
});
