/**
 * hcloud.ManagedCertificate: a Let's Encrypt certificate Hetzner issues (and renews) for domains on
 * Hetzner DNS. Create waits for the issuance Action. A failed issuance still records the certificate
 * (so nothing is orphaned) with `status.issuance: "failed"`; the next `pulumi up` sees that and retries
 * the issuance in place (`POST …/actions/retry`). Changing `retryIssuance` retries on demand.
 */
import { domainToASCII } from "node:url";
import { ActionState, waitSettled } from "../core/actions";
import { reasonOf } from "../core/errors";
import { CheckFailure, containsUnknown, isUnknown } from "../core/inputs";
import { finishCreate, replaceOrder } from "../core/lifecycle";
import { ownedLabels, partialFailure, Props, ResourceImplementation } from "../core/resource";
import { Certificate, CertificateStatus } from "./api/certificates";
import {
  baseOutputs,
  checkNameAndLabels,
  convergeNameAndLabels,
  describeCertificate,
  nameOrLabelsChanged,
  removeCertificate,
} from "./certificate-common";
import { DEFAULT_ENDPOINT, HcloudClient, hcloudClient } from "./client";
import { withCredentials } from "../core/credentials";

export interface ManagedCertificateInputs {
  name: string;
  labels: Record<string, string>;
  /** Canonical: ASCII (punycode), lower case, no trailing dot, sorted, without duplicates. */
  domainNames: string[];
  retryIssuance?: string | number;
}

export interface ManagedCertificateOutputs extends ManagedCertificateInputs {
  certificateId: number;
  certificate: string | null;
  fingerprint: string | null;
  notValidBefore: string | null;
  notValidAfter: string | null;
  usedBy: Array<{ id: number; type: string }>;
  status: CertificateStatus;
  created: string;
}

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** `Bücher.Example.` → `xn--bcher-kva.example`; `*.` stays in front. undefined when it is no domain name. */
export function canonicalDomain(name: string): string | undefined {
  const trimmed = name.trim().replace(/\.$/, "");
  const wildcard = trimmed.startsWith("*.");
  const ascii = domainToASCII(wildcard ? trimmed.slice(2) : trimmed);
  if (!ascii || ascii.length > 253 || !ascii.includes(".") || !ascii.split(".").every((label) => DNS_LABEL.test(label))) return undefined;
  return (wildcard ? "*." : "") + ascii;
}

function canonicalDomains(names: unknown): string[] | undefined {
  if (!Array.isArray(names)) return undefined;
  const canonical = names.map((n) => (typeof n === "string" ? canonicalDomain(n) : undefined));
  if (canonical.some((n) => n === undefined)) return undefined;
  return [...new Set(canonical as string[])].sort();
}

// ---- check -------------------------------------------------------------------------------------

export async function check(olds: Props, news: Props) {
  const failures: CheckFailure[] = [];
  const inputs = checkNameAndLabels(olds, news, failures, [containsUnknown(news.domainNames) ? news.domainNames : canonicalDomains(news.domainNames) ?? null]);
  const names = news.domainNames;
  if (containsUnknown(names)) {
    inputs.domainNames = names;
  } else if (!Array.isArray(names) || names.length === 0) {
    failures.push({ property: "domainNames", reason: "domainNames must list at least one domain name (e.g. example.com, *.example.com)" });
    inputs.domainNames = names;
  } else {
    for (const name of names) {
      if (typeof name !== "string" || canonicalDomain(name) === undefined) {
        failures.push({ property: "domainNames", reason: `domainNames: ${JSON.stringify(name)} is not a domain name` });
      }
    }
    inputs.domainNames = canonicalDomains(names) ?? names;
  }
  const retry = news.retryIssuance;
  if (retry !== undefined && retry !== null) {
    if (!isUnknown(retry) && typeof retry !== "string" && typeof retry !== "number") {
      failures.push({ property: "retryIssuance", reason: "retryIssuance must be a string or a number (change it to retry the issuance)" });
    }
    inputs.retryIssuance = retry;
  }
  return { inputs, failures };
}

// ---- diff --------------------------------------------------------------------------------------

const trigger = (value: unknown) => (value === undefined || value === null ? "" : String(value));

/** The issuance (or renewal) needs the API's retry: failed, as recorded in state. */
const needsRetry = (status: CertificateStatus | undefined | null) => status?.issuance === "failed";

