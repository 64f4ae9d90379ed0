import { ActionState, ActionWaiter } from "../../../provider/core/actions";
import {
  currentResourceUrn,
  HostModule,
  installResourceLogging,
  reportLine,
  resetResourceLoggingForTests,
} from "../../../provider/host/log";

const FIREWALL = "urn:pulumi:dev::quickstart::pulumi-nodejs:dynamic/hcloud:Firewall::web";
const IP = "urn:pulumi:dev::quickstart::pulumi-nodejs:dynamic/hcloud:FloatingIp::ip";
const HOST_FILE = "/app/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js";
const ENGINE = "127.0.0.1:40123";

/** What `report` printed on stdout (console.log) while it ran; nothing is really printed. */
function stdoutOf(report: () => void): unknown[][] {
  const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
  try {
    report();
    return log.mock.calls.map((call) => [...call]);
  } finally {
    log.mockRestore();
  }
}

/** A request as the host receives it: the URN beside the properties it unpacks. */
function requestClass(getter: string) {
  return class {
    constructor(
      private readonly urn: string,
      private readonly payload: Record<string, unknown> = {},
    ) {}
    getUrn() {
      return this.urn;
    }
    [getter]() {
      return this.payload;
    }
  };
}

/** The host's modules as far as host/log.ts uses them; the engine client records what it is sent. */
function fakeHost(filename = HOST_FILE, engineFails = false) {
  const sent: Array<{ address: string; severity: number; message: string; urn: string; ephemeral: boolean }> = [];
  class LogRequest {
    fields: Record<string, unknown> = {};
    setSeverity(v: number) { this.fields.severity = v; }
    setMessage(v: string) { this.fields.message = v; }
    setUrn(v: string) { this.fields.urn = v; }
    setEphemeral(v: boolean) { this.fields.ephemeral = v; }
  }
  class EngineClient {
    constructor(private readonly address: string, readonly credentials: unknown) {}
    log(request: LogRequest, callback: (error: unknown) => void) {
      if (engineFails) throw new Error("channel closed");
      sent.push({ address: this.address, ...(request.fields as { severity: number; message: string; urn: string; ephemeral: boolean }) });
      callback(null);
    }
  }
  const provider = {
    CreateRequest: requestClass("getProperties"),
    UpdateRequest: requestClass("getNews"),
    DeleteRequest: requestClass("getProperties"),
  };
  const modules: Record<string, unknown> = {
    "../../proto/provider_pb": provider,
    "../../proto/engine_pb": { LogRequest, LogSeverity: { DEBUG: 0, INFO: 1, WARNING: 2, ERROR: 3 } },
    "../../proto/engine_grpc_pb": { EngineClient },
    "@grpc/grpc-js": { credentials: { createInsecure: () => "insecure" } },
  };
  const host: HostModule = {
    filename,
    require: (id) => {
      if (!(id in modules)) throw new Error(`Cannot find module '${id}'`);
      return modules[id];
    },
  };
  return { host, provider, sent };
}

/** Like the host: a gRPC callback unpacks the request, then awaits the provider (its own async context). */
function handle<T>(unpack: () => unknown, provider: () => Promise<T>): Promise<T> {
  return new Promise((resolve, reject) =>
    setImmediate(() => {
      const handler = async () => {
        unpack();
        await new Promise((r) => setTimeout(r, 1));
        return provider();
      };
      handler().then(resolve, reject);
    }),
  );
}

afterEach(() => resetResourceLoggingForTests());

