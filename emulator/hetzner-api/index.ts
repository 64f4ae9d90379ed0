/**
 * The Hetzner API family (`/hetzner/v1`, the API of `https://api.hetzner.com/v1`: storage boxes, their
 * subaccounts and snapshots, storage box types): the Hetzner-wide plumbing (../hetzner/family.ts) with its
 * own routes, state slice, action list and control routes. It serves the same projects and tokens as the
 * Cloud family, as the Hetzner API takes a Cloud project's tokens.
 */
import type { Family } from "../family";
import { hetznerFamily } from "../hetzner/family";
import type { Runtime, StateStore } from "../state";
import { hetznerApiContext } from "./context";
import { hetznerApiControl } from "./control";
import { snapshotRoutes } from "./snapshots";
import { storageBoxRoutes } from "./storage-boxes";
import { subaccountRoutes } from "./subaccounts";
import { storageBoxTypeRoutes } from "./types";

export interface HetznerApiOptions {
  /** Accepted Bearer tokens, each with its project: every project has its own state. */
  projects: ReadonlyMap<string, string>;
  runtime: Runtime;
  store: StateStore;
}

/** Replaces the value of every `password` key, at any depth, so that the request log never holds one. */
export function redactPasswords(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactPasswords);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, key === "password" ? "[redacted]" : redactPasswords(inner)]));
}

export function hetznerApiFamily({ projects, runtime, store }: HetznerApiOptions): Family {
  const ctx = hetznerApiContext(store, runtime, [...new Set(projects.values())]);
  const family = hetznerFamily({
    prefix: "/hetzner/v1",
    projects,
    useProject: ctx.useProject,
    rateLimits: runtime.rateLimits,
    routes: async (app) => {
      await storageBoxTypeRoutes(app);
      await storageBoxRoutes(app, ctx);
      await subaccountRoutes(app, ctx);
      await snapshotRoutes(app, ctx);
    },
  });
  return { ...family, control: hetznerApiControl(ctx), logBody: redactPasswords };
}
