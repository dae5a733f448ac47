/**
 * The server keeps no copy of old document versions: after typing into a 3,000-line module, the heap (collected
 * first: this suite alone starts the server with --expose-gc) holds what it held after the first edits, give or
 * take a few documents' worth. No time is measured; the edit count and the bound are what the leak would break:
 * it retained about one document version per edit (here ~110 KB × 400 edits ≈ 44 MB).
 */
import assert from 'node:assert/strict';
import { SpreadEdits } from '../../bench/spreadEdits';
import { pythonModule } from '../../bench/generate';
import { LspServer } from '../../util/lspClient';
import { Random } from '../../util/random';

describe('language server: memory', function () {
  this.timeout(180_000);

  it('heapUsed after 450 edits stays within a few documents of its value after 50', async () => {
    const text = pythonModule(3000, 60);
    const uri = 'file:///memory/pipeline.py';
    const server = await LspServer.start({ memoryProbe: true, nodeArgs: ['--expose-gc'] });
    try {
      const editor = new SpreadEdits(uri, 'python', text, new Random(5));
      await server.open(uri, 'python', text);
      await server.waitDiagnostics(uri, d => d.length > 0);
      const typeEdits = async (n: number): Promise<void> => {
        for (let i = 0; i < n; i++) {
          const change = editor.next();
          await server.change(uri, editor.version, [change]);
          // Wait for each version: a burst would be analysed once, and the leak was per analysis.
          await server.waitDiagnostics(uri, () => true, editor.version, 30_000);
        }
      };
      await typeEdits(50);
      const early = await server.memory();
      assert.equal(early.gc, true, 'the probe collected garbage first');
      await typeEdits(400);
      const late = await server.memory();
      const grown = late.heapUsed - early.heapUsed;
      const bound = 20 * text.length;
      console.log(`      heapUsed ${(early.heapUsed / 1048576).toFixed(1)} MB after 50 edits, ${(late.heapUsed / 1048576).toFixed(1)} MB after 450 (bound: +${(bound / 1048576).toFixed(1)} MB)`);
      assert.ok(grown < bound, `heapUsed grew by ${(grown / 1048576).toFixed(1)} MB over 400 edits (bound ${(bound / 1048576).toFixed(1)} MB): old versions are retained`);
      server.assertHealthy();
    } finally {
      await server.stop();
    }
  });
});
