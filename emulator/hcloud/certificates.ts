/**
 * Certificates and their actions. Uploaded certificates are parsed for real (Node's X509Certificate):
 * fingerprint, validity and domain names come from the leaf, and the private key must match it; the key
 * is kept in state but never rendered. Managed certificates are "issued" by an emulator CA: their
 * issuance status follows the latest `create_certificate` / `issue_certificate` action (running →
 * pending, error → failed with the action's error, success → completed), and the certificate itself is
 * made on first sight of the completed action.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, X509Certificate, type KeyObject } from "node:crypto";
import { domainToASCII } from "node:url";
import type { FastifyInstance } from "fastify";
import forge from "node-forge";
import { actionsInvolving, assertUnlocked, finder, isRunning, renderAction, resourceActionRoutes, startAction, type StoredAction } from "../hetzner/actions";
import { FieldErrors, HetznerError, bodyObject, invalidInput, queryValues, refuseBody, timestamp, type Query } from "../hetzner/conventions";
import { validateLabels, type Labels } from "../hetzner/labels";
import { filterByNameAndLabels, paginate, sortItems } from "../hetzner/lists";
import { updateNameAndLabels, validateName } from "./conventions";
import { nextId, type HcloudContext } from "./context";

export interface StoredCertificate {
  id: number;
  name: string;
  labels: Labels;
  type: "uploaded" | "managed";
  created: number;
  /** PEM chain as the API reports it (normalised), null until a managed certificate is issued. */
  certificate: string | null;
  /** Never rendered. Null for managed certificates. */
  privateKey: string | null;
  fingerprint: string | null;
  notValidBefore: number | null;
  notValidAfter: number | null;
  domainNames: string[];
}

const TYPES = ["uploaded", "managed"];
const ISSUANCE_COMMANDS = ["create_certificate", "issue_certificate"];
const MANAGED_VALIDITY_MS = 90 * 24 * 3600 * 1000;

// ---- PEM parsing ----

/** `ab:cd:…`, lower case, as in the API examples. */
export function fingerprintOf(x509: X509Certificate): string {
  return x509.fingerprint256.toLowerCase();
}

function domainNamesOf(x509: X509Certificate): string[] {
  const sans = (x509.subjectAltName ?? "")
    .split(/,\s*/)
    .filter((entry) => entry.startsWith("DNS:"))
    .map((entry) => entry.slice(4));
  if (sans.length > 0) return sans;
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(x509.subject)?.[1];
  return cn ? [cn] : [];
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** Parses a PEM chain; reports a problem under `certificate` (never echoing the input). */
function parseChain(raw: string, errors: FieldErrors): X509Certificate[] {
  const pem = raw.replace(/\r\n?/g, "\n");
  const blocks = pem.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0 || pem.replace(PEM_BLOCK, "").trim() !== "") {
    errors.add("certificate", "must be one or more PEM encoded certificates (-----BEGIN CERTIFICATE-----)");
    return [];
  }
  try {
    return blocks.map((block) => new X509Certificate(block));
  } catch {
    errors.add("certificate", "contains a PEM block that is not a valid X.509 certificate");
    return [];
  }
}

function parseKey(pem: string, errors: FieldErrors): KeyObject | undefined {
  try {
    const key = createPrivateKey(pem.replace(/\r\n?/g, "\n").trim());
    return key.type === "private" ? key : undefined;
  } catch {
    errors.add("private_key", "is not a valid PEM encoded private key");
    return undefined;
  }
}

// ---- the emulator CA (managed certificates) ----

let caKey: KeyObject | undefined;

/** Signs with Node's crypto (node-forge only writes the ASN.1: its pure-JS RSA takes seconds). */
function signWithNode(cert: forge.pki.Certificate, key: KeyObject): void {
  cert.signatureOid = cert.siginfo.algorithmOid = forge.pki.oids.sha256WithRSAEncryption;
  cert.tbsCertificate = (forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 }).getTBSCertificate(cert);
  const tbs = Buffer.from(forge.asn1.toDer(cert.tbsCertificate).getBytes(), "binary");
  cert.signature = sign("sha256", tbs, key).toString("binary");
}

