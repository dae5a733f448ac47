/**
 * Runs the Azure doubles as a process (after `npm run compile-tests`):
 *
 *   node out/test/doubles/azure/main.js [--seed seed.json] [--ca-dir DIR] [--vault-port N] [--entra-port N] [--exit-with-stdin]
 *
 * `seed.json` follows `AzureSeed` (standalone.ts). When ready it prints one JSON line to stdout:
 *   {"ready":true,"pid":…,"authorityHost":…,"vaultUrlTemplate":…,"hostVaultUrlTemplate":…,"caFile":…,"tenant":…}
 * It serves until SIGINT/SIGTERM, or with `--exit-with-stdin` also until its stdin closes (so a parent that dies
 * takes it along).
 * Every request is logged to stderr as "vault|entra METHOD host path → status" (no bodies, headers or queries).
 */
import { readFileSync } from 'node:fs';
import { serveUntilStopped } from '../serve';
import { startSeededAzureDoubles, type AzureSeed } from './standalone';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function port(name: string): number | undefined {
  const v = arg(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} needs a port number, got ${v}`);
  return n;
}

async function main(): Promise<void> {
  const seedPath = arg('--seed');
  const seed: AzureSeed = seedPath ? (JSON.parse(readFileSync(seedPath, 'utf8')) as AzureSeed) : {};
  const caDir = arg('--ca-dir');
  const vaultPort = port('--vault-port');
  const entraPort = port('--entra-port');
  const { doubles, info } = await startSeededAzureDoubles(seed, {
    ...(caDir ? { caDir } : {}),
    ...(vaultPort !== undefined ? { vaultPort } : {}),
    ...(entraPort !== undefined ? { entraPort } : {}),
  });
  let logged = 0;
  const flush = (): void => {
    for (; logged < doubles.requests.length; logged++) {
      const r = doubles.requests[logged]!;
      process.stderr.write(`${r.server} ${r.method} ${r.host} ${r.path} → ${r.status}\n`);
    }
  };
  const timer = setInterval(flush, 100);
  process.stdout.write(`${JSON.stringify({ ready: true, pid: process.pid, ...info })}\n`);
  serveUntilStopped(() => {
    clearInterval(timer);
    flush();
    return doubles.close();
  }, process.argv.includes('--exit-with-stdin'));
}

main().catch(e => {
  process.stderr.write(`azure doubles failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
