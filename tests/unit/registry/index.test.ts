/** The registry (provider/index.ts) loads each kind's family at the kind's first use. */
const loadedFamilies: string[] = [];
jest.mock("../../../provider/vpsorg/client", () => {
  loadedFamilies.push("vpsorg");
  return jest.requireActual("../../../provider/vpsorg/client");
});
jest.mock("../../../provider/cloudflare/client", () => {
  loadedFamilies.push("cloudflare");
  return jest.requireActual("../../../provider/cloudflare/client");
});

import { resource, resourceKinds } from "../../../provider";

test("a kind's family is loaded at the kind's first use, not before", () => {
  expect(typeof resource("hcloud:Firewall").create).toBe("function");
  expect(typeof resource("hcloud:Image").check).toBe("function");
  expect(loadedFamilies).toEqual([]);
  resource("vpsorg:DnsZone");
  expect(loadedFamilies).toEqual(["vpsorg"]);
});

test("every registered kind loads", () => {
  for (const kind of resourceKinds) {
    const implementation = resource(kind);
    expect([kind, ["check", "diff", "create", "read", "update", "delete"].map((m) => typeof (implementation as never)[m])]).toEqual([
      kind,
      Array(6).fill("function"),
    ]);
  }
  expect(loadedFamilies.sort()).toEqual(["cloudflare", "vpsorg"]);
});
