#!/usr/bin/env node
// Writes the contract facts of the official OpenAPI specs into contract/specs/, so tests and
// generators need nothing outside the repository. Keeps paths, operations, parameters, request
// bodies, responses, schemas and components; drops prose and samples (descriptions, summaries,
// examples, code samples, tag texts, x-* extensions), which no check or generator reads.
// Source: ../shared/specs beside the checkout, or OPENAPI_SPECS_DIR. Usage: npm run gen:specs
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const SOURCE = process.env.OPENAPI_SPECS_DIR ?? path.resolve(ROOT, "..", "shared", "specs");
const TARGET = path.join(ROOT, "contract", "specs");
const SPECS = ["hetzner-cloud.openapi.json", "hetzner.openapi.json", "hetzner-dns-legacy.openapi.json", "cloudflare-dns-records.openapi.json"];

const PROSE = new Set(["description", "summary", "example", "examples", "externalDocs", "tags"]);
// Objects whose keys are names (paths, property names, status codes, media types…), never keywords:
// a property called `description` must survive.
const NAMED_MAPS = new Set([
  "paths", "properties", "patternProperties", "schemas", "parameters", "responses", "requestBodies",
  "headers", "content", "encoding", "securitySchemes", "links", "callbacks", "variables", "mapping",
]);

function strip(node, keysAreNames = false) {
  if (Array.isArray(node)) return node.map((item) => strip(item));
  if (typeof node !== "object" || node === null) return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (!keysAreNames && (PROSE.has(key) || key.startsWith("x-"))) continue;
    out[key] = strip(value, !keysAreNames && NAMED_MAPS.has(key));
  }
  return out;
}

if (!fs.existsSync(SOURCE)) {
  console.error(`vendor-specs: no official specs at ${SOURCE}; set OPENAPI_SPECS_DIR to the folder holding ${SPECS[0]}`);
  process.exit(1);
}
fs.mkdirSync(TARGET, { recursive: true });
for (const name of SPECS) {
  const raw = fs.readFileSync(path.join(SOURCE, name), "utf8");
  // One line per path keeps the files small and their diffs readable.
  const spec = strip(JSON.parse(raw));
  const { paths, ...rest } = spec;
  const lines = Object.entries(paths).map(([p, item]) => `${JSON.stringify(p)}:${JSON.stringify(item)}`);
  const text = `${JSON.stringify({ ...rest, paths: "@@PATHS@@" }).replace('"@@PATHS@@"', `{\n${lines.join(",\n")}\n}`)}\n`;
  fs.writeFileSync(path.join(TARGET, name), text);
  console.log(`${name}: ${raw.length} → ${text.length} bytes`);
}
