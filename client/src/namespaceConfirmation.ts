/**
 * Asks which namespace project Secrets go to when MLRun's is unknown (no MLRun API endpoint, or its client-spec
 * failed; backends/kubernetes/namespace.ts), once per context: a modal that names the namespace and says why, with
 * "Use …" and "Other Namespace…". The answer is remembered in globalState (a namespace name: not a secret), keyed
 * by cluster and context, and used for reads and writes from then on.
 */
import type * as vscode from 'vscode';
import type { NamespaceConfirmer, NamespaceQuestion } from './backends/kubernetes/namespace';
import { validateNamespace } from './backends/kubernetes/namespace';
import type { Host } from './ui/host';
import { nullRecord, type OwnRecord } from '../../shared/src/records';

export const CONFIRMED_NAMESPACES_KEY = 'mlrunSecrets.kubernetes.confirmedNamespaces';
export const OTHER_NAMESPACE = 'Other Namespace…';

export function useNamespaceButton(namespace: string): string {
  return `Use "${namespace}"`;
}

function contextKey(context: string, server: string): string {
  return `${server}#${context}`;
}

export function namespaceConfirmer(memento: vscode.Memento, host: () => Host): NamespaceConfirmer {
  const read = (): OwnRecord<string> => {
    const v = memento.get<unknown>(CONFIRMED_NAMESPACES_KEY);
    return nullRecord(v && typeof v === 'object' ? Object.entries(v as Record<string, string>) : []);
  };
  return {
    remembered(context, server) {
      const v = read()[contextKey(context, server)];
      return typeof v === 'string' ? v : undefined;
    },
    async ask(q: NamespaceQuestion) {
      const use = useNamespaceButton(q.proposed);
      const origin = q.proposedFrom === 'context' ? `the namespace of context "${q.context}"` : `what Kubernetes uses when context "${q.context}" names no namespace`;
      const answer = await host().showWarningMessage(`Write project Secrets to namespace "${q.proposed}"?`, {
        modal: true,
        detail: `MLRun reads project Secrets only from the namespace its API server runs in, and MLRun Secrets cannot tell which one that is: ${q.why}. "${q.proposed}" is ${origin}. Your answer is remembered for this context; set mlrunSecrets.kubernetes.namespace or an MLRun API endpoint to decide it instead.`,
      }, use, OTHER_NAMESPACE);
      let chosen: string | undefined;
      if (answer === use) chosen = q.proposed;
      else if (answer === OTHER_NAMESPACE) {
        chosen = (await host().showInputBox({
          title: `Namespace of MLRun's project Secrets (context "${q.context}")`,
          prompt: 'The namespace the MLRun API server runs in (often "mlrun")',
          value: q.proposed,
          validateInput: v => validateNamespace(v.trim()),
        }))?.trim();
      }
      if (!chosen || validateNamespace(chosen)) return undefined;
      const all = read();
      all[contextKey(q.context, q.server)] = chosen;
      await memento.update(CONFIRMED_NAMESPACES_KEY, all);
      return chosen;
    },
  };
}
