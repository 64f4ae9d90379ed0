/**
 * Settings of the Cloudflare family: `cloudflare:apiToken` (secret) and `cloudflare:endpoint`, then
 * CLOUDFLARE_API_TOKEN and CLOUDFLARE_ENDPOINT: the names pulumi-cloudflare users already have.
 */
import { ConfigSource, requiredToken, urlSetting } from "../core/config";

export const DEFAULT_ENDPOINT = "https://api.cloudflare.com/client/v4";

/** How the user sets the token and the endpoint, for messages. */
export const TOKEN_SETTING = "cloudflare:apiToken / CLOUDFLARE_API_TOKEN";
export const ENDPOINT_SETTING = "cloudflare:endpoint / CLOUDFLARE_ENDPOINT";

export function cloudflareToken(config?: ConfigSource): string {
  return requiredToken("Cloudflare API", "cloudflare", "apiToken", ["CLOUDFLARE_API_TOKEN"], config).value;
}

export function cloudflareEndpoint(config?: ConfigSource): string {
  return urlSetting("cloudflare", "endpoint", ["CLOUDFLARE_ENDPOINT"], DEFAULT_ENDPOINT, config);
}
