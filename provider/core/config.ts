/**
 * Provider settings: stack config first (`<family>:<key>`, delivered to `configure`), then the
 * environment. Values are looked up at call time so nothing is captured in `__provider` or state.
 */

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

/**
 * `family:key` from stack config (also accepting the legacy `family:config:key` form), else env.
 * `source` replaces the provider's stack config, e.g. a program's `pulumi.Config` (see `programConfig`).
 */
export function setting(family: string, key: string, envVar: string, source: ConfigSource | undefined = stackConfig): string | undefined {
  const fromStack = source?.get(`${family}:${key}`) ?? source?.get(`${family}:config:${key}`);
  if (fromStack !== undefined && fromStack !== "") return fromStack;
  const fromEnv = process.env[envVar];
  return fromEnv === undefined || fromEnv === "" ? undefined : fromEnv;
}

export function numberSetting(family: string, key: string, envVar: string, fallback: number, source?: ConfigSource): number {
  const raw = setting(family, key, envVar, source);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`${family}:${key} / ${envVar} must be a non-negative number, got "${raw}"`);
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
