/**
 * Secrets of every family in one stack through the CLI: the API tokens of hcloud, hetzner, hetznerdns,
 * cloudflare and vpsorg (stack config), a resource's own credentials token (rotated), storage box and
 * subaccount passwords, a secondary zone's TSIG key and a certificate's private key. One lifecycle: create
 * (with the engine's verbose log), a retried create, a rotation with a retried request, a refused write,
 * a preview of bad input across the families (refused in check, zero requests), refresh, destroy. No secret
 * may show in plain text in the exported state, `__provider`, the stack outputs, the backend's files, the
 * CLI's output (verbose log and error messages included) or the emulator's request log.
 */
import { testCertificate } from "../support/certificates";
import { boxSettled } from "../support/storage-boxes";
import { cloudflareHelpers } from "./cloudflare-harness";
import { diagnostics, engineEnv, timed, useEmulator, writeProject } from "./harness";
import { cliSession, secretLeaks } from "./secret-scan";

jest.setTimeout(600_000);

const TOKENS = {
  "hcloud token": "e2e-secrets-hcloud-token-5b1f",
  "hetzner token": "e2e-secrets-hetzner-token-6c2a",
  "hetznerdns token": "e2e-secrets-hetznerdns-token-7d3b",
  "cloudflare token": "e2e-secrets-cloudflare-token-8e4c",
  "vpsorg token": "vps_e2e-secrets-vpsorg-token-9f5d",
};
const PROJECT_B = ["e2e-secrets-project-b-token-1a6e", "e2e-secrets-project-b-rotated-2b7f"];
const e2e = useEmulator({ token: TOKENS["hcloud token"], moreTokens: Object.values(TOKENS).slice(1), projects: { b: PROJECT_B } });
const cloudflare = cloudflareHelpers(e2e);

const cert = testCertificate({ domains: ["secrets.example"] });
const SECRETS: Record<string, string> = {
  ...TOKENS,
  "project b token": PROJECT_B[0],
  "project b rotated token": PROJECT_B[1],
  "box password": "Box-Pw-Secrets-3c8a!",
  "box password rotated": "Box-Pw-Rotated-4d9b?",
  "subaccount password": "Sub-Pw-Secrets-5e0c#",
  "tsig key": "c2VjcmV0LXRzaWcta2V5LTZmMWQ=",
  "tsig key rotated": "cm90YXRlZC10c2lnLWtleS03YTJl",
  // The base64 body of the key (its PEM lines), which no re-spelling of the PEM changes.
  "private key": cert.privateKey.split("\n").slice(1, -2).join(""),
  "private key line": cert.privateKey.split("\n")[1],
  // Refused by check (bad input): never quoted either.
  "refused password": "refused-password-8b3f!",
  "refused tsig key": "not-base64!-9c4a",
};

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { cloudflare, hcloud, hetzner, hetznerdns, vpsorg } from "pulumi-dns-cloud";

const config = new pulumi.Config();
const bad = config.get("bad");

new hcloud.Firewall("fw", {
  rules: [{ direction: "in", protocol: "tcp", port: "22", sourceIps: ["10.0.0.0/8"] }],
  credentials: { token: config.requireSecret("projectBToken") },
});
const certificate = new hcloud.UploadedCertificate("cert", { certificate: config.require("certificate"), privateKey: config.requireSecret("privateKey") });
new hcloud.Zone("secondary", {
  name: "secondary-secrets.example",
  mode: "secondary",
  primaryNameservers: [{ address: "198.51.100.1", tsigAlgorithm: "hmac-sha256", tsigKey: config.requireSecret("tsigKey") }],
});
const box = new hetzner.StorageBox("box", { storageBoxType: "bx11", location: "fsn1", password: config.requireSecret("boxPassword") });
const sub = new hetzner.StorageBoxSubaccount("sub", { storageBoxId: box.storageBoxId, homeDirectory: "sub", password: config.requireSecret("subPassword") });
const legacy = new hetznerdns.Zone("legacy", { name: "legacy-secrets.example" });
new hetznerdns.Record("legacy-www", { zoneId: legacy.zoneId, name: "www", type: "A", value: "192.0.2.1" });
new cloudflare.DnsRecord("cf-www", { zoneId: config.require("cloudflareZoneId"), name: "www", type: "A", content: "192.0.2.1" });
const vpsZone = new vpsorg.DnsZone("vps", { domain: "vps-secrets.example" });
new vpsorg.DnsRecord("vps-www", { zoneId: vpsZone.zoneId, name: "www", recordType: "A", value: "192.0.2.1" });

