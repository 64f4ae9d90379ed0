/**
 * The Hetzner Cloud API family (`/hcloud/v1`): the Hetzner-wide plumbing (../hetzner/family.ts) with the
 * Cloud's own routes and state slice.
 */
import type { Family } from "../family";
import { actionRoutes } from "../hetzner/actions";
import { hetznerFamily } from "../hetzner/family";
import type { Runtime, StateStore } from "../state";
import { certificateRoutes } from "./certificates";
import { hcloudContext } from "./context";
import { hcloudControl } from "./control";
import { datacenterRoutes } from "./datacenters";
import { firewallRoutes, firewallsOfServer } from "./firewalls";
import { floatingIpRoutes, floatingIpsOfServer } from "./floating-ips";
import { imageRoutes } from "./images";
import { isoRoutes } from "./isos";
import { loadBalancerRoutes } from "./load-balancers";
import { locationRoutes } from "./locations";
import { rrsetRoutes } from "./rrsets";
import { serverRoutes } from "./servers";
import { zoneRoutes } from "./zones";

export interface HcloudOptions {
  /** Accepted Bearer tokens, each with its project: every project has its own state. */
  projects: ReadonlyMap<string, string>;
  runtime: Runtime;
  store: StateStore;
}

export function hcloudFamily({ projects, runtime, store }: HcloudOptions): Family {
  const ctx = hcloudContext(store, runtime, [...new Set(projects.values())]);
  const family = hetznerFamily({
    prefix: "/hcloud/v1",
    projects,
    useProject: ctx.useProject,
    rateLimits: runtime.rateLimits,
    routes: async (app) => {
      await actionRoutes(app, ctx);
      await firewallRoutes(app, ctx);
      await serverRoutes(app, (serverId) => firewallsOfServer(ctx, serverId), (serverId) => floatingIpsOfServer(ctx, serverId));
      await floatingIpRoutes(app, ctx);
      await locationRoutes(app);
      await certificateRoutes(app, ctx);
      await zoneRoutes(app, ctx);
      await rrsetRoutes(app, ctx);
      await datacenterRoutes(app);
      await imageRoutes(app, ctx);
      await isoRoutes(app);
      await loadBalancerRoutes(app, ctx);
    },
  });
  return { ...family, control: hcloudControl(ctx) };
}
