/**
 * Machine/user settings for extension-host tests: set (at user level, which in code-server's remote window VS Code
 * routes to the remote's settings for machine-scoped keys), wait until the extension sees them, and restore.
 */
import { isDeepStrictEqual } from 'node:util';
import * as vscode from 'vscode';
import { waitFor } from './wait';

/** Sets `mlrunSecrets.*` keys (given without the prefix); returns a function that puts back what was there. */
export async function setSettings(values: Record<string, unknown>): Promise<() => Promise<void>> {
  const config = () => vscode.workspace.getConfiguration('mlrunSecrets');
  const before = new Map<string, unknown>();
  for (const key of Object.keys(values)) before.set(key, config().inspect(key)?.globalValue);
  for (const [key, value] of Object.entries(values)) await update(key, value);
  return async () => {
    for (const [key, value] of before) await update(key, value);
  };

  async function update(key: string, value: unknown): Promise<void> {
    await config().update(key, value, vscode.ConfigurationTarget.Global);
    await waitFor(() => isDeepStrictEqual(config().inspect(key)?.globalValue, value), `setting mlrunSecrets.${key} to apply`, 10_000);
  }
}
