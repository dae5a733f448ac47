/**
 * Reading MLRun call signatures from CallFacts: which argument is the kind, the source, the secrets dict…
 * (`with_secrets(kind, source)`, `set_secrets(secrets=None, file_path=None, provider=None)`,
 * `get_secret(key)`, `get_secret_or_env(key, secret_provider=None, default=None, prefix=None)`).
 */
import type { CallFact, Entry, Val } from './facts';
import { literalInString } from './literalStrings';

export function arg(call: CallFact, keyword: string, position: number): Val | undefined {
  const kw = call.keywords.find(k => k.name === keyword);
  if (kw) return kw.val;
  return call.positional[position];
}

export function strValue(v: Val | undefined): string | undefined {
  return v && v.k === 'str' ? v.v : undefined;
}

/** The provider kind of a `with_secrets` call, when it is a literal (directly or through a local variable). */
export function withSecretsKind(call: CallFact): string | undefined {
  return strValue(arg(call, 'kind', 0));
}

export function withSecretsSource(call: CallFact): Val | undefined {
  return arg(call, 'source', 1);
}

/** A dict or list, read from a string literal when MLRun would `literal_eval` it. */
export function structured(v: Val | undefined): Val | undefined {
  if (!v) return undefined;
  if (v.k === 'str') return literalInString(v) ?? v;
  return v;
}

export interface SecretLiteral {
  /** The key it is stored under, when the key is a literal. */
  key: string | null;
  /** The literal string value. */
  value: Extract<Val, { k: 'str' }>;
  entry: Entry;
}

/** Non-empty string literals among a secrets dict's values. */
export function secretLiterals(dict: Val | undefined): SecretLiteral[] {
  if (!dict || dict.k !== 'dict') return [];
  const out: SecretLiteral[] = [];
  for (const entry of dict.entries) {
    const v = entry.value;
    if (v.k === 'str' && v.v !== '') out.push({ key: entry.key.k === 'str' ? entry.key.v : null, value: v, entry });
  }
  return out;
}

/** The key a `get_secret` / `get_secret_or_env` call reads, with the span of its literal. */
export function secretKeyRead(call: CallFact): { key: string; val: Extract<Val, { k: 'str' }> } | undefined {
  const k = arg(call, 'key', 0);
  if (!k || k.k !== 'str') return undefined;
  if (call.name === 'get_secret_or_env') {
    const prefix = strValue(arg(call, 'prefix', 3));
    if (prefix) return { key: `${prefix}_${k.v}`, val: k };
  }
  return { key: k.v, val: k };
}

/** `get_secret` calls that are MLRun's (`context.get_secret`), not a cloud SDK's (`secret_client.get_secret`). */
export function isMlrunGetSecret(call: CallFact): boolean {
  return call.name === 'get_secret' && !(call.receiver && /client$/i.test(call.receiver));
}

/** Key literals listed in a `with_secrets("kubernetes", [...])` call. */
export function kubernetesKeys(call: CallFact): Extract<Val, { k: 'str' }>[] {
  return keysIn(withSecretsSource(call));
}

/** Key literals listed in a kubernetes source (`["K1", "K2"]` or `"['K1']"`). */
export function keysIn(source: Val | undefined): Extract<Val, { k: 'str' }>[] {
  const src = structured(source);
  if (!src || src.k !== 'list') return [];
  return src.items.filter((i): i is Extract<Val, { k: 'str' }> => i.k === 'str');
}
