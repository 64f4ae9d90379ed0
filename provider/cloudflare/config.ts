/**
 * Settings of the Cloudflare family: `cloudflare:apiToken` (secret) and `cloudflare:endpoint`, then
 * CLOUDFLARE_API_TOKEN and CLOUDFLARE_ENDPOINT: the names pulumi-cloudflare users already have.
 */
import { ConfigSource, settingFrom, urlSetting } from "../core/config";
import { ConfigurationError } from "../core/errors";

export const DEFAULT_ENDPOINT = "https://api.cloudflare.com/client/v4";

/** How the user sets the token and the endpoint, for messages. */
export const TOKEN_SETTING = "cloudflare:apiToken / CLOUDFLARE_API_TOKEN";
export const ENDPOINT_SETTING = "cloudflare:endpoint / CLOUDFLARE_ENDPOINT";

export function cloudflareToken(config?: ConfigSource): string {
  const found = settingFrom("cloudflare", "apiToken", ["CLOUDFLARE_API_TOKEN"], config);
  if (found) return found.value;
  throw new ConfigurationError(
    "Cloudflare API token is not set: looked at cloudflare:apiToken, CLOUDFLARE_API_TOKEN. " +
      "Run `pulumi config set --secret cloudflare:apiToken <token>` or set the CLOUDFLARE_API_TOKEN environment variable",
  );
}

export function cloudflareEndpoint(config?: ConfigSource): string {
  return urlSetting("cloudflare", "endpoint", ["CLOUDFLARE_ENDPOINT"], DEFAULT_ENDPOINT, config);
}
