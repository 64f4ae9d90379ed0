/**
 * hcloud.UploadedCertificate and hcloud.ManagedCertificate through the real engine and the emulator:
 * create, no-op preview, in-place and replacing updates (create-before-delete seen in the request log),
 * refresh after out-of-band changes and deletes, a failed issuance that the next `up` converges, the
 * private key never in the backend's files in plain text, and destroy.
 */
import { hcloud } from "../../sdk";
import { respell, testCertificate } from "../support/certificates";
import { backendFilesContaining, inlineStack, removeStack, timed, useEmulator } from "./harness";

jest.setTimeout(300_000);

const e2e = useEmulator({ token: "e2e-cert-token-77a1" });

const certificates = async () => (await e2e.api.json("GET", "/hcloud/v1/certificates")).body.certificates as Array<{ id: number; name: string; type: string }>;
const typeOf = (type: string) => (r: { type: string }) => r.type.endsWith(type);
const keyLine = (pem: string) => pem.split("\n")[1];

test("UploadedCertificate: create, no-op preview, relabel, replace (both orders), refresh, drift, out-of-band delete, destroy; key never in plain text", async () => {
  const first = testCertificate({ domains: ["example.com", "www.example.com"], chain: true });
  const second = testCertificate({ domains: ["example.com"] });
  let current = { certificate: first.certificate, privateKey: first.privateKey };
  let currentFixed = current;
  let labels: Record<string, string> = { env: "prod" };
  const stack = await inlineStack({
    projectName: "cert-uploaded",
    config: e2e.config,
    program: async () => {
      // "auto" is autonamed (create-before-delete on replace); "fixed" has a fixed name (delete-before-replace).
      const auto = new hcloud.UploadedCertificate("auto", { labels, ...current });
      const fixed = new hcloud.UploadedCertificate("fixed", { name: "fixed-cert", ...currentFixed });
      return { autoId: auto.certificateId, autoName: auto.name, fixedId: fixed.certificateId, fingerprint: auto.fingerprint, domainNames: auto.domainNames, key: auto.privateKey };
    },
  });
  try {
    const up = await timed("uploaded up", () => stack.up());
    expect(up.summary.resourceChanges).toEqual({ create: 3 });
    expect(up.outputs.domainNames.value).toEqual(["example.com", "www.example.com"]);
    expect(up.outputs.fingerprint.value).toMatch(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
    expect(up.outputs.key.secret).toBe(true);
    expect(up.outputs.autoName.value).toMatch(/^auto-[0-9a-f]{7}$/);
    const autoId = up.outputs.autoId.value as number;
    expect(backendFilesContaining(stack, keyLine(first.privateKey))).toEqual([]);

    // The same PEM, re-spelt: nothing to do and not one request.
    current = currentFixed = { certificate: respell(first.certificate), privateKey: respell(first.privateKey) };
    await e2e.api.clearRequests();
    expect((await timed("uploaded no-op preview", () => stack.preview())).changeSummary).toEqual({ same: 3 });
    expect(await e2e.api.requestLines()).toEqual([]);

    labels = { env: "dev" };
    await e2e.api.clearRequests();
    const relabel = await timed("uploaded relabel", () => stack.up());
    expect(relabel.summary.resourceChanges).toEqual({ same: 2, update: 1 });
    expect((await e2e.api.requestLines()).filter((l: string) => !l.startsWith("GET"))).toEqual([`PUT /hcloud/v1/certificates/${autoId}`]);

    // A new certificate: the autonamed one is created first (under a fresh name), then the old one deleted…
    current = { certificate: second.certificate, privateKey: second.privateKey };
    await e2e.api.clearRequests();
    const replaced = await timed("uploaded replace (autonamed)", () => stack.up());
    expect(replaced.summary.resourceChanges).toEqual({ same: 2, replace: 1 });
    expect((await e2e.api.requestLines()).filter((l: string) => !l.startsWith("GET"))).toEqual([
      "POST /hcloud/v1/certificates",
      `DELETE /hcloud/v1/certificates/${autoId}`,
    ]);
    // …while a fixed name must be freed first.
    currentFixed = current;
    await e2e.api.clearRequests();
    const fixedReplaced = await timed("uploaded replace (fixed name)", () => stack.up());
    expect(fixedReplaced.summary.resourceChanges).toEqual({ same: 2, replace: 1 });
    expect((await e2e.api.requestLines()).filter((l: string) => !l.startsWith("GET"))).toEqual([
      `DELETE /hcloud/v1/certificates/${up.outputs.fixedId.value}`,
      "POST /hcloud/v1/certificates",
    ]);
    replaced.outputs.fixedId = fixedReplaced.outputs.fixedId;
    const newAutoId = replaced.outputs.autoId.value as number;
    expect(replaced.outputs.autoName.value).not.toBe(up.outputs.autoName.value);
    expect((await certificates()).map((c) => c.name).sort()).toEqual([replaced.outputs.autoName.value, "fixed-cert"].sort());

    // Out-of-band rename: refresh records it, up restores the program's labels (the autoname stays as found).
    expect((await e2e.api.json("PUT", `/hcloud/v1/certificates/${replaced.outputs.fixedId.value}`, { name: "tampered" })).status).toBe(200);
    const refresh = await timed("uploaded refresh", () => stack.refresh());
    expect(refresh.summary.resourceChanges).toEqual({ same: 2, update: 1 });
    const restored = await timed("uploaded restore", () => stack.up());
    expect(restored.summary.resourceChanges).toEqual({ same: 2, update: 1 });
    expect((await e2e.api.json("GET", `/hcloud/v1/certificates/${replaced.outputs.fixedId.value}`)).body.certificate.name).toBe("fixed-cert");

    // Out-of-band delete: refresh drops it from state, the next up uploads it again.
    expect((await e2e.api.json("DELETE", `/hcloud/v1/certificates/${newAutoId}`)).status).toBe(204);
    const afterDelete = await timed("uploaded refresh (deleted)", () => stack.refresh());
    expect(afterDelete.summary.resourceChanges).toEqual({ same: 2, delete: 1 });
    const recreated = await timed("uploaded recreate", () => stack.up());
    expect(recreated.summary.resourceChanges).toEqual({ same: 2, create: 1 });
    expect(await certificates()).toHaveLength(2);

    for (const key of [first.privateKey, second.privateKey]) expect(backendFilesContaining(stack, keyLine(key))).toEqual([]);
    // exportStack decrypts; what matters is that the key is marked secret in inputs and outputs of both resources.
    const SECRET_SIG = "4dabf18193072939515e22adb298388d";
    for (const resource of (await stack.exportStack()).deployment.resources.filter(typeOf("hcloud:UploadedCertificate"))) {
      expect(resource.inputs.privateKey).toHaveProperty(SECRET_SIG);
      expect(resource.outputs.privateKey).toHaveProperty(SECRET_SIG);
    }

    await timed("uploaded destroy", () => stack.destroy());
    expect(await certificates()).toEqual([]);
  } finally {
    await removeStack(stack);
  }
});

test("UploadedCertificate: a key that does not match fails in check, before any request", async () => {
  const a = testCertificate();
  const b = testCertificate();
  const stack = await inlineStack({
    projectName: "cert-mismatch",
    config: e2e.config,
    program: async () => {
      new hcloud.UploadedCertificate("bad", { certificate: a.certificate, privateKey: b.privateKey });
    },
  });
  try {
    await e2e.api.clearRequests();
    const error = await stack.up().then(() => undefined, (e: Error) => e);
    expect(String(error)).toMatch(/privateKey does not belong to the certificate/);
    expect(String(error)).not.toContain(keyLine(b.privateKey));
    expect(await e2e.api.requestLines()).toEqual([]);
  } finally {
    await removeStack(stack);
  }
});

test("ManagedCertificate: issuance awaited, no-op preview, relabel, failed issuance converges on the next up, replace, refresh, destroy", async () => {
  let domainNames = ["www.example.com", "Example.com"];
  let labels: Record<string, string> = {};
  const stack = await inlineStack({
    projectName: "cert-managed",
    config: e2e.config,
    program: async () => {
      const le = new hcloud.ManagedCertificate("le", { labels, domainNames });
      return { id: le.certificateId, name: le.name, status: le.status, domainNames: le.domainNames, fingerprint: le.fingerprint };
    },
  });
  try {
    const up = await timed("managed up", () => stack.up());
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    expect(up.outputs.status.value).toEqual({ issuance: "completed", renewal: "unavailable" });
    expect(up.outputs.domainNames.value).toEqual(["example.com", "www.example.com"]);
    expect(up.outputs.fingerprint.value).toMatch(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
    const id = up.outputs.id.value as number;

    domainNames = ["example.com.", "WWW.example.com"];
    await e2e.api.clearRequests();
    expect((await timed("managed no-op preview", () => stack.preview())).changeSummary).toEqual({ same: 2 });
    expect(await e2e.api.requestLines()).toEqual([]);

    labels = { team: "web" };
    expect((await timed("managed relabel", () => stack.up())).summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect((await e2e.api.json("GET", `/hcloud/v1/certificates/${id}`)).body.certificate.labels).toEqual({ team: "web", "pulumi-dns-cloud/owner": expect.stringMatching(/^[0-9a-f]{32}$/) });

    // Another set of names replaces, and this issuance fails: the new certificate is still recorded.
    domainNames = ["example.com", "api.example.com"];
    expect((await e2e.api.json("POST", "/__emulator/action-faults", { command: "create_certificate", code: "ca_dns_validation_failed", message: "DNS validation failed for api.example.com" })).status).toBe(201);
    await e2e.api.clearRequests();
    const failed = await timed("managed up (issuance fails)", () => stack.up().then(() => undefined, (e: Error) => e));
    expect(String(failed)).toMatch(/its issuance failed: action create_certificate .* failed: ca_dns_validation_failed: DNS validation failed for api.example.com/);
    const live = await certificates();
    expect(live).toHaveLength(2); // the old one stays while the replacement failed (create-before-delete)
    const state = (await stack.exportStack()).deployment.resources.filter(typeOf("hcloud:ManagedCertificate"));
    expect(state.map((r: any) => r.outputs.status.issuance).sort()).toEqual(["completed", "failed"]);

    // The next up retries the issuance in place and finishes the replacement: exactly one certificate remains.
    await e2e.api.clearRequests();
    const converged = await timed("managed up (converges)", () => stack.up());
    const lines: string[] = await e2e.api.requestLines();
    expect(lines.filter((l) => l.startsWith("POST"))).toEqual([expect.stringMatching(/^POST \/hcloud\/v1\/certificates\/\d+\/actions\/retry$/)]);
    expect(converged.outputs.status.value).toEqual({ issuance: "completed", renewal: "unavailable" });
    expect(converged.outputs.domainNames.value).toEqual(["api.example.com", "example.com"]);
    const after = await certificates();
    expect(after.map((c) => c.id)).toEqual([converged.outputs.id.value]);
    expect((await timed("managed no-op preview 2", () => stack.preview())).changeSummary).toEqual({ same: 2 });

    // Out-of-band delete: refresh removes it, up issues it again.
    expect((await e2e.api.json("DELETE", `/hcloud/v1/certificates/${converged.outputs.id.value}`)).status).toBe(204);
    expect((await timed("managed refresh (deleted)", () => stack.refresh())).summary.resourceChanges).toEqual({ same: 1, delete: 1 });
    expect((await timed("managed recreate", () => stack.up())).summary.resourceChanges).toEqual({ same: 1, create: 1 });
    expect(await certificates()).toHaveLength(1);

    await timed("managed destroy", () => stack.destroy());
    expect(await certificates()).toEqual([]);
  } finally {
    await e2e.api.json("DELETE", "/__emulator/action-faults");
    await removeStack(stack);
  }
});
