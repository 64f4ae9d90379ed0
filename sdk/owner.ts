/**
 * The owner key of a resource: a digest of what its URN is made of (project, stack, type, name and
 * parent). Dynamic providers never see the URN, so the SDK passes this key as the hidden `__owner`
 * input; the provider derives autonames from it and marks every object it creates with it (the owner
 * label), so a create repeated after a hard interrupt recognises its own object.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";

export function ownerKey(kind: string, name: string, opts?: pulumi.CustomResourceOptions): pulumi.Input<string> {
  const digest = (parentUrn: string) =>
    createHash("sha256").update([pulumi.getProject(), pulumi.getStack(), kind, name, parentUrn].join("\n")).digest("hex").slice(0, 32);
  return opts?.parent ? opts.parent.urn.apply(digest) : digest("");
}
