/**
 * Every command is a small module exporting a factory that takes the extension context (rust-analyzer's habit).
 */
import type { CommandId } from '../../../shared/src/ids';
import type { Ctx } from '../ctx';

export interface Command {
  /** `mlrunSecrets.<verb><Object>` (shared/src/ids.ts, which a test compares with package.json). */
  id: CommandId;
  /** Palette title without the category, for messages. */
  title: string;
  /**
   * Set when the command reaches a secret store or runs code: the end of the sentence "… because it <restricted>".
   * Such commands are refused in Restricted Mode.
   */
  restricted?: string;
  run(...args: unknown[]): unknown;
}

export type CommandFactory = (ctx: Ctx) => Command;

export const REACHES_STORE = 'would contact a secret store';
export const RUNS_CODE = 'would run code from this workspace';
