/**
 * The last choices per handler, in `workspaceState` (choices only — provider kind, vault, file path, key names,
 * target — never a value), so a re-run is one click. Inline values are typed again on every run.
 */
import { ContextKeys } from '../../../../shared/src/ids';
import * as vscode from 'vscode';
import { nullRecord, type OwnRecord } from '../../../../shared/src/records';
import type { ProviderChoice, TargetKind } from '../../jobs/types';

export interface JobChoice {
  v: 1;
  /** The handler file's URI (string). */
  uri: string;
  handler: string;
  project: string;
  provider: ProviderChoice;
  keys: string[];
  target: TargetKind;
  at: number;
}

interface Stored {
  last?: string;
  /** Handler id → choice (a null-prototype record: a handler may be named `constructor`). */
  byHandler: OwnRecord<JobChoice>;
}

const KEY = 'mlrunSecrets.jobs.choices';
const MAX_HANDLERS = 100;

export function handlerId(uri: string, handler: string): string {
  return `${uri}#${handler}`;
}

/** Only the fields a choice may hold: a stored object with anything else (a value) is never written back. */
function clean(c: JobChoice): JobChoice {
  const p = c.provider;
  const provider: ProviderChoice =
    p.kind === 'azure_vault' ? { kind: p.kind, vault: p.vault, ...(p.k8sSecret ? { k8sSecret: p.k8sSecret } : {}) }
      : p.kind === 'file' ? { kind: p.kind, path: p.path }
        : { kind: p.kind };
  return { v: 1, uri: c.uri, handler: c.handler, project: c.project, provider, keys: [...c.keys], target: c.target, at: c.at };
}

export class JobChoices {
  constructor(private readonly memento: vscode.Memento) {}

  private read(): Stored {
    const s = this.memento.get<Stored>(KEY);
    return s && typeof s === 'object' && s.byHandler && typeof s.byHandler === 'object'
      ? { ...(typeof s.last === 'string' ? { last: s.last } : {}), byHandler: nullRecord(Object.entries(s.byHandler)) }
      : { byHandler: nullRecord() };
  }

  get(uri: string, handler: string): JobChoice | undefined {
    return this.read().byHandler[handlerId(uri, handler)];
  }

  last(): JobChoice | undefined {
    const s = this.read();
    return s.last ? s.byHandler[s.last] : undefined;
  }

  hasLast(): boolean {
    return this.last() !== undefined;
  }

  async remember(choice: JobChoice): Promise<void> {
    const s = this.read();
    const id = handlerId(choice.uri, choice.handler);
    s.byHandler[id] = clean(choice);
    s.last = id;
    const ids = Object.keys(s.byHandler).sort((a, b) => s.byHandler[b]!.at - s.byHandler[a]!.at);
    for (const old of ids.slice(MAX_HANDLERS)) delete s.byHandler[old];
    await this.memento.update(KEY, s);
    await updateHasLastJob(true);
  }
}

export function updateHasLastJob(value: boolean): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', ContextKeys.hasLastJob, value);
}

/** One line for pickers and messages: "Local store → local process · DB_PASSWORD, API_KEY". */
export function describeChoice(c: Pick<JobChoice, 'provider' | 'target' | 'keys'>): string {
  return `${providerLabel(c.provider)} → ${targetLabel(c.target)} · ${c.keys.join(', ') || 'no keys'}`;
}

export function providerLabel(p: ProviderChoice): string {
  switch (p.kind) {
    case 'kubernetes': return 'Kubernetes project secrets';
    case 'azure_vault': return `Azure Key Vault ${p.vault}`;
    case 'local': return 'Local store';
    case 'inline': return 'Inline values';
    case 'env': return 'Environment variables';
    case 'file': return `File ${vscode.workspace.asRelativePath(p.path)}`;
  }
}

export function targetLabel(t: TargetKind): string {
  return t === 'local' ? 'local process' : t === 'kubernetes' ? 'Kubernetes Job' : 'MLRun API';
}
