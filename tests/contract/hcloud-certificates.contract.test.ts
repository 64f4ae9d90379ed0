/**
 * Contract test of the emulator's certificates: every response is checked against the official OpenAPI
 * document (objects closed), uploaded PEM is really parsed, keys are checked and never echoed, and the
 * managed issuance follows its Action (including failures through action faults and the retry).
 */
import { X509Certificate } from "node:crypto";
import { testCertificate, respell, rsaKey } from "../support/certificates";
import { expectError, useHcloudEmulator } from "./hcloud-setup";

const { api, control } = useHcloudEmulator();

const cert = testCertificate({ domains: ["example.com", "www.example.com"], chain: true });
const other = testCertificate({ domains: ["other.example"] });

const upload = (name: string, extra: Record<string, unknown> = {}) =>
  api.post("/certificates", { name, certificate: cert.certificate, private_key: cert.privateKey, ...extra });
const ids = (items: { id: number }[]) => items.map((item) => item.id);

describe("uploaded certificates", () => {
  it("parses the chain: fingerprint, validity and domain names of the leaf; no private key in any response", async () => {
    const created = await upload("web", { labels: { env: "prod" } });
    expect(created.status).toBe(201);
    const leaf = new X509Certificate(cert.leaf);
    expect(created.body.action).toBeNull();
    expect(created.body.certificate).toMatchObject({
      name: "web",
      labels: { env: "prod" },
      type: "uploaded",
      fingerprint: leaf.fingerprint256.toLowerCase(),
      not_valid_before: "2026-01-01T00:00:00+00:00",
      not_valid_after: "2027-01-01T00:00:00+00:00",
      domain_names: ["example.com", "www.example.com"],
      status: null,
      used_by: [],
    });
    expect(created.body.certificate.fingerprint).toMatch(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
    // The whole chain comes back, two certificates.
    expect(created.body.certificate.certificate.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);

    const id = created.body.certificate.id;
    const keyBody = cert.privateKey.split("\n")[1];
    for (const response of [created, await api.get(`/certificates/${id}`), await api.get("/certificates"), await api.put(`/certificates/${id}`, { name: "renamed" })]) {
      expect(JSON.stringify(response.body)).not.toContain(keyBody);
      expect(JSON.stringify(response.body)).not.toContain("PRIVATE KEY");
    }
    expect((await api.get(`/certificates/${id}/actions`)).body.actions).toEqual([]);
  });

  it("accepts CRLF and surrounding whitespace", async () => {
    const created = await api.post("/certificates", { name: "crlf", certificate: respell(cert.certificate), private_key: respell(cert.privateKey) });
    expect(created.body.error).toBeUndefined();
    expect(created.status).toBe(201);
    expect(created.body.certificate.fingerprint).toBe(new X509Certificate(cert.leaf).fingerprint256.toLowerCase());
  });

  it("rejects bad PEM, a key that does not match and missing fields with invalid_input, never echoing the key", async () => {
    expectError(await api.post("/certificates", { name: "x", certificate: "not pem", private_key: cert.privateKey }), 422, "invalid_input", "certificate");
    const broken = cert.leaf.replace(/\n[A-Za-z0-9+/]{10}/, "\nAAAAAAAAAA");
    expectError(await api.post("/certificates", { name: "x", certificate: broken, private_key: cert.privateKey }), 422, "invalid_input", "certificate");
    expectError(await api.post("/certificates", { name: "x", certificate: cert.certificate, private_key: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----" }), 422, "invalid_input", "private_key");
    const mismatch = await api.post("/certificates", { name: "x", certificate: cert.certificate, private_key: other.privateKey });
    expectError(mismatch, 422, "invalid_input", "private_key");
    expect(JSON.stringify(mismatch.body)).not.toContain(other.privateKey.split("\n")[1]);
    expectError(await api.post("/certificates", { name: "x" }), 422, "invalid_input", "certificate");
    expectError(await api.post("/certificates", { certificate: cert.certificate, private_key: cert.privateKey }), 422, "invalid_input", "name");
    expectError(await upload("x", { labels: { "hetzner.cloud/x": "y" } }), 422, "invalid_input", "labels");
    expect((await api.get("/certificates")).body.certificates).toEqual([]);
  });

  it("keeps names unique (409 uniqueness_error) on create and update", async () => {
    await upload("a");
    expectError(await upload("a"), 409, "uniqueness_error");
    const b = (await api.post("/certificates", { name: "b", certificate: other.certificate, private_key: other.privateKey })).body.certificate;
    expectError(await api.put(`/certificates/${b.id}`, { name: "a" }), 409, "uniqueness_error");
  });

  it("updates name and labels, deletes, and answers not_found afterwards", async () => {
    const { id } = (await upload("web")).body.certificate;
    const updated = await api.put(`/certificates/${id}`, { name: "web2", labels: { a: "b" } });
    expect(updated.body.certificate).toMatchObject({ name: "web2", labels: { a: "b" } });
    expect((await api.delete(`/certificates/${id}`)).status).toBe(204);
    expectError(await api.get(`/certificates/${id}`), 404, "not_found");
    expectError(await api.delete(`/certificates/${id}`), 404, "not_found");
    expectError(await api.put(`/certificates/${id}`, { name: "x" }), 404, "not_found");
  });

  it("retry is refused for uploaded certificates", async () => {
    const { id } = (await upload("web")).body.certificate;
    expectError(await api.post(`/certificates/${id}/actions/retry`), 422, "unsupported_error");
  });
});

describe("listing", () => {
  beforeEach(async () => {
    await upload("up-1", { labels: { env: "prod" } });
    await api.post("/certificates", { name: "up-2", certificate: other.certificate, private_key: other.privateKey, labels: { env: "dev" } });
    await api.post("/certificates", { name: "man-1", type: "managed", domain_names: ["example.com"], labels: { env: "prod" } });
  });

  it("filters by name, label_selector and type (repeatable), sorts and pages", async () => {
    const names = async (query: string) => (await api.get(`/certificates${query}`)).body.certificates.map((c: any) => c.name);
    expect(await names("")).toEqual(["up-1", "up-2", "man-1"]);
    expect(await names("?name=up-2")).toEqual(["up-2"]);
    expect(await names("?label_selector=env%3Dprod")).toEqual(["up-1", "man-1"]);
    expect(await names("?type=managed")).toEqual(["man-1"]);
    expect(await names("?type=managed&type=uploaded&sort=name:desc")).toEqual(["up-2", "up-1", "man-1"]);
    const page = await api.get("/certificates?per_page=2&page=2");
    expect(page.body.certificates.map((c: any) => c.name)).toEqual(["man-1"]);
    expect(page.body.meta.pagination).toEqual({ page: 2, per_page: 2, previous_page: 1, next_page: null, last_page: 2, total_entries: 3 });
    expectError(await api.get("/certificates?type=selfsigned"), 422, "invalid_input", "type");
  });
});

describe("managed certificates", () => {
  it("are pending while the create_certificate action runs, then completed with an issued certificate", async () => {
    const clock = freezeClock();
    await control("PUT", "/config", { actionDurationMs: 10_000 });
    const created = await api.post("/certificates", { name: "le", type: "managed", domain_names: ["example.com", "*.example.com"] });
    expect(created.status).toBe(201);
    const { certificate, action } = created.body;
    expect(certificate).toMatchObject({
      type: "managed",
      certificate: null,
      fingerprint: null,
      not_valid_before: null,
      not_valid_after: null,
      domain_names: ["example.com", "*.example.com"],
      status: { issuance: "pending", renewal: "unavailable", error: null },
    });
    expect(action).toMatchObject({ command: "create_certificate", status: "running", resources: [{ id: certificate.id, type: "certificate" }] });

    clock.advance(10_000);
    const done = (await api.get(`/certificates/${certificate.id}`)).body.certificate;
    expect(done.status).toEqual({ issuance: "completed", renewal: "unavailable", error: null });
    const issued = new X509Certificate(done.certificate);
    expect(done.fingerprint).toBe(issued.fingerprint256.toLowerCase());
    expect(issued.subjectAltName).toBe("DNS:example.com, DNS:*.example.com");
    expect(done.not_valid_before).toBe(clock.at(10_000));
    expectError(await api.post(`/certificates/${certificate.id}/actions/retry`), 422, "unsupported_error");
  });

  it("a failed issuance reports the CA's error in status.error; retry starts issue_certificate and can succeed", async () => {
    await control("POST", "/action-faults", { command: "create_certificate", code: "ca_dns_validation_failed", message: "DNS validation failed" });
    const created = (await api.post("/certificates", { name: "le", type: "managed", domain_names: ["example.com"] })).body;
    expect(created.action).toMatchObject({ status: "error", error: { code: "ca_dns_validation_failed", message: "DNS validation failed" } });
    const failed = (await api.get(`/certificates/${created.certificate.id}`)).body.certificate;
    expect(failed).toMatchObject({ certificate: null, status: { issuance: "failed", error: { code: "ca_dns_validation_failed", message: "DNS validation failed" } } });

    const retried = await api.post(`/certificates/${created.certificate.id}/actions/retry`);
    expect(retried.status).toBe(201);
    expect(retried.body.action).toMatchObject({ command: "issue_certificate", status: "success", resources: [{ id: created.certificate.id, type: "certificate" }] });
    const done = (await api.get(`/certificates/${created.certificate.id}`)).body.certificate;
    expect(done.status).toEqual({ issuance: "completed", renewal: "unavailable", error: null });
    expect(done.fingerprint).toMatch(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
  });

  it("validates domain_names and refuses uploaded-only fields", async () => {
    expectError(await api.post("/certificates", { name: "m", type: "managed" }), 422, "invalid_input", "domain_names");
    expectError(await api.post("/certificates", { name: "m", type: "managed", domain_names: ["not a domain"] }), 422, "invalid_input", "domain_names");
    expectError(await api.post("/certificates", { name: "m", type: "managed", domain_names: ["example.com"], private_key: rsaKey(1024) }), 422, "invalid_input", "private_key");
    expectError(await api.post("/certificates", { name: "m", type: "other", domain_names: ["example.com"] }), 422, "invalid_input", "type");
  });

  it("serves the four action endpoints for certificate actions only", async () => {
    const first = (await api.post("/certificates", { name: "a", type: "managed", domain_names: ["a.example"] })).body;
    const second = (await api.post("/certificates", { name: "b", type: "managed", domain_names: ["b.example"] })).body;
    await api.post("/firewalls", { name: "fw", rules: [{ direction: "in", protocol: "icmp", source_ips: ["0.0.0.0/0"] }] });
    const all = await api.get("/certificates/actions");
    expect(ids(all.body.actions)).toEqual([first.action.id, second.action.id]);
    expect((await api.get(`/certificates/actions/${first.action.id}`)).body.action).toEqual(first.action);
    expect(ids((await api.get(`/certificates/${second.certificate.id}/actions`)).body.actions)).toEqual([second.action.id]);
    expect((await api.get(`/certificates/${first.certificate.id}/actions/${first.action.id}`)).body.action).toEqual(first.action);
    expectError(await api.get(`/certificates/${second.certificate.id}/actions/${first.action.id}`), 404, "not_found");
    expectError(await api.get("/certificates/actions/999999"), 404, "not_found");
    expectError(await api.get("/certificates/actions?status=done"), 422, "invalid_input", "status");
  });
});

function freezeClock(start = Date.parse("2026-01-01T12:00:00Z")) {
  let now = start;
  jest.spyOn(Date, "now").mockImplementation(() => now);
  return { advance: (ms: number) => (now += ms), at: (ms: number) => new Date(start + ms).toISOString().replace(".000Z", "+00:00") };
}
