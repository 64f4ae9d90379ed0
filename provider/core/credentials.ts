/**
 * Credentials per resource: an optional `credentials` input (`{ token?, endpoint? }`) lets one stack
 * manage several projects or accounts of one API. Unset parts fall back to the stack config, then the
 * environment. The SDK makes the input a secret (and an additional secret output), the outputs carry it
 * so read and delete (which only get state) reach the same project, and it is never part of `__provider`.
 * Clients are cached per endpoint and token digest: the raw token is never a key or part of a message.
 */
import { createHash } from "node:crypto";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { DetailedDiffResult } from "../host";
import { containsUnknown, isUnknown, sameValue } from "./inputs";
import { Props, ResourceImplementation } from "./resource";

export interface Credentials {
  token?: string;
  endpoint?: string;
}

export const CREDENTIALS = "credentials";
const KEYS = ["token", "endpoint"];

/**
 * What is wrong with a `credentials` value, as short reasons that never quote the token: an object with
 * an optional non-empty string `token` and an optional http(s) URL `endpoint` (`example` shows one).
 * Unknown parts (preview) pass.
 */
export function credentialsProblems(value: unknown, example: string): string[] {
  if (value === undefined || value === null || isUnknown(value)) return [];
  if (typeof value !== "object" || Array.isArray(value)) return ["credentials must be { token?: string, endpoint?: string }"];
  const { token, endpoint, ...rest } = value as Props;
  const problems = Object.keys(rest).map((key) => `credentials: unknown property "${key}" (expected ${KEYS.join(" or ")})`);
  if (token !== undefined && token !== null && !isUnknown(token) && (typeof token !== "string" || token.trim() === "")) {
    problems.push("credentials.token must be a non-empty string");
  }
  if (endpoint !== undefined && endpoint !== null && !isUnknown(endpoint) && !isHttpUrl(endpoint)) {
    problems.push(`credentials.endpoint must be an http(s) URL such as ${example}`);
  }
  return problems;
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    const { protocol } = new URL(value.trim());
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}

/** The credentials a call's props carry (inputs, old outputs or new inputs); undefined: the stack's. */
export function credentialsOf(props: Props | undefined): Credentials | undefined {
  const value = props?.[CREDENTIALS];
  if (typeof value !== "object" || value === null || containsUnknown(value)) return undefined;
  const credentials: Credentials = {};
  if (typeof value.token === "string" && value.token.trim()) credentials.token = value.token.trim();
  if (typeof value.endpoint === "string" && value.endpoint.trim()) credentials.endpoint = value.endpoint.trim();
  return credentials.token === undefined && credentials.endpoint === undefined ? undefined : credentials;
}

/** A map key for credentials: the endpoint and a digest of the token, never the token itself. */
export function credentialsKey(credentials: Credentials): string {
  const digest = credentials.token === undefined ? "" : createHash("sha256").update(credentials.token).digest("hex");
  return `${credentials.endpoint ?? ""}\n${digest}`;
}

/** One client per distinct credentials, so each keeps its own HTTP client and Action waiter. */
export class ClientsByCredentials<Client> {
  private readonly clients = new Map<string, Client>();

  constructor(private readonly make: (credentials: Credentials) => Client) {}

  get(credentials: Credentials): Client {
    const key = credentialsKey(credentials);
    let client = this.clients.get(key);
    if (!client) this.clients.set(key, (client = this.make(credentials)));
    return client;
  }

  clear(): void {
    this.clients.clear();
  }
}

/**
 * A family's clients in the provider process: the stack's client over the stack config (made on first
 * use, after `configure`) and one per resource `credentials`. `forProps` picks the one for a call;
 * `setForTests` installs a stack client and the options clients for credentials start from.
 */
export class FamilyClients<Client, Options extends { credentials?: Credentials }> {
  private shared: Client | undefined;
  private baseOptions = {} as Options;
  private readonly byCredentials: ClientsByCredentials<Client>;

  constructor(private readonly make: (options: Options) => Client) {
    this.byCredentials = new ClientsByCredentials((credentials) => this.make({ ...this.baseOptions, credentials }));
  }

  forProps(props?: Props): Client {
    const credentials = credentialsOf(props);
    if (credentials) return this.byCredentials.get(credentials);
    return (this.shared ??= this.make(this.baseOptions));
  }

  setForTests(client: Client | undefined, options = {} as Options): void {
    this.shared = client;
    this.baseOptions = options;
    this.byCredentials.clear();
  }
}

/** Adds the call's credentials to properties the engine records (outputs, or a partial failure's). */
function carry(target: Props | undefined, credentials: unknown): void {
  if (target && credentials !== undefined && credentials !== null) target[CREDENTIALS] = credentials;
}

function carryIntoError(error: unknown, credentials: unknown): never {
  carry((error as { properties?: Props } | undefined)?.properties, credentials);
  throw error;
}

/**
 * The `credentials` input for every resource of a family, around its implementation: check validates it
 * before any request (`endpointExample` for the message); diff counts a changed token or endpoint as a
 * change, never a replacement (the implementation's update converges on live state, so it sends no write
 * for it alone); create, update and read record it in the outputs, also when a create or update fails
 * part-way, so refresh and destroy use the same project. The implementation picks its client from the
 * props it is given.
 */
export function withCredentials(implementation: ResourceImplementation, endpointExample: string): ResourceImplementation {
  return {
    async check(olds, news) {
      const result = await implementation.check(olds, news);
      const failures = [...(result.failures ?? [])];
      for (const reason of credentialsProblems(news[CREDENTIALS], endpointExample)) failures.push({ property: CREDENTIALS, reason });
      const inputs = { ...(result.inputs ?? {}) };
      carry(inputs, news[CREDENTIALS]);
      return { inputs, failures } as dynamic.CheckResult;
    },
    async diff(id, olds, news) {
      const result: DetailedDiffResult = await implementation.diff(id, olds, news);
      const changed = containsUnknown(news[CREDENTIALS]) || !sameValue(olds[CREDENTIALS] ?? null, news[CREDENTIALS] ?? null);
      if (!changed) return result;
      // Only when the implementation details its diff: a detailed diff lists every change there is.
      const detailedDiff = result.detailedDiff ? { ...result.detailedDiff, [CREDENTIALS]: "update" as const } : undefined;
      return { ...result, changes: true, ...(detailedDiff ? { detailedDiff } : {}) };
    },
    async create(inputs) {
      const result = await implementation.create(inputs).catch((error) => carryIntoError(error, inputs[CREDENTIALS]));
      carry(result.outs, inputs[CREDENTIALS]);
      return result;
    },
    async read(id, props) {
      const result = await implementation.read(id, props);
      if (result.id) {
        carry(result.props, props[CREDENTIALS]);
        carry((result as { inputs?: Props }).inputs, props[CREDENTIALS]);
      }
      return result;
    },
    async update(id, olds, news) {
      const result = await implementation.update(id, olds, news).catch((error) => carryIntoError(error, news[CREDENTIALS]));
      carry(result.outs, news[CREDENTIALS]);
      return result;
    },
    delete: (id, props) => implementation.delete(id, props),
  };
}
