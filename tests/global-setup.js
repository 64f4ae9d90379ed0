// Jest globalSetup: make the Pulumi engine available once per run for the e2e tests.
// scripts/engine.sh is idempotent and cached (a first build from the Go module proxy takes ~10 min);
// it prints the bin folder, which we pass on through process.env (workers inherit it).
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");

// Runs limited to other folders (e.g. `jest tests/unit tests/contract`) need no engine, so skip the build.
function selectsE2e(globalConfig) {
  const patterns = (globalConfig.testPathPatterns && globalConfig.testPathPatterns.patterns) || [];
  if (patterns.length === 0) return true;
  const dir = path.join(ROOT, "tests", "e2e");
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => path.join(dir, f)) : [];
  return files.some((f) => patterns.some((p) => new RegExp(p, "i").test(f)));
}

module.exports = async function globalSetup(globalConfig) {
  if (process.env.PULUMI_ENGINE_BIN || !selectsE2e(globalConfig || {})) return;
  const started = Date.now();
  // engine.sh is idempotent, cached and serialises concurrent first builds itself.
  const out = execFileSync("bash", [path.join(ROOT, "scripts", "engine.sh")], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const bin = out.trim().split("\n").pop();
  // The folder holds our plugins and, unless engine.sh chose a `pulumi` already on PATH, the CLI itself.
  if (!bin || !fs.existsSync(bin)) throw new Error(`scripts/engine.sh printed no usable bin folder: ${out}`);
  process.env.PULUMI_ENGINE_BIN = bin;
  console.log(`\n[global-setup] pulumi engine at ${bin} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
};
