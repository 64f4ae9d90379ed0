/**
 * Passwords of every storage-box resource kind (hetzner.StorageBox, hetzner.StorageBoxSubaccount, with
 * hetzner.StorageBoxSnapshot beside them) in one stack through the CLI: create, rotation, refresh, a
 * refused password, a failed request and a failed Action, destroy. No password, nor the token, may
 * appear in plain text in the exported state, any resource's `__provider`, the stack outputs, the
 * backend's files, the CLI's output, error messages or the emulator's request log.
 */
import { engineEnv, runCli, timed, useEmulator, writeProject } from "./harness";
import { cliSession, secretLeaks } from "./secret-scan";
import { boxSettled } from "../support/storage-boxes";

jest.setTimeout(420_000);

const e2e = useEmulator({ token: "e2e-hetzner-token-secrets-4f0d" });

const BOX_PASSWORDS = ["Box-Pw-First-7a1c!", "Box-Pw-Second-8b2d?", "Box-Pw-Third-9c3e#"];
const SUB_PASSWORDS = ["Sub-Pw-First-1d4f!", "Sub-Pw-Second-2e5a?", "Sub-Pw-Third-3f6b#"];
/** Breaks the policy (no upper-case letter): refused by check, before any request. */
const REFUSED = "refused-pw-0a7c-lower!";
const SECRETS: Record<string, string> = {
  ...Object.fromEntries(BOX_PASSWORDS.map((password, i) => [`box password ${i}`, password])),
  ...Object.fromEntries(SUB_PASSWORDS.map((password, i) => [`subaccount password ${i}`, password])),
  "refused password": REFUSED,
  token: e2e.token,
};

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { hetzner } from "pulumi-dns-cloud";

const config = new pulumi.Config();
const box = new hetzner.StorageBox("box", {
  storageBoxType: "bx11",
  location: "fsn1",
  password: config.requireSecret("boxPassword"),
  accessSettings: { sshEnabled: true },
});
const sub = new hetzner.StorageBoxSubaccount("sub", {
  storageBoxId: box.storageBoxId,
  homeDirectory: "sub",
  password: config.requireSecret("subPassword"),
  accessSettings: { sshEnabled: true, readonly: true },
});
const snapshot = new hetzner.StorageBoxSnapshot("snap", { storageBoxId: box.storageBoxId, description: "secrets test" });

