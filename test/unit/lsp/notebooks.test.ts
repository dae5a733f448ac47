import assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  CodeActionRequest, DidChangeNotebookDocumentNotification, DidCloseNotebookDocumentNotification, DidOpenNotebookDocumentNotification,
  NotebookCellKind, type CodeAction,
} from 'vscode-languageserver-protocol/node';
import { Commands, type StoreLiterals } from '../../../shared/src/protocol';
import { fileUriOf } from '../../util/lspClient';
import { lspSuite } from '../../util/lspSuite';

describe('language server: notebooks (notebook-document sync)', function () {
  this.timeout(30_000);
  const lsp = lspSuite();

  it('analyses python cells as cells: diagnostics per cell, across-cell MLS005, edits, structure changes', async () => {
    const nbUri = fileUriOf(path.join(lsp.dir, 'explore.ipynb'));
    const cell = (i: number): string => `vscode-notebook-cell:${path.join(lsp.dir, 'explore.ipynb')}#cell${i}`;
    await lsp.server.connection.sendNotification(DidOpenNotebookDocumentNotification.type, {
      notebookDocument: {
        uri: nbUri, notebookType: 'jupyter-notebook', version: 1,
        cells: [0, 1, 2].map(i => ({ kind: NotebookCellKind.Code, document: cell(i) })),
      },
      cellTextDocuments: [
        { uri: cell(0), languageId: 'python', version: 1, text: '%pip install mlrun\ndef train(context):\n    return context.get_secret("DB_PASSWORD")\n' },
        { uri: cell(1), languageId: 'python', version: 1, text: 'fn.run(local=True)\n' },
        { uri: cell(2), languageId: 'python', version: 1, text: 'task.with_secrets("inline", {"A": "x"})\n' },
      ],
    });
    const c1 = await lsp.server.waitDiagnostics(cell(1), d => d.length === 1);
    assert.equal(c1[0].code, 'MLS005');
    assert.equal(c1[0].relatedInformation?.[0].location.uri, cell(0), 'related information points into the other cell');
    const c2 = await lsp.server.waitDiagnostics(cell(2), d => d.length === 2);
    assert.deepEqual(c2.map(d => d.code).sort(), ['MLS001', 'MLS003']);
    assert.deepEqual(await lsp.server.waitDiagnostics(cell(0)), []);

    // Quick fix in a cell: the notebook URI and the cell URI both travel.
    const m1 = c2.find(d => d.code === 'MLS001')!;
    const actions = await lsp.server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: cell(2) }, range: m1.range, context: { diagnostics: [m1] } }) as CodeAction[];
    const args = actions.find(a => a.command?.command === Commands.storeLiterals)!.command!.arguments![0] as StoreLiterals.Args;
    assert.equal(args.uri, nbUri);
    assert.equal(args.cellUri, cell(2));

    // Edit cell 0 so nothing relies on project secrets: MLS005 in cell 1 goes away.
    await lsp.server.connection.sendNotification(DidChangeNotebookDocumentNotification.type, {
      notebookDocument: { uri: nbUri, version: 2 },
      change: { cells: { textContent: [{ document: { uri: cell(0), version: 2 }, changes: [{ range: { start: { line: 2, character: 11 }, end: { line: 2, character: 29 } }, text: 'mlrun.get_secret_or_env' }] }] } },
    });
    await lsp.server.waitDiagnostics(cell(1), d => d.length === 0);

    // Remove cell 2: its diagnostics are cleared. Add a new cell with a finding.
    await lsp.server.connection.sendNotification(DidChangeNotebookDocumentNotification.type, {
      notebookDocument: { uri: nbUri, version: 3 },
      change: { cells: { structure: {
        array: { start: 2, deleteCount: 1, cells: [{ kind: NotebookCellKind.Code, document: cell(3) }] },
        didOpen: [{ uri: cell(3), languageId: 'python', version: 1, text: 'project.set_secrets(file_path="s.env")\n' }],
        didClose: [{ uri: cell(2) }],
      } } },
    });
    await lsp.server.waitDiagnostics(cell(2), d => d.length === 0);
    const c3 = await lsp.server.waitDiagnostics(cell(3), d => d.length === 1);
    assert.equal(c3[0].code, 'MLS002');

    await lsp.server.connection.sendNotification(DidCloseNotebookDocumentNotification.type, { notebookDocument: { uri: nbUri }, cellTextDocuments: [{ uri: cell(0) }, { uri: cell(1) }, { uri: cell(3) }] });
    await lsp.server.waitDiagnostics(cell(3), d => d.length === 0);
  });

  it('moves cells without losing their text', async () => {
    const nbUri = fileUriOf(path.join(lsp.dir, 'move.ipynb'));
    const cell = (i: number): string => `vscode-notebook-cell:${path.join(lsp.dir, 'move.ipynb')}#c${i}`;
    await lsp.server.connection.sendNotification(DidOpenNotebookDocumentNotification.type, {
      notebookDocument: { uri: nbUri, notebookType: 'jupyter-notebook', version: 1, cells: [0, 1].map(i => ({ kind: NotebookCellKind.Code, document: cell(i) })) },
      cellTextDocuments: [
        { uri: cell(0), languageId: 'python', version: 1, text: 'x = 1\n' },
        { uri: cell(1), languageId: 'python', version: 1, text: 'task.with_secrets("env", "A")\n' },
      ],
    });
    await lsp.server.waitDiagnostics(cell(1), d => d.length === 1);
    await lsp.server.connection.sendNotification(DidChangeNotebookDocumentNotification.type, {
      notebookDocument: { uri: nbUri, version: 2 },
      change: { cells: { structure: { array: { start: 0, deleteCount: 2, cells: [{ kind: NotebookCellKind.Code, document: cell(1) }, { kind: NotebookCellKind.Code, document: cell(0) }] } }, textContent: [{ document: { uri: cell(1), version: 2 }, changes: [{ range: { start: { line: 0, character: 19 }, end: { line: 0, character: 22 } }, text: 'file' }] }] } },
    });
    const d = await lsp.server.waitDiagnostics(cell(1), x => x.length === 1 && String(x[0].message).includes('"file"'), 2);
    assert.equal(d[0].code, 'MLS001');
  });
});
