/**
 * Settings of the VPS.org DNS family: `vpsorg:apiToken` (secret) and `vpsorg:endpoint`, then
 * VPSORG_API_TOKEN and VPSORG_ENDPOINT. No fallback to another family: VPS.org tokens are its own.
 */
import { ConfigSource, settingFrom, urlSetting } from "../core/config";
import { ConfigurationError } from "../core/errors";

/** The API's base URL (seed 003: `https://admin.vps.org/api/v1/dns-zones/`). */
export const DEFAULT_ENDPOINT = "https://admin.vps.org/api/v1";

/** Where a user fixes the token, for messages. */
export const TOKEN_SETTINGS = "vpsorg:apiToken / VPSORG_API_TOKEN";
export const ENDPOINT_SETTINGS = "vpsorg:endpoint / VPSORG_ENDPOINT";

export function vpsorgToken(config?: ConfigSource): string {
  const found = settingFrom("vpsorg", "apiToken", ["VPSORG_API_TOKEN"], config);
  if (found) return found.value;
  throw new ConfigurationError(
    "VPS.org API token is not set: looked at vpsorg:apiToken, VPSORG_API_TOKEN (in this order). " +
      "Run `pulumi config set --secret vpsorg:apiToken <token>` or set the VPSORG_API_TOKEN environment variable",
  );
}

export function vpsorgEndpoint(config?: ConfigSource): string {
  return urlSetting("vpsorg", "endpoint", ["VPSORG_ENDPOINT"], DEFAULT_ENDPOINT, config);
}
