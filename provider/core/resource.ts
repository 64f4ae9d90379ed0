/** What every resource implementation offers the shim, and the helpers their lifecycles share. */
import { createHash } from "node:crypto";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { checkLabels } from "./hetzner";
import { canonicalJson, CheckFailure, containsUnknown, isUnknown, UNKNOWN } from "./inputs";

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

/**
 * The label that marks an object as made by one Pulumi resource: its value is the owner key the SDK
 * derives from what the resource's URN is made of. A repeated create (after a hard interrupt) finds its
 * own object by it. It is hidden from the `labels` input and output, so it never shows as drift.
 */
export const OWNER_LABEL = "pulumi-dns-cloud/owner";

/**
 * A name for resources created without one: `<pulumi name>-<7 hex>`, kept once chosen. The suffix is
 * derived from `seed` (the owner key and the inputs that force a replacement), so preview and up show
 * the same name, a repeated create after an interrupt asks for the same name again, and a replacement,
 * which the engine checks again without the old inputs, still gets a new one.
 */
export function autoname(prefix: unknown, previous: unknown, seed: string): string {
  if (typeof previous === "string" && previous) return previous;
  const base = typeof prefix === "string" && prefix ? prefix : "resource";
  return `${base}-${createHash("sha256").update(`${base}\n${seed}`).digest("hex").slice(0, 7)}`;
}

export interface CheckedName {
  /** `name` (the program's, or an autoname) plus `__autonamePrefix`, `__owner` and `__autonamed`, to spread into the checked inputs. */
  fields: Props;
  /** The program left the name to us. */
  autonamed: boolean;
}

/**
 * check() of a `name` input: the program's name, else an autoname that keeps `previous` once chosen
 * (pass undefined to derive a new one, e.g. for a create-before-delete replacement). `identity` lists
 * the inputs whose change replaces the object: a replacement gets a name of its own.
 */
export function checkName(news: Props, previous: unknown, failures: CheckFailure[], maxLength?: number, identity: unknown[] = []): CheckedName {
  const autonamed = news.name === undefined || news.name === null || news.name === "";
  let name = news.name;
  if (autonamed) {
    // An identity not known yet (preview) gives a name not known yet: `up` will know it.
    const unknownSeed = typeof previous !== "string" && [news.__owner, ...identity].some(containsUnknown);
    name = unknownSeed ? UNKNOWN : autoname(news.__autonamePrefix, previous, canonicalJson([news.__owner ?? null, ...identity]));
  }
  if (!isUnknown(name) && (typeof name !== "string" || (maxLength !== undefined && name.length > maxLength))) {
    const limit = maxLength === undefined ? "" : ` of at most ${maxLength} characters`;
    failures.push({ property: "name", reason: `name must be a string${limit}` });
  }
  const fields: Props = { name };
  if (news.__autonamePrefix !== undefined) fields.__autonamePrefix = news.__autonamePrefix;
  if (news.__owner !== undefined) fields.__owner = news.__owner;
  // Recorded for the replacement order: only a name of ours can be created before the old one goes.
  if (autonamed) fields.__autonamed = true;
  return { fields, autonamed };
}

/** check() of a `labels` input: Hetzner's label rules, and the owner label is ours alone. */
export function checkUserLabels(labels: unknown, failures: CheckFailure[]): unknown {
  const checked = checkLabels(labels, failures);
  if (typeof labels === "object" && labels !== null && OWNER_LABEL in labels) {
    failures.push({ property: "labels", reason: `label "${OWNER_LABEL}" is reserved: pulumi-dns-cloud marks the objects it creates with it; remove it from labels` });
  }
  return checked;
}

/** The labels to send: the program's plus the owner label (when the owner key is known). */
export function ownedLabels(labels: Record<string, string> | undefined, owner: unknown): Record<string, string> {
  return typeof owner === "string" && owner ? { ...(labels ?? {}), [OWNER_LABEL]: owner } : { ...(labels ?? {}) };
}

/** The labels as the program sees them: without the owner label. */
export function visibleLabels(labels: Record<string, string>): Record<string, string> {
  const { [OWNER_LABEL]: _owner, ...rest } = labels;
  return rest;
}
