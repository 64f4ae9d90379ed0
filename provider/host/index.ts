/**
 * How the resource implementations meet the dynamic-provider host (@pulumi/pulumi/cmd/dynamic-provider),
 * the process that loads this package. The host has three habits a user should not see:
 * - it prints every error thrown by check, diff, read or delete to stderr as `${error}: ${error.stack}`,
 *   and the engine shows that beside its own report of the same message;
 * - the engine prints the value of the property a check failure names, looked up as a top-level key:
 *   `rules[0]` shows as `{<nil>}`, and `rules` dumps every rule;
 * - it drops DiffResult fields other than changes, replaces and deleteBeforeReplace, so the engine
 *   diffs lists by position (one rule added in front shows every rule as changed).
 * `wrapForHost` answers the first two; the host hooks (installed only inside the host) the first and third.
 */
import * as path from "path";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { ADOPT } from "../core/adoption";
import { canonicalJson, CheckFailure, containsUnknown } from "../core/inputs";
import { Props, ResourceImplementation } from "../core/resource";
import { installResourceLogging, isDynamicProviderHost } from "./log";

/** How one property changed, keyed by its path (`name`, `rules[2]`): what `pulumi preview --diff` shows. */
export type PropertyChange = "add" | "delete" | "update";

/** A diff that can say which properties (or list elements) changed, for the display. */
export interface DetailedDiffResult extends dynamic.DiffResult {
  detailedDiff?: Record<string, PropertyChange>;
}

/** Built-in classes that mean a bug: their stack trace is worth printing. Every other error is a message for the user. */
const BUG_CLASSES = [TypeError, ReferenceError, RangeError, SyntaxError, EvalError, URIError];

function isUserFacing(error: unknown): error is Error {
  return error instanceof Error && !BUG_CLASSES.some((bug) => error instanceof bug);
}

/** The host's own rendering of an error it is about to print; see installHostHooks. */
const hostRendering = (error: Error) => `${error}: ${error.stack}`;
const unprinted = new Set<string>();

/**
 * Runs an operation the host reports by printing its error: a user-facing error is then not printed
 * (the engine shows its message once, without a stack trace); a bug still is.
 */
async function reportedByEngineOnly<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (isUserFacing(error)) {
      const text = hostRendering(error);
      unprinted.add(text);
      // The host prints in the promise chain of this rejection, before any macrotask: never kept longer.
      setImmediate(() => unprinted.delete(text));
    }
    throw error;
  }
}

/**
 * A failure reported at the resource rather than at a property: the engine prints its reason and no value.
 * The reason starts with the property path (the engine no longer names it), e.g. `rules[0]: sourceIps: …`.
 */
export function resourceLevelFailure(failure: CheckFailure): CheckFailure {
  const named = new RegExp(`^${failure.property.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w])`).test(failure.reason);
  return { property: "", reason: named || !failure.property ? failure.reason : `${failure.property}: ${failure.reason}` };
}

let pendingDetailedDiff: Record<string, PropertyChange> | undefined;

/**
 * The diff result as the host reads it. The host reads `changes` and sets it on its DiffResponse in the
 * same synchronous step, so the getter hands the detailed diff to that response (installHostHooks).
 */
function withDetailedDiff(result: DetailedDiffResult): dynamic.DiffResult {
  const { detailedDiff, ...rest } = result;
  if (!detailedDiff || Object.keys(detailedDiff).length === 0) return rest;
  return {
    ...rest,
    get changes() {
      pendingDetailedDiff = detailedDiff;
      queueMicrotask(() => (pendingDetailedDiff = undefined));
      return rest.changes;
    },
  };
}

/**
 * The top-level properties whose value a diff changes (olds: the state's outputs; news: the checked
 * inputs), for a kind whose diff says only whether something changes: the engine names a dynamic
 * resource's changed properties (`preview --diff`, refresh, `preview --refresh`, their events) only
 * from a detailed diff.
 */
export function changedProperties(olds: Props, news: Props): Record<string, PropertyChange> {
  const changed: Record<string, PropertyChange> = {};
  for (const [key, now] of Object.entries(news)) {
    if (key.startsWith("__") || key === ADOPT) continue;
    const was = olds[key];
    if (!containsUnknown(now) && canonicalJson(was ?? null) === canonicalJson(now ?? null)) continue;
    changed[key] = was === undefined || was === null ? "add" : now === undefined || now === null ? "delete" : "update";
  }
  return changed;
}

