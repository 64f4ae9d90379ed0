/**
 * A user's install: the packed tarball goes into a fresh Pulumi TypeScript project outside this
 * repository (so it resolves only its own node_modules), which type-checks, runs `up` and `destroy`
 * against the emulator, with the program's own @pulumi/pulumi as the only copy.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { engineEnv, REPO_ROOT, runCli, runProcess, tempDir, timed, useEmulator } from "./harness";

jest.setTimeout(600_000);

const e2e = useEmulator({ token: "install-test-token-4e2b" });
const devDependency = (name: string): string => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).devDependencies[name];

/** The files a user needs: the compiled SDK and provider (code and types), the generator's code, the wire types, the manifest and README. */
const SHIPPED = /^(package\.json|README\.md|dist\/(sdk|provider)\/.+\.(js|d\.ts)|dist\/cli\/.+\.js|dist\/generated\/[^/]+\.d\.ts)$/;

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { hcloud } from "pulumi-dns-cloud";

const web = new hcloud.Firewall("web", {
  labels: { installed: "from-tarball" },
  rules: [{ direction: "in", protocol: "tcp", port: "443", sourceIps: ["0.0.0.0/0"] }],
});
export const firewallId: pulumi.Output<number> = web.firewallId;
export const city = hcloud.getLocation("fsn1").then((location) => location.city);
`;

test("npm pack, install into a fresh project outside the repository, type-check, up and destroy", async () => {
  // Built by `npm test` (or `npm run build`); packing without scripts keeps prepack from rebuilding under other tests.
  expect(fs.existsSync(path.join(REPO_ROOT, "dist", "provider", "index.js"))).toBe(true);
  const packDir = tempDir("pulumi-dns-cloud-pack-", os.tmpdir());
  const npm = (args: string[], cwd: string) => runProcess("npm", args, { cwd, env: { PATH: [path.join(REPO_ROOT, "node_modules", ".bin"), process.env.PATH].join(path.delimiter) }, timeoutMs: 300_000 });

  const pack = await timed("npm pack", () => npm(["pack", "--ignore-scripts", "--json", "--pack-destination", packDir], REPO_ROOT));
  expect(pack.code).toBe(0);
  const [{ filename, files }] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  const paths = files.map((f) => f.path);
  expect(paths.filter((p) => !SHIPPED.test(p))).toEqual([]);
  // What run time requires: the SDK entry, the provider the `__provider` shim requires, and the types.
  expect(paths).toEqual(expect.arrayContaining(["package.json", "dist/sdk/index.js", "dist/sdk/index.d.ts", "dist/provider/index.js", "dist/generated/hcloud.d.ts"]));

  const dir = tempDir("pulumi-dns-cloud-user-", os.tmpdir());
  expect(path.relative(REPO_ROOT, dir).startsWith("..")).toBe(true);
  const projectFiles = {
    "Pulumi.yaml": "name: installed-user\nruntime: nodejs\n",
    "package.json": JSON.stringify({
      name: "installed-user",
      private: true,
      main: "index.ts",
      dependencies: { "@pulumi/pulumi": devDependency("@pulumi/pulumi"), "pulumi-dns-cloud": `file:${path.join(packDir, filename)}` },
      devDependencies: { typescript: devDependency("typescript"), "@types/node": devDependency("@types/node") },
    }),
    "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true, target: "ES2022", module: "commonjs", moduleResolution: "node", esModuleInterop: true, skipLibCheck: true, noEmit: true }, files: ["index.ts"] }),
    "index.ts": PROGRAM,
  };
  for (const [name, text] of Object.entries(projectFiles)) fs.writeFileSync(path.join(dir, name), text);

  const install = await timed("npm install (tarball)", () => npm(["install", "--prefer-offline", "--no-audit", "--no-fund"], dir));
  expect(install.stderr).not.toMatch(/ERR!/);
  expect(install.code).toBe(0);
  // The provider process resolves the installed copy, and the package uses the program's @pulumi/pulumi.
  expect(require.resolve("pulumi-dns-cloud/provider", { paths: [dir] })).toBe(fs.realpathSync(path.join(dir, "node_modules", "pulumi-dns-cloud", "dist", "provider", "index.js")));
  expect(fs.existsSync(path.join(dir, "node_modules", "pulumi-dns-cloud", "node_modules", "@pulumi"))).toBe(false);

  // The generator is on the installed package's bin path.
  const cli = await runProcess(path.join(dir, "node_modules", ".bin", "pulumi-dns-cloud"), ["generate"], { cwd: dir, env: {} });
  expect(cli.code).toBe(2);
  expect(cli.stderr).toContain("usage: pulumi-dns-cloud generate hcloud firewalls");

  const typecheck = await timed("tsc (user project)", () => runProcess(path.join(dir, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.json"], { cwd: dir, env: {} }));
  expect(typecheck.stdout + typecheck.stderr).toBe("");
  expect(typecheck.code).toBe(0);

  const env = engineEnv();
  for (const args of [
    ["stack", "init", "dev"],
    ["config", "set", "hcloud:endpoint", e2e.emulator.hcloudUrl],
    ["config", "set", "--secret", "hcloud:token", e2e.token],
  ]) {
    const result = await runCli(args, { cwd: dir, env });
    expect(result.code).toBe(0);
  }
  const up = await timed("installed up", () => runCli(["up", "--yes", "--skip-preview"], { cwd: dir, env }));
  expect(up.stdout + up.stderr).toContain("+ 2 created");
  expect(up.code).toBe(0);
  const outputs = JSON.parse((await runCli(["stack", "output", "--json"], { cwd: dir, env })).stdout);
  expect(outputs.city).toBe("Falkenstein");
  expect((await e2e.api.json("GET", `/hcloud/v1/firewalls/${outputs.firewallId}`)).body.firewall.labels).toEqual({
    installed: "from-tarball",
    // The hidden owner label the installed SDK derives, so a repeated create can find its own object.
    "pulumi-dns-cloud/owner": expect.stringMatching(/^[0-9a-f]{32}$/),
  });

  const destroy = await timed("installed destroy", () => runCli(["destroy", "--yes", "--skip-preview"], { cwd: dir, env }));
  expect(destroy.code).toBe(0);
  expect((await e2e.api.json("GET", "/hcloud/v1/firewalls")).body.firewalls).toEqual([]);
  expect((await runCli(["stack", "rm", "--yes"], { cwd: dir, env })).code).toBe(0);
});
