/**
 * Reads the facts of one parsed chunk: the secret-related calls (found from their names in the text, confirmed by
 * the tree: identifiers in call position, never strings, comments, definitions or look-alikes), the module-level
 * aliases of MLRun callables, the wrappers that forward their parameters to a secret call, whether the chunk
 * imports mlrun, and the top-level functions and handlers.
 *
 * A call is read in every form MLRun code takes: `task.with_secrets(...)`, a bound method or `getattr(task,
 * "with_secrets")` called at once or through a local alias, `functools.partial(task.with_secrets, "inline")`,
 * `x.spec.secret_sources = [...]` (and `.append` / `.extend` on it), `DatastoreProfile*(...)`. Calls that never
 * run — under `if TYPE_CHECKING:` or in an `@overload` stub — are left out.
 */
import type { Node, Tree } from '../parser';
import { same } from './bindings';
import { readRecoveredSite, readSite, span, type CallSite } from './callArgs';
import { BARE_CALLS, CALL_NAMES, type Alias, type CallFact, type CallName, type ChunkFacts, type Forwarder, type Val } from './facts';
import { chunkResolver, enclosingScope, identifierAt, methodClass, parametersOf, topLevelFunctionName, wordOccurrences } from './scope';
import { holds } from './valTree';
import { takeDeep, toVal, trailingName, type NameResolver } from './values';

interface FunctionInfo {
  name: string;
  id: { s: number; e: number };
  def: { s: number; e: number };
  params: string[];
}

function topLevelFunctions(root: Node, text: string): FunctionInfo[] {
  const out: FunctionInfo[] = [];
  for (const child of root.namedChildren) {
    if (!child) continue;
    const def = child.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
    if (!def || def.type !== 'function_definition') continue;
    const name = def.childForFieldName('name');
    if (!name) continue;
    out.push({ name: text.slice(name.startIndex, name.endIndex), id: span(name), def: span(child), params: parametersOf(def, text).map(p => p.name) });
  }
  return out;
}

function isIdentChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c > 127;
}

/** The datastore profile classes (`DatastoreProfileS3`, `TDEngineDatastoreProfile`, `ConfigProfile`…). */
export const PROFILE_CLASS = /^(?:DatastoreProfile[A-Z][A-Za-z0-9]*|[A-Z][A-Za-z0-9]*DatastoreProfile|ConfigProfile)$/;

/** Code that never runs: under `if TYPE_CHECKING:`, or in a function decorated with `@overload`. */
function neverRuns(n: Node, text: string): boolean {
  let child = n;
  for (let p = n.parent; p; child = p, p = p.parent) {
    if (p.type === 'if_statement') {
      const cond = p.childForFieldName('condition');
      const body = p.childForFieldName('consequence');
      if (cond && trailingName(cond, text) === 'TYPE_CHECKING' && body && same(body, child)) return true;
    } else if (p.type === 'decorated_definition') {
      for (const d of p.namedChildren) {
        if (d?.type === 'decorator' && trailingName(d.namedChildren[0] ?? null, text) === 'overload') return true;
      }
    }
  }
  return false;
}

function isPartial(call: Node, text: string): boolean {
  return call.type === 'call' && trailingName(call.childForFieldName('function'), text) === 'partial';
}

