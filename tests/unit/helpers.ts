/**
 * Shared setup for unit tests: a fast HcloudClient against nock, nock hygiene (including the contract
 * check of every request to the API host and of the replies the tests give), config isolation and wire fixtures.
 */
import nock from "nock";
import { CLOUDFLARE_SPEC, CLOUDFLARE_SPEC_OPTIONS, cloudflareDocuments } from "../contract/cloudflare-spec";
import { ContractOptions, OpenApiContract, parseQuery, specFile } from "../contract/openapi";
import { VPSORG_SPEC_FILE } from "../contract/vpsorg-spec";
import { resetStackConfigForTests } from "../../provider/core/config";
import { forgetRequestBudgets } from "../../provider/core/request-budget";
import { HcloudClient, HcloudClientOptions, setHcloudClientForTests } from "../../provider/hcloud/client";
import { HetznerClient, setHetznerClientForTests } from "../../provider/hetzner/client";
import { HetznerDnsClient, setHetznerDnsClientForTests } from "../../provider/hetznerdns/client";

export const API = "https://api.test/v1";
/** The Hetzner API (storage boxes) in tests; its traffic is checked against hetzner.openapi.json. */
export const HETZNER_API = "https://hetzner.test/v1";
/** Cloudflare's API in tests (cloudflare-dns-records.openapi.json; paths the 2024 spec lacks go unchecked). */
export const CLOUDFLARE_API = "https://cloudflare.test/client/v4";
/** The legacy Hetzner DNS API in tests; its traffic is checked against hetzner-dns-legacy.openapi.json. */
export const HETZNER_DNS_API = "https://dns.test/api/v1";
/** VPS.org DNS in tests; its traffic is checked against tests/contract/vpsorg.openapi.json. */
export const VPSORG_API = "https://vpsorg.test/api/v1";
export const TOKEN = "secret-token";
/** nock's body matcher for a request sent without a body. */
export const NO_BODY = "";

/** A client with tiny delays; progress lines go to the returned `lines`. */
export function makeClient(overrides: HcloudClientOptions = {}): { client: HcloudClient; lines: string[] } {
  const { options, lines } = fastOptions(overrides);
  return { client: new HcloudClient(options), lines };
}

/** The options of makeClient (also what clients for resources' own credentials start from). */
function fastOptions(overrides: HcloudClientOptions = {}): { options: HcloudClientOptions; lines: string[] } {
  const lines: string[] = [];
  const options: HcloudClientOptions = {
    endpoint: API,
    token: TOKEN,
    ...overrides,
    retry: { baseDelayMs: 1, maxDelayMs: 20, ...overrides.retry },
    waiter: {
      pollIntervalMs: 1,
      maxPollIntervalMs: 5,
      timeoutMs: 2000,
      reportAfterMs: 10_000_000,
      report: (line) => lines.push(line),
      ...overrides.waiter,
    },
  };
  return { options, lines };
}

/**
 * Setup of a file testing an hcloud provider: useNock(), and a fast client (bearer `token`, the given
 * waiter options) installed as the provider's client for every test. Returns the nock options that
 * match the token (`nock(API, auth)`).
 */
export function useHcloudClient(token: string, waiter: HcloudClientOptions["waiter"] = { maxPollIntervalMs: 2 }) {
  useNock();
  beforeEach(() => {
    const { options } = fastOptions({ endpoint: API, token, waiter });
    // Clients for a resource's own credentials are as fast, and fall back to this endpoint and token.
    setHcloudClientForTests(new HcloudClient(options), options);
  });
  afterEach(() => setHcloudClientForTests(undefined));
  return { reqheaders: { authorization: `Bearer ${token}` } };
}

/**
 * Setup of a file testing a Hetzner API (storage box) provider: useNock(), and a fast HetznerClient
 * (bearer `token`) at HETZNER_API installed as the provider's client for every test. Returns the nock
 * options that match the token (`nock(HETZNER_API, auth)`).
 */
