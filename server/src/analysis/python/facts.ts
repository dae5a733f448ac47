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
  /** The workspace module the value was written in, when it came through an import (its spans are the use's). */
  from?: string;
};

type ValShape =
  /** A string literal (implicit concatenation and f-strings without fields included); `v` is its value. */
  | { k: 'str'; s: number; e: number; v: string }
  /** A dict display or `dict(...)` call. `open`: it has `**` splats or entries that are not `key: value`. */
  | { k: 'dict'; s: number; e: number; entries: Entry[]; open: boolean }
  /** A list or tuple display. */
  | { k: 'list'; s: number; e: number; items: Val[]; tuple: boolean }
  /** A literal that is not a string: number (`n` its value when it is a small integer), True/False/None, set. */
  | { k: 'lit'; s: number; e: number; t: 'num' | 'bool' | 'none' | 'set'; n?: number }
  /** A module-level name to resolve across chunks; `at` is the offset of the use. */
  | { k: 'ref'; s: number; e: number; name: string; at: number }
  /**
   * What an import binds: module or name `path` (dotted, absolute unless `level` > 0: that many leading dots).
   * `ws`: a module of the workspace whose name could not be followed. `builtins.<name>`: a name no binding defines.
   */
  | { k: 'imp'; s: number; e: number; path: string; level: number; ws?: true }
  /** `obj.name`, not folded yet. */
  | { k: 'attr'; s: number; e: number; obj: Val; name: string }
  /** A call kept for folding and for knowing what it returns: `fn(args…)`. */
  | { k: 'call'; s: number; e: number; fn: Val; args: Val[]; kw: { name: string; val: Val }[]; splat: boolean }
  /** `obj[key]`. */
  | { k: 'sub'; s: number; e: number; obj: Val; key: Val }
  /** `a + b`. */
  | { k: 'add'; s: number; e: number; a: Val; b: Val }
  /** `a if c else b`. */
  | { k: 'cond'; s: number; e: number; a: Val; b: Val }
  /** An f-string with fields: literal parts and field values (no conversions or format specs). */
  | { k: 'fstr'; s: number; e: number; parts: Val[] }
  /** A class defined in this module: its bases, simple attributes (`KIND = "inline"`) and method names. */
  | { k: 'class'; s: number; e: number; name: string; bases: Val[]; attrs: { name: string; val: Val }[]; methods: string[] }
  /** A function defined in this module (calling it is not MLRun). */
  | { k: 'func'; s: number; e: number; name: string }
  /** `self` / `cls` in a method: an instance (or the class) of `cls`. */
  | { k: 'inst'; s: number; e: number; cls: Val }
  /** A parameter of the function around the use: `index` among the parameters, its default and annotation. */
  | { k: 'param'; s: number; e: number; name: string; fn: string; index: number; star: 0 | 1 | 2; def?: Val; ann?: Val }
  /** `*x` / `**x` among a call's arguments. */
  | { k: 'splat'; s: number; e: number; val: Val; dict: boolean }
  /** Anything else: comprehensions, lambdas, operators other than `+`, values nested deeper than the analyzer follows… */
  | { k: 'other'; s: number; e: number };

export interface Entry {
  key: Val;
  value: Val;
  s: number;
  e: number;
}

export type CallName =
  | 'with_secrets' | 'set_secrets' | 'get_secret' | 'get_secret_or_env' | 'run' | 'run_function'
  | 'get_or_create_project' | 'new_project' | 'load_project'
  /** `RunConfig.with_secret(kind, source)` (the feature store's, singular). */
  | 'with_secret'
  /** `mlrun.new_task(..., secrets=[{"kind": …, "source": …}])`. */
  | 'new_task'
  /** `RunSpec(..., secret_sources=[...])`. */
  | 'RunSpec'
  /** `SecretsStore.from_list([...])` and `store.add_source(kind, source, prefix)`. */
  | 'from_list' | 'add_source'
  /** `x.spec.secret_sources = [...]` (an assignment), `.append({...})` / `.extend([...])` on it. */
  | 'secret_sources'
  /** `fn.set_env(name, value)` / `fn.set_envs({...})` on MLRun functions. */
  | 'set_env' | 'set_envs'
  /** A datastore profile constructor (`DatastoreProfileS3(...)`; the class name is in `profile`). */
  | 'profile';

