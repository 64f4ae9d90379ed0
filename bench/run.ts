/**
 * `npm run bench [-- --quick | --all] [-- --only firewalls,dns-cloudflare:500] [-- --out FILE.json] [-- --table FILE.md]`
 *
 * Every workload (bench/workloads.ts) goes through `pulumi up`, a no-op `preview`, `refresh` and `destroy`
 * with the real engine against the in-process emulator, and so does its dynamic floor (bench/floor-provider.ts:
 * the same number of dynamic resources that only wait as long as the Actions), in the same run, so the
 * ratios compare even on a busy machine. The table goes to stdout (bench/report.ts).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulator } from "../emulator/server";
import { ensureEngine } from "../scripts/engine-env";
import { FloorResource } from "./floor-provider";
import { type BenchReport, type FloorResult, type OpName, renderReport, type RowResult } from "./report";
import { EmulatorControl, EngineRunner } from "./runner";
import { KINDS, plan, type Row, TOKEN } from "./workloads";

interface Options {
  quick: boolean;
  all: boolean;
  only?: string[];
  out?: string;
  table?: string;
}

const USAGE = `usage: npm run bench -- [--quick | --all] [--only WORKLOAD[:COUNT[@PARALLEL]],…] [--out FILE.json] [--table FILE.md]; workloads: ${KINDS.map((k) => k.id).join(", ")}`;

/**
 * `--only firewalls,dns-cloudflare:500,dns-hetznerdns:500@500`: the rows of those workloads (of that size
 * only, with `:COUNT`; at that `--parallel` only, with `@N`).
 */
const selected = (only: string[] | undefined, row: Row) =>
  !only || only.some((selector) => {
    const [id, size] = selector.split(":");
    const [count, parallel] = (size ?? "").split("@");
    return id === row.kind.id && (!count || Number(count) === row.count) && (parallel === undefined || Number(parallel) === row.parallel);
  });

function parseArgs(args: string[]): Options {
  const options: Options = { quick: false, all: false };
  for (let i = 0; i < args.length; i++) {
    const value = () => {
      if (args[i + 1] === undefined) throw new Error(`${args[i]} needs a value\n${USAGE}`);
      return args[++i];
    };
    switch (args[i]) {
      case "--quick":
        options.quick = true;
        break;
      case "--all":
        options.all = true;
        break;
      case "--only":
        options.only = value().split(",");
        for (const id of options.only) if (!KINDS.some((k) => k.id === id.split(":")[0])) throw new Error(`--only: no workload ${id}\n${USAGE}`);
        break;
      case "--out":
        options.out = value();
        break;
      case "--table":
        options.table = value();
        break;
      default:
        throw new Error(`unknown argument ${args[i]}\n${USAGE}`);
    }
  }
  return options;
}

const parallelOf = (row: { parallel?: number }) => row.parallel ?? "default";
const progress = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.quick && options.all) throw new Error(`--quick and --all exclude each other\n${USAGE}`);
  const rows = plan(options).filter((row) => selected(options.only, row));
  const started = performance.now();
  const emulator = await startEmulator({ port: 0, tokens: [TOKEN], actionDurationMs: 0 });
  const control = new EmulatorControl(emulator);
  const engine = await EngineRunner.start(control);
  const floors: Record<string, FloorResult> = {};
  const results: RowResult[] = [];
  let stackCounter = 0;

  /** The floor of a shape is measured once, right before the first row that needs it. */
  async function floorOf(resources: number, createWaitMs: number, parallel?: number, ops?: OpName[]): Promise<string> {
    const key = `${resources} resources, wait ${createWaitMs} ms, parallel ${parallel ?? "default"}`;
    if (!floors[key]) {
      progress(`floor: ${key}`);
      const program = async () => {
        for (let i = 0; i < resources; i++) new FloorResource(`floor${i}`, { createWaitMs, deleteWaitMs: 0 });
      };
      const measured = await engine.run(`floor-${stackCounter++}`, program, {}, parallel, ops);
      floors[key] = { ...measured, resources, createWaitMs, parallel: parallel ?? "default" };
    }
    return key;
  }

  async function runRow(row: Row): Promise<RowResult> {
    const resources = row.kind.resources(row.count);
    const floor = row.floor === false ? undefined : await floorOf(resources, row.kind.createActions * row.actionDelayMs, row.parallel, row.ops);
    const { rateLimitEnforced } = await control.configure(row.actionDelayMs, row.rateLimited ?? false);
    const tag = `bench-${stackCounter}-${row.kind.id}`;
    progress(`${row.kind.id} ${row.count} @${row.actionDelayMs}ms parallel ${parallelOf(row)}${row.rateLimited ? `, bucket ${rateLimitEnforced ? "enforced" : "NOT enforced by this emulator"}` : ""}`);
    try {
      const { program, config } = await row.kind.prepare(emulator, row.count, tag);
      const provider = await engine.run(`row-${stackCounter++}`, program, config, row.parallel, row.ops);
      return {
        workload: row.kind.id,
        what: row.kind.what,
        count: row.count,
        resources,
        actionDelayMs: row.actionDelayMs,
        parallel: parallelOf(row),
        ...(row.rateLimited ? { rateLimit: { enforced: rateLimitEnforced } } : {}),
        provider,
        ...(floor ? { floor } : {}),
      };
    } finally {
      if (row.rateLimited) await control.configure(0, false);
    }
  }

  const loadBefore = os.loadavg()[0];
  /** Written after every row, so a run cut short keeps the rows it finished. */
  const report = (): BenchReport => {
    const loadNow = os.loadavg()[0];
    const busy = Math.max(loadBefore, loadNow) > os.cpus().length / 2;
    return {
      date: new Date().toISOString(),
      machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}, engine ${path.basename(path.dirname(ensureEngine()))}`,
      notes: [
        `1-minute load average ${loadBefore.toFixed(1)} at the start, ${loadNow.toFixed(1)} at the end${busy ? ": other processes shared the CPU, so wall times are noisy; ratios to the floor in one run still compare" : ""}`,
        `${results.length} of ${rows.length} rows done`,
        "floor: the same number of dynamic resources in the same engine whose create only waits as long as the workload's Actions (bench/floor-provider.ts)",
        "requests: every API request of the operation in the emulator's log; req/res = requests / resources; RSS: peak VmHWM of the dynamic-provider process(es)",
      ],
      totalS: Math.round(performance.now() - started) / 1000,
      floors,
      rows: results,
    };
  };
  const write = (rendered: string, current: BenchReport) => {
    if (options.out) fs.writeFileSync(options.out, JSON.stringify(current, null, 2) + "\n");
    if (options.table) fs.writeFileSync(options.table, "```\n" + rendered + "```\n");
  };

  try {
    await floorOf(0, 0); // the engine alone: an empty program
    for (const row of rows) {
      results.push(await runRow(row));
      const current = report();
      write(renderReport(current), current);
    }
  } finally {
    engine.close();
    await emulator.close();
  }
  const final = report();
  const rendered = renderReport(final);
  process.stdout.write(rendered);
  write(rendered, final);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
