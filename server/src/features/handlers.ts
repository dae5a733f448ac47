/**
 * `mlrunSecrets/handlers` and the CodeLens above each handler: top-level functions taking `context`, with the
 * keys their code reads and the provider kinds the file uses.
 */
import type { CodeLens } from 'vscode-languageserver';
import { Commands, type HandlerInfo } from '../../../shared/src/protocol';
import { handlerSummaries, type HandlerSummary } from '../analysis/python/handlers';
import { resolveModule } from '../analysis/python/resolve';
import { PythonSource } from '../analysis/python/source';
import { LineIndex } from '../analysis/lineIndex';
import { toFsPath } from '../workspace/folders';
import type { DiskTexts } from '../workspace/diskTexts';
import { rangeOf } from './convert';
import { recordFacts, type AnalysisRecord } from './analysisRecord';

function summaries(record: AnalysisRecord): HandlerSummary[] {
  if (record.kind !== 'python' || !record.sources[0] || !recordFacts(record)[0]) return [];
  return handlerSummaries(record.sources[0], recordFacts(record)[0]);
}

/** Handlers of an open Python document (from its analysis) or of a file on disk. */
export function handlerInfos(record: AnalysisRecord | undefined, uri: string, disk: DiskTexts): HandlerInfo[] {
  if (record) {
    const m = record.modules[0];
    return summaries(record).map(h => ({ name: h.name, range: rangeOf(m.doc, h.id), keysRead: h.keysRead, providersUsed: h.providersUsed }));
  }
  const fsPath = toFsPath(uri);
  if (!fsPath || !/\.pyw?$/i.test(fsPath)) return [];
  const text = disk.read(fsPath, true);
  if (typeof text !== 'string') return [];
  const src = new PythonSource(text);
  try {
    const idx = new LineIndex(text);
    return handlerSummaries(src, resolveModule(src)).map(h => ({
      name: h.name, range: { start: idx.positionAt(h.id.s), end: idx.positionAt(h.id.e) }, keysRead: h.keysRead, providersUsed: h.providersUsed,
    }));
  } finally {
    src.dispose();
  }
}

export function codeLenses(record: AnalysisRecord | undefined): CodeLens[] {
  if (!record || record.kind !== 'python') return [];
  const m = record.modules[0];
  return summaries(record).map(h => ({
    range: rangeOf(m.doc, h.id),
    command: {
      title: h.keysRead.length ? `$(play) Run with secrets (${h.keysRead.join(', ')})` : '$(play) Run with secrets',
      command: Commands.runJob,
      arguments: [{ uri: record.key, handler: h.name }],
    },
  }));
}
