/**
 * One entry for whole files, as the CLI and the workspace scan read them from disk: Python, notebooks (code cells,
 * `%%writefile x.py` cells, `!mlrun …` shell lines), Markdown (Python code blocks), YAML and env files. Findings
 * come back per "unit": the file itself, or a notebook cell. Which files are analysed is shared/src/fileKinds.ts.
 */
import { documentKind, type DocumentKind, type TextKind } from '../../../shared/src/fileKinds';
import type { FileFact } from '../../../shared/src/protocol';
import { readNotebook, isPythonLanguage, pythonCellText } from './documents/notebook';
import { blockToDoc, pythonBlocks } from './documents/markdown';
import { analyzeYaml, yamlMayHaveFindings } from './documents/yaml';
import type { Finding, Fix, Span } from './findings';
import { sortFindings } from './findings';
import { analyzePythonSources, type PythonAnalysisOptions } from './python/analyzePython';
import type { ModuleFacts } from './python/resolve';
import { PYTHON_MLRUN_NEEDLES, PYTHON_NEEDLES } from './python/keywords';
import { PythonSource } from './python/source';
import type { ProjectInfo } from './rules/context';
import { analyzeEnvFile } from './rules/mls010EnvFile';
import { credentialUrls, mayHoldCredentialUrl } from './rules/mls011ConnectionString';

export { documentKind, type DocumentKind };

/**
 * A file can have a finding only when it holds one of its kind's keywords (a call of `with_secrets`,
 * `set_secrets` or `get_secret…`, a suppression comment; for notebooks and Markdown also `mlrun` for shell lines)
 * or a `scheme://…:…@` URL (MLS011). Env files are always read (a line scan). The checks run on raw bytes, so most
 * files of a large tree are never decoded. Every Python keyword holds `secret`, so a scan for it rules out almost
 * every file. Buffer.indexOf runs memchr on a needle's first character, and `c` is several times rarer than `s` in
 * code: `cret` first, then `secret` on the few files that have it, then the keywords (the standard library: 13 ms
 * instead of 20 ms of CPU for 30 MB). Python's lists, and the MLS008/MLS009 words that need no `secret` in a text
 * that names mlrun: python/keywords.ts.
 */
export const FILE_KEYWORD = 'secret';
const FILE_KEYWORD_TAIL = 'cret';
export const KIND_KEYWORDS: Readonly<Record<Exclude<DocumentKind, 'yaml' | 'env'>, readonly string[]>> = {
  python: PYTHON_NEEDLES,
  notebook: PYTHON_NEEDLES,
  markdown: PYTHON_NEEDLES,
};
/** Kinds whose shell lines may call the MLRun CLI (`!mlrun project -s env=…`). */
const SHELL_KEYWORD: Partial<Record<DocumentKind, string>> = { notebook: 'mlrun', markdown: 'mlrun' };

type Content = { indexOf(s: string, from?: number): number; length: number };

/** True when a file's bytes (or text) may hold a finding. */
export function mayHaveFindings(kind: DocumentKind, content: Content | Buffer | string): boolean {
  const byteAt = typeof content === 'string' ? (i: number) => content.charCodeAt(i) : (i: number) => (content as Buffer)[i];
  if (kind === 'env') return true;
  if (kind === 'yaml') return yamlMayHaveFindings(content, byteAt);
  if (content.indexOf(FILE_KEYWORD_TAIL) >= 0 && content.indexOf(FILE_KEYWORD) >= 0 && KIND_KEYWORDS[kind].some(k => content.indexOf(k) >= 0)) return true;
  const shell = SHELL_KEYWORD[kind];
  if (shell && content.indexOf(shell) >= 0) return true;
  if (kind === 'python' && content.indexOf('mlrun') >= 0 && PYTHON_MLRUN_NEEDLES.some(k => content.indexOf(k) >= 0)) return true;
  return hasCredentialUrl(content, byteAt);
}

/** MLS011's filter: the cheap byte scan, then (rarely) the real look at the decoded text, stand-ins left out. */
function hasCredentialUrl(content: Content | Buffer | string, byteAt: (i: number) => number): boolean {
  if (!mayHoldCredentialUrl(content, byteAt)) return false;
  return credentialUrls(typeof content === 'string' ? content : content.toString()).length > 0;
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
  /** The file's base name: env files ask `fileFact` about themselves (MLS010). */
  fileName?: string;
}

export interface FileAnalysis {
  kind: DocumentKind;
  units: Unit[];
  findings: Finding[];
  askedPaths: string[];
  /** Python modules (files, cells, blocks) with their facts, resolved on first read; empty for YAML and env files. */
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

/** The analysis of a non-Python text document (the language server keeps Python sources itself). */
export function analyzeTextDocument(kind: Exclude<TextKind, 'python'>, text: string, options: AnalyzeOptions): { findings: Finding[]; askedPaths: string[] } {
  // The keyword filter spares a Markdown file with no trace of MLRun a CommonMark parse on every edit.
  if (kind === 'markdown') return mayHaveFindings(kind, text) ? analyzeMarkdown(text, options) : { findings: [], askedPaths: [] };
  if (kind === 'yaml') return analyzeYaml(text, options);
  return analyzeEnvFile(text, options);
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
    case 'yaml':
    case 'env': {
      const r = analyzeTextDocument(kind, text, options);
      return { kind, units: [{ text, cell: null, rawLines: null }], findings: r.findings, askedPaths: r.askedPaths, modules: [], parsed: true };
    }
  }
}
