/**
 * ISOs (read-only constants, not state): public ISOs a server can boot from. An ISO without an
 * architecture (a "wildcard") fits every server; the `architecture` filter leaves it out unless
 * `include_architecture_wildcard` is true (spec of GET /isos).
 */
import type { FastifyInstance } from "fastify";
import { idParam, invalidInput, notFound, queryValue, type Query } from "../hetzner/conventions";
import { paginate } from "../hetzner/lists";

interface FixtureIso {
  id: number;
  name: string;
  description: string;
  type: "public" | "private";
  architecture: "x86" | "arm" | null;
  deprecation: { announced: string; unavailable_after: string } | null;
}

export const ISOS: readonly FixtureIso[] = [
  { id: 8001, name: "ubuntu-24.04.1-live-server-amd64.iso", description: "Ubuntu 24.04.1 (amd64)", type: "public", architecture: "x86", deprecation: null },
  { id: 8002, name: "ubuntu-24.04.1-live-server-arm64.iso", description: "Ubuntu 24.04.1 (arm64)", type: "public", architecture: "arm", deprecation: null },
  {
    id: 8003,
    name: "FreeBSD-13.2-RELEASE-amd64-dvd1",
    description: "FreeBSD 13.2 x64",
    type: "public",
    architecture: "x86",
    deprecation: { announced: "2024-06-01T00:00:00+00:00", unavailable_after: "2024-09-01T00:00:00+00:00" },
  },
  { id: 8004, name: "virtio-win-0.1.248.iso", description: "virtio-win 0.1.248 drivers", type: "public", architecture: null, deprecation: null },
];

const ARCHITECTURES = ["x86", "arm"];

/** A boolean query parameter (`true`/`false`); absent is false. */
export function booleanParam(query: Query, name: string): boolean {
  const raw = queryValue(query, name);
  if (raw === undefined) return false;
  if (raw !== "true" && raw !== "false") throw invalidInput(name, "must be true or false");
  return raw === "true";
}

export async function isoRoutes(app: FastifyInstance): Promise<void> {
  app.get("/isos", async (request, reply) => {
    const query = request.query as Query;
    const name = queryValue(query, "name");
    const architecture = queryValue(query, "architecture");
    if (architecture !== undefined && !ARCHITECTURES.includes(architecture)) throw invalidInput("architecture", `invalid architecture '${architecture}'`);
    const wildcard = booleanParam(query, "include_architecture_wildcard");
    const matching = ISOS.filter(
      (iso) =>
        (name === undefined || iso.name === name) &&
        (architecture === undefined || iso.architecture === architecture || (wildcard && iso.architecture === null)),
    );
    return paginate(request, reply, matching, "isos");
  });

  app.get<{ Params: { id: string } }>("/isos/:id", async (request) => {
    const id = idParam(request.params.id, "iso");
    const iso = ISOS.find((i) => i.id === id);
    if (!iso) throw notFound("iso");
    return { iso };
  });
}
