/**
 * Lines the user sees under the resource in `pulumi up`.
 *
 * The dynamic-provider host (@pulumi/pulumi/cmd/dynamic-provider) hands a provider neither the URN
 * of the resource a call is about nor a connection to the engine, and the engine shows the host's
 * stdout under the stack, not under the resource. So, inside the host only: the URN is read from
 * each create/update/delete request as the host unpacks it and kept in the call's async context,
 * and lines are sent with it through the engine's Log service (the engine's address is the host's
 * last argument). Anywhere else (the program, tests) lines go to stdout as before.
 */
import { AsyncLocalStorage } from "async_hooks";

const callUrn = new AsyncLocalStorage<string>();
const PATCHED = Symbol.for("pulumi-dns-cloud.urn-patched");

/** How a line is shown: `warning` for what the user should act on. */
export type LineSeverity = "info" | "warning";
type SendLog = (line: string, urn: string, severity: LineSeverity) => void;
let sendLog: SendLog | undefined;
let installed = false;

/** The URN of the resource the current provider call is about, inside the dynamic-provider host. */
export function currentResourceUrn(): string | undefined {
  return callUrn.getStore();
}

/** Shows a line under the resource with this URN, or on stdout when there is no URN or no engine. */
export function reportLine(line: string, urn?: string, severity: LineSeverity = "info"): void {
  if (urn && sendLog) {
    try {
      return sendLog(line, urn, severity);
    } catch {
      // A line is never worth failing the operation: stdout below.
    }
  }
  console.log(line);
}

/** What the host's modules look like to us: enough to find them and to check they have what we use. */
export interface HostModule {
  filename: string;
  require(id: string): any;
}

const HOST = /[\\/]@pulumi[\\/]pulumi[\\/]cmd[\\/]dynamic-provider[\\/]index\.js$/;

/** This module is the dynamic-provider host's entry point (the process every host hook is for). */
export function isDynamicProviderHost(module: { filename: string } | undefined = require.main): boolean {
  return module !== undefined && HOST.test(module.filename);
}

/**
 * Sets up per-resource lines when this process is the dynamic-provider host (once; anywhere else a
 * no-op). A host whose modules are laid out differently leaves the lines on stdout.
 */
export function installResourceLogging(host: HostModule | undefined = require.main, argv: string[] = process.argv): void {
  if (installed || !host || !isDynamicProviderHost(host)) return;
  const engineAddress = argv[argv.length - 1];
  if (!/^[\w.\-[\]]+:\d+$/.test(engineAddress ?? "")) return;
  try {
    const provider = host.require("../../proto/provider_pb");
    const engineProto = host.require("../../proto/engine_pb");
    const engineRpc = host.require("../../proto/engine_grpc_pb");
    const grpc = host.require("@grpc/grpc-js");
    // The host reads each request's properties synchronously before it calls the provider: the URN
    // entered here is the store of everything that call goes on to do.
    rememberUrnOn(provider.CreateRequest, "getProperties");
    rememberUrnOn(provider.UpdateRequest, "getNews");
    rememberUrnOn(provider.DeleteRequest, "getProperties");
    let client: any;
    sendLog = (line, urn, severity) => {
      client ??= new engineRpc.EngineClient(engineAddress, grpc.credentials.createInsecure());
      const request = new engineProto.LogRequest();
      request.setSeverity(severity === "warning" ? engineProto.LogSeverity.WARNING : engineProto.LogSeverity.INFO);
      request.setMessage(line);
      request.setUrn(urn);
      request.setEphemeral(false);
      client.log(request, (error: unknown) => {
        if (error) console.log(line);
      });
    };
    installed = true;
  } catch {
    sendLog = undefined;
  }
}

function rememberUrnOn(requestClass: any, getter: string): void {
  const prototype = requestClass?.prototype;
  const original = prototype?.[getter];
  if (typeof original !== "function" || typeof prototype.getUrn !== "function") throw new Error(`no ${getter}`);
  if (original[PATCHED]) return;
  const patched = function (this: { getUrn(): string }, ...args: unknown[]) {
    const urn = this.getUrn();
    if (urn) callUrn.enterWith(urn);
    return original.apply(this, args);
  };
  (patched as any)[PATCHED] = true;
  prototype[getter] = patched;
}

/** Undoes `installResourceLogging` for the next test (the patched classes are the test's own). */
export function resetResourceLoggingForTests(): void {
  installed = false;
  sendLog = undefined;
}
