#!/usr/bin/env node
// Regenerates generated/hcloud.ts (the wire types the provider compiles against) from the in-repo
// copy of the Hetzner Cloud spec (contract/specs, see `npm run gen:specs`). Usage: npm run gen:wire
const { execFileSync } = require("child_process");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const cli = path.join(ROOT, "node_modules", "openapi-typescript", "bin", "cli.js");
execFileSync(process.execPath, [cli, path.join("contract", "specs", "hetzner-cloud.openapi.json"), "-o", path.join("generated", "hcloud.ts")], {
  cwd: ROOT,
  stdio: "inherit",
});
