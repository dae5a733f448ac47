/**
 * A scripted `Host` for extension-host tests: prompts (quick picks, input boxes, modal dialogs, file dialogs) are
 * answered by a queue of steps, in order, and every message and prompt is recorded for assertions. An input box
 * answer goes through the box's own `validateInput` (an error refuses it, as the real box would). A prompt that no
 * step expects fails the test (recorded in `unexpected`), so a flow that asks more than it should is noticed.
 */
import * as vscode from 'vscode';
import type { Host } from '../../../client/src/ui/host';

export type Level = 'info' | 'warning' | 'error';

export interface Message {
  level: Level;
  text: string;
  detail?: string;
  modal: boolean;
  items: string[];
}

export interface PromptRecord {
  kind: 'quickPick' | 'inputBox' | 'openDialog' | 'modal';
  title?: string;
  prompt?: string;
  placeHolder?: string;
  password?: boolean;
  value?: string;
  labels?: string[];
  canPickMany?: boolean;
}

type Matcher = string | RegExp;

function matches(m: Matcher, text: string): boolean {
  return typeof m === 'string' ? text === m || text.replace(/^\$\([a-z-]+\) /, '') === m : m.test(text);
}

export type Step =
  | { kind: 'pick'; labels: Matcher[]; many: boolean }
  | { kind: 'input'; value: string; probes: { value: string; expect: RegExp | undefined; severity?: 'error' | 'warning' }[] }
  | { kind: 'modal'; button: string | undefined; expect?: RegExp }
  | { kind: 'message'; match: RegExp; button: string | undefined }
  | { kind: 'open'; uris: vscode.Uri[] | undefined }
  | { kind: 'cancel' };

/** Step builders. */
export const pick = (...labels: Matcher[]): Step => ({ kind: 'pick', labels, many: false });
export const pickMany = (...labels: Matcher[]): Step => ({ kind: 'pick', labels, many: true });
export const input = (value: string, probes: { value: string; expect: RegExp | undefined; severity?: 'error' | 'warning' }[] = []): Step => ({ kind: 'input', value, probes });
/** Answers a modal dialog with `button` (undefined: Cancel), after checking its text and detail against `expect`. */
export const modal = (button: string | undefined, expect?: RegExp): Step => ({ kind: 'modal', button, ...(expect ? { expect } : {}) });
/** Answers a non-modal message whose text matches with a button. */
export const answer = (match: RegExp, button: string | undefined): Step => ({ kind: 'message', match, button });
export const open = (...uris: vscode.Uri[]): Step => ({ kind: 'open', uris });
/** Dismisses the next prompt (Escape). */
export const cancel = (): Step => ({ kind: 'cancel' });

export class ScriptedHost implements Host {
  readonly messages: Message[] = [];
  readonly prompts: PromptRecord[] = [];
  readonly progress: string[] = [];
  readonly unexpected: string[] = [];
  private steps: Step[] = [];
  /** Cancels a progress whose title matches, as soon as it starts. */
  cancelProgress?: RegExp;

  script(...steps: Step[]): this {
    this.steps.push(...steps);
    return this;
  }

  /** Fails unless every step was used and nothing unexpected happened. */
  assertDone(): void {
    const left = this.steps.map(s => s.kind);
    this.steps = [];
    if (this.unexpected.length || left.length) {
      throw new Error(`scripted host: ${this.unexpected.length ? `unexpected: ${this.unexpected.join(' | ')}` : ''}${left.length ? ` unused steps: ${left.join(', ')}` : ''}`);
    }
  }

  /** Everything shown to the user, for canary checks. */
  allText(): string {
    return JSON.stringify({ messages: this.messages, prompts: this.prompts, progress: this.progress });
  }

  last(level?: Level): Message | undefined {
    const list = level ? this.messages.filter(m => m.level === level) : this.messages;
    return list[list.length - 1];
  }

  private next(kind: Step['kind'], what: string): Step | undefined {
    const step = this.steps[0];
    if (step && (step.kind === kind || step.kind === 'cancel')) {
      this.steps.shift();
      return step;
    }
    this.unexpected.push(`${what}${step ? ` (next step: ${step.kind})` : ''}`);
    return undefined;
  }

  showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[] | Thenable<readonly T[]>, options: vscode.QuickPickOptions & { canPickMany: true }): Thenable<T[] | undefined>;
  showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[] | Thenable<readonly T[]>, options?: vscode.QuickPickOptions): Thenable<T | undefined>;
  async showQuickPick<T extends vscode.QuickPickItem>(itemsOrThenable: readonly T[] | Thenable<readonly T[]>, options?: vscode.QuickPickOptions): Promise<T | T[] | undefined> {
    const items = await itemsOrThenable;
    const selectable = items.filter(i => i.kind !== vscode.QuickPickItemKind.Separator);
    const many = options?.canPickMany === true;
    this.prompts.push({ kind: 'quickPick', title: options?.title, placeHolder: options?.placeHolder, labels: selectable.map(i => i.label), canPickMany: many });
    const step = this.next('pick', `quick pick "${options?.title}" [${selectable.map(i => i.label).join(', ')}]`);
    if (!step || step.kind !== 'pick') return undefined;
    const chosen = step.labels.map(m => {
      const hit = selectable.find(i => matches(m, i.label));
      if (!hit) this.unexpected.push(`quick pick "${options?.title}" has no item ${String(m)} (items: ${selectable.map(i => i.label).join(', ')})`);
      return hit;
    }).filter((i): i is T => !!i);
    if (step.many !== many) this.unexpected.push(`quick pick "${options?.title}": canPickMany is ${many}`);
    return many ? chosen : chosen[0];
  }

  async showInputBox(options: vscode.InputBoxOptions): Promise<string | undefined> {
    this.prompts.push({ kind: 'inputBox', title: options.title, prompt: options.prompt, placeHolder: options.placeHolder, password: options.password === true, value: options.value });
    const step = this.next('input', `input box "${options.title}"`);
    if (!step || step.kind !== 'input') return undefined;
    const check = async (value: string): Promise<{ message: string; severity: 'error' | 'warning' } | undefined> => {
      const r = await options.validateInput?.(value);
      if (!r) return undefined;
      if (typeof r === 'string') return { message: r, severity: 'error' };
      return { message: r.message, severity: r.severity === vscode.InputBoxValidationSeverity.Error ? 'error' : 'warning' };
    };
    for (const probe of step.probes) {
      const got = await check(probe.value);
      const ok = probe.expect === undefined ? got === undefined : !!got && probe.expect.test(got.message) && (!probe.severity || probe.severity === got.severity);
      if (!ok) this.unexpected.push(`input box "${options.title}": for ${JSON.stringify(probe.value)} expected ${probe.expect ?? 'no message'}${probe.severity ? ` (${probe.severity})` : ''}, got ${got ? `${got.severity}: ${got.message}` : 'no message'}`);
    }
    const verdict = await check(step.value);
    if (verdict?.severity === 'error') {
      this.unexpected.push(`input box "${options.title}" refused the scripted value: ${verdict.message}`);
      return undefined;
    }
    return step.value;
  }

  private async message<T extends string>(level: Level, text: string, options: vscode.MessageOptions, items: T[]): Promise<T | undefined> {
    const modal = options.modal === true;
    this.messages.push({ level, text, ...(options.detail ? { detail: options.detail } : {}), modal, items: [...items] });
    if (modal) {
      this.prompts.push({ kind: 'modal', title: text });
      const step = this.next('modal', `modal "${text}"`);
      if (!step || step.kind !== 'modal') return undefined;
      if (step.expect && !step.expect.test(`${text}\n${options.detail ?? ''}`)) this.unexpected.push(`modal "${text}" (${options.detail ?? ''}) does not match ${step.expect}`);
      if (step.button !== undefined && !items.includes(step.button as T)) this.unexpected.push(`modal "${text}" has no button "${step.button}" (buttons: ${items.join(', ')})`);
      return step.button as T | undefined;
    }
    const step = this.steps[0];
    if (step?.kind === 'message' && step.match.test(text)) {
      this.steps.shift();
      return step.button as T | undefined;
    }
    return undefined;
  }

  showInformationMessage<T extends string>(message: string, ...items: T[]): Thenable<T | undefined> {
    return this.message('info', message, {}, items);
  }

  showWarningMessage<T extends string>(message: string, options: vscode.MessageOptions, ...items: T[]): Thenable<T | undefined> {
    return this.message('warning', message, options ?? {}, items);
  }

  showErrorMessage<T extends string>(message: string, ...items: T[]): Thenable<T | undefined> {
    return this.message('error', message, {}, items);
  }

  async showOpenDialog(options: vscode.OpenDialogOptions): Promise<vscode.Uri[] | undefined> {
    this.prompts.push({ kind: 'openDialog', title: options.title });
    const step = this.next('open', `open dialog "${options.title}"`);
    return step && step.kind === 'open' ? step.uris : undefined;
  }

  async withProgress<R>(options: vscode.ProgressOptions, task: (progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken) => Thenable<R>): Promise<R> {
    const title = options.title ?? '';
    this.progress.push(title);
    const source = new vscode.CancellationTokenSource();
    if (this.cancelProgress?.test(title)) {
      if (!options.cancellable) this.unexpected.push(`progress "${title}" cannot be cancelled`);
      source.cancel();
    }
    try {
      return await task({ report: p => { if (p.message) this.progress.push(`${title} ${p.message}`); } }, source.token);
    } finally {
      source.dispose();
    }
  }
}
