/**
 * The setup the Hetzner Cloud contract tests share: one emulator per test file (started in `beforeAll`,
 * reset to instant actions before every test), a client that checks every response against the official
 * OpenAPI document (objects closed), the emulator's control API and the error assertion.
 */
import type { LoggedRequest } from "../../emulator/control";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { cloudflareContract, cloudflareDocuments } from "./cloudflare-spec";
import { OpenApiContract, UNREAD_BODY, contractClient, specFile, type ApiResponse, type ContractClient } from "./openapi";
import { VPSORG_SPEC_FILE } from "./vpsorg-spec";

export const TOKEN = "emulator-token";
export const contract = new OpenApiContract(specFile("hetzner-cloud.openapi.json"), { forbidUndocumentedProperties: true });
/** The Hetzner API (storage boxes), served under `/hetzner/v1`. */
export const hetznerContract = new OpenApiContract(specFile("hetzner.openapi.json"), { forbidUndocumentedProperties: true });
/** The legacy Hetzner DNS API, served under `/hetznerdns/api/v1` (its schemas compose with allOf, so objects stay open). */
export const hetznerDnsContract = new OpenApiContract(specFile("hetzner-dns-legacy.openapi.json"), {
  readOnlyRequiredInResponsesOnly: true,
  undocumentedErrorBodies: true,
});
/** VPS.org DNS, served under `/vpsorg/api/v1`: our document derived from the seed. */
export const vpsorgContract = new OpenApiContract(VPSORG_SPEC_FILE, { forbidUndocumentedProperties: true });

/** Each emulated API the request log may hold, by prefix (`checks`: which of its requests the spec covers; default all). */
const LOGGED_FAMILIES: { prefix: string; contract: OpenApiContract; checks?: (method: string, path: string) => boolean }[] = [
  { prefix: "/hcloud/v1", contract },
  { prefix: "/hetzner/v1", contract: hetznerContract },
  { prefix: "/hetznerdns/api/v1", contract: hetznerDnsContract },
  { prefix: "/vpsorg/api/v1", contract: vpsorgContract },
  { prefix: "/cloudflare/client/v4", contract: cloudflareContract, checks: cloudflareDocuments },
];

/** What breaks the spec in the emulator's request log (`/__emulator/requests`): one line per problem. */
export function requestLogViolations(requests: Pick<LoggedRequest, "method" | "path" | "query" | "hasBody" | "body">[]): string[] {
  return requests.flatMap(({ method, path, query, hasBody, body }) => {
    const family = LOGGED_FAMILIES.find(({ prefix }) => path.startsWith(`${prefix}/`));
    if (!family) return [`${method} ${path}: not a path of the Hetzner Cloud API or the Hetzner API`];
    const request = { method, path: path.slice(family.prefix.length), query, body: !hasBody ? undefined : body === undefined ? UNREAD_BODY : body };
    if (family.checks && !family.checks(method, request.path)) return [];
    return family.contract.requestProblems(request).map((problem) => `${method} ${path}: ${problem}`);
  });
}

export type Control = (method: string, route: string, body?: unknown) => Promise<{ status: number; body: any }>;

export interface HcloudContractSetup {
  /** The running emulator (only inside hooks and tests). */
  readonly emulator: RunningEmulator;
  /** A contract-checking client of the family (`/hcloud/v1` by default), authorized with `TOKEN`. */
  readonly api: ContractClient;
  /** A request to the emulator's control API (`/__emulator<route>`). */
  readonly control: Control;
}

/**
 * Registers the hooks (call it at the top level of a test file) and returns the emulator's handles; `api`
 * talks to the Cloud family unless another family's URL and contract are given.
 */
export function useHcloudEmulator(
  family: { url: (emulator: RunningEmulator) => string; contract: OpenApiContract; headers?: Record<string, string> } = { url: (e) => e.hcloudUrl, contract },
): HcloudContractSetup {
  let running: RunningEmulator | undefined;
  const emulator = (): RunningEmulator => {
    if (!running) throw new Error("the emulator is started in beforeAll");
    return running;
  };
  const api = contractClient(() => family.url(emulator()), family.contract, family.headers ?? { Authorization: `Bearer ${TOKEN}` });

  const control: Control = async (method, route, body) => {
    const response = await fetch(`${emulator().url}/__emulator${route}`, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text === "" ? undefined : JSON.parse(text) };
  };

  beforeAll(async () => {
    running = await startEmulator({ port: 0, actionDurationMs: 0 });
  });
  afterAll(async () => {
    await emulator().close();
  });
  beforeEach(async () => {
    expect((await control("POST", "/reset")).status).toBe(204);
    const documentedRateLimit = { enforce: false, limit: 3600, refillPerSecond: 1 };
    expect((await control("PUT", "/config", { actionDurationMs: 0, rateLimit: documentedRateLimit })).status).toBe(200);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  return {
    get emulator() {
      return emulator();
    },
    api,
    control,
  };
}

/** An API error: status, `error.code`, a string message and, when given, the field named in `details.fields`. */
export function expectError(response: ApiResponse, status: number, code: string, field?: string): void {
  expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status, code });
  expect(typeof response.body.error.message).toBe("string");
  if (field) expect(response.body.error.details.fields.map((f: { name: string }) => f.name)).toContain(field);
}
