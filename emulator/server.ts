/**
 * The local emulator: one fastify server on 127.0.0.1 hosting every emulated API family under its own
 * prefix, plus the `/__emulator` control endpoints.
 */
import fastify from "fastify";
import type { AddressInfo } from "node:net";
import { controlPlugin, installTrafficHooks, CONTROL_PREFIX, type Traffic } from "./control";
import type { Family } from "./family";
import { CLOUDFLARE_PREFIX, cloudflareFamily } from "./cloudflare";
import { hcloudFamily } from "./hcloud";
import { hetznerApiFamily } from "./hetzner-api";
import { HETZNER_DNS_PREFIX, hetznerDnsFamily } from "./hetznerdns";
import { vpsorgFamily } from "./vpsorg";
import { RateLimits } from "./hetzner/rate-limit";
import { DEFAULT_PROJECT, StateStore, type Runtime } from "./state";

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loaded at start and rewritten after every mutation, so state survives a restart. */
  stateFile?: string;
  /** How long actions stay `running`; 0 finishes them immediately. Default 1000. */
  actionDurationMs?: number;
  /**
   * Accepted Bearer tokens of the default project. Default `["emulator-token", "vps_emulator-token"]` (none
   * when `projects` is given); VPS.org takes only tokens that start with `vps_`.
   */
  tokens?: string[];
  /**
   * More projects, each with its own state and its own tokens (`{ b: ["token-b", "token-b-rotated"] }`),
   * as one API serves several Hetzner projects. A token belongs to one project only.
   */
  projects?: Record<string, string[]>;
  logRequests?: boolean;
}

export interface RunningEmulator {
  url: string;
  hcloudUrl: string;
  /** The Hetzner API (storage boxes), `hetzner:endpoint`. */
  hetznerUrl: string;
  /** The legacy Hetzner DNS API, `hetznerdns:endpoint`. */
  hetznerDnsUrl: string;
  /** VPS.org DNS, `vpsorg:endpoint` (its tokens start with `vps_`). */
  vpsorgUrl: string;
  /** Cloudflare's API v4 (`cloudflare:endpoint`). */
  cloudflareUrl: string;
  port: number;
  close(): Promise<void>;
}

/** Each accepted token with its project: `tokens` are the default project's. */
function projectsByToken({ tokens, projects = {} }: EmulatorOptions): Map<string, string> {
  const byToken = new Map<string, string>();
  const defaults = tokens ?? (Object.keys(projects).length ? [] : ["emulator-token", "vps_emulator-token"]);
  for (const [project, projectTokens] of [[DEFAULT_PROJECT, defaults] as const, ...Object.entries(projects)]) {
    for (const token of projectTokens) {
      const other = byToken.get(token);
      if (other !== undefined && other !== project) throw new Error(`emulator: a token is given for both project ${other} and project ${project}`);
      byToken.set(token, project);
    }
  }
  if (byToken.size === 0) throw new Error("emulator: no token is accepted: give tokens or projects");
  return byToken;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const runtime: Runtime = { actionDurationMs: opts.actionDurationMs ?? 1000, actionFaults: [], rateLimits: new RateLimits() };
  const store = new StateStore(opts.stateFile);
  const traffic: Traffic = { requests: [], faults: [] };
  // Each family registers its own state slice in the store.
  const projects = projectsByToken(opts);
  const families: Family[] = [
    hcloudFamily({ projects, runtime, store }),
    hetznerApiFamily({ projects, runtime, store }),
    cloudflareFamily({ projects, store }),
    vpsorgFamily({ projects, store }),
    hetznerDnsFamily({ projects, store }),
  ];

  const app = fastify({ logger: opts.logRequests ?? false, forceCloseConnections: true });
  const deps = { store, runtime, families, traffic, projects };
  installTrafficHooks(app, deps);
  await app.register(controlPlugin(deps), { prefix: CONTROL_PREFIX });
  for (const family of families) await app.register(family.plugin, { prefix: family.prefix });
  for (const family of families) if (family.control) await app.register(family.control, { prefix: CONTROL_PREFIX });
  await app.listen({ host: "127.0.0.1", port: opts.port ?? 0 });

  const port = (app.server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    hcloudUrl: `${url}/hcloud/v1`,
    hetznerUrl: `${url}/hetzner/v1`,
    hetznerDnsUrl: `${url}${HETZNER_DNS_PREFIX}`,
    vpsorgUrl: `${url}/vpsorg/api/v1`,
    cloudflareUrl: `${url}${CLOUDFLARE_PREFIX}`,
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
