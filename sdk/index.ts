/** What Pulumi programs import: `import { hcloud } from "pulumi-dns-cloud"`. */
export * as hcloud from "./hcloud";
/** The `credentials` argument every resource takes (one shape for every family). */
export type { CredentialsArgs } from "./credentials";
