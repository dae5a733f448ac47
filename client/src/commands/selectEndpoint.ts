/**
 * Select MLRun Endpoint…: the MLRun API URL (`mlrunSecrets.mlrunApi.endpoint`, a machine setting), picked from
 * MLRUN_DBPATH, the SDK's env file or typed. A URL with a user name or password is refused: settings are not the
 * place for credentials (Sign in keeps them in SecretStorage). Also makes the MLRun API the active backend while the
 * local store is, and offers to sign in when no credentials are stored for the endpoint.
 */
import { Commands } from '../../../shared/src/ids';
import * as vscode from 'vscode';
import { StoredCredentials } from '../backends/mlrunApi/auth';
import { mlrunEnvFilePath, parseMlrunUrl, resolveMlrunEndpoint } from '../backends/mlrunApi/endpoint';
import { setting, updateMachineSetting } from '../config';
import type { CommandFactory } from './command';

const TYPE = '$(edit) Enter a URL…';
const CLEAR = '$(discard) Clear: use MLRUN_DBPATH or the env file';

/** Why a typed endpoint cannot be saved, or undefined. */
export function endpointProblem(value: string): string | undefined {
  const parsed = parseMlrunUrl(value, 'setting');
  if (!parsed.ok) return parsed.error.message;
  if (parsed.value.urlCredentials) return 'Put no user name or password in the URL (settings are not for credentials): use "Sign in to the MLRun API…" after saving the URL.';
  return undefined;
}

export const selectEndpoint: CommandFactory = ctx => ({
  id: Commands.selectEndpoint,
  title: 'Select MLRun Endpoint…',
  async run(arg?: unknown) {
    let url = typeof arg === 'string' ? arg : undefined;
    if (url !== undefined && endpointProblem(url)) {
      void ctx.host.showErrorMessage(`MLRun Secrets: ${endpointProblem(url)}`);
      return undefined;
    }
    if (url === undefined) {
      const current = setting('mlrunApi.endpoint').trim();
      const fromEnv = resolveMlrunEndpoint({ setting: '' });
      const items: (vscode.QuickPickItem & { url?: string })[] = [];
      if (current) items.push({ label: `$(check) ${current}`, url: current, description: 'current setting' });
      if (fromEnv.ok && fromEnv.value && fromEnv.value.url !== current) {
        items.push({ label: fromEnv.value.url, url: fromEnv.value.url, description: fromEnv.value.source === 'envFile' ? `from ${fromEnv.value.envFile ?? mlrunEnvFilePath(process.env, '~')}` : 'from MLRUN_DBPATH' });
      }
      items.push({ label: TYPE, description: 'e.g. https://mlrun-api.example.com' });
      if (current) items.push({ label: CLEAR });
      const picked = await ctx.host.showQuickPick(items, { title: 'MLRun Secrets: MLRun API endpoint', placeHolder: 'What MLRUN_DBPATH holds' });
      if (!picked) return undefined;
      if (picked.label === CLEAR) {
        await updateMachineSetting('mlrunApi.endpoint', undefined);
        return '';
      }
      url = picked.url ?? await ctx.host.showInputBox({
        title: 'MLRun Secrets: MLRun API endpoint',
        prompt: 'URL of the MLRun API (http or https, no credentials)',
        placeHolder: 'https://mlrun-api.example.com',
        ignoreFocusOut: true,
        validateInput: v => endpointProblem(v),
      });
      if (!url) return undefined;
    }
    const normalised = parseMlrunUrl(url, 'setting');
    if (!normalised.ok) return undefined;
    await updateMachineSetting('mlrunApi.endpoint', normalised.value.url);
    if (ctx.backends.active() === 'local') await updateMachineSetting('backend', 'mlrunApi');
    ctx.log.info(`MLRun API endpoint: ${normalised.value.url}`);
    const stored = await new StoredCredentials(ctx.extension.secrets).get(normalised.value.url);
    if (!stored && setting('mlrunApi.authMode') !== 'none') {
      void ctx.host.showInformationMessage(`MLRun Secrets: Using the MLRun API at ${normalised.value.url}. Sign in if it needs credentials.`, 'Sign In…')
        .then(a => a && vscode.commands.executeCommand(Commands.signIn));
    }
    return normalised.value.url;
  },
});
