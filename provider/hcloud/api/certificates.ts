/** Hetzner Cloud certificates endpoint: wire ⇄ domain conversion happens here, once. */
import { ActionState } from "../../core/actions";
import { unlessNotFound } from "../../core/errors";
import { claimFound, differences } from "../../core/lifecycle";
import { parseCertificateChain } from "../../core/pem";
import { createUniquelyNamed, listAllPages } from "../../core/hetzner";
import { HttpClient } from "../../core/http";
import {
  ActionWire,
  CertificateWire,
  CreateCertificateRequestWire,
  CreateCertificateResponseWire,
  RetryCertificateResponseWire,
  UpdateCertificateRequestWire,
} from "../wire";
import { toActionState } from "./actions";

export type CertificateType = "uploaded" | "managed";

export interface CertificateStatus {
  issuance: "pending" | "completed" | "failed";
  renewal: "scheduled" | "pending" | "failed" | "unavailable";
  /** Set when issuance or renewal failed: what the CA (or the API) reported. */
  error?: { code: string; message: string };
}

export interface Certificate {
  id: number;
  name: string;
  labels: Record<string, string>;
  type: CertificateType;
  /** PEM chain; null for a managed certificate not issued yet. */
  certificate: string | null;
  fingerprint: string | null;
  notValidBefore: string | null;
  notValidAfter: string | null;
  domainNames: string[];
  usedBy: Array<{ id: number; type: string }>;
  /** Managed certificates only. */
  status: CertificateStatus | null;
  created: string;
}

export type CertificateSpec =
  | { type: "uploaded"; name: string; labels: Record<string, string>; certificate: string; privateKey: string }
  | { type: "managed"; name: string; labels: Record<string, string>; domainNames: string[] };

export interface WithAction<T> {
  value: T;
  /** The issuance Action of a managed certificate; null for uploaded ones. */
  action: ActionState | null;
}

export class CertificatesApi {
  constructor(private readonly http: HttpClient) {}

  async get(id: number): Promise<Certificate> {
    const { data } = await this.http.get<{ certificate: CertificateWire }>(`/certificates/${id}`);
    return toCertificate(data.certificate);
  }

  /** undefined when the certificate is gone. */
  find(id: number): Promise<Certificate | undefined> {
    return unlessNotFound(this.get(id));
  }

  async findByName(name: string): Promise<Certificate | undefined> {
    const found = await this.findWireByName(name);
    return found && toCertificate(found);
  }

  async list(filter: { labelSelector?: string } = {}): Promise<Certificate[]> {
    const wires = await listAllPages<CertificateWire>(this.http, "/certificates", "certificates", filter.labelSelector ? { label_selector: filter.labelSelector } : {});
    return wires.map(toCertificate);
  }

  private async findWireByName(name: string): Promise<CertificateWire | undefined> {
    const found = await listAllPages<CertificateWire>(this.http, "/certificates", "certificates", { name });
    return found[0];
  }

  async create(spec: CertificateSpec): Promise<WithAction<Certificate>> {
    const body: CreateCertificateRequestWire =
      spec.type === "uploaded"
        ? { name: spec.name, labels: spec.labels, type: "uploaded", certificate: spec.certificate, private_key: spec.privateKey }
        : { name: spec.name, labels: spec.labels, type: "managed", domain_names: spec.domainNames };
    const data = await createUniquelyNamed<CreateCertificateResponseWire>(this.http, "/certificates", body, async (how, sentAt) => {
      const certificate = await this.findWireByName(spec.name);
      if (!certificate) return undefined;
      const found = toCertificate(certificate);
      claimFound({ ...found, id: String(found.id) }, { kind: "certificate", how, sentAt, labels: spec.labels, differences: certificateDifferences(spec, found) });
      const running = spec.type === "managed" ? await this.runningActionsWire(certificate.id) : [];
      return { certificate, action: running[0] ?? null } as CreateCertificateResponseWire;
    });
    return { value: toCertificate(data.certificate as CertificateWire), action: data.action ? toActionState(data.action) : null };
  }

  async update(id: number, change: { name?: string; labels?: Record<string, string> }): Promise<Certificate> {
    const body: UpdateCertificateRequestWire = change;
    const { data } = await this.http.request<{ certificate: CertificateWire }>({ method: "PUT", path: `/certificates/${id}`, body });
    return toCertificate(data.certificate);
  }

  async delete(id: number): Promise<void> {
    await this.http.request({ method: "DELETE", path: `/certificates/${id}` });
  }

  /** Retries a failed issuance or renewal (managed certificates only). */
  async retry(id: number): Promise<ActionState> {
    const { data } = await this.http.request<RetryCertificateResponseWire>({ method: "POST", path: `/certificates/${id}/actions/retry` });
    return toActionState(data.action);
  }

  async runningActions(id: number): Promise<ActionState[]> {
    return (await this.runningActionsWire(id)).map(toActionState);
  }

  private async runningActionsWire(id: number): Promise<ActionWire[]> {
    const { data } = await this.http.get<{ actions: ActionWire[] }>(`/certificates/${id}/actions`, { status: "running" });
    return data.actions;
  }
}

function toCertificate(wire: CertificateWire): Certificate {
  const status = wire.status;
  return {
    id: wire.id,
    name: wire.name,
    labels: wire.labels ?? {},
    type: wire.type ?? "uploaded",
    certificate: wire.certificate ?? null,
    fingerprint: wire.fingerprint ?? null,
    notValidBefore: wire.not_valid_before ?? null,
    notValidAfter: wire.not_valid_after ?? null,
    domainNames: wire.domain_names ?? [],
    usedBy: (wire.used_by ?? []).map((u) => ({ id: u.id, type: u.type })),
    status: status
      ? {
          issuance: status.issuance ?? "pending",
          renewal: status.renewal ?? "unavailable",
          ...(status.error?.code ? { error: { code: status.error.code, message: status.error.message ?? "" } } : {}),
        }
      : null,
    created: wire.created,
  };
}

/** What of the request a found certificate does not match (an uploaded one by its chain's fingerprints). */
function certificateDifferences(spec: CertificateSpec, found: Certificate): string[] {
  const fingerprints = (pem: string | null) => {
    try {
      return parseCertificateChain(pem ?? "").fingerprints;
    } catch {
      return pem;
    }
  };
  return differences([
    ["type", spec.type, found.type],
    ["labels", spec.labels, found.labels],
    spec.type === "managed"
      ? ["domainNames", [...spec.domainNames].sort(), [...found.domainNames].sort()]
      : ["certificate", fingerprints(spec.certificate), fingerprints(found.certificate)],
  ]);
}