/** A certificate for the domain names, signed by the emulator CA (with the CA's key: nobody needs the leaf key). */
function issue(certificate: StoredCertificate, issuedAt: number): void {
  caKey ??= generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(createPublicKey(caKey).export({ type: "spki", format: "pem" }) as string);
  cert.serialNumber = certificate.id.toString(16).padStart(2, "0");
  cert.validity.notBefore = new Date(Math.floor(issuedAt / 1000) * 1000);
  cert.validity.notAfter = new Date(Math.floor((issuedAt + MANAGED_VALIDITY_MS) / 1000) * 1000);
  cert.setSubject([{ name: "commonName", value: certificate.domainNames[0] }]);
  cert.setIssuer([{ name: "commonName", value: "Emulator Let's Encrypt R3" }]);
  cert.setExtensions([{ name: "subjectAltName", altNames: certificate.domainNames.map((value) => ({ type: 2, value })) }]);
  signWithNode(cert, caKey);
  const x509 = new X509Certificate(forge.pki.certificateToPem(cert));
  certificate.certificate = x509.toString();
  certificate.fingerprint = fingerprintOf(x509);
  certificate.notValidBefore = Date.parse(x509.validFrom);
  certificate.notValidAfter = Date.parse(x509.validTo);
}

// ---- validation ----


const DOMAIN_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

function validDomainName(name: string): boolean {
  const ascii = domainToASCII(name.replace(/^\*\./, ""));
  return ascii !== "" && ascii.length <= 253 && ascii.includes(".") && ascii.split(".").every((label) => DOMAIN_LABEL.test(label));
}

// ---- rendering ----

type Issuance = { issuance: "pending" | "completed" | "failed"; renewal: "unavailable"; error: { code: string; message: string } | null };

