/**
 * Where a document names project secret keys, from what the analyzer already extracts: the reads MLS004 checks
 * (`get_secret`, `get_secret_or_env`, `with_secrets("kubernetes", [...])`, YAML kubernetes `secret_sources`) and the
 * keys of `set_secrets({...})` (writes), plus `MLRUN_K8S_SECRET__<KEY>` strings (envNames.ts). Pure: text or resolved module facts in, usages out (no LSP, no I/O).
 */
import { mayHaveFindings, type DocumentKind, type Unit } from '../analysis/analyzeFile';
import { blockToDoc, pythonBlocks } from '../analysis/documents/markdown';
import { isPythonLanguage, pythonCellText, readNotebook } from '../analysis/documents/notebook';
import { yamlKubernetesKeys } from '../analysis/documents/yaml';
import { arg } from '../analysis/python/calls';
import type { Span } from '../analysis/python/facts';
import { resolveModule, type ModuleFacts } from '../analysis/python/resolve';
import { PythonSource } from '../analysis/python/source';
import { keyUses } from '../analysis/rules/mls004UnknownSecretKey';
import { K8S_SECRET_ENV_PREFIX } from '../../../shared/src/mlrun';
import { envNameUses } from './envNames';

/**
 * `read`: the code needs the key (what MLS004 checks); `write`: `set_secrets` stores it; `env`: the code names the
 * variable a job pod reads it from (`MLRUN_K8S_SECRET__<KEY>`; `key` is then the upper-case name after the prefix).
 */
export type UsageKind = 'read' | 'write' | 'env';

export interface Usage {
  key: string;
  kind: UsageKind;
  /** Module (file, notebook cell, or 0 for Markdown and YAML, whose offsets are the document's). */
  unit: number;
  /** The key's string literal, quotes included. */
  span: Span;
  /** Between the quotes, when the literal spells the key exactly (so a rename can rewrite it); else null. */
  content: Span | null;
}

const STRING_PREFIX = /[rRuUbBfF]/;

/** Where the key text sits in its literal, when the literal is exactly the key (no escapes, concatenation, prefix). */
export function keyContent(text: string, span: Span, key: string): Span | null {
  if (text.slice(span.s, span.e) === key) return { s: span.s, e: span.e }; // a plain YAML scalar
  let i = span.s;
  while (i < span.e && STRING_PREFIX.test(text[i]!)) i++;
  const q = text[i];
  if (q !== '"' && q !== "'") return null;
  const quote = text.startsWith(q.repeat(3), i) ? q.repeat(3) : q;
  const s = i + quote.length;
  const e = span.e - quote.length;
  if (e < s || !text.startsWith(quote, e) || text.slice(s, e) !== key) return null;
  return { s, e };
}

/** Usages in resolved Python modules (a file, the cells of a notebook, or Markdown's code blocks). */
export function moduleUsages(modules: readonly ModuleFacts[]): Usage[] {
  const out: Usage[] = keyUses({ modules: [...modules], project: null, askedPaths: new Set() }).map(u => ({
    key: u.key, kind: 'read' as const, unit: u.module, span: u.span, content: keyContent(modules[u.module]!.text, u.span, u.key),
  }));
  modules.forEach((m, unit) => {
    for (const env of envNameUses(m.text)) out.push({ key: env.name, kind: 'env', unit, span: env.span, content: null });
    for (const call of m.calls) {
      if (call.name !== 'set_secrets' || call.bare) continue;
      const secrets = arg(call, 'secrets', 0);
      if (secrets?.k !== 'dict') continue;
      for (const en of secrets.entries) {
        if (en.key.k !== 'str') continue;
        const span = { s: en.key.s, e: en.key.e };
        out.push({ key: en.key.v, kind: 'write', unit, span, content: keyContent(m.text, span, en.key.v) });
      }
    }
  });
  return out.sort((a, b) => a.unit - b.unit || a.span.s - b.span.s);
}

/** Usages in a YAML text (unit 0). */
export function yamlUsages(text: string): Usage[] {
  return yamlKubernetesKeys(text).map(k => ({ key: k.key, kind: 'read' as const, unit: 0, span: k.span, content: keyContent(text, k.span, k.key) }));
}

/** Usages in a Markdown text: its Python code blocks, offsets mapped back to the Markdown (unit 0). */
export function markdownUsages(text: string): Usage[] {
  const blocks = pythonBlocks(text);
  const sources = blocks.map(b => new PythonSource(b.text, { ipython: b.ipython }));
  try {
    return moduleUsages(sources.map(resolveModule)).map(u => {
      const map = (o: number): number => blockToDoc(blocks[u.unit]!, o);
      const span = { s: map(u.span.s), e: map(u.span.e) };
      return { ...u, unit: 0, span, content: keyContent(text, span, u.key) };
    });
  } finally {
    for (const s of sources) s.dispose();
  }
}

export interface FileUsages {
  units: Unit[];
  usages: Usage[];
}

/** Usages in a whole file as read from disk. Throws for a notebook that is not notebook JSON. */
export function fileUsages(kind: DocumentKind, text: string): FileUsages {
  const whole: Unit[] = [{ text, cell: null, rawLines: null }];
  if (!mayHaveFindings(kind, text) && (kind === 'yaml' || !text.includes(K8S_SECRET_ENV_PREFIX))) return { units: whole, usages: [] };
  switch (kind) {
    case 'yaml': return { units: whole, usages: yamlUsages(text) };
    // Env files hold values, not reads of keys (MLS010 is about them).
    case 'env': return { units: whole, usages: [] };
    case 'markdown': return { units: whole, usages: markdownUsages(text) };
    case 'python': {
      const src = new PythonSource(text);
      try {
        return { units: whole, usages: moduleUsages([resolveModule(src)]) };
      } finally {
        src.dispose();
      }
    }
    case 'notebook': {
      const nb = readNotebook(text);
      const units: Unit[] = [];
      const sources: PythonSource[] = [];
      for (const c of isPythonLanguage(nb.language) ? nb.cells : []) {
        const code = pythonCellText(c.text);
        if (code === undefined) continue;
        units.push({ text: c.text, cell: c.index, rawLines: c.rawLines });
        sources.push(new PythonSource(code, { ipython: true }));
      }
      try {
        return { units, usages: moduleUsages(sources.map(resolveModule)) };
      } finally {
        for (const s of sources) s.dispose();
      }
    }
  }
}
