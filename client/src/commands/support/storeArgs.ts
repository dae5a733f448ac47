/** Checks the shape of `StoreLiterals.Args` (they come from the language server; pure). */
import type { StoreLiterals } from '../../../../shared/src/protocol';

interface Position { line: number; character: number }
interface Range { start: Position; end: Position }

function isPosition(p: unknown): p is Position {
  const v = p as Position;
  return !!v && Number.isInteger(v.line) && Number.isInteger(v.character) && v.line >= 0 && v.character >= 0;
}

function isRange(r: unknown): r is Range {
  const v = r as Range;
  return !!v && isPosition(v.start) && isPosition(v.end)
    && (v.start.line < v.end.line || (v.start.line === v.end.line && v.start.character <= v.end.character));
}

/** The arguments, or why they are unusable. */
export function checkStoreArgs(a: unknown): { ok: true; args: StoreLiterals.Args } | { ok: false; reason: string } {
  const v = a as StoreLiterals.Args;
  if (!v || typeof v !== 'object') return { ok: false, reason: 'no arguments' };
  if (typeof v.uri !== 'string' || !v.uri) return { ok: false, reason: 'no document URI' };
  if (typeof v.project !== 'string') return { ok: false, reason: 'no project field' };
  if (v.cellUri !== undefined && typeof v.cellUri !== 'string') return { ok: false, reason: 'a malformed cell URI' };
  if (!Array.isArray(v.literals) || v.literals.length === 0) return { ok: false, reason: 'no literals' };
  for (const l of v.literals) {
    if (!l || typeof l.key !== 'string' || !isRange(l.range)) return { ok: false, reason: 'a malformed literal' };
  }
  if (!Array.isArray(v.rewrite)) return { ok: false, reason: 'no rewrite' };
  for (const e of v.rewrite) {
    if (!e || typeof e.newText !== 'string' || !isRange(e.range)) return { ok: false, reason: 'a malformed edit' };
  }
  return { ok: true, args: v };
}
