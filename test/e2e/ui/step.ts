import type { Workbench } from './workbench';

/** One user-visible step of a UI suite; returns an optional note (e.g. a measured time) for the log. */
export interface UiStep {
  name: string;
  run(wb: Workbench, lap: (message: string) => void): Promise<string | void>;
}
