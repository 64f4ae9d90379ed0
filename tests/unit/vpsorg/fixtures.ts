/** Setup and wire fixtures of the VPS.org unit tests. */
import nock from "nock";
import { setVpsorgClientForTests, VpsorgClient, VpsorgClientOptions } from "../../../provider/vpsorg/client";
import { useNock, VPSORG_API } from "../helpers";

export { VPSORG_API };
export const VPSORG_TOKEN = "vps_test-token";
export const ZONE_ID = "3f1c2a9e-0000-4000-8000-000000000001";
export const CREATED = "2026-11-30T09:00:00Z";

export const fastOptions = (overrides: VpsorgClientOptions = {}): VpsorgClientOptions => ({
  endpoint: VPSORG_API,
  token: VPSORG_TOKEN,
  ...overrides,
  retry: { baseDelayMs: 1, maxDelayMs: 5, ...overrides.retry },
});

/** useNock() and a fast client installed as the provider's for every test; returns a scope factory matching the token. */
export function useVpsorgClient(): () => nock.Scope {
  useNock();
  beforeEach(() => setVpsorgClientForTests(new VpsorgClient(fastOptions()), fastOptions()));
  afterEach(() => setVpsorgClientForTests(undefined));
  return () => nock(VPSORG_API, { reqheaders: { authorization: `Bearer ${VPSORG_TOKEN}` } });
}

export function wireZone(extra: Record<string, unknown> = {}) {
  return { uuid: ZONE_ID, domain: "example.com", created_at: CREATED, record_count: 0, ...extra };
}

export function wireRecord(uuid: string, record_type: string, name: string, value: string, extra: Record<string, unknown> = {}) {
  return { uuid, record_type, name, value, ttl: 3600, priority: null, created_at: CREATED, ...extra };
}

export const vpsorgError = (detail: string, error_code: string, field?: string) => ({ detail, error_code, ...(field ? { field } : {}) });
