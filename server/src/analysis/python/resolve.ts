/**
 * The resolved facts of one Python module (a file, a notebook cell, a Markdown code block): its MLRun calls —
 * absolute offsets, names resolved across chunks, values folded, only those that are MLRun's (normalize.ts) —,
 * handlers, functions and suppression markers. Computed on demand (hover, handlers, vault sources, project names);
 * diagnostics use the cached path of analyzePython.ts, which reaches the same calls.
 */
import type { CallFact, HandlerFact, Span } from './facts';
import { moduleLevelCalls } from './moduleCalls';
import { admitted, callEvidence, normalizeCall } from './normalize';
import { Resolver, type ImportHook } from './resolver';
import type { PythonSource } from './source';

export { factsHaveRefs, shiftCall, Resolver, type ImportHook } from './resolver';

export interface ModuleFacts {
  text: string;
  calls: CallFact[];
  handlers: HandlerFact[];
  functions: { name: string; id: Span; def: Span }[];
  /** Comments holding a suppression marker (absolute). */
  markers: Span[];
}

/** Whether any chunk of these sources imports mlrun (the tie-breaker for common method names). */
export function sourcesImportMlrun(sources: readonly PythonSource[]): boolean {
  return sources.some(src => src.chunks.some(c => src.facts(c).importsMlrun === true));
}

function shift(sp: Span, d: number): Span {
  return { s: sp.s + d, e: sp.e + d };
}

/**
 * `siblings`: every module of the document (notebook cells), whose imports count for each (so that
 * `sources.map(resolveModule)` does the right thing); `imports` follows imports into the workspace.
 */
export function resolveModule(src: PythonSource, _index?: number, siblings?: readonly PythonSource[], imports?: ImportHook): ModuleFacts {
  return resolveSource(src, siblings, imports, false);
}

/**
 * The module's MLRun calls only (handlers and functions left empty): what the key usage index needs. Chunks holding
 * no call are not parsed for their handlers, so indexing a large file costs no parse of every function in it.
 */
export function resolveModuleCalls(src: PythonSource, siblings?: readonly PythonSource[], imports?: ImportHook): ModuleFacts {
  return resolveSource(src, siblings, imports, true);
}

function resolveSource(src: PythonSource, siblings: readonly PythonSource[] | undefined, imports: ImportHook | undefined, callsOnly: boolean): ModuleFacts {
  return src.batch(() => {
    const r = new Resolver(src, imports);
    const raw: CallFact[] = [];
    const handlers: HandlerFact[] = [];
    const functions: ModuleFacts['functions'] = [];
    const markers: Span[] = [];
    src.chunks.forEach((c, ci) => {
      for (let k = 0; k < c.markers.length; k += 2) markers.push({ s: c.markers[k] + c.start, e: c.markers[k + 1] + c.start });
      const f = src.facts(c);
      if (f.calls.length) raw.push(...r.chunkCalls(ci));
      if (callsOnly) return;
      for (const h of f.handlers) handlers.push({ name: h.name, id: shift(h.id, c.start), def: shift(h.def, c.start) });
      for (const fn of f.functions) functions.push({ name: fn.name, id: shift(fn.id, c.start), def: shift(fn.def, c.start) });
    });
    raw.push(...moduleLevelCalls(src, r));
    const mlrun = sourcesImportMlrun(siblings ?? [src]);
    const calls = raw.map(c => normalizeCall(c, r.env)).filter(c => admitted(c, callEvidence(c), mlrun)).sort((a, b) => a.id.s - b.id.s);
    return { text: src.text, calls, handlers, functions, markers };
  });
}
