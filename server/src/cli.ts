// mlrun-secrets-lint (dist/cli.js): the analyzer as a command-line tool for CI and pre-commit.
import { runCli } from './cli/run';

runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: s => process.stdout.write(s),
  stderr: s => process.stderr.write(s),
  isTTY: process.stdout.isTTY === true,
}).then(
  code => { process.exitCode = code; },
  (e: unknown) => {
    process.stderr.write(`mlrun-secrets-lint: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
