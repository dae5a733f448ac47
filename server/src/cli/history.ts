/**
 * `mlrun-secrets-lint --history [range]`: the history scan (server/src/history) with the working tree's output
 * formats. JSON is the CLI's shape with, per finding, `commit`, `authorDate` and `key`, and a `history` object
 * (`root`, `revisions`, `commits`); `stats.files` counts the distinct blobs read. SARIF results carry the same three
 * in `properties`. Paths are relative to the repository root. Exit 0 no findings, 1 some, 2 usage or git error.
 */
import * as path from 'node:path';
import type { AnalyzerConfig } from '../../../shared/src/config';
import { maxFileBytes } from '../../../shared/src/config';
import { GitError } from '../history/git';
import { scanHistory, type HistoryRecord } from '../history/scanHistory';
import { displayPath } from '../workspace/fsNames';
import { excludeMatcher } from '../workspace/listFiles';
import { version } from '../version';
import type { CliOptions } from './args';
import { formatSarif } from './formatSarif';
import type { Report } from './report';
import { displayReport } from './report';
import type { CliIO } from './run';
import { writeOutput } from './writeOutput';

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

function text(findings: readonly HistoryRecord[], summary: string): string {
  const lines = findings.map(f => `${displayPath(f.path)}:${f.line}:${f.column}: ${f.severity} ${f.rule} ${f.name} [${f.commit.slice(0, 12)} ${f.authorDate}]${f.key ? ` ${f.key}` : ''}: ${f.message}`);
  lines.push(summary);
  return lines.join('\n') + '\n';
}

/** SARIF as for the working tree, each result with its commit, author date and key in `properties`. */
function sarif(report: Report, findings: readonly HistoryRecord[], root: string, skipped: { path: string; message: string }[]): string {
  const log = JSON.parse(formatSarif(report, version(), root, skipped)) as { runs: { results: { properties?: Record<string, unknown> }[] }[] };
  log.runs[0].results.forEach((r, i) => {
    const f = findings[i];
    r.properties = { ...r.properties, commit: f.commit, authorDate: f.authorDate, ...(f.key ? { key: f.key } : {}) };
  });
  return JSON.stringify(log, null, 2) + '\n';
}

export async function runHistory(options: CliOptions, io: CliIO, config: AnalyzerConfig, configRoot: string): Promise<number> {
  const say = (msg: string): void => io.stderr(`mlrun-secrets-lint: ${msg}\n`);
  const byConfig = excludeMatcher(config.exclude, configRoot);
  const byCli = excludeMatcher(options.exclude, io.cwd);
  let r;
  try {
    r = await scanHistory({
      cwd: io.cwd,
      revs: options.paths,
      config,
      maxBytes: maxFileBytes(config),
      minSeverity: options.minSeverity,
      excluded: (root, p) => { const abs = path.join(root, p); return byConfig(abs) || byCli(abs); },
    });
  } catch (e) {
    if (e instanceof GitError) { say(`--history: ${e.message}`); return 2; }
    throw e;
  }
  for (const s of r.skipped) say(`${displayPath(s.path)} (commit ${s.commit.slice(0, 12)}): ${s.message.replace(/\.$/, '')}`);
  const report: Report = { version: 1, findings: r.findings, stats: { files: r.blobs, parsedFiles: r.parsedBlobs, bytes: r.bytes, ms: r.ms } };
  const where = options.paths.length ? options.paths.join(' ') : 'HEAD';
  let out: string;
  if (options.format === 'json') {
    const shown = displayReport(report);
    out = JSON.stringify({ version: 1, history: { root: r.root, revisions: options.paths.length ? [...options.paths] : ['HEAD'], commits: r.commits }, findings: shown.findings, stats: shown.stats }, null, 2) + '\n';
  } else if (options.format === 'sarif') {
    out = sarif(report, r.findings, r.root, r.skipped);
  } else {
    const leaks = r.findings.length ? `${plural(r.findings.length, 'committed secret value')} found` : 'No committed secret values';
    out = text(r.findings, `${leaks} in ${plural(r.commits, 'commit')} of ${where} (${plural(r.blobs, 'blob')} read, ${r.parsedBlobs} parsed, ${(r.bytes / 1024 / 1024).toFixed(1)} MB) in ${r.ms} ms.`);
  }
  if (options.output) {
    const problem = writeOutput(path.resolve(io.cwd, options.output), out);
    if (problem) { say(`cannot write ${options.output}: ${problem}`); return 2; }
  } else {
    io.stdout(out);
  }
  return r.findings.length > 0 ? 1 : 0;
}