describe("inside the dynamic-provider host", () => {
  test("each create, update and delete runs with the URN of its own request, however they interleave", async () => {
    const { host, provider } = fakeHost();
    installResourceLogging(host, ["node", HOST_FILE, ENGINE]);
    const urns = await Promise.all([
      handle(() => new provider.CreateRequest(FIREWALL).getProperties(), async () => currentResourceUrn()),
      handle(() => new provider.UpdateRequest(IP).getNews(), async () => currentResourceUrn()),
      handle(() => new provider.DeleteRequest(FIREWALL).getProperties(), async () => currentResourceUrn()),
    ]);
    expect(urns).toEqual([FIREWALL, IP, FIREWALL]);
    expect(currentResourceUrn()).toBeUndefined();
  });

  test("the unpacked properties are the host's own, untouched", () => {
    const { host, provider } = fakeHost();
    installResourceLogging(host, ["node", HOST_FILE, ENGINE]);
    const props = { name: "web" };
    expect(new provider.CreateRequest(FIREWALL, props).getProperties()).toBe(props);
  });

  test("a line with a URN goes to the engine's Log service (address: the host's last argument) as INFO", () => {
    const { host, sent } = fakeHost();
    installResourceLogging(host, ["node", HOST_FILE, "--logtostderr", "-v=9", ENGINE]);
    expect(stdoutOf(() => reportLine("waiting for apply_firewall on firewall 7 (web): 40% after 6s", FIREWALL))).toEqual([]);
    expect(sent).toEqual([
      { address: ENGINE, severity: 1, message: "waiting for apply_firewall on firewall 7 (web): 40% after 6s", urn: FIREWALL, ephemeral: false },
    ]);
  });

  test("a warning goes to the engine as WARNING, under its resource", () => {
    const { host, sent } = fakeHost();
    installResourceLogging(host, ["node", HOST_FILE, ENGINE]);
    expect(stdoutOf(() => reportLine("sshKeys changed", FIREWALL, "warning"))).toEqual([]);
    expect(sent).toEqual([{ address: ENGINE, severity: 2, message: "sshKeys changed", urn: FIREWALL, ephemeral: false }]);
  });

  test("the waiter reports each Action under the resource whose call started the wait", async () => {
    const { host, provider, sent } = fakeHost();
    installResourceLogging(host, ["node", HOST_FILE, ENGINE]);
    const polls = new Map<number, number>();
    const waiter = new ActionWaiter({
      fetch: async (ids) =>
        ids.map((id): ActionState => {
          polls.set(id, (polls.get(id) ?? 0) + 1);
          const running = polls.get(id)! < 2;
          return { id, command: "apply_firewall", status: running ? "running" : "success", progress: running ? 40 : 100, error: null, resources: [] };
        }),
      pollIntervalMs: 1,
      maxPollIntervalMs: 1,
      timeoutMs: 5000,
      reportAfterMs: 0,
      reportTarget: currentResourceUrn,
      report: (line, urn) => reportLine(line, urn as string | undefined),
    });
    const running = (id: number): ActionState => ({ id, command: "apply_firewall", status: "running", progress: 0, error: null, resources: [] });
    await Promise.all([
      handle(() => new provider.CreateRequest(FIREWALL).getProperties(), () => waiter.wait(running(1), { resource: "firewall 7 (web)" })),
      handle(() => new provider.UpdateRequest(IP).getNews(), () => waiter.wait(running(2), { resource: "floating IP 3 (ip)" })),
    ]);
    expect(sent.map(({ urn, message }) => [urn, message])).toEqual(
      expect.arrayContaining([
        [FIREWALL, expect.stringMatching(/^waiting for apply_firewall on firewall 7 \(web\): 40% after \d+s$/)],
        [IP, expect.stringMatching(/^waiting for apply_firewall on floating IP 3 \(ip\): 40% after \d+s$/)],
      ]),
    );
    expect(sent).toHaveLength(2);
  });
});

describe("anywhere else, lines stay on stdout", () => {
  test.each([
    ["not the host (a program, a test)", "/app/node_modules/@pulumi/pulumi/cmd/run/index.js", ENGINE],
    ["the host without an engine address", HOST_FILE, "--logtostderr"],
  ])("%s", (_what, filename, lastArg) => {
    const { host, provider, sent } = fakeHost(filename);
    installResourceLogging(host, ["node", filename, lastArg]);
    expect(stdoutOf(() => reportLine("waiting for x", FIREWALL))).toEqual([["waiting for x"]]);
    expect(sent).toEqual([]);
    // The host's classes were left alone.
    expect(Object.prototype.hasOwnProperty.call(provider.CreateRequest.prototype.getProperties, Symbol.for("pulumi-dns-cloud.urn-patched"))).toBe(false);
  });

  test("a host whose modules are laid out differently", () => {
    const { host, sent } = fakeHost();
    const broken: HostModule = { filename: host.filename, require: () => ({}) };
    installResourceLogging(broken, ["node", HOST_FILE, ENGINE]);
    expect(stdoutOf(() => reportLine("waiting for x", FIREWALL))).toEqual([["waiting for x"]]);
    expect(sent).toEqual([]);
  });

  test("an engine that cannot take the line: stdout, and the operation goes on", () => {
    const { host } = fakeHost(HOST_FILE, true);
    installResourceLogging(host, ["node", HOST_FILE, ENGINE]);
    expect(stdoutOf(() => reportLine("waiting for x", FIREWALL))).toEqual([["waiting for x"]]);
  });

  test("no URN (e.g. the first call of a process was a delete): stdout", () => {
    const { host, sent } = fakeHost();
    installResourceLogging(host, ["node", HOST_FILE, ENGINE]);
    expect(stdoutOf(() => reportLine("waiting for x", undefined))).toEqual([["waiting for x"]]);
    expect(sent).toEqual([]);
  });
});
