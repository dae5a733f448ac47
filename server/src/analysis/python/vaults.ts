/** The `with_secrets("azure_vault", {...})` sources of a module, as `mlrunSecrets/vaultSources` reports them. */
import { structured } from './calls';
import { moduleSources, sourceKind } from './sites';
import type { Span, Val } from './facts';
import type { ModuleFacts } from './resolve';

export interface VaultSourceFact {
  span: Span;
  name: string | null;
  k8sSecret: string | null;
  secrets: string[];
}

export function vaultSourcesOf(m: ModuleFacts): VaultSourceFact[] {
  const out: VaultSourceFact[] = [];
  for (const source of moduleSources(m.calls)) {
    if (sourceKind(source) !== 'azure_vault') continue;
    const raw = source.source;
    const src = structured(raw);
    if (!raw || !src || src.k !== 'dict') continue;
    const get = (k: string): Val | undefined => src.entries.find(e => e.key.k === 'str' && e.key.v === k)?.value;
    const str = (v: Val | undefined): string | null => (v && v.k === 'str' ? v.v : null);
    const secrets = get('secrets');
    out.push({
      span: raw.use ?? { s: raw.s, e: raw.e },
      name: str(get('name')),
      k8sSecret: str(get('k8s_secret')),
      secrets: secrets && secrets.k === 'list' ? secrets.items.filter((i): i is Extract<Val, { k: 'str' }> => i.k === 'str').map(i => i.v) : [],
    });
  }
  return out;
}
