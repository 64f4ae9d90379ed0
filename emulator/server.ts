/**
 * The local emulator: one fastify server on 127.0.0.1 hosting every emulated API family under its own
 * prefix, plus the `/__emulator` control endpoints.
 */
import fastify from "fastify";
import type { AddressInfo } from "node:net";
import { controlPlugin, installTrafficHooks, CONTROL_PREFIX, type Traffic } from "./control";
import type { Family } from "./family";
import { hcloudFamily } from "./hcloud";
import { StateStore, type Runtime } from "./state";

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loaded at start and rewritten after every mutation, so state survives a restart. */
  stateFile?: string;
  /** How long actions stay `running`; 0 finishes them immediately. Default 1000. */
  actionDurationMs?: number;
  /** Accepted Bearer tokens. Default `["emulator-token"]`. */
  tokens?: string[];
  logRequests?: boolean;
}

export interface RunningEmulator {
  url: string;
  hcloudUrl: string;
  port: number;
  close(): Promise<void>;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const runtime: Runtime = { actionDurationMs: opts.actionDurationMs ?? 1000, actionFaults: [] };
  const store = new StateStore(opts.stateFile);
  const traffic: Traffic = { requests: [], faults: [] };
  // Each family registers its own state slice in the store.
  const families: Family[] = [hcloudFamily({ tokens: opts.tokens ?? ["emulator-token"], runtime, store })];

  const app = fastify({ logger: opts.logRequests ?? false, forceCloseConnections: true });
  const deps = { store, runtime, families, traffic };
  installTrafficHooks(app, deps);
  await app.register(controlPlugin(deps), { prefix: CONTROL_PREFIX });
  for (const family of families) await app.register(family.plugin, { prefix: family.prefix });
  await app.listen({ host: "127.0.0.1", port: opts.port ?? 0 });

  const port = (app.server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    hcloudUrl: `${url}/hcloud/v1`,
    port,
    // Idempotent, so cleanup code may call it again.
    close: () => {
      closing ??= (async () => {
        store.save();
        await app.close();
      })();
      return closing;
    },
  };
}
