/**
 * The setup the Hetzner Cloud contract tests share: one emulator per test file (started in `beforeAll`,
 * reset to instant actions before every test), a client that checks every response against the official
 * OpenAPI document (objects closed), the emulator's control API and the error assertion.
 */
import type { LoggedRequest } from "../../emulator/control";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { OpenApiContract, UNREAD_BODY, contractClient, specFile, type ApiResponse, type ContractClient } from "./openapi";

export const TOKEN = "emulator-token";
export const contract = new OpenApiContract(specFile("hetzner-cloud.openapi.json"), { forbidUndocumentedProperties: true });
/** The Hetzner API (storage boxes), served under `/hetzner/v1`. */
export const hetznerContract = new OpenApiContract(specFile("hetzner.openapi.json"), { forbidUndocumentedProperties: true });

/** Cloudflare's API v4, served under `/cloudflare/client/v4` (the spec is a subset: objects composed, so left open). */
export const cloudflareContract = new OpenApiContract(specFile("cloudflare-dns-records.openapi.json"), {
  schemalessBodyIsAny: true,
  responseOnlyRequired: ["id", "content", "proxiable", "created_on", "modified_on"],
  partialPatch: true,
});

/** Each emulated API the request log may hold, by prefix (`documentedOnly`: paths the spec lacks are not checked). */
const LOGGED_FAMILIES: { prefix: string; contract: OpenApiContract; documentedOnly?: boolean }[] = [
  { prefix: "/hcloud/v1", contract },
  { prefix: "/hetzner/v1", contract: hetznerContract },
  { prefix: "/cloudflare/client/v4", contract: cloudflareContract, documentedOnly: true },
];

/** What breaks the spec in the emulator's request log (`/__emulator/requests`): one line per problem. */
export function requestLogViolations(requests: Pick<LoggedRequest, "method" | "path" | "query" | "hasBody" | "body">[]): string[] {
  return requests.flatMap(({ method, path, query, hasBody, body }) => {
    const family = LOGGED_FAMILIES.find(({ prefix }) => path.startsWith(`${prefix}/`));
    if (!family) return [`${method} ${path}: not a path of the Hetzner Cloud API or the Hetzner API`];
    const request = { method, path: path.slice(family.prefix.length), query, body: !hasBody ? undefined : body === undefined ? UNREAD_BODY : body };
    if (family.documentedOnly && !family.contract.documents(method, request.path)) return [];
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
export function useHcloudEmulator(family: { url: (emulator: RunningEmulator) => string; contract: OpenApiContract } = { url: (e) => e.hcloudUrl, contract }): HcloudContractSetup {
  let running: RunningEmulator | undefined;
  const emulator = (): RunningEmulator => {
    if (!running) throw new Error("the emulator is started in beforeAll");
    return running;
  };
  const api = contractClient(() => family.url(emulator()), family.contract, { Authorization: `Bearer ${TOKEN}` });

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
    expect((await control("PUT", "/config", { actionDurationMs: 0 })).status).toBe(200);
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
