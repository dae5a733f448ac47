/**
 * Records keyed by names users and servers choose (secret keys, project names, vault names). A plain object would
 * turn `__proto__` into its prototype (the key vanishes: `{}['__proto__'] = 'x'` stores nothing) and answer
 * `constructor`, `toString` or `hasOwnProperty` with Object.prototype's functions. Such names are valid for MLRun
 * and Kubernetes keys and for project names, so every such record is a `Map` or one of these null-prototype
 * objects, and JSON from a server or a store is parsed into them (test/unit/redaction/ownKeys.test.ts guards it).
 */

declare const OWN_KEYS: unique symbol;
/** A record made by `nullRecord` (or `parseJson`): indexing it by any name reads only own keys. */
export type OwnRecord<V> = Record<string, V> & { readonly [OWN_KEYS]?: true };

/** A record without a prototype, optionally filled from entries (each name becomes an own key, `__proto__` too). */
export function nullRecord<V>(entries: Iterable<readonly [string, V]> = []): OwnRecord<V> {
  const out = Object.create(null) as OwnRecord<V>;
  for (const [k, v] of entries) out[k] = v;
  return out;
}

/** The value of an own key, never one inherited from Object.prototype. */
export function ownValue<V>(record: Readonly<Record<string, V>> | null | undefined, key: string): V | undefined {
  return record && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** `JSON.parse` whose objects have no prototype (so `__proto__` and `constructor` keys are ordinary keys). */
export function parseJson(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value) ? nullRecord(Object.entries(value)) : value);
}
