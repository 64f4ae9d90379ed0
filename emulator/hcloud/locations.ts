/**
 * Locations (read-only constants, not state): the places Servers live and Floating IPs are homed.
 */
import type { FastifyInstance } from "fastify";
import { idParam, notFound, queryValue, type Query } from "../hetzner/conventions";
import { paginate, sortItems } from "../hetzner/lists";

export interface Location {
  id: number;
  name: string;
  description: string;
  country: string;
  city: string;
  latitude: number;
  longitude: number;
  network_zone: string;
}

export const LOCATIONS: readonly Location[] = [
  { id: 1, name: "fsn1", description: "Falkenstein DC Park 1", country: "DE", city: "Falkenstein", latitude: 50.47612, longitude: 12.370071, network_zone: "eu-central" },
  { id: 2, name: "nbg1", description: "Nuremberg DC Park 1", country: "DE", city: "Nuremberg", latitude: 49.452102, longitude: 11.076665, network_zone: "eu-central" },
  { id: 3, name: "hel1", description: "Helsinki DC Park 1", country: "FI", city: "Helsinki", latitude: 60.169855, longitude: 24.938379, network_zone: "eu-central" },
  { id: 4, name: "ash", description: "Ashburn, VA", country: "US", city: "Ashburn, VA", latitude: 39.045821, longitude: -77.487073, network_zone: "us-east" },
  { id: 5, name: "hil", description: "Hillsboro, OR", country: "US", city: "Hillsboro, OR", latitude: 45.54222, longitude: -122.951924, network_zone: "us-west" },
  { id: 6, name: "sin", description: "Singapore", country: "SG", city: "Singapore", latitude: 1.283333, longitude: 103.833333, network_zone: "ap-southeast" },
];

/** A Location by id (number or numeric string) or name, as `home_location` accepts either. */
export function findLocation(idOrName: unknown): Location | undefined {
  if (typeof idOrName === "number") return LOCATIONS.find((l) => l.id === idOrName);
  if (typeof idOrName !== "string") return undefined;
  return LOCATIONS.find((l) => l.name === idOrName || (/^\d+$/.test(idOrName) && l.id === Number(idOrName)));
}

export function locationByName(name: string): Location {
  const location = LOCATIONS.find((l) => l.name === name);
  if (!location) throw new Error(`emulator: unknown location ${name}`);
  return location;
}

export async function locationRoutes(app: FastifyInstance): Promise<void> {
  app.get("/locations", async (request, reply) => {
    const query = request.query as Query;
    const name = queryValue(query, "name");
    const matching = LOCATIONS.filter((l) => name === undefined || l.name === name);
    return paginate(request, reply, sortItems(matching, query, { id: (l) => l.id, name: (l) => l.name }), "locations");
  });

  app.get<{ Params: { id: string } }>("/locations/:id", async (request) => {
    const id = idParam(request.params.id, "location");
    const location = LOCATIONS.find((l) => l.id === id);
    if (!location) throw notFound("location");
    return { location };
  });
}
