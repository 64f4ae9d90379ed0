#!/usr/bin/env node
// Regenerates the wire types the provider compiles against from the in-repo copies of the official
// specs (contract/specs, see `npm run gen:specs`): generated/hcloud.ts (Hetzner Cloud) and
// generated/hetzner.ts (the Hetzner API: storage boxes), generated/hetznerdns.ts (legacy Hetzner DNS) and
// generated/cloudflare.ts (Cloudflare DNS records). Usage: npm run gen:wire
const { execFileSync } = require("child_process");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const cli = path.join(ROOT, "node_modules", "openapi-typescript", "bin", "cli.js");
const FAMILIES = [
  ["hetzner-cloud.openapi.json", "hcloud.ts"],
  ["hetzner.openapi.json", "hetzner.ts"],
  ["hetzner-dns-legacy.openapi.json", "hetznerdns.ts"],
  ["cloudflare-dns-records.openapi.json", "cloudflare.ts"],
];
for (const [spec, out] of FAMILIES) {
  execFileSync(process.execPath, [cli, path.join("contract", "specs", spec), "-o", path.join("generated", out)], {
    cwd: ROOT,
    stdio: "inherit",
  });
}
