/**
 * MLS012 analysis-incomplete: the one finding for "this document (or this part of it) could not be analysed in
 * full" — too large, nested deeper than the parser allows, or the parser failed on it. Every such case says why.
 */
import { RULES } from '../../../shared/src/rules';
import { finding, type Finding, type Span } from './findings';

/** An MLS012 finding on `span` of module `module`; `what` is "This document", "This statement"…; `reason` says why. */
export function incompleteFinding(module: number, span: Span, what: string, reason: string): Finding {
  return finding('MLS012', RULES.MLS012.defaultSeverity, module, span,
    `${what} was not analysed: ${reason}, so findings in it may be missing. ${RULES.MLS012.fix}`);
}

/** The span of the first line of `text` from `start` (at most 1,000 characters): where an MLS012 points. */
export function firstLineSpan(text: string, start = 0): Span {
  const head = text.slice(start, start + 1000);
  const end = head.search(/[\r\n]|$/);
  return { s: start, e: start + end };
}

/** MLS012 for a document over the size limit (`size` in the unit the caller counts, e.g. characters). */
export function tooLargeFinding(text: string, size: number, unit: string, limit: number): Finding {
  return incompleteFinding(0, firstLineSpan(text), 'This document',
    `${size.toLocaleString('en')} ${unit} is over the ${formatLimit(limit)} limit`);
}

function formatLimit(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024} MB` : `${bytes.toLocaleString('en')}-byte`;
}
