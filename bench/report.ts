/** The benchmark's results: JSON shape and the table printed on stdout (and kept in bench/baseline.md). */
import type { RequestCounts, StateSizes } from "./metrics";

export const OPS = ["up", "preview", "refresh", "destroy"] as const;
export type OpName = (typeof OPS)[number];

export interface OpResult {
  wallS: number;
  requests: RequestCounts;
  /** Peak RSS of the dynamic-provider process(es) during the operation; 0 when none ran. */
  providerPeakRssMiB: number;
  /** The engine's summary: resource changes (up, refresh, destroy) or the change summary (preview). */
  changes: Record<string, number>;
  error?: string;
}

export interface StackResult {
  ops: Partial<Record<OpName, OpResult>>;
  /** After `up`. */
  state: StateSizes;
}

export interface RowResult {
  workload: string;
  what: string;
  /** Items of the workload (records of a whole-zone resource, else resources). */
  count: number;
  /** Resources the program declares. */
  resources: number;
  actionDelayMs: number;
  /** `--parallel`, or "default" (the engine's: 4 × cores). */
  parallel: number | "default";
  /** Asked for on this row; `enforced`: the emulator confirmed it (an emulator without enforcement ignores it). */
  rateLimit?: { enforced: boolean };
  provider: StackResult;
  /** Key of the row's dynamic floor in `BenchReport.floors`; absent when the row has none. */
  floor?: string;
}

export interface FloorResult extends StackResult {
  resources: number;
  createWaitMs: number;
  parallel: number | "default";
}

export interface BenchReport {
  date: string;
  machine: string;
  notes: string[];
  /** Total wall time of the run, seconds. */
  totalS: number;
  floors: Record<string, FloorResult>;
  rows: RowResult[];
}

/** Columns padded to their widest cell; numbers right-aligned, text left-aligned. */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const numeric = (cell: string) => /^[-+]?[\d.]+[×%]?$/.test(cell) || cell === "–";
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (numeric(cell) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join(" | ")
      .trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("-|-"), ...rows.map(line)].join("\n");
}

const fixed = (value: number, digits: number) => value.toFixed(digits);
/** The row's name in the table: workload, size, delay and parallelism when not the default. */
export const rowLabel = (row: RowResult) =>
  `${row.workload} ${row.count}${row.actionDelayMs ? ` @${row.actionDelayMs}ms` : ""}${row.parallel === "default" ? "" : ` -p${row.parallel}`}${row.rateLimit ? (row.rateLimit.enforced ? " bucket" : " (bucket not enforced)") : ""}`;

/** One line per row and operation: wall time against the floor, requests, 429s, provider peak RSS. */
export function opsTable(report: BenchReport): string {
  const lines: string[][] = [];
  for (const row of report.rows) {
    const floor = row.floor === undefined ? undefined : report.floors[row.floor];
    for (const op of OPS) {
      const ours = row.provider.ops[op];
      if (!ours) continue;
      const theirs = floor?.ops[op];
      lines.push([
        rowLabel(row),
        op,
        fixed(ours.wallS, 1),
        theirs ? fixed(theirs.wallS, 1) : "–",
        theirs && theirs.wallS > 0 ? `${fixed(ours.wallS / theirs.wallS, 2)}×` : "–",
        String(ours.requests.total),
        String(ours.requests.writes),
        fixed(ours.requests.total / row.resources, 2),
        String(ours.requests.status429),
        fixed(ours.providerPeakRssMiB, 0),
        ours.error ? `FAILED: ${ours.error.split("\n").pop()}` : "",
      ]);
    }
  }
  return formatTable(["workload", "op", "wall s", "floor s", "×floor", "requests", "writes", "req/res", "429", "RSS MiB", ""], lines);
}

/** The floors' wall seconds per operation, the engine alone (an empty program) first. */
export function floorsTable(report: BenchReport): string {
  const lines = Object.entries(report.floors).map(([key, floor]) => [key, ...OPS.map((op) => (floor.ops[op] ? fixed(floor.ops[op]!.wallS, 1) : "–")), fixed(Math.max(0, ...OPS.map((op) => floor.ops[op]?.providerPeakRssMiB ?? 0)), 0)]);
  return formatTable(["floor", ...OPS.map((op) => `${op} s`), "RSS MiB"], lines);
}

/** One line per row: state sizes after `up`, ours and the floor's. */
export function stateTable(report: BenchReport): string {
  const lines = report.rows.map((row) => {
    const floor = row.floor === undefined ? undefined : report.floors[row.floor];
    return [
      rowLabel(row),
      String(row.provider.state.resources),
      String(row.provider.state.providerBytesPerResource),
      String(row.provider.state.stateBytesPerResource),
      floor ? String(floor.state.providerBytesPerResource) : "–",
      floor ? String(floor.state.stateBytesPerResource) : "–",
    ];
  });
  return formatTable(["workload", "resources", "__provider B/res", "state B/res", "floor __provider B/res", "floor state B/res"], lines);
}

/** Requests of each operation by method and normalized path, the most frequent first. */
export function requestsTable(report: BenchReport): string {
  const lines: string[][] = [];
  for (const row of report.rows) {
    for (const op of OPS) {
      const shapes = Object.entries(row.provider.ops[op]?.requests.byShape ?? {});
      if (shapes.length) lines.push([rowLabel(row), op, shapes.map(([shape, n]) => `${n} ${shape}`).join(", ")]);
    }
  }
  return formatTable(["workload", "op", "requests by method and path"], lines);
}

export function renderReport(report: BenchReport): string {
  return [
    `pulumi-dns-cloud bench, ${report.date}: ${report.machine}; ${fixed(report.totalS / 60, 1)} min in all`,
    ...report.notes.map((note) => `- ${note}`),
    "",
    opsTable(report),
    "",
    floorsTable(report),
    "",
    stateTable(report),
    "",
    requestsTable(report),
    "",
  ].join("\n");
}
