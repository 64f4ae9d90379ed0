/** What every resource implementation offers the shim, and the helpers their lifecycles share. */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { CheckFailure, isUnknown } from "./inputs";

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

export interface CheckedName {
  /** `name` (the program's, or an autoname) plus `__autonamePrefix`, to spread into the checked inputs. */
  fields: Props;
  /** The program left the name to us. */
  autonamed: boolean;
}

/**
 * check() of a `name` input: the program's name, else an autoname that keeps `previous` once chosen
 * (pass undefined to draw a fresh one, e.g. for a create-before-delete replacement).
 */
export function checkName(news: Props, previous: unknown, failures: CheckFailure[], maxLength?: number): CheckedName {
  const autonamed = news.name === undefined || news.name === null || news.name === "";
  const name = autonamed ? autoname(news.__autonamePrefix, previous) : news.name;
  if (!isUnknown(name) && (typeof name !== "string" || (maxLength !== undefined && name.length > maxLength))) {
    const limit = maxLength === undefined ? "" : ` of at most ${maxLength} characters`;
    failures.push({ property: "name", reason: `name must be a string${limit}` });
  }
  const fields: Props = { name };
  if (news.__autonamePrefix !== undefined) fields.__autonamePrefix = news.__autonamePrefix;
  return { fields, autonamed };
}
