/**
 * Benchmark 4: `mlrun-secrets-lint --history` over a repository of thousands of commits built here with
 * `git fast-import`, beside `git log -p | grep` on the same range and the CLI run once per commit (on a checkout
 * of each of a sample of commits, extrapolated to all). The history has the shape of a real project's: a few
 * hundred Python, notebook-free YAML and Markdown files, most commits touching one to three of them, a few touching
 * dozens, some files reading project secrets, and literals that a commit adds and a later one removes.
 * Seeded (MLRUN_SECRETS_SEED replays a history).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Random, seedFromEnv } from '../util/random';

export interface HistoryBenchResult {
  seed: number;
  commits: number;
  blobs: number;
  bytes: number;
  findings: number;
  historyMs: number;
  pipelineMs: number;
  pipelineBytes: number;
  perCommitSampleMs: number;
  perCommitSample: number;
  perCommitExtrapolatedMs: number;
}

const ENV = { ...process.env, GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.invalid', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.invalid' };

function pythonFile(r: Random, i: number, version: number, leak: boolean): string {
  const lines = [`"""Module ${i}, revision ${version}."""`, 'import os', 'import mlrun', ''];
  const reads = r.chance(0.15);
  for (let f = 0; f < 8 + r.int(40); f++) {
    lines.push(`def step_${f}_${version}(context, data):`, `    """Step ${f}."""`);
    if (reads && f % 7 === 0) lines.push(`    token = context.get_secret("API_TOKEN_${i % 9}")`);
    lines.push(`    total = sum(x * ${f + 1} for x in data)`, `    return {"total": total, "name": "step_${f}"}`, '', '');
  }
  if (leak) lines.push('project = mlrun.get_or_create_project("bench")', `project.set_secrets({"DB_PASSWORD_${i}": "bench-literal-${version}"})`, '');
  return lines.join('\n');
}

function yamlFile(i: number, version: number): string {
  return `kind: project\nmetadata:\n  name: bench-${i}\nspec:\n  params:\n    revision: ${version}\n  functions:\n${Array.from({ length: 10 }, (_, k) => `  - name: fn${k}\n    image: mlrun/mlrun\n`).join('')}`;
}

function markdownFile(i: number, version: number): string {
  return `# Notes ${i}\n\nRevision ${version}.\n\n${'Some prose about the pipeline and its data. '.repeat(30)}\n`;
}

/** The fast-import stream of the whole history. */
function history(r: Random, commits: number): Buffer {
  const files = Array.from({ length: 400 }, (_, i) => (i % 10 === 0 ? `docs/notes${i}.md` : i % 10 === 1 ? `config/project${i}.yaml` : `src/pkg${i % 17}/module${i}.py`));
  const leaking = new Set<number>();
  const parts: string[] = [];
  let t = 1_600_000_000;
  for (let c = 0; c < commits; c++) {
    t += 600 + r.int(86_400);
    parts.push(`commit refs/heads/main\nmark :${c + 1}\ncommitter Bench <bench@example.invalid> ${t} +0000\ndata 12\ncommit ${String(c).padStart(5, '0')}\n`);
    if (c > 0) parts.push(`from :${c}\n`);
    // Most commits touch 1–3 files; one in 40 touches dozens (a refactoring); the first adds them all.
    const n = c === 0 ? files.length : r.chance(0.025) ? 20 + r.int(60) : 1 + r.int(3);
    for (let k = 0; k < n; k++) {
      const i = c === 0 ? k : r.int(files.length);
      const p = files[i];
      let content: string;
      if (p.endsWith('.py')) {
        // One change in 300 adds a literal; the next change to that file removes it.
        const leak = !leaking.has(i) && r.chance(1 / 300);
        if (leak) leaking.add(i); else leaking.delete(i);
        content = pythonFile(r, i, c, leak);
      } else content = p.endsWith('.yaml') ? yamlFile(i, c) : markdownFile(i, c);
      parts.push(`M 100644 inline ${p}\ndata ${Buffer.byteLength(content)}\n${content}\n`);
    }
  }
  return Buffer.from(parts.join(''));
}

