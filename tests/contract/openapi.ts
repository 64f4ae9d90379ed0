/**
 * Contract checking against an official OpenAPI 3.0 document: finds the operation for a concrete
 * request path, checks a request (path and query parameters, body) against it, picks the response
 * documented for the status (exact, then `4XX`/`5XX`, then `default`) and validates the body with ajv
 * (`nullable` is understood by ajv itself). Also an HTTP client that validates every response it receives.
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
interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: JsonObject;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonObject }> };
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
  /**
   * A request body documented as content without a schema takes any body or none: Cloudflare's spec marks
   * DELETE and `POST …/scan` bodies required with `application/json: {}`, and its own SDKs send none.
   */
  schemalessBodyIsAny?: boolean;
  /**
   * Properties a request body may leave out although its schema requires them: Cloudflare's `dns-record`
   * schema serves requests and responses alike and requires the response-only `id`, `proxiable`,
   * `created_on` and `modified_on`, and `content`, which structured types compute from `data` (each type's
   * own schema still requires `content` where a request must send it).
   */
  responseOnlyRequired?: string[];
  /**
   * PATCH bodies are partial (merge semantics), whatever schema the spec gives them: Cloudflare's PATCH of a
   * record documents the whole `dns-record`. They are checked against the schema with nothing required
   * (and `oneOf` read as `anyOf`, since a partial body may fit several alternatives).
   */
  partialPatch?: boolean;
  /**
   * Reads `required` as OpenAPI 3.0 defines it for a `readOnly` property: "required" in responses only, so a
   * request need not send it (the legacy DNS spec's `PrimaryServer` requires its read-only `id`).
   */
  readOnlyRequiredInResponsesOnly?: boolean;
  /** Takes any body with an error status the spec documents without content (the legacy DNS spec describes no error body). */
  undocumentedErrorBodies?: boolean;
}

/** A copy of a schema tree with every `required` dropped and `oneOf` read as `anyOf` (see `partialPatch`). */
function partial(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(partial);
  if (typeof node !== "object" || node === null) return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => key !== "required")
      .map(([key, value]) => [key === "oneOf" ? "anyOf" : key, partial(value)]),
  );
}

/** A copy of the spec whose `required` lists leave out read-only properties (own, or through allOf and $ref). */
function withoutReadOnlyRequired(spec: Spec): Spec {
  const copy = structuredClone(spec) as unknown as JsonObject;
  const resolve = (node: JsonObject): JsonObject => {
    const ref = node.$ref;
    if (typeof ref !== "string" || !ref.startsWith("#/")) return node;
    return ref.slice(2).split("/").reduce<any>((at, key) => at?.[key], copy) ?? node;
  };
  const readOnlyProperties = (node: JsonObject): Set<string> => {
    const schema = resolve(node);
    const names = new Set<string>();
    for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, JsonObject>)) if (resolve(property).readOnly === true) names.add(name);
    for (const member of (schema.allOf ?? []) as JsonObject[]) for (const name of readOnlyProperties(member)) names.add(name);
    return names;
  };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== "object" || node === null) return;
    const schema = node as JsonObject;
    Object.values(schema).forEach(visit);
    if (Array.isArray(schema.required)) {
      const readOnly = readOnlyProperties(schema);
      schema.required = (schema.required as string[]).filter((name) => !readOnly.has(name));
    }
  };
  visit(copy);
  return copy as unknown as Spec;
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

/**
 * OpenAPI 3.0 lets `nullable: true` admit null even where an `enum` lists only strings (Hetzner's image and
 * ISO `architecture`); ajv applies the enum to null as well, so null joins such enums.
 */
