import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { canonicalJson, containsUnknown, isUnknown, sameValue, UNKNOWN } from "../../../provider/core/inputs";

describe("unknown values", () => {
  test("UNKNOWN is the engine's sentinel", () => {
    expect(UNKNOWN).toBe(unknownValue);
  });

  test("isUnknown only for the sentinel itself", () => {
    expect(isUnknown(unknownValue)).toBe(true);
    for (const value of [undefined, null, "", "04da6b54", [unknownValue], { v: unknownValue }]) expect(isUnknown(value)).toBe(false);
  });

  test.each([
    [unknownValue, true],
    [[1, unknownValue], true],
    [{ rules: [{ port: "22", sourceIps: ["10.0.0.0/8", unknownValue] }] }, true],
    [{ a: { b: { c: [[unknownValue]] } } }, true],
    [{ [unknownValue]: "a key is not a value" }, false],
    [{ rules: [{ port: "22", sourceIps: ["10.0.0.0/8"] }] }, false],
    [[], false],
    [{}, false],
    [null, false],
    [undefined, false],
    [0, false],
    ["plain", false],
  ])("containsUnknown(%j) → %s", (value, expected) => {
    expect(containsUnknown(value)).toBe(expected);
  });
});

describe("canonicalJson / sameValue", () => {
  test("key order does not matter, at any depth", () => {
    const a = { name: "web", labels: { b: "2", a: "1" }, rules: [{ protocol: "tcp", direction: "in" }] };
    const b = { rules: [{ direction: "in", protocol: "tcp" }], labels: { a: "1", b: "2" }, name: "web" };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(b)).toBe('{"labels":{"a":"1","b":"2"},"name":"web","rules":[{"direction":"in","protocol":"tcp"}]}');
    expect(sameValue(a, b)).toBe(true);
  });

  test("array order and values still matter", () => {
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue({ a: "1" }, { a: 1 })).toBe(false);
    expect(sameValue({ a: null }, {})).toBe(false);
    expect(sameValue({ a: undefined }, {})).toBe(true);
  });
});
