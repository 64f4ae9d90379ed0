/**
 * PEM certificates and keys, parsed with Node's crypto so that comparisons are of what the PEM means,
 * not how it is spelled: line endings, wrapping and surrounding whitespace never count. Messages
 * never quote the input (it may be a private key).
 */
import { createHash, createPrivateKey, X509Certificate } from "node:crypto";

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

export interface ParsedChain {
  certificates: X509Certificate[];
  /** sha256 fingerprint of each certificate's DER, `ab:cd:…` (the API's spelling). */
  fingerprints: string[];
}

/** Parses a PEM chain (leaf first); throws an Error saying what is wrong. */
export function parseCertificateChain(pem: string): ParsedChain {
  if (typeof pem !== "string") throw new Error("must be a string holding PEM certificates");
  const normalised = pem.replace(/\r\n?/g, "\n");
  const blocks = normalised.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw new Error("holds no PEM certificate (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)");
  if (normalised.replace(PEM_CERTIFICATE, "").trim() !== "") throw new Error("holds text outside the PEM certificate blocks");
  const certificates = blocks.map((block, i) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw new Error(`PEM block ${i + 1} is not a valid X.509 certificate`);
    }
  });
  return { certificates, fingerprints: certificates.map((c) => c.fingerprint256.toLowerCase()) };
}

/** LF line endings, no surrounding whitespace, one final newline: what is sent to an API. */
export function normalisePem(pem: string): string {
  return pem.replace(/\r\n?/g, "\n").trim() + "\n";
}

/** Parses a PEM private key (any type Node reads); throws without quoting the key. */
export function parsePrivateKey(pem: string) {
  if (typeof pem !== "string") throw new Error("must be a string holding a PEM private key");
  try {
    return createPrivateKey(normalisePem(pem));
  } catch {
    throw new Error("is not a valid PEM private key (e.g. -----BEGIN PRIVATE KEY-----)");
  }
}

/** A stable digest of what the key is (its PKCS#8 DER), so a respelt key compares equal. Never the key itself. */
export function privateKeyDigest(pem: string): string {
  const der = parsePrivateKey(pem).export({ type: "pkcs8", format: "der" });
  return createHash("sha256").update(der).digest("hex");
}

/** True when the key belongs to the chain's first (leaf) certificate. */
export function keyMatchesCertificate(chain: ParsedChain, keyPem: string): boolean {
  return chain.certificates[0].checkPrivateKey(parsePrivateKey(keyPem));
}
