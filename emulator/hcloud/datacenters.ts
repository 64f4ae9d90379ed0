/**
 * Datacenters (read-only constants, not state): one virtual datacenter per location, numbered as the API
 * names them (`fsn1-dc14`, …). `server_types` is deprecated in the spec but still required in responses.
 */
import type { FastifyInstance } from "fastify";
import { idParam, invalidInput, notFound, queryValue, type Query } from "../hetzner/conventions";
import { paginate, sortItems } from "../hetzner/lists";
import { locationByName } from "./locations";

interface FixtureDatacenter {
  id: number;
  name: string;
  description: string;
  location: string;
}

export const DATACENTERS: readonly FixtureDatacenter[] = [
  { id: 2, name: "nbg1-dc3", description: "Nuremberg 1 virtual DC 3", location: "nbg1" },
  { id: 3, name: "hel1-dc2", description: "Helsinki 1 virtual DC 2", location: "hel1" },
  { id: 4, name: "fsn1-dc14", description: "Falkenstein 1 virtual DC 14", location: "fsn1" },
  { id: 5, name: "ash-dc1", description: "Ashburn virtual DC 1", location: "ash" },
  { id: 6, name: "hil-dc1", description: "Hillsboro virtual DC 1", location: "hil" },
  { id: 7, name: "sin-dc1", description: "Singapore virtual DC 1", location: "sin" },
];

/** The one server type the emulator's fixture servers have (servers.ts). */
const SERVER_TYPE_IDS = [104];
/** The spec's name pattern for datacenters; another name is `invalid_input` (seed: "When the name does not match the Datacenter name format"). */
const DATACENTER_NAME = /^[a-z0-9]+(-?[a-z0-9]*)*$/;

function render(datacenter: FixtureDatacenter) {
  return {
    id: datacenter.id,
    name: datacenter.name,
    description: datacenter.description,
    location: locationByName(datacenter.location),
    server_types: { supported: SERVER_TYPE_IDS, available: SERVER_TYPE_IDS, available_for_migration: SERVER_TYPE_IDS },
  };
}

export async function datacenterRoutes(app: FastifyInstance): Promise<void> {
  app.get("/datacenters", async (request, reply) => {
    const query = request.query as Query;
    const name = queryValue(query, "name");
    if (name !== undefined && !DATACENTER_NAME.test(name)) throw invalidInput("name", `'${name}' is not a datacenter name`);
    const matching = DATACENTERS.filter((d) => name === undefined || d.name === name);
    const sorted = sortItems(matching, query, { id: (d) => d.id, name: (d) => d.name });
    // `recommendation` is deprecated but required: the emulator recommends Falkenstein.
    return { ...paginate(request, reply, sorted.map(render), "datacenters"), recommendation: 4 };
  });

  app.get<{ Params: { id: string } }>("/datacenters/:id", async (request) => {
    const id = idParam(request.params.id, "datacenter");
    const datacenter = DATACENTERS.find((d) => d.id === id);
    if (!datacenter) throw notFound("datacenter");
    return { datacenter: render(datacenter) };
  });
}
