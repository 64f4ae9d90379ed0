/** What every resource implementation offers the shim, and the helpers their lifecycles share. */
import type * as dynamic from "@pulumi/pulumi/dynamic";

export type Props = Record<string, any>;

export interface ResourceImplementation {
  check(olds: Props, news: Props): Promise<dynamic.CheckResult>;
  diff(id: string, olds: Props, news: Props): Promise<dynamic.DiffResult>;
  create(inputs: Props): Promise<dynamic.CreateResult>;
  read(id: string, props: Props): Promise<dynamic.ReadResult>;
  update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult>;
  delete(id: string, props: Props): Promise<void>;
}

/**
 * An error that still records the resource: the engine stores `id` and `properties` (ErrorResourceInitFailed),
 * so nothing created is orphaned and the next `pulumi up` continues from what really exists.
 * `properties` must carry `__provider`, or later operations on the resource could not find their provider.
 */
export function partialFailure(message: string, id: string, outputs: Props, inputs: Props): Error {
  return Object.assign(new Error(message), {
    id,
    properties: { ...outputs, __provider: inputs.__provider },
    reasons: [message],
  });
}

/** A name for resources created without one: `<pulumi name>-<7 hex>`, kept once chosen. */
export function autoname(prefix: unknown, previous: unknown): string {
  if (typeof previous === "string" && previous) return previous;
  const base = typeof prefix === "string" && prefix ? prefix : "resource";
  return `${base}-${Math.floor(Math.random() * 0x10000000).toString(16).padStart(7, "0")}`;
}
