/**
 * hcloud.UploadedCertificate: a certificate chain and its private key, uploaded as they are. The PEM is
 * parsed and the key checked against the leaf before any request; changes of either are compared by
 * what they mean (fingerprints, key digest), so re-spelt PEM never replaces anything. The private key
 * never leaves the provider except in the upload: it is not in any message, and the SDK marks it secret.
 */
import { CheckFailure, containsUnknown, isUnknown } from "../core/inputs";
import { keyMatchesCertificate, normalisePem, parseCertificateChain, ParsedChain, parsePrivateKey, privateKeyDigest } from "../core/pem";
import { replaceOrder } from "../core/lifecycle";
import { ownedLabels, Props, ResourceImplementation } from "../core/resource";
import { Certificate } from "./api/certificates";
import {
  baseOutputs,
  checkNameAndLabels,
  convergeNameAndLabels,
  nameOrLabelsChanged,
  removeCertificate,
} from "./certificate-common";
import { DEFAULT_ENDPOINT, hcloudClient } from "./client";
import { withCredentials } from "../core/credentials";

export interface UploadedCertificateInputs {
  name: string;
  labels: Record<string, string>;
  certificate: string;
  privateKey: string;
}

export interface UploadedCertificateOutputs extends UploadedCertificateInputs {
  certificateId: number;
  fingerprint: string;
  notValidBefore: string;
  notValidAfter: string;
  domainNames: string[];
  usedBy: Array<{ id: number; type: string }>;
  created: string;
}

// ---- check -------------------------------------------------------------------------------------

export async function check(olds: Props, news: Props) {
  const failures: CheckFailure[] = [];
  const inputs = checkNameAndLabels(olds, news, failures, [
    containsUnknown(news.certificate) ? news.certificate : chainKey(news.certificate),
    containsUnknown(news.privateKey) ? news.privateKey : keyKey(news.privateKey),
  ]);
  inputs.certificate = news.certificate;
  inputs.privateKey = news.privateKey;

  let chain: ParsedChain | undefined;
  if (!isUnknown(news.certificate)) {
    if (typeof news.certificate !== "string" || news.certificate.trim() === "") {
      failures.push({ property: "certificate", reason: "certificate is required: the PEM certificate, followed by its chain" });
    } else {
      try {
        chain = parseCertificateChain(news.certificate);
      } catch (error) {
        failures.push({ property: "certificate", reason: `certificate ${(error as Error).message}` });
      }
    }
  }
  let keyOk = false;
  if (!isUnknown(news.privateKey)) {
    if (typeof news.privateKey !== "string" || news.privateKey.trim() === "") {
      failures.push({ property: "privateKey", reason: "privateKey is required: the PEM private key of the certificate" });
    } else {
      try {
        parsePrivateKey(news.privateKey);
        keyOk = true;
      } catch (error) {
        failures.push({ property: "privateKey", reason: `privateKey ${(error as Error).message}` });
      }
    }
  }
  if (chain && keyOk && !keyMatchesCertificate(chain, news.privateKey)) {
    failures.push({
      property: "privateKey",
      reason: `privateKey does not belong to the certificate (the first certificate of the chain, ${chain.certificates[0].subject.replace(/\n/g, ", ")})`,
    });
  }
  return { inputs, failures };
}

// ---- diff --------------------------------------------------------------------------------------

/** Fingerprints of the chain, or the text itself when it does not parse (then any change counts). */
function chainKey(pem: unknown): string {
  try {
    return parseCertificateChain(pem as string).fingerprints.join(",");
  } catch {
    return `unparsed:${String(pem)}`;
  }
}

function keyKey(pem: unknown): string {
  try {
    return privateKeyDigest(pem as string);
  } catch {
    return `unparsed:${String(pem)}`;
  }
}

export async function diff(_id: string, olds: Props, news: Props) {
  const replaces: string[] = [];
  if (containsUnknown(news.certificate) || chainKey(olds.certificate) !== chainKey(news.certificate)) replaces.push("certificate");
  if (containsUnknown(news.privateKey) || keyKey(olds.privateKey) !== keyKey(news.privateKey)) replaces.push("privateKey");
  const changes = replaces.length > 0 || nameOrLabelsChanged(olds, news);
  return { changes, ...replaceOrder(replaces, news) };
}

// ---- create / read / update / delete -----------------------------------------------------------

function outputsOf(certificate: Certificate, privateKey: string): UploadedCertificateOutputs {
  return { ...baseOutputs(certificate), domainNames: certificate.domainNames, privateKey } as UploadedCertificateOutputs;
}

export async function create(inputs: Props) {
  const client = hcloudClient(inputs);
  const { value: created } = await client.certificates.create({
    type: "uploaded",
    name: inputs.name,
    labels: ownedLabels(inputs.labels, inputs.__owner),
    certificate: normalisePem(inputs.certificate),
    privateKey: normalisePem(inputs.privateKey),
  });
  // No Action: an uploaded certificate is complete when the POST returns.
  return { id: String(created.id), outs: outputsOf(created, inputs.privateKey) };
}

export async function read(id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
  const live = await hcloudClient(props).certificates.find(Number(id));
  if (!live) return { id: "", props: {} };
  const outs = outputsOf(live, props.privateKey);
  return { id, props: outs, inputs: { name: outs.name, labels: outs.labels, certificate: outs.certificate, privateKey: props.privateKey } };
}

/** Only name and labels change in place (certificate and key replace); converges on the live certificate. */
export async function update(id: string, _olds: Props, news: Props) {
  const live = await convergeNameAndLabels(await hcloudClient(news).certificates.get(Number(id)), news);
  return { outs: outputsOf(live, news.privateKey) };
}

export async function remove(id: string, props: Props = {}) {
  await removeCertificate(id, props);
}

export const uploadedCertificate: ResourceImplementation = withCredentials({ check, diff, create, read, update, delete: remove }, DEFAULT_ENDPOINT);
