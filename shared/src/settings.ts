/**
 * Every `mlrunSecrets.*` setting, typed, with its scope and default. `test/unit/settings.test.ts` fails when
 * package.json's `contributes.configuration` drifts from this table (the rust-analyzer habit).
 *
 * Scopes: `machine` (or `application`) for anything that names an endpoint, kubeconfig, context, namespace,
 * interpreter, image or command — a workspace can never override those; `resource` for analysis options.
 */
import type { BackendKind } from './protocol';
import type { SeveritySetting, RuleId } from './rules';

export type SettingScope = 'application' | 'machine' | 'window' | 'resource';

export type AuthMode = 'auto' | 'bearer' | 'basic' | 'session' | 'none';
export type AzureCredentialKind = 'kubernetesSecret' | 'microsoftAccount' | 'defaultAzureCredential';
export type TraceLevel = 'off' | 'messages' | 'verbose';

export interface Settings {
  'backend': BackendKind;
  'kubernetes.kubeconfig': string;
  'kubernetes.context': string;
  'kubernetes.namespace': string;
  'kubernetes.projectSecretName': string;
  'mlrunApi.endpoint': string;
  'mlrunApi.authMode': AuthMode;
  'mlrunApi.caFile': string;
  'azure.vaults': Record<string, string[]>;
  'azure.credential': AzureCredentialKind;
  'azure.credentialSecret': string;
  'azure.authorityHost': string;
  'azure.vaultUrlTemplate': string;
  'jobs.pythonPath': string;
  'jobs.image': string;
  'jobs.mlrunVersion': string;
  'jobs.ttlSecondsAfterFinished': number;
  'project': string;
  'rules': Partial<Record<RuleId, SeveritySetting>>;
  'exclude': string[];
  'clipboardTimeoutSeconds': number;
  'trace.server': TraceLevel;
}

export type SettingKey = keyof Settings;

export const SECTION = 'mlrunSecrets';

export const SETTINGS: { readonly [K in SettingKey]: { scope: SettingScope; default: Settings[K] } } = {
  'backend': { scope: 'machine', default: 'local' },
  'kubernetes.kubeconfig': { scope: 'machine', default: '' },
  'kubernetes.context': { scope: 'machine', default: '' },
  'kubernetes.namespace': { scope: 'machine', default: '' },
  'kubernetes.projectSecretName': { scope: 'machine', default: 'mlrun-project-secrets-{project}' },
  'mlrunApi.endpoint': { scope: 'machine', default: '' },
  'mlrunApi.authMode': { scope: 'machine', default: 'auto' },
  'mlrunApi.caFile': { scope: 'machine', default: '' },
  'azure.vaults': { scope: 'machine', default: {} },
  'azure.credential': { scope: 'machine', default: 'kubernetesSecret' },
  'azure.credentialSecret': { scope: 'machine', default: '' },
  'azure.authorityHost': { scope: 'machine', default: 'https://login.microsoftonline.com' },
  'azure.vaultUrlTemplate': { scope: 'machine', default: 'https://{name}.vault.azure.net' },
  'jobs.pythonPath': { scope: 'machine', default: '' },
  'jobs.image': { scope: 'machine', default: 'mlrun/mlrun' },
  'jobs.mlrunVersion': { scope: 'machine', default: '' },
  'jobs.ttlSecondsAfterFinished': { scope: 'machine', default: 3600 },
  'project': { scope: 'resource', default: '' },
  'rules': { scope: 'resource', default: {} },
  'exclude': { scope: 'resource', default: [] },
  'clipboardTimeoutSeconds': { scope: 'application', default: 30 },
  'trace.server': { scope: 'window', default: 'off' },
};

/** A reader of settings (the client wraps `vscode.workspace.getConfiguration`; tests pass plain objects). */
export type SettingsReader = <K extends SettingKey>(key: K) => Settings[K];

/** A reader over a plain object, falling back to the defaults (for tests and the CLI). */
export function settingsFrom(values: Partial<Settings>): SettingsReader {
  return <K extends SettingKey>(key: K): Settings[K] =>
    (Object.prototype.hasOwnProperty.call(values, key) ? values[key] : SETTINGS[key].default) as Settings[K];
}
