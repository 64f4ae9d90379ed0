/**
 * Settings of the legacy Hetzner DNS family (dns.hetzner.com): `hetznerdns:apiToken` (secret) and
 * `hetznerdns:endpoint`, then HETZNER_DNS_TOKEN, HETZNER_DNS_API_TOKEN (the name the widely used
 * Terraform provider reads) and HETZNER_DNS_ENDPOINT. No fallback to a Cloud token: this API takes its
 * own tokens (dns.hetzner.com → API tokens), not Cloud project tokens.
 */
import { ConfigSource, requiredToken, urlSetting } from "../core/config";

export const DEFAULT_ENDPOINT = "https://dns.hetzner.com/api/v1";

export const TOKEN_KEY = "hetznerdns:apiToken";
export const TOKEN_ENV = ["HETZNER_DNS_TOKEN", "HETZNER_DNS_API_TOKEN"];
/** Every place the token is looked for, in order, for messages. */
export const TOKEN_PLACES = [TOKEN_KEY, ...TOKEN_ENV];
export const ENDPOINT_SETTING = "hetznerdns:endpoint / HETZNER_DNS_ENDPOINT";

export function hetznerDnsToken(config?: ConfigSource): { value: string; from: string } {
  return requiredToken("Hetzner DNS API", "hetznerdns", "apiToken", TOKEN_ENV, config);
}

export function hetznerDnsEndpoint(config?: ConfigSource): string {
  return urlSetting("hetznerdns", "endpoint", ["HETZNER_DNS_ENDPOINT"], DEFAULT_ENDPOINT, config);
}
