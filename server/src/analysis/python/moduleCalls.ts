/**
 * Calls that only the whole module shows: calls of module-level aliases of MLRun callables (`nt(...)` after
 * `from mlrun import new_task as nt`, `attach(...)` after `attach = task.with_secrets`, partials), and calls of
 * wrappers that forward their parameters to a secret call (one level: `attach(task, "inline", {...})` where
 * `def attach(task, kind, src): task.with_secrets(kind, src)`). Each becomes the secret call it amounts to, at
 * the call site, with `via` pointing at the MLRun call itself.
 */
import { BARE_CALLS, CALL_NAMES, type CallFact, type CallName, type CallSite, type Forwarder, type KeywordArg, type Val } from './facts';
import { fold } from './fold';
import { Resolver, shiftCall } from './resolver';
import type { PythonSource } from './source';
import { mapChildren } from './valTree';

const METHOD_NAMES = new Set<string>(CALL_NAMES);

/** The call sites of `name` in every chunk (absolute, names resolved), with their chunk. */
function sitesOf(src: PythonSource, r: Resolver, name: string): { site: CallSite; ci: number }[] {
  const out: { site: CallSite; ci: number }[] = [];
  src.chunks.forEach((c, ci) => {
    for (const ev of src.nameEvents(c, `${name}(`)) {
      if (ev.kind === 'call') out.push({ site: r.resolveCall(shiftCall(ev.site, c.start), ci), ci });
    }
  });
  return out;
}

/** What calling `v` amounts to: an MLRun call name, its receiver and the arguments a partial binds first. */
function callableOf(v: Val): { name: CallName; recv: Val; bare: boolean; preset: Val[] } | undefined {
  const preset: Val[] = [];
  for (let i = 0; i < 4 && v.k === 'call' && v.fn.k === 'imp' && v.fn.path === 'functools.partial' && v.args.length > 0; i++) {
    preset.unshift(...v.args.slice(1));
    v = v.args[0];
  }
  if (v.k === 'attr' && METHOD_NAMES.has(v.name)) return { name: v.name as CallName, recv: v.obj, bare: false, preset };
  if (v.k === 'imp' && v.level === 0 && (v.path === 'mlrun' || v.path.startsWith('mlrun.'))) {
    const last = v.path.slice(v.path.lastIndexOf('.') + 1) as CallName;
    if (BARE_CALLS.has(last)) return { name: last, recv: v, bare: true, preset };
  }
  return undefined;
}

function aliasCalls(src: PythonSource, r: Resolver, names: Set<string>): CallFact[] {
  const out: CallFact[] = [];
  for (const name of names) {
    for (const { site, ci } of sitesOf(src, r, name)) {
      if (!site.bare) continue;
      const bound = r.resolveRef(name, site.id.s, ci);
      const target = bound && callableOf(fold(bound, r.env));
      if (!target) continue;
      out.push({
        ...site, name: target.name, recv: target.recv, bare: target.bare, inner: target.preset.length ? null : site.inner,
        positional: [...target.preset, ...site.positional], via: { span: { s: bound!.s, e: bound!.e }, name },
      });
    }
  }
  return out;
}

/** The call inside a forwarder with its parameters replaced by what a call site passes. */
function bindCall(f: Forwarder, inner: CallFact, site: CallSite, skipSelf: boolean): CallFact | undefined {
  const params = skipSelf ? f.params.slice(1) : f.params;
  const bound = new Map<string, Val>();
  const rest: Val[] = [];
  const extra: KeywordArg[] = [];
  let pi = 0;
  for (const a of site.positional) {
    if (a.k === 'splat') return undefined;
    while (pi < params.length && params[pi].star === 2) pi++;
    const p = params[pi];
    if (!p) return undefined;
    if (p.star === 1) rest.push(a);
    else { bound.set(p.name, a); pi++; }
  }
  for (const k of site.keywords) {
    const p = params.find(x => x.name === k.name && x.star === 0);
    if (p) bound.set(p.name, k.val);
    else if (params.some(x => x.star === 2)) extra.push(k);
    else return undefined;
  }
  const star = params.find(p => p.star === 1)?.name;
  const dstar = params.find(p => p.star === 2)?.name;
  const subst = (v: Val): Val => {
    if (v.k === 'param' && v.fn === f.name) {
      if (v.name === star) return { k: 'list', s: site.call.s, e: site.call.e, items: rest, tuple: true };
      if (v.name === dstar) {
        return { k: 'dict', s: site.call.s, e: site.call.e, open: false, entries: extra.map(k => ({ key: { k: 'str', s: k.nameSpan.s, e: k.nameSpan.e, v: k.name }, value: k.val, s: k.nameSpan.s, e: k.val.e })) };
      }
      const b = bound.get(v.name);
      if (b) return b;
      return v;
    }
    return mapChildren(v, subst);
  };
  return {
    ...inner,
    id: site.id, call: site.call, inner: null, stmt: null, soleInBlock: false, fn: site.fn, recovered: site.recovered,
    recv: inner.recv && subst(inner.recv),
    positional: inner.positional.map(subst),
    keywords: inner.keywords.map(k => ({ ...k, val: subst(k.val) })),
    via: { span: inner.id, name: f.cls ? `${f.cls}.${f.name}` : f.name },
  };
}

function forwardedCalls(src: PythonSource, r: Resolver, forwarders: { f: Forwarder; ci: number; d: number }[]): CallFact[] {
  const out: CallFact[] = [];
  for (const { f, ci, d } of forwarders) {
    const inner = r.resolveCall(shiftCall(f.call, d), ci);
    for (const { site, ci: sci } of sitesOf(src, r, f.name)) {
      if (site.id.s >= inner.call.s && site.id.e <= inner.call.e) continue;
      if (f.cls) {
        if (site.bare) continue;
        const recv = site.recv && fold(site.recv, r.env);
        const clsName = recv?.k === 'inst' && recv.cls.k === 'class' ? recv.cls.name
          : recv?.k === 'call' && recv.fn.k === 'class' ? recv.fn.name : undefined;
        if (clsName !== f.cls) continue;
      } else {
        if (!site.bare) continue;
        const bound = r.resolveRef(f.name, site.id.s, sci);
        if (!bound || bound.k !== 'func' || bound.name !== f.name) continue;
      }
      const call = bindCall(f, inner, site, f.cls !== null);
      if (call) out.push(call);
    }
  }
  return out;
}

/** Alias and forwarded calls of a module (absolute, names resolved, not folded); empty for most modules. */
export function moduleLevelCalls(src: PythonSource, r: Resolver): CallFact[] {
  const aliases = new Set<string>();
  const forwarders: { f: Forwarder; ci: number; d: number }[] = [];
  src.chunks.forEach((c, ci) => {
    const facts = src.facts(c);
    for (const a of facts.aliases ?? []) aliases.add(a.name);
    for (const f of facts.forwarders ?? []) forwarders.push({ f, ci, d: c.start });
  });
  if (aliases.size === 0 && forwarders.length === 0) return [];
  return [...aliasCalls(src, r, aliases), ...forwardedCalls(src, r, forwarders)];
}

