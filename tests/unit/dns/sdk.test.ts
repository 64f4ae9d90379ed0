import * as fs from "fs";
import * as path from "path";
import * as providerDns from "../../../provider/dns";
import { dns } from "../../../sdk";

describe("the SDK's dns module", () => {
  test("exposes every export of provider/dns to programs", () => {
    expect(Object.keys(dns).sort()).toEqual(Object.keys(providerDns).sort());
    const text = "$ORIGIN example.com.\nwww 300 IN A 203.0.113.1\n";
    expect(dns.parseZoneFile(text, "example.com")).toEqual([{ name: "www", type: "A", ttl: 300, values: ["203.0.113.1"] }]);
  });

  test("imports nothing but provider/dns (no provider process code reaches programs)", () => {
    const source = fs.readFileSync(path.join(__dirname, "../../../sdk/dns.ts"), "utf8");
    const imports = [...source.matchAll(/^(?:import|export)[^;]*from\s+"([^"]+)"/gm)].map((m) => m[1]);
    expect(new Set(imports)).toEqual(new Set(["../provider/dns"]));
    // Every file the module's index reaches stays inside provider/dns. (zone-records-input.ts and
    // record-plan.ts serve the providers' whole-zone resources and are not part of what programs import.)
    const dir = path.join(__dirname, "../../../provider/dns");
    const reached = new Set<string>();
    const visit = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      const moduleSource = fs.readFileSync(path.join(dir, file), "utf8");
      const imports = [...moduleSource.matchAll(/^(?:import|export) (?!type )[^;]*from\s+"([^"]+)"/gm)].map((m) => m[1]);
      const outside = imports.filter((p) => p.startsWith(".."));
      expect({ file, outside }).toEqual({ file, outside: [] });
      for (const local of imports.filter((p) => p.startsWith("./"))) visit(`${local.slice(2)}.ts`);
    };
    visit("index.ts");
    expect(reached.has("values.ts") && reached.has("zonefile.ts")).toBe(true);
    expect(reached.has("zone-records-input.ts")).toBe(false);
  });
});
