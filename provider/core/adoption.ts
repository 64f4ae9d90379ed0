/**
 * Adoption: taking over an object that already exists instead of creating one. `pulumi import` and the
 * `import` option do not reach dynamic providers (the engine reads without `__provider`,
 * pulumi/pulumi#16175), so every resource kind takes an `adopt` input instead:
 *   adopt: { id }            the id `get()` and `pulumi stack export` show, or
 *   adopt: { <natural key> } where the kind has one (a firewall's or zone's name …), looked up first.
 * Create then reads the object (the kind's own read), brings it to the declared state through the kind's
 * own update (which converges on live state) and reports what that changed. `adopt` matters only to
 * create: it never causes a diff, and the outputs do not carry it.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { currentResourceUrn, reportLine } from "../host/log";
import { canonicalJson, containsUnknown, isUnknown } from "./inputs";
import { partialFailure, Props, ResourceImplementation } from "./resource";

export const ADOPT = "adopt";

/** A kind's natural key: the properties that name one object, and how to find the objects they name. */
export interface AdoptionKey {
  properties: string[];
  /** The ids of the objects the key names (props: the create's inputs, for the client and the zone). */
  find(key: Props, props: Props): Promise<string[]>;
}

export interface AdoptionOptions {
  key?: AdoptionKey;
  /**
   * The kind's name input, for kinds that autoname: an adopted object keeps the name it has only when the
   * program says which, so adopting without `name` must name it in the key, or check refuses (an autoname
   * would rename it).
   */
  nameProperty?: string;
  /** For kinds the API cannot create (images): check refuses a create without `adopt`, with this reason. */
  adoptOnly?: string;
}

const without = (props: Props, key: string): Props => {
  const { [key]: _dropped, ...rest } = props;
  return rest;
};

const describeKey = (adopt: Props) =>
  Object.entries(adopt)
    .map(([key, value]) => `${key} ${JSON.stringify(value)}`)
    .join(", ");

/** What is wrong with an `adopt` value (short reasons), given the kind's natural key. */
export function adoptProblems(value: unknown, key: AdoptionKey | undefined): string[] {
  if (value === undefined || value === null || isUnknown(value)) return [];
  const forms = ["{ id }", ...(key ? [`{ ${key.properties.join(", ")} }`] : [])].join(" or ");
  if (typeof value !== "object" || Array.isArray(value)) return [`adopt must be ${forms}`];
  const given = Object.keys(value as Props).sort();
  const byId = given.length === 1 && given[0] === "id";
  const byKey = key !== undefined && canonicalJson(given) === canonicalJson([...key.properties].sort());
  if (!byId && !byKey) return [`adopt must be ${forms}, got { ${given.join(", ")} }`];
  const problems: string[] = [];
  for (const [property, part] of Object.entries(value as Props)) {
    if (isUnknown(part)) continue;
    const ok = (typeof part === "string" && part.trim() !== "") || (property === "id" && Number.isSafeInteger(part) && (part as number) > 0);
    if (!ok) problems.push(`adopt.${property} must be a non-empty ${property === "id" ? "id" : "string"}`);
  }
  return problems;
}

/** The `adopt` input around a kind's implementation (see the file comment). */
export function withAdoption(kind: string, implementation: ResourceImplementation, options: AdoptionOptions = {}): ResourceImplementation {
  const { key, nameProperty, adoptOnly } = options;

  async function resolveId(adopt: Props, props: Props): Promise<string> {
    if (adopt.id !== undefined) return String(adopt.id);
    const ids = await key!.find(adopt, props);
    if (ids.length === 1) return ids[0];
    if (!ids.length) throw new Error(`${kind}: adopt: no object with ${describeKey(adopt)} exists: fix adopt, or remove it to create one`);
    throw new Error(`${kind}: adopt: ${ids.length} objects have ${describeKey(adopt)} (ids ${ids.join(", ")}): adopt one by { id }`);
  }

  return {
    async check(olds, news) {
      const adopt = news[ADOPT];
      const failures = adoptProblems(adopt, key).map((reason) => ({ property: ADOPT, reason }));
      let forCheck = without(news, ADOPT);
      const adopting = adopt !== undefined && adopt !== null;
      // No old inputs: a create (or a replacement), which only adoption can do for such a kind.
      if (adoptOnly && !adopting && Object.keys(olds).length === 0) failures.push({ property: ADOPT, reason: adoptOnly });
      if (adopting && nameProperty && (forCheck[nameProperty] === undefined || forCheck[nameProperty] === null)) {
        // Keep the adopted object's name: the key names it; an id does not, and an autoname would rename it.
        if (typeof adopt === "object" && adopt[nameProperty] !== undefined) forCheck = { ...forCheck, [nameProperty]: adopt[nameProperty] };
        else if (!failures.length) failures.push({ property: nameProperty, reason: `${nameProperty} is required when adopting by id: set it to the object's name to keep it (an autoname would rename it)` });
      }
      const result = await implementation.check(olds, forCheck);
      const inputs = { ...(result.inputs ?? {}) };
      if (adopting) inputs[ADOPT] = adopt;
      return { inputs, failures: [...(result.failures ?? []), ...failures] } as dynamic.CheckResult;
    },

    diff: (id, olds, news) => implementation.diff(id, without(olds, ADOPT), without(news, ADOPT)),

    async create(inputs) {
      const adopt = inputs[ADOPT];
      const props = without(inputs, ADOPT);
      if (adopt === undefined || adopt === null) return implementation.create(props);
      if (containsUnknown(adopt)) throw new Error(`${kind}: adopt is not known yet`);
      const id = await resolveId(adopt, props);
      const found = await implementation.read(id, props).catch((error: Error) => {
        throw new Error(`${kind}: adopt ${describeKey(adopt)}: ${error.message}`);
      });
      if (!found.id) throw new Error(`${kind}: adopt: ${describeKey(adopt)} does not exist: fix adopt, or remove it to create one`);
      const before = found.props ?? {};
      let outs: Props;
      try {
        ({ outs } = await implementation.update(found.id, before, props));
      } catch (error) {
        // The object is the program's now: record it, so the next `up` finishes what this one could not.
        if ((error as { id?: string }).id) throw error;
        throw partialFailure(`${kind}: adopted ${found.id}, but bringing it to the declared state failed: ${(error as Error).message}`, found.id, before, props);
      }
      const changed = Object.keys({ ...before, ...outs })
        .filter((name) => !name.startsWith("__") && canonicalJson(before[name] ?? null) !== canonicalJson(outs[name] ?? null))
        .sort();
      reportLine(`adopted ${found.id}${changed.length ? `; changed ${changed.join(", ")}` : ", already as declared"}`, currentResourceUrn());
      return { id: found.id, outs };
    },

    read: (id, props) => implementation.read(id, without(props, ADOPT)),
    update: (id, olds, news) => implementation.update(id, without(olds, ADOPT), without(news, ADOPT)),
    delete: (id, props) => implementation.delete(id, without(props, ADOPT)),
  };
}
