/**
 * `mlrun-secrets-lint`: lists the files, reads them, skips those without the keyword (most files never parse),
 * analyses the rest, asks git once about the secrets files they name, and writes the report.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE, EMPTY_CONFIG, parseConfig, type AnalyzerConfig } from '../../../shared/src/config';
import { findRepoRoot, gitFacts } from '../../../shared/src/gitFacts';
import type { FileFact } from '../../../shared/src/protocol';
import { atLeast } from '../../../shared/src/rules';
import { analyzeText, documentKind, mayHaveFindings, type FileAnalysis } from '../analysis/analyzeFile';
import { applyConfig } from '../analysis/configure';
import { initPython } from '../analysis/parser';
import { excludeMatcher, listFiles } from '../workspace/listFiles';
import { cliImports } from '../workspace/moduleTexts';
import { version } from '../version';
import { parseArgs, UsageError, USAGE, type CliOptions } from './args';
import { formatSarif } from './formatSarif';
import { formatText } from './formatText';
import { records, type FindingRecord, type Report } from './report';

export interface CliIO {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
}

function findConfig(cwd: string): string | undefined {
  const stop = findRepoRoot(cwd);
  let dir = cwd;
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE);
    if (fs.existsSync(candidate)) return candidate;
    const up = path.dirname(dir);
    if (dir === stop || up === dir) return undefined;
    dir = up;
  }
}

function rel(cwd: string, abs: string): string {
  const r = path.relative(cwd, abs);
  return (r === '' ? path.basename(abs) : r).split(path.sep).join('/');
}

/** Candidate absolute paths for a path written in code: as is, next to the file, at the config root, here. */
function candidates(p: string, file: string, roots: string[]): string[] {
  if (path.isAbsolute(p)) return [p];
  return [...new Set([path.dirname(file), ...roots].map(r => path.resolve(r, p)))];
}

interface Loaded {
  file: string;
  config: AnalyzerConfig;
  analysis: FileAnalysis;
  text: string;
}

/** Reads files into one reused buffer (no per-file allocation); the bytes are valid until the next read. */
class FileReader {
  private buf = Buffer.allocUnsafe(1 << 20);