export async function diff(_id: string, olds: Props, news: Props) {
  const replaces: string[] = [];
  if (containsUnknown(news.domainNames) || JSON.stringify(canonicalDomains(olds.domainNames)) !== JSON.stringify(canonicalDomains(news.domainNames))) {
    replaces.push("domainNames");
  }
  const changes =
    replaces.length > 0 ||
    nameOrLabelsChanged(olds, news) ||
    containsUnknown(news.retryIssuance) ||
    trigger(olds.retryIssuance) !== trigger(news.retryIssuance) ||
    // Not finished in state (a failed issuance, or a wait that timed out): the next update completes it.
    needsRetry(olds.status) ||
    olds.status?.issuance === "pending";
  return { changes, ...replaceOrder(replaces, news) };
}

// ---- create / read / update / delete -----------------------------------------------------------

function outputsOf(certificate: Certificate, inputs: Props): ManagedCertificateOutputs {
  const outs = {
    ...baseOutputs(certificate),
    domainNames: canonicalDomains(certificate.domainNames) ?? certificate.domainNames,
    status: certificate.status ?? { issuance: "pending", renewal: "unavailable" },
  } as ManagedCertificateOutputs;
  if (inputs.retryIssuance !== undefined && inputs.retryIssuance !== null) outs.retryIssuance = inputs.retryIssuance;
  return outs;
}

/** Why the issuance failed, in the CA's words: the failed Actions and the certificate's `status.error`. */
function issuanceFailure(errors: Error[], live: Certificate): string {
  const reasons = errors.map(reasonOf);
  if (live.status?.error) reasons.push(`status.error: ${live.status.error.code}: ${live.status.error.message}`);
  return reasons.join("; ") || `issuance status is ${live.status?.issuance}`;
}

const HINT = "run `pulumi up` again to retry the issuance (fix the DNS first if the CA could not validate it)";

async function settle(client: HcloudClient, actions: ActionState[], live: Certificate) {
  const { errors } = await waitSettled(client.waiter, actions, { resource: describeCertificate(live) });
  return { errors, live: (await client.certificates.find(live.id)) ?? live };
}

export async function create(inputs: Props) {
  const client = hcloudClient(inputs);
  const { value: created, action } = await client.certificates.create({
    type: "managed",
    name: inputs.name,
    labels: ownedLabels(inputs.labels, inputs.__owner),
    domainNames: inputs.domainNames,
  });
  return finishCreate({
    id: String(created.id),
    created,
    resource: describeCertificate(created),
    inputs,
    waiter: client.waiter,
    run: (s) => s.step("create", action ? [action] : []),
    read: () => client.certificates.find(created.id),
    outputs: (live) => outputsOf(live, inputs),
    // The issuance is the only follow-up, and its state is in the live status: nothing to put back.
    markUndone: () => undefined,
    failureMessage: (live, s) =>
      s.failed.has("create_certificate") || needsRetry(live.status)
        ? `${describeCertificate(created)} was created, but its issuance failed: ${issuanceFailure(s.errors, live)}; ${HINT}`
        : undefined,
  });
}

export async function read(id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const live = await hcloudClient(props).certificates.find(Number(id));
  if (!live) return { id: "", props: {} };
  const outs = outputsOf(live, props);
  const inputs: Props = { name: outs.name, labels: outs.labels, domainNames: outs.domainNames };
  if (outs.retryIssuance !== undefined) inputs.retryIssuance = outs.retryIssuance;
  return { id, props: outs, inputs };
}

/**
 * Converges on the live certificate: name and labels by PUT; a running issuance is waited for; a failed
 * one (or a failed renewal when `retryIssuance` changed) is retried and waited for.
 */
export async function update(id: string, olds: Props, news: Props) {
  const client = hcloudClient(news);
  let live = await convergeNameAndLabels(await client.certificates.get(Number(id)), news);
  const triggered = trigger(olds.retryIssuance) !== trigger(news.retryIssuance);
  let errors: Error[] = [];
  if (live.status?.issuance === "pending") ({ errors, live } = await settle(client, await client.certificates.runningActions(live.id), live));
  if (needsRetry(live.status) || (triggered && live.status?.renewal === "failed")) {
    ({ errors, live } = await settle(client, [await client.certificates.retry(live.id)], live));
  }
  const outs = outputsOf(live, news);
  if (errors.length || needsRetry(live.status)) {
    throw partialFailure(`retrying the issuance of ${describeCertificate(live)} failed: ${issuanceFailure(errors, live)}; ${HINT}`, id, outs, news);
  }
  return { outs };
}

export async function remove(id: string, props: Props = {}) {
  await removeCertificate(id, props);
}

export const managedCertificate: ResourceImplementation = withCredentials({ check, diff, create, read, update, delete: remove }, DEFAULT_ENDPOINT);
