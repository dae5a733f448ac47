/**
 * `npm run bench` (or `npm run bench -- latency first scan memory soak`, soak workloads by name with
 * `soak:python,notebook,markdown,files`): the language server beside the floor server (baselineServer.ts, run from
 * the same process), and the CLI beside rg and bandit, with numbers printed beside their targets. Runs the
 * production bundles (dist/server.js, dist/cli.js).
 */
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, OUT } from '../util/paths';
import { mb } from './drive';
import { editLatency } from './editLatency';
import { firstDiagnostics } from './firstDiagnostics';
import { historyScan } from './historyScan';
import { memory } from './memory';
import { scanThroughput } from './scanThroughput';
import { growth, soak } from './soak';

const SERVER = path.join(REPO_ROOT, 'dist', 'server.js');
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const FLOOR = path.join(OUT, 'test', 'bench', 'baselineServer.js');

function row(name: string, value: string, target: string, ok: boolean | null): void {
  const mark = ok === null ? ' ' : ok ? '✓' : '✗';
  console.log(`  ${mark} ${name.padEnd(48)} ${value.padStart(14)}   ${target}`);
}

function ms(n: number): string {
  return n >= 100 ? `${n.toFixed(0)} ms` : `${n.toFixed(2)} ms`;
}

function load(): string {
  return os.loadavg().map(l => l.toFixed(2)).join(' ');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const want = (k: string): boolean => args.length === 0 || args.some(a => a === k || a.startsWith(`${k}:`));
  console.log(`MLRun Secrets benchmarks (node ${process.version}, ${os.cpus().length} cores, load average ${load()})`);
  // Measure what ships: the production bundles (minified, no source maps), as `npm run package` builds them.
  const build = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.mjs'), '--production'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`production build failed: ${build.stderr}`);
  console.log('(production bundles in dist/; "floor" = a vscode-languageserver server that only keeps the text and splits lines)\n');

  if (want('latency')) {
    console.log('1. Edit latency: 10,000-line file, 200 secret calls, 1,000 letters typed at column 4 of random lines, didChange → publishDiagnostics');
    const r = await editLatency(SERVER, FLOOR);
    row('p50: ours / floor', `${ms(r.ours.p50)} / ${ms(r.floor.p50)}`, `${(r.ours.p50 / r.floor.p50).toFixed(2)}× (target ≤ 2×)`, r.ours.p50 <= 2 * r.floor.p50);
    row('p95: ours / floor', `${ms(r.ours.p95)} / ${ms(r.floor.p95)}`, `${(r.ours.p95 / r.floor.p95).toFixed(2)}× (target ≤ 3×)`, r.ours.p95 <= 3 * r.floor.p95);
    row('max: ours / floor', `${ms(r.ours.max)} / ${ms(r.floor.max)}`, '', null);
    row('diagnostics in the file', String(r.diagnostics), '', null);
    console.log(`     (load average ${load()})\n`);
  }

  if (want('first')) {
    console.log('2. First diagnostics after didOpen in a fresh server (median of 7 runs, range in brackets)');
    for (const [lines, target] of [[200, 50], [10_000, 150]] as const) {
      const r = await firstDiagnostics(SERVER, FLOOR, lines);
      row(`${lines.toLocaleString('en')} lines: ours`, ms(r.ours.median), `[${ms(r.ours.min)}–${ms(r.ours.max)}] target ≤ ${target} ms`, r.ours.median <= target);
      row(`${lines.toLocaleString('en')} lines: floor`, ms(r.floor.median), `[${ms(r.floor.min)}–${ms(r.floor.max)}]`, null);
      row(`  our server: spawn → initialized`, ms(r.oursInitialize), '(the parser loads during initialize)', null);
    }
    console.log(`     (load average ${load()})\n`);
  }

  if (want('scan')) {
    console.log('3. Scan throughput: the standard library of python3 on PATH (site-packages excluded)');
    const r = scanThroughput(CLI);
    console.log(`     ${r.stdlib}: ${r.files} files, ${(r.bytes / 1024 / 1024).toFixed(1)} MB`);
    row('mlrun-secrets-lint (whole process, best of 5)', ms(r.cli), '', null);
    if (r.cliWithoutExtraCerts !== null) {
      row('  the same without NODE_EXTRA_CA_CERTS', ms(r.cliWithoutExtraCerts), '', null);
      console.log('     (this environment sets NODE_EXTRA_CA_CERTS, which adds its certificate loading to every node start)');
    }
    const plain = r.cliWithoutExtraCerts ?? r.cli;
    if (r.rg !== null) row('rg, same keywords and file types (best of 5)', ms(r.rg), '', null);
    if (r.bandit !== null) row('bandit -r -t B105,B106,B107', ms(r.bandit), '', null);
    if (r.bandit !== null) row('speed-up over bandit', `${(r.bandit / plain).toFixed(0)}×`, 'target ≥ 200×', r.bandit / plain >= 200);
    if (r.bandit !== null && r.cliWithoutExtraCerts !== null) row('  with NODE_EXTRA_CA_CERTS', `${(r.bandit / r.cli).toFixed(0)}×`, '', null);
    if (r.rg !== null) row('time relative to rg', `${(plain / r.rg).toFixed(2)}×`, 'target ≤ 4×', plain / r.rg <= 4);
    if (r.rg !== null && r.cliWithoutExtraCerts !== null) row('  with NODE_EXTRA_CA_CERTS', `${(r.cli / r.rg).toFixed(2)}×`, '', null);
    console.log(`     (load average ${load()})\n`);
  }

  if (want('history')) {
    console.log('6. History scan: a generated repository of 3,000 commits (git fast-import), same range for every tool');
    const r = await historyScan(CLI);
    const mb1 = (b: number): string => `${(b / 1024 / 1024).toFixed(1)} MB`;
    console.log(`     seed ${r.seed}: ${r.commits} commits, ${r.blobs} distinct blobs of analysed kinds (${mb1(r.bytes)}), ${r.findings} committed values found`);
    row('mlrun-secrets-lint --history (whole process)', ms(r.historyMs), '', null);
    row('  throughput', `${Math.round(r.blobs / (r.historyMs / 1000))} blobs/s`, '', null);
    row('  throughput', `${(r.bytes / 1024 / 1024 / (r.historyMs / 1000)).toFixed(1)} MB/s`, '', null);
    row(`git log -p | grep (${mb1(r.pipelineBytes)} of diffs)`, ms(r.pipelineMs), '', null);
    row('time relative to git log -p | grep', `${(r.historyMs / r.pipelineMs).toFixed(2)}×`, '≤ 3×', r.historyMs / r.pipelineMs <= 3);
    row(`CLI per commit (${r.perCommitSample} sampled, extrapolated)`, ms(r.perCommitExtrapolatedMs), '', null);
    row('speed-up over the CLI per commit', `${(r.perCommitExtrapolatedMs / r.historyMs).toFixed(0)}×`, '≥ 50×', r.perCommitExtrapolatedMs / r.historyMs >= 50);
    console.log('');
  }

  if (want('memory')) {
    console.log('4. Memory: server RSS after opening 1,000 files');
    const r = await memory(SERVER);
    row(`RSS (${r.files} files, ${r.diagnostics} diagnostics)`, `${r.rssMb.toFixed(0)} MB`, 'target ≤ 150 MB', r.rssMb <= 150);
    console.log('');
  }

  if (want('soak')) {
    const only = args.find(a => a.startsWith('soak:'))?.slice(5).split(',');
    console.log('5. Soak: RSS and heapUsed (not collected first) every 1,000 edits / 100 files, ours beside the floor');
    const results = await soak({ ours: SERVER, floor: FLOOR, only });
    for (const r of results) {
      const g = growth(r.points.ours);
      const last = r.points.ours[r.points.ours.length - 1];
      row(`${r.workload.split(':')[0]}: RSS at the end / at 100 ${r.unit}`, `${g.toFixed(2)}×`, `ours ${mb(last.rss)}, floor ${growth(r.points.floor).toFixed(2)}× (target ≤ 1.25×)${r.aborted ? `; ${r.aborted}` : ''}`, r.aborted === null && g <= 1.25);
    }
    console.log(`     (load average ${load()})`);
  }
}

main().catch(e => {
  console.error(e);
  process.exitCode = 1;
});
