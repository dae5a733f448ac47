/**
 * Typed access to `mlrunSecrets.*` settings (the table lives in shared/src/settings.ts).
 *
 * Machine/application-scoped settings are read with `inspect()` and only their user-level (global) value is used,
 * so a workspace's `.vscode/settings.json` can never point the extension at an endpoint, kubeconfig, interpreter
 * or image — even if VS Code were to apply it.
 */
import * as vscode from 'vscode';
import { SECTION, SETTINGS, type SettingKey, type Settings } from '../../shared/src/settings';

export function setting<K extends SettingKey>(key: K, scope?: vscode.ConfigurationScope): Settings[K] {
  const meta = SETTINGS[key];
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  if (meta.scope === 'machine' || meta.scope === 'application') {
    const inspected = config.inspect<Settings[K]>(key);
    return (inspected?.globalValue ?? inspected?.defaultValue ?? meta.default) as Settings[K];
  }
  return config.get<Settings[K]>(key, meta.default);
}

/** Writes a machine/application setting at user level (in a remote window VS Code routes it to the remote). */
export async function updateMachineSetting<K extends SettingKey>(key: K, value: Settings[K] | undefined): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
}

/** Fires when any of the given settings change (for any scope). */
export function onSettingsChanged(keys: readonly SettingKey[], listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration(e => {
    if (keys.some(k => e.affectsConfiguration(`${SECTION}.${k}`))) listener();
  });
}
