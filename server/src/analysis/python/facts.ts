/**
 * What the analyzer keeps of a parsed chunk: the calls that matter for secrets, with their arguments reduced to
 * literal values ("Val"s), and the handlers. Offsets are UTF-16 code units relative to the chunk start while cached,
 * and absolute (in the module text) once a module is resolved.
 */

export interface Span {
  s: number;
  e: number;
}

export type Val = ValShape & {
  /** Where the value is used when it came through a name (the name's span at the use); the value's own span is s/e. */
  use?: Span;
};

type ValShape =
  /** A string literal (implicit concatenation and f-strings without fields included); `v` is its value. */
  | { k: 'str'; s: number; e: number; v: string }
  /** A dict display or `dict(...)` call. `open`: it has `**` splats or entries that are not `key: value`. */
  | { k: 'dict'; s: number; e: number; entries: Entry[]; open: boolean }
  /** A list or tuple display. */
  | { k: 'list'; s: number; e: number; items: Val[]; tuple: boolean }
  /** A literal that is not a string: number, True/False/None, set. */
  | { k: 'lit'; s: number; e: number; t: 'num' | 'bool' | 'none' | 'set' }
  /** A module-level name to resolve across chunks; `at` is the offset of the use. */
  | { k: 'ref'; s: number; e: number; name: string; at: number }
  /** Anything else: calls, attributes, parameters, f-strings with fields… */
  | { k: 'other'; s: number; e: number };

export interface Entry {
  key: Val;
  value: Val;
  s: number;
  e: number;
}

export type CallName =
  | 'with_secrets' | 'set_secrets' | 'get_secret' | 'get_secret_or_env' | 'run' | 'run_function'
  | 'get_or_create_project' | 'new_project' | 'load_project';

export const CALL_NAMES: readonly CallName[] = [
  'with_secrets', 'set_secrets', 'get_secret', 'get_secret_or_env', 'run', 'run_function',
  'get_or_create_project', 'new_project', 'load_project',
];

/** Calls that may be written without a receiver (imported functions). */
export const BARE_CALLS: ReadonlySet<CallName> = new Set<CallName>(['get_secret_or_env', 'run_function', 'get_or_create_project', 'new_project', 'load_project']);

export interface KeywordArg {
  name: string;
  nameSpan: Span;
  val: Val;
}

export interface CallFact {
  name: CallName;
  /** The method-name token. */
  id: Span;
  /** The whole call. */
  call: Span;
  /** Between the parentheses (for rewrites); null when the call is broken. */
  inner: Span | null;
  /** The statement that is exactly this call (for removal), null when the call is part of something else. */
  stmt: Span | null;
  /** The statement is the only one of its block (removing it needs a `pass`). */
  soleInBlock: boolean;
  /** Last identifier of the receiver (`context`, `project`, `client`…); null for bare calls or complex receivers. */
  receiver: string | null;
  bare: boolean;
  positional: Val[];
  keywords: KeywordArg[];
  /** `*args` or `**kwargs` among the arguments. */
  splat: boolean;
  /** Name of the top-level function containing the call, if any. */
  fn: string | null;
  /** Read from a syntax error (a half-typed call). */
  recovered: boolean;
}

export interface HandlerFact {
  name: string;
  id: Span;
  def: Span;
}

export interface ChunkFacts {
  calls: CallFact[];
  handlers: HandlerFact[];
  /** Top-level function names defined in the chunk (for symbols and handlers' callees). */
  functions: { name: string; id: Span; def: Span }[];
}

/** A module-level binding or mutation of a name, found in one chunk. */
export type NameEvent =
  | { kind: 'bind'; at: number; val: Val }
  | { kind: 'mutate'; at: number; entries: Entry[] };

export const EMPTY_FACTS: ChunkFacts = Object.freeze({ calls: [], handlers: [], functions: [] }) as unknown as ChunkFacts;

export function shiftVal(v: Val, d: number): Val {
  if (d === 0) return v;
  if (v.use) v = { ...v, use: { s: v.use.s + d, e: v.use.e + d } };
  switch (v.k) {
    case 'dict':
      return { ...v, s: v.s + d, e: v.e + d, entries: v.entries.map(en => ({ key: shiftVal(en.key, d), value: shiftVal(en.value, d), s: en.s + d, e: en.e + d })) };
    case 'list':
      return { ...v, s: v.s + d, e: v.e + d, items: v.items.map(i => shiftVal(i, d)) };
    case 'ref':
      return { ...v, s: v.s + d, e: v.e + d, at: v.at + d };
    default:
      return { ...v, s: v.s + d, e: v.e + d };
  }
}

export function shiftSpan(sp: Span, d: number): Span {
  return { s: sp.s + d, e: sp.e + d };
}
