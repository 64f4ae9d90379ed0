/**
 * What hcloud.UploadedCertificate and hcloud.ManagedCertificate share: name and label checks, the
 * outputs every certificate has, rename/relabel and delete (the replacement order is core/lifecycle's).
 */
import { unlessNotFound } from "../core/errors";
import { canonicalJson, CheckFailure, containsUnknown, sameValue } from "../core/inputs";
import { spareTakenOver } from "../core/lifecycle";
import { checkName, checkUserLabels, ownedLabels, OWNER_LABEL, Props, visibleLabels } from "../core/resource";
import { Certificate } from "./api/certificates";
import { hcloudClient } from "./client";

/**
 * Name (autonamed when not given) and labels. `identity` lists what replaces the certificate, so a
 * replacement gets a new autoname.
 */
export function checkNameAndLabels(olds: Props, news: Props, failures: CheckFailure[], identity: unknown[]): Props {
  const { fields } = checkName(news, olds.name, failures, 128, identity);
  return { ...fields, labels: checkUserLabels(news.labels ?? {}, failures) };
}

/** name and labels differ (or are not known yet): an in-place update. */
export function nameOrLabelsChanged(olds: Props, news: Props): boolean {
  if (containsUnknown(news.name) || containsUnknown(news.labels)) return true;
  return olds.name !== news.name || canonicalJson(olds.labels ?? {}) !== canonicalJson(news.labels ?? {});
}

export function baseOutputs(certificate: Certificate): Props {
  return {
    certificateId: certificate.id,
    name: certificate.name,
    labels: visibleLabels(certificate.labels),
    certificate: certificate.certificate,
    fingerprint: certificate.fingerprint,
    notValidBefore: certificate.notValidBefore,
    notValidAfter: certificate.notValidAfter,
    usedBy: certificate.usedBy,
    created: certificate.created,
  };
}

export const describeCertificate = (certificate: { id: number; name: string }) => `certificate ${certificate.id} (${certificate.name})`;

/** PUT only when the live name or labels differ from the wanted ones. */
export async function convergeNameAndLabels(live: Certificate, news: Props): Promise<Certificate> {
  // An object made before owner labels existed gets one with its next PUT; one it already has is kept.
  const labels = ownedLabels(news.labels, live.labels[OWNER_LABEL] ?? news.__owner);
  if (live.name === news.name && sameValue(live.labels, labels)) return live;
  return hcloudClient(news).certificates.update(live.id, { name: news.name, labels });
}

export async function removeCertificate(id: string, props: Props = {}): Promise<void> {
  if (spareTakenOver("certificate", id)) return; // the replacement took this very certificate over
  await unlessNotFound(hcloudClient(props).certificates.delete(Number(id))); // already gone: nothing to do
}
