/** Applies `.mlrun-secrets.json` / settings severities to findings (`off` drops them). */
import { effectiveSeverity, type AnalyzerConfig } from '../../../shared/src/config';
import type { Finding } from './findings';

export function applyConfig(findings: Finding[], config: AnalyzerConfig): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    const sev = effectiveSeverity(f.rule, f.severity, config);
    if (sev === 'off') continue;
    out.push(sev === f.severity ? f : { ...f, severity: sev });
  }
  return out;
}