// One mistake per resource, across the families (config \`bad\` picks one): each is refused in check, before any request.
if (bad === "bad-fw") {
  new hcloud.Firewall("bad-fw", { rules: [{ direction: "in", protocol: "tcp", port: "22", sourceIps: ["10.1.2.3/8"] }] });
} else if (bad === "bad-zone") {
  new hcloud.Zone("bad-zone", {
    name: "bad-secondary.example",
    mode: "secondary",
    primaryNameservers: [{ address: "198.51.100.1", tsigAlgorithm: "hmac-sha256", tsigKey: config.requireSecret("refusedTsigKey") }],
  });
} else if (bad === "bad-sub") {
  new hetzner.StorageBoxSubaccount("bad-sub", { storageBoxId: box.storageBoxId, homeDirectory: "bad", password: config.requireSecret("refusedPassword") });
} else if (bad === "bad-legacy") {
  new hetznerdns.Record("bad-legacy", { zoneId: legacy.zoneId, name: "www", type: "SPF" as any, value: "v=spf1 -all" });
} else if (bad === "bad-cf") {
  new cloudflare.DnsRecord("bad-cf", { zoneId: config.require("cloudflareZoneId"), name: "www", type: "A", content: "192.0.2.1", ttl: 5 });
} else if (bad === "bad-vps") {
  new vpsorg.DnsRecord("bad-vps", { zoneId: vpsZone.zoneId, name: "www", recordType: "A", value: "2001:db8::1" });
}

