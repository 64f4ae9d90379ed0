import { adoptProblems, withAdoption } from "../../../provider/core/adoption";
import { Props, ResourceImplementation } from "../../../provider/core/resource";

/** A kind whose objects live in a map, with the calls it received. */
function fakeKind(objects: Record<string, Props>) {
  const calls: string[] = [];
  const implementation: ResourceImplementation = {
    check: async (_olds, news) => {
      calls.push(`check ${JSON.stringify(news)}`);
      return { inputs: { ...news, name: news.name ?? "autonamed-1234567" } };
    },
    diff: async (_id, olds, news) => ({ changes: JSON.stringify(olds) !== JSON.stringify(news) }),
    create: async (inputs) => {
      calls.push("create");
      return { id: "new", outs: inputs };
    },
    read: async (id) => {
      calls.push(`read ${id}`);
      return objects[id] ? { id, props: { ...objects[id] } } : { id: "", props: {} };
    },
    update: async (id, olds, news) => {
      calls.push(`update ${id} ${JSON.stringify(olds)} -> ${JSON.stringify(news)}`);
      objects[id] = { ...objects[id], ...news };
      return { outs: { ...objects[id] } };
    },
    delete: async (id) => {
      calls.push(`delete ${id}`);
    },
  };
  return { implementation, calls };
}

const byName = (objects: Record<string, Props>) => ({
  properties: ["name"],
  find: async (key: Props) => Object.keys(objects).filter((id) => objects[id].name === key.name),
});

describe("adoption", () => {
  it("takes over an object by id through the kind's read and update, never its create", async () => {
    const objects = { "42": { name: "web", labels: { a: "1" } } };
    const { implementation, calls } = fakeKind(objects);
    const kind = withAdoption("test:Thing", implementation, { nameProperty: "name" });
    const result = await kind.create({ name: "web", labels: { a: "2" }, adopt: { id: 42 } });
    expect(result).toEqual({ id: "42", outs: { name: "web", labels: { a: "2" } } });
    expect(calls).toEqual(['read 42', 'update 42 {"name":"web","labels":{"a":"1"}} -> {"name":"web","labels":{"a":"2"}}']);
  });

  it("finds the object by its natural key; none or several is an error naming the key", async () => {
    const objects = { "1": { name: "web" }, "2": { name: "db" }, "3": { name: "db" } };
    const { implementation, calls } = fakeKind(objects);
    const kind = withAdoption("test:Thing", implementation, { nameProperty: "name", key: byName(objects) });
    await expect(kind.create({ name: "web", adopt: { name: "web" } })).resolves.toMatchObject({ id: "1" });
    await expect(kind.create({ name: "x", adopt: { name: "nope" } })).rejects.toThrow('test:Thing: adopt: no object with name "nope" exists: fix adopt, or remove it to create one');
    await expect(kind.create({ name: "db", adopt: { name: "db" } })).rejects.toThrow('test:Thing: adopt: 2 objects have name "db" (ids 2, 3): adopt one by { id }');
    await expect(kind.create({ name: "x", adopt: { id: "9" } })).rejects.toThrow('test:Thing: adopt: id "9" does not exist');
    expect(calls.filter((c) => c === "create")).toEqual([]);
  });

  it("keeps the adopted name: the key's name stands in for a missing name; by id, name is required", async () => {
    const { implementation, calls } = fakeKind({});
    const kind = withAdoption("test:Thing", implementation, { nameProperty: "name", key: byName({}) });
    const byKey = await kind.check({}, { adopt: { name: "web" } });
    expect(byKey).toEqual({ inputs: { name: "web", adopt: { name: "web" } }, failures: [] });
    const byId = await kind.check({}, { adopt: { id: "7" } });
    expect(byId.failures).toEqual([
      { property: "name", reason: "name is required when adopting by id: set it to the object's name to keep it (an autoname would rename it)" },
    ]);
    expect(calls[0]).toBe('check {"name":"web"}');
  });

  it("refuses a malformed adopt in check", async () => {
    const key = byName({});
    expect(adoptProblems({ id: "" }, key)).toEqual(["adopt.id must be a non-empty id"]);
    expect(adoptProblems({ zone: "x" }, key)).toEqual(["adopt must be { id } or { name }, got { zone }"]);
    expect(adoptProblems("42", undefined)).toEqual(["adopt must be { id }"]);
    expect(adoptProblems({ id: 42 }, undefined)).toEqual([]);
  });

  it("adoptOnly: check refuses a create without adopt, but not an update or an adopting create", async () => {
    const { implementation } = fakeKind({});
    const kind = withAdoption("test:Made", implementation, { adoptOnly: "things cannot be created: set adopt: { id }" });
    expect((await kind.check({}, { name: "x" })).failures).toEqual([{ property: "adopt", reason: "things cannot be created: set adopt: { id }" }]);
    expect((await kind.check({ name: "x" }, { name: "x" })).failures).toEqual([]);
    expect((await kind.check({}, { name: "x", adopt: { id: "7" } })).failures).toEqual([]);
  });

  it("never diffs on adopt and passes the rest through", async () => {
    const { implementation } = fakeKind({});
    const kind = withAdoption("test:Thing", implementation);
    await expect(kind.diff("1", { name: "a" }, { name: "a", adopt: { id: "1" } })).resolves.toEqual({ changes: false });
    await expect(kind.create({ name: "a" })).resolves.toEqual({ id: "new", outs: { name: "a" } });
  });

  it("records the object when bringing it to the declared state fails", async () => {
    const { implementation } = fakeKind({ "5": { name: "web" } });
    implementation.update = async () => {
      throw new Error("409 conflict");
    };
    const kind = withAdoption("test:Thing", implementation);
    const error = await kind.create({ name: "web", adopt: { id: "5" }, __provider: "shim" }).catch((e) => e);
    expect(error.message).toBe("test:Thing: adopted 5, but bringing it to the declared state failed: 409 conflict");
    expect(error.id).toBe("5");
    expect(error.properties).toEqual({ name: "web", __provider: "shim" });
  });
});
