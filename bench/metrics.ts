/**
 * What the benchmark measures besides wall time: API requests from the emulator's log (by method and
 * normalized path), state sizes from an exported deployment, and the peak RSS of the dynamic-provider
 * process(es) the engine starts for an operation.
 */
import * as fs from "fs";

/** One entry of `GET /__emulator/requests` (the fields the bench reads). */
export interface LoggedRequest {
  method: string;
  path: string;
  status: number | null;
}

export interface RequestCounts {
  total: number;
  /** Requests that were not GETs. */
  writes: number;
  status429: number;
  byMethod: Record<string, number>;
  /** `METHOD /normalized/path` → count, sorted by count (highest first). */
  byShape: Record<string, number>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A path segment that names one object: a number, a uuid, a domain, or a long token with a digit or
 * mixed case (legacy Hetzner DNS ids may have no digit; route words are lower case).
 */
function isIdSegment(segment: string): boolean {
  if (/^\d+$/.test(segment) || UUID.test(segment)) return true;
  if (segment.length >= 12 && /^[A-Za-z0-9_-]+$/.test(segment) && (/\d/.test(segment) || (/[a-z]/.test(segment) && /[A-Z]/.test(segment)))) return true;
  return segment.includes(".") && /^[a-z0-9.-]+$/i.test(segment);
}

/**
 * The path with object ids replaced by `{id}` (numbers, uuids, Cloudflare's and legacy Hetzner DNS's
 * tokens, zone names) and Cloud DNS rrset keys by `{name}/{type}`, so requests of many resources add up.
 */
export function normalizePath(path: string): string {
  const segments = path.split("?")[0].split("/");
  const out = segments.map((segment) => (isIdSegment(segment) ? "{id}" : segment));
  for (let i = 0; i + 2 < out.length; i++) {
    if (out[i] === "rrsets") {
      out[i + 1] = "{name}";
      if (/^[A-Z]+$/.test(out[i + 2])) out[i + 2] = "{type}";
    }
  }
  return out.join("/");
}

export function countRequests(log: LoggedRequest[]): RequestCounts {
  const byMethod: Record<string, number> = {};
  const shapes: Record<string, number> = {};
  let status429 = 0;
  for (const request of log) {
    byMethod[request.method] = (byMethod[request.method] ?? 0) + 1;
    const shape = `${request.method} ${normalizePath(request.path)}`;
    shapes[shape] = (shapes[shape] ?? 0) + 1;
    if (request.status === 429) status429++;
  }
  const byShape = Object.fromEntries(Object.entries(shapes).sort(([a, x], [b, y]) => y - x || a.localeCompare(b)));
  return { total: log.length, writes: log.length - (byMethod.GET ?? 0), status429, byMethod, byShape };
}

/** A resource of an exported deployment (`stack.exportStack()`), the fields the bench reads. */
export interface DeployedResource {
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

export interface StateSizes {
  resources: number;
  /** Bytes of one `__provider` string (it is stored in both inputs and outputs). */
  providerBytesPerResource: number;
  /** Bytes of each resource's JSON in the deployment, averaged. */
  stateBytesPerResource: number;
}

/** Sizes of the dynamic resources of a deployment (the stack and the provider resources are left out). */
export function stateSizes(resources: DeployedResource[]): StateSizes {
  const dynamic = resources.filter((r) => typeof r.outputs?.__provider === "string" || typeof r.inputs?.__provider === "string");
  if (dynamic.length === 0) return { resources: 0, providerBytesPerResource: 0, stateBytesPerResource: 0 };
  const average = (sizes: number[]) => Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length);
  return {
    resources: dynamic.length,
    providerBytesPerResource: average(dynamic.map((r) => Buffer.byteLength(String(r.outputs?.__provider ?? r.inputs?.__provider)))),
    stateBytesPerResource: average(dynamic.map((r) => Buffer.byteLength(JSON.stringify(r)))),
  };
}

/** The dynamic-provider host's entry point, as it appears in the process's command line. */
const PROVIDER_ENTRY = "cmd/dynamic-provider";

function readProc(pid: string, file: string): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return undefined; // the process ended between listing and reading
  }
}

function parentOf(pid: string): string | undefined {
  const stat = readProc(pid, "stat");
  // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so split after the last ")".
  return stat?.slice(stat.lastIndexOf(")") + 2).split(" ")[1];
}

function descendsFrom(pid: string, ancestor: string): boolean {
  for (let current: string | undefined = pid, hops = 0; current && current !== "0" && hops < 32; hops++) {
    if (current === ancestor) return true;
    current = parentOf(current);
  }
  return false;
}

/**
 * Samples VmHWM (the kernel's peak resident set) of every dynamic-provider process below this one:
 * other users' engines on the machine are not ours. The peak is the highest VmHWM seen, in MiB.
 */
export class ProviderRssSampler {
  private peakKiB = 0;
  private timer?: NodeJS.Timeout;
  private readonly ours = new Set<string>();

  start(intervalMs = 250): void {
    this.peakKiB = 0;
    this.ours.clear();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  /** Stops sampling (after one last sample) and returns the peak in MiB (0 when no process was seen). */
  stop(): number {
    this.sample();
    clearInterval(this.timer);
    return Math.round((this.peakKiB / 1024) * 10) / 10;
  }

  private sample(): void {
    const self = String(process.pid);
    for (const pid of fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
      if (!this.ours.has(pid)) {
        if (!readProc(pid, "cmdline")?.includes(PROVIDER_ENTRY) || !descendsFrom(pid, self)) continue;
        this.ours.add(pid);
      }
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readProc(pid, "status") ?? "");
      if (hwm) this.peakKiB = Math.max(this.peakKiB, Number(hwm[1]));
    }
  }
}
