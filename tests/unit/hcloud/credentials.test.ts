import * as pulumi from "@pulumi/pulumi";
import nock from "nock";
import { firewall } from "../../../provider/hcloud/firewall";
import { firewallAttachment } from "../../../provider/hcloud/firewall-attachment";
import { floatingIp } from "../../../provider/hcloud/floating-ip";
import { floatingIpAssignment } from "../../../provider/hcloud/floating-ip-assignment";
import { managedCertificate } from "../../../provider/hcloud/managed-certificate";
import { uploadedCertificate } from "../../../provider/hcloud/uploaded-certificate";
import { getLocations } from "../../../sdk/hcloud/lookups";
import { API, FSN1, useHcloudClient, wireActions } from "../helpers";

const auth = useHcloudClient("stack-token");
/** Project B: its own API host and token. */
const B_API = "https://project-b.test/v1";
const B_TOKEN = "project-b-token";
const B = { token: B_TOKEN, endpoint: B_API };
const bAuth = (token = B_TOKEN) => ({ reqheaders: { authorization: `Bearer ${token}` } });

const { action } = wireActions({ id: 7, type: "firewall" });
const wireFirewall = (id: number, name: string) => ({
  id,
  name,
  labels: {},
  created: "2026-11-25T10:00:00+00:00",
  rules: [],
  applied_to: [],
});
const inputs = (name: string, credentials?: object) => ({ name, labels: {}, rules: [], ...(credentials ? { credentials } : {}), __provider: "shim" });
const expectedOuts = (id: number, name: string) => ({ name, labels: {}, rules: [], firewallId: id, appliedTo: [], created: "2026-11-25T10:00:00+00:00" });

describe("a resource's own credentials", () => {
  test("two firewalls: the one with credentials sends its own token to its own endpoint, the other the stack's", async () => {
    const stack = nock(API, auth)
      .post("/firewalls", { name: "a", labels: {}, rules: [], apply_to: [] })
      .reply(201, { firewall: wireFirewall(7, "a"), actions: [] });
    const projectB = nock(B_API, bAuth())
      .post("/firewalls", { name: "b", labels: {}, rules: [], apply_to: [] })
      .reply(201, { firewall: wireFirewall(8, "b"), actions: [action(1, "set_firewall_rules")] })
      .get("/actions")
      .query({ id: "1" })
      .reply(200, { actions: [action(1, "set_firewall_rules", "success")] });

    const [a, b] = await Promise.all([firewall.create(inputs("a")), firewall.create(inputs("b", B))]);
    stack.done();
    projectB.done();
    expect(a).toEqual({ id: "7", outs: expectedOuts(7, "a") });
    // Recorded, so read and delete (which only get state) reach the same project.
    expect(b).toEqual({ id: "8", outs: { ...expectedOuts(8, "b"), credentials: B } });
  });

  test("only a token: the endpoint comes from the stack's settings", async () => {
    const scope = nock(API, bAuth("other-token")).get("/firewalls/7").reply(200, { firewall: wireFirewall(7, "a") });
    const result = await firewall.read("7", { credentials: { token: "other-token" } });
    scope.done();
    expect(result.props).toEqual({ ...expectedOuts(7, "a"), credentials: { token: "other-token" } });
  });

  test("read and delete use the credentials in state", async () => {
    const state = { ...expectedOuts(8, "b"), credentials: B };
    const scope = nock(B_API, bAuth())
      .get("/firewalls/8")
      .reply(200, { firewall: wireFirewall(8, "b") })
      .get("/firewalls/8")
      .reply(200, { firewall: wireFirewall(8, "b") })
      .delete("/firewalls/8")
      .reply(204);
    const read = await firewall.read("8", state);
    expect(read).toEqual({ id: "8", props: state, inputs: { name: "b", labels: {}, rules: [], credentials: B } });
    await firewall.delete("8", state);
    scope.done();
  });

  test("a rotated token is a change, never a replacement, and update sends no write request for it", async () => {
    const olds = { ...expectedOuts(8, "b"), credentials: B };
    const rotated = { ...inputs("b"), credentials: { ...B, token: "project-b-token-2" } };
    expect(await firewall.diff("8", olds, rotated)).toMatchObject({ changes: true, replaces: [], detailedDiff: { credentials: "update" } });
    expect(await firewall.diff("8", olds, { ...inputs("b"), credentials: { endpoint: B_API, token: B_TOKEN } })).toMatchObject({ changes: false });
    // Only the read of the live firewall, with the new token: nothing differs, so nothing is written.
    const scope = nock(B_API, bAuth("project-b-token-2")).get("/firewalls/8").reply(200, { firewall: wireFirewall(8, "b") });
    expect(await firewall.update("8", olds, rotated)).toEqual({ outs: { ...expectedOuts(8, "b"), credentials: rotated.credentials } });
    scope.done();
  });

  test("a create that fails part-way records the credentials with the resource", async () => {
    const scope = nock(B_API, bAuth())
      .post("/firewalls")
      .reply(201, { firewall: wireFirewall(8, "b"), actions: [action(1, "set_firewall_rules")] })
      .get("/actions")
      .query({ id: "1" })
      .reply(200, { actions: [action(1, "set_firewall_rules", "error", { code: "boom", message: "it broke" })] });
    const error = await firewall.create(inputs("b", B)).then(() => undefined, (e) => e);
    scope.done();
    expect(error.properties).toMatchObject({ firewallId: 8, credentials: B, __provider: "shim" });
  });

  test("every resource kind takes them: an assignment's read and an uploaded certificate's delete", async () => {
    const scope = nock(B_API, bAuth())
      .get("/floating_ips/500")
      .reply(404, { error: { code: "not_found", message: "gone" } })
      .delete("/certificates/900")
      .reply(204);
    expect(await floatingIpAssignment.read("500", { floatingIpId: 500, serverId: 42, credentials: B })).toEqual({ id: "", props: {} });
    await uploadedCertificate.delete("900", { credentials: B });
    scope.done();
  });

  test.each([
    ["Firewall", firewall, "/firewalls/7", { firewallId: 7 }],
    ["FirewallAttachment", firewallAttachment, "/firewalls/7", { firewallId: 7, serverIds: [42], labelSelectors: [] }],
    ["FloatingIp", floatingIp, "/floating_ips/7", { floatingIpId: 7 }],
    ["FloatingIpAssignment", floatingIpAssignment, "/floating_ips/7", { floatingIpId: 7, serverId: 42 }],
    ["ManagedCertificate", managedCertificate, "/certificates/7", { certificateId: 7 }],
    ["UploadedCertificate", uploadedCertificate, "/certificates/7", { certificateId: 7 }],
  ] as const)("%s reads from the project of the credentials in its state", async (_kind, implementation, path, props) => {
    const scope = nock(B_API, bAuth()).get(path).reply(404, { error: { code: "not_found", message: "gone" } });
    expect(await implementation.read("7", { ...props, credentials: B })).toEqual({ id: "", props: {} });
    scope.done();
  });

  test.each([
    ["Firewall", firewall, inputs("b")],
    ["FirewallAttachment", firewallAttachment, { firewallId: 7, serverIds: [42], labelSelectors: [] }],
    ["FloatingIp", floatingIp, { type: "ipv4", homeLocation: "fsn1", name: "vip", labels: {}, deleteProtection: false }],
    ["FloatingIpAssignment", floatingIpAssignment, { floatingIpId: 7, serverId: 42 }],
    ["ManagedCertificate", managedCertificate, { name: "cert", labels: {}, domainNames: ["example.com"] }],
  ] as const)("%s: other credentials are a change, never a replacement", async (_kind, implementation, props) => {
    const olds = { ...props, credentials: B };
    expect(await implementation.diff("7", olds, { ...props, credentials: B })).toMatchObject({ changes: false, replaces: [] });
    expect(await implementation.diff("7", olds, { ...props, credentials: { ...B, token: "project-b-token-2" } })).toMatchObject({ changes: true, replaces: [] });
    expect(await implementation.diff("7", olds, props)).toMatchObject({ changes: true, replaces: [] });
  });

  test("a refused token is named by its setting, and its text is in no message", async () => {
    nock(B_API, bAuth()).get("/firewalls/8").reply(401, { error: { code: "unauthorized", message: "unable to authenticate" } });
    const error: Error = await firewall.read("8", { credentials: B }).then(() => undefined, (e) => e);
    expect(error.message).toBe("hcloud API GET /firewalls/8 failed: HTTP 401 unauthorized: unable to authenticate; check credentials.token: the API did not accept the token");
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(B_TOKEN);
  });
});