export async function certificateRoutes(app: FastifyInstance, ctx: HcloudContext): Promise<void> {
  const certificates = () => ctx.state().certificates;
  const actionsOf = (certificate: StoredCertificate) => actionsInvolving(ctx, "certificate", certificate.id);

  function statusOf(certificate: StoredCertificate): Issuance | null {
    if (certificate.type === "uploaded") return null;
    const latest = actionsOf(certificate)
      .filter((action) => ISSUANCE_COMMANDS.includes(action.command))
      .at(-1);
    const now = Date.now();
    if (!latest || isRunning(latest, now)) return { issuance: "pending", renewal: "unavailable", error: null };
    if (latest.error) return { issuance: "failed", renewal: "unavailable", error: latest.error };
    if (certificate.certificate === null) issue(certificate, latest.started + latest.durationMs);
    return { issuance: "completed", renewal: "unavailable", error: null };
  }

  function render(certificate: StoredCertificate) {
    const status = statusOf(certificate);
    return {
      id: certificate.id,
      name: certificate.name,
      labels: certificate.labels,
      type: certificate.type,
      certificate: certificate.certificate,
      created: timestamp(certificate.created),
      not_valid_before: certificate.notValidBefore === null ? null : timestamp(certificate.notValidBefore),
      not_valid_after: certificate.notValidAfter === null ? null : timestamp(certificate.notValidAfter),
      domain_names: certificate.domainNames,
      fingerprint: certificate.fingerprint,
      status,
      used_by: [],
    };
  }

  const findCertificate = finder(certificates, "certificate");

  const assertUniqueName = (name: string, self?: StoredCertificate) => {
    if (certificates().some((c) => c.name === name && c !== self)) {
      throw new HetznerError(409, "uniqueness_error", "certificate with the same name already exists", { fields: [{ name: "name" }] });
    }
  };

  app.get("/certificates", async (request, reply) => {
    const query = request.query as Query;
    const types = queryValues(query, "type");
    const badType = types.find((type) => !TYPES.includes(type));
    if (badType !== undefined) throw invalidInput("type", `invalid type '${badType}'`);
    const matching = filterByNameAndLabels(certificates(), query).filter((c) => types.length === 0 || types.includes(c.type));
    const sorted = sortItems(matching, query, { id: (c) => c.id, name: (c) => c.name, created: (c) => c.created });
    return paginate(request, reply, sorted.map(render), "certificates");
  });

  app.post("/certificates", async (request, reply) => {
    const body = bodyObject(request.body);
    const errors = new FieldErrors();
    validateName(body.name, errors);
    validateLabels(body.labels, errors);
    const type = body.type ?? "uploaded";
    if (typeof type !== "string" || !TYPES.includes(type)) errors.add("type", "must be 'uploaded' or 'managed'");

    const certificate: StoredCertificate = {
      id: 0,
      name: body.name as string,
      labels: { ...(body.labels as Labels | undefined) },
      type: type as StoredCertificate["type"],
      created: Date.now(),
      certificate: null,
      privateKey: null,
      fingerprint: null,
      notValidBefore: null,
      notValidAfter: null,
      domainNames: [],
    };

    if (type === "uploaded") {
      if (body.domain_names !== undefined) errors.add("domain_names", "is only allowed for type managed");
      let chain: X509Certificate[] = [];
      let key: KeyObject | undefined;
      if (typeof body.certificate !== "string" || body.certificate.trim() === "") errors.add("certificate", "is required for type uploaded");
      else chain = parseChain(body.certificate, errors);
      if (typeof body.private_key !== "string" || body.private_key.trim() === "") errors.add("private_key", "is required for type uploaded");
      else key = parseKey(body.private_key, errors);
      if (chain.length > 0 && key && !chain[0].checkPrivateKey(key)) errors.add("private_key", "does not match the certificate");
      errors.throwIfAny();
      const leaf = chain[0];
      Object.assign(certificate, {
        certificate: chain.map((x509) => x509.toString().trim()).join("\n") + "\n",
        privateKey: body.private_key as string,
        fingerprint: fingerprintOf(leaf),
        notValidBefore: Date.parse(leaf.validFrom),
        notValidAfter: Date.parse(leaf.validTo),
        domainNames: domainNamesOf(leaf),
      });
    } else if (type === "managed") {
      if (body.certificate !== undefined) errors.add("certificate", "is only allowed for type uploaded");
      if (body.private_key !== undefined) errors.add("private_key", "is only allowed for type uploaded");
      const names = body.domain_names;
      if (!Array.isArray(names) || names.length === 0) errors.add("domain_names", "is required for type managed and must list at least one domain");
      else {
        for (const name of names) {
          if (typeof name !== "string" || !validDomainName(name)) errors.add("domain_names", `'${String(name)}' is not a valid domain name`);
        }
        if (new Set(names).size !== names.length) errors.add("domain_names", "must not contain duplicates");
        certificate.domainNames = [...(names as string[])];
      }
    }
    errors.throwIfAny();
    assertUniqueName(certificate.name);

    certificate.id = nextId(ctx, "certificate");
    certificates().push(certificate);
    const action = certificate.type === "managed" ? startAction(ctx, "create_certificate", [{ id: certificate.id, type: "certificate" }]) : null;
    reply.code(201);
    return { certificate: render(certificate), action: action && renderAction(action) };
  });

  resourceActionRoutes(app, ctx, "certificates", "certificate", findCertificate);

  app.get<{ Params: { id: string } }>("/certificates/:id", async (request) => ({ certificate: render(findCertificate(request.params.id)) }));

  const assertCertificateUnlocked = (certificate: StoredCertificate) => assertUnlocked(ctx, [{ id: certificate.id, type: "certificate" }]);

  app.put<{ Params: { id: string } }>("/certificates/:id", async (request) => {
    const certificate = findCertificate(request.params.id);
    assertCertificateUnlocked(certificate);
    updateNameAndLabels(bodyObject(request.body), certificate, (name) => assertUniqueName(name, certificate));
    return { certificate: render(certificate) };
  });

  app.delete<{ Params: { id: string } }>("/certificates/:id", async (request, reply) => {
    refuseBody(request);
    const certificate = findCertificate(request.params.id);
    assertCertificateUnlocked(certificate);
    certificates().splice(certificates().indexOf(certificate), 1);
    return reply.code(204).send();
  });

  app.post<{ Params: { id: string } }>("/certificates/:id/actions/retry", async (request, reply) => {
    refuseBody(request);
    const certificate = findCertificate(request.params.id);
    assertCertificateUnlocked(certificate);
    // The spec names no code for "nothing to retry"; unsupported_error is the generic "does not support the Action".
    if (certificate.type !== "managed") throw new HetznerError(422, "unsupported_error", "only managed certificates can be retried");
    const status = statusOf(certificate);
    if (status?.issuance !== "failed") {
      throw new HetznerError(422, "unsupported_error", `certificate issuance is ${status?.issuance}, retry is only possible after it failed`);
    }
    const action: StoredAction = startAction(ctx, "issue_certificate", [{ id: certificate.id, type: "certificate" }]);
    reply.code(201);
    return { action: renderAction(action) };
  });
}
