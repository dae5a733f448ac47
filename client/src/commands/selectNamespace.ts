/**
 * Select Kubernetes Namespace…: the namespace MLRun keeps project Secrets in. Lists the cluster's namespaces when
 * allowed (else asks for the name), or goes back to automatic (the MLRun API's namespace, else the context's).
 */
import { Commands } from '../../../shared/src/ids';
import { validateProjectName } from '../../../shared/src/mlrun';
import { setting, updateMachineSetting } from '../config';
import { REACHES_STORE, type CommandFactory } from './command';
import { showFailure } from './support/messages';
import { withProgress } from './support/progress';

const TYPE = '$(edit) Type a namespace…';
const AUTOMATIC = "$(discard) Automatic: the MLRun API's namespace, else the context's";

export const selectNamespace: CommandFactory = ctx => ({
  id: Commands.selectNamespace,
  title: 'Select Kubernetes Namespace…',
  restricted: REACHES_STORE,
  async run() {
    const k8s = await ctx.backends.kubernetes();
    if (!k8s.ok) {
      await showFailure(ctx, 'Cannot use Kubernetes', k8s.error);
      return undefined;
    }
    const current = k8s.value.connection()?.namespace;
    const listed = await withProgress(ctx, 'Listing namespaces…', signal => k8s.value.listNamespaces(signal));
    if (!listed.ok && listed.error.kind !== 'forbidden' && listed.error.kind !== 'unauthorized') {
      await showFailure(ctx, 'Cannot list namespaces', listed.error);
      return undefined;
    }
    let namespace: string | undefined;
    const items = [
      ...(listed.ok ? listed.value.map(n => ({ label: `${n === current ? '$(check) ' : ''}${n}`, namespace: n })) : []),
      { label: TYPE, namespace: '' },
      ...(setting('kubernetes.namespace').trim() ? [{ label: AUTOMATIC, namespace: '' }] : []),
    ];
    const picked = await ctx.host.showQuickPick(items, {
      title: 'MLRun Secrets: namespace of the project Secrets',
      placeHolder: listed.ok ? `Now: ${current ?? 'unknown'}` : 'You may not list namespaces here: type the name',
    });
    if (!picked) return undefined;
    if (picked.label === AUTOMATIC) {
      await updateMachineSetting('kubernetes.namespace', undefined);
      return '';
    }
    namespace = picked.namespace;
    if (picked.label === TYPE) {
      namespace = await ctx.host.showInputBox({
        title: 'MLRun Secrets: namespace',
        prompt: "The namespace MLRun's API server runs in (MLRUN_NAMESPACE), often mlrun",
        value: current ?? '',
        validateInput: v => (validateProjectName(v.trim()) ? 'A namespace is a DNS-1123 label: lower-case letters, digits and "-", at most 63 characters.' : undefined),
      });
      namespace = namespace?.trim();
    }
    if (!namespace) return undefined;
    await updateMachineSetting('kubernetes.namespace', namespace);
    ctx.log.info(`Kubernetes namespace: ${namespace}`);
    return namespace;
  },
});
