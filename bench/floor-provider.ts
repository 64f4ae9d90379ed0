/**
 * The dynamic floor: a resource whose provider does nothing but wait as long as the workload's Actions
 * would. It runs in the same dynamic-provider host and is serialized into state like ours, so the
 * difference between a workload and its floor is what our provider adds to the mechanism itself.
 */
import * as pulumi from "@pulumi/pulumi";

interface FloorInputs {
  /** How long a create waits (the Actions a create of the workload waits for). */
  createWaitMs: number;
  deleteWaitMs: number;
}

// Self-contained: Pulumi serializes these functions into every resource's `__provider`.
const floorProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: FloorInputs) {
    await new Promise((resolve) => setTimeout(resolve, inputs.createWaitMs));
    return { id: `floor-${Math.random().toString(36).slice(2)}`, outs: inputs };
  },
  async delete(_id: string, props: FloorInputs) {
    await new Promise((resolve) => setTimeout(resolve, props.deleteWaitMs));
  },
};

export class FloorResource extends pulumi.dynamic.Resource {
  constructor(name: string, args: FloorInputs) {
    super(floorProvider, name, args, undefined, "bench", "Floor");
  }
}
