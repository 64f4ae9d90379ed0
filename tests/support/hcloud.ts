/** Hetzner Cloud requests for e2e tests, sent out of band as another client would. */
import type { EmulatorControl } from "../e2e/harness";

/** A request through the Cloud API; the Actions it starts are waited out (and must succeed). Returns the body. */
export async function hcloudOutOfBand(api: EmulatorControl, method: string, path: string, body?: unknown): Promise<any> {
  const response = await api.json(method, `/hcloud/v1${path}`, body);
  if (response.status >= 300) throw new Error(`${method} ${path}: HTTP ${response.status} ${JSON.stringify(response.body)}`);
  const actions: Array<{ id: number }> = [...(response.body?.action ? [response.body.action] : []), ...(response.body?.actions ?? [])];
  for (const action of actions) {
    for (;;) {
      const { body: polled } = await api.json("GET", `/hcloud/v1/actions?id=${action.id}`);
      const status = polled.actions[0]?.status;
      if (status === "error") throw new Error(`${method} ${path}: action ${action.id} failed: ${JSON.stringify(polled.actions[0].error)}`);
      if (status !== "running") break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return response.body;
}
