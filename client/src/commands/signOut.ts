/** Sign out of the MLRun API: forgets the endpoint's credentials from SecretStorage. Contacts nothing. */
import { Commands } from '../../../shared/src/ids';
import { StoredCredentials } from '../backends/mlrunApi/auth';
import { resolveMlrunEndpoint } from '../backends/mlrunApi/endpoint';
import { setting } from '../config';
import type { CommandFactory } from './command';

export const signOut: CommandFactory = ctx => ({
  id: Commands.signOut,
  title: 'Sign out of the MLRun API',
  async run() {
    const resolved = resolveMlrunEndpoint({ setting: setting('mlrunApi.endpoint') });
    const endpoint = resolved.ok ? resolved.value?.url : undefined;
    if (!endpoint) {
      void ctx.host.showInformationMessage('MLRun Secrets: No MLRun API endpoint is configured, so there is nothing to sign out of.');
      return false;
    }
    const store = new StoredCredentials(ctx.extension.secrets);
    if (!(await store.get(endpoint))) {
      void ctx.host.showInformationMessage(`MLRun Secrets: You are not signed in to ${endpoint}.`);
      return false;
    }
    await store.clear(endpoint);
    ctx.backends.reset('mlrunApi');
    ctx.log.info(`signed out of ${endpoint}`);
    void ctx.host.showInformationMessage(`MLRun Secrets: Signed out of ${endpoint}; its credentials were removed from SecretStorage.`);
    return true;
  },
});
