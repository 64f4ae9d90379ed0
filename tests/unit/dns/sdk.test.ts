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
    const moduleFiles = fs.readdirSync(path.join(__dirname, "../../../provider/dns"));
    for (const file of moduleFiles) {
      const moduleSource = fs.readFileSync(path.join(__dirname, "../../../provider/dns", file), "utf8");
      const outside = [...moduleSource.matchAll(/^import (?!type )[^;]*from\s+"([^"]+)"/gm)].map((m) => m[1]).filter((p) => p.startsWith(".."));
      expect({ file, outside }).toEqual({ file, outside: [] });
    }
  });
});
