/** VPS.org for e2e tests: the provider pointed at the emulator, and its API out of band, as another client would use it. */
import type { UsedEmulator } from "../e2e/harness";

/** What an e2e file of the VPS.org family uses; `e2e` must be started with a `vps_…` token (VPS.org takes no other). */
export function vpsorgTools(e2e: UsedEmulator) {
  /** A request to the VPS.org API (`path` below `/vpsorg/api/v1`) that must succeed; its answer's body. */
  const outOfBand = async (method: string, path: string, body?: unknown) => {
    const response = await e2e.api.json(method, `/vpsorg/api/v1${path}`, body);
    expect(response.status).toBeLessThan(300);
    return response.body;
  };
  /** The requests since the last clear, `METHOD path` and the body of a write. */
  const requests = async () =>
    (await e2e.api.requests()).map((r) => `${r.method} ${r.path}${r.method === "GET" || r.body === undefined ? "" : ` ${JSON.stringify(r.body)}`}`);
  return {
    /** Stack config pointing the vpsorg provider at the emulator (the token as a secret). */
    config: () => ({ "vpsorg:endpoint": { value: e2e.emulator.vpsorgUrl }, "vpsorg:apiToken": { value: e2e.token, secret: true } }),
    outOfBand,
    requests,
    /** The write requests (everything but GET) since the last clear. */
    writes: async () => (await requests()).filter((l) => !l.startsWith("GET ")),
    /** The zone's records as `name type priority value ttl` lines, sorted. */
    liveLines: async (zoneId: string): Promise<string[]> =>
      (await outOfBand("GET", `/dns-zones/${zoneId}/`)).records.map((r: any) => `${r.name} ${r.record_type} ${r.priority ?? "-"} ${r.value} ${r.ttl}`).sort(),
  };
}
