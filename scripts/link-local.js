#!/usr/bin/env node
// Makes this checkout resolvable by its own package name, the way a user's program resolves it from
// node_modules: examples and the provider process then `require("pulumi-dns-cloud")` exactly as users do.
// Runs from `prepare` (this repository's own `npm ci`/`npm install`; never when a user installs the
// package, and not shipped) and before engine runs; idempotent.
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const { name } = require(path.join(root, "package.json"));

function symlink(target, at) {
  try {
    if (fs.lstatSync(at).isSymbolicLink() && fs.readlinkSync(at) === target) return;
    fs.rmSync(at, { recursive: true, force: true });
  } catch {
    /* nothing there yet */
  }
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.symlinkSync(target, at, "dir");
}

symlink(path.relative(path.join(root, "node_modules"), root) || "..", path.join(root, "node_modules", name));
