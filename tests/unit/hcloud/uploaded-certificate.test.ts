import { X509Certificate } from "node:crypto";
import nock from "nock";
import { check, create, diff, read, remove, update } from "../../../provider/hcloud/uploaded-certificate";
import { UNKNOWN } from "../../../provider/core/inputs";
import { API, useHcloudClient } from "../helpers";
import { respell, testCertificate } from "../../support/certificates";

const auth = useHcloudClient("cert-token", {});

const cert = testCertificate({ domains: ["example.com", "www.example.com"], chain: true });
const other = testCertificate({ domains: ["other.example"] });
const fingerprint = new X509Certificate(cert.leaf).fingerprint256.toLowerCase();

function wireCertificate(overrides: Record<string, unknown> = {}) {
  return {
    id: 7,
    name: "web",
    labels: { env: "prod" },
    type: "uploaded",
    certificate: cert.certificate,
    created: "2026-11-25T10:00:00+00:00",
    not_valid_before: "2026-01-01T00:00:00+00:00",
    not_valid_after: "2027-01-01T00:00:00+00:00",
    domain_names: ["example.com", "www.example.com"],
    fingerprint,
    status: null,
    used_by: [],
    ...overrides,
  };
}

const outputs = {
  certificateId: 7,
  name: "web",
  labels: { env: "prod" },
  certificate: cert.certificate,
  privateKey: cert.privateKey,
  fingerprint,
  notValidBefore: "2026-01-01T00:00:00+00:00",
  notValidAfter: "2027-01-01T00:00:00+00:00",
  domainNames: ["example.com", "www.example.com"],
  usedBy: [],
  created: "2026-11-25T10:00:00+00:00",
};

