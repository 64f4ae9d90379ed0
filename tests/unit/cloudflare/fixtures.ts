/** Shared setup of the Cloudflare unit tests: a fast client at CLOUDFLARE_API, wire records and envelopes. */
import { CloudflareClient, CloudflareClientOptions, setCloudflareClientForTests } from "../../../provider/cloudflare/client";
import type { RecordWire } from "../../../provider/cloudflare/wire";
import { CLOUDFLARE_API, useNock } from "../helpers";

export const ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353";
export const ZONE = "example.com";

/** Client options with tiny delays and a short batch window. */
export function fastCloudflareOptions(overrides: CloudflareClientOptions = {}): CloudflareClientOptions {
  return {
    endpoint: CLOUDFLARE_API,
    token: "cf-token",
    ...overrides,
    retry: { baseDelayMs: 1, maxDelayMs: 20, ...overrides.retry },
    batching: { idleMs: 5, maxWaitMs: 50, ...overrides.batching },
  };
}

/** useNock() and a fast client installed as the provider's Cloudflare client for every test; returns the nock options matching its token. */
export function useCloudflareClient(token = "cf-token") {
  useNock();
  beforeEach(() => {
    const options = fastCloudflareOptions({ token });
    setCloudflareClientForTests(new CloudflareClient(options), options);
  });
  afterEach(() => setCloudflareClientForTests(undefined));
  return { reqheaders: { authorization: `Bearer ${token}` } };
}

export const ok = (result: unknown, resultInfo?: object) => ({ success: true, errors: [], messages: [], result, ...(resultInfo ? { result_info: resultInfo } : {}) });
export const failed = (code: number, message: string, chain?: Array<{ code: number; message: string }>) => ({
  success: false,
  errors: [{ code, message, ...(chain ? { error_chain: chain } : {}) }],
  messages: [],
  result: null,
});

let counter = 0;
/** A record as Cloudflare answers it. */
export function wireRecord(fields: Partial<RecordWire> & { name: string; type: string }): RecordWire {
  counter++;
  return {
    id: fields.id ?? `rec${String(counter).padStart(29, "0")}`,
    content: "192.0.2.1",
    ttl: 1,
    proxied: false,
    proxiable: fields.type === "A" || fields.type === "AAAA" || fields.type === "CNAME",
    tags: [],
    settings: {},
    created_on: "2026-11-30T08:00:00.000000Z",
    modified_on: "2026-11-30T08:00:00.000000Z",
    ...fields,
  };
}