export const privateKey = certificate.privateKey;
export const boxPassword = box.password;
export const subPassword = sub.password;
`;

test("no secret of any family in state, __provider, outputs, the backend, the CLI's output and verbose log, error messages or the request log", async () => {
  const dir = writeProject({ "Pulumi.yaml": "name: secrets\nruntime: nodejs\n", "index.ts": PROGRAM }, "secrets-");
  const env = engineEnv();
  const { cli, ok, printed } = cliSession(dir, env);
  const config = (key: string, value: string, secret = true) => ok(["config", "set", "--non-interactive", ...(secret ? ["--secret"] : []), key, "--", value]);
  const exported = async (...flags: string[]) => JSON.parse((await ok(["stack", "export", ...flags])).stdout);
  const ours = (deployment: any) => deployment.deployment.resources.filter((r: { type: string }) => r.type.startsWith("pulumi-nodejs:dynamic/"));
  const failed = (result: { code: number; stdout: string; stderr: string }) => {
    expect(result.code).not.toBe(0);
    return result.stdout + result.stderr;
  };
  try {
    await ok(["stack", "init", "secrets"]);
    const zoneId = await cloudflare.existingZone("cf-secrets.example");
    const endpoints = {
      "hcloud:endpoint": e2e.emulator.hcloudUrl,
      "hetzner:endpoint": e2e.emulator.hetznerUrl,
      "hetznerdns:endpoint": e2e.emulator.hetznerDnsUrl,
      "cloudflare:endpoint": e2e.emulator.cloudflareUrl,
      "vpsorg:endpoint": e2e.emulator.vpsorgUrl,
      cloudflareZoneId: zoneId,
      certificate: cert.certificate,
    };
    for (const [key, value] of Object.entries(endpoints)) await config(key, value, false);
    const secretConfig = {
      "hcloud:token": TOKENS["hcloud token"],
      "hetzner:token": TOKENS["hetzner token"],
      "hetznerdns:apiToken": TOKENS["hetznerdns token"],
      "cloudflare:apiToken": TOKENS["cloudflare token"],
      "vpsorg:apiToken": TOKENS["vpsorg token"],
      projectBToken: PROJECT_B[0],
      privateKey: cert.privateKey,
      tsigKey: SECRETS["tsig key"],
      boxPassword: SECRETS["box password"],
      subPassword: SECRETS["subaccount password"],
      refusedPassword: SECRETS["refused password"],
      refusedTsigKey: SECRETS["refused tsig key"],
    };
    for (const [key, value] of Object.entries(secretConfig)) await config(key, value);

    // Create, with the engine's verbose log (every gRPC call) on stderr; the certificate's create is refused
    // once with Hetzner's own 503 and sent again (its private key twice).
    expect((await e2e.api.json("POST", "/__emulator/faults", { method: "POST", path: "/hcloud/v1/certificates$", status: 503, code: "unavailable", message: "injected" })).status).toBe(201);
    const up = await timed("secrets up (verbose)", () => cli(["up", "--yes", "-v=9", "--logtostderr", "--logflow"]));
    expect({ code: up.code, created: up.stdout.includes("+ 11 created") }).toEqual({ code: 0, created: true });
    expect(up.stderr.length).toBeGreaterThan(100_000); // the verbose log is there to be scanned
    const certificatePosts = (await e2e.api.requests()).filter((r) => r.method === "POST" && r.path === "/hcloud/v1/certificates");
    // The refused request never reached its route (no body logged); the one carried out is logged redacted.
    expect(certificatePosts.map((r) => [r.status, (r.body as { private_key?: string } | undefined)?.private_key])).toEqual([[503, undefined], [201, "[redacted]"]]);

    // Rotation: the box password (its reset rate-limited once, then retried), the TSIG key and project B's token.
    await config("boxPassword", SECRETS["box password rotated"]);
    await config("tsigKey", SECRETS["tsig key rotated"]);
    await config("projectBToken", PROJECT_B[1]);
    await e2e.api.json("POST", "/__emulator/faults", { method: "POST", path: "/reset_password$", status: 429, code: "rate_limit_exceeded", message: "injected", headers: { "retry-after": "0" } });
    await e2e.api.clearRequests();
    const rotated = await timed("secrets up (rotation)", () => ok(["up", "--yes"]));
    expect(rotated.stdout).toContain("~ 3 updated");
    const secretWrites = (await e2e.api.requestLines()).filter((line: string) => /reset_password|change_primary_nameservers/.test(line));
    expect(secretWrites.map((line: string) => line.replace(/\d+/g, "N")).sort()).toEqual([
      "POST /hcloud/vN/zones/N/actions/change_primary_nameservers",
      "POST /hetzner/vN/storage_boxes/N/actions/reset_password",
      "POST /hetzner/vN/storage_boxes/N/actions/reset_password",
    ]);

    // A refused write: the TSIG key change the API refuses fails the update, naming the zone and the cause only.
    await config("tsigKey", SECRETS["tsig key"]);
    await e2e.api.json("POST", "/__emulator/faults", { method: "POST", path: "/change_primary_nameservers$", status: 422, code: "invalid_input", message: "injected refusal" });
    const refused = failed(await timed("secrets up (refused write)", () => cli(["up", "--yes"])));
    expect(refused).toMatch(/POST \/zones\/\d+\/actions\/change_primary_nameservers failed: HTTP 422 invalid_input: injected refusal/);
    await timed("secrets up (converge)", () => ok(["up", "--yes"]));

    // Bad input in every family: refused in check with one line naming the property, and nothing sent. The engine
    // stops at the first check failure, so each bad resource gets a preview of its own.
    const problems: Array<[string, RegExp]> = [
      ["hcloud:Firewall (bad-fw)", /'bad-fw' has a problem: rules\[0\]: sourceIps: "10\.1\.2\.3\/8" has host bits set: write 10\.0\.0\.0\/8/],
      ["hcloud:Zone (bad-zone)", /'bad-zone' has a problem: primaryNameservers\[0\]: tsigKey must be the base64-encoded TSIG key$/],
      ["hetzner:StorageBoxSubaccount (bad-sub)", /'bad-sub' has a problem: password does not keep to Hetzner's storage box password policy: it must contain an upper case letter$/],
      ["hetznerdns:Record (bad-legacy)", /'bad-legacy' has a problem: type: record type "SPF" is not one of/],
      ["cloudflare:DnsRecord (bad-cf)", /'bad-cf' has a problem: ttl must be 1 \(automatic\) or a whole number of seconds/],
      ["vpsorg:DnsRecord (bad-vps)", /'bad-vps' has a problem: value: .*2001:db8::1/],
    ];
    await e2e.api.clearRequests();
    for (const [resource, line] of problems) {
      await ok(["config", "set", "bad", resource.replace(/^.*\((.*)\)$/, "$1")]);
      const preview = await timed(`secrets preview (${resource})`, () => cli(["preview"]));
      // The stack's own heading may carry the engine's shutdown noise (a log message it could not deliver): not ours.
      const atResources = Object.fromEntries(Object.entries(diagnostics(preview.stdout)).filter(([heading]) => !heading.startsWith("pulumi:pulumi:Stack")));
      expect({ resource, failed: preview.code !== 0, diagnostics: atResources }).toEqual({
        resource,
        failed: true,
        diagnostics: { [`pulumi-nodejs:dynamic/${resource}:`]: [expect.stringMatching(line)] },
      });
    }
    expect(await e2e.api.requestLines()).toEqual([]);
    await ok(["config", "rm", "bad"]);

    await timed("secrets refresh", () => ok(["refresh", "--yes"]));
    await ok(["preview", "--expect-no-changes"]);

    // The state holds the secrets as ciphertext: revealed only on request (so the scans below can fail).
    const revealed = JSON.stringify(await exported("--show-secrets"));
    for (const label of ["box password rotated", "subaccount password", "tsig key", "project b rotated token", "private key line"]) expect({ label, found: revealed.includes(SECRETS[label]) }).toEqual({ label, found: true });
    const state = await exported();
    const providers: string[] = ours(await exported("--show-secrets")).map((r: { outputs: { __provider: string } }) => r.outputs.__provider);
    expect(providers).toHaveLength(10);
    const stackOutputs = await ok(["stack", "output", "--json", "--show-secrets=false"]);
    expect(JSON.parse(stackOutputs.stdout)).toEqual({ privateKey: "[secret]", boxPassword: "[secret]", subPassword: "[secret]" });

    const box = ours(state).find((r: { type: string }) => r.type.endsWith("hetzner:StorageBox"));
    await boxSettled(e2e.api, Number(box.id));
    await timed("secrets destroy", () => ok(["destroy", "--yes"]));
    const left = (await e2e.api.json("GET", "/__emulator/state")).body;
    expect([left.hcloud.certificates, left.hcloud.zones, left.hetzner.storageBoxes, left.hetznerdns.zones, left.vpsorg.zones]).toEqual([[], [], [], [], []]);

    const places = {
      "stack export": JSON.stringify(state),
      __provider: providers.join("\n"),
      "stack output": stackOutputs.stdout,
      "CLI output (verbose log and errors included)": printed.join("\n"),
      "request log": JSON.stringify(await e2e.api.allRequests()),
    };
    expect(secretLeaks(SECRETS, places, env)).toEqual([]);
  } finally {
    await e2e.api.json("DELETE", "/__emulator/faults");
    await cli(["destroy", "--yes"]);
    await cli(["stack", "rm", "--yes", "--force"]);
  }
});
