/**
 * The `__provider` object Pulumi serializes into every resource's state (twice: inputs and outputs). It
 * is deliberately tiny and stateless: it carries only the kind string, and each call `require`s the
 * implementation from this package inside the provider process, so no client, token or config is ever
 * captured, and fixes to the package apply to existing stacks without replacing anything.
 *
 * Pulumi wraps each serialized function in ~170 bytes, so the seven methods share two functions (under
 * 1 KB in all) and the package tells the host's calls apart by their arguments (`shimCall` in
 * provider/index.ts). Stacks with the older shim (a closure per method) keep working: the package still
 * serves `resource(kind)` and `configure`.
 */
import type * as pulumi from "@pulumi/pulumi";

interface Shim {
  kind: string;
}

// `function`s, not arrows: the host calls them as methods, so they read the kind from `this` and capture nothing.
/** configure, check, diff, create and read. */
function call(this: Shim) {
  return require("pulumi-dns-cloud/provider").shimCall(this.kind, false, arguments);
}
/** update and delete (their arguments are those of diff and read). */
function change(this: Shim) {
  return require("pulumi-dns-cloud/provider").shimCall(this.kind, true, arguments);
}

const shims = new Map<string, pulumi.dynamic.ResourceProvider>();

/** One shim per resource kind, made once (Pulumi caches each provider object's serialization). */
export function providerShim(kind: string): pulumi.dynamic.ResourceProvider {
  let shim = shims.get(kind);
  if (!shim) {
    const methods = { configure: call, check: call, diff: call, create: call, read: call, update: change, delete: change };
    shim = { kind, ...methods } as unknown as pulumi.dynamic.ResourceProvider;
    shims.set(kind, shim);
  }
  return shim;
}