export function useHetznerClient(token: string, waiter: HcloudClientOptions["waiter"] = { maxPollIntervalMs: 2 }) {
  useNock();
  beforeEach(() => {
    const { options } = fastOptions({ endpoint: HETZNER_API, token, waiter });
    setHetznerClientForTests(new HetznerClient(options), options);
  });
  afterEach(() => setHetznerClientForTests(undefined));
  return { reqheaders: { authorization: `Bearer ${token}` } };
}

/**
 * Setup of a file testing a legacy Hetzner DNS provider: useNock(`exempt`), and a fast HetznerDnsClient
 * (`Auth-API-Token: token`) at HETZNER_DNS_API installed as the provider's client for every test.
 * Returns the nock options that match the token (`nock(HETZNER_DNS_API, auth)`).
 */
export function useHetznerDnsClient(token: string, exempt: OffContract = {}) {
  useNock(exempt);
  beforeEach(() => {
    const options = { endpoint: HETZNER_DNS_API, token, retry: { baseDelayMs: 1, maxDelayMs: 20 }, batching: { idleMs: 20 } };
    setHetznerDnsClientForTests(new HetznerDnsClient(options), options);
  });
  afterEach(() => setHetznerDnsClientForTests(undefined));
  return { reqheaders: { "auth-api-token": token } };
}

/** nock scope that only matches requests carrying our bearer token. */
export function api(token = TOKEN): nock.Scope {
  return nock(API, { reqheaders: { authorization: `Bearer ${token}` } });
}

/**
 * A socket-level failure for `replyWithError`. It must be an Error instance: nock 14 never settles
 * the request when given a plain `{ code, message }` object.
 */
export function networkError(code = "ECONNRESET", message = "socket hang up"): Error {
  return Object.assign(new Error(message), { code });
}

/** Counts the requests a scope answers (nock emits `request` once per intercepted request). */
export function countRequests(scope: nock.Scope): { readonly count: number } {
  const counter = { count: 0 };
  scope.on("request", () => counter.count++);
  return counter;
}

export function hetznerError(code: string, message: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

export function wireAction(id: number, command: string, status = "running", extra: Record<string, unknown> = {}) {
  return {
    id,
    command,
    status,
    progress: status === "running" ? 50 : 100,
    error: null,
    resources: [{ id: 7, type: "firewall" }],
    started: "2026-11-25T10:00:00+00:00",
    finished: status === "running" ? null : "2026-11-25T10:00:01+00:00",
    ...extra,
  };
}

/** The wire location fsn1. */
export const FSN1 = { id: 1, name: "fsn1", description: "Falkenstein DC Park 1", country: "DE", city: "Falkenstein", latitude: 50.47612, longitude: 12.370071, network_zone: "eu-central" };

export interface WireActionsOptions {
  /** `progress` of a running action. */
  runningProgress?: number;
  /** `finished` of an action that is no longer running. */
  finished?: string;
  /** Where the waiter polls: `/actions` (Cloud), `/storage_boxes/actions` (the Hetzner API). */
  pollPath?: string;
  /** The poll's answer carries `meta.pagination` (the Hetzner API's spec requires it). */
  listMeta?: boolean;
}

/**
 * Wire actions on one resource: `action(id, command, status, error)` as the API renders it (running
 * unless told), and `waitFor(scope, …)`, the waiter's poll of that action answered (success unless told).
 */
export function wireActions(
  resource: { id: number; type: string },
  { runningProgress = 50, finished = "2026-11-25T10:00:01+00:00", pollPath = "/actions", listMeta = false }: WireActionsOptions = {},
) {
  const action = (id: number, command: string, status = "running", error: unknown = null) => ({
    id,
    command,
    status,
    progress: status === "running" ? runningProgress : 100,
    error,
    resources: [resource],
    started: "2026-11-25T10:00:00+00:00",
    finished: status === "running" ? null : finished,
  });
  const waitFor = (scope: nock.Scope, id: number, command: string, status = "success", error: unknown = null) =>
    scope
      .get(pollPath)
      .query({ id: String(id) })
      .reply(200, {
        actions: [action(id, command, status, error)],
        ...(listMeta ? { meta: { pagination: { page: 1, per_page: 25, previous_page: null, next_page: null, last_page: 1, total_entries: 1 } } } : {}),
      });
  return { action, waitFor };
}

/** Saves and clears the hcloud env vars and stack config around every test of the file. */
export function isolateConfig(vars = ["HCLOUD_TOKEN", "HCLOUD_ENDPOINT", "HCLOUD_POLL_INTERVAL", "HCLOUD_POLL_INTERVAL_MS", "HCLOUD_ACTION_TIMEOUT"]) {
  const saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    for (const name of vars) {
      saved[name] = process.env[name];
      delete process.env[name];
    }
    resetStackConfigForTests();
  });
  afterEach(() => {
    for (const name of vars) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    resetStackConfigForTests();
  });
}

