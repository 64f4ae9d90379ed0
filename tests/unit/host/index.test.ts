import * as fs from "fs";
import * as path from "path";
import { changedProperties, resourceLevelFailure, wrapForHost } from "../../../provider/host";
import { UNKNOWN } from "../../../provider/core/inputs";
import { ResourceImplementation } from "../../../provider/core/resource";

const unused = () => Promise.reject(new Error("not called"));
const implementation = (over: Partial<ResourceImplementation>): ResourceImplementation => ({
  check: unused,
  diff: unused,
  create: unused,
  read: unused,
  update: unused,
  delete: unused,
  ...over,
});

describe("check failures as the engine prints them", () => {
  // The engine prints `property P value V has a problem`, V looked up as a top-level key: `{<nil>}` for
  // `rules[0]`, every rule for `rules`. At the resource, it prints the reason alone.
  test.each([
    [{ property: "rules[0]", reason: 'rules[0]: sourceIps: "10.1.2.3/8" has host bits set' }, 'rules[0]: sourceIps: "10.1.2.3/8" has host bits set'],
    [{ property: "rules", reason: "a firewall takes at most 50 rules, got 51" }, "rules: a firewall takes at most 50 rules, got 51"],
    [{ property: "name", reason: "name must be a string of at most 128 characters" }, "name must be a string of at most 128 characters"],
    [{ property: "labels", reason: "label key 'a b' has an invalid name" }, "labels: label key 'a b' has an invalid name"],
    [{ property: "serverIds", reason: "serverIdsX is not this property" }, "serverIds: serverIdsX is not this property"],
    [{ property: "", reason: "the resource as a whole" }, "the resource as a whole"],
  ])("%j → reason %j at the resource", (failure, reason) => {
    expect(resourceLevelFailure(failure)).toEqual({ property: "", reason });
  });

  test("the wrapped check reports every failure at the resource and keeps the checked inputs", async () => {
    const wrapped = wrapForHost(
      implementation({ check: async () => ({ inputs: { rules: [] }, failures: [{ property: "rules[3]", reason: "rules[3]: port must be …" }] }) }),
    );
    expect(await wrapped.check({}, {})).toEqual({ inputs: { rules: [] }, failures: [{ property: "", reason: "rules[3]: port must be …" }] });
  });
});

describe("diff as the host reads it", () => {
  test("the detailed diff is not a field of the result (the host drops it), changes reads as computed", async () => {
    const wrapped = wrapForHost(
      implementation({ diff: async () => ({ changes: true, replaces: [], deleteBeforeReplace: false, detailedDiff: { "rules[0]": "add" } }) as any }),
    );
    const result = await wrapped.diff("7", {}, {});
    expect(result.changes).toBe(true);
    expect({ ...result }).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  test("a kind's diff that says only whether something changes gets the changed properties by name", () => {
    const olds = { name: "web", labels: { a: "1" }, description: null, ttl: 300, firewallId: 7, __owner: "x" };
    const news = { name: "web", labels: { a: "2" }, description: "vip", ttl: UNKNOWN, __owner: "y", adopt: { id: 7 } };
    expect(changedProperties(olds, news)).toEqual({ labels: "update", description: "add", ttl: "update" });
    expect(changedProperties({ description: "vip" }, { description: null })).toEqual({ description: "delete" });
    expect(changedProperties({ labels: { a: "1", b: "2" } }, { labels: { b: "2", a: "1" } })).toEqual({});
  });

  test("errors pass through unchanged, with their message", async () => {
    const error = new Error("floating IP 5 (vip) has delete protection: disable deleteProtection first");
    const wrapped = wrapForHost(implementation({ delete: () => Promise.reject(error) }));
    await expect(wrapped.delete("5", {})).rejects.toBe(error);
  });
});

// The host loads source-map-support: with maps, a bug's stack trace would name provider/*.ts files,
// which the package does not ship; without them it names the dist/*.js files users have.
test("the compiled package carries no source maps", () => {
  const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(__dirname, "../../../tsconfig.json"), "utf8"));
  expect({ sourceMap: compilerOptions.sourceMap ?? false, inlineSourceMap: compilerOptions.inlineSourceMap ?? false }).toEqual({ sourceMap: false, inlineSourceMap: false });
});

describe("withoutUndefined (results the host turns into protobuf Structs)", () => {
  it("drops undefined object keys at every depth and nulls undefined array entries", () => {
    const { withoutUndefined } = require("../../../provider/host") as typeof import("../../../provider/host");
    expect(withoutUndefined({ id: "1", props: { a: undefined, b: [1, undefined, { c: undefined, d: 2 }], e: null } })).toEqual({ id: "1", props: { b: [1, null, { d: 2 }], e: null } });
    expect(JSON.stringify(withoutUndefined({ a: undefined }))).toBe("{}");
  });
});
