/**
 * The fault matrix's bookkeeping, for any API family: what a stack's state claims against what the
 * emulator holds (orphans, duplicates, missing and differing objects), whether a failed run failed
 * clearly, and the scenario table (printed, and written as JSON to FAULTS_TABLE_OUT when set).
 */
import * as fs from "fs";

/** One object in the emulator, by a key its resource's state can name (`firewall:100`, `rrset:700/www/A`). */
export interface LiveObject {
  key: string;
  /** The owner label it carries: two objects with the same owner are one resource made twice. */
  owner?: string;
  /** Fields to compare with the state's (name, labels without the owner label, …). */
  fields?: Record<string, unknown>;
  /** Made outside the stack (an adopted image): never an orphan. */
  external?: boolean;
}

/** What one resource in the state claims to own. */
export interface ClaimedObject {
  key: string;
  /** The Pulumi resource name, for messages. */
  resource: string;
  fields?: Record<string, unknown>;
}

export interface Convergence {
  /** In the emulator, claimed by no resource. */
  orphans: string[];
  /** One resource made twice (the same owner label), or claimed by two resources. */
  duplicates: string[];
  /** Claimed, not in the emulator. */
  missing: string[];
  /** Claimed and live, with fields that differ. */
  differing: string[];
}

export function compareWithEmulator(claimed: ClaimedObject[], live: LiveObject[]): Convergence {
  const liveByKey = new Map(live.map((object) => [object.key, object]));
  const claimedKeys = new Set(claimed.map((c) => c.key));
  const duplicates: string[] = [];
  const byOwner = new Map<string, string[]>();
  for (const object of live) if (object.owner) byOwner.set(object.owner, [...(byOwner.get(object.owner) ?? []), object.key]);
  for (const keys of byOwner.values()) if (keys.length > 1) duplicates.push(keys.join(" = "));
  const claimants = new Map<string, string[]>();
  for (const c of claimed) claimants.set(c.key, [...(claimants.get(c.key) ?? []), c.resource]);
  for (const [key, resources] of claimants) if (resources.length > 1) duplicates.push(`${key} claimed by ${resources.join(", ")}`);
  const differing: string[] = [];
  for (const c of claimed) {
    const object = liveByKey.get(c.key);
    for (const [field, value] of Object.entries(c.fields ?? {})) {
      const actual = object?.fields?.[field];
      if (object && JSON.stringify(actual) !== JSON.stringify(value)) differing.push(`${c.resource} ${field}: state ${JSON.stringify(value)}, live ${JSON.stringify(actual)}`);
    }
  }
  return {
    orphans: live.filter((o) => !o.external && !claimedKeys.has(o.key)).map((o) => o.key),
    duplicates,
    missing: claimed.filter((c) => !liveByKey.has(c.key)).map((c) => `${c.resource} (${c.key})`),
    differing,
  };
}

/**
 * What is wrong with a failed run's output as a user reads it: a stack trace, an error line that is
 * not short, an error without a fix, or a secret. An empty list is a clear failure (resource, cause, fix).
 */
export function unclearFailure(output: string, secrets: string[]): string[] {
  const problems: string[] = [];
  output = withoutRegistrationEchoes(output);
  const stack = output.split("\n").find((line) => /^\s+at .+[:(]\d+:\d+\)?$/.test(line) || /\.(js|ts):\d+:\d+/.test(line));
  if (stack) problems.push(`stack trace: ${stack.trim()}`);
  // A provider's errors: `error: …` under the resource, or `* …` under the engine's `error: 1 error occurred:`.
  const providerErrors = output.split("\n").filter((line) => /^\s*(\* |error: )/.test(line) && !ENGINE_ERROR.test(line)).map((line) => line.trim());
  if (providerErrors.length === 0) problems.push("no error");
  for (const error of providerErrors) {
    if (error.length > 400) problems.push(`long error (${error.length} chars): ${error.slice(0, 120)}…`);
    if (!FIX.test(error)) problems.push(`no fix in: ${error.slice(0, 200)}`);
  }
  for (const secret of secrets) if (output.includes(secret)) problems.push("a secret in the output");
  return problems;
}

/**
 * Under `--continue-on-error` the Node SDK reports every failed registration once more at the stack,
 * with its own stack trace ("resource x [type] failed to register", or a dependent's "error serializing
 * property"); the resource's error is above it.
 */
function withoutRegistrationEchoes(output: string): string {
  return output.replace(/error: Error: (error serializing property \\?"\w+\\?": )*resource \S+ \[[^\]]+\] failed to register\n(\s+at .*\n)*/g, "");
}

/** The engine's own summary lines. */
const ENGINE_ERROR = /error: (update failed|\d+ errors? occurred:?)$/;

/** Words that tell the user what to do. */
const FIX = /\b(run|check|raise|choose|set|remove|fix)\b|completes it/;

export interface ScenarioRow {
  scenario: string;
  /** What the faulty run did: `create`, `update` or `delete` (destroy). */
  operation: string;
  /** `ok`, or `failed clearly` (a failure with a clear message). */
  firstRun: string;
  converged: boolean;
  /** API requests of the faulty run and of the converging one. */
  requests: number;
  duplicates: number;
  orphans: number;
  missing: number;
  differing: number;
}

/** The scenario table as text; written as JSON to `FAULTS_TABLE_OUT` too when that is set. */
export function scenarioTable(title: string, rows: ScenarioRow[]): string {
  if (process.env.FAULTS_TABLE_OUT) fs.writeFileSync(process.env.FAULTS_TABLE_OUT, JSON.stringify({ title, rows }, null, 2) + "\n");
  const header = ["scenario", "operation", "first run", "converged", "requests", "duplicates", "orphans", "missing", "differing"];
  const cells = rows.map((r) => [r.scenario, r.operation, r.firstRun, r.converged ? "yes" : "NO", r.requests, r.duplicates, r.orphans, r.missing, r.differing].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i])).join(" | ")} |`;
  return [title, line(header), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}
