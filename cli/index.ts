#!/usr/bin/env node
/** The package's command line (`npx pulumi-dns-cloud …`): today `generate`, see cli/generate. */
import { generate, usage, UsageError } from "./generate";

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== "generate") {
    process.stderr.write(`${command ? `unknown command "${command}"\n` : ""}${usage()}\n`);
    return 2;
  }
  try {
    process.stdout.write(await generate(rest));
    return 0;
  } catch (error) {
    process.stderr.write(`pulumi-dns-cloud generate: ${(error as Error).message}\n`);
    if (error instanceof UsageError) process.stderr.write(`${usage()}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