function positionalArgs(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  return (args?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
}

class ChunkReader {
  readonly calls: CallFact[] = [];
  readonly aliases: Alias[] = [];
  readonly holders = new Map<CallFact, Node>();
  readonly resolve: NameResolver;

  constructor(readonly root: Node, readonly text: string) {
    this.resolve = chunkResolver(root, text);
  }

  private push(name: CallName, site: CallSite | null, holderOf: Node, profile?: string): void {
    if (!site) return;
    const call: CallFact = profile ? { name, ...site, profile } : { name, ...site };
    this.calls.push(call);
    for (let p = holderOf.parent; p; p = p.parent) {
      if (p.type === 'function_definition') { this.holders.set(call, p); break; }
    }
  }

  /** An occurrence of a searched name at `i`. */
  occurrence(name: CallName, i: number, len = name.length, profile?: string): void {
    const { root, text, resolve } = this;
    const ident = identifierAt(root, i, len);
    if (!ident) {
      if (!BARE_CALLS.has(name)) this.getattrOccurrence(name, i, len);
      return;
    }
    if (neverRuns(ident, text)) return;
    const fn = topLevelFunctionName(ident, text);
    const p = ident.parent;
    if (!p) return;
    if (p.type === 'attribute' && same(p.childForFieldName('attribute'), ident)) {
      const obj = p.childForFieldName('object');
      const recv = toVal(obj, text, resolve);
      const receiver = trailingName(obj, text);
      const g = p.parent;
      if (name === 'secret_sources') return this.secretSources(ident, p, recv, receiver, fn);
      if (g?.type === 'call' && same(g.childForFieldName('function'), p)) {
        return this.push(name, readSite({ id: ident, callNode: g, recv, receiver, bare: false }, text, resolve, fn), ident, profile);
      }
      if (g?.type === 'ERROR') {
        return this.push(name, readRecoveredSite({ id: ident, holder: g, after: p, recv, receiver, bare: false }, text, resolve, fn), ident, profile);
      }
      return this.callable(name, ident, p, { k: 'attr', s: p.startIndex, e: p.endIndex, obj: recv, name: text.slice(ident.startIndex, ident.endIndex) }, recv, receiver, false, []);
    }
    if (!BARE_CALLS.has(name)) return;
    if (p.type === 'dotted_name' && p.parent?.type === 'aliased_import') {
      // `from mlrun import new_task as nt`: calls of `nt` are found with the module's names.
      const alias = p.parent.childForFieldName('alias');
      if (alias && same(p.parent.childForFieldName('name'), p)) this.aliases.push({ name: text.slice(alias.startIndex, alias.endIndex), at: alias.startIndex });
      return;
    }
    const recv = toVal(ident, text, resolve);
    if (p.type === 'call' && same(p.childForFieldName('function'), ident)) {
      return this.push(name, readSite({ id: ident, callNode: p, recv, receiver: null, bare: true }, text, resolve, fn), ident, profile);
    }
    if (p.type === 'ERROR') {
      this.push(name, readRecoveredSite({ id: ident, holder: p, after: ident, recv, receiver: null, bare: true }, text, resolve, fn), ident, profile);
    }
  }

  /** `x.spec.secret_sources = [...]`, `….secret_sources.append({...})`, `….secret_sources.extend([...])`. */
  private secretSources(ident: Node, attr: Node, recv: Val, receiver: string | null, fn: string | null): void {
    const { text, resolve } = this;
    const g = attr.parent;
    if (g?.type === 'assignment' && same(g.childForFieldName('left'), attr)) {
      const right = g.childForFieldName('right');
      if (!right) return;
      this.push('secret_sources', {
        id: span(ident), call: span(g), inner: null, stmt: null, soleInBlock: false, receiver, bare: false, recv,
        positional: [toVal(right, text, resolve)], keywords: [], splat: false, fn, recovered: false,
      }, ident);
      return;
    }
    const method = g?.type === 'attribute' && same(g.childForFieldName('object'), attr) ? trailingName(g, text) : null;
    const call = g?.parent;
    if ((method !== 'append' && method !== 'extend') || call?.type !== 'call' || !same(call.childForFieldName('function'), g)) return;
    const site = readSite({ id: ident, callNode: call, recv, receiver, bare: false }, text, resolve, fn);
    site.inner = null;
    if (method === 'append') site.positional = [{ k: 'list', s: site.call.s, e: site.call.e, items: site.positional.slice(0, 1), tuple: false }];
    this.push('secret_sources', site, ident);
  }

  /** `getattr(obj, "with_secrets")`: the name in a string, as getattr's second argument. */
  private getattrOccurrence(name: CallName, i: number, len: number): void {
    const { root, text, resolve } = this;
    let str: Node | null = root.descendantForIndex(i, i + len);
    while (str && str.type !== 'string') str = str.type === 'string_content' ? str.parent : null;
    if (!str || text.slice(str.startIndex, str.endIndex).replace(/^[rRuU]?["']|["']$/g, '') !== name) return;
    const list = str.parent;
    const call = list?.parent;
    if (list?.type !== 'argument_list' || call?.type !== 'call' || trailingName(call.childForFieldName('function'), text) !== 'getattr') return;
    const args = positionalArgs(call);
    if (args.length < 2 || !same(args[1], str) || neverRuns(call, text)) return;
    const recv = toVal(args[0], text, resolve);
    this.callable(name, str, call, { k: 'attr', s: call.startIndex, e: call.endIndex, obj: recv, name }, recv, trailingName(args[0], text), false, []);
  }

  /**
   * A callable expression (`task.with_secrets`, `getattr(...)`, `partial(...)`): called at once, given to
   * `functools.partial`, or bound to a name (a module-level alias, or a local one whose calls are read here).
   */
  private callable(name: CallName, id: Node, expr: Node, val: Val, recv: Val, receiver: string | null, bare: boolean, preset: Val[], depth = 0): void {
    const { text, resolve } = this;
    const p = expr.parent;
    if (!p || depth > 4) return;
    const fn = topLevelFunctionName(id, text);
    if (p.type === 'call' && same(p.childForFieldName('function'), expr)) {
      return this.push(name, readSite({ id, callNode: p, recv, receiver, bare, preset }, text, resolve, fn), id);
    }
    const partial = p.type === 'argument_list' ? p.parent : null;
    if (partial && isPartial(partial, text)) {
      const args = positionalArgs(partial);
      if (!same(args[0], expr) || args.slice(1).some(a => a.type === 'keyword_argument' || a.type.endsWith('splat'))) return;
      const more = args.slice(1).map(a => toVal(a, text, resolve));
      const pval: Val = { k: 'call', s: partial.startIndex, e: partial.endIndex, fn: { k: 'imp', s: partial.startIndex, e: partial.startIndex, path: 'functools.partial', level: 0 }, args: [val, ...more], kw: [], splat: false };
      return this.callable(name, id, partial, pval, recv, receiver, bare, [...preset, ...more], depth + 1);
    }
    if (p.type !== 'assignment' || !same(p.childForFieldName('right'), expr)) return;
    const left = p.childForFieldName('left');
    if (left?.type !== 'identifier') return;
    const alias = text.slice(left.startIndex, left.endIndex);
    const scope = enclosingScope(left);
    if (!scope) {
      this.aliases.push({ name: alias, at: left.startIndex });
      return;
    }
    const body = scope.childForFieldName('body');
    if (!body) return;
    for (const i of wordOccurrences(text, alias, p.endIndex, body.endIndex)) {
      const n = identifierAt(this.root, i, alias.length);
      const c = n?.parent;
      if (!n || c?.type !== 'call' || !same(c.childForFieldName('function'), n)) continue;
      const bound = resolve(n, 1);
      if (bound.s !== val.s || bound.e !== val.e) continue; // rebound in between
      this.push(name, readSite({ id: n, callNode: c, recv, receiver, bare, preset }, text, resolve, topLevelFunctionName(n, text)), n);
    }
  }

  /** Whether an import in this chunk names mlrun. */
  importsMlrun(): boolean {
    for (const i of wordOccurrences(this.text, 'mlrun')) {
      const n = identifierAt(this.root, i, 5);
      const d = n?.parent;
      if (!n || d?.type !== 'dotted_name' || !same(d.namedChildren[0], n)) continue;
      const st = d.parent?.type === 'aliased_import' ? d.parent.parent : d.parent;
      if (st?.type === 'import_statement' || (st?.type === 'import_from_statement' && same(st.childForFieldName('module_name'), d))) return true;
    }
    return false;
  }

  /** Functions (top-level, or methods of top-level classes) whose parameters reach the arguments of a secret call. */
  forwarders(): Forwarder[] {
    const out: Forwarder[] = [];
    const PARAM = new Set<Val['k']>(['param']);
    for (const call of this.calls) {
      const def = this.holders.get(call);
      if (!def) continue;
      const holder = def.parent?.type === 'decorated_definition' ? def.parent : def;
      const owner = methodClass(def, this.text);
      const topLevel = owner ? owner.cls.parent?.type === 'module' || owner.cls.parent?.parent?.type === 'module' : holder.parent?.type === 'module';
      if (!topLevel) continue;
      const args = [...call.positional, ...call.keywords.map(k => k.val)];
      if (!args.some(a => holds(a, PARAM))) continue;
      const name = def.childForFieldName('name');
      if (!name) continue;
      const clsName = owner?.cls.childForFieldName('name');
      out.push({
        name: this.text.slice(name.startIndex, name.endIndex),
        cls: owner && clsName ? this.text.slice(clsName.startIndex, clsName.endIndex) : null,
        params: parametersOf(def, this.text).map(p => ({ name: p.name, star: p.star, def: p.def ? toVal(p.def, this.text, this.resolve) : undefined })),
        call,
      });
    }
    return out;
  }
}

/** Facts of a chunk whose (magic-blanked) text is `text` and whose tree is `tree`. */
export function extractFacts(tree: Tree, text: string): ChunkFacts {
  const root = tree.rootNode;
  takeDeep();
  const functions = topLevelFunctions(root, text);
  const r = new ChunkReader(root, text);
  const considerRun = text.includes('local');
  for (const name of CALL_NAMES) {
    if (name === 'run' && !considerRun) continue;
    for (const i of wordOccurrences(text, name)) {
      // Methods need a receiver (or getattr's quote): skip quickly when neither precedes the name.
      if (!BARE_CALLS.has(name)) {
        let j = i - 1;
        while (j >= 0 && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9 || text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13 || text.charCodeAt(j) === 92)) j--;
        const c = text.charCodeAt(j);
        if (c !== 46 && c !== 34 && c !== 39) continue;
      }
      r.occurrence(name, i);
    }
  }
  for (let j = text.indexOf('Profile'); j >= 0; j = text.indexOf('Profile', j + 7)) {
    let a = j;
    while (a > 0 && isIdentChar(text.charCodeAt(a - 1))) a--;
    let b = j + 7;
    while (isIdentChar(text.charCodeAt(b))) b++;
    const word = text.slice(a, b);
    if (PROFILE_CLASS.test(word)) r.occurrence('profile', a, b - a, word);
    j = b - 7;
  }
  const calls = r.calls.sort((a, b) => a.id.s - b.id.s);
  const facts: ChunkFacts = {
    calls,
    handlers: functions.filter(f => f.params.includes('context')).map(f => ({ name: f.name, id: f.id, def: f.def })),
    functions: functions.map(f => ({ name: f.name, id: f.id, def: f.def })),
  };
  if (text.includes('mlrun') && r.importsMlrun()) facts.importsMlrun = true;
  if (r.aliases.length) facts.aliases = r.aliases;
  const forwarders = calls.length ? r.forwarders() : [];
  if (forwarders.length) facts.forwarders = forwarders;
  const deep = takeDeep();
  if (deep) facts.deep = deep;
  return facts;
}
