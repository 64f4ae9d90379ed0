/**
 * Hetzner's own client against the emulator: hcloud-go (the library the hcloud CLI is built on) creates,
 * applies, removes and deletes a firewall, creates, unassigns and deletes a floating IP with a PTR, lists
 * locations and certificates, and drives every Cloud DNS operation it has (tests/vendor/hcloud-go/zones.go):
 * primary zones from RRSets and from a zone file, get by id and name, lists with label selector, name, mode,
 * sort and pages, labels, TTL, protection, the zone's actions, RRSets created, listed, relabelled and deleted,
 * every RRSet action (a wildcard and the apex `@` raw in the path, a 2048-bit DKIM TXT as the CLI quotes it),
 * zone file export and import, a secondary zone's primary nameservers, the refusals the CLI prints, and the
 * deletes, waiting on every Action its own way (GET /actions?id=…&sort=…) and checking what it decodes.
 * The emulator must take what the official client sends (e.g. `{}` on unassign, undeclared `sort` and
 * `page` on /actions, `{"ttl": null}` on an RRSet's change_ttl), as the real API does. Needs Go (as the
 * engine build does) and the Go module proxy.
 */
import { execFile, spawnSync } from "child_process";
import * as path from "path";
import { promisify } from "util";
import { startEmulator, type RunningEmulator } from "../../emulator/server";

jest.setTimeout(600_000);

const TOKEN = "e2e-hcloud-go-token";
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ tokens: [TOKEN], actionDurationMs: 200 });
});
afterAll(() => emulator?.close());

// Go is needed anyway where no `pulumi` is on PATH (scripts/engine.sh builds it); elsewhere this is reported skipped.
const hasGo = spawnSync("go", ["version"]).status === 0;

(hasGo ? test : test.skip)("hcloud-go drives firewalls, floating IPs, locations, certificates and every Cloud DNS zone and RRSet operation on the emulator", async () => {
  const dir = path.join(__dirname, "..", "vendor", "hcloud-go");
  const run = await promisify(execFile)("go", ["run", ".", emulator.hcloudUrl, TOKEN], {
    cwd: dir,
    env: { ...process.env, GOFLAGS: "-mod=mod" },
    timeout: 540_000,
  }).catch((error: { stdout?: string; stderr?: string; message: string }) => ({ stdout: error.stdout ?? "", stderr: `${error.stderr ?? ""}${error.message}` }));
  expect({ stdout: run.stdout.trim().split("\n").pop(), stderr: run.stdout.includes("OK") ? "" : run.stderr }).toEqual({
    // Three zones at most (two primary, one secondary); nine RRSets in the main zone before its import.
    stdout: "OK locations 6 certs 0 zones 3 rrsets 9",
    stderr: "",
  });
  // Everything it made, it removed again.
  const state = (await (await fetch(`${emulator.url}/__emulator/state`)).json()) as { hcloud: { firewalls: unknown[]; floatingIps: unknown[]; zones: unknown[] } };
  expect({ firewalls: state.hcloud.firewalls, floatingIps: state.hcloud.floatingIps, zones: state.hcloud.zones }).toEqual({ firewalls: [], floatingIps: [], zones: [] });
});
