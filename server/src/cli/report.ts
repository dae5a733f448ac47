/**
 * The CLI's findings, located as the README documents them: `path` relative to the working directory with `/`,
 * 1-based lines and UTF-16 columns; for notebooks `line` is the raw .ipynb line, `cell` the 0-based cell index and
 * `cellLine` the 1-based line in the cell (the column counts in that cell line).
 */
import { RULES, type RuleId, type Severity } from '../../../shared/src/rules';
import type { FileAnalysis, Unit } from '../analysis/analyzeFile';
import { LineIndex } from '../analysis/lineIndex';
import type { Span } from '../analysis/findings';
import { displayPath } from '../workspace/fsNames';

export interface RelatedRecord {
  path: string;
  line: number;
  column: number;
  cell: number | null;
  cellLine: number | null;
  message: string;
}

export interface FindingRecord {
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  cell: number | null;
  cellLine: number | null;
  rule: RuleId;
  name: string;
  severity: Severity;
  message: string;
  related: RelatedRecord[];
}

export interface Stats {
  files: number;
  parsedFiles: number;
  bytes: number;
  ms: number;
}

export interface Report {
  version: 1;
  findings: FindingRecord[];
  stats: Stats;
}

interface Located {
  line: number;
  column: number;
  cell: number | null;
  cellLine: number | null;
}

function locator(unit: Unit): (offset: number) => Located {
  const idx = new LineIndex(unit.text);
  return offset => {
    const p = idx.positionAt(offset);
    if (unit.cell !== null && unit.rawLines) {
      const raw = unit.rawLines[Math.min(p.line, unit.rawLines.length - 1)] ?? 0;
      return { line: raw + 1, column: p.character + 1, cell: unit.cell, cellLine: p.line + 1 };
    }
    return { line: p.line + 1, column: p.character + 1, cell: null, cellLine: null };
  };
}

/** Records for one analysed file (`relPath` already relative and `/`-separated). */
export function records(relPath: string, analysis: Pick<FileAnalysis, 'units' | 'findings'>): FindingRecord[] {
  if (analysis.findings.length === 0) return [];
  const locators = new Map<number, (offset: number) => Located>();
  const at = (module: number, offset: number): Located => {
    const m = analysis.units[module] ? module : 0;
    let l = locators.get(m);
    if (!l) locators.set(m, l = locator(analysis.units[m]));
    return l(offset);
  };
  return analysis.findings.map(f => {
    const s = at(f.module, f.span.s);
    const e = at(f.module, f.span.e);
    return {
      path: relPath,
      line: s.line,
      column: s.column,
      endLine: e.line,
      endColumn: e.column,
      cell: s.cell,
      cellLine: s.cellLine,
      rule: f.rule,
      name: RULES[f.rule].name,
      severity: f.severity,
      message: f.message,
      related: f.related.map(r => {
        const l = at(r.module, r.span.s);
        return { path: relPath, line: l.line, column: l.column, cell: l.cell, cellLine: l.cellLine, message: r.message };
      }),
    };
  });
}

/**
 * The report as JSON and text print it: paths as fsNames.displayPath writes them (git-style quoting for names
 * that are not valid UTF-8 or hold control characters; every other path unchanged). SARIF encodes them as URIs.
 */
export function displayReport(report: Report): Report {
  return {
    ...report,
    findings: report.findings.map(f => ({ ...f, path: displayPath(f.path), related: f.related.map(r => ({ ...r, path: displayPath(r.path) })) })),
  };
}

export type { Span };
