/**
 * Declarations of live storage boxes (the Hetzner API) and their subaccounts. Passwords are never
 * returned by the API: the program reads each from secret config, and adoption records it without
 * sending it (a later change of it resets the password).
 */
import { visibleLabels } from "../../provider/core/resource";
import { HetznerClient } from "../../provider/hetzner/client";
import { ConfigSecret, Declaration, resourceName } from "./render";

const labelsArg = (labels: Record<string, string>) => (Object.keys(visibleLabels(labels)).length ? visibleLabels(labels) : undefined);

/** Only the settings that are on: every one left out is off. */
function switchedOn<T extends object>(settings: T): Partial<T> | undefined {
  const on = Object.fromEntries(Object.entries(settings).filter(([, value]) => value === true)) as Partial<T>;
  return Object.keys(on).length ? on : undefined;
}

export async function storageBoxes(client: HetznerClient, labelSelector?: string): Promise<Declaration[]> {
  const taken = new Set<string>();
  const declarations: Declaration[] = [];
  for (const box of await client.storageBoxes.list({ labelSelector })) {
    const boxName = resourceName(box.name, taken);
    declarations.push({
      namespace: "hetzner",
      className: "StorageBox",
      resourceName: boxName,
      note: "sshKeys left out: the API never returns them (Hetzner takes them only when a box is created)",
      args: {
        adopt: { name: box.name },
        name: box.name,
        storageBoxType: box.storageBoxType.name,
        location: box.location,
        password: new ConfigSecret(`${boxName}-password`, `the password of storage box ${box.name}`),
        labels: labelsArg(box.labels),
        accessSettings: switchedOn(box.accessSettings),
        // A day left out is every day.
        snapshotPlan: box.snapshotPlan ? Object.fromEntries(Object.entries(box.snapshotPlan).filter(([, value]) => value !== null)) : undefined,
        deleteProtection: box.deleteProtection || undefined,
      },
    });
    for (const sub of await client.subaccounts.list(box.id)) {
      const subName = resourceName(`${boxName}-${sub.name}`, taken);
      declarations.push({
        namespace: "hetzner",
        className: "StorageBoxSubaccount",
        resourceName: subName,
        args: {
          adopt: { name: sub.name },
          storageBoxId: box.id,
          name: sub.name,
          homeDirectory: sub.homeDirectory,
          password: new ConfigSecret(`${subName}-password`, `the password of subaccount ${sub.name} of storage box ${box.name}`),
          accessSettings: switchedOn(sub.accessSettings),
          description: sub.description || undefined,
          labels: labelsArg(sub.labels),
        },
      });
    }
  }
  return declarations;
}
