/**
 * Test certificates made on the spot: Node makes the keys, node-forge writes the X.509 certificates
 * (Node cannot create certificates itself). Nothing is read from disk, nothing expires during a run.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from "node:crypto";
import forge from "node-forge";

export interface TestCertificate {
  /** PEM of the leaf, followed by the issuer's certificate when `chain` was asked for. */
  certificate: string;
  /** PKCS#8 PEM of the leaf's key. */
  privateKey: string;
  /** Just the leaf's PEM. */
  leaf: string;
}

export interface CertificateOptions {
  domains?: string[];
  /** Sign with a freshly made CA and append its certificate (a two-element chain). */
  chain?: boolean;
  /** Reuse this key (PKCS#8 PEM) instead of making one. */
  privateKey?: string;
  notBefore?: Date;
  notAfter?: Date;
  serial?: string;
}

export function rsaKey(bits = 2048): string {
  return generateKeyPairSync("rsa", { modulusLength: bits }).privateKey.export({ type: "pkcs8", format: "pem" }) as string;
}

let serialCounter = 1;

function makeCert(opts: {
  subject: string;
  domains: string[];
  /** PEM of the subject's key and of the signer's key. */
  key: string;
  signer: string;
  issuer: string;
  ca: boolean;
  notBefore: Date;
  notAfter: Date;
  serial: string;
}): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(createPublicKey(opts.key).export({ type: "spki", format: "pem" }) as string);
  cert.serialNumber = opts.serial;
  cert.validity.notBefore = opts.notBefore;
  cert.validity.notAfter = opts.notAfter;
  cert.setSubject([{ name: "commonName", value: opts.subject }]);
  cert.setIssuer([{ name: "commonName", value: opts.issuer }]);
  cert.setExtensions([
    { name: "basicConstraints", cA: opts.ca },
    ...(opts.domains.length ? [{ name: "subjectAltName", altNames: opts.domains.map((value) => ({ type: 2, value })) }] : []),
  ]);
  // Signed by Node's crypto: node-forge only writes the ASN.1 (its pure-JS RSA takes seconds).
  cert.signatureOid = cert.siginfo.algorithmOid = forge.pki.oids.sha256WithRSAEncryption;
  cert.tbsCertificate = (forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 }).getTBSCertificate(cert);
  const tbs = Buffer.from(forge.asn1.toDer(cert.tbsCertificate).getBytes(), "binary");
  cert.signature = sign("sha256", tbs, createPrivateKey(opts.signer)).toString("binary");
  return forge.pki.certificateToPem(cert).replace(/\r\n/g, "\n");
}

/** A certificate for `domains` (self-signed unless `chain`), valid from 2026-01-01 for a year by default. */
export function testCertificate(options: CertificateOptions = {}): TestCertificate {
  const domains = options.domains ?? ["example.com", "www.example.com"];
  const privateKey = options.privateKey ?? rsaKey();
  const key = privateKey;
  const notBefore = options.notBefore ?? new Date("2026-01-01T00:00:00Z");
  const notAfter = options.notAfter ?? new Date("2027-01-01T00:00:00Z");
  const serial = options.serial ?? (serialCounter++).toString(16).padStart(4, "0");
  if (!options.chain) {
    const leaf = makeCert({ subject: domains[0], domains, key, signer: key, issuer: domains[0], ca: false, notBefore, notAfter, serial });
    return { certificate: leaf, privateKey, leaf };
  }
  const caKey = rsaKey();
  const caPem = makeCert({ subject: "Test CA", domains: [], key: caKey, signer: caKey, issuer: "Test CA", ca: true, notBefore, notAfter, serial: "01" });
  const leaf = makeCert({ subject: domains[0], domains, key, signer: caKey, issuer: "Test CA", ca: false, notBefore, notAfter, serial });
  return { certificate: leaf + caPem, privateKey, leaf };
}

/** The same PEM with other line endings and surrounding whitespace (what an editor or a file read may produce). */
export function respell(pem: string): string {
  return "\n  " + pem.trim().replace(/\n/g, "\r\n") + "\r\n\r\n";
}
