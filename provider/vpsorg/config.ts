/**
 * Settings of the VPS.org DNS family: `vpsorg:apiToken` (secret) and `vpsorg:endpoint`, then
 * VPSORG_API_TOKEN and VPSORG_ENDPOINT. No fallback to another family: VPS.org tokens are its own.
 */
import { ConfigSource, requiredToken, urlSetting } from "../core/config";

/** The API's base URL (seed 003: `https://admin.vps.org/api/v1/dns-zones/`). */
export const DEFAULT_ENDPOINT = "https://admin.vps.org/api/v1";

/** Where a user fixes the token, for messages. */
export const TOKEN_SETTINGS = "vpsorg:apiToken / VPSORG_API_TOKEN";
export const ENDPOINT_SETTINGS = "vpsorg:endpoint / VPSORG_ENDPOINT";

export function vpsorgToken(config?: ConfigSource): string {
  return requiredToken("VPS.org API", "vpsorg", "apiToken", ["VPSORG_API_TOKEN"], config).value;
}

export function vpsorgEndpoint(config?: ConfigSource): string {
  return urlSetting("vpsorg", "endpoint", ["VPSORG_ENDPOINT"], DEFAULT_ENDPOINT, config);
}
