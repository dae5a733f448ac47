/**
 * Robustness through the real server over JSON-RPC: ≥ 100,000 seeded random edits (bytes and tokens) with no crash
 * and no unhandled rejection, the incremental result equal to a fresh analysis of the final text; a 5 MB file and
 * a 20,000-character line get diagnostics (times are printed, not asserted). Replay with MLRUN_SECRETS_SEED=<seed>;
 * MLRUN_SECRETS_EDITS=<n> changes the number of edits.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActionRequest, CompletionRequest, HoverRequest, type Diagnostic, type TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol/node';
import { randomEdit } from '../../util/edits';
import { fileUriOf } from '../../util/lspClient';
import { lspSuite } from '../../util/lspSuite';
import { repoPath } from '../../util/paths';
import { Random, seedFromEnv } from '../../util/random';

function summary(d: Diagnostic[]): string[] {
  return d.map(x => `${x.code}@${x.range.start.line}:${x.range.start.character}-${x.range.end.line}:${x.range.end.character} ${x.severity} ${x.message}`).sort();
}

describe('language server robustness', function () {
  this.timeout(240_000);
  const lsp = lspSuite({ healthCheck: false });

  it('survives ≥ 100,000 random edits (bytes and tokens) and ends equal to a fresh analysis', async () => {
    const seed = seedFromEnv();
    const total = Number(process.env.MLRUN_SECRETS_EDITS ?? 100_000);
    console.log(`      seed ${seed}, ${total} edits (MLRUN_SECRETS_SEED=${seed} to replay)`);
    const rng = new Random(seed);
    const base = ['mls001/positives.py', 'mls003/positives.py', 'mls000/suppressions.py']
      .map(f => fs.readFileSync(repoPath('test', 'unit', 'analysis', 'fixtures', f), 'utf8')).join('\n');
    const uri = fileUriOf(path.join(lsp.dir, 'fuzz.py'));
    let doc = TextDocument.create(uri, 'python', 1, base);
    await lsp.server.open(uri, 'python', base, 1);
    const BATCH = 250;
    let version = 1;
    const started = Date.now();
    for (let sent = 0; sent < total;) {
      const pending: Promise<void>[] = [];
      for (let i = 0; i < BATCH && sent < total; i++, sent++) {
        let change: TextDocumentContentChangeEvent;
        if (sent % 500 === 499) {
          // A full-text change now and then: random garbage otherwise piles up into one huge broken statement,
          // whose error recovery tree-sitter pays for on every parse.
          change = { text: base };
        } else {
          const e = randomEdit(rng, doc.getText());
          change = { range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, text: e.text };
        }
        version++;
        doc = TextDocument.update(doc, [change], version);
        pending.push(lsp.server.change(uri, version, [change]));
      }
      await Promise.all(pending);
      if (rng.chance(0.2)) {
        const position = doc.positionAt(rng.int(doc.getText().length + 1));
        await Promise.all([
          lsp.server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }),
          lsp.server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }),
          lsp.server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } }),
        ]);
      }
      await lsp.server.waitDiagnostics(uri, () => true, version, 60_000);
      lsp.server.assertHealthy();
    }
    console.log(`      ${total} edits in ${Date.now() - started} ms`);
    const incremental = summary(await lsp.server.waitDiagnostics(uri, () => true, version));
    const fresh = fileUriOf(path.join(lsp.dir, 'fresh.py'));
    await lsp.server.open(fresh, 'python', doc.getText());
    assert.deepEqual(summary(await lsp.server.waitDiagnostics(fresh)), incremental, `seed ${seed}`);
    lsp.server.assertHealthy();
  });

  it('gets diagnostics for a 5 MB file', async () => {
    const lines: string[] = [];
    let size = 0;
    let calls = 0;
    for (let i = 0; size < 5 * 1024 * 1024; i++) {
      const block = i % 50 === 0
        ? `def handler_${i}(context):\n    value = compute(context, ${i})\n    context.task.with_secrets("env", "KEY_${i}")\n    return value\n\n`
        : `def helper_${i}(x, y=${i}):\n    """Helper ${i}."""\n    total = x + y * ${i}\n    return [total, "text ${i}", {"k": total}]\n\n`;
      if (i % 50 === 0) calls++;
      lines.push(block);
      size += block.length;
    }
    const text = lines.join('');
    const uri = fileUriOf(path.join(lsp.dir, 'big.py'));
    const t0 = Date.now();
    await lsp.server.open(uri, 'python', text);
    const d = await lsp.server.waitDiagnostics(uri, x => x.length > 0, undefined, 60_000);
    console.log(`      ${(text.length / 1024 / 1024).toFixed(1)} MB: ${d.length} diagnostics in ${Date.now() - t0} ms`);
    assert.equal(d.length, calls);
    lsp.server.assertHealthy();
  });

  it('gets diagnostics for a 20,000-character line', async () => {
    const entries: string[] = [];
    for (let i = 0; entries.join(', ').length < 20_000; i++) entries.push(`"KEY_${i}": "value-${i}"`);
    const line = `task.with_secrets("inline", {${entries.join(', ')}})`;
    const uri = fileUriOf(path.join(lsp.dir, 'long.py'));
    const t0 = Date.now();
    await lsp.server.open(uri, 'python', `import mlrun\n${line}\n`);
    const d = await lsp.server.waitDiagnostics(uri, x => x.length > 0, undefined, 60_000);
    console.log(`      ${line.length}-character line: ${d.length} diagnostics in ${Date.now() - t0} ms`);
    assert.equal(d.filter(x => x.code === 'MLS001').length, 1);
    assert.equal(d.filter(x => x.code === 'MLS003').length, entries.length);
    lsp.server.assertHealthy();
  });
});
