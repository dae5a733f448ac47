/**
 * Find Usages (key nodes and Missing keys): where the code of the project's workspace folders names the key, shown
 * as VS Code's own Find All References shows them (`editor.action.showReferences`: the peek, or the References
 * view when `references.preferredLocation` is `view`). Key names and places only.
 */
import * as vscode from 'vscode';
import { Commands } from '../../../shared/src/ids';
import { KeyReferences } from '../../../shared/src/protocol';
import { KeyNode } from '../tree/keyNode';
import { MissingKeyNode } from '../tree/missingKeyNode';
import type { CommandFactory } from './command';

export const findUsages: CommandFactory = ctx => ({
  id: Commands.findUsages,
  title: 'Find Usages',
  async run(node?: unknown) {
    if (!(node instanceof KeyNode || node instanceof MissingKeyNode)) {
      void ctx.host.showInformationMessage('MLRun Secrets: Find Usages works on keys in the MLRun Secrets view.');
      return undefined;
    }
    const client = await ctx.server.ready();
    const found = await client.sendRequest(KeyReferences.type, { backend: node.backend, project: node.project, key: node.name });
    if (found.length === 0) {
      void ctx.host.showInformationMessage(`MLRun Secrets: no code in the workspace folders of project "${node.project}" names "${node.name}".`);
      return [];
    }
    const locations = await Promise.all(found.map(l => client.protocol2CodeConverter.asLocation(l)));
    const first = locations[0]!;
    await vscode.commands.executeCommand('editor.action.showReferences', first.uri, first.range.start, locations);
    return locations;
  },
});
