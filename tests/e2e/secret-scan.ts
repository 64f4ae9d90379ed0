/**
 * Secret scans for e2e tests: a CLI session that keeps everything the CLI printed (except runs asked to reveal
 * secrets), and the scan of named texts and the backend's files for secrets in plain text.
 */
import { backendFilesContaining, CliResult, runCli } from "./harness";

/** `pulumi` in `dir` with `env`; `printed` holds the output of every run not given `--show-secrets`. */
export function cliSession(dir: string, env: Record<string, string>) {
  const printed: string[] = [];
  const cli = async (args: string[]): Promise<CliResult> => {
    const result = await runCli(args, { cwd: dir, env });
    if (!args.some((arg) => arg.startsWith("--show-secrets") && arg !== "--show-secrets=false")) printed.push(result.stdout, result.stderr);
    return result;
  };
  /** A run that must succeed: exit code 0 and nothing on stderr. */
  const ok = async (args: string[]): Promise<CliResult> => {
    const result = await cli(args);
    expect({ args, code: result.code, stderr: result.code === 0 ? "" : result.stderr }).toEqual({ args, code: 0, stderr: "" });
    return result;
  };
  return { dir, env, cli, ok, printed };
}

/**
 * Where a secret shows in plain text: `"<secret's label> in <place>"` for each of `places` (name → text) and
 * `"<label> in backend file <path>"` for the stack's backend files. Empty: nowhere.
 */
export function secretLeaks(secrets: Record<string, string>, places: Record<string, string>, env: Record<string, string>): string[] {
  return Object.entries(secrets).flatMap(([label, secret]) => [
    ...Object.entries(places).filter(([, text]) => text.includes(secret)).map(([place]) => `${label} in ${place}`),
    ...backendFilesContaining({ workspace: { envVars: env } }, secret).map((file) => `${label} in backend file ${file}`),
  ]);
}