/**
 * The value without `undefined` anywhere inside (object keys dropped, array entries null): the host turns
 * results into protobuf Structs, which throw "Unexpected struct type" at an undefined value, failing the
 * resource's step with nothing to show the user where.
 */
export function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : withoutUndefined(v))) as T;
  if (value === null || typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).map(([k, v]) => [k, withoutUndefined(v)])) as T;
}

/**
 * The implementation as the host should see it: short check failures, detailed diffs (the changed
 * properties, where the kind gives no finer one), errors reported once, no undefined in results.
 */
export function wrapForHost(implementation: ResourceImplementation): ResourceImplementation {
  return {
    check: (olds, news) =>
      reportedByEngineOnly(async () => {
        const result = await implementation.check(olds, news);
        return result.failures?.length ? { ...result, failures: result.failures.map(resourceLevelFailure) } : result;
      }),
    diff: (id, olds, news) =>
      reportedByEngineOnly(async () => {
        const result: DetailedDiffResult = await implementation.diff(id, olds, news);
        return withDetailedDiff(result.changes && !result.detailedDiff ? { ...result, detailedDiff: changedProperties(olds, news) } : result);
      }),
    create: async (inputs) => withoutUndefined(await implementation.create(inputs)),
    read: (id, props) => reportedByEngineOnly(async () => withoutUndefined(await implementation.read(id, props))),
    update: async (id, olds, news) => withoutUndefined(await implementation.update(id, olds, news)),
    delete: (id, props) => reportedByEngineOnly(() => implementation.delete(id, props)),
  };
}

/** The host's module folder (…/@pulumi/pulumi/cmd/dynamic-provider), when this process is the host. */
function hostFolder(): string | undefined {
  return isDynamicProviderHost(require.main) ? path.dirname(require.main!.filename) : undefined;
}

const KIND_CODES: Record<PropertyChange, string> = { add: "ADD", delete: "DELETE", update: "UPDATE" };

/**
 * Inside the host only, once: drop the host's printout of a user-facing error (reportedByEngineOnly),
 * let a detailed diff reach the engine through the host's own DiffResponse class, and show progress
 * lines under their resource (log.ts). Each degrades to the host's plain behaviour if its internals change.
 */
export function installHostHooks(): void {
  installResourceLogging();
  const folder = hostFolder();
  if (!folder || (globalThis as { __pulumiDnsCloudHooks?: boolean }).__pulumiDnsCloudHooks) return;
  (globalThis as { __pulumiDnsCloudHooks?: boolean }).__pulumiDnsCloudHooks = true;
  exitWithTheEngine();

  const print = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    if (args.length === 1 && typeof args[0] === "string" && unprinted.delete(args[0])) return;
    print(...args);
  };

  let proto: any;
  try {
    proto = require(path.join(folder, "..", "..", "proto", "provider_pb"));
  } catch {
    return;
  }
  const { DiffResponse, PropertyDiff } = proto;
  const setChanges = DiffResponse?.prototype?.setChanges;
  if (typeof setChanges !== "function" || typeof DiffResponse.prototype.getDetaileddiffMap !== "function" || !PropertyDiff?.Kind) return;
  DiffResponse.prototype.setChanges = function (this: any, value: unknown) {
    const detailed = pendingDetailedDiff;
    pendingDetailedDiff = undefined;
    const response = setChanges.call(this, value);
    if (detailed) {
      const entries = this.getDetaileddiffMap();
      for (const [property, change] of Object.entries(detailed)) {
        const diff = new PropertyDiff();
        diff.setKind(PropertyDiff.Kind[KIND_CODES[change]]);
        entries.set(property, diff);
      }
      this.setHasdetaileddiff(true);
      this.setDiffsList([...new Set(Object.keys(detailed).map((property) => property.split(/[.[]/)[0]))]);
    }
    return response;
  };
}

/**
 * The engine can die without telling its plugins (the CLI killed by SIGKILL). The provider is then an
 * orphan: nothing it does can be recorded any more, and a line written to its closed stdout would loop
 * through the host's uncaughtException handler (which prints the failure, fails again, and keeps every
 * error: a spinning process that grows by gigabytes). So it exits when its output pipe breaks or its
 * parent, the engine, is gone. What an interrupted create made is found by the next `up` (owner label).
 */
function exitWithTheEngine(engine = process.ppid): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      process.exit(1);
    });
  }
  setInterval(() => process.ppid !== engine && process.exit(1), 1_000).unref();
}