function allowNullInNullableEnums(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(allowNullInNullableEnums);
  if (typeof node !== "object" || node === null) return;
  const schema = node as JsonObject;
  if (schema.nullable === true && Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
  for (const [key, value] of Object.entries(schema)) if (!NOT_SCHEMAS.has(key)) allowNullInNullableEnums(value);
}

const escapePointer = (segment: string) => segment.replace(/~/g, "~0").replace(/\//g, "~1");
const pointer = (...segments: (string | number)[]) => `${SPEC_ID}#/${segments.map((s) => escapePointer(String(s))).join("/")}`;
const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** Response ranges are spelt `4XX` in OpenAPI 3 but `4xx` in some specs (Hetzner's): one spelling from here on. */
function normaliseResponseRanges(spec: Spec): void {
  for (const item of Object.values(spec.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method) || !operation.responses) continue;
      operation.responses = Object.fromEntries(Object.entries(operation.responses).map(([key, value]) => [/^[1-5]xx$/i.test(key) ? key.toUpperCase() : key, value]));
    }
  }
}

/** Query parameters as a server parses them: a repeated key (`id=1&id=2`) is an array. */
export function parseQuery(search: string | URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(search)) {
    const previous = query[key];
    query[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return query;
}

/** A request as the server saw it. `body` undefined: none was sent; `UNREAD_BODY`: one was sent, its content is unknown. */
export interface CheckedRequest {
  method: string;
  /** Without the query string, relative to the spec's server URL. */
  path: string;
  query?: Record<string, unknown>;
  body?: unknown;
}

export const UNREAD_BODY = Symbol("a body whose content was not read");

const describeErrors = (errors: ValidateFunction["errors"]) =>
  (errors ?? []).map((e) => `  ${e.instancePath || "/"} ${e.message}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ""}`).join("\n");

export class OpenApiContract {
  private readonly spec: Spec;
  private readonly ajv: Ajv;
  /** For PATCH bodies under `partialPatch`. */
  private readonly patchAjv?: Ajv;
  private readonly patchValidators = new Map<string, ValidateFunction>();
  /** Parameters arrive as strings: this instance coerces them to the documented types (`"5"` to 5, `"1"` to `[1]`). */
  private readonly parameterAjv: Ajv;
  /** Request bodies: `this.ajv`, or with `readOnlyRequiredInResponsesOnly` one over the spec without read-only `required`. */
  private readonly requestAjv: Ajv;
  private readonly requestValidators: Map<string, ValidateFunction>;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly parameterValidators = new Map<string, ValidateFunction>();
  private readonly templates: { template: string; pattern: RegExp; params: number }[];

  constructor(
    specFile: string,
    private readonly options: ContractOptions = {},
  ) {
    this.spec = JSON.parse(fs.readFileSync(specFile, "utf8")) as Spec;
    normaliseResponseRanges(this.spec);
    allowNullInNullableEnums(this.spec.paths);
    if (options.forbidUndocumentedProperties) closeObjects(this.spec.paths);
    const makeAjv = (coerceTypes: false | "array", spec: unknown = this.spec) => {
      const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, coerceTypes });
      addFormats(ajv);
      ajv.addFormat("decimal", /^-?\d+(\.\d+)?$/);
      ajv.addSchema(spec as JsonObject, SPEC_ID);
      return ajv;
    };
    this.ajv = makeAjv(false);
    this.parameterAjv = makeAjv("array");
    if (options.partialPatch) this.patchAjv = makeAjv(false, partial(this.spec));
    this.requestAjv = options.readOnlyRequiredInResponsesOnly ? makeAjv(false, withoutReadOnlyRequired(this.spec)) : this.ajv;
    this.requestValidators = this.requestAjv === this.ajv ? this.validators : new Map();
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

  /** Whether the spec documents `path` for `method` (some families' requests reach paths their spec subset lacks). */
  documents(method: string, path: string): boolean {
    return this.templates.some(({ template, pattern }) => pattern.test(path) && this.spec.paths[template][method.toLowerCase()] !== undefined);
  }

  /**
   * Fails unless the request matches an operation: the path is documented for the method, every path
   * and query parameter is declared by the operation with a valid value (required ones present), and
   * the body validates against the operation's request body (no body where it documents none).
   */
  assertRequest({ method, path, query = {}, body }: CheckedRequest): void {
    const problems = this.requestProblems({ method, path, query, body });
    if (problems.length) throw new Error(`${method} ${path}${Object.keys(query).length ? `?${new URLSearchParams(query as Record<string, string>)}` : ""} breaks the contract:\n${problems.join("\n")}`);
  }

  /** What is wrong with the request (empty when it matches its operation). */
  requestProblems({ method, path, query = {}, body }: CheckedRequest): string[] {
    let template: string;
    try {
      template = this.template(method, path);
    } catch (error) {
      return [(error as Error).message];
    }
    const lower = method.toLowerCase();
    const operation = this.spec.paths[template][lower];
    const problems: string[] = [];

    const validateParameters = this.parametersValidator(template, lower, operation);
    // A copy: coercion rewrites the values it checks.
    const parameters = { path: this.pathParameters(template, path), query: structuredClone(query) };
    if (!validateParameters(parameters)) problems.push(`parameters of ${method} ${template}:\n${describeErrors(validateParameters.errors)}`);

    // A JSON body, or the fields of a multipart form (as the emulator's log keeps them).
    const content = operation.requestBody?.content;
    const mediaType = ["application/json", "multipart/form-data"].find((type) => content?.[type]?.schema);
    const schema = mediaType && content![mediaType].schema;
    // A text body (a zone file) arrives as a string, for an operation that documents one.
    const textBody = typeof body === "string" && content?.["text/plain"] !== undefined;
    if (this.options.schemalessBodyIsAny && content !== undefined && mediaType === undefined) {
      // Any body or none (see ContractOptions).
    } else if (body === undefined) {
      if (operation.requestBody?.required) problems.push(`${method} ${template} requires a JSON body, none was sent`);
    } else if (textBody) {
      return problems;
    } else if (!operation.requestBody) {
      problems.push(`${method} ${template} takes no request body, got ${body === UNREAD_BODY ? "one" : JSON.stringify(body)}`);
    } else if (!schema) {
      problems.push(`${method} ${template} documents no JSON request body`);
    } else if (body !== UNREAD_BODY) {
      const ref = pointer("paths", template, lower, "requestBody", "content", mediaType!, "schema");
      const validate = lower === "patch" && this.patchAjv ? this.validator(ref, this.patchAjv, this.patchValidators) : this.validator(ref, this.requestAjv, this.requestValidators);
      const ignored = new Set(this.options.responseOnlyRequired);
      const errors = validate(body) ? [] : (validate.errors ?? []).filter((e) => !(e.keyword === "required" && ignored.has((e.params as { missingProperty: string }).missingProperty)));
      if (errors.length) problems.push(`request body of ${method} ${template}:\n${describeErrors(errors)}\nbody: ${JSON.stringify(body)}`);
    }
    return problems;
  }

  /** Fails unless `status` is documented for the operation and `body` (undefined = empty) matches its schema. */
  assertResponse(method: string, path: string, status: number, body: unknown): void {
    const template = this.template(method, path);
    const responses = this.spec.paths[template][method.toLowerCase()].responses;
    const key = [String(status), `${Math.floor(status / 100)}XX`, "default"].find((k) => responses[k]);
    if (!key) throw new Error(`${method} ${template}: status ${status} is not documented`);

    const content = responses[key].content;
    if (!content) {
      if (body !== undefined && !(this.options.undocumentedErrorBodies && status >= 400)) throw new Error(`${method} ${template} ${status}: no body documented, got ${JSON.stringify(body)}`);
      return;
    }
    if (!content["application/json"] && content["text/plain"]) {
      if (typeof body !== "string") throw new Error(`${method} ${template} ${status}: a text/plain body is documented, got ${JSON.stringify(body)}`);
      return;
    }
    const validate = this.validator(pointer("paths", template, method.toLowerCase(), "responses", key, "content", "application/json", "schema"));
    if (!validate(body)) {
      throw new Error(`${method} ${path} ${status} does not match ${template} response ${key}:\n${describeErrors(validate.errors)}\nbody: ${JSON.stringify(body)}`);
    }
  }

  private pathParameters(template: string, path: string): Record<string, string> {
    const names = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    const values = new RegExp(`^${template.replace(/\{[^}]+\}/g, "([^/]+)")}$`).exec(path)!.slice(1);
    return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(values[i])]));
  }

  /** One schema for all parameters of an operation: `{ path: {...}, query: {...} }`, undeclared ones refused. */
  private parametersValidator(template: string, method: string, operation: Operation): ValidateFunction {
    const key = `${method} ${template}`;
    let validate = this.parameterValidators.get(key);
    if (!validate) {
      const group = (where: "path" | "query") => {
        const declared = (operation.parameters ?? []).map((parameter, index) => ({ parameter, index })).filter(({ parameter }) => parameter.in === where);
        return {
          type: "object",
          properties: Object.fromEntries(declared.map(({ parameter, index }) => [parameter.name, parameter.schema ? { $ref: pointer("paths", template, method, "parameters", index, "schema") } : {}])),
          required: declared.filter(({ parameter }) => parameter.required).map(({ parameter }) => parameter.name),
          additionalProperties: false,
        };
      };
      validate = this.parameterAjv.compile({ type: "object", properties: { path: group("path"), query: group("query") } });
      this.parameterValidators.set(key, validate);
    }
    return validate;
  }

  private validator(ref: string, ajv = this.ajv, cache = this.validators): ValidateFunction {
    let validate = cache.get(ref);
    if (!validate) {
      validate = ajv.compile({ $ref: ref });
      cache.set(ref, validate);
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
    const parsed = text === "" ? undefined : response.headers.get("content-type")?.startsWith("text/plain") ? text : JSON.parse(text);
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