describe("check of credentials", () => {
  test("a token and an endpoint pass, and are kept as given", async () => {
    const { inputs: checked, failures } = await firewall.check({}, { ...inputs("b"), credentials: B });
    expect(failures).toEqual([]);
    expect(checked.credentials).toEqual(B);
  });

  test.each([
    [{ token: 42 }, "credentials.token must be a non-empty string"],
    [{ token: "  " }, "credentials.token must be a non-empty string"],
    [{ token: "s3cret-value", endpoint: "ftp://s3cret-value" }, "credentials.endpoint must be an http(s) URL such as https://api.hetzner.cloud/v1"],
    [{ token: "s3cret-value", endpoint: "s3cret-value" }, "credentials.endpoint must be an http(s) URL such as https://api.hetzner.cloud/v1"],
    [{ tokne: "s3cret-value" }, 'credentials: unknown property "tokne" (expected token or endpoint)'],
    ["s3cret-value", "credentials must be { token?: string, endpoint?: string }"],
  ])("%j fails before any request, without quoting the token", async (credentials, reason) => {
    const { failures } = await firewall.check({}, { ...inputs("b"), credentials });
    expect(failures).toEqual([{ property: "credentials", reason }]);
    expect(JSON.stringify(failures)).not.toContain("s3cret");
  });
});

describe("lookups with credentials", () => {
  afterEach(() => pulumi.runtime.setAllConfig({}));

  test("go to their project; without, to the program's config", async () => {
    pulumi.runtime.setAllConfig({ "hcloud:endpoint": API, "hcloud:token": "program-token" }, ["hcloud:token"]);
    const meta = { pagination: { page: 1, per_page: 50, previous_page: null, next_page: null, last_page: 1, total_entries: 1 } };
    const stack = nock(API, bAuth("program-token")).get("/locations").query({ page: 1, per_page: 50 }).reply(200, { locations: [FSN1], meta });
    const projectB = nock(B_API, bAuth()).get("/locations").query({ page: 1, per_page: 50 }).reply(200, { locations: [FSN1], meta });
    expect(await getLocations({ credentials: B })).toHaveLength(1);
    expect(await getLocations()).toHaveLength(1);
    stack.done();
    projectB.done();
  });

  test("bad credentials fail before any request, without quoting the token", async () => {
    await expect(getLocations({ credentials: { token: "s3cret-value", endpoint: "s3cret-value" } })).rejects.toThrow(
      /^hcloud lookup: credentials.endpoint must be an http\(s\) URL such as https:\/\/api.hetzner.cloud\/v1$/,
    );
  });
});