export const boxId = box.storageBoxId;
export const boxPassword = box.password;
export const subPassword = sub.password;
export const subUsername = sub.username;
export const snapshotName = snapshot.name;
`;

test("no password appears in state, __provider, outputs, CLI output, error messages or the request log", async () => {
  const dir = writeProject({ "Pulumi.yaml": "name: storage-box-secrets\nruntime: nodejs\n", "index.ts": PROGRAM }, "secrets-");
  const env = engineEnv();
  const { cli, ok, printed } = cliSession(dir, env);
  const setPasswords = async (box: string, sub: string) => {
    await ok(["config", "set", "--secret", "boxPassword", box]);
    await ok(["config", "set", "--secret", "subPassword", sub]);
  };
  const exported = async (...flags: string[]) => JSON.parse((await ok(["stack", "export", ...flags])).stdout);
  const resourcesOf = (deployment: any) => deployment.deployment.resources.filter((r: { type: string }) => r.type.includes("hetzner:"));
  try {
    await ok(["stack", "init", "secrets"]);
    await ok(["config", "set", "hetzner:endpoint", e2e.emulator.hetznerUrl]);
    await ok(["config", "set", "--secret", "hetzner:token", e2e.token]);
    await setPasswords(BOX_PASSWORDS[0], SUB_PASSWORDS[0]);

    const up = await timed("secrets up", () => ok(["up", "--yes", "--diff"]));
    expect(up.stdout).toContain("+ 4 created");
    const boxId = JSON.parse((await ok(["stack", "output", "--json"])).stdout).boxId as number;

    // Rotation of both passwords: each is reset in place, the new one only ever a secret.
    await setPasswords(BOX_PASSWORDS[1], SUB_PASSWORDS[1]);
    await e2e.api.clearRequests();
    const rotated = await timed("secrets up (rotate)", () => ok(["up", "--yes", "--diff"]));
    expect(rotated.stdout).toContain("~ 2 updated");
    expect((await e2e.api.requestLines()).filter((l: string) => l.includes("password"))).toEqual([
      expect.stringMatching(/^POST \/hetzner\/v1\/storage_boxes\/\d+\/actions\/reset_password$/),
      expect.stringMatching(/^POST \/hetzner\/v1\/storage_boxes\/\d+\/subaccounts\/\d+\/actions\/reset_subaccount_password$/),
    ]);
    await timed("secrets refresh", () => ok(["refresh", "--yes"]));
    await ok(["preview", "--expect-no-changes", "--diff"]);

    // A password the policy refuses: the preview fails before any request, without quoting it.
    await setPasswords(BOX_PASSWORDS[1], REFUSED);
    await e2e.api.clearRequests();
    const refused = await cli(["up", "--yes"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain("password does not keep to Hetzner's storage box password policy: it must contain an upper case letter");
    expect((await e2e.api.requestLines()).filter((l: string) => !l.startsWith("GET "))).toEqual([]);

    // An Action that fails, then a request the API refuses: the errors name the resource and the cause only.
    await setPasswords(BOX_PASSWORDS[2], SUB_PASSWORDS[1]);
    expect((await e2e.api.json("POST", "/__emulator/action-faults", { command: "reset_password", code: "action_failed", message: "injected reset failure" })).status).toBe(201);
    const failedAction = await timed("secrets up (failed Action)", () => cli(["up", "--yes"]));
    expect(failedAction.code).not.toBe(0);
    expect(failedAction.stdout + failedAction.stderr).toMatch(/action reset_password \(#\d+\) on storage box \d+ \(box-[0-9a-f]{7}\) failed: action_failed: injected reset failure/);
    await e2e.api.json("DELETE", "/__emulator/action-faults");
    await boxSettled(e2e.api, boxId);
    await setPasswords(BOX_PASSWORDS[2], SUB_PASSWORDS[2]);
    expect((await e2e.api.json("POST", "/__emulator/faults", { method: "POST", path: "/reset_subaccount_password$", status: 422, code: "invalid_input", message: "injected refusal" })).status).toBe(201);
    const refusedRequest = await timed("secrets up (refused request)", () => cli(["up", "--yes"]));
    expect(refusedRequest.code).not.toBe(0);
    expect(refusedRequest.stdout + refusedRequest.stderr).toMatch(/subaccount \d+ \(sub-[0-9a-f]{7}\) of storage box \d+ failed: hetzner API POST \/storage_boxes\/\d+\/subaccounts\/\d+\/actions\/reset_subaccount_password failed: HTTP 422 invalid_input: injected refusal/);
    await e2e.api.json("DELETE", "/__emulator/faults");
    await boxSettled(e2e.api, boxId);
    // The undone resets were recorded as undone: the next up sends them again and succeeds.
    await timed("secrets up (converge)", () => ok(["up", "--yes"]));
    await ok(["preview", "--expect-no-changes"]);

    // The state holds the passwords, as secrets: revealed only on request (so the scans below can fail).
    const revealed = JSON.stringify(await exported("--show-secrets"));
    expect(revealed).toContain(BOX_PASSWORDS[2]);
    expect(revealed).toContain(SUB_PASSWORDS[2]);
    const state = await exported();
    const resources = resourcesOf(state);
    expect(resources.map((r: { type: string }) => r.type.split(":").pop()).sort()).toEqual(["StorageBox", "StorageBoxSnapshot", "StorageBoxSubaccount"]);
    for (const r of resources.filter((r: { type: string }) => !r.type.endsWith("StorageBoxSnapshot"))) {
      expect(Object.keys(r.inputs.password)).toContain("ciphertext");
      expect(Object.keys(r.outputs.password)).toContain("ciphertext");
    }
    const providers: string[] = resourcesOf(await exported("--show-secrets")).map((r: { outputs: { __provider: string } }) => r.outputs.__provider);
    expect(providers).toHaveLength(3);
    const stackOutputs = await ok(["stack", "output", "--json", "--show-secrets=false"]);
    expect(JSON.parse(stackOutputs.stdout)).toMatchObject({ boxPassword: "[secret]", subPassword: "[secret]", subUsername: expect.stringMatching(/-sub1$/) });

    await timed("secrets destroy", () => ok(["destroy", "--yes"]));
    expect((await e2e.api.json("GET", "/hetzner/v1/storage_boxes")).body.storage_boxes).toEqual([]);

    // The request log has the password fields, redacted.
    const log = await e2e.api.allRequests();
    const sentPasswords = log.filter((r) => r.body && typeof r.body === "object" && "password" in (r.body as object));
    expect(sentPasswords.map((r) => (r.body as { password: string }).password)).toEqual(sentPasswords.map(() => "[redacted]"));
    expect(sentPasswords.length).toBeGreaterThanOrEqual(6);

    const places = {
      "stack export": JSON.stringify(state),
      __provider: providers.join("\n"),
      "stack output": stackOutputs.stdout,
      "CLI output": printed.join("\n"),
      "request log": JSON.stringify(log),
    };
    expect(secretLeaks(SECRETS, places, env)).toEqual([]);
  } finally {
    await e2e.api.json("DELETE", "/__emulator/faults");
    await e2e.api.json("DELETE", "/__emulator/action-faults");
    await runCli(["destroy", "--yes"], { cwd: dir, env });
    await runCli(["stack", "rm", "--yes", "--force"], { cwd: dir, env });
  }
});
