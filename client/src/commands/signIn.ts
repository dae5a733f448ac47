/**
 * Sign in to the MLRun API…: asks for a token or a user name and password (masked), per the auth mode, stores them
 * in SecretStorage only (one entry per endpoint; never in settings), and checks them by listing projects. Rejected
 * credentials are not kept (the previous ones come back).
 */
import { Commands } from '../../../shared/src/ids';
import { isIguazioSession, StoredCredentials, type MlrunCredentials } from '../backends/mlrunApi/auth';
import { resolveMlrunEndpoint } from '../backends/mlrunApi/endpoint';
import { setting } from '../config';
import type { Ctx } from '../ctx';
import { REACHES_STORE, type CommandFactory } from './command';
import { selectEndpoint } from './selectEndpoint';
import { showFailure } from './support/messages';
import { withProgress } from './support/progress';

const TOKEN = 'Token or access key';
const PASSWORD = 'User name and password';

export const signIn: CommandFactory = ctx => ({
  id: Commands.signIn,
  title: 'Sign in to the MLRun API…',
  restricted: REACHES_STORE,
  async run() {
    const endpoint = await endpointOrAsk(ctx);
    if (!endpoint) return undefined;
    const mode = setting('mlrunApi.authMode');
    if (mode === 'none') {
      void ctx.host.showInformationMessage('MLRun Secrets: mlrunSecrets.mlrunApi.authMode is "none": the MLRun API gets no credentials, so there is nothing to sign in with.');
      return undefined;
    }
    let kind: string | undefined = mode === 'basic' ? PASSWORD : mode === 'auto' ? undefined : TOKEN;
    if (!kind) {
      const picked = await ctx.host.showQuickPick([
        { label: TOKEN, detail: 'A bearer token, or an Iguazio access key / session (sent as MLRun sends it)' },
        { label: PASSWORD, detail: "For an API server in basic-auth mode" },
      ], { title: `Sign in to ${endpoint}`, placeHolder: 'How does this MLRun API authenticate?' });
      kind = picked?.label;
      if (!kind) return undefined;
    }
    const creds: MlrunCredentials = {};
    if (kind === TOKEN) {
      const token = await ctx.host.showInputBox({
        title: `Sign in to ${endpoint}`,
        prompt: 'Token (hidden; kept in VS Code\'s SecretStorage only)',
        password: true,
        ignoreFocusOut: true,
        validateInput: v => (v.trim() ? undefined : 'Type the token.'),
      });
      if (!token) return undefined;
      creds.token = token.trim();
      if (mode === 'auto' && isIguazioSession(creds.token)) ctx.log.info('MLRun API: the token looks like an Iguazio session; it is sent as the session cookie, as MLRun does');
    } else {
      const username = await ctx.host.showInputBox({ title: `Sign in to ${endpoint}`, prompt: 'User name', ignoreFocusOut: true, validateInput: v => (v.trim() ? undefined : 'Type the user name.') });
      if (!username) return undefined;
      const password = await ctx.host.showInputBox({ title: `Sign in to ${endpoint} as ${username.trim()}`, prompt: 'Password (hidden; kept in VS Code\'s SecretStorage only)', password: true, ignoreFocusOut: true, validateInput: v => (v ? undefined : 'Type the password.') });
      if (!password) return undefined;
      creds.username = username.trim();
      creds.password = password;
    }
    const store = new StoredCredentials(ctx.extension.secrets);
    const previous = await store.get(endpoint);
    await store.set(endpoint, creds);
    ctx.backends.reset('mlrunApi');
    const api = await ctx.backends.mlrunApi();
    const check = api.ok ? await withProgress(ctx, `Signing in to ${endpoint}…`, signal => api.value.listProjects(signal)) : api;
    if (!check.ok) {
      if (check.error.kind === 'unauthorized' || check.error.kind === 'forbidden' || check.error.kind === 'invalid' || check.error.kind === 'cancelled') {
        if (previous) await store.set(endpoint, previous);
        else await store.clear(endpoint);
        ctx.backends.reset('mlrunApi');
        await showFailure(ctx, `Sign-in to ${endpoint} failed; the credentials were not kept`, check.error);
        return undefined;
      }
      void ctx.host.showWarningMessage(`MLRun Secrets: Stored the credentials for ${endpoint}, but could not check them: ${check.error.message}`, {});
      return endpoint;
    }
    ctx.log.info(`signed in to ${endpoint}${creds.username ? ` as ${creds.username}` : ' with a token'}`);
    void ctx.host.showInformationMessage(`MLRun Secrets: Signed in to ${endpoint}${creds.username ? ` as ${creds.username}` : ''}.`);
    return endpoint;
  },
});

/** The resolved endpoint, else runs Select MLRun Endpoint… first. */
export async function endpointOrAsk(ctx: Ctx): Promise<string | undefined> {
  const resolved = resolveMlrunEndpoint({ setting: setting('mlrunApi.endpoint') });
  if (!resolved.ok) {
    await showFailure(ctx, 'Cannot use the MLRun API endpoint', resolved.error);
    return undefined;
  }
  if (resolved.value) return resolved.value.url;
  // Called directly, not through executeCommand: commands return nothing to callers outside tests (extension.ts).
  const url = await selectEndpoint(ctx).run();
  return typeof url === 'string' && url ? url : undefined;
}
