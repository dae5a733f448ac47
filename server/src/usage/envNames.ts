/**
 * `MLRUN_K8S_SECRET__<KEY>` strings in Python: the variable a job pod reads a project secret from (MLRun injects
 * each key as prefix + `key.upper()`). Found with tree-sitter (string nodes only, never comments or names); the
 * analyzer's call facts do not hold them, and most files never contain the prefix, so nothing is parsed for those.
 */
import { K8S_SECRET_ENV_PREFIX } from '../../../shared/src/mlrun';
import { parsePython, type Node } from '../analysis/parser';
import type { Span } from '../analysis/python/facts';
import { stringValue } from '../analysis/python/values';

export interface EnvNameUse {
  /** The name after the prefix (upper case as MLRun writes it; matched to keys ignoring case). */
  name: string;
  span: Span;
}

export function envNameUses(text: string): EnvNameUse[] {
  if (!text.includes(K8S_SECRET_ENV_PREFIX)) return [];
  const tree = parsePython(text);
  if (!tree) return [];
  const out: EnvNameUse[] = [];
  try {
    const stack: Node[] = [tree.rootNode];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.type === 'string') {
        const v = stringValue(n, text);
        if (v && v.startsWith(K8S_SECRET_ENV_PREFIX) && v.length > K8S_SECRET_ENV_PREFIX.length) {
          out.push({ name: v.slice(K8S_SECRET_ENV_PREFIX.length), span: { s: n.startIndex, e: n.endIndex } });
        }
        continue;
      }
      for (let i = n.namedChildCount - 1; i >= 0; i--) {
        const c = n.namedChild(i);
        if (c) stack.push(c);
      }
    }
  } finally {
    tree.delete();
  }
  return out.sort((a, b) => a.span.s - b.span.s);
}
