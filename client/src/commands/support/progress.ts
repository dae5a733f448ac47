/**
 * Long work behind a cancellable progress notification; cancelling aborts the backend call. The notification
 * appears only when the work takes longer than the host's `progressDelayMs` (quick calls show nothing), and from
 * then on Cancel aborts it.
 */
import * as vscode from 'vscode';
import type { Ctx } from '../../ctx';

type Work<T> = (signal: AbortSignal, report: (message: string) => void) => Promise<T>;

export function withProgress<T>(ctx: Ctx, title: string, work: Work<T>): Promise<T> {
  const delay = ctx.host.progressDelayMs ?? 0;
  const options = { location: vscode.ProgressLocation.Notification, title, cancellable: true };
  if (delay <= 0) {
    return Promise.resolve(ctx.host.withProgress(options, async (progress, token) => {
      const controller = new AbortController();
      if (token.isCancellationRequested) controller.abort();
      const sub = token.onCancellationRequested(() => controller.abort());
      try {
        return await work(controller.signal, message => progress.report({ message }));
      } finally {
        sub.dispose();
      }
    }));
  }
  const controller = new AbortController();
  let last: string | undefined;
  let report = (message: string): void => {
    last = message;
  };
  let done = false;
  const running = work(controller.signal, m => report(m)).finally(() => {
    done = true;
  });
  const timer = setTimeout(() => {
    if (done) return;
    void ctx.host.withProgress(options, async (progress, token) => {
      const sub = token.onCancellationRequested(() => controller.abort());
      report = message => progress.report({ message });
      if (last) progress.report({ message: last });
      try {
        await running.catch(() => undefined);
      } finally {
        sub.dispose();
      }
    });
  }, delay);
  return running.finally(() => clearTimeout(timer));
}
