/**
 * Emulator state shared by all API families: the persistent store (one JSON document in which each
 * family registers its own slice under its own key) and the runtime settings tests change on the fly
 * (action duration, action faults).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { RateLimits } from "./hetzner/rate-limit";

/** The project of the tokens given without one (`tokens`, `--token`): its slices keep their plain keys. */
export const DEFAULT_PROJECT = "default";

/** The store key of a family's slice for one project: `hcloud`, or `hcloud@<project>`. */
export function sliceKey(family: string, project: string): string {
  return project === DEFAULT_PROJECT ? family : `${family}@${project}`;
}

function projectOfKey(key: string): { family: string; project: string } {
  const at = key.indexOf("@");
  return at < 0 ? { family: key, project: DEFAULT_PROJECT } : { family: key.slice(0, at), project: key.slice(at + 1) };
}

interface Slice {
  initial: () => object;
  /** Rebuilds the slice from a state file, which may predate some of its fields. */
  restore: (saved: object) => object;
}

export class StateStore {
  private readonly slices = new Map<string, Slice>();
  private readonly current: Record<string, object> = {};
  private readonly saved: Record<string, object>;

  constructor(private readonly file?: string) {
    this.saved = file && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, object>) : {};
  }

  /**
   * Registers a family's slice under `key` and returns its accessor. It starts from the state file when
   * the file has the key (through `restore`, by default the initial state overlaid with the saved one),
   * else from `initial()`.
   */
  register<T extends object>(key: string, initial: () => T, restore: (saved: Partial<T>) => T = (saved) => ({ ...initial(), ...saved })): () => T {
    if (this.slices.has(key)) throw new Error(`emulator: state slice ${key} registered twice`);
    this.slices.set(key, { initial, restore: restore as (saved: object) => object });
    this.current[key] = key in this.saved ? restore(this.saved[key] as Partial<T>) : initial();
    return () => this.current[key] as T;
  }

  /** Every slice, by key (the state dump). */
  get state(): Record<string, object> {
    return this.current;
  }

  /** One project's slices, by family (`{hcloud: …}`). */
  stateOf(project: string): Record<string, object> {
    const slices: Record<string, object> = {};
    for (const [key, value] of Object.entries(this.current)) {
      const of = projectOfKey(key);
      if (of.project === project) slices[of.family] = value;
    }
    return slices;
  }

  /** Empties every slice, or only those of `project`. */
  reset(project?: string): void {
    for (const [key, slice] of this.slices) if (project === undefined || projectOfKey(key).project === project) this.current[key] = slice.initial();
    this.save();
  }

  /** Writes the state file atomically (temp file + rename), so a crash never leaves half a file. */
  save(): void {
    if (!this.file) return;
    fs.mkdirSync(path.dirname(path.resolve(this.file)), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(this.current, null, 2));
    fs.renameSync(temp, this.file);
  }
}

/** Makes the next matching action(s) end with `status: "error"` and this error. */
export interface ActionFault {
  command?: string;
  code: string;
  message: string;
  times: number;
}

export interface Runtime {
  actionDurationMs: number;
  actionFaults: ActionFault[];
  /** The Hetzner families' rate-limit buckets and whether they are enforced. */
  rateLimits: RateLimits;
}

export function takeActionFault(runtime: Runtime, command: string): { code: string; message: string } | null {
  const fault = runtime.actionFaults.find((f) => f.command === undefined || f.command === command);
  if (!fault) return null;
  if (--fault.times <= 0) runtime.actionFaults.splice(runtime.actionFaults.indexOf(fault), 1);
  return { code: fault.code, message: fault.message };
}
