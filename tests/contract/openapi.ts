/**
 * Contract checking against an official OpenAPI 3.0 document: finds the operation for a concrete
 * request path, picks the response documented for the status (exact, then `4xx`/`5xx`, then `default`)
 * and validates the body with ajv (`nullable` is understood by ajv itself). Also an HTTP client that
 * validates every response it receives.
 */
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import * as fs from "node:fs";
import * as path from "node:path";

/** The in-repo copies of the official specs (contract/specs, written by `npm run gen:specs`). */
export function specFile(name: string): string {
  return path.resolve(__dirname, "..", "..", "contract", "specs", name);
}

type JsonObject = Record<string, unknown>;

interface ResponseObject {
  content?: Record<string, { schema?: JsonObject }>;
}
interface Operation {
  responses: Record<string, ResponseObject>;
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
}

export interface ContractOptions {
  /**
   * Closes every documented object (`additionalProperties: false` where unset) so that a field the
   * spec does not know fails. Only for specs that do not compose objects with allOf/anyOf/oneOf.
   */
  forbidUndocumentedProperties?: boolean;
}

const SPEC_ID = "spec";
const COMBINATORS = new Set(["allOf", "anyOf", "oneOf"]);
const NOT_SCHEMAS = new Set(["example", "examples", "x-codeSamples"]);

function closeObjects(node: unknown, insideCombinator = false): void {
  if (Array.isArray(node)) {
    node.forEach((item) => closeObjects(item, insideCombinator));
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const schema = node as JsonObject;
  if (typeof schema.properties === "object" && schema.additionalProperties === undefined && !insideCombinator) {
    schema.additionalProperties = false;
  }
  for (const [key, value] of Object.entries(schema)) {
    if (!NOT_SCHEMAS.has(key)) closeObjects(value, COMBINATORS.has(key));
  }
}

const escapePointer = (segment: string) => segment.replace(/~/g, "~0").replace(/\//g, "~1");

export class OpenApiContract {
  private readonly spec: Spec;
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly templates: { template: string; pattern: RegExp; params: number }[];

  constructor(specFile: string, options: ContractOptions = {}) {
    this.spec = JSON.parse(fs.readFileSync(specFile, "utf8")) as Spec;
    if (options.forbidUndocumentedProperties) closeObjects(this.spec.paths);
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    addFormats(this.ajv);
    this.ajv.addFormat("decimal", /^-?\d+(\.\d+)?$/);
    this.ajv.addSchema(this.spec as unknown as JsonObject, SPEC_ID);
    this.templates = Object.keys(this.spec.paths).map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`),
      params: (template.match(/\{/g) ?? []).length,
    }));
  }

  /** The documented path template of a concrete path; static segments win (`/firewalls/actions` over `/firewalls/{id}`). */
  template(method: string, path: string): string {
    const candidates = this.templates
      .filter(({ template, pattern }) => pattern.test(path) && this.spec.paths[template][method.toLowerCase()])
      .sort((a, b) => a.params - b.params);
    if (candidates.length === 0) throw new Error(`${method} ${path} is not documented in the spec`);
    return candidates[0].template;
  }

  /** Fails unless `status` is documented for the operation and `body` (undefined = empty) matches its schema. */
  assertResponse(method: string, path: string, status: number, body: unknown): void {
    const template = this.template(method, path);
    const responses = this.spec.paths[template][method.toLowerCase()].responses;
    const family = `${Math.floor(status / 100)}`;
    const key = [String(status), `${family}xx`, `${family}XX`, "default"].find((k) => responses[k]);
    if (!key) throw new Error(`${method} ${template}: status ${status} is not documented`);

    const content = responses[key].content;
    if (!content) {
      if (body !== undefined) throw new Error(`${method} ${template} ${status}: no body documented, got ${JSON.stringify(body)}`);
      return;
    }
    const pointer = ["paths", template, method.toLowerCase(), "responses", key, "content", "application/json", "schema"].map(escapePointer).join("/");
    const validate = this.validator(`${SPEC_ID}#/${pointer}`);
    if (!validate(body)) {
      const problems = (validate.errors ?? []).map((e) => `  ${e.instancePath || "/"} ${e.message} ${e.params ? JSON.stringify(e.params) : ""}`);
      throw new Error(`${method} ${path} ${status} does not match ${template} response ${key}:\n${problems.join("\n")}\nbody: ${JSON.stringify(body)}`);
    }
  }

  private validator(ref: string): ValidateFunction {
    let validate = this.validators.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref });
      this.validators.set(ref, validate);
    }
    return validate;
  }
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** Skip contract validation (for requests that deliberately leave the documented API). */
  unchecked?: boolean;
}

/**
 * An HTTP client for one API family that checks every response against the contract. `path` is
 * relative to `baseUrl` (which ends with the family prefix) and may carry a query string; a function
 * `baseUrl` is read on every request (for a server that only starts later).
 */
export function contractClient(baseUrl: string | (() => string), contract: OpenApiContract, defaultHeaders: Record<string, string> = {}) {
  async function request<T = any>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const response = await fetch((typeof baseUrl === "function" ? baseUrl() : baseUrl) + path, {
      method,
      headers: { ...defaultHeaders, ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...options.headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed = text === "" ? undefined : JSON.parse(text);
    if (!options.unchecked) contract.assertResponse(method, path.split("?")[0], response.status, parsed);
    return { status: response.status, headers: response.headers, body: parsed as T };
  }
  return {
    request,
    get: <T = any>(path: string, options?: RequestOptions) => request<T>("GET", path, undefined, options),
    post: <T = any>(path: string, body?: unknown, options?: RequestOptions) => request<T>("POST", path, body, options),
    put: <T = any>(path: string, body?: unknown, options?: RequestOptions) => request<T>("PUT", path, body, options),
    delete: <T = any>(path: string, options?: RequestOptions) => request<T>("DELETE", path, undefined, options),
  };
}

export type ContractClient = ReturnType<typeof contractClient>;
