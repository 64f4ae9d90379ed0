/**
 * The fault matrix of the DNS families without Actions (legacy Hetzner DNS, Cloudflare, VPS.org), through the
 * CLI and the emulator's fault injection. One program per family holds one resource of each kind and a
 * handful of single records (so bulk and /batch requests carry several). Each scenario arms faults, runs
 * `up` with a change (creates, updates or deletes), which must succeed or fail with a short message (no stack
 * trace, no token); then the faults go, the next `up` must succeed, and the state must equal the emulator's
 * content: 0 orphans, 0 duplicates, nothing missing. `destroy` leaves nothing the stack made. The table of
 * scenarios × outcomes is printed, and written as JSON beside FAULTS_TABLE_OUT (suffix `-dns`) when set.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { compare, DnsFamily, liveObjects, LiveObject, ScenarioOutcome, scenarioTable } from "./dns-convergence";
import { CliResult, engineEnv, processesIn, pulumiPath, repairCheckpoint, runCli, timed, useEmulator, writeProject } from "./harness";

// Under 8 minutes on an idle 2-core machine; a loaded one takes twice that.
jest.setTimeout(1_500_000);

// VPS.org takes only `vps_` tokens; the other families take any of the emulator's.
const e2e = useEmulator({ token: "vps_e2e-faults-dns-3c9e" });
const rows: ScenarioOutcome[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterAll(() => {
  process.stdout.write(`\n[faults-dns] scenario table\n${scenarioTable(rows)}\n`);
  const out = process.env.FAULTS_TABLE_OUT;
  if (out) {
    const ext = path.extname(out);
    fs.writeFileSync(`${out.slice(0, out.length - ext.length)}-dns${ext || ".json"}`, JSON.stringify(rows, null, 2));
  }
});

/** A fault on requests of one method whose path matches. */
interface Route {
  method: string;
  path: string;
}

interface FamilyCase {
  family: DnsFamily;
  prefix: string;
  /** The zones the program makes or writes to. */
  zones: string[];
  /** Its block of the program (a scope of its own; `zoneIds[family]` names the zone of its single records). */
  program: string;
  /** Stack config beyond the endpoint and token. */
  config?: () => Promise<Record<string, string>>;
  endpointKey: string;
  tokenKey: string;
  endpoint: () => string;
  creates: Route[];
  updates: Route[];
  deletes: Route[];
  /** The family's own form of "rate limited". */
  rateLimit: () => Promise<void>;
  /** Out of band: removes a record (by hand, as a user would). */
  removeRecord: (record: LiveObject) => Promise<void>;
  /** Out of band, a record that makes the program's `bad` record fail inside its batch; returns its removal. */
  blockBadRecord: (outputs: Record<string, any>) => Promise<() => Promise<void>>;
}

const hetznerDnsPrefix = "/hetznerdns/api/v1";
const cloudflarePrefix = "/cloudflare/client/v4";
const vpsorgPrefix = "/vpsorg/api/v1";

