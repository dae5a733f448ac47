/**
 * Findings for `mlrun run|project --secrets kind=source` values (see shell.ts): each value is a secret source,
 * checked as a YAML `secret_sources` entry is. A source the shell expands (`env=$KEYS`, `file=${F}`) keeps its
 * kind's MLS001 but is not read further.
 */
import type { Finding } from '../findings';
import type { CliSecret } from './shell';
import { sourceFindings, type SourceOptions } from './secretSources';

export function cliSecretFindings(secrets: readonly CliSecret[], module: number, options: SourceOptions, askedPaths: Set<string>): Finding[] {
  const out: Finding[] = [];
  for (const s of secrets) {
    const source = s.expanded ? undefined : { k: 'str' as const, s: s.sourceSpan.s, e: s.sourceSpan.e, v: s.source };
    out.push(...sourceFindings({ form: 'cli', module, at: s.span }, s.kind, source, options, askedPaths));
  }
  return out;
}
