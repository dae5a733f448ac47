/** Step 5: where the job runs. */
import type { Ctx } from '../../ctx';
import { KUBERNETES_VALUES_NEED_KUBECONFIG } from '../../jobs/resolve';
import type { ProviderChoice, TargetKind } from '../../jobs/types';
import { LOCAL_VARIABLES } from './consent';

export const TARGET_LABELS: Record<TargetKind, string> = {
  local: 'Local process',
  kubernetes: 'Kubernetes Job',
  mlrunApi: 'MLRun API',
};

interface TargetState {
  available: boolean;
  description: string;
  detail: string;
}

async function states(ctx: Ctx, provider: ProviderChoice): Promise<Record<TargetKind, TargetState>> {
  const [kube, api] = await Promise.all([ctx.backends.kubernetes(), ctx.backends.mlrunApi()]);
  const kubeConn = kube.ok ? await kube.value.connect() : undefined;
  const where = kubeConn?.ok ? `${kubeConn.value.info.context} / ${kubeConn.value.info.namespace}` : undefined;
  const local: TargetState = provider.kind === 'kubernetes' && !kube.ok
    ? { available: false, description: 'not possible without a kubeconfig', detail: 'The MLRun API never returns project-secret values, so a local run cannot get them through it.' }
    : { available: true, description: 'this machine', detail: provider.kind === 'kubernetes' ? 'Values are read from the project Secret into the process\'s environment (you are asked first).' : `Values only in the process's ${LOCAL_VARIABLES}.` };
  return {
    local,
    kubernetes: kube.ok && kubeConn?.ok
      ? { available: true, description: where!, detail: 'A batch/v1 Job running `mlrun run --from-env`, as MLRun\'s job pods do.' }
      : { available: false, description: 'not connected', detail: !kube.ok ? kube.error.message : kubeConn && !kubeConn.ok ? kubeConn.error.message : '' },
    mlrunApi: api.ok
      ? { available: true, description: api.value.describe(), detail: 'Stores the function and submits the run (submit_job), as MLRun\'s SDK does.' }
      : { available: false, description: 'not configured', detail: api.error.message },
  };
}

export async function pickTarget(ctx: Ctx, provider: ProviderChoice, remembered?: TargetKind): Promise<TargetKind | undefined> {
  const s = await states(ctx, provider);
  const kinds = (Object.keys(TARGET_LABELS) as TargetKind[]).sort((a, b) =>
    Number(s[b].available) - Number(s[a].available) || Number(b === remembered) - Number(a === remembered));
  const picked = await ctx.host.showQuickPick(kinds.map(kind => ({
    label: TARGET_LABELS[kind],
    description: [s[kind].description, kind === remembered ? 'last used' : ''].filter(Boolean).join(' · '),
    detail: s[kind].detail,
    target: kind,
  })), { title: 'Run Job with Secrets (5/5): target', placeHolder: 'Where the job runs' });
  if (!picked) return undefined;
  const chosen = s[picked.target];
  if (!chosen.available) {
    const why = picked.target === 'local' ? KUBERNETES_VALUES_NEED_KUBECONFIG : `${TARGET_LABELS[picked.target]} is ${chosen.description}: ${chosen.detail}`;
    void ctx.host.showErrorMessage(`MLRun Secrets: ${why}`);
    return undefined;
  }
  return picked.target;
}
