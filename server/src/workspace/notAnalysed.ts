/**
 * A file the analyzer did not read (too large, not a regular file, a link out of the folder, unreadable) gets one
 * MLS012 analysis-incomplete finding at its start, so the skip shows wherever findings show.
 */
import { RULES } from '../../../shared/src/rules';
import type { DocumentKind, FileAnalysis } from '../analysis/analyzeFile';
import { finding } from '../analysis/findings';
import { describeFailure, type ReadFailure } from './regularFile';

/** Why, e.g. "9,437,184 bytes, over the limit of 8,388,608 bytes (set by --max-file-size)". */
export function notAnalysedReason(failure: ReadFailure, limitNames: string): string {
  return `${describeFailure(failure)}${failure.kind === 'tooLarge' ? ` (set by ${limitNames})` : ''}`;
}

/** The MLS012 message: "Not analysed: <reason>." */
export function notAnalysedMessage(failure: ReadFailure, limitNames: string): string {
  return `Not analysed: ${notAnalysedReason(failure, limitNames)}.`;
}

/** The analysis of a file that was not read: its MLS012 finding and nothing else. */
export function notAnalysed(kind: DocumentKind, message: string): FileAnalysis {
  return {
    kind,
    units: [{ text: '', cell: null, rawLines: null }],
    findings: [finding('MLS012', RULES.MLS012.defaultSeverity, 0, { s: 0, e: 0 }, message)],
    askedPaths: [],
    modules: [],
    parsed: false,
  };
}

/** Where the editor's size limit is set (named in the MLS012 message). */
export const EDITOR_LIMIT_NAMES = 'the mlrunSecrets.maxFileSize setting or maxFileSize in .mlrun-secrets.json';

/** The MLS012 analysis of a file a scan could not read; undefined for one that no longer exists. */
export function unreadAnalysis(kind: DocumentKind, failure: ReadFailure, limitNames = EDITOR_LIMIT_NAMES): FileAnalysis | undefined {
  if (failure.kind === 'error' && failure.code === 'ENOENT') return undefined;
  return notAnalysed(kind, notAnalysedMessage(failure, limitNames));
}
