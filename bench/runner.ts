/**
 * Runs one stack through `up`, a no-op `preview`, `refresh` and `destroy` with the real engine
 * (Automation API, inline program) against the emulator, measuring each operation.
 */
import * as fs from "fs";
import * as path from "path";
import { ConfigMap, LocalWorkspace, PulumiCommand, PulumiFn, Stack } from "@pulumi/pulumi/automation";
import type { RunningEmulator } from "../emulator/server";
import { engineEnv, ensureEngine, REPO_ROOT } from "../scripts/engine-env";
import { countRequests, LoggedRequest, ProviderRssSampler, stateSizes } from "./metrics";
import { OPS, type OpName, type OpResult, type StackResult } from "./report";

/** The emulator's control routes the bench uses. */
export class EmulatorControl {
  constructor(readonly emulator: RunningEmulator) {}

  private async call(method: string, route: string, body?: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.emulator.url}/__emulator${route}`, {
      method,
      ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  async clearRequests(): Promise<void> {
    await this.call("DELETE", "/requests");
  }

  async requests(): Promise<LoggedRequest[]> {
    return (await this.call("GET", "/requests")).body.requests;
  }

  /**
   * Sets the action delay and Hetzner's request bucket. An emulator without rate-limit enforcement ignores
   * `rateLimit`; the answer to GET /config tells whether it took it (`enforced`).
   */
  async configure(actionDurationMs: number, rateLimit: boolean): Promise<{ rateLimitEnforced: boolean; config: unknown }> {
    const bucket = rateLimit ? { enforce: true, limit: 3600, refillPerSecond: 1 } : { enforce: false };
    const answer = await this.call("PUT", "/config", { actionDurationMs, rateLimit: bucket });
    if (answer.status >= 400) throw new Error(`bench: PUT /__emulator/config answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    const config = (await this.call("GET", "/config")).body;
    return { rateLimitEnforced: config?.rateLimit?.enforce === true, config };
  }
}

/** One local backend and engine for the whole run; stacks are made and removed in it. */
export class EngineRunner {
  private constructor(
    private readonly root: string,
    private readonly env: Record<string, string>,
    private readonly pulumiCommand: PulumiCommand,
    private readonly control: EmulatorControl,
  ) {}

  static async start(control: EmulatorControl): Promise<EngineRunner> {
    // Inside the repository: the provider process finds @pulumi/pulumi and pulumi-dns-cloud from its cwd.
    const stateRoot = path.join(REPO_ROOT, ".pulumi-state");
    fs.mkdirSync(stateRoot, { recursive: true });
    const root = fs.mkdtempSync(path.join(stateRoot, "bench-"));
    const env = engineEnv({ backendDir: path.join(root, "backend"), passphrase: "bench", extra: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" } });
    const pulumiCommand = await PulumiCommand.get({ root: path.dirname(ensureEngine()), skipVersionCheck: true });
    return new EngineRunner(root, env, pulumiCommand, control);
  }

  close(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }

  /**
   * up, no-op preview, refresh, destroy (those of `ops`); after a failed up only destroy runs. A failure is
   * recorded on its operation. Without destroy, the stack is dropped and its objects stay in the emulator.
   */
  async run(stackName: string, program: PulumiFn, config: ConfigMap, parallel?: number, ops: readonly OpName[] = OPS): Promise<StackResult> {
    const stack = await LocalWorkspace.createOrSelectStack(
      { projectName: "bench", stackName, program },
      { workDir: this.root, envVars: this.env, pulumiCommand: this.pulumiCommand, projectSettings: { name: "bench", runtime: "nodejs" } },
    );
    const options = parallel === undefined ? {} : { parallel };
    const result: StackResult = { ops: {}, state: stateSizes([]) };
    try {
      await stack.setAllConfig(config);
      const up = await this.measure(result, "up", async () => (await stack.up(options)).summary.resourceChanges ?? {});
      if (!up.error) {
        result.state = stateSizes((await stack.exportStack()).deployment.resources ?? []);
        if (ops.includes("preview")) await this.measure(result, "preview", async () => (await stack.preview(options)).changeSummary);
        if (ops.includes("refresh")) await this.measure(result, "refresh", async () => (await stack.refresh(options)).summary.resourceChanges ?? {});
      }
      if (ops.includes("destroy")) await this.measure(result, "destroy", async () => (await stack.destroy(options)).summary.resourceChanges ?? {});
    } finally {
      await removeStack(stack);
    }
    return result;
  }

  private async measure(result: StackResult, op: OpName, run: () => Promise<Record<string, number>>): Promise<OpResult> {
    await this.control.clearRequests();
    const sampler = new ProviderRssSampler();
    sampler.start();
    const started = performance.now();
    let changes: Record<string, number> = {};
    let error: string | undefined;
    try {
      changes = await run();
    } catch (e) {
      error = failureOf(e);
    }
    const wallS = Math.round(performance.now() - started) / 1000;
    const providerPeakRssMiB = sampler.stop();
    const requests = countRequests(await this.control.requests());
    const measured: OpResult = { wallS, requests, providerPeakRssMiB, changes, ...(error ? { error } : {}) };
    result.ops[op] = measured;
    return measured;
  }
}

/** The engine's output is long: its error lines (the first few), else its last line. */
function failureOf(e: unknown): string {
  const lines = String((e as Error)?.message ?? e).trim().split("\n");
  const errors = [...new Set(lines.map((line) => line.trim()).filter((line) => /error:/i.test(line)))];
  return (errors.length ? errors.slice(0, 3) : lines.slice(-1)).join("\n");
}

async function removeStack(stack: Stack): Promise<void> {
  try {
    await stack.workspace.removeStack(stack.name, { force: true });
  } catch {
    // A stack that failed to destroy stays in the run's backend, which close() removes.
  }
}