function timed<T>(f: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = f();
  return { ms: performance.now() - t0, value };
}

/** `git log -p <range> | grep -c -e …`: both processes spawned with argument arrays, the pipe made here. */
function pipeline(repo: string, keywords: string[]): Promise<{ ms: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const log = spawn('git', ['log', '-p', '--no-color', 'HEAD'], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
    const grep = spawn('grep', ['-c', ...keywords.flatMap(k => ['-e', k])], { stdio: ['pipe', 'ignore', 'inherit'] });
    let bytes = 0;
    log.stdout.on('data', (b: Buffer) => { bytes += b.length; });
    log.stdout.pipe(grep.stdin);
    log.on('error', reject);
    grep.on('error', reject);
    grep.on('close', () => resolve({ ms: performance.now() - t0, bytes }));
  });
}

export async function historyScan(cli: string, commits = 3000, sample = 12): Promise<HistoryBenchResult> {
  const seed = seedFromEnv();
  const r = new Random(seed);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlrun-secrets-history-bench-'));
  try {
    spawnSync('git', ['init', '-q', '-b', 'main', dir], { env: ENV });
    const imported = spawnSync('git', ['fast-import', '--quiet'], { cwd: dir, input: history(r, commits), env: ENV, maxBuffer: 64 * 1024 * 1024 });
    if (imported.status !== 0) throw new Error(`git fast-import failed: ${imported.stderr}`);
    spawnSync('git', ['checkout', '-q', 'main'], { cwd: dir });
    // Warm the page cache for both, then measure each (best of 3).
    let best = Infinity;
    let stats = { files: 0, bytes: 0 };
    let findings = 0;
    for (let run = 0; run < 3; run++) {
      const h = timed(() => spawnSync(process.execPath, [cli, '--history', '--format', 'json'], { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }));
      if (h.value.status !== 0 && h.value.status !== 1) throw new Error(`--history failed: ${h.value.stderr}`);
      const report = JSON.parse(h.value.stdout) as { findings: unknown[]; stats: { files: number; bytes: number } };
      stats = report.stats;
      findings = report.findings.length;
      best = Math.min(best, h.ms);
    }
    const keywords = ['with_secrets', 'set_secrets', 'get_secret', 'secret_sources', 'mlrun-secrets'];
    let pipe = { ms: Infinity, bytes: 0 };
    for (let run = 0; run < 3; run++) {
      const p = await pipeline(dir, keywords);
      if (p.ms < pipe.ms) pipe = p;
    }
    // The CLI per commit: a checkout of the commit (git archive | tar, as a CI job would get) and one CLI run.
    const hashes = spawnSync('git', ['rev-list', 'HEAD'], { cwd: dir, encoding: 'utf8' }).stdout.trim().split('\n');
    const step = Math.max(1, Math.floor(hashes.length / sample));
    const picked = hashes.filter((_, k) => k % step === 0).slice(0, sample);
    let perCommit = 0;
    for (const h of picked) {
      const out = fs.mkdtempSync(path.join(os.tmpdir(), 'mlrun-secrets-history-commit-'));
      try {
        const t = timed(() => {
          const archive = spawnSync('git', ['archive', '--format=tar', h], { cwd: dir, maxBuffer: 256 * 1024 * 1024 });
          spawnSync('tar', ['-x', '-C', out], { input: archive.stdout });
          spawnSync(process.execPath, [cli, '--format', 'json', out], { maxBuffer: 256 * 1024 * 1024 });
        });
        perCommit += t.ms;
      } finally {
        fs.rmSync(out, { recursive: true, force: true });
      }
    }
    return {
      seed, commits: hashes.length, blobs: stats.files, bytes: stats.bytes, findings,
      historyMs: best, pipelineMs: pipe.ms, pipelineBytes: pipe.bytes,
      perCommitSampleMs: perCommit, perCommitSample: picked.length, perCommitExtrapolatedMs: (perCommit / picked.length) * hashes.length,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
