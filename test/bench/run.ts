/**
 * `npm run bench`: the three benchmarks of the analyzer issue, with numbers printed beside their targets.
 * Runs the bundles (dist/server.js, dist/cli.js) that `npm run build` produced.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT, OUT } from '../util/paths';
import { editLatency } from './editLatency';
import { historyScan } from './historyScan';
import { memory } from './memory';
import { scanThroughput } from './scanThroughput';

const SERVER = path.join(REPO_ROOT, 'dist', 'server.js');
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const BASELINE = path.join(OUT, 'test', 'bench', 'baselineServer.js');

function row(name: string, value: string, target: string, ok: boolean | null): void {
  const mark = ok === null ? ' ' : ok ? '✓' : '✗';
  console.log(`  ${mark} ${name.padEnd(44)} ${value.padStart(12)}   target ${target}`);
}

function ms(n: number): string {
  return n >= 100 ? `${n.toFixed(0)} ms` : `${n.toFixed(2)} ms`;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const want = (k: string): boolean => only.length === 0 || only.includes(k);
  console.log(`MLRun Secrets benchmarks (node ${process.version}, ${require('node:os').cpus().length} cores, load ${require('node:os').loadavg()[0].toFixed(2)})`);
  // Measure what ships: the production bundles (minified, no source maps), as `npm run package` builds them.
  const build = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.mjs'), '--production'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`production build failed: ${build.stderr}`);
  console.log('(production bundles in dist/)\n');

  if (want('latency')) {
    console.log('1. Edit latency: 10,000-line file, 200 secret calls, 500 single-character edits, didChange → publishDiagnostics');
    const base = await editLatency(BASELINE);
    const r = await editLatency(SERVER);
    row('p50', ms(r.p50), '≤ 5 ms', r.p50 <= 5);
    row('p95', ms(r.p95), '≤ 20 ms', r.p95 <= 20);
    row('max', ms(r.max), '', null);
    row('open (first diagnostics)', ms(r.open), '', null);
    row(`diagnostics in the file`, String(r.diagnostics), '', null);
    row('reference: server that only splits lines, p50', ms(base.p50), '(about 1.5 ms)', null);
    console.log('');
  }

  if (want('scan')) {
    console.log('2. Scan throughput: the standard library of python3 on PATH (site-packages excluded)');
    const r = scanThroughput(CLI);
    console.log(`     ${r.stdlib}: ${r.files} files, ${(r.bytes / 1024 / 1024).toFixed(1)} MB`);
    row('mlrun-secrets-lint (whole process, best of 5)', ms(r.cli), '', null);
    if (r.cliWithoutExtraCerts !== null) {
      row('  the same without NODE_EXTRA_CA_CERTS', ms(r.cliWithoutExtraCerts), '', null);
      console.log('     (this environment sets NODE_EXTRA_CA_CERTS, which adds its certificate loading to every node start)');
    }
    if (r.rg !== null) row('rg, same keywords and file types (best of 5)', ms(r.rg), '', null);
    if (r.bandit !== null) row('bandit -r -t B105,B106,B107', ms(r.bandit), '', null);
    if (r.bandit !== null) row('speed-up over bandit', `${(r.bandit / r.cli).toFixed(0)}×`, '≥ 200×', r.bandit / r.cli >= 200);
    if (r.rg !== null) row('time relative to rg', `${(r.cli / r.rg).toFixed(2)}×`, '≤ 4×', r.cli / r.rg <= 4);
    if (r.rg !== null && r.cliWithoutExtraCerts !== null) {
      row('  without NODE_EXTRA_CA_CERTS', `${(r.cliWithoutExtraCerts / r.rg).toFixed(2)}×`, '≤ 4×', r.cliWithoutExtraCerts / r.rg <= 4);
    }
    console.log('');
  }

  if (want('history')) {
    console.log('4. History scan: a generated repository of 3,000 commits (git fast-import), same range for every tool');
    const r = await historyScan(CLI);
    const mb = (b: number): string => `${(b / 1024 / 1024).toFixed(1)} MB`;
    console.log(`     seed ${r.seed}: ${r.commits} commits, ${r.blobs} distinct blobs of analysed kinds (${mb(r.bytes)}), ${r.findings} committed values found`);
    row('mlrun-secrets-lint --history (whole process)', ms(r.historyMs), '', null);
    row('  throughput', `${Math.round(r.blobs / (r.historyMs / 1000))} blobs/s`, '', null);
    row('  throughput', `${(r.bytes / 1024 / 1024 / (r.historyMs / 1000)).toFixed(1)} MB/s`, '', null);
    row(`git log -p | grep (${mb(r.pipelineBytes)} of diffs)`, ms(r.pipelineMs), '', null);
    row('time relative to git log -p | grep', `${(r.historyMs / r.pipelineMs).toFixed(2)}×`, '≤ 3×', r.historyMs / r.pipelineMs <= 3);
    row(`CLI per commit (${r.perCommitSample} sampled, extrapolated)`, ms(r.perCommitExtrapolatedMs), '', null);
    row('speed-up over the CLI per commit', `${(r.perCommitExtrapolatedMs / r.historyMs).toFixed(0)}×`, '≥ 50×', r.perCommitExtrapolatedMs / r.historyMs >= 50);
    console.log('');
  }

  if (want('memory')) {
    console.log('3. Memory: server RSS after opening 1,000 files');
    const r = await memory(SERVER);
    row(`RSS (${r.files} files, ${r.diagnostics} diagnostics)`, `${r.rssMb.toFixed(0)} MB`, '≤ 150 MB', r.rssMb <= 150);
  }
}

main().catch(e => {
  console.error(e);
  process.exitCode = 1;
});
