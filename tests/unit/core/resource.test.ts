import { autoname, partialFailure } from "../../../provider/core/resource";

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
  afterEach(() => jest.restoreAllMocks());

  test("keeps a previously chosen name", () => {
    expect(autoname("web", "web-1a2b3c4")).toBe("web-1a2b3c4");
  });

  test("otherwise <prefix>-<7 hex>, random each time", () => {
    const names = new Set(Array.from({ length: 20 }, () => autoname("web", undefined)));
    for (const name of names) expect(name).toMatch(/^web-[0-9a-f]{7}$/);
    expect(names.size).toBeGreaterThan(1);
  });

  test("the 7 hex digits are zero-padded and cover the full range", () => {
    jest.spyOn(Math, "random").mockReturnValueOnce(0).mockReturnValueOnce(0.9999999999).mockReturnValueOnce(1 / 0x10000000);
    expect(autoname("web", undefined)).toBe("web-0000000");
    expect(autoname("web", undefined)).toBe("web-fffffff");
    expect(autoname("web", undefined)).toBe("web-0000001");
  });

  test("an empty previous name or a missing prefix is not kept", () => {
    jest.spyOn(Math, "random").mockReturnValue(0.5);
    expect(autoname("db", "")).toBe("db-8000000");
    expect(autoname(undefined, undefined)).toBe("resource-8000000");
    expect(autoname("", 42)).toBe("resource-8000000");
  });
});
