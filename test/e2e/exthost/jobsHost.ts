/**
 * A scripted `Host` for the job tests: answers quick picks, input boxes and modals from a script keyed by the
 * prompt's title/placeholder, records every prompt and message, and runs `withProgress` tasks directly.
 * An unexpected prompt fails the test (it answers undefined and is recorded).
 */
import type * as vscode from 'vscode';
import type { Host } from '../../../client/src/ui/host';

export interface Prompt {
  kind: 'quickPick' | 'inputBox' | 'warning' | 'info' | 'error' | 'openDialog';
  title: string;
  items?: string[];
  answer?: unknown;
}

export interface Script {
  /** Title (or message) pattern → the label(s) to pick, the text to type, or the button to press. */
  answers: [RegExp, string | string[] | ((items: string[]) => string | string[] | undefined)][];
}

export class JobsHost implements Host {
  readonly prompts: Prompt[] = [];
  readonly messages: { kind: 'info' | 'error' | 'warning'; text: string }[] = [];

  constructor(private readonly script: Script) {}

  private answer(text: string, items: string[]): string | string[] | undefined {
    for (const [pattern, a] of this.script.answers) if (pattern.test(text)) return typeof a === 'function' ? a(items) : a;
    return undefined;
  }

  showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[] | Thenable<readonly T[]>, options: vscode.QuickPickOptions & { canPickMany: true }): Thenable<T[] | undefined>;
  showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[] | Thenable<readonly T[]>, options?: vscode.QuickPickOptions): Thenable<T | undefined>;
  async showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[] | Thenable<readonly T[]>, options?: vscode.QuickPickOptions): Promise<T | T[] | undefined> {
    const list = await items;
    const title = `${options?.title ?? ''} ${options?.placeHolder ?? ''}`;
    const labels = list.map(i => i.label);
    const a = this.answer(title, labels);
    this.prompts.push({ kind: 'quickPick', title, items: labels, answer: a });
    if (a === undefined) return undefined;
    if (options?.canPickMany) {
      const wanted = Array.isArray(a) ? a : a === '*picked*' ? list.filter(i => i.picked).map(i => i.label) : [a];
      return list.filter(i => wanted.includes(i.label));
    }
    return list.find(i => i.label === a);
  }

  async showInputBox(options: vscode.InputBoxOptions): Promise<string | undefined> {
    const title = `${options.title ?? ''} ${options.prompt ?? ''}`;
    const a = this.answer(title, []);
    const text = typeof a === 'string' ? a : undefined;
    this.prompts.push({ kind: 'inputBox', title, answer: options.password ? '(masked)' : text });
    if (text !== undefined && options.validateInput) {
      const problem = await options.validateInput(text);
      if (problem) throw new Error(`the scripted answer for "${title}" is invalid: ${typeof problem === 'string' ? problem : problem.message}`);
    }
    return text;
  }

  async showInformationMessage<T extends string>(message: string, ..._items: T[]): Promise<T | undefined> {
    this.messages.push({ kind: 'info', text: message });
    return undefined;
  }

  async showWarningMessage<T extends string>(message: string, _options: vscode.MessageOptions, ...items: T[]): Promise<T | undefined> {
    this.messages.push({ kind: 'warning', text: message });
    const a = this.answer(message, items);
    this.prompts.push({ kind: 'warning', title: message, items, answer: a });
    return items.find(i => i === a);
  }

  async showErrorMessage<T extends string>(message: string, ..._items: T[]): Promise<T | undefined> {
    this.messages.push({ kind: 'error', text: message });
    return undefined;
  }

  async showOpenDialog(options: vscode.OpenDialogOptions): Promise<vscode.Uri[] | undefined> {
    this.prompts.push({ kind: 'openDialog', title: options.title ?? '' });
    return undefined;
  }

  withProgress<R>(_options: vscode.ProgressOptions, task: (progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken) => Thenable<R>): Thenable<R> {
    const token: vscode.CancellationToken = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
    return task({ report() {} }, token);
  }
}
