/**
 * Suppression comments (Python and YAML comments alike):
 *   # mlrun-secrets: ignore[MLS001] <reason>                 silences those rules on this line
 *   # mlrun-secrets: ignore-next-line[MLS001, MLS003] <reason>  on the next line
 *   # nosec                                                  silences MLS001–MLS003 on this line (bandit habit)
 *   # nosec MLS001 B105                                      silences only our ids among those listed
 * A suppression without a reason is reported as MLS000 (information) on the comment; the placeholder `<reason>`
 * that the "Ignore on this line" quick fix inserts counts as no reason.
 */
import { isRuleId, RULES, type RuleId } from '../../../shared/src/rules';
import { finding, type Finding, type Span } from './findings';

export interface Suppression {
  kind: 'line' | 'next-line';
  rules: RuleId[];
  /** Where the comment is (MLS000 goes there). */
  span: Span;
  module: number;
  reason: boolean;
}

export interface MarkerComment {
  module: number;
  /** The comment, from its `#`. */
  span: Span;
}

const NOSEC_DEFAULT: RuleId[] = ['MLS001', 'MLS002', 'MLS003'];

function ids(list: string): string[] {
  return list.split(/[\s,]+/).map(s => s.trim().toUpperCase()).filter(s => s !== '');
}

/** The suppressions one comment holds (a comment may hold both forms). `comment` starts at its `#`. */
export function parseSuppressions(comment: string, span: Span, module: number): Suppression[] {
  const out: Suppression[] = [];
  const at = comment.indexOf('mlrun-secrets:');
  if (at >= 0) {
    const rest = comment.slice(at + 'mlrun-secrets:'.length);
    const m = /^\s*(ignore-next-line|ignore)\s*\[([^\]]*)\]([^#]*)/.exec(rest);
    if (m) {
      const rules = ids(m[2]).filter(isRuleId);
      const reason = m[3].trim();
      out.push({ kind: m[1] === 'ignore' ? 'line' : 'next-line', rules, span, module, reason: reason !== '' && reason !== '<reason>' });
    }
  }
  const nosec = /#\s*nosec\b:?([^#]*)/.exec(comment);
  if (nosec) {
    const listed = ids(nosec[1]);
    const ours = listed.filter(isRuleId);
    out.push({ kind: 'line', rules: listed.length === 0 ? NOSEC_DEFAULT : ours, span, module, reason: true });
  }
  return out;
}

function lineStart(text: string, offset: number): number {
  let i = Math.min(offset, text.length);
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === 10 || c === 13) break;
    i--;
  }
  return i;
}

function nextLineStart(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
  if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10) return i + 2;
  return i < text.length ? i + 1 : -1;
}

/**
 * Drops the findings that a suppression covers and adds MLS000 for suppressions without a reason.
 * `texts[module]` is the text of each module (line boundaries are looked up there).
 */
export function applySuppressions(findings: Finding[], comments: MarkerComment[], texts: readonly string[]): Finding[] {
  if (comments.length === 0) return findings;
  // module → line start → suppressed rules
  const byLine = new Map<string, Set<RuleId>>();
  const extra: Finding[] = [];
  for (const c of comments) {
    const text = texts[c.module] ?? '';
    for (const s of parseSuppressions(text.slice(c.span.s, c.span.e), c.span, c.module)) {
      const line = s.kind === 'line' ? lineStart(text, c.span.s) : nextLineStart(text, c.span.e);
      if (line >= 0) {
        const key = `${c.module}:${line}`;
        const set = byLine.get(key) ?? new Set<RuleId>();
        for (const r of s.rules) set.add(r);
        byLine.set(key, set);
      }
      if (!s.reason) {
        extra.push(finding('MLS000', RULES.MLS000.defaultSeverity, c.module, c.span, `This suppression gives no reason. ${RULES.MLS000.fix}`));
      }
    }
  }
  const kept = findings.filter(f => {
    const set = byLine.get(`${f.module}:${lineStart(texts[f.module] ?? '', f.span.s)}`);
    return !set || !set.has(f.rule);
  });
  const keptExtra = extra.filter(f => {
    const set = byLine.get(`${f.module}:${lineStart(texts[f.module] ?? '', f.span.s)}`);
    return !set || !set.has('MLS000');
  });
  return [...kept, ...keptExtra];
}
