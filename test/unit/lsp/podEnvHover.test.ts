/** Hover and completion name the variable for the MLRun version the client detected (`podEnv` of projectKeys). */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { CompletionRequest, HoverRequest, type CompletionItem, type Hover, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { ProjectKeys } from '../../../shared/src/protocol';
import { fileUriOf } from '../../util/lspClient';
import { lspSuite } from '../../util/lspSuite';
import { until } from '../../util/poll';

const CODE = 'def train(context):\n    a = context.get_secret("DB_PASSWORD")\n    b = context.get_secret("PATH")\n    c = context.get_secret("token")\n';

describe('language server: secret variable names per MLRun version', function () {
  this.timeout(60_000);
  const lsp = lspSuite({ files: {} });
  let uri: string;
  let folderUri: string;

  before(async () => {
    folderUri = fileUriOf(lsp.dir);
    uri = fileUriOf(path.join(lsp.dir, 'job.py'));
    await lsp.server.open(uri, 'python', CODE);
    await lsp.server.waitDiagnostics(uri);
  });

  async function hoverAt(line: number, character: number): Promise<string> {
    const h = await lsp.server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } }) as Hover | null;
    return h ? (h.contents as MarkupContent).value : '';
  }

  async function send(podEnv: ProjectKeys.Params['podEnv']): Promise<void> {
    const params: ProjectKeys.Params = { folderUri, backend: 'mlrunApi', project: 'demo', keys: ['DB_PASSWORD', 'PATH', 'token', 'TOKEN'], ...(podEnv ? { podEnv } : {}) };
    await lsp.server.connection.sendNotification(ProjectKeys.type, params);
  }

  it('1.7: MLRUN_K8S_SECRET__<KEY>, and the case collision', async () => {
    await send({ naming: 'prefixed', version: '1.7.2' });
    await until('1.7 naming applied', async () => (await hoverAt(1, 30)).includes('(MLRun 1.7.2)'));
    assert.match(await hoverAt(1, 30), /In job pods \(MLRun 1\.7\.2\): environment variable `MLRUN_K8S_SECRET__DB_PASSWORD`\./);
    assert.match(await hoverAt(3, 30), /\*\*Warning:\*\* differs only in case from `TOKEN`/);
    assert.doesNotMatch(await hoverAt(2, 30), /Warning/);
  });

  it('1.8+: the key itself, no case collision, a warning for a key that replaces PATH; completion agrees', async () => {
    await send({ naming: 'plain', version: '1.8.1' });
    await until('1.8 naming applied', async () => (await hoverAt(1, 30)).includes('(MLRun 1.8.1)'));
    assert.match(await hoverAt(1, 30), /environment variable `DB_PASSWORD`\./);
    assert.doesNotMatch(await hoverAt(3, 30), /differs only in case/);
    assert.match(await hoverAt(2, 30), /\*\*Warning:\*\* MLRun 1\.8\+ gives this secret to every job pod of the project as the variable "PATH", replacing the pod's own PATH/);
    const items = await lsp.server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 1, character: 30 } }) as CompletionItem[];
    assert.equal(items.find(i => i.label === 'DB_PASSWORD')!.documentation, 'MLRun project secret; in job pods (MLRun 1.8.1) DB_PASSWORD.');
  });

  it('unknown version: both names', async () => {
    await send(undefined);
    await until('no version', async () => !(await hoverAt(1, 30)).includes('(MLRun 1.8.1)'));
    assert.match(await hoverAt(1, 30), /`MLRUN_K8S_SECRET__DB_PASSWORD` \(MLRun 1\.7 and earlier\) or `DB_PASSWORD` \(MLRun 1\.8 and later\)/);
  });
});
