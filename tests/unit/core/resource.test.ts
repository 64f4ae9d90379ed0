import { labelProblem } from "../../../provider/core/hetzner";
import { CheckFailure, UNKNOWN } from "../../../provider/core/inputs";
import { autoname, checkName, checkUserLabels, ownedLabels, OWNER_LABEL, partialFailure, visibleLabels } from "../../../provider/core/resource";

describe("partialFailure", () => {
  test("an Error carrying id, outputs plus __provider from the inputs, and reasons", () => {
    const provider = "serialized-provider-module";
    const error = partialFailure(
      "firewall 7 created, applying to server 42 failed",
      "7",
      { name: "web", appliedTo: [] },
      { name: "web", __provider: provider },
    ) as Error & { id: string; properties: Record<string, unknown>; reasons: string[] };
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe("firewall 7 created, applying to server 42 failed");
    expect(error.id).toBe("7");
    expect(error.properties).toEqual({ name: "web", appliedTo: [], __provider: provider });
    expect(error.reasons).toEqual(["firewall 7 created, applying to server 42 failed"]);
  });

  test("the inputs' __provider wins over a stale one in the outputs", () => {
    const error = partialFailure("x", "1", { __provider: "old" }, { __provider: "new" }) as Error & { properties: Record<string, unknown> };
    expect(error.properties.__provider).toBe("new");
  });
});

describe("autoname", () => {
  test("keeps a previously chosen name", () => {
    expect(autoname("web", "web-1a2b3c4", "seed")).toBe("web-1a2b3c4");
  });

  test("otherwise <prefix>-<7 hex>, the same for the same seed, another for another seed", () => {
    const name = autoname("web", undefined, "owner-1");
    expect(name).toMatch(/^web-[0-9a-f]{7}$/);
    expect(autoname("web", undefined, "owner-1")).toBe(name);
    expect(autoname("web", undefined, "owner-2")).not.toBe(name);
    expect(autoname("api", undefined, "owner-1")).toMatch(/^api-[0-9a-f]{7}$/);
    expect(autoname("api", undefined, "owner-1").slice(4)).not.toBe(name.slice(4));
  });

  test("an empty previous name or a missing prefix is not kept", () => {
    expect(autoname("db", "", "s")).toBe(autoname("db", undefined, "s"));
    expect(autoname(undefined, undefined, "s")).toMatch(/^resource-[0-9a-f]{7}$/);
    expect(autoname("", 42, "s")).toBe(autoname(undefined, undefined, "s"));
  });
});

describe("checkName", () => {
  const owner = { __autonamePrefix: "web", __owner: "0123456789abcdef0123456789abcdef" };

  test("preview and up derive the same autoname; owner and identity make it; a previous name is kept", () => {
    const first = checkName({ ...owner }, undefined, [], undefined, ["ipv4", "fsn1"]);
    expect(first.autonamed).toBe(true);
    expect(first.fields).toEqual({ name: expect.stringMatching(/^web-[0-9a-f]{7}$/), ...owner, __autonamed: true });
    expect(checkName({ ...owner }, undefined, [], undefined, ["ipv4", "fsn1"]).fields.name).toBe(first.fields.name);
    expect(checkName({ ...owner }, undefined, [], undefined, ["ipv4", "nbg1"]).fields.name).not.toBe(first.fields.name);
    expect(checkName({ ...owner, __owner: "ffff" }, undefined, [], undefined, ["ipv4", "fsn1"]).fields.name).not.toBe(first.fields.name);
    expect(checkName({ ...owner }, "web-1234567", [], undefined, ["ipv4", "nbg1"]).fields.name).toBe("web-1234567");
  });

  test("an identity or owner not known yet (preview) leaves the autoname unknown, never a guess", () => {
    expect(checkName({ ...owner }, undefined, [], undefined, [UNKNOWN]).fields.name).toBe(UNKNOWN);
    expect(checkName({ ...owner, __owner: UNKNOWN }, undefined, []).fields.name).toBe(UNKNOWN);
    expect(checkName({ ...owner }, "web-1234567", [], undefined, [UNKNOWN]).fields.name).toBe("web-1234567");
  });

  test("the program's name is used as it is, and is not marked autonamed", () => {
    const fixed = checkName({ ...owner, name: "edge" }, "web-1234567", []);
    expect(fixed.fields.name).toBe("edge");
    expect(fixed.fields).not.toHaveProperty("__autonamed");
  });
});

describe("owner label", () => {
  test("is a valid Hetzner label key, sent with the program's labels and hidden from what the program sees", () => {
    expect(labelProblem(OWNER_LABEL, "0123456789abcdef0123456789abcdef")).toBeUndefined();
    expect(ownedLabels({ env: "prod" }, "abc")).toEqual({ env: "prod", [OWNER_LABEL]: "abc" });
    expect(ownedLabels({ env: "prod" }, undefined)).toEqual({ env: "prod" });
    expect(visibleLabels({ env: "prod", [OWNER_LABEL]: "abc" })).toEqual({ env: "prod" });
  });

  test("a user label with the owner key is refused in check", () => {
    const failures: CheckFailure[] = [];
    checkUserLabels({ [OWNER_LABEL]: "mine" }, failures);
    expect(failures).toEqual([
      { property: "labels", reason: `label "${OWNER_LABEL}" is reserved: pulumi-dns-cloud marks the objects it creates with it; remove it from labels` },
    ]);
  });
});
