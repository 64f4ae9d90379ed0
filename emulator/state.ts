/**
 * Emulator state shared by all API families: the persistent store (one JSON document, one key per
 * family) and the runtime settings tests change on the fly (action duration, action faults).
 */
import * as fs from "node:fs";
import * as path from "node:path";

export class StateStore<T extends object> {
  private current: T;

  constructor(
    private readonly initial: () => T,
    private readonly file?: string,
  ) {
    this.current = this.load();
  }

  get state(): T {
    return this.current;
  }

  reset(): void {
    this.current = this.initial();
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

  private load(): T {
    const fresh = this.initial();
    if (!this.file || !fs.existsSync(this.file)) return fresh;
    // Families added since the file was written start from their initial state.
    return { ...fresh, ...(JSON.parse(fs.readFileSync(this.file, "utf8")) as Partial<T>) };
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
}

export function takeActionFault(runtime: Runtime, command: string): { code: string; message: string } | null {
  const fault = runtime.actionFaults.find((f) => f.command === undefined || f.command === command);
  if (!fault) return null;
  if (--fault.times <= 0) runtime.actionFaults.splice(runtime.actionFaults.indexOf(fault), 1);
  return { code: fault.code, message: fault.message };
}
