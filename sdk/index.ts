/** What Pulumi programs import: `import { hcloud } from "pulumi-dns-cloud"`. */
export * as hcloud from "./hcloud";
