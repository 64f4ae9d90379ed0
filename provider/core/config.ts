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

/** `family:key` from stack config (also accepting the legacy `family:config:key` form), else env. */
export function setting(family: string, key: string, envVar: string): string | undefined {
  const fromStack = stackConfig?.get(`${family}:${key}`) ?? stackConfig?.get(`${family}:config:${key}`);
  if (fromStack !== undefined && fromStack !== "") return fromStack;
  const fromEnv = process.env[envVar];
  return fromEnv === undefined || fromEnv === "" ? undefined : fromEnv;
}

export function numberSetting(family: string, key: string, envVar: string, fallback: number): number {
  const raw = setting(family, key, envVar);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`${family}:${key} / ${envVar} must be a non-negative number, got "${raw}"`);
  }
  return value;
}