/** Names searched for in chunk texts (the datastore profile classes are found by their own scan). */
export const CALL_NAMES: readonly CallName[] = [
  'with_secrets', 'set_secrets', 'get_secret', 'get_secret_or_env', 'run', 'run_function',
  'get_or_create_project', 'new_project', 'load_project',
  'with_secret', 'new_task', 'RunSpec', 'from_list', 'add_source', 'secret_sources', 'set_env', 'set_envs',
];

/** Calls that may be written without a receiver (imported functions and classes). */
export const BARE_CALLS: ReadonlySet<CallName> = new Set<CallName>([
  'get_secret_or_env', 'run_function', 'get_or_create_project', 'new_project', 'load_project', 'new_task', 'RunSpec', 'profile',
]);

/**
 * What it takes to report a call whose receiver (or callee) cannot be resolved (see mlrunApi.ts):
 * - `evidence`: its arguments or its name are evidence enough (`with_secrets("inline", …)`, `DatastoreProfileS3`);
 * - `import`: a common method name (`set_secrets`, `set_env`, `new_task`…): only in a document that imports mlrun.
 * A call on something provably not MLRun's is never reported; one on MLRun's API always is.
 */
export type CallGate = 'evidence' | 'import';

export const IMPORT_GATED: ReadonlySet<CallName> = new Set<CallName>([
  'set_secrets', 'new_task', 'RunSpec', 'from_list', 'add_source', 'with_secret', 'set_env', 'set_envs',
]);

export interface KeywordArg {
  name: string;
  nameSpan: Span;
  val: Val;
}

export interface CallFact {
  name: CallName;
  /** The method-name token (for a call through a wrapper or an alias: the callee at the call site). */
  id: Span;
  /** The whole call. */
  call: Span;
  /** Between the parentheses (for rewrites); null when the call is broken, or reached through a wrapper. */
  inner: Span | null;
  /** The statement that is exactly this call (for removal), null when the call is part of something else. */
  stmt: Span | null;
  /** The statement is the only one of its block (removing it needs a `pass`). */
  soleInBlock: boolean;
  /** Last identifier of the receiver (`context`, `project`, `client`…); null for bare calls or complex receivers. */
  receiver: string | null;
  bare: boolean;
  /**
   * What the call is made on, for knowing whether it is MLRun's: the receiver of a method call, the callee of a
   * bare call (`new_task`, an imported alias). Resolved with the module's names like any value.
   */
  recv: Val | null;
  positional: Val[];
  keywords: KeywordArg[];
  /** `*args` or `**kwargs` among the arguments that could not be expanded. */
  splat: boolean;
  /** Name of the top-level function containing the call, if any. */
  fn: string | null;
  /** Read from a syntax error (a half-typed call). */
  recovered: boolean;
  /** The datastore profile class (`name` 'profile'). */
  profile?: string;
  /** Reached through a wrapper function or an alias: where the MLRun call itself is written (absolute). */
  via?: { span: Span; name: string };
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
  /** The chunk imports mlrun (`import mlrun…`, `from mlrun… import …`). */
  importsMlrun?: boolean;
  /** Module-level names bound to an MLRun callable under another name (`nt`, `attach = task.with_secrets`). */
  aliases?: Alias[];
  /** Top-level functions and methods whose parameters flow into a secret call (one level of forwarding). */
  forwarders?: Forwarder[];
  /** Where a value nested deeper than the analyzer follows was cut (MLS012), relative to the chunk. */
  deep?: Span;
}

/** A module-level name bound to an MLRun callable; its value comes from the module's bindings. */
export interface Alias {
  name: string;
  /** Offset of the binding (relative to the chunk). */
  at: number;
}

export interface Forwarder {
  /** The function's name, or the method's name (`cls` set). */
  name: string;
  cls: string | null;
  params: { name: string; star: 0 | 1 | 2; def?: Val }[];
  /** The secret call inside, its parameters as `param` values. */
  call: CallFact;
}

/** A module-level binding or mutation of a name, or a call of it, found in one chunk. */
export type NameEvent =
  | { kind: 'bind'; at: number; val: Val }
  | { kind: 'mutate'; at: number; entries: Entry[] }
  /** A call `name(...)` / `x.name(...)` anywhere in the chunk where `name` is not bound locally. */
  | { kind: 'call'; at: number; site: CallSite };

/** A call as read, before the analyzer decides which MLRun call it is. */
export type CallSite = Omit<CallFact, 'name'>;

export const EMPTY_FACTS: ChunkFacts = Object.freeze({ calls: [], handlers: [], functions: [] }) as unknown as ChunkFacts;

export function shiftSpan(sp: Span, d: number): Span {
  return { s: sp.s + d, e: sp.e + d };
}
