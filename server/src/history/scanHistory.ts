/**
 * The history scan, shared by `mlrun-secrets-lint --history` and the language server: lists the blobs of every
 * commit in the range once (enumerate.ts), reads them through one `git cat-file --batch` (catFile.ts), skips those
 * without the keywords on their bytes, analyses the rest and keeps the value-bearing findings (historyFindings.ts).
 */
import { type AnalyzerConfig } from '../../../shared/src/config';
import type { FileFact } from '../../../shared/src/protocol';
import { atLeast, RULES, type Severity } from '../../../shared/src/rules';
import { analyzeText, documentKind, mayHaveFindings, type DocumentKind } from '../analysis/analyzeFile';
import { applyConfig } from '../analysis/configure';
import { initPython } from '../analysis/parser';
import { records, type FindingRecord } from '../cli/report';
import { utf8Text } from '../workspace/regularFile';
import { CatFileBatch } from './catFile';
import { listHistoryBlobs, type HistoryBlob } from './enumerate';
import { checkRevisions, GitError, hasCommits, repositoryRoot } from './git';
import { historyMessage, leakedKey, mayHoldValues, valueFindings } from './historyFindings';

/** A finding of the history scan: the CLI's record plus where in history it was committed and the key it leaked. */
export interface HistoryRecord extends FindingRecord {
  commit: string;
  authorDate: string;
  /** The key whose value leaked; null when the rule names none (a URL's password). */
  key: string | null;
}

export interface HistoryOptions {
  /** Folder inside the repository (the scan covers the whole repository). */
  cwd: string;
  /** Revision arguments (`main..HEAD`); empty for HEAD. */
  revs: readonly string[];
  config: AnalyzerConfig;
  maxBytes: number;
  minSeverity: Severity;
  /** Repository-relative paths to leave out (configuration and --exclude). */
  excluded?: (root: string, path: string) => boolean;
  signal?: AbortSignal;
  /** Called now and then with the blobs read so far and the total to read. */
  onProgress?: (done: number, total: number) => void;
}

export interface HistorySkip {
  path: string;
  commit: string;
  message: string;
}

export interface HistoryResult {
  /** Repository top-level folder: paths are relative to it. */
  root: string;
  commits: number;
  /** Distinct blobs of analysable kinds read through cat-file. */
  blobs: number;
  /** Blobs that passed the keyword filter and were parsed. */
  parsedBlobs: number;
  bytes: number;
  findings: HistoryRecord[];
  skipped: HistorySkip[];
  ms: number;
}

/** In history every file was committed: rules that ask whether git tracks a file get "tracked". */
const COMMITTED: FileFact = { exists: true, trackedByGit: true, ignoredByGit: false };
const IN_FLIGHT = 64;

export async function scanHistory(o: HistoryOptions): Promise<HistoryResult> {
  const started = performance.now();
  const root = await repositoryRoot(o.cwd, o.signal);
  const revs = o.revs.length ? o.revs : ['HEAD'];
  const empty = { root, commits: 0, blobs: 0, parsedBlobs: 0, bytes: 0, findings: [], skipped: [] };
  if (o.revs.length === 0 && !(await hasCommits(root, o.signal))) return { ...empty, ms: Math.round(performance.now() - started) };
  await checkRevisions(root, revs, o.signal);
  const listing = await listHistoryBlobs(root, revs, p => documentKind(p) !== undefined && !o.excluded?.(root, p), o.signal);
  const result: HistoryResult = { ...empty, commits: listing.commits, findings: [], skipped: [], ms: 0 };
  const reader = new CatFileBatch(root, o.maxBytes);
  const onAbort = (): void => reader.kill();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  let ready = false;
  try {
    const blobs = listing.blobs;
    const pending = new Map<number, ReturnType<CatFileBatch['read']>>();
    const request = (i: number): void => { if (i < blobs.length) pending.set(i, reader.read(blobs[i].oid)); };
    for (let i = 0; i < Math.min(IN_FLIGHT, blobs.length); i++) request(i);
    for (let i = 0; i < blobs.length; i++) {
      // Answers already read (up to IN_FLIGHT) do not outlive a cancel.
      if (o.signal?.aborted) throw new GitError('cancelled', 'cancelled');
      const answer = await pending.get(i)!;
      pending.delete(i);
      request(i + IN_FLIGHT);
      if (o.onProgress && i % 50 === 0) o.onProgress(i, blobs.length);
      const blob = blobs[i];
      const kind = documentKind(blob.path)!;
      result.blobs++;
      if (answer.kind === 'missing') continue;
      result.bytes += answer.size;
      if (answer.kind === 'tooLarge') {
        result.skipped.push({ path: blob.path, commit: blob.commit.hash, message: `Not analysed: ${answer.size.toLocaleString('en-US')} bytes, over the limit of ${o.maxBytes.toLocaleString('en-US')} bytes (set by --max-file-size or maxFileSize in .mlrun-secrets.json).` });
        continue;
      }
      if (!mayHaveFindings(kind, answer.data) || !mayHoldValues(kind, answer.data)) continue;
      if (!ready) { await initPython(); ready = true; }
      result.parsedBlobs++;
      analyseBlob(blob, kind, utf8Text(answer.data), o, result);
    }
    o.onProgress?.(blobs.length, blobs.length);
  } catch (e) {
    if (o.signal?.aborted) throw new GitError('cancelled', 'cancelled');
    throw e;
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    reader.close();
  }
  result.findings.sort((a, b) => (a.authorDate < b.authorDate ? -1 : a.authorDate > b.authorDate ? 1 : 0) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.line - b.line || a.column - b.column);
  result.ms = Math.round(performance.now() - started);
  return result;
}

function analyseBlob(blob: HistoryBlob, kind: DocumentKind, text: string, o: HistoryOptions, result: HistoryResult): void {
  let analysis;
  try {
    analysis = analyzeText(kind, text, { fileFact: () => COMMITTED });
  } catch (e) {
    // A blob the analyzer refuses (a notebook that is not JSON) costs its own finding, never the scan.
    result.skipped.push({ path: blob.path, commit: blob.commit.hash, message: `Not analysed: ${(e as Error).message}` });
    return;
  }
  const kept = applyConfig(valueFindings(analysis.findings), o.config).filter(f => atLeast(f.severity, o.minSeverity));
  if (kept.length === 0) return;
  const recs = records(blob.path, { units: analysis.units, findings: kept });
  recs.forEach((r, n) => {
    const key = leakedKey(kept[n]);
    result.findings.push({ ...r, name: RULES[r.rule].name, message: historyMessage(kept[n], blob.commit.hash, blob.commit.authorDate, key), commit: blob.commit.hash, authorDate: blob.commit.authorDate, key });
  });
}
