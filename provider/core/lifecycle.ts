/**
 * The lifecycle kit: what every resource repeats around its API calls. Settle the Actions a step
 * starts, run the follow-ups of a create so that nothing the API accepted is ever lost, and decide
 * whether an object found under our name may be taken over as the one a create made.
 */
import { ActionState, ActionWaiter, waitSettled } from "./actions";
import { reasonOf } from "./errors";
import { sameValue } from "./inputs";
import { OWNER_LABEL, partialFailure, Props } from "./resource";

/** Marks every follow-up as undone: an error that cannot be pinned on one step. */
export const EVERY_STEP = "*";

/**
 * Runs the steps of a create or update and collects their failures instead of throwing: an HTTP error
 * of the request or a failed Action both count against the step's command (the Action's name).
 */
export class Settler {
  readonly errors: Error[] = [];
  readonly failed = new Set<string>();
  /** Steps sent so far: none means the object is as the last request answered. */
  steps = 0;

  constructor(
    private readonly waiter: ActionWaiter,
    readonly resource: string,
  ) {}

  /** Sends one step (`command` names it when its request fails) and waits for its Actions. */
  async step(command: string, started: Promise<ActionState[]> | ActionState[]): Promise<void> {
    this.steps++;
    let actions: ActionState[];
    try {
      actions = await started;
    } catch (error) {
      this.fail(command, error);
      return;
    }
    const result = await waitSettled(this.waiter, actions, { resource: this.resource });
    this.errors.push(...result.errors);
    result.failedCommands.forEach((c) => this.failed.add(c));
  }

  fail(command: string, error: unknown): void {
    this.errors.push(error instanceof Error ? error : new Error(String(error)));
    this.failed.add(command);
  }

  /** One of `commands` (or everything) was left undone. */
  undone(...commands: string[]): boolean {
    return this.failed.has(EVERY_STEP) || commands.some((c) => this.failed.has(c));
  }

  /** The message without failed Actions' fix, for a message that gives its own. */
  get reasons(): string {
    return this.errors.map(reasonOf).join("; ");
  }

  get message(): string {
    return this.errors.map((e) => e.message).join("; ");
  }
}

export interface FollowUps<Live> {
  /** The Pulumi id of what the API created. */
  id: string;
  /** The object as the create answered. */
  created: Live;
  /** Names the object in messages, e.g. `firewall 7 (web)`. */
  resource: string;
  inputs: Props;
  waiter: ActionWaiter;
  /** Everything after the create (Actions, follow-up requests); failures go to the settler. */
  run: (settler: Settler) => Promise<void>;
  /**
   * The live object after the follow-ups; undefined when it is gone. Left out when the create's answer
   * already is the final state (no Action changes what it says), which saves a GET per create.
   */
  read?: () => Promise<Live | undefined>;
  outputs: (live: Live) => Props;
  /** Puts the parts the settler left undone back at their previous values, so the next `up` redoes them. */
  markUndone: (outs: Props, settler: Settler) => void;
  /** Why it failed, when the settler's messages need framing (e.g. a CA's reason). */
  failureMessage?: (live: Live, settler: Settler) => string | undefined;
}

/** The fix for a create that failed after the API accepted it: the resource is recorded, so an update finishes it. */
export const COMPLETES_IT = "the next pulumi up completes it";

/**
 * After the API accepted a create, nothing may lose it: every follow-up runs, the outputs come from the
 * live object, and any failure is thrown as a partialFailure that records the resource (id and
 * outputs), with the undone parts at their previous values.
 */
export async function finishCreate<Live>(f: FollowUps<Live>): Promise<{ id: string; outs: Props }> {
  const settler = new Settler(f.waiter, f.resource);
  try {
    await f.run(settler);
  } catch (error) {
    settler.fail(EVERY_STEP, error);
  }
  let live = f.created;
  try {
    if (f.read) live = (await f.read()) ?? f.created;
  } catch (error) {
    // Without the live object the follow-ups' effect is unknown: record them all as undone.
    settler.fail(EVERY_STEP, error);
  }
  const outs = f.outputs(live);
  const framed = f.failureMessage?.(live, settler);
  if (settler.errors.length || framed) {
    f.markUndone(outs, settler);
    throw partialFailure(framed ?? `${f.resource} was created, but ${settler.reasons}; ${COMPLETES_IT}`, f.id, outs, f.inputs);
  }
  return { id: f.id, outs };
}

