#!/usr/bin/env node
// A small stand-in for Pulumi's Node.js language host (`pulumi-language-nodejs`), which the Go module
// proxy here will not serve. The CLI starts it with the program's folder as cwd and the engine address
// as the last argument; it reads the port we print, then calls the LanguageRuntime gRPC service.
// Run() does what the real host does: spawn node on @pulumi/pulumi's own `cmd/run` entry point.
// Differences from the real host: no resource-monitor proxy and no synchronous-invoke pipes (`--sync`;
// the SDK connects to the monitor directly, as it does for Automation API inline programs), no
// dependency installation, and plugin discovery left to the CLI (its bundled/$PATH lookup).
"use strict";
const fs = require("fs");
const path = require("path");
const { spawn } = require("child_process");

// Everything comes from the program's own @pulumi/pulumi, so the protos match the SDK that will run.
const programDir = process.cwd();
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [programDir] }));
const fromPulumi = (m) => require(require.resolve(m, { paths: [pulumiDir] }));
const grpc = fromPulumi("@grpc/grpc-js");
const langRpc = fromPulumi("@pulumi/pulumi/proto/language_grpc_pb");
const langPb = fromPulumi("@pulumi/pulumi/proto/language_pb");
const pluginPb = fromPulumi("@pulumi/pulumi/proto/plugin_pb");
const emptyPb = fromPulumi("google-protobuf/google/protobuf/empty_pb");
const sdkVersion = fromPulumi("@pulumi/pulumi/package.json").version;

// Flags (e.g. -tracing=...) come first; the engine address is the positional argument.
const positional = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const tracingFlag = process.argv.slice(2).find((a) => /^--?tracing=/.test(a));
const state = { engine: positional[0] || "", root: "", program: programDir, children: new Set() };

// Optional RPC trace for debugging the CLI <-> host conversation (PULUMI_LANGUAGE_HOST_LOG=/path/file).
const trace = (msg) => {
  if (process.env.PULUMI_LANGUAGE_HOST_LOG) fs.appendFileSync(process.env.PULUMI_LANGUAGE_HOST_LOG, `${new Date().toISOString()} ${process.pid} ${msg}\n`);
};
const unary = (name, fn) => (call, cb) => {
  trace(name);
  Promise.resolve().then(() => fn(call.request)).then((res) => cb(null, res), (err) => cb(err));
};

// Runtime options from Pulumi.yaml `runtime.options`, validated as the real host does.
function parseOptions(info) {
  const raw = (info && info.getOptions() && info.getOptions().toJavaScript()) || {};
  const opts = { typescript: true, tsconfig: "", nodeargs: "" };
  for (const [key, type] of [["typescript", "boolean"], ["tsconfig", "string"], ["nodeargs", "string"]]) {
    if (raw[key] === undefined) continue;
    if (typeof raw[key] !== type) throw new Error(`${key} option must be a ${type}`);
    opts[key] = raw[key];
  }
  return opts;
}

// Like shlex.Split for the common cases: whitespace-separated words, single or double quotes.
const splitArgs = (s) => (s.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) || []).map((w) => w.replace(/"([^"]*)"|'([^']*)'/g, "$1$2"));

// The real host rewrites `ns:key` to the legacy `ns:config:key` form; the SDK accepts both.
function legacyConfigKey(key) {
  const i = key.indexOf(":");
  if (i <= 0) return key;
  const rest = key.slice(i + 1);
  return `${key.slice(0, i)}:config:${rest.startsWith("config:") ? rest.slice(7) : rest}`;
}

