/**
 * The setup the Cloudflare contract tests share: the emulator of useHcloudEmulator (one per file, reset
 * before every test), a client of `/cloudflare/client/v4` that checks every success of a path the spec
 * documents against it (the spec is a subset: zones, batch, scan review/trigger and usage are not in it)
 * and every failure against the spec's failure envelope, a zone to work in, and Cloudflare's error assertion.
 */
import Ajv from "ajv";
import * as fs from "node:fs";
import { contractClient, specFile, type ApiResponse, type RequestOptions } from "./openapi";
import { CLOUDFLARE_SPEC, cloudflareContract, cloudflareDocuments } from "./cloudflare-spec";
import { TOKEN, useHcloudEmulator } from "./hcloud-setup";

/**
 * The spec's 4XX schemas combine a success schema (`success: true`) with the failure schema (`success:
 * false`) in an allOf, which no body can meet: every failure is checked against the failure schema alone.
 */
const failureSchema = (() => {
  const spec = JSON.parse(fs.readFileSync(specFile(CLOUDFLARE_SPEC), "utf8"));
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addSchema(spec, "spec");
  return ajv.compile({ $ref: "spec#/components/schemas/dns-records_api-response-common-failure" });
})();

function assertCloudflareResponse(method: string, path: string, response: ApiResponse): void {
  if (response.status >= 400) {
    if (!failureSchema(response.body)) throw new Error(`${method} ${path} ${response.status}: not Cloudflare's failure envelope: ${JSON.stringify(failureSchema.errors)}\nbody: ${JSON.stringify(response.body)}`);
  } else if (cloudflareDocuments(method, path)) {
    cloudflareContract.assertResponse(method, path, response.status, response.body);
  }
}

export function useCloudflareEmulator() {
  const setup = useHcloudEmulator();
  const url = () => setup.emulator.cloudflareUrl;
  const base = contractClient(url, cloudflareContract, { Authorization: `Bearer ${TOKEN}` });
  const request = async <T = any>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<ApiResponse<T>> => {
    const response = await base.request<T>(method, path, body, { ...options, unchecked: true });
    if (!options.unchecked) assertCloudflareResponse(method, path.split("?")[0], response);
    return response;
  };
  const api = {
    request,
    get: <T = any>(path: string, options?: RequestOptions) => request<T>("GET", path, undefined, options),
    post: <T = any>(path: string, body?: unknown, options?: RequestOptions) => request<T>("POST", path, body, options),
    put: <T = any>(path: string, body?: unknown, options?: RequestOptions) => request<T>("PUT", path, body, options),
    patch: <T = any>(path: string, body?: unknown, options?: RequestOptions) => request<T>("PATCH", path, body, options),
    delete: <T = any>(path: string, options?: RequestOptions) => request<T>("DELETE", path, undefined, options),
  };

  /** A zone made through the control route (`plan`: free by default); its id. */
  async function zone(name = "example.com", plan?: string): Promise<string> {
    const response = await setup.control("POST", "/cloudflare/zones", { name, ...(plan ? { plan } : {}) });
    expect(response.status).toBe(201);
    return response.body.zone.id;
  }

  /** A record created with POST; the API's result. */
  async function record(zoneId: string, body: Record<string, unknown>): Promise<any> {
    const response = await api.post(`/zones/${zoneId}/dns_records`, body);
    expect({ status: response.status, errors: response.body.errors }).toEqual({ status: 200, errors: [] });
    return response.body.result;
  }

  return {
    get emulator() {
      return setup.emulator;
    },
    url,
    api,
    control: setup.control,
    zone,
    record,
  };
}

/** A Cloudflare failure: the status, `success: false`, `result: null` and the error codes (a 1004's causes as `1004/<code>`). */
export function expectFailure(response: ApiResponse, status: number, ...codes: (number | string)[]): void {
  const actual = (response.body?.errors ?? []).flatMap((e: any) => (e.error_chain?.length ? e.error_chain.map((c: any) => `${e.code}/${c.code}`) : [e.code]));
  expect({ status: response.status, success: response.body?.success, result: response.body?.result, codes: actual }).toEqual({ status, success: false, result: null, codes });
  for (const error of response.body.errors) expect(typeof error.message).toBe("string");
}
