/**
 * `pulumi-dns-cloud generate <family> <what> [name] [--label-selector S]`: reads live objects and prints a
 * Pulumi TypeScript program that declares them, each with `adopt`, so `pulumi up` on it takes them over
 * and writes nothing else. Credentials come from the environment, as the providers read them
 * (HCLOUD_TOKEN / HCLOUD_ENDPOINT, HETZNER_TOKEN / HETZNER_ENDPOINT, HETZNER_DNS_TOKEN / HETZNER_DNS_ENDPOINT, CLOUDFLARE_API_TOKEN / CLOUDFLARE_ENDPOINT, VPSORG_API_TOKEN / VPSORG_ENDPOINT …).
 */
import { HcloudClient } from "../../provider/hcloud/client";
import { HetznerClient } from "../../provider/hetzner/client";
import * as dns from "./dns";
import * as hcloud from "./hcloud";
import * as hetzner from "./hetzner";
import { Declaration, renderProgram } from "./render";

interface Target {
  usage: string;
  run(args: { name?: string; labelSelector?: string }): Promise<Declaration[]>;
}

/** No stack here: each setting comes from the environment, as the providers read it without stack config. */
const environmentOnly = { get: () => undefined };
const hcloudClient = () => new HcloudClient({ config: environmentOnly });
const hetznerClient = () => new HetznerClient({ config: environmentOnly });

/** Every family's generators, by `<family> <what>`. */
export const TARGETS: Record<string, Target> = {
  "hcloud firewalls": { usage: "hcloud firewalls [--label-selector S]", run: ({ labelSelector }) => hcloud.firewalls(hcloudClient(), labelSelector) },
  "hcloud floating-ips": { usage: "hcloud floating-ips [--label-selector S]", run: ({ labelSelector }) => hcloud.floatingIps(hcloudClient(), labelSelector) },
  "hcloud certificates": { usage: "hcloud certificates [--label-selector S]", run: ({ labelSelector }) => hcloud.certificates(hcloudClient(), labelSelector) },
  "hcloud zone": { usage: "hcloud zone <name>", run: ({ name }) => hcloud.zone(hcloudClient(), required(name, "hcloud zone <name>")) },
  "hetzner storage-boxes": { usage: "hetzner storage-boxes [--label-selector S]", run: ({ labelSelector }) => hetzner.storageBoxes(hetznerClient(), labelSelector) },
  "hetznerdns zone": { usage: "hetznerdns zone <name>", run: ({ name }) => dns.hetznerDnsZone(required(name, "hetznerdns zone <name>")) },
  "cloudflare zone": { usage: "cloudflare zone <zone id or name>", run: ({ name }) => dns.cloudflareZone(required(name, "cloudflare zone <zone id or name>")) },
  "vpsorg zone": { usage: "vpsorg zone <domain>", run: ({ name }) => dns.vpsorgZone(required(name, "vpsorg zone <domain>")) },
};

function required(value: string | undefined, usage: string): string {
  if (!value) throw new UsageError(`missing argument: ${usage}`);
  return value;
}

export class UsageError extends Error {}

export const usage = () => `usage: pulumi-dns-cloud generate ${Object.values(TARGETS).map((t) => t.usage).join("\n       pulumi-dns-cloud generate ")}`;

/** The program for the command line after `generate`. */
export async function generate(argv: string[]): Promise<string> {
  const positional: string[] = [];
  let labelSelector: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--label-selector") labelSelector = required(argv[++i], "--label-selector <selector>");
    else if (argv[i].startsWith("--label-selector=")) labelSelector = argv[i].slice("--label-selector=".length);
    else if (argv[i].startsWith("-")) throw new UsageError(`unknown option ${argv[i]}`);
    else positional.push(argv[i]);
  }
  const [family, what, name, ...extra] = positional;
  const target = TARGETS[`${family} ${what}`];
  if (!target) throw new UsageError(family ? `unknown target "${positional.slice(0, 2).join(" ")}"` : "missing target");
  if (extra.length) throw new UsageError(`unexpected arguments: ${extra.join(" ")}`);
  return renderProgram(await target.run({ name, labelSelector }), positional.join(" ") + (labelSelector ? ` --label-selector ${labelSelector}` : ""));
}
