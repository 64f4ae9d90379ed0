import * as path from "node:path";

/** Our OpenAPI document of VPS.org DNS, derived from the seed 003 (VPS.org publishes none); see its info.description. */
export const VPSORG_SPEC_FILE = path.resolve(__dirname, "vpsorg.openapi.json");
