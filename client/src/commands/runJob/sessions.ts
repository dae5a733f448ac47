/**
 * The jobs this window started and is following, shared by Run, Re-run and Cancel: keeps the context keys
 * `mlrunSecrets.jobRunning` and `mlrunSecrets.hasLastJob` up to date and reuses one terminal per handler.
 */
import { ContextKeys } from '../../../../shared/src/ids';
import * as vscode from 'vscode';
import type { Ctx } from '../../ctx';
import type { RunningJob } from '../../jobs/types';
import { JobTerminal } from './terminal';

export interface Session {
  id: number;
  /** `uri#handler`. */
  handlerId: string;
  label: string;
  job: RunningJob;
  terminal: JobTerminal;
}

export class JobSessions implements vscode.Disposable {
  private nextId = 1;
  private readonly running = new Map<number, Session>();
  private readonly terminals = new Map<string, JobTerminal>();

  list(): Session[] {
    return [...this.running.values()];
  }

  /** The handler's terminal, reused when it is still open and idle. */
  terminalFor(handlerId: string, name: string): JobTerminal {
    const existing = this.terminals.get(handlerId);
    const busy = this.list().some(s => s.terminal === existing);
    if (existing && !existing.isClosed && !busy) return existing;
    const t = new JobTerminal(busy ? `${name} (${this.nextId})` : name);
    if (!busy) this.terminals.set(handlerId, t);
    return t;
  }

  add(handlerId: string, label: string, job: RunningJob, terminal: JobTerminal): Session {
    const s: Session = { id: this.nextId++, handlerId, label, job, terminal };
    this.running.set(s.id, s);
    void this.updateRunningKey();
    return s;
  }

  remove(s: Session): void {
    this.running.delete(s.id);
    void this.updateRunningKey();
  }

  private updateRunningKey(): Thenable<unknown> {
    return vscode.commands.executeCommand('setContext', ContextKeys.jobRunning, this.running.size > 0);
  }

  dispose(): void {
    for (const s of this.running.values()) s.job.detach();
    for (const t of this.terminals.values()) t.dispose();
    this.running.clear();
  }
}

const byCtx = new WeakMap<Ctx, JobSessions>();

export function sessionsOf(ctx: Ctx): JobSessions {
  let s = byCtx.get(ctx);
  if (!s) {
    s = ctx.own(new JobSessions());
    byCtx.set(ctx, s);
  }
  return s;
}
