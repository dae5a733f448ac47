/**
 * From a call as read (its names resolved) to the call MLRun receives: values folded (fold.ts), `*args` / `**kw`
 * of known tuples and dicts expanded, an unbound call (`RunTemplate.with_secrets(task, "inline", …)`) turned into
 * a method call, and the decision whether it is MLRun's (mlrunApi.ts).
 */
import { fold, type FoldEnv } from './fold';
import { IMPORT_GATED, type CallFact, type KeywordArg, type Val } from './facts';
import { evidenceOf, isClassReceiver, type Evidence } from './mlrunApi';

/** Methods MLRun defines as static or class methods (their receiver is a class on purpose). */
const STATIC_METHODS = new Set(['from_list']);

function expandSplats(positional: Val[], keywords: KeywordArg[]): { positional: Val[]; keywords: KeywordArg[]; splat: boolean } {
  if (!positional.some(p => p.k === 'splat')) return { positional, keywords, splat: false };
  const out: Val[] = [];
  const kws = [...keywords];
  let splat = false;
  let cut = false;
  for (const p of positional) {
    if (p.k !== 'splat') {
      if (!cut) out.push(p);
      continue;
    }
    const v = p.val;
    if (!p.dict && v.k === 'list' && !v.items.some(i => i.k === 'splat')) {
      if (!cut) out.push(...v.items);
    } else if (p.dict && v.k === 'dict' && !v.open && v.entries.every(en => en.key.k === 'str')) {
      for (const en of v.entries) kws.push({ name: (en.key as { v: string }).v, nameSpan: { s: en.key.s, e: en.key.e }, val: en.value });
    } else {
      splat = true;
      // Positions after an unknown *args are unknown.
      if (!p.dict) cut = true;
    }
  }
  return { positional: out, keywords: kws, splat };
}

export function normalizeCall(call: CallFact, env: FoldEnv = {}): CallFact {
  const recv = call.recv && fold(call.recv, env);
  const folded = expandSplats(call.positional.map(v => fold(v, env)), call.keywords.map(k => ({ ...k, val: fold(k.val, env) })));
  let positional = folded.positional;
  let out: CallFact = { ...call, recv, positional, keywords: folded.keywords, splat: call.splat || folded.splat };
  if (!call.bare && call.name !== 'profile' && call.name !== 'secret_sources' && !STATIC_METHODS.has(call.name) && isClassReceiver(recv ?? call.recv) && positional.length > 0) {
    // RunTemplate.with_secrets(task, "inline", {...}): the instance is the first argument.
    const self = positional[0];
    positional = positional.slice(1);
    out = { ...out, recv: self, positional, inner: null };
  }
  return out;
}

export function callEvidence(call: CallFact): Evidence {
  return evidenceOf(call.recv);
}

/** A receiver named the way MLRun's documentation names projects (`project`, `proj`, `my_project`). */
const PROJECT_NAME = /^(?:project|proj|prj|\w+_project|project_\w+)$/i;

/**
 * Whether a call is MLRun's, as far as the analyzer can tell: never on something provably not MLRun's; always on
 * MLRun's API; otherwise by its gate (facts.ts): evidence in its arguments or name, or — for common names — the
 * document's own `import mlrun` (for `set_secrets`, also a receiver named like a project).
 */
export function admitted(call: CallFact, ev: Evidence, importsMlrun: boolean): boolean {
  if (ev.t === 'foreign') return false;
  if (ev.t === 'mlrun') {
    // The feature store's data sources have a set_secrets of their own (credentials for reading the source).
    if (call.name === 'set_secrets' && ev.inst && ev.path.endsWith('Source')) return false;
    return true;
  }
  if (!IMPORT_GATED.has(call.name) || importsMlrun) return true;
  return call.name === 'set_secrets' && call.receiver !== null && PROJECT_NAME.test(call.receiver);
}
