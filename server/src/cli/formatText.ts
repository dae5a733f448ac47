/** `--format text`: one line per finding, clickable `path:line:column` first, then a summary. */
import type { Severity } from '../../../shared/src/rules';
import type { FindingRecord, Report } from './report';

const COLORS: Record<Severity, string> = { error: '\x1b[31m', warning: '\x1b[33m', information: '\x1b[36m', hint: '\x1b[2m' };
const RESET = '\x1b[0m';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatText(report: Report, color: boolean): string {
  const lines: string[] = [];
  const sev = (s: Severity): string => (color ? `${COLORS[s]}${s}${RESET}` : s);
  for (const f of report.findings as FindingRecord[]) {
    const where = `${f.path}:${f.line}:${f.column}`;
    const cell = f.cell !== null ? ` (cell ${f.cell + 1}, line ${f.cellLine})` : '';
    lines.push(`${where}${cell}: ${sev(f.severity)} ${f.rule} ${f.name}: ${f.message}`);
    for (const r of f.related) {
      const rc = r.cell !== null ? ` (cell ${r.cell + 1}, line ${r.cellLine})` : '';
      lines.push(`    ${r.path}:${r.line}:${r.column}${rc}: ${r.message}`);
    }
  }
  const counts = new Map<Severity, number>();
  for (const f of report.findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  const files = new Set(report.findings.map(f => f.path)).size;
  const s = report.stats;
  if (report.findings.length === 0) {
    lines.push(`No findings in ${plural(s.files, 'file')} (${s.parsedFiles} parsed) in ${s.ms} ms.`);
  } else {
    const parts = (['error', 'warning', 'information', 'hint'] as Severity[]).filter(k => counts.has(k)).map(k => plural(counts.get(k)!, k === 'information' ? 'information finding' : k));
    lines.push(`${plural(report.findings.length, 'finding')} (${parts.join(', ')}) in ${plural(files, 'file')}; ${plural(s.files, 'file')} read, ${s.parsedFiles} parsed, in ${s.ms} ms.`);
  }
  return lines.join('\n') + '\n';
}