/** Each API family tests talk to: its base URL and its spec, loaded once per test file (on first use). */
const FAMILIES = ([
  { url: new URL(API), spec: "hetzner-cloud.openapi.json" },
  { url: new URL(HETZNER_API), spec: "hetzner.openapi.json" },
  // A subset (no /batch, scan review/trigger, usage, zones) whose 4XX schemas no body can meet: documented paths' successes only.
  { url: new URL(CLOUDFLARE_API), spec: CLOUDFLARE_SPEC, options: CLOUDFLARE_SPEC_OPTIONS, documentedOnly: cloudflareDocuments },
  // Read as the emulator's contract tests read it (hcloud-setup.ts): allOf schemas stay open, no error body documented.
  { url: new URL(HETZNER_DNS_API), spec: "hetzner-dns-legacy.openapi.json", options: { readOnlyRequiredInResponsesOnly: true, undocumentedErrorBodies: true } },
  // An absolute path (our own document): specFile's path.resolve keeps it as it is.
  { url: new URL(VPSORG_API), spec: VPSORG_SPEC_FILE },
] as Array<{ url: URL; spec: string; options?: ContractOptions; documentedOnly?: (method: string, path: string) => boolean }>).map((family) => {
  let loaded: OpenApiContract | undefined;
  const options: ContractOptions = family.options ?? { forbidUndocumentedProperties: true };
  const contract = () => (loaded ??= new OpenApiContract(specFile(family.spec), options));
  // A partial spec: only the paths it has, and only successes (its 4XX schemas no body can meet).
  const checks = (method: string, path: string, status?: number) => !family.documentedOnly || (family.documentedOnly(method, path) && (status === undefined || status < 400));
  return { url: family.url, contract, checks };
});

interface InterceptedRequest {
  method: string;
  path: string;
  getHeader(name: string): unknown;
}
interface InterceptorInternals {
  statusCode: number | null;
  body?: unknown;
  errorMessage?: unknown;
  replyFunction?: (...args: unknown[]) => unknown;
  fullReplyFunction?: (...args: unknown[]) => unknown;
  req?: InterceptedRequest;
  contractChecked?: boolean;
}

