/**
 * Settings of the Hetzner API family (storage boxes): `hetzner:token` (secret) and `hetzner:endpoint`,
 * then HETZNER_TOKEN and HETZNER_ENDPOINT. When no Hetzner token is set anywhere, the Hetzner Cloud
 * token is used (`hcloud:token`, then HCLOUD_TOKEN): the Hetzner API accepts Cloud project tokens.
 */
import { ConfigSource, settingFrom, urlSetting } from "../core/config";
import { ConfigurationError } from "../core/errors";

export const DEFAULT_ENDPOINT = "https://api.hetzner.com/v1";

/** Where the token is looked for, in order: [family, key, environment variable]. */
export const TOKEN_SOURCES = [
  ["hetzner", "token", "HETZNER_TOKEN"],
  ["hcloud", "token", "HCLOUD_TOKEN"],
] as const;

/** Every place the token is looked for, in order, for messages. */
export const TOKEN_PLACES = TOKEN_SOURCES.flatMap(([family, key, env]) => [`${family}:${key}`, env]);

/** The token and where it came from (`hetzner:token`, `HETZNER_TOKEN`, `hcloud:token` or `HCLOUD_TOKEN`). */
export function hetznerToken(config?: ConfigSource): { value: string; from: string } {
  for (const [family, key, env] of TOKEN_SOURCES) {
    const found = settingFrom(family, key, [env], config);
    if (found) return found;
  }
  throw new ConfigurationError(
    `Hetzner API token is not set: looked at ${TOKEN_PLACES.join(", ")} (in this order). ` +
      "Run `pulumi config set --secret hetzner:token <token>` or set the HETZNER_TOKEN environment variable",
  );
}

export function hetznerEndpoint(config?: ConfigSource): string {
  return urlSetting("hetzner", "endpoint", ["HETZNER_ENDPOINT"], DEFAULT_ENDPOINT, config);
}