async function run(req) {
  const info = req.getInfo();
  const dir = (info && info.getProgramDirectory()) || req.getPwd() || state.program;
  const res = new langPb.RunResponse();
  let opts, runPath;
  try {
    opts = parseOptions(info);
    runPath = process.env.PULUMI_LANGUAGE_NODEJS_RUN_PATH ||
      require.resolve("@pulumi/pulumi/cmd/run", { paths: [dir] });
  } catch (err) {
    res.setError(err.code === "MODULE_NOT_FOUND"
      ? "It looks like the Pulumi SDK has not been installed. Have you run npm install or yarn install?"
      : err.message);
    return res;
  }
  const args = [runPath];
  const flag = (k, v) => { if (v) args.push(`--${k}`, String(v)); };
  flag("monitor", req.getMonitorAddress());
  flag("engine", state.engine);
  flag("organization", req.getOrganization());
  flag("project", req.getProject());
  flag("root-directory", (info && info.getRootDirectory()) || state.root);
  flag("stack", req.getStack());
  flag("pwd", dir);
  if (req.getDryrun()) args.push("--dry-run");
  flag("parallel", req.getParallel());
  flag("tracing", tracingFlag && tracingFlag.split("=").slice(1).join("="));
  args.push((info && info.getEntryPoint()) || req.getProgram() || ".", ...req.getArgsList());

  const config = {};
  req.getConfigMap().forEach((v, k) => { config[legacyConfigKey(k)] = v; });
  const env = { ...process.env, PULUMI_CONFIG: JSON.stringify(config),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(req.getConfigsecretkeysList()) };
  if (opts.typescript) env.PULUMI_NODEJS_TYPESCRIPT = "true";
  if (opts.tsconfig) env.PULUMI_NODEJS_TSCONFIG_PATH = opts.tsconfig;

  // Same node as this host (PATH's node, via the shebang); output goes straight to the CLI's pipes.
  const child = spawn(process.execPath, [...splitArgs(opts.nodeargs), ...args], { cwd: dir, env, stdio: ["ignore", "inherit", "inherit"] });
  state.children.add(child);
  trace(`Run spawned ${child.pid}: ${args.join(" ")}`);
  const code = await new Promise((resolve) => {
    child.on("error", (err) => resolve(err));
    child.on("exit", (c, sig) => resolve(c === null ? `signal ${sig}` : c));
  });
  state.children.delete(child);
  trace(`Run exited: ${code}`);
  if (code instanceof Error) res.setError(`Problem executing program (could not run language executor): ${code.message}`);
  else if (code === 32) res.setBail(true); // the SDK already logged an actionable message
  else if (code !== 0) res.setError(`Program exited with non-zero exit code: ${code}`);
  return res;
}

const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
server.addService(langRpc.LanguageRuntimeService, {
  handshake: unary("Handshake", (req) => {
    if (req.getEngineAddress()) state.engine = req.getEngineAddress();
    state.root = req.getRootDirectory() || state.root;
    state.program = req.getProgramDirectory() || state.program;
    return new langPb.LanguageHandshakeResponse();
  }),
  getPluginInfo: unary("GetPluginInfo", () => new pluginPb.PluginInfo().setVersion(sdkVersion)),
  getRequiredPlugins: unary("GetRequiredPlugins", () => new langPb.GetRequiredPluginsResponse()),
  getRequiredPackages: unary("GetRequiredPackages", () => new langPb.GetRequiredPackagesResponse()),
  runtimeOptionsPrompts: unary("RuntimeOptionsPrompts", () => new langPb.RuntimeOptionsResponse()),
  about: unary("About", () => new langPb.AboutResponse().setExecutable(process.execPath).setVersion(process.version)),
  getProgramDependencies: unary("GetProgramDependencies", () => new langPb.GetProgramDependenciesResponse()),
  run: unary("Run", run),
  // Dependencies are the repo's, installed by npm beforehand: report success without output.
  installDependencies: (call) => { trace("InstallDependencies"); call.end(); },
  cancel: unary("Cancel", () => {
    for (const child of state.children) child.kill("SIGINT");
    return new emptyPb.Empty();
  }),
});
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
  if (err) { console.error(`could not start language host RPC server: ${err.message}`); process.exit(1); }
  trace(`serving on ${port} (engine ${state.engine}, cwd ${programDir})`);
  process.stdout.write(`${port}\n`);
});
// The CLI kills plugins when done; don't leave a running program behind if we are asked to stop.
const stop = (sig) => { for (const child of state.children) child.kill(sig); process.exit(0); };
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => stop(sig));
// An engine killed outright (SIGKILL) tells nobody: when our parent is gone, so are we.
const engineProcess = process.ppid;
setInterval(() => process.ppid !== engineProcess && stop("SIGTERM"), 1000).unref();