const parseBody = (text: unknown): unknown => {
  if (text === undefined || text === null || text === "") return undefined;
  if (typeof text !== "string") return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/**
 * Checks every request nock intercepts for a family's API host against its spec (path, query, body), and the
 * reply the test gives it (status and body), reporting problems through `report`. Hooks the `request`
 * event every scope emits, so scopes made with `nock(API, …)` directly are covered too. Returns the undo.
 */
function checkTrafficAgainstContract(report: (problem: string) => void, skip: () => OffContract): () => void {
  const scopePrototype = Object.getPrototypeOf(nock(API)) as { emit: (event: string | symbol, ...args: unknown[]) => boolean };
  const emit = scopePrototype.emit;
  /** The family a request is for (by host and base path), or undefined for other hosts. */
  const familyOf = (req: InterceptedRequest) => {
    const host = String(req.getHeader("host") ?? "").replace(/:443$/, "");
    return FAMILIES.find(({ url }) => host === url.host && new URL(req.path, url.origin).pathname.startsWith(`${url.pathname}/`));
  };
  const relative = (req: InterceptedRequest, base: URL) => {
    const url = new URL(req.path, base.origin);
    return { path: url.pathname.slice(base.pathname.length), query: parseQuery(url.search) };
  };
  const checkReply = (req: InterceptedRequest, status: number, body: unknown) => {
    const family = familyOf(req);
    if (!family) return;
    try {
      const { path } = relative(req, family.url);
      if (family.checks(req.method, path, status)) family.contract().assertResponse(req.method, path, status, parseBody(body));
    } catch (error) {
      report(`reply of the test: ${(error as Error).message}`);
    }
  };
  const onRequest = (req: InterceptedRequest, interceptor: InterceptorInternals, bodyText: string) => {
    const family = familyOf(req);
    if (!family) return;
    const { path, query } = relative(req, family.url);
    const problems = skip().requests || !family.checks(req.method, path) ? [] : family.contract().requestProblems({ method: req.method, path, query, body: parseBody(bodyText) });
    if (problems.length) report(`${req.method} ${req.path}: ${problems.join("; ")}`);

    if (interceptor.errorMessage !== undefined || skip().replies) return;
    if (interceptor.replyFunction || interceptor.fullReplyFunction) {
      // Reply functions run after this event, with `this.req` set to the request; wrap them once.
      if (interceptor.contractChecked) return;
      interceptor.contractChecked = true;
      const { replyFunction, fullReplyFunction } = interceptor;
      if (replyFunction && replyFunction.length < 3) {
        interceptor.replyFunction = function (this: InterceptorInternals, ...args: unknown[]) {
          const body = replyFunction.apply(this, args);
          if (!skip().replies) checkReply(this.req!, this.statusCode!, body);
          return body;
        };
      }
      if (fullReplyFunction && fullReplyFunction.length < 3) {
        interceptor.fullReplyFunction = function (this: InterceptorInternals, ...args: unknown[]) {
          const reply = fullReplyFunction.apply(this, args);
          if (Array.isArray(reply) && !skip().replies) checkReply(this.req!, reply[0] as number, reply[1]);
          return reply;
        };
      }
      return;
    }
    checkReply(req, interceptor.statusCode!, interceptor.body);
  };
  scopePrototype.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
    if (event === "request") onRequest(...(args as [InterceptedRequest, InterceptorInternals, string]));
    return emit.call(this, event, ...args);
  };
  return () => {
    scopePrototype.emit = emit;
  };
}

/** Why requests or replies deliberately leave the spec (each a reason; unset: checked). */
export interface OffContract {
  requests?: string;
  replies?: string;
}

/** The current test's exemption (see offContract), cleared after each test. */
let exemptTest: OffContract = {};

/**
 * Exempts the rest of the current test from the contract check, naming why: e.g. a reply that is
 * deliberately malformed to test how the provider copes.
 */
export function offContract(reasons: OffContract): void {
  exemptTest = { ...exemptTest, ...reasons };
}

/**
 * nock hygiene for a test file: no real network; after each test every interceptor was used, no
 * request went unmatched, and every request to the API host and every reply to it kept to the spec
 * (`exempt`: what this file deliberately leaves unchecked, and why). Returns the unmatched requests
 * seen so far (`METHOD path`).
 */
export function useNock(exempt: OffContract = {}): string[] {
  const unmatched: string[] = [];
  const contractProblems: string[] = [];
  const onNoMatch = (req: { method?: string; path?: string }) => unmatched.push(`${req.method} ${req.path}`);
  let uncheck = () => undefined as void;
  beforeAll(() => {
    nock.disableNetConnect();
    nock.emitter.on("no match", onNoMatch);
    uncheck = checkTrafficAgainstContract((problem) => contractProblems.push(problem), () => ({ ...exempt, ...exemptTest }));
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    const extra = unmatched.splice(0);
    const broken = contractProblems.splice(0);
    exemptTest = {};
    nock.cleanAll();
    // Every test starts from an API nobody has asked yet (no bucket known from another test's answers).
    forgetRequestBudgets();
    expect({ pending, unmatched: extra, contract: broken }).toEqual({ pending: [], unmatched: [], contract: [] });
  });
  afterAll(() => {
    uncheck();
    nock.emitter.removeListener("no match", onNoMatch);
    nock.enableNetConnect();
    // Jest runs several files in one worker, each with its own copy of nock, all hooking the same
    // `http` module. A copy left installed sits underneath the next file's copy and answers first
    // (with "Disallowed net connect", or a doubled error event for replyWithError): leave http clean.
    nock.restore();
  });
  return unmatched;
}
