/**
 * Proves the engine harness, our language host (scripts/language-host.js) and the dynamic-provider
 * plugin script with a trivial dynamic resource: no provider code of this package is involved.
 */
import * as pulumi from "@pulumi/pulumi";
import { cleanup, engineEnv, inlineStack, removeStack, runCli, timed, writeProject } from "./harness";

jest.setTimeout(300_000);
afterAll(cleanup);

const DYNAMIC_TYPE = "pulumi-nodejs:dynamic:Resource";

// Serialized by the SDK into the plugin: must capture nothing but plain values.
const echoProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: any) {
    return { id: "x", outs: { ...inputs, greeting: `hello ${inputs.who}` } };
  },
};

class Echo extends pulumi.dynamic.Resource {
  // `declare`, not `greeting!:`: with target ES2022 (useDefineForClassFields) a class field would be
  // re-initialised to undefined after super() and hide the output the SDK set.
  declare readonly greeting: pulumi.Output<string>;
  constructor(name: string, args: { who: pulumi.Input<string> }, opts?: pulumi.CustomResourceOptions) {
    super(echoProvider, name, { greeting: undefined, ...args }, opts);
  }
}

test("Automation API inline program: up, no-change preview, destroy", async () => {
  const stack = await timed("inline: create stack", () =>
    inlineStack({
      projectName: "e2e-engine-inline",
      config: { who: { value: "inline" } },
      program: async () => {
        const echo = new Echo("echo", { who: new pulumi.Config().require("who") });
        return { greeting: echo.greeting };
      },
    }),
  );
  try {
    const up = await timed("inline: up", () => stack.up());
    expect(up.summary.result).toBe("succeeded");
    expect(up.outputs.greeting.value).toBe("hello inline");
    const state = await stack.exportStack();
    expect(state.deployment.resources.filter((r: any) => r.type === DYNAMIC_TYPE)).toHaveLength(1);
    expect(up.summary.resourceChanges).toEqual({ create: 2 }); // the stack and the dynamic resource

    const preview = await timed("inline: preview", () => stack.preview());
    expect(preview.changeSummary).toEqual({ same: 2 });

    const destroy = await timed("inline: destroy", () => stack.destroy());
    expect(destroy.summary.resourceChanges).toEqual({ delete: 2 });
  } finally {
    await timed("inline: remove stack", () => removeStack(stack));
  }
});

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";

const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: any) {
    return { id: "x", outs: { ...inputs, greeting: \`hello \${inputs.who}\` } };
  },
};

class Echo extends pulumi.dynamic.Resource {
  declare readonly greeting: pulumi.Output<string>;
  constructor(name: string, args: { who: pulumi.Input<string> }) {
    super(provider, name, { greeting: undefined, ...args });
  }
}

const config = new pulumi.Config();
if (config.getBoolean("fail")) throw new Error("failing on purpose");
const echo = new Echo("echo", { who: config.require("who") });
export const greeting = echo.greeting;
export const token = config.requireSecret("token");
export const stackName = pulumi.getStack();
`;

test("pulumi CLI on a TypeScript program folder: stack init, up, stack output, destroy", async () => {
  const env = engineEnv();
  const cwd = writeProject({ "Pulumi.yaml": "name: e2e-engine-cli\nruntime: nodejs\n", "index.ts": PROGRAM });
  const cli = (label: string, args: string[]) => timed(`cli: ${label}`, () => runCli(args, { cwd, env }));
  const ok = async (label: string, args: string[]) => {
    const res = await cli(label, args);
    if (res.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${res.code}\n${res.stdout}\n${res.stderr}`);
    return res;
  };

  await ok("stack init", ["stack", "init", "dev"]);
  await ok("config set", ["config", "set", "who", "cli", "--stack", "dev"]);
  await ok("config set --secret", ["config", "set", "--secret", "token", "s3cr3t", "--stack", "dev"]);

  const up = await ok("up", ["up", "--yes", "--skip-preview", "--stack", "dev"]);
  expect(up.stdout).toMatch(/2 created/);

  const out = await ok("stack output", ["stack", "output", "--json", "--stack", "dev"]);
  expect(JSON.parse(out.stdout)).toEqual({ greeting: "hello cli", token: "[secret]", stackName: "dev" });
  const shown = await ok("stack output --show-secrets", ["stack", "output", "--json", "--show-secrets", "--stack", "dev"]);
  expect(JSON.parse(shown.stdout).token).toBe("s3cr3t");

  const preview = await ok("preview", ["preview", "--expect-no-changes", "--stack", "dev"]);
  expect(preview.stdout).toMatch(/2 unchanged/);

  // A program error: the SDK logs it and exits 32, which the host turns into bail (no extra message).
  await ok("config set fail", ["config", "set", "fail", "true", "--stack", "dev"]);
  const failed = await cli("up (failing program)", ["up", "--yes", "--skip-preview", "--stack", "dev"]);
  expect(failed.code).not.toBe(0);
  expect(failed.stdout + failed.stderr).toMatch(/failing on purpose/);
  expect(failed.stdout + failed.stderr).not.toMatch(/Program exited with non-zero exit code/);
  await ok("config rm fail", ["config", "rm", "fail", "--stack", "dev"]);

  const destroy = await ok("destroy", ["destroy", "--yes", "--skip-preview", "--stack", "dev"]);
  expect(destroy.stdout).toMatch(/2 deleted/);
  await ok("stack rm", ["stack", "rm", "dev", "--yes"]);
});
