/**
 * How the Cloudflare spec (a 2024 subset of the record paths) is read, in one place for the contract tests,
 * the e2e request-log check and the unit tests' traffic check.
 */
import { OpenApiContract, specFile, type ContractOptions } from "./openapi";

export const CLOUDFLARE_SPEC = "cloudflare-dns-records.openapi.json";

/** The spec's quirks (see ContractOptions); its objects are composed with allOf/oneOf, so they stay open. */
export const CLOUDFLARE_SPEC_OPTIONS: ContractOptions = {
  schemalessBodyIsAny: true,
  responseOnlyRequired: ["id", "content", "proxiable", "created_on", "modified_on"],
  partialPatch: true,
};

export const cloudflareContract = new OpenApiContract(specFile(CLOUDFLARE_SPEC), CLOUDFLARE_SPEC_OPTIONS);

/**
 * Whether the spec has the path (relative to `/client/v4`). `…/dns_records/usage` is not in the subset, yet
 * fits its `…/dns_records/{dns_record_id}` template.
 */
export const cloudflareDocuments = (method: string, path: string): boolean => cloudflareContract.documents(method, path) && !/\/dns_records\/usage$/.test(path);
