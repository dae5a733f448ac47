/**
 * Which namespace the Kubernetes backend reads and writes project Secrets in. MLRun keeps them in the namespace its
 * API server runs in (`config.namespace`, reported by `GET client-spec`; docs/mlrun-facts.md §1.1), so:
 *   1. `mlrunSecrets.kubernetes.namespace`, when set;
 *   2. the MLRun API's client-spec namespace, when an endpoint is configured and answers with one;
 *   3. a namespace the user confirmed earlier for this context (remembered by the confirmer, per context);
 *   4. otherwise the context's namespace (else `default`) — for reading only: it is *unconfirmed*, and the first
 *      write asks the user (once per context) with the namespace and the reason, instead of silently writing where
 *      MLRun may not read. Without a confirmer (no UI) such a write fails with that reason.
 */
import { fail, ok, type Logger, type Result } from '../types';

export type NamespaceSource = 'setting' | 'mlrunApi' | 'confirmed' | 'context' | 'default';

/** What the user is asked before the first write to a namespace MLRun may not read from. */
export interface NamespaceQuestion {
  context: string;
  /** The cluster's API server URL (contexts of different kubeconfigs may share a name). */
  server: string;
  /** The namespace that would be used: the context's, else `default`. */
  proposed: string;
  proposedFrom: 'context' | 'default';
  /** Why MLRun's namespace is unknown ("no MLRun API endpoint is configured", …). */
  why: string;
}

/** The UI side (client/src/namespaceConfirmation.ts): remembers answers per context. */
export interface NamespaceConfirmer {
  /** The namespace confirmed earlier for this context, if any. */
  remembered(context: string, server: string): string | undefined;
  /** Asks; resolves to the namespace to use (and remembers it), or undefined when the user declined. */
  ask(question: NamespaceQuestion): Promise<string | undefined>;
}

export interface ResolvedNamespace {
  namespace: string;
  source: NamespaceSource;
  /** Set while the namespace is only a guess (sources `context` and `default`): why MLRun's is unknown. */
  unconfirmed?: string;
}

export interface NamespaceInputs {
  /** `mlrunSecrets.kubernetes.namespace`. */
  setting?: string;
  /**
   * The MLRun API's client-spec namespace: undefined when no endpoint is configured, "" when it reports none; it
   * throws when client-spec fails.
   */
  mlrunNamespace?: () => Promise<string | undefined>;
  confirmer?: NamespaceConfirmer;
  logger: Logger;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why a namespace name is not valid, or undefined. */
export function validateNamespace(name: string): string | undefined {
  return DNS1123_LABEL.test(name) && name.length <= 63 ? undefined : `"${name.slice(0, 80)}" is not a valid Kubernetes namespace name (lower-case letters, digits and "-", at most 63).`;
}

export async function resolveNamespace(i: NamespaceInputs, context: string, server: string, contextNamespace: string | undefined): Promise<Result<ResolvedNamespace>> {
  const setting = i.setting?.trim();
  if (setting) {
    const bad = validateNamespace(setting);
    if (bad) return fail('invalid', `The namespace ${bad.slice(0, -1)} (mlrunSecrets.kubernetes.namespace).`);
    return ok({ namespace: setting, source: 'setting' });
  }
  let why = 'no MLRun API endpoint is configured';
  if (i.mlrunNamespace) {
    try {
      const fromApi = await i.mlrunNamespace();
      if (fromApi) return ok({ namespace: fromApi, source: 'mlrunApi' });
      if (fromApi === '') why = "the MLRun API's client-spec reports no namespace";
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      why = `the MLRun API's client-spec could not be read (${message.replace(/[.]+$/, '')})`;
      i.logger.warn(`Kubernetes: could not read the MLRun API's namespace (${message}); the context's namespace is used for reading until a write confirms one`);
    }
  }
  const remembered = i.confirmer?.remembered(context, server);
  if (remembered && !validateNamespace(remembered)) return ok({ namespace: remembered, source: 'confirmed' });
  if (contextNamespace) return ok({ namespace: contextNamespace, source: 'context', unconfirmed: why });
  return ok({ namespace: 'default', source: 'default', unconfirmed: why });
}

/** The failure of a write to an unconfirmed namespace when nobody can be asked. */
export function unconfirmedFailure<T>(namespace: string, why: string): Result<T> {
  return fail('invalid', `MLRun Secrets will not write project Secrets to namespace "${namespace}": MLRun reads them from the namespace its API server runs in, and that is unknown (${why}). Set mlrunSecrets.kubernetes.namespace, or configure the MLRun API endpoint.`);
}
