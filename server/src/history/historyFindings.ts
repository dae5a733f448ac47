/**
 * What the history scan reports of one blob's analysis: only the value-bearing rules (a literal value was
 * committed), each finding with the key it leaked and a message that says removing the code does not un-leak it.
 */
import type { RuleId } from '../../../shared/src/rules';
import type { Finding } from '../analysis/findings';

/** Rules whose finding means a value was written into the file (MLS002 only with a literal: its error form). */
export const VALUE_RULES: ReadonlySet<RuleId> = new Set<RuleId>(['MLS002', 'MLS003', 'MLS008', 'MLS009', 'MLS010', 'MLS011']);

/**
 * A second filter on a blob's bytes, after the analyzer's own keyword filter: a value-bearing finding in code needs
 * set_secrets / an inline with_secrets (MLS002, MLS003), a datastore profile (MLS008), set_env(s) (MLS009) or a URL
 * (MLS011). Code that only reads secrets (get_secret) is most of what passes the analyzer's filter and cannot leak a
 * value, so history skips parsing it. YAML and other kinds go by the analyzer's filter alone. Keep this list in step
 * with VALUE_RULES when a rule learns a new shape.
 */
const CODE_VALUE_NEEDLES = ['set_secrets', 'with_secrets', 'Profile', 'set_env', '://'];

export function mayHoldValues(kind: string, bytes: Buffer): boolean {
  if (kind !== 'python' && kind !== 'notebook' && kind !== 'markdown') return true;
  return CODE_VALUE_NEEDLES.some(n => bytes.includes(n));
}

/** A key name as rules quote it in messages (`The value of "DB_PASSWORD"`, `"AWS_SECRET_ACCESS_KEY" has a value`). */
const QUOTED_KEY = /"([A-Za-z_][A-Za-z0-9_.-]{0,252})"/;

/**
 * The key whose value leaked: the key of a store-literals fix on the finding's span, else the first key name the
 * message quotes (rules name the key that way and never the value); null when the rule names none (MLS011's URLs).
 */
export function leakedKey(f: Finding): string | null {
  for (const fix of f.fixes) {
    if (fix.kind !== 'storeLiterals') continue;
    const lit = fix.literals.find(l => l.span.s === f.span.s && l.span.e === f.span.e);
    if (lit) return lit.key;
  }
  return QUOTED_KEY.exec(f.message)?.[1] ?? null;
}

/** The value-bearing findings of a blob; an MLS002 whose call already has MLS003 findings is dropped (same leak). */
export function valueFindings(findings: readonly Finding[]): Finding[] {
  const mls003Calls = new Set(findings.filter(f => f.rule === 'MLS003').flatMap(f => f.related.map(r => `${r.module}:${r.span.s}:${r.span.e}`)));
  return findings.filter(f => {
    if (!VALUE_RULES.has(f.rule)) return false;
    if (f.rule === 'MLS002') return f.severity === 'error' && !mls003Calls.has(`${f.module}:${f.span.s}:${f.span.e}`);
    return true;
  });
}

/** What the rule found, up to its first ": " (rules explain after it), as one clause. */
function what(message: string): string {
  const cut = message.indexOf(': ');
  return (cut > 0 ? message.slice(0, cut) : message).replace(/[.\s]+$/, '');
}

/** The history message: what was committed, where, and what to do now. Never the value. */
export function historyMessage(f: Finding, commit: string, authorDate: string, key: string | null): string {
  return `${what(f.message)}, committed in ${commit.slice(0, 12)} (${authorDate.slice(0, 10)}). Removing the code does not un-leak it: anyone with a clone has the value. Rotate ${key ? `the value of "${key}"` : 'the value'} (set a new one in the store and revoke the old one) and, if needed, rewrite history (e.g. git filter-repo).`;
}