/** Out of band: a request to a family's API with the emulator's token, in the header the family takes. */
async function outOfBand(family: DnsFamily, method: string, apiPath: string, body?: unknown): Promise<any> {
  const base = { hetznerdns: e2e.emulator.hetznerDnsUrl, cloudflare: e2e.emulator.cloudflareUrl, vpsorg: e2e.emulator.vpsorgUrl }[family];
  const auth: Record<string, string> = family === "hetznerdns" ? { "Auth-API-Token": e2e.token } : { authorization: `Bearer ${e2e.token}` };
  const response = await fetch(`${base}${apiPath}`, { method, headers: { ...auth, ...(body === undefined ? {} : { "content-type": "application/json" }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  expect({ method, apiPath, status: response.status < 300 ? "ok" : text }).toEqual({ method, apiPath, status: "ok" });
  return text ? JSON.parse(text) : undefined;
}

const fault = async (spec: Record<string, unknown>) => expect((await e2e.api.json("POST", "/__emulator/faults", spec)).status).toBe(201);
const faultEach = async (routes: Route[], spec: Record<string, unknown>) => {
  for (const route of routes) await fault({ ...route, ...spec });
};

// Every program reads GEN (the values: a new GEN updates every record), N (how many single records) and BAD
// (a record the API refuses while the test blocks it) from the environment.
const PROGRAM_HEAD = `
import * as pulumi from "@pulumi/pulumi";
import { cloudflare, hetznerdns, vpsorg } from "pulumi-dns-cloud";
const config = new pulumi.Config();
const zoneIds: Record<string, pulumi.Output<string> | string> = {};
const gen = Number(process.env.GEN ?? "1");
const count = Number(process.env.N ?? "4");
const bad = process.env.BAD === "1";
const sets = (zone: string) => [
  { name: "@", type: "MX", values: [\`10 mx\${gen}.\${zone}.\`] },
  { name: "www", type: "A", values: ["203.0.113.1", \`203.0.113.\${gen + 10}\`] },
  { name: "_dmarc", type: "TXT", values: [\`v=DMARC1; p=none; ri=\${gen}\`] },
  ...Array.from({ length: count - 2 }, (_, i) => ({ name: \`set\${i}\`, type: "AAAA", values: [\`2001:db8::\${gen}:\${i}\`] })),
];
`;

const families: FamilyCase[] = [
  {
    family: "hetznerdns",
    prefix: hetznerDnsPrefix,
    zones: ["faults-legacy.com", "faults-legacy-whole.com", "faults-legacy-secondary.com"],
    endpointKey: "hetznerdns:endpoint",
    tokenKey: "hetznerdns:apiToken",
    endpoint: () => e2e.emulator.hetznerDnsUrl,
    program: `
const zone = new hetznerdns.Zone("legacy-zone", { name: "faults-legacy.com", ttl: 3000 + gen * 100 });
for (let i = 0; i < count; i++) new hetznerdns.Record(\`legacy-r\${i}\`, { zoneId: zone.zoneId, name: \`host\${i}\`, type: "A", value: \`192.0.2.\${gen * 20 + i}\` });
if (bad) new hetznerdns.Record("legacy-bad", { zoneId: zone.zoneId, name: "bad", type: "A", value: "198.51.100.1" });
const whole = new hetznerdns.Zone("legacy-whole", { name: "faults-legacy-whole.com" });
new hetznerdns.ZoneRecords("legacy-whole", { zone: whole.name, records: sets("faults-legacy-whole.com") });
const secondary = new hetznerdns.Zone("legacy-secondary", { name: "faults-legacy-secondary.com" });
new hetznerdns.PrimaryServer("legacy-primary", { zoneId: secondary.zoneId, address: \`198.51.100.\${gen + 10}\` });
zoneIds.hetznerdns = zone.zoneId;
`,
    creates: [{ method: "POST", path: `^${hetznerDnsPrefix}/records(/bulk)?$` }],
    updates: [{ method: "PUT", path: `^${hetznerDnsPrefix}/records/` }],
    deletes: [{ method: "DELETE", path: `^${hetznerDnsPrefix}/records/` }],
    // The legacy gateway's form: no Retry-After, the quota's headers (RateLimit-Reset: seconds until the window ends).
    rateLimit: () => fault({ path: `^${hetznerDnsPrefix}/`, status: 429, headers: { "RateLimit-Limit": "3600", "RateLimit-Remaining": "0", "RateLimit-Reset": "2" }, times: 2 }),
    removeRecord: async ({ id }) => void (await outOfBand("hetznerdns", "DELETE", `/records/${id}`)),
    async blockBadRecord({ zoneId }) {
      const made = await outOfBand("hetznerdns", "POST", "/records", { zone_id: zoneId, name: "bad", type: "A", value: "198.51.100.1" });
      return async () => void (await outOfBand("hetznerdns", "DELETE", `/records/${made.record.id}`));
    },
  },
  {
    family: "cloudflare",
    prefix: cloudflarePrefix,
    zones: ["faults-cf.com", "faults-cf-whole.com"],
    endpointKey: "cloudflare:endpoint",
    tokenKey: "cloudflare:apiToken",
    endpoint: () => e2e.emulator.cloudflareUrl,
    async config() {
      const zone = async (name: string) => (await e2e.api.json("POST", "/__emulator/cloudflare/zones", { name, plan: "pro" })).body.zone.id;
      return { zoneId: await zone("faults-cf.com"), wholeZoneId: await zone("faults-cf-whole.com") };
    },
    program: `
const zoneId = config.require("zoneId");
for (let i = 0; i < count; i++) new cloudflare.DnsRecord(\`cf-r\${i}\`, { zoneId, name: \`host\${i}\`, type: "A", content: \`192.0.2.\${gen * 20 + i}\`, proxied: i % 2 === 0 });
if (bad) new cloudflare.DnsRecord("cf-bad", { zoneId, name: "bad", type: "CNAME", content: "host0.faults-cf.com" });
new cloudflare.DnsRecords("cf-whole", { zoneId: config.require("wholeZoneId"), records: sets("faults-cf-whole.com") });
zoneIds.cloudflare = zoneId;
`,
    creates: [{ method: "POST", path: "/dns_records/batch$" }],
    updates: [{ method: "POST", path: "/dns_records/batch$" }],
    deletes: [{ method: "POST", path: "/dns_records/batch$" }],
    // Cloudflare's own: 429 with code 10100 and Retry-After, from the emulator's rate limiter.
    rateLimit: async () => expect((await e2e.api.json("POST", "/__emulator/cloudflare/rate-limit", { times: 3, retryAfterSeconds: 1 })).status).toBeLessThan(300),
    removeRecord: async ({ id, zone }) => void (await outOfBand("cloudflare", "DELETE", `/zones/${zone}/dns_records/${id}`)),
    async blockBadRecord({ zoneId }) {
      // An A record at the name: the program's CNAME there is refused (81053) inside its batch.
      const made = await outOfBand("cloudflare", "POST", `/zones/${zoneId}/dns_records`, { type: "A", name: "bad", content: "198.51.100.1", ttl: 1 });
      return async () => void (await outOfBand("cloudflare", "DELETE", `/zones/${zoneId}/dns_records/${made.result.id}`));
    },
  },
  {
    family: "vpsorg",
    prefix: vpsorgPrefix,
    zones: ["faults-vps.com", "faults-vps-whole.com"],
    endpointKey: "vpsorg:endpoint",
    tokenKey: "vpsorg:apiToken",
    endpoint: () => e2e.emulator.vpsorgUrl,
    program: `
const zone = new vpsorg.DnsZone("vps-zone", { domain: "faults-vps.com" });
for (let i = 0; i < count; i++) new vpsorg.DnsRecord(\`vps-r\${i}\`, { zoneId: zone.zoneId, recordType: "A", name: \`host\${i}\`, value: \`192.0.2.\${gen * 20 + i}\` });
if (bad) new vpsorg.DnsRecord("vps-bad", { zoneId: zone.zoneId, recordType: "A", name: "bad", value: "198.51.100.1" });
const whole = new vpsorg.DnsZone("vps-whole", { domain: "faults-vps-whole.com" });
new vpsorg.ZoneRecords("vps-whole", { zone: whole.zoneId, records: sets("faults-vps-whole.com") });
zoneIds.vpsorg = zone.zoneId;
`,
    creates: [{ method: "POST", path: `^${vpsorgPrefix}/dns-zones/[^/]+/records/$` }],
    updates: [{ method: "PATCH", path: `^${vpsorgPrefix}/dns-records/` }],
    deletes: [{ method: "DELETE", path: `^${vpsorgPrefix}/dns-records/` }],
    rateLimit: () => fault({ path: `^${vpsorgPrefix}/`, status: 429, code: "throttled", headers: { "Retry-After": "1" }, times: 2 }),
    removeRecord: async ({ id }) => void (await outOfBand("vpsorg", "DELETE", `/dns-records/${id}/`)),
    async blockBadRecord({ zoneId }) {
      const made = await outOfBand("vpsorg", "POST", `/dns-zones/${zoneId}/records/`, { record_type: "A", name: "bad", value: "198.51.100.1" });
      return async () => void (await outOfBand("vpsorg", "DELETE", `/dns-records/${made.uuid}/`));
    },
  },
];

/** How a scenario disturbs the first run: faults before it, or a kill during it. */
interface Scenario {
  name: string;
  /** The program's environment for this scenario and the runs after it. */
  env: Record<string, string>;
  arm?: (f: FamilyCase) => Promise<void>;
  /** Killed during the first run once a write is in flight: the provider alone, or the CLI's whole process group. */
  kill?: "provider" | "cli";
  /** Out of band before the first run; undone before the converging run (a fixed cause). */
  block?: boolean;
}

const scenarios: Scenario[] = [
  {
    name: "429 storm (Retry-After) + family rate limit",
    env: { GEN: "1", N: "4" },
    async arm(f) {
      await fault({ path: `^${f.prefix}/`, status: 429, headers: { "Retry-After": "1" }, times: 3 });
      await f.rateLimit();
    },
  },
  {
    // Cloudflare's creates and updates share the /batch route: its faults strike whichever batch comes first.
    name: "500/502/503/504 on updates, reset before processing on creates",
    env: { GEN: "2", N: "6" },
    async arm(f) {
      await faultEach(f.creates, { resetConnection: true, times: 2 });
      for (const status of [500, 502, 503, 504]) await faultEach(f.updates, { status });
    },
  },
  {
    // Twice: the single records' bulk (or batch) and the whole zone's; a 504 after acting on updates.
    name: "lost answer: creates (bulk/batch) + updates",
    env: { N: "8", GEN: "3" },
    async arm(f) {
      await faultEach(f.creates, { resetConnection: true, afterProcessing: true, times: 2 });
      await faultEach(f.updates, { status: 504, afterProcessing: true, times: 2 });
    },
  },
  { name: "lost answer: deletes (502 after acting)", env: { N: "5" }, arm: (f) => faultEach(f.deletes, { status: 502, afterProcessing: true, times: 2 }) },
  { name: "one bad record inside a batch", env: { N: "8", BAD: "1" }, block: true },
  { name: "provider killed, writes in flight", env: { N: "10", GEN: "4" }, kill: "provider" },
  { name: "CLI killed (SIGKILL group), writes in flight", env: { N: "12", GEN: "5" }, kill: "cli" },
];

/** One program for the three families, each in its own block: one `up` disturbs all three at once. */
const program = `${PROGRAM_HEAD}${families.map((f) => `{${f.program}}\n`).join("")}export { zoneIds };\n`;

// FAULTS_DNS_SCENARIOS (a regular expression on the names) runs some of them, e.g. while fixing one.
const selected = scenarios.filter((s) => new RegExp(process.env.FAULTS_DNS_SCENARIOS ?? "").test(s.name));

const STACK_TRACE = /^\s+at .+(:\d+:\d+\)?|\(node:)/m;

/** The error lines of each resource in a run's Diagnostics section, by the resource's type (`vpsorg:DnsRecord`). */
function diagnostics(output: string): Array<{ type: string; lines: string[] }> {
  const found: Array<{ type: string; lines: string[] }> = [];
  let current: { type: string; lines: string[] } | undefined;
  for (const line of output.slice(output.indexOf("\nDiagnostics:")).split("\n")) {
    const header = /^ {2}(\S+) \(.+\):$/.exec(line);
    if (header) found.push((current = { type: header[1], lines: [] }));
    else if (current && line.trim()) current.lines.push(line);
  }
  return found;
}

/** A family's outcome of the first run: no error at its resources, or errors short, without stack trace or token. */
function firstRunOutcome(family: DnsFamily, result: CliResult, killed: boolean): Pick<ScenarioOutcome, "firstRun" | "error"> {
  if (killed && result.code === -9) return { firstRun: "killed" };
  const output = result.stdout + result.stderr;
  const mine = diagnostics(output).filter((d) => d.type.includes(`/${family}:`));
  const lines = mine.flatMap((d) => d.lines.map((l) => l.trim()));
  // The engine's "1 error occurred:" heads a list: the message is the item after it.
  const heading = (l: string | undefined) => l !== undefined && /^error: \d+ errors? occurred:$/.test(l);
  const errors = lines.filter((l, i) => (/^error: /.test(l) && !heading(l)) || (/^\* /.test(l) && heading(lines[i - 1])));
  if (!lines.some((l) => /^error: /.test(l))) return { firstRun: "ok" };
  const unclear = [
    !errors.length && "no message",
    STACK_TRACE.test(lines.join("\n")) && "a stack trace",
    output.includes(e2e.token) && "the token",
    errors.some((l) => l.length > 400) && "a message over 400 characters",
  ].filter(Boolean);
  const error = (errors.find((l) => l.length > 400) ?? errors[0] ?? lines.join(" ")).slice(0, 600);
  return unclear.length ? { firstRun: "failed unclearly", error: `${unclear.join(", ")}: ${error}` } : { firstRun: "failed clearly", error };
}

const UP = ["up", "--yes", "--skip-preview", "--parallel", "32"];
// The disturbed run: every step is tried, so a family's `ok` is not a step the engine skipped after another's failure.
const DISTURBED_UP = [...UP, "--continue-on-error"];

/** Runs `up` and, once a write of every family is in flight (the emulator holds it), kills the provider or the CLI's group. */
async function upKilledDuringWrites(dir: string, env: Record<string, string>, target: "provider" | "cli"): Promise<CliResult> {
  const child = spawn(pulumiPath(), [...DISTURBED_UP, "--non-interactive"], { cwd: dir, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const exited = new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? -1)));
  const inFlight = async () => {
    const requests = await e2e.api.requests();
    return families.every((f) => requests.some((r) => r.path.startsWith(f.prefix) && r.method !== "GET" && r.status === null));
  };
  for (let waited = 0; !(await inFlight()); waited += 100) {
    if (waited > 120_000) throw new Error("no write of every family in flight within 2 minutes");
    await sleep(100);
  }
  if (target === "cli") {
    process.kill(-child.pid!, "SIGKILL");
  } else {
    const provider = processesIn(dir).find((p) => p.includes("dynamic-provider"));
    expect(provider).toBeDefined();
    process.kill(Number(provider!.split(" ")[0]), "SIGKILL");
  }
  // A run that outlives its killed provider by two minutes hangs: stopped, and reported as such.
  const hung = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 120_000);
  const code = await exited;
  clearTimeout(hung);
  // The plugins of a killed CLI exit too (interrupt.test.ts); the next run must not meet them.
  for (let waited = 0; processesIn(dir).length && waited < 15_000; waited += 250) await sleep(250);
  return { code: target === "cli" ? -9 : code, stdout, stderr };
}

test("fault matrix of the DNS families: every scenario fails clearly or succeeds, the next up converges (0 orphans, 0 duplicates); destroy leaves nothing", async () => {
  const dir = writeProject({ "Pulumi.yaml": "name: faults-dns\nruntime: nodejs\n", "index.ts": program }, "faults-dns-");
  const baseEnv = engineEnv();
  let programEnv: Record<string, string> = {};
  const cli = (args: string[]) => runCli(args, { cwd: dir, env: { ...baseEnv, ...programEnv } });
  const up = () => cli(UP);
  const state = async () => {
    const deployment = JSON.parse((await cli(["stack", "export"])).stdout).deployment;
    const { body } = await e2e.api.json("GET", "/__emulator/state");
    return { resources: deployment.resources ?? [], emulator: body };
  };
  try {
    const settings: Array<[string, string, boolean]> = [];
    for (const f of families) {
      settings.push([f.endpointKey, f.endpoint(), false], [f.tokenKey, e2e.token, true]);
      for (const [key, value] of Object.entries((await f.config?.()) ?? {})) settings.push([key, value, false]);
    }
    expect((await cli(["stack", "init", "faults"])).code).toBe(0);
    for (const [key, value, secret] of settings) expect((await cli(["config", "set", ...(secret ? ["--secret"] : []), key, value])).code).toBe(0);

    for (const scenario of selected) {
      programEnv = { ...programEnv, ...scenario.env };
      await e2e.api.clearRequests();
      for (const f of families) await scenario.arm?.(f);
      const zoneIds = scenario.block ? JSON.parse((await cli(["stack", "output", "zoneIds", "--json"])).stdout) : {};
      const unblocks = scenario.block ? await Promise.all(families.map((f) => f.blockBadRecord({ zoneId: zoneIds[f.family] }))) : [];
      // Creates carried out whose answers are held long enough to kill the run while they are in flight.
      if (scenario.kill) for (const f of families) await faultEach(f.creates, { afterProcessing: true, latencyMs: 3_000, times: 100 });
      const first = await timed(scenario.name, () => (scenario.kill ? upKilledDuringWrites(dir, { ...baseEnv, ...programEnv }, scenario.kill) : cli(DISTURBED_UP)));
      expect((await e2e.api.json("DELETE", "/__emulator/faults")).status).toBeLessThan(300);
      await e2e.api.json("DELETE", "/__emulator/cloudflare/rate-limit");
      for (const unblock of unblocks) await unblock();
      let again = await timed(`${scenario.name}: up again`, up);
      // A CLI killed while the file backend wrote the checkpoint leaves it unreadable (the engine's, not the provider's).
      if (again.code !== 0 && /failed to load checkpoint/.test(again.stdout + again.stderr)) {
        process.stdout.write(`[faults-dns] ${scenario.name}: the killed CLI left the checkpoint unreadable; repaired: ${repairCheckpoint(baseEnv).join(", ")}\n`);
        again = await up();
      }
      // A killed CLI leaves the stack locked: what the CLI asks for, then up.
      if (again.code !== 0 && /pulumi cancel/.test(again.stdout + again.stderr)) {
        expect((await cli(["cancel", "--yes"])).code).toBe(0);
        again = await up();
      }
      // Its pending operations: what the CLI asks for (`pulumi refresh`, non-interactively --clear-pending-creates).
      if (again.code !== 0 && /interrupted while/.test(again.stdout + again.stderr)) {
        expect((await cli(["refresh", "--yes", "--skip-preview", "--clear-pending-creates"])).code).toBe(0);
        again = await up();
      }
      if (again.code !== 0) process.stdout.write(`[faults-dns] ${scenario.name}: up again failed:\n${(again.stdout + again.stderr).slice(-2000)}\n`);
      // A killed run leaves records it made and nothing recorded: the API refuses them again as identical (records
      // carry no owner mark to claim them by). The fix the errors name: remove them from the zone, then up.
      const removedByHand = new Map<DnsFamily, number>(families.map((f) => [f.family, 0]));
      if (scenario.kill && again.code !== 0) {
        const before = await state();
        const singlesZones = JSON.parse((await cli(["stack", "output", "zoneIds", "--json"])).stdout);
        for (const f of families) {
          const { orphaned } = compare(before.resources, liveObjects(f.family, before.emulator, f.zones), f.family);
          for (const record of orphaned.filter((o) => o.kind === "record" && o.zone === singlesZones[f.family])) {
            await f.removeRecord(record);
            removedByHand.set(f.family, removedByHand.get(f.family)! + 1);
          }
        }
        again = await timed(`${scenario.name}: up after removing ${[...removedByHand.values()].reduce((a, b) => a + b)} records by hand`, up);
      }
      const { resources, emulator } = await state();
      const requests = await e2e.api.requests();
      for (const f of families) {
        const { orphans, missing, duplicates } = compare(resources, liveObjects(f.family, emulator, f.zones), f.family);
        const row: ScenarioOutcome = {
          family: f.family,
          scenario: scenario.name,
          ...firstRunOutcome(f.family, first, scenario.kill === "cli"),
          converged: again.code === 0 && !orphans.length && !missing.length && !duplicates.length,
          removedByHand: removedByHand.get(f.family)!,
          requests: requests.filter((r) => r.path.startsWith(f.prefix)).length,
          duplicates: duplicates.length,
          orphans: orphans.length,
          missing: missing.length,
        };
        rows.push(row);
        if (orphans.length + missing.length + duplicates.length) process.stdout.write(`[faults-dns] ${f.family} ${scenario.name}: ${JSON.stringify({ orphans, missing, duplicates })}\n`);
        if (row.error) process.stdout.write(`[faults-dns] ${f.family} ${scenario.name}: ${row.error}\n`);
      }
    }
    // The state equals the program: nothing left to do.
    const preview = await cli(["preview", "--expect-no-changes"]);
    expect({ code: preview.code, output: preview.code ? preview.stdout.slice(-2000) : "" }).toEqual({ code: 0, output: "" });
    const destroy = await timed("destroy", () => cli(["destroy", "--yes", "--skip-preview"]));
    expect({ code: destroy.code, output: destroy.code ? (destroy.stdout + destroy.stderr).slice(-2000) : "" }).toEqual({ code: 0, output: "" });
    const { body } = await e2e.api.json("GET", "/__emulator/state");
    for (const f of families) expect({ family: f.family, left: liveObjects(f.family, body, f.zones) }).toEqual({ family: f.family, left: [] });
  } finally {
    await e2e.api.json("DELETE", "/__emulator/faults");
    await cli(["stack", "rm", "--yes", "--force"]);
  }
  expect(rows.filter((r) => !r.converged || r.firstRun === "failed unclearly")).toEqual([]);
  expect(rows).toHaveLength(selected.length * families.length);
});

