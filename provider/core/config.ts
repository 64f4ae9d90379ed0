/**
 * Provider settings: stack config first (`<family>:<key>`, delivered to `configure`), then the
 * environment. Values are looked up at call time so nothing is captured in `__provider` or state.
 * Keys shared with the official provider of a family accept its forms.
 */
import { ConfigurationError } from "./errors";

export interface ConfigSource {
  get(key: string): string | undefined;
}

let stackConfig: ConfigSource | undefined;

/**
 * Remembers the stack config. Synchronous on purpose: the dynamic-provider host may dispatch a second
 * call to a provider while the first one's `configure` is still being awaited.
 */
export function useStackConfig(source: ConfigSource): void {
  stackConfig = source;
}

export function resetStackConfigForTests(): void {
  stackConfig = undefined;
}

/** A setting's raw value and where it came from (`hcloud:pollInterval` or `HCLOUD_POLL_INTERVAL_MS`), for errors. */
export interface SettingValue {
  value: string;
  from: string;
}

/**
 * `family:key` from stack config (also accepting the legacy `family:config:key` form), else the first
 * of `envVars` that is set. `source` replaces the provider's stack config, e.g. a program's
 * `pulumi.Config` (see `programConfig`).
 */
export function settingFrom(
  family: string,
  key: string,
  envVars: string[],
  source: ConfigSource | undefined = stackConfig,
): SettingValue | undefined {
  for (const name of [`${family}:${key}`, `${family}:config:${key}`]) {
    const value = source?.get(name);
    if (value !== undefined && value !== "") return { value, from: `${family}:${key}` };
  }
  for (const name of envVars) {
    const value = process.env[name];
    if (value !== undefined && value !== "") return { value, from: name };
  }
  return undefined;
}

/**
 * A family's required API token: the first of `family:key` and `envVars` that is set, else a
 * ConfigurationError naming every place looked at, in order, and the fix (`what`: "Cloudflare API").
 */
export function requiredToken(what: string, family: string, key: string, envVars: string[], source?: ConfigSource): SettingValue {
  const found = settingFrom(family, key, envVars, source);
  if (found) return found;
  throw new ConfigurationError(
    `${what} token is not set: looked at ${[`${family}:${key}`, ...envVars].join(", ")} (in this order). ` +
      `Run \`pulumi config set --secret ${family}:${key} <token>\` or set the ${envVars[0]} environment variable`,
  );
}

/** `family:key` from stack config, else the environment variable, else undefined. */
export function setting(family: string, key: string, envVar: string, source: ConfigSource | undefined = stackConfig): string | undefined {
  return settingFrom(family, key, [envVar], source)?.value;
}

const DURATION = /^(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds of a Go duration string as the official hcloud provider reads it ("500ms", "1m30s"), or undefined. */
export function parseDuration(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(DURATION_PART)) ms += Number(amount) * UNIT_MS[unit];
  return ms;
}

export interface DurationSettingOptions {
  fallbackMs: number;
  /** What a bare number means: 1 for milliseconds, 1000 for seconds. */
  bareNumberMs: 1 | 1000;
}

/**
 * A positive duration: a Go duration string ("500ms", "2s", "1m30s", the official provider's form)
 * or a bare number in the setting's own unit. Anything else is a ConfigurationError naming the key
 * (or variable) it came from and the accepted forms.
 */
export function durationSetting(
  family: string,
  key: string,
  envVars: string[],
  { fallbackMs, bareNumberMs }: DurationSettingOptions,
  source?: ConfigSource,
): number {
  const found = settingFrom(family, key, envVars, source);
  if (found === undefined) return fallbackMs;
  const text = found.value.trim();
  const ms = /^\d+(\.\d*)?$|^\.\d+$/.test(text) ? Number(text) * bareNumberMs : parseDuration(text);
  if (ms === undefined || !(ms > 0)) {
    const unit = bareNumberMs === 1 ? "milliseconds" : "seconds";
    throw new ConfigurationError(
      `${found.from} must be a positive duration such as "500ms", "2s" or "10m", or a number of ${unit}; got "${found.value}"`,
    );
  }
  return ms;
}

/** One of a fixed set of words; anything else is a ConfigurationError naming the key and the choices. */
export function choiceSetting<T extends string>(
  family: string,
  key: string,
  envVars: string[],
  choices: readonly T[],
  fallback: T,
  source?: ConfigSource,
): T {
  const found = settingFrom(family, key, envVars, source);
  if (found === undefined) return fallback;
  const value = found.value.trim() as T;
  if (!choices.includes(value)) {
    throw new ConfigurationError(`${found.from} must be ${choices.map((c) => `"${c}"`).join(" or ")}; got "${found.value}"`);
  }
  return value;
}

/** An http(s) URL; anything else is a ConfigurationError naming the key (or variable) and an example. */
export function urlSetting(family: string, key: string, envVars: string[], fallback: string, source?: ConfigSource): string {
  const found = settingFrom(family, key, envVars, source);
  if (found === undefined) return fallback;
  const value = found.value.trim();
  let protocol: string | undefined;
  try {
    protocol = new URL(value).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== "http:" && protocol !== "https:") {
    throw new ConfigurationError(`${found.from} must be an http(s) URL such as ${fallback}; got "${found.value}"`);
  }
  return value;
}

/**
 * A ConfigSource over a program's config bag (e.g. `new pulumi.Config("hcloud")`, whose `get("token")`
 * answers `hcloud:token`), so code running in the program reads settings like the provider does.
 */
export function programConfig(family: string, bag: { get(key: string): string | undefined }): ConfigSource {
  return {
    get: (fullKey) => (fullKey.startsWith(`${family}:`) ? bag.get(fullKey.slice(family.length + 1)) : undefined),
  };
}
