/**
 * Differential test: the TypeScript `file` provider against MLRun's own `list2dict` (test/doubles/python/mlrun/utils/
 * helpers.py, MLRun's code) run by CPython over `open(path).read().splitlines()` with Python's real `os.path.expandvars`,
 * on random files full of the edge cases of docs/mlrun-facts.md §3.2. Randomised: prints its seed (MLRUN_SECRETS_SEED replays).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFileProvider } from '../../../shared/src/mlrunFileProvider';
import { repoPath } from '../../util/paths';
import { seededRandom, testSeed } from '../../util/random';

const PIECES = ['A', 'b', 'KEY', '_', '1', '=', '==', ' ', '\t', '#', '$', '$A', '${A}', '${B_2}', '$NOPE', '${NOPE}', '${}', '{', '}', '"', "'", 'ü', '€', '😀',
  '\n', '\r', '\r\n', '\v', '\f', '\x1c', '\x1d', '\x1e', '\x1f', '\x85', '\u2028', '\u2029', '\u00a0', '\u3000', '\u2003', '\u200b', '\ufeff', 'export '];

const SCRIPT = `
import json, sys
sys.path.insert(0, sys.argv[1])
from mlrun.utils.helpers import list2dict
out = []
for path in sys.argv[2:]:
    with open(path) as fp:
        out.append(list(list2dict(fp.read().splitlines()).items()))
print(json.dumps(out))
`;

describe('file provider: TypeScript against MLRun\'s list2dict in CPython', function () {
  this.timeout(60_000);

  it('gives the same entries, in the same order, for random files', () => {
    const random = seededRandom(testSeed('file provider vs CPython'));
    const dir = mkdtempSync(join(tmpdir(), 'mlrun-file-provider-'));
    const env = { A: 'alpha', B_2: 'two words', EMPTY: '' };
    try {
      const texts: string[] = [];
      for (let f = 0; f < 300; f++) {
        let text = random() < 0.1 ? '\ufeff' : '';
        const n = Math.floor(random() * 40);
        for (let i = 0; i < n; i++) text += PIECES[Math.floor(random() * PIECES.length)]!;
        texts.push(text);
      }
      const files = texts.map((t, i) => {
        const p = join(dir, `f${i}.env`);
        writeFileSync(p, t, 'utf8');
        return p;
      });
      const r = spawnSync('python3', ['-c', SCRIPT, repoPath('test/doubles/python'), ...files], {
        env: { PATH: process.env.PATH, PYTHONUTF8: '1', ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
      });
      assert.equal(r.status, 0, r.stderr);
      const python = JSON.parse(r.stdout) as [string, string][][];
      texts.forEach((t, i) => {
        const ours = parseFileProvider(Buffer.from(t, 'utf8'), env);
        assert.ok(ours.ok);
        assert.deepEqual([...ours.entries], python[i], `file ${i}: ${JSON.stringify(t)}`);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
