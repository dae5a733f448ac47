/**
 * Handlers of a Python file (top-level functions taking `context`) with the keys their code reads: directly in
 * their body, and in the top-level functions of the same file they call (followed transitively).
 */
import { isMlrunGetSecret, keysIn, secretKeyRead } from './calls';
import { moduleSources, secretSources, sourceKind } from './sites';
import type { Span } from './facts';
import type { ModuleFacts } from './resolve';
import { identifierAt, wordOccurrences } from './scope';
import type { PythonSource } from './source';

export interface HandlerSummary {
  name: string;
  id: Span;
  keysRead: string[];
  providersUsed: string[];
}

/** Names of top-level functions that `fn` calls by name (`helper(...)`). */
function callees(src: PythonSource, fnDef: Span, names: string[]): string[] {
  return src.withTreeAt(fnDef.s, (tree, text, base) => {
    const found: string[] = [];
    for (const name of names) {
      for (const i of wordOccurrences(text, name, fnDef.s - base, fnDef.e - base)) {
        const id = identifierAt(tree.rootNode, i, name.length);
        const call = id?.parent;
        if (call && call.type === 'call' && call.childForFieldName('function')?.startIndex === id!.startIndex) {
          found.push(name);
          break;
        }
      }
    }
    return found;
  }) ?? [];
}

export function handlerSummaries(src: PythonSource, m: ModuleFacts): HandlerSummary[] {
  const providers = [...new Set(moduleSources(m.calls).map(sourceKind).filter((k): k is string => !!k))].sort();
  const direct = new Map<string, Set<string>>();
  for (const c of m.calls) {
    if (!c.fn) continue;
    let keys: string[] = [];
    if (isMlrunGetSecret(c) || c.name === 'get_secret_or_env') {
      const k = secretKeyRead(c);
      if (k) keys = [k.key];
    } else {
      keys = secretSources(c).filter(src => sourceKind(src) === 'kubernetes').flatMap(src => keysIn(src.source).map(v => v.v));
    }
    if (!keys.length) continue;
    const set = direct.get(c.fn) ?? new Set<string>();
    for (const k of keys) set.add(k);
    direct.set(c.fn, set);
  }
  const readers = [...direct.keys()];
  const defs = new Map(m.functions.map(f => [f.name, f.def]));
  const calleeCache = new Map<string, string[]>();
  const calleesOf = (name: string): string[] => {
    let c = calleeCache.get(name);
    if (!c) {
      const def = defs.get(name);
      const candidates = [...defs.keys()].filter(n => n !== name);
      c = def && candidates.length ? callees(src, def, candidates) : [];
      calleeCache.set(name, c);
    }
    return c;
  };
  return m.handlers.map(h => {
    const keys = new Set<string>(direct.get(h.name) ?? []);
    if (readers.some(r => r !== h.name)) {
      const seen = new Set([h.name]);
      const queue = [h.name];
      while (queue.length) {
        for (const next of calleesOf(queue.shift()!)) {
          if (seen.has(next)) continue;
          seen.add(next);
          queue.push(next);
          for (const k of direct.get(next) ?? []) keys.add(k);
        }
      }
    }
    return { name: h.name, id: h.id, keysRead: [...keys].sort(), providersUsed: providers };
  });
}
