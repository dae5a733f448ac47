/**
 * The seam between commands and the user (vscode-kubernetes-tools' `Host`): commands ask through this interface,
 * so flows such as "set secret" can be driven by a scripted host in tests without clicking.
 */
import * as vscode from 'vscode';
import { inFlight } from '../backends/common/redact';

export interface Host {
  showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[] | Thenable<readonly T[]>, options: vscode.QuickPickOptions & { canPickMany: true }): Thenable<T[] | undefined>;
  showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[] | Thenable<readonly T[]>, options?: vscode.QuickPickOptions): Thenable<T | undefined>;
  showInputBox(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  showInformationMessage<T extends string>(message: string, ...items: T[]): Thenable<T | undefined>;
  showWarningMessage<T extends string>(message: string, options: vscode.MessageOptions, ...items: T[]): Thenable<T | undefined>;
  showErrorMessage<T extends string>(message: string, ...items: T[]): Thenable<T | undefined>;
  showOpenDialog(options: vscode.OpenDialogOptions): Thenable<vscode.Uri[] | undefined>;
  withProgress<R>(options: vscode.ProgressOptions, task: (progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken) => Thenable<R>): Thenable<R>;
  /**
   * How long work may run before its progress notification appears (commands' `withProgress` helper). Quick calls
   * then show no flickering toast — and do not use up VS Code's budget of toasts, which would hide the message that
   * follows them. Scripted hosts use 0 (always shown, so tests can cancel it).
   */
  readonly progressDelayMs?: number;
}

/** The real host: VS Code's window API. */
export const windowHost: Host = {
  showQuickPick: ((items: never, options: never) => vscode.window.showQuickPick(items, options)) as Host['showQuickPick'],
  showInputBox: options => vscode.window.showInputBox(options),
  // Notifications pass through the redactor (values and credentials in flight), as log lines do.
  showInformationMessage: (message, ...items) => vscode.window.showInformationMessage(inFlight.redact(message), ...items),
  showWarningMessage: (message, options, ...items) => vscode.window.showWarningMessage(inFlight.redact(message), options, ...items),
  showErrorMessage: (message, ...items) => vscode.window.showErrorMessage(inFlight.redact(message), ...items),
  showOpenDialog: options => vscode.window.showOpenDialog(options),
  withProgress: (options, task) => vscode.window.withProgress(options, task),
  progressDelayMs: 500,
};