  read(file: string): Buffer {
    const fd = fs.openSync(file, 'r');
    try {
      let len = 0;
      for (;;) {
        if (len === this.buf.length) {
          const bigger = Buffer.allocUnsafe(this.buf.length * 2);
          this.buf.copy(bigger, 0, 0, len);
          this.buf = bigger;
        }
        const room = this.buf.length - len;
        const n = fs.readSync(fd, this.buf, len, room, null);
        len += n;
        // A short read of a regular file is its end: no extra read to see 0 bytes.
        if (n === 0 || n < room) return this.buf.subarray(0, len);
      }
    } finally {
      fs.closeSync(fd);
    }
  }
}

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const started = performance.now();
  let options: CliOptions;
  try {
    options = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`mlrun-secrets-lint: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (options.help) { io.stdout(USAGE + '\n'); return 0; }
  if (options.version) { io.stdout(version() + '\n'); return 0; }

  let ioError = false;
  const fail = (msg: string): void => { ioError = true; io.stderr(`mlrun-secrets-lint: ${msg}\n`); };

  // Configuration.
  let config: AnalyzerConfig = EMPTY_CONFIG;
  const configPath = options.config ? path.resolve(io.cwd, options.config) : findConfig(io.cwd);
  const configRoot = configPath ? path.dirname(configPath) : io.cwd;
  if (configPath) {
    let text: string;
    try {
      text = fs.readFileSync(configPath, 'utf8');
    } catch (e) {
      io.stderr(`mlrun-secrets-lint: cannot read the configuration ${configPath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return 2;
    }
    const parsed = parseConfig(text, rel(io.cwd, configPath));
    if (parsed.errors.length) {
      io.stderr(parsed.errors.map(m => `mlrun-secrets-lint: ${m}\n`).join(''));
      return 2;
    }
    config = parsed.config;
  }
  const configExcluded = excludeMatcher(config.exclude, configRoot);
  const cliExcluded = excludeMatcher(options.exclude, io.cwd);
  const excluded = (abs: string, isDir?: boolean): boolean => configExcluded(abs, isDir) || cliExcluded(abs, isDir);

  // Files.
  const files: string[] = [];
  const seen = new Set<string>();
  for (const p of options.paths) {
    const abs = path.resolve(io.cwd, p);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (e) {
      fail(`cannot read "${p}": ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
      continue;
    }
    const add = (f: string): void => { if (!seen.has(f)) { seen.add(f); files.push(f); } };
    if (st.isDirectory()) {
      const listed = await listFiles(abs, { exclude: config.exclude, excludeBase: configRoot, sync: true });
      for (const err of listed.errors) fail(`cannot read ${err}`);
      for (const f of listed.files) if (!cliExcluded(f)) add(f);
    } else if (documentKind(abs) && !excluded(abs)) {
      add(abs);
    }
  }

  // Analysis.
  let bytes = 0;
  let parsedFiles = 0;
  let ready = false;
  const loaded: Loaded[] = [];
  const reader = new FileReader();
  const imports = cliImports([configRoot, io.cwd]);
  for (const file of files) {
    let buf: Buffer;
    try {
      buf = reader.read(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // A file git still lists but that was deleted from the working tree is not an error.
      if (code === 'ENOENT') continue;
      fail(`cannot read ${rel(io.cwd, file)}: ${code ?? (e as Error).message}`);
      continue;
    }
    bytes += buf.length;
    const kind = documentKind(file)!;
    if (!mayHaveFindings(kind, buf)) continue;
    if (!ready) { await initPython(); ready = true; }
    let text = buf.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    try {
      const analysis = analyzeText(kind, text, { imports: imports(file) });
      if (analysis.parsed) parsedFiles++;
      loaded.push({ file, config, analysis, text });
    } catch (e) {
      fail(`cannot analyse ${rel(io.cwd, file)}: ${(e as Error).message}`);
    }
  }

  // MLS007: ask git once about every secrets file named in code, then analyse those files again.
  const asking = loaded.filter(l => l.analysis.askedPaths.length > 0);
  if (asking.length) {
    const roots = [configRoot, io.cwd];
    const all = asking.flatMap(l => l.analysis.askedPaths.flatMap(p => candidates(p, l.file, roots)));
    const facts = await gitFacts(all);
    for (const l of asking) {
      const fileFact = (p: string): FileFact | undefined => {
        const cands = candidates(p, l.file, roots);
        return cands.map(c => facts.get(c)).find(f => f?.exists) ?? facts.get(cands[0]);
      };
      l.analysis = analyzeText(l.analysis.kind, l.text, { fileFact, imports: imports(l.file) });
    }
  }

  const findings: FindingRecord[] = [];
  for (const l of loaded) {
    const configured = applyConfig(l.analysis.findings, l.config).filter(f => atLeast(f.severity, options.minSeverity));
    findings.push(...records(rel(io.cwd, l.file), { units: l.analysis.units, findings: configured }));
  }
  findings.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : 1));
  const report: Report = { version: 1, findings, stats: { files: files.length, parsedFiles, bytes, ms: Math.round(performance.now() - started) } };

  const out = options.format === 'json' ? JSON.stringify(report, null, 2) + '\n'
    : options.format === 'sarif' ? formatSarif(report, version(), io.cwd)
      : formatText(report, io.isTTY && !options.output && !process.env.NO_COLOR);
  if (options.output) {
    const target = path.resolve(io.cwd, options.output);
    try {
      // Write beside, then rename: a failed run never leaves half a report.
      const tmp = `${target}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, out);
      fs.renameSync(tmp, target);
    } catch (e) {
      io.stderr(`mlrun-secrets-lint: cannot write ${options.output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return 2;
    }
  } else {
    io.stdout(out);
  }
  if (ioError) return 2;
  return findings.length > 0 ? 1 : 0;
}
