/**
 * `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other viewers. Validated in the tests with
 * @microsoft/sarif-multitool (`validate --rule-kind "Sarif;Gh"`).
 */
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { README_URL, RULE_IDS, RULES, ruleDocUrl, type RuleId, type Severity } from '../../../shared/src/rules';
import { uriPath } from '../workspace/fsNames';
import type { FindingRecord, Report } from './report';

const LEVEL: Record<Severity, Sarif.Result.level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** GitHub's `security-severity` (0–10) per rule. */
const SECURITY_SEVERITY: Record<RuleId, string> = {
  MLS000: '0.0', MLS001: '6.5', MLS002: '6.5', MLS003: '8.0', MLS004: '2.0', MLS005: '2.0', MLS006: '3.0', MLS007: '7.5',
  MLS008: '8.0', MLS009: '8.0', MLS010: '8.0', MLS011: '8.0', MLS012: '0.0',
};

function sentence(s: string): string {
  const t = s.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

function region(line: number, column: number, endLine: number, endColumn: number, notebook: boolean): Sarif.Region {
  // Notebook columns count in the cell's line, not in the raw JSON line: give lines only.
  if (notebook) return { startLine: line, endLine: Math.max(line, endLine) };
  return { startLine: line, startColumn: column, endLine, endColumn: Math.max(endLine === line ? column + 1 : 1, endColumn) };
}

function location(f: { path: string; line: number; column: number; cell: number | null; cellLine: number | null }, endLine: number, endColumn: number): Sarif.Location {
  return {
    physicalLocation: {
      artifactLocation: { uri: uriPath(f.path), uriBaseId: '%SRCROOT%' },
      region: region(f.line, f.column, endLine, endColumn, f.cell !== null),
    },
  };
}

/** A file that was not analysed, whatever --min-severity keeps of its MLS012 finding. */
export interface Skipped {
  path: string;
  message: string;
}

/**
 * The SARIF log. `skipped` files also appear as tool execution notifications, so a viewer shows them even when
 * their MLS012 results are filtered out; `ok` false marks the run as not successful (an I/O error).
 */
export function formatSarif(report: Report, version: string, cwd: string, skipped: readonly Skipped[] = [], ok = true): string {
  const rules = RULE_IDS.map((id): Sarif.ReportingDescriptor => {
    const r = RULES[id];
    return {
      id,
      name: r.name.split('-').map(w => w[0].toUpperCase() + w.slice(1)).join(''),
      shortDescription: { text: sentence(r.summary) },
      fullDescription: { text: `${sentence(r.summary)} ${sentence(r.fix)}` },
      helpUri: ruleDocUrl(id),
      help: { text: sentence(r.fix), markdown: `${sentence(r.fix)} See [${id} ${r.name}](${ruleDocUrl(id)}).` },
      defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
      properties: { tags: id === 'MLS000' || id === 'MLS004' || id === 'MLS005' ? ['mlrun', 'maintainability'] : ['mlrun', 'security', 'secrets'], precision: 'high', 'problem.severity': r.defaultSeverity === 'information' ? 'recommendation' : r.defaultSeverity, 'security-severity': SECURITY_SEVERITY[id] },
    };
  });
  const results = report.findings.map((f: FindingRecord) => {
    const result: Sarif.Result = {
      ruleId: f.rule,
      ruleIndex: RULE_IDS.indexOf(f.rule),
      level: LEVEL[f.severity],
      message: { text: sentence(f.message) },
      locations: [location(f, f.endLine, f.endColumn)],
    };
    if (f.related.length) {
      result.relatedLocations = f.related.map((r, i) => ({ id: i + 1, ...location(r, r.line, r.column + 1), message: { text: sentence(r.message) } }));
    }
    if (f.cell !== null) result.properties = { cell: f.cell, cellLine: f.cellLine };
    return result;
  });
  const notifications = skipped.map((x): Sarif.Notification => ({
    level: 'warning',
    message: { text: sentence(x.message) },
    locations: [{ physicalLocation: { artifactLocation: { uri: uriPath(x.path), uriBaseId: '%SRCROOT%' } } }],
    associatedRule: { id: 'MLS012', index: RULE_IDS.indexOf('MLS012') },
  }));
  const sarif: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'mlrun-secrets-lint',
          fullName: 'MLRun Secrets lint',
          version,
          semanticVersion: version,
          informationUri: README_URL,
          rules,
        },
      },
      originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd.endsWith('/') ? cwd : `${cwd}/`).href } },
      columnKind: 'utf16CodeUnits',
      results,
      invocations: [{ executionSuccessful: ok, ...(notifications.length ? { toolExecutionNotifications: notifications } : {}) }],
    }],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