// ---- replacement order -------------------------------------------------------------------------

/**
 * The replacement order. Names are unique per project, so the default create-before-delete only works
 * when the name is ours to choose: the engine then checks again without the old inputs, and a new
 * autoname is derived. A name the program fixed is freed first (delete-before-replace), the way
 * Pulumi's bridged providers treat explicit names. `__autonamed` is set by checkName.
 */
export function replaceOrder(replaces: string[], news: Props): { replaces: string[]; deleteBeforeReplace: boolean } {
  return { replaces, deleteBeforeReplace: replaces.length > 0 && news.__autonamed !== true };
}

// ---- taking over an object found under our name -------------------------------------------------

/**
 * How far the API's clock may run behind ours when we compare its `created` with the time we sent the
 * create: `created` has whole seconds and both clocks are NTP-synced, so a minute is ample while it
 * still excludes anything made before the request.
 */
export const CLOCK_SKEW_MS = 60_000;

export interface FoundObject {
  /** The Pulumi id of the object found (a family with numeric ids converts them). */
  id: string;
  name: string;
  created: string;
  labels: Record<string, string>;
}

export interface Claim {
  /** e.g. "firewall", for messages. */
  kind: string;
  /**
   * `answerLost`: the create may have happened but its answer was lost; `nameTaken`: the API refused the
   * name (uniqueness_error), e.g. a create repeated after a hard interrupt.
   */
  how: "answerLost" | "nameTaken";
  /** When the create was first sent (Date.now()). */
  sentAt: number;
  /** The labels the create asked for (the owner label included, when the resource has an owner key). */
  labels: Record<string, string>;
  /** What of the request the found object does not match; empty when it is equal to what was asked. */
  differences: string[];
}

/** Objects taken over in this provider process: `${kind}:${id}`. */
const takenOver = new Set<string>();

/**
 * Takes `found` over as the object this create made, or throws an error naming it. After a lost answer
 * it must be created after the request was sent; after uniqueness_error it must carry our owner label.
 * Either way it must be equal to what was asked.
 */
export function claimFound(found: FoundObject, claim: Claim): void {
  const why: string[] = [];
  const owner = claim.labels[OWNER_LABEL];
  if (claim.how === "answerLost" && !(Date.parse(found.created) >= claim.sentAt - CLOCK_SKEW_MS)) {
    why.push(`it was created (${found.created}) before this request was sent (${new Date(claim.sentAt).toISOString()})`);
  }
  if (claim.how === "nameTaken" && (owner === undefined || found.labels[OWNER_LABEL] !== owner)) {
    why.push(owner === undefined ? "this resource has no owner key to recognise it by" : `it does not carry this resource's owner label ${OWNER_LABEL}`);
  }
  if (claim.differences.length) why.push(`it differs from what was asked in ${claim.differences.join(", ")}`);
  if (why.length) {
    throw new Error(
      `${claim.kind} "${found.name}" already exists (id ${found.id}, created ${found.created}) and is not the one this create made: ${why.join("; ")}. ` +
        `Set another name, or delete or rename ${claim.kind} ${found.id} if it is not needed, then run \`pulumi up\` again`,
    );
  }
  // Only a taken name can be the object being replaced: after a lost answer it is newer than the request.
  if (claim.how === "nameTaken") takenOver.add(`${claim.kind}:${found.id}`);
}

/**
 * The object was taken over by a create in this process, and this is the delete that must spare it
 * (asked once). A replacement that keeps its autoname (`pulumi up --replace` checks again without the
 * old inputs, so the name is derived the same) takes over the very object it replaces; deleting the
 * "old" one would delete the new one.
 */
export function spareTakenOver(kind: string, id: string): boolean {
  return takenOver.delete(`${kind}:${id}`);
}

/** The names of the fields that differ: `[field, asked, found]` compared in canonical form. */
export function differences(pairs: Array<[string, unknown, unknown]>): string[] {
  return pairs.filter(([, asked, found]) => !sameValue(asked, found)).map(([field]) => field);
}
