/**
 * `mlrun-secrets-lint`: lists the files, reads them (regular files up to the size limit only), skips those without
 * the keyword (most files never parse), analyses the rest, asks git once about the secrets files they name, and
 * writes the report. A file not analysed gets an MLS012 finding and, whatever --min-severity says, a line on stderr.
 */
import * as path from 'node:path';
import { maxFileBytes, type AnalyzerConfig } from '../../../shared/src/config';
import { gitFacts } from '../../../shared/src/gitFacts';
import type { FileFact } from '../../../shared/src/protocol';
import { atLeast } from '../../../shared/src/rules';
import { analyzeText, documentKind, mayHaveFindings, type DocumentKind, type FileAnalysis } from '../analysis/analyzeFile';
import { applyConfig } from '../analysis/configure';
import { initPython } from '../analysis/parser';
import { displayPath } from '../workspace/fsNames';
import { excludeMatcher } from '../workspace/listFiles';
import { cliImports } from '../workspace/moduleTexts';
import { notAnalysed, notAnalysedReason } from '../workspace/notAnalysed';
import { RegularFileReader, utf8Text } from '../workspace/regularFile';
import { version } from '../version';
import { parseArgs, UsageError, USAGE, type CliOptions } from './args';
import { collectFiles } from './collectFiles';
import { runHistory } from './history';
import { formatSarif, type Skipped } from './formatSarif';
import { formatText } from './formatText';
import { loadConfig } from './loadConfig';
import { displayReport, records, type FindingRecord, type Report } from './report';
import { writeOutput } from './writeOutput';

/** Where the CLI's size limit is set (named in MLS012 messages). */
const LIMIT_NAMES = '--max-file-size or maxFileSize in .mlrun-secrets.json';

export interface CliIO {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
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
  const say = (msg: string): void => io.stderr(`mlrun-secrets-lint: ${msg}\n`);
  const fail = (msg: string): void => { ioError = true; say(msg); };

  // Configuration.
  const loadedConfig = loadConfig(options, io.cwd, abs => rel(io.cwd, abs));
  if ('errors' in loadedConfig) {
    for (const m of loadedConfig.errors) say(m);
    return 2;
  }
  const { config, root: configRoot } = loadedConfig;
  const maxBytes = maxFileBytes(config);
  if (options.history) return runHistory(options, io, config, configRoot);

  // Files.
  const collected = await collectFiles(options.paths, io.cwd, config, configRoot, {
    config: excludeMatcher(config.exclude, configRoot),
    cli: excludeMatcher(options.exclude, io.cwd),
  });
  for (const m of collected.errors) fail(m);
  for (const m of collected.warnings) say(`warning: ${m}`);
  const files = collected.files;

  // Analysis.
  let bytes = 0;
  let parsedFiles = 0;
  const loaded: Loaded[] = [];
  const skipped: Skipped[] = [];
  const reader = new RegularFileReader();
  const imports = cliImports([configRoot, io.cwd]);
  /** A file not analysed: its MLS012 finding, and a line on stderr whatever --min-severity keeps. */
  const skip = (file: string, kind: DocumentKind, reason: string, ioProblem: boolean): void => {
    (ioProblem ? fail : say)(`${displayPath(rel(io.cwd, file))}: not analysed: ${reason}`);
    skipped.push({ path: rel(io.cwd, file), message: `Not analysed: ${reason}.` });
    loaded.push({ file, config, analysis: notAnalysed(kind, `Not analysed: ${reason}.`), text: '' });
  };
  for (const { file, root } of files) {
    const kind = documentKind(file)!;
    const read = reader.read(file, { maxBytes, root });
    if (!read.ok) {
      // A file git still lists but that was deleted from the working tree is not an error.
      if (read.kind === 'error' && read.code === 'ENOENT') continue;
      // Unreadable is an I/O error (exit 2); too large, not regular or a link out of the folder is the finding alone.
      skip(file, kind, notAnalysedReason(read, LIMIT_NAMES), read.kind === 'error');
      continue;
    }
    const buf = read.bytes;
    bytes += buf.length;
    if (!mayHaveFindings(kind, buf)) continue;
    // Resolved at once unless a previous file made the parser fail and a fresh one is loading.
    await initPython();
    const text = utf8Text(buf);
    try {
      const analysis = analyzeText(kind, text, { fileName: path.basename(file), imports: imports(file) });
      if (analysis.parsed) parsedFiles++;
      loaded.push({ file, config, analysis, text });
    } catch (e) {
      skip(file, kind, (e as Error).message, true);
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
      await initPython();
      l.analysis = analyzeText(l.analysis.kind, l.text, { fileFact, fileName: path.basename(l.file), imports: imports(l.file) });
    }
  }

  const findings: FindingRecord[] = [];
  for (const l of loaded) {
    const configured = applyConfig(l.analysis.findings, l.config).filter(f => atLeast(f.severity, options.minSeverity));
    findings.push(...records(rel(io.cwd, l.file), { units: l.analysis.units, findings: configured }));
  }
  findings.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : 1));
  const report: Report = { version: 1, findings, stats: { files: files.length, parsedFiles, bytes, ms: Math.round(performance.now() - started) } };

  const out = options.format === 'json' ? JSON.stringify(displayReport(report), null, 2) + '\n'
    : options.format === 'sarif' ? formatSarif(report, version(), io.cwd, skipped, !ioError)
      : formatText(displayReport(report), io.isTTY && !options.output && !process.env.NO_COLOR);
  if (options.output) {
    const problem = writeOutput(path.resolve(io.cwd, options.output), out);
    if (problem) {
      say(`cannot write ${options.output}: ${problem}`);
      return 2;
    }
  } else {
    io.stdout(out);
  }
  if (ioError) return 2;
  return findings.length > 0 ? 1 : 0;
}
