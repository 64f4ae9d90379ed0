/**
 * `adopt` and `get`, the two ways in for objects that already exist (`pulumi import` does not reach dynamic
 * providers: pulumi/pulumi#16175). `adopt` on a resource's args takes the object over on create and brings
 * it to the declared state; `Class.get(name, id)` reads it into the program without managing it.
 */
import * as pulumi from "@pulumi/pulumi";
import { ResourceCredentialsArgs } from "./credentials";

/** The object's id: the Pulumi id `get()` takes and `pulumi stack export` shows. */
export interface AdoptById {
  id: pulumi.Input<string | number>;
}

/** The object's unique name (a firewall's, a zone's …), looked up first. */
export interface AdoptByName {
  name: pulumi.Input<string>;
}

/** The `adopt` argument: an existing object to take over instead of creating one (create only; never a diff). */
export interface AdoptArgs<Key = never> {
  /**
   * Take over this existing object instead of creating one; the next steps bring it to the declared
   * state and report what changed. Deleting the resource later deletes the object, unless the resource
   * has `retainOnDelete: true`. Ignored after the create.
   */
  adopt?: pulumi.Input<AdoptById | Key>;
}

/** What `get` may be given besides the id: the credentials to read it with. */
export type GetState = ResourceCredentialsArgs;

/** The options of a `get`: the engine reads the object by `id` instead of creating one. */
export const readOptions = (id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions => ({ ...opts, id });
