/** Storage boxes for e2e tests of what lives inside one: made through the emulator's API, as another client would. */
import type { EmulatorControl, UsedEmulator } from "../e2e/harness";

/** Stack config pointing the hetzner provider at the emulator (the token as a secret). */
export function hetznerConfig(e2e: UsedEmulator): Record<string, { value: string; secret?: boolean }> {
  return { "hetzner:endpoint": { value: e2e.emulator.hetznerUrl }, "hetzner:token": { value: e2e.token, secret: true } };
}

/** Waits until none of the box's Actions runs any more (a client polling its Actions). */
export async function boxSettled(api: EmulatorControl, storageBoxId: number): Promise<void> {
  for (;;) {
    const { body } = await api.json("GET", `/hetzner/v1/storage_boxes/${storageBoxId}/actions?status=running`);
    if (body.actions.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Creates a box out of band and waits for its create Action; returns its id. */
export async function makeStorageBox(api: EmulatorControl, name: string, password: string): Promise<number> {
  const created = await api.json("POST", "/hetzner/v1/storage_boxes", { name, storage_box_type: "bx11", location: "fsn1", password });
  if (created.status !== 201) throw new Error(`creating storage box ${name}: HTTP ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.action.resources.find((r: { type: string }) => r.type === "storage_box").id as number;
  await boxSettled(api, id);
  return id;
}

/** A POST of a box's (or subaccount's) action through the API, out of band, waited out. */
export async function outOfBand(api: EmulatorControl, storageBoxId: number, method: string, path: string, body?: unknown): Promise<void> {
  const response = await api.json(method, `/hetzner/v1${path}`, body);
  if (response.status >= 300) throw new Error(`${method} ${path}: HTTP ${response.status} ${JSON.stringify(response.body)}`);
  await boxSettled(api, storageBoxId);
}
