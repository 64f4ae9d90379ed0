import nock from "nock";
import { canonicalDomain, check, create, diff, read, remove, update } from "../../../provider/hcloud/managed-certificate";
import { UNKNOWN } from "../../../provider/core/inputs";
import { API, NO_BODY, useHcloudClient, wireActions } from "../helpers";

const auth = useHcloudClient("cert-token");

const completed = { issuance: "completed", renewal: "scheduled", error: null };
const failedStatus = { issuance: "failed", renewal: "unavailable", error: { code: "ca_dns_validation_failed", message: "DNS validation failed" } };

function wireCertificate(overrides: Record<string, unknown> = {}) {
  return {
    id: 7,
    name: "le",
    labels: {},
    type: "managed",
    certificate: "-----BEGIN CERTIFICATE-----\nissued\n-----END CERTIFICATE-----\n",
    created: "2026-11-25T10:00:00+00:00",
    not_valid_before: "2026-11-25T10:00:05+00:00",
    not_valid_after: "2027-02-23T10:00:05+00:00",
    domain_names: ["www.example.com", "example.com"],
    fingerprint: "ab:cd",
    status: completed,
    used_by: [],
    ...overrides,
  };
}

const { action } = wireActions({ id: 7, type: "certificate" }, { runningProgress: 0, finished: "2026-11-25T10:00:05+00:00" });

const pendingWire = wireCertificate({ certificate: null, fingerprint: null, not_valid_before: null, not_valid_after: null, status: { issuance: "pending", renewal: "unavailable", error: null } });
const failedWire = wireCertificate({ certificate: null, fingerprint: null, not_valid_before: null, not_valid_after: null, status: failedStatus });

const outputs = {
  certificateId: 7,
  name: "le",
  labels: {},
  domainNames: ["example.com", "www.example.com"],
  certificate: "-----BEGIN CERTIFICATE-----\nissued\n-----END CERTIFICATE-----\n",
  fingerprint: "ab:cd",
  notValidBefore: "2026-11-25T10:00:05+00:00",
  notValidAfter: "2027-02-23T10:00:05+00:00",
  usedBy: [],
  status: { issuance: "completed", renewal: "scheduled" },
  created: "2026-11-25T10:00:00+00:00",
};
const inputs = { name: "le", labels: {}, domainNames: ["example.com", "www.example.com"], __provider: "shim" };

describe("check", () => {
  test("domain names: IDN to punycode, lower case, no trailing dot, sorted, without duplicates; wildcards kept", async () => {
    const { inputs: checked, failures } = await check({}, { name: "le", domainNames: ["WWW.Example.com.", "*.Bücher.example", "example.com", "www.example.com"] });
    expect(failures).toEqual([]);
    expect(checked.domainNames).toEqual(["*.xn--bcher-kva.example", "example.com", "www.example.com"]);
    expect(canonicalDomain("bad domain")).toBeUndefined();
  });

  test.each([
    [{ domainNames: [] }, /at least one domain name/],
    [{ domainNames: undefined }, /at least one domain name/],
    [{ domainNames: ["example.com", "no spaces.example"] }, /"no spaces.example" is not a domain name/],
    [{ domainNames: ["localhost"] }, /"localhost" is not a domain name/],
    [{ domainNames: ["example.com"], retryIssuance: { at: 1 } }, /retryIssuance must be a string or a number/],
    [{ domainNames: ["example.com"], labels: { "hetzner.cloud/x": "1" } }, /reserved/],
  ])("rejects %#", async (change, reason) => {
    const { failures } = await check({}, { name: "le", ...change });
    expect(failures).toHaveLength(1);
    expect(failures[0].reason).toMatch(reason);
  });

  test("passes unknown values through", async () => {
    const { inputs: checked, failures } = await check({}, { name: "le", domainNames: ["example.com", UNKNOWN], retryIssuance: UNKNOWN });
    expect(failures).toEqual([]);
    expect(checked.domainNames).toEqual(["example.com", UNKNOWN]);
    expect(checked.retryIssuance).toBe(UNKNOWN);
  });
});

