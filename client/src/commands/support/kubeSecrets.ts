/** Picks a Kubernetes Secret of the connected namespace and its keys, for the snippet commands. Names only. */
import { projectFromSecretName } from '../../../../shared/src/mlrun';
import type { KubernetesBackend } from '../../backends/kubernetes/backend';
import { setting } from '../../config';
import type { Ctx } from '../../ctx';
import { showFailure } from './messages';
import { withProgress } from './progress';

export interface PickedSecret {
  k8s: KubernetesBackend;
  name: string;
  keys: string[];
}

export async function pickKubernetesSecret(ctx: Ctx, title: string): Promise<PickedSecret | undefined> {
  const k8s = await ctx.backends.kubernetes();
  if (!k8s.ok) {
    await showFailure(ctx, 'Cannot use Kubernetes', k8s.error);
    return undefined;
  }
  const where = k8s.value.describe();
  const names = await withProgress(ctx, `Listing Secrets in ${where}…`, signal => k8s.value.listSecretNames(signal));
  if (!names.ok) {
    await showFailure(ctx, `Cannot list the Secrets in ${where}`, names.error);
    return undefined;
  }
  if (names.value.length === 0) {
    void ctx.host.showInformationMessage(`MLRun Secrets: There is no Secret in ${where}.`);
    return undefined;
  }
  const template = setting('kubernetes.projectSecretName').trim() || undefined;
  const picked = await ctx.host.showQuickPick(names.value.map(n => {
    const project = projectFromSecretName(n, template);
    return { label: n, description: project ? `project secrets of "${project}" (with_secrets("kubernetes", …) reads these)` : undefined };
  }), { title: `${title}: Secret in ${where}`, placeHolder: 'Kubernetes Secret', ignoreFocusOut: true });
  if (!picked) return undefined;
  const keys = await withProgress(ctx, `Reading the keys of Secret ${picked.label}…`, signal => k8s.value.listSecretKeys(picked.label, signal));
  if (!keys.ok) {
    await showFailure(ctx, `Cannot read the keys of Secret "${picked.label}"`, keys.error);
    return undefined;
  }
  return { k8s: k8s.value, name: picked.label, keys: keys.value };
}
