/** Long work behind a cancellable progress notification; cancelling aborts the backend call. */
import * as vscode from 'vscode';
import type { Ctx } from '../../ctx';

export function withProgress<T>(ctx: Ctx, title: string, work: (signal: AbortSignal, report: (message: string) => void) => Promise<T>): Promise<T> {
  return Promise.resolve(ctx.host.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    try {
      return await work(controller.signal, message => progress.report({ message }));
    } finally {
      sub.dispose();
    }
  }));
}
