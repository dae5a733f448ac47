import { Commands } from '../../../shared/src/ids';
import { RUNS_CODE, type CommandFactory } from './command';
import { JobChoices, updateHasLastJob } from './runJob/choices';
import { runJobFlow } from './runJob/flow';

/**
 * "Run Job with Secrets…": runs an MLRun handler with the chosen provider on the chosen target (runJob/flow.ts).
 * Arguments: see runJob/args.ts. Returns a JobSummary (never a value) once the job ends.
 */
export const runJob: CommandFactory = ctx => {
  void updateHasLastJob(new JobChoices(ctx.extension.workspaceState).hasLast());
  return {
    id: Commands.runJob,
    title: 'Run Job with Secrets…',
    restricted: RUNS_CODE,
    run: (arg?: unknown) => runJobFlow(ctx, arg),
  };
};
