/**
 * The extension's log: one `LogOutputChannel` ("MLRun Secrets"), with a `Logger` view for backends.
 * Callers log what happens (operations, key names, statuses), never values.
 */
import * as vscode from 'vscode';
import { redactingChannel } from './backends/common/redact';
import type { Logger } from './backends/types';

/** Every line written to it passes through the redactor with the values and credentials in flight. */
export function createLog(): vscode.LogOutputChannel {
  return redactingChannel(vscode.window.createOutputChannel('MLRun Secrets', { log: true }));
}

/** Adapts the output channel to the vscode-free `Logger` interface backends and job runners take. */
export function loggerFor(channel: vscode.LogOutputChannel, prefix: string): Logger {
  const p = prefix ? `[${prefix}] ` : '';
  return {
    trace: m => channel.trace(p + m),
    info: m => channel.info(p + m),
    warn: m => channel.warn(p + m),
    error: m => channel.error(p + m),
  };
}