describe("check", () => {
  test("accepts a matching chain and key, autonames and marks the name as ours", async () => {
    const { inputs, failures } = await check({}, { __autonamePrefix: "tls", certificate: cert.certificate, privateKey: cert.privateKey });
    expect(failures).toEqual([]);
    expect(inputs.name).toMatch(/^tls-[0-9a-f]{7}$/);
    expect(inputs.__autonamed).toBe(true);
    expect(inputs.labels).toEqual({});
    const fixed = await check({}, { name: "web", certificate: cert.certificate, privateKey: cert.privateKey });
    expect(fixed.inputs.__autonamed).toBeUndefined();
  });

  test.each([
    [{ certificate: "garbage" }, "certificate", /holds no PEM certificate/],
    [{ certificate: cert.leaf.replace(/\n[A-Za-z0-9+/]{12}/, "\nAAAAAAAAAAAA") }, "certificate", /not a valid X.509 certificate/],
    [{ certificate: cert.leaf + "trailing text" }, "certificate", /text outside/],
    [{ privateKey: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n" }, "privateKey", /not a valid PEM private key/],
    [{ privateKey: other.privateKey }, "privateKey", /does not belong to the certificate .*CN=example.com/],
    [{ certificate: undefined }, "certificate", /certificate is required/],
  ])("rejects %#, never quoting the key", async (change, property, reason) => {
    const { failures } = await check({}, { name: "web", certificate: cert.certificate, privateKey: cert.privateKey, ...change });
    expect(failures).toHaveLength(1);
    expect(failures[0].property).toBe(property);
    expect(failures[0].reason).toMatch(reason);
    for (const key of [cert.privateKey, other.privateKey]) expect(JSON.stringify(failures)).not.toContain(key.split("\n")[1]);
  });

  test("passes unknown values through during preview", async () => {
    const { inputs, failures } = await check({}, { name: UNKNOWN, certificate: UNKNOWN, privateKey: UNKNOWN, labels: UNKNOWN });
    expect(failures).toEqual([]);
    expect(inputs).toMatchObject({ name: UNKNOWN, certificate: UNKNOWN, privateKey: UNKNOWN, labels: UNKNOWN });
  });
});

describe("diff", () => {
  const news = { name: "web", labels: { env: "prod" }, certificate: cert.certificate, privateKey: cert.privateKey };

  test("no churn from PEM line endings or whitespace", async () => {
    expect(await diff("7", outputs, { ...news, certificate: respell(cert.certificate), privateKey: respell(cert.privateKey) })).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  test("name and labels change in place", async () => {
    expect(await diff("7", outputs, { ...news, labels: { env: "dev" } })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect((await diff("7", outputs, { ...news, name: "web2" })).replaces).toEqual([]);
  });

  test("a new certificate and key replace: delete first for a fixed name, create first for an autoname", async () => {
    const renewed = { ...news, certificate: other.certificate, privateKey: other.privateKey };
    expect(await diff("7", outputs, renewed)).toEqual({ changes: true, replaces: ["certificate", "privateKey"], deleteBeforeReplace: true });
    expect(await diff("7", outputs, { ...renewed, __autonamed: true })).toEqual({
      changes: true,
      replaces: ["certificate", "privateKey"],
      deleteBeforeReplace: false,
    });
    // Same key, new certificate (a renewal with the same key).
    const sameKey = testCertificate({ domains: ["example.com"], privateKey: cert.privateKey });
    expect((await diff("7", outputs, { ...news, certificate: sameKey.certificate, __autonamed: true })).replaces).toEqual(["certificate"]);
    expect((await diff("7", outputs, { ...news, certificate: UNKNOWN, __autonamed: true })).replaces).toEqual(["certificate"]);
  });
});

describe("create", () => {
  test("posts type uploaded with the normalised PEM, and returns every output (the key only as given)", async () => {
    const scope = nock(API, auth)
      .post("/certificates", {
        name: "web",
        labels: { env: "prod" },
        type: "uploaded",
        certificate: cert.certificate,
        private_key: cert.privateKey,
      })
      .reply(201, { certificate: wireCertificate(), action: null });
    const result = await create({ name: "web", labels: { env: "prod" }, certificate: respell(cert.certificate), privateKey: respell(cert.privateKey), __provider: "shim" });
    scope.done();
    expect(result).toEqual({ id: "7", outs: { ...outputs, privateKey: respell(cert.privateKey) } });
  });

  describe("a lost answer is looked up by name and taken over only when it is this request's certificate", () => {
    const inputs = { name: "web", labels: { env: "prod" }, certificate: cert.certificate, privateKey: cert.privateKey };
    const lookup = (found: unknown) =>
      nock(API, auth)
        .post("/certificates")
        .reply(504, { error: { code: "timeout", message: "gateway timeout" } })
        .get("/certificates")
        .query({ name: "web", page: "1", per_page: "50" })
        .reply(200, { certificates: [found], meta: { pagination: { page: 1, per_page: 50, next_page: null, previous_page: null, last_page: 1, total_entries: 1 } } });
    const justNow = () => new Date(Date.now() - 2_000).toISOString();

    test("the same chain, created just now: taken over", async () => {
      const scope = lookup(wireCertificate({ created: justNow() }));
      const result = await create(inputs);
      scope.done();
      expect(result.id).toBe("7");
    });

    test("another chain under that name: refused, naming it", async () => {
      const scope = lookup(wireCertificate({ created: justNow(), certificate: other.certificate }));
      const error = await create(inputs).then(() => undefined, (e) => e);
      scope.done();
      expect(error.message).toMatch(/^certificate "web" already exists \(id 7, created [^)]+\) and is not the one this create made: it differs from what was asked in certificate\./);
      expect(error.message).not.toContain(cert.privateKey.split("\n")[1]);
    });
  });

  test("an API error names the problem and not the key", async () => {
    nock(API, auth)
      .post("/certificates")
      .reply(422, { error: { code: "invalid_input", message: "invalid input in field 'private_key'", details: { fields: [{ name: "private_key", messages: ["does not match"] }] } } });
    const error = await create({ name: "web", labels: {}, certificate: cert.certificate, privateKey: cert.privateKey }).then(() => undefined, (e) => e);
    expect(error.message).toMatch(/POST \/certificates failed: HTTP 422 invalid_input.*privateKey: does not match/);
    expect(error.message).not.toContain(cert.privateKey.split("\n")[1]);
  });
});

describe("read", () => {
  test("reports drift; the private key is kept from state", async () => {
    nock(API, auth).get("/certificates/7").reply(200, { certificate: wireCertificate({ name: "tampered", labels: {} }) });
    const result = await read("7", outputs);
    expect(result.props).toEqual({ ...outputs, name: "tampered", labels: {} });
    expect(result.inputs).toEqual({ name: "tampered", labels: {}, certificate: cert.certificate, privateKey: cert.privateKey });
  });

  test("a deleted certificate reads as gone", async () => {
    nock(API, auth).get("/certificates/7").reply(404, { error: { code: "not_found", message: "certificate not found" } });
    expect(await read("7", outputs)).toEqual({ id: "", props: {} });
  });
});

describe("update", () => {
  test("PUTs name and labels only when the live certificate differs", async () => {
    const scope = nock(API, auth)
      .get("/certificates/7")
      .reply(200, { certificate: wireCertificate() })
      .put("/certificates/7", { name: "web2", labels: { env: "prod" } })
      .reply(200, { certificate: wireCertificate({ name: "web2" }) });
    const { outs } = await update("7", outputs, { name: "web2", labels: { env: "prod" }, certificate: cert.certificate, privateKey: cert.privateKey });
    scope.done();
    expect(outs.name).toBe("web2");

    nock(API, auth).get("/certificates/7").reply(200, { certificate: wireCertificate() });
    expect((await update("7", outputs, { name: "web", labels: { env: "prod" }, certificate: cert.certificate, privateKey: cert.privateKey })).outs.name).toBe("web");
  });
});

describe("delete", () => {
  test("deletes; a certificate already gone is fine", async () => {
    const scope = nock(API, auth)
      .delete("/certificates/7")
      .reply(204)
      .delete("/certificates/8")
      .reply(404, { error: { code: "not_found", message: "gone" } });
    await remove("7");
    await remove("8");
    scope.done();
  });
});
