/**
 * The `__provider` object Pulumi serializes into every resource's state. It is deliberately tiny and
 * stateless: each method `require`s the implementation from this package inside the provider process
 * at call time, so no client, token or config is ever captured, and fixes to the package apply to
 * existing stacks without replacing anything. One shim per resource kind, created once.
 */
import type * as pulumi from "@pulumi/pulumi";

const shims = new Map<string, pulumi.dynamic.ResourceProvider>();

export function providerShim(kind: string): pulumi.dynamic.ResourceProvider {
  let shim = shims.get(kind);
  if (!shim) {
    // Only `kind` (a string) is captured; the package is resolved by name from the program's folder.
    shim = {
      configure: async (req) => require("pulumi-dns-cloud/provider").configure(req),
      check: (olds, news) => require("pulumi-dns-cloud/provider").resource(kind).check(olds, news),
      diff: (id, olds, news) => require("pulumi-dns-cloud/provider").resource(kind).diff(id, olds, news),
      create: (inputs) => require("pulumi-dns-cloud/provider").resource(kind).create(inputs),
      read: (id, props) => require("pulumi-dns-cloud/provider").resource(kind).read(id, props),
      update: (id, olds, news) => require("pulumi-dns-cloud/provider").resource(kind).update(id, olds, news),
      delete: (id, props) => require("pulumi-dns-cloud/provider").resource(kind).delete(id, props),
    };
    shims.set(kind, shim);
  }
  return shim;
}