describe("diff", () => {
  const news = { name: "le", labels: {}, domainNames: ["www.example.com", "example.com"], __autonamed: true };

  test("order and spelling of domain names never churn", async () => {
    expect(await diff("7", outputs, { ...news, domainNames: ["EXAMPLE.com.", "www.example.com"] })).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  test("other domain names replace (create first when autonamed, delete first when the name is fixed)", async () => {
    expect(await diff("7", outputs, { ...news, domainNames: ["example.com"] })).toEqual({ changes: true, replaces: ["domainNames"], deleteBeforeReplace: false });
    expect(await diff("7", outputs, { ...news, __autonamed: undefined, domainNames: ["example.org"] })).toEqual({ changes: true, replaces: ["domainNames"], deleteBeforeReplace: true });
    expect((await diff("7", outputs, { ...news, domainNames: UNKNOWN })).replaces).toEqual(["domainNames"]);
  });

  test("in place: labels, name, a new retryIssuance trigger, and a failed or unfinished issuance in state", async () => {
    expect(await diff("7", outputs, { ...news, labels: { a: "b" } })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect((await diff("7", outputs, { ...news, retryIssuance: 1 })).changes).toBe(true);
    expect((await diff("7", { ...outputs, retryIssuance: 1 }, { ...news, retryIssuance: "1" })).changes).toBe(false);
    expect(await diff("7", { ...outputs, status: failedStatus }, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect((await diff("7", { ...outputs, status: { issuance: "pending", renewal: "unavailable" } }, news)).changes).toBe(true);
  });
});

describe("create", () => {
  test("posts type managed and waits for the issuance action", async () => {
    const scope = nock(API, auth)
      .post("/certificates", { name: "le", labels: {}, type: "managed", domain_names: ["example.com", "www.example.com"] })
      .reply(201, { certificate: pendingWire, action: action(1, "create_certificate") })
      .get("/actions")
      .query({ id: "1" })
      .reply(200, { actions: [action(1, "create_certificate", "success")] })
      .get("/certificates/7")
      .reply(200, { certificate: wireCertificate() });
    const result = await create(inputs);
    scope.done();
    expect(result).toEqual({ id: "7", outs: outputs });
  });

  test("a failed issuance records the certificate (id, __provider, status failed) and names the CA's reason", async () => {
    const scope = nock(API, auth)
      .post("/certificates")
      .reply(201, { certificate: pendingWire, action: action(1, "create_certificate") })
      .get("/actions")
      .query({ id: "1" })
      .reply(200, { actions: [action(1, "create_certificate", "error", { code: "ca_dns_validation_failed", message: "DNS validation failed" })] })
      .get("/certificates/7")
      .reply(200, { certificate: failedWire });
    const error = await create(inputs).then(() => undefined, (e) => e);
    scope.done();
    expect(error.message).toMatch(
      /certificate 7 \(le\) was created, but its issuance failed: action create_certificate \(#1\) on certificate 7 \(le\) failed: ca_dns_validation_failed: DNS validation failed; status.error: ca_dns_validation_failed: DNS validation failed; run `pulumi up` again/,
    );
    expect(error.id).toBe("7");
    expect(error.properties.__provider).toBe("shim");
    expect(error.properties.status).toEqual({ issuance: "failed", renewal: "unavailable", error: { code: "ca_dns_validation_failed", message: "DNS validation failed" } });
    expect(error.properties.certificateId).toBe(7);
  });
});

describe("create: a follow-up failure still records the certificate", () => {
  test("a failing read after the issuance records it from the create's answer, pending, so the next up waits for it", async () => {
    const scope = nock(API, auth)
      .post("/certificates")
      .reply(201, { certificate: pendingWire, action: action(1, "create_certificate") })
      .get("/actions")
      .query({ id: "1" })
      .reply(200, { actions: [action(1, "create_certificate", "success")] })
      .get("/certificates/7")
      .reply(403, { error: { code: "forbidden", message: "no read" } });
    const error = await create(inputs).then(() => undefined, (e) => e);
    scope.done();
    expect(error.message).toMatch(/^certificate 7 \(le\) was created, but hcloud API GET \/certificates\/7 failed: HTTP 403 forbidden: no read; check hcloud:token \/ HCLOUD_TOKEN: the token's project may not do this; the next pulumi up completes it$/);
    expect(error.id).toBe("7");
    expect(error.properties).toMatchObject({ certificateId: 7, status: { issuance: "pending" }, __provider: "shim" });
    expect((await diff("7", error.properties, inputs)).changes).toBe(true);
  });
});

describe("update", () => {
  test("a failed issuance in state is retried in place and awaited", async () => {
    const scope = nock(API, auth)
      .get("/certificates/7")
      .reply(200, { certificate: failedWire })
      .post("/certificates/7/actions/retry", NO_BODY)
      .reply(201, { action: action(2, "issue_certificate") })
      .get("/actions")
      .query({ id: "2" })
      .reply(200, { actions: [action(2, "issue_certificate", "success")] })
      .get("/certificates/7")
      .reply(200, { certificate: wireCertificate() });
    const { outs } = await update("7", { ...outputs, status: failedStatus }, inputs);
    scope.done();
    expect(outs.status).toEqual({ issuance: "completed", renewal: "scheduled" });
  });

  test("a retry that fails again is a partial failure that keeps the resource", async () => {
    nock(API, auth)
      .get("/certificates/7")
      .reply(200, { certificate: failedWire })
      .post("/certificates/7/actions/retry", NO_BODY)
      .reply(201, { action: action(2, "issue_certificate", "error", { code: "dns_zone_not_found", message: "DNS zone not found" }) })
      .get("/certificates/7")
      .reply(200, { certificate: wireCertificate({ ...failedWire, status: { ...failedStatus, error: { code: "dns_zone_not_found", message: "DNS zone not found" } } }) });
    const error = await update("7", outputs, inputs).then(() => undefined, (e) => e);
    expect(error.message).toMatch(/issue_certificate \(#2\) on certificate 7 \(le\) failed: dns_zone_not_found: DNS zone not found/);
    expect(error.id).toBe("7");
    expect(error.properties.__provider).toBe("shim");
  });

  test("a changed retryIssuance retries a failed renewal; with nothing failed it only renames", async () => {
    const renewalFailed = wireCertificate({ status: { issuance: "completed", renewal: "failed", error: { code: "ca_too_many_duplicate_certificates", message: "too many" } } });
    const scope = nock(API, auth)
      .get("/certificates/7")
      .reply(200, { certificate: renewalFailed })
      .post("/certificates/7/actions/retry", NO_BODY)
      .reply(201, { action: action(3, "issue_certificate", "success") })
      .get("/certificates/7")
      .reply(200, { certificate: wireCertificate() });
    await update("7", outputs, { ...inputs, retryIssuance: 2 });
    scope.done();

    const rename = nock(API, auth)
      .get("/certificates/7")
      .reply(200, { certificate: wireCertificate() })
      .put("/certificates/7", { name: "le2", labels: {} })
      .reply(200, { certificate: wireCertificate({ name: "le2" }) });
    const { outs } = await update("7", outputs, { ...inputs, name: "le2", retryIssuance: 3 });
    rename.done();
    expect(outs).toMatchObject({ name: "le2", retryIssuance: 3 });
  });

  test("an issuance still running is waited for", async () => {
    const scope = nock(API, auth)
      .get("/certificates/7")
      .reply(200, { certificate: pendingWire })
      .get("/certificates/7/actions")
      .query({ status: "running" })
      .reply(200, { actions: [action(1, "create_certificate")], meta: { pagination: { page: 1, per_page: 25, previous_page: null, next_page: null, last_page: 1, total_entries: 1 } } })
      .get("/actions")
      .query({ id: "1" })
      .reply(200, { actions: [action(1, "create_certificate", "success")] })
      .get("/certificates/7")
      .reply(200, { certificate: wireCertificate() });
    await update("7", { ...outputs, status: { issuance: "pending", renewal: "unavailable" } }, inputs);
    scope.done();
  });
});

describe("read and delete", () => {
  test("read reports outputs and inputs in canonical form; gone reads as gone", async () => {
    nock(API, auth).get("/certificates/7").reply(200, { certificate: wireCertificate({ labels: { x: "y" } }) });
    const result = await read("7", { ...outputs, retryIssuance: "a" });
    expect(result.inputs).toEqual({ name: "le", labels: { x: "y" }, domainNames: ["example.com", "www.example.com"], retryIssuance: "a" });
    nock(API, auth).get("/certificates/7").reply(404, { error: { code: "not_found", message: "gone" } });
    expect(await read("7", outputs)).toEqual({ id: "", props: {} });
  });

  test("delete treats 404 as done", async () => {
    const scope = nock(API, auth).delete("/certificates/7").reply(404, { error: { code: "not_found", message: "gone" } });
    await remove("7");
    scope.done();
  });
});
