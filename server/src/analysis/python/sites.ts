/**
 * Every place MLRun accepts secret sources, read into one shape: `with_secrets(kind, source)` (tasks, functions,
 * projects), the feature store's `RunConfig.with_secret(kind, source)`, `SecretsStore.add_source(kind, source)`,
 * and the lists of `{"kind": …, "source": …}` entries given to `new_task(secrets=…)`, `RunSpec(secret_sources=…)`,
 * `x.spec.secret_sources = …` (or `.append` / `.extend`) and `SecretsStore.from_list(…)`.
 */
import { arg } from './calls';
import type { CallFact, CallName, Span, Val } from './facts';
import { entryOf, useSpan } from './fold';

export interface SecretSource {
  kind: Val | undefined;
  source: Val | undefined;
  call: CallFact;
  /** Where a finding about the source as a whole sits: the method name, or the kind of a list entry. */
  at: Span;
  /** How the code gives it, for messages: `with_secrets`, `new_task(secrets=…)`… */
  via: string;
  /** A `{"kind", "source"}` entry of a list (rather than a call's own arguments). */
  entry: boolean;
}

const PAIR_CALLS: ReadonlySet<CallName> = new Set<CallName>(['with_secrets', 'with_secret', 'add_source']);
const LIST_ARGS: Partial<Record<CallName, { keyword: string; position: number; via: string }>> = {
  new_task: { keyword: 'secrets', position: 13, via: 'new_task(secrets=…)' },
  RunSpec: { keyword: 'secret_sources', position: 10, via: 'RunSpec(secret_sources=…)' },
  secret_sources: { keyword: '', position: 0, via: 'spec.secret_sources' },
  from_list: { keyword: 'src_list', position: 0, via: 'SecretsStore.from_list' },
};

/** Calls that can give MLRun secret sources. */
export function isSourceCall(name: CallName): boolean {
  return PAIR_CALLS.has(name) || LIST_ARGS[name] !== undefined;
}

const memo = new WeakMap<CallFact, SecretSource[]>();

export function secretSources(call: CallFact): SecretSource[] {
  let out = memo.get(call);
  if (out) return out;
  out = [];
  if (PAIR_CALLS.has(call.name)) {
    out.push({ kind: arg(call, 'kind', 0), source: arg(call, 'source', 1), call, at: call.id, via: call.name, entry: false });
  } else {
    const spec = LIST_ARGS[call.name];
    const list = spec && arg(call, spec.keyword, spec.position);
    if (spec && list && list.k === 'list') {
      for (const item of list.items) {
        if (item.k !== 'dict') continue;
        const kind = entryOf(item, 'kind')?.value;
        if (!kind) continue;
        out.push({ kind, source: entryOf(item, 'source')?.value, call, at: useSpan(kind), via: spec.via, entry: true });
      }
    }
  }
  memo.set(call, out);
  return out;
}

/** The kind of a source when it is a (folded) string. */
export function sourceKind(s: SecretSource): string | undefined {
  return s.kind && s.kind.k === 'str' ? s.kind.v : undefined;
}

/** Every secret source of a module's calls. */
export function moduleSources(calls: readonly CallFact[]): SecretSource[] {
  return calls.flatMap(secretSources);
}
