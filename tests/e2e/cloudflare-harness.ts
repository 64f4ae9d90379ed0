/** What the Cloudflare e2e files share: stack config for the emulator's Cloudflare API, zones made out of band, live records. */
import type { UsedEmulator } from "./harness";

export const CLOUDFLARE_API = "/cloudflare/client/v4";

/** The helpers of a file's emulator (`useEmulator`); call them inside hooks and tests only. */
export function cloudflareHelpers(e2e: UsedEmulator) {
  return {
    /** Stack config pointing the cloudflare provider at the emulator (the token as a secret). */
    config: () => ({ "cloudflare:endpoint": { value: e2e.emulator.cloudflareUrl }, "cloudflare:apiToken": { value: e2e.token, secret: true } }),
    /** A zone made out of band through the emulator's control route, on a paid plan by default (tags need one); its id. */
    async existingZone(name: string, plan = "pro"): Promise<string> {
      const response = await e2e.api.json("POST", "/__emulator/cloudflare/zones", { name, plan });
      expect(response.status).toBe(201);
      return response.body.zone.id;
    },
    /** The zone's records as the API lists them. */
    async recordsOf(zoneId: string): Promise<any[]> {
      const { body } = await e2e.api.json("GET", `${CLOUDFLARE_API}/zones/${zoneId}/dns_records?per_page=5000`);
      return body.result;
    },
  };
}
