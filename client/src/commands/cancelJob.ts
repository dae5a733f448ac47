import { Commands } from '../../../shared/src/ids';
import type { CommandFactory } from './command';
import { sessionsOf } from './runJob/sessions';

/** "Cancel Running Job": kills the local process, deletes the Kubernetes Job, or aborts the MLRun run. */
export const cancelJob: CommandFactory = ctx => ({
  id: Commands.cancelJob,
  title: 'Cancel Running Job',
  async run() {
    const running = sessionsOf(ctx).list();
    if (running.length === 0) {
      void ctx.host.showInformationMessage('MLRun Secrets: no job is running.');
      return false;
    }
    const session = running.length === 1 ? running[0] : (await ctx.host.showQuickPick(running.map(s => ({ label: s.label, description: s.job.description, session: s })), {
      title: 'Cancel Running Job', placeHolder: 'The job to cancel',
    }))?.session;
    if (!session) return false;
    const r = await session.job.cancel();
    if (!r.ok) {
      void ctx.host.showErrorMessage(`MLRun Secrets: could not cancel ${session.label}: ${r.error.message}`);
      return false;
    }
    return true;
  },
});
