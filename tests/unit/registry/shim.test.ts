/** The `__provider` shim (sdk/shim.ts): under 1 KB serialized, and each host call reaches its method. */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { resetStackConfigForTests, setting } from "../../../provider/core/config";
import { resource, resourceKinds } from "../../../provider";
import { providerShim } from "../../../sdk/shim";

// The shim requires the package by name, as a program's provider process does.
jest.mock("pulumi-dns-cloud/provider", () => jest.requireActual("../../../provider"), { virtual: true });

afterEach(() => {
  jest.restoreAllMocks();
  resetStackConfigForTests();
});

test("every kind's __provider, as Pulumi serializes it, is under 1 KB and captures only the kind", async () => {
  for (const kind of resourceKinds) {
    const shim = providerShim(kind);
    const { text } = await pulumi.runtime.serializeFunction(() => shim);
    expect([kind, text.length < 1024]).toEqual([kind, true]);
    expect(text).toContain(`kind: ${JSON.stringify(kind)}`);
    // Nothing else is captured: each method's scope holds only itself, the handler's only the shim.
    const scopes = [...text.matchAll(/with\(\{ (.*?) \}\)/g)].map(([, scope]) => scope.replace(", this: undefined, arguments: undefined", ""));
    expect(scopes.sort()).toEqual(["call: __call", "change: __change", "shim: __shim"]);
  }
});

test("each call of the host reaches its method of the kind", async () => {
  const shim = providerShim("hcloud:Firewall") as Required<pulumi.dynamic.ResourceProvider>;
  const implementation = resource("hcloud:Firewall");
  const calls: unknown[][] = [];
  for (const method of ["check", "diff", "create", "read", "update", "delete"] as const) {
    jest.spyOn(implementation, method).mockImplementation(async (...args: unknown[]) => calls.push([method, ...args]) as never);
  }
  const olds = { name: "a", __provider: "shim" };
  const news = { name: "b", __provider: "shim" };
  await shim.check(olds, news);
  await shim.diff("7", olds, news);
  await shim.create(news);
  await shim.read("7", olds);
  await shim.update("7", olds, news);
  await shim.delete("7", olds);
  expect(calls).toEqual([
    ["check", olds, news],
    ["diff", "7", olds, news],
    ["create", news],
    ["read", "7", olds],
    ["update", "7", olds, news],
    ["delete", "7", olds],
  ]);
  await shim.configure({ config: { get: (key: string) => (key === "hcloud:token" ? "from-stack" : undefined) } } as never);
  expect(setting("hcloud", "token", "HCLOUD_TOKEN")).toBe("from-stack");
  expect(calls).toHaveLength(6);
});

test("a stack's older __provider (a closure per method) still reaches the package", async () => {
  // As the host loads it (requireFromString): the text recorded in state by the previous shim.
  const text = fs.readFileSync(path.join(__dirname, "../../fixtures/provider-shim-v1.js"), "utf8");
  const loaded: { handler?: () => Required<pulumi.dynamic.ResourceProvider> } = {};
  const requireInState = (name: string) => (name === "pulumi-dns-cloud/provider" ? jest.requireActual("../../../provider") : require(name));
  new Function("exports", "require", text)(loaded, requireInState);
  const old = loaded.handler!();
  const implementation = resource("hcloud:Firewall");
  const check = jest.spyOn(implementation, "check").mockResolvedValue({ inputs: { checked: true } });
  const remove = jest.spyOn(implementation, "delete").mockResolvedValue();
  expect(await old.check({}, { name: "a" })).toEqual({ inputs: { checked: true } });
  await old.delete("7", { name: "a" });
  expect([check.mock.calls, remove.mock.calls]).toEqual([[[{}, { name: "a" }]], [["7", { name: "a" }]]]);
  await old.configure({ config: { get: (key: string) => (key === "hcloud:token" ? "old-shim" : undefined) } } as never);
  expect(setting("hcloud", "token", "HCLOUD_TOKEN")).toBe("old-shim");
});
