/**
 * One entry for whole files, as the CLI and the workspace scan read them from disk: Python, notebooks (code cells),
 * Markdown (Python code blocks) and YAML. Findings come back per "unit": the file itself, or a notebook cell.
 */
import type { FileFact } from '../../../shared/src/protocol';
import { readNotebook, isPythonLanguage, pythonCellText } from './documents/notebook';
import { blockToDoc, pythonBlocks } from './documents/markdown';
import { analyzeYaml } from './documents/yaml';
import type { Finding, Fix, Span } from './findings';
import { sortFindings } from './findings';
import { analyzePythonSources, type PythonAnalysisOptions } from './python/analyzePython';
import type { ModuleFacts } from './python/resolve';
import { PYTHON_MLRUN_NEEDLES, PYTHON_NEEDLES } from './python/keywords';
import { PythonSource } from './python/source';
import type { ProjectInfo } from './rules/context';

export type DocumentKind = 'python' | 'notebook' | 'markdown' | 'yaml';

/** Files without this text cannot have findings (every rule and suppression mentions it). */
export const FILE_KEYWORD = 'secret';

/**
 * Sharper per-kind filters, checked after FILE_KEYWORD: a finding needs a call of `with_secrets`, `set_secrets`
 * or `get_secret…`, a `secret_sources` key in YAML, or a suppression comment. Python's lists: python/keywords.ts.
 */
export const KIND_KEYWORDS: Readonly<Record<DocumentKind, readonly string[]>> = {
  python: PYTHON_NEEDLES,
  notebook: PYTHON_NEEDLES,
  markdown: PYTHON_NEEDLES,
  yaml: ['secret_sources', 'mlrun-secrets'],
};

/** Kinds whose Python may hold a finding without FILE_KEYWORD (datastore profiles, set_env; python/keywords.ts). */
const PYTHON_KINDS: ReadonlySet<DocumentKind> = new Set<DocumentKind>(['python', 'notebook', 'markdown']);

/** True when a file's bytes (or text) may hold a finding. One scan for FILE_KEYWORD rules out almost every file. */
export function mayHaveFindings(kind: DocumentKind, content: { indexOf(s: string): number }): boolean {
  if (content.indexOf(FILE_KEYWORD) >= 0) {
    for (const k of KIND_KEYWORDS[kind]) if (content.indexOf(k) >= 0) return true;
  }
  return PYTHON_KINDS.has(kind) && content.indexOf('mlrun') >= 0 && PYTHON_MLRUN_NEEDLES.some(k => content.indexOf(k) >= 0);
}

export function documentKind(path: string): DocumentKind | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.py') || lower.endsWith('.pyw')) return 'python';
  if (lower.endsWith('.ipynb')) return 'notebook';
  if (lower.endsWith('.md') || lower.endsWith('.markdown')) return 'markdown';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  return undefined;
}

export interface Unit {
  text: string;
  /** Notebook cell index (0-based among all cells); null for other files. */
  cell: number | null;
  /** Notebook: the raw .ipynb line of each cell line. */
  rawLines: number[] | null;
}

export interface AnalyzeOptions extends PythonAnalysisOptions {
  project?: ProjectInfo | null;
  fileFact?: (path: string) => FileFact | undefined;
}

export interface FileAnalysis {
  kind: DocumentKind;
  units: Unit[];
  findings: Finding[];
  askedPaths: string[];
  /** Python modules (files, cells, blocks) with their facts, resolved on first read; empty for YAML. */
  readonly modules: ModuleFacts[];
  /** Whether the text passed the keyword filter and was parsed. */
  parsed: boolean;
}

function mapSpan(sp: Span, map: (o: number) => number): Span {
  return { s: map(sp.s), e: map(sp.e) };
}

function mapFix(fix: Fix, map: (o: number) => number): Fix {
  if (fix.kind === 'storeLiterals') {
    return { ...fix, literals: fix.literals.map(l => ({ key: l.key, span: mapSpan(l.span, map) })), rewrite: fix.rewrite.map(r => ({ span: mapSpan(r.span, map), text: r.text })) };
  }
  return { ...fix, edits: fix.edits.map(r => ({ span: mapSpan(r.span, map), text: r.text })) };
}

/** Markdown: analyse the code blocks together and map every offset back to the Markdown text (unit 0). */
export function analyzeMarkdown(text: string, options: AnalyzeOptions): Omit<FileAnalysis, 'kind' | 'units'> {
  const blocks = pythonBlocks(text);
  const sources = blocks.map(b => new PythonSource(b.text, { ipython: b.ipython }));
  try {
    const r = analyzePythonSources(sources, options);
    const findings = r.findings.map(f => {
      const map = (o: number): number => blockToDoc(blocks[f.module], o);
      return {
        ...f, module: 0, span: mapSpan(f.span, map),
        related: f.related.map(rel => ({ ...rel, module: 0, span: mapSpan(rel.span, o => blockToDoc(blocks[rel.module], o)) })),
        fixes: f.fixes.map(x => mapFix(x, map)),
      };
    });
    return { findings: sortFindings(findings), askedPaths: r.askedPaths, get modules() { return r.modules; }, parsed: true };
  } finally {
    for (const s of sources) s.dispose();
  }
}

/** Analyses the text of a whole file. Throws for a notebook that is not valid notebook JSON. */
export function analyzeText(kind: DocumentKind, text: string, options: AnalyzeOptions = {}): FileAnalysis {
  if (!mayHaveFindings(kind, text)) {
    return { kind, units: [{ text, cell: null, rawLines: null }], findings: [], askedPaths: [], modules: [], parsed: false };
  }
  switch (kind) {
    case 'python': {
      const src = new PythonSource(text);
      try {
        const r = analyzePythonSources([src], options);
        return { kind, units: [{ text, cell: null, rawLines: null }], findings: r.findings, askedPaths: r.askedPaths, get modules() { return r.modules; }, parsed: true };
      } finally {
        src.dispose();
      }
    }
    case 'notebook': {
      const nb = readNotebook(text);
      const cells = isPythonLanguage(nb.language) ? nb.cells : [];
      const units: Unit[] = [];
      const sources: PythonSource[] = [];
      for (const c of cells) {
        const code = pythonCellText(c.text);
        if (code === undefined) continue;
        units.push({ text: c.text, cell: c.index, rawLines: c.rawLines });
        sources.push(new PythonSource(code, { ipython: true }));
      }
      try {
        const r = analyzePythonSources(sources, options);
        return { kind, units, findings: r.findings, askedPaths: r.askedPaths, get modules() { return r.modules; }, parsed: true };
      } finally {
        for (const s of sources) s.dispose();
      }
    }
    case 'markdown': {
      const r = analyzeMarkdown(text, options);
      return { kind, units: [{ text, cell: null, rawLines: null }], findings: r.findings, askedPaths: r.askedPaths, get modules() { return r.modules; }, parsed: true };
    }
    case 'yaml': {
      const r = analyzeYaml(text, options);
      return { kind, units: [{ text, cell: null, rawLines: null }], findings: r.findings, askedPaths: r.askedPaths, modules: [], parsed: true };
    }
  }
}
