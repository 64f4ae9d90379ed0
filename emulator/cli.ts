/**
 * `npm run emulator -- --port N [--state-file F] [--action-duration-ms N] [--token T]... [--project NAME=TOKEN]... [--log-requests]`
 */
import { startEmulator, type EmulatorOptions } from "./server";

const USAGE = "usage: emulator [--port N] [--state-file F] [--action-duration-ms N] [--token T]... [--project NAME=TOKEN]... [--log-requests]";

function parseArgs(args: string[]): EmulatorOptions {
  const options: EmulatorOptions = {};
  const tokens: string[] = [];
  const projects: Record<string, string[]> = {};
  const number = (flag: string, value: string | undefined) => {
    const parsed = Number(value);
    if (value === undefined || !Number.isInteger(parsed) || parsed < 0) throw new Error(`${flag} needs a non-negative integer\n${USAGE}`);
    return parsed;
  };
  const text = (flag: string, value: string | undefined) => {
    if (value === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
    return value;
  };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    if (flag === "--port") options.port = number(flag, args[++i]);
    else if (flag === "--state-file") options.stateFile = text(flag, args[++i]);
    else if (flag === "--action-duration-ms") options.actionDurationMs = number(flag, args[++i]);
    else if (flag === "--token") tokens.push(text(flag, args[++i]));
    else if (flag === "--project") {
      // Another project with its own state; repeat it to give a project more tokens.
      const [, name, token] = /^([^=]+)=(.+)$/.exec(text(flag, args[++i])) ?? [];
      if (name === undefined) throw new Error(`--project needs NAME=TOKEN\n${USAGE}`);
      (projects[name] ??= []).push(token);
    } else if (flag === "--log-requests") options.logRequests = true;
    else throw new Error(`unknown argument ${flag}\n${USAGE}`);
  }
  if (tokens.length > 0) options.tokens = tokens;
  if (Object.keys(projects).length > 0) options.projects = projects;
  return options;
}

async function main(): Promise<void> {
  const emulator = await startEmulator(parseArgs(process.argv.slice(2)));
  console.log(`emulator listening on ${emulator.url} (Hetzner Cloud API: ${emulator.hcloudUrl}, Hetzner API: ${emulator.hetznerUrl}, Cloudflare API: ${emulator.cloudflareUrl}, VPS.org DNS: ${emulator.vpsorgUrl})`);
  console.log(`  legacy Hetzner DNS API: ${emulator.hetznerDnsUrl}`);
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(2);
});
