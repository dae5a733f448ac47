import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listFiles } from '../../../server/src/workspace/listFiles';
import { tempDir, writeTree } from '../../util/paths';

const TREE = {
  '.gitignore': 'build/\n*.gen.py\n',
  'a.py': '', 'b.ipynb': '{}', 'README.md': '', 'project.yaml': '', 'notes.txt': '',
  'build/out.py': '', 'x.gen.py': '', 'pkg/.gitignore': 'local.py\n', 'pkg/local.py': '', 'pkg/mod.py': '',
  'node_modules/m/index.py': '', '.venv/lib/x.py': '', 'env2/pyvenv.cfg': '', 'env2/lib/y.py': '',
  '.ipynb_checkpoints/b-checkpoint.ipynb': '{}', 'tests/fixtures/f.py': '',
};
const EXPECTED = ['README.md', 'a.py', 'b.ipynb', 'pkg/mod.py', 'project.yaml', 'tests/fixtures/f.py'];

function rel(root: string, files: string[]): string[] {
  return files.map(f => path.relative(root, f).split(path.sep).join('/')).sort();
}

describe('listFiles', () => {
  it('walks a folder outside git, honouring nested .gitignore files and skipping environments', async () => {
    const t = tempDir();
    try {
      writeTree(t.dir, TREE);
      const r = await listFiles(t.dir, { useGit: false });
      assert.deepEqual(rel(t.dir, r.files), EXPECTED.filter(f => f !== 'b-checkpoint'));
    } finally {
      t.remove();
    }
  });

  it('uses git ls-files inside a repository (tracked and untracked, not ignored)', async () => {
    const t = tempDir();
    try {
      writeTree(t.dir, TREE);
      execFileSync('git', ['init', '-q'], { cwd: t.dir });
      const r = await listFiles(t.dir);
      // git lists the virtualenv's files unless .gitignore says otherwise; SKIPPED_DIRS covers .venv, not env2.
      assert.deepEqual(rel(t.dir, r.files).filter(f => !f.startsWith('env2/')), EXPECTED);
    } finally {
      t.remove();
    }
  });

  it('applies excludes relative to their base', async () => {
    const t = tempDir();
    try {
      writeTree(t.dir, TREE);
      const r = await listFiles(t.dir, { useGit: false, exclude: ['tests/', '*.md'], excludeBase: t.dir });
      assert.deepEqual(rel(t.dir, r.files), ['a.py', 'b.ipynb', 'pkg/mod.py', 'project.yaml']);
    } finally {
      t.remove();
    }
  });

  it('reads a folder that .gitignore ignores when it is asked for explicitly', async () => {
    const t = tempDir();
    try {
      writeTree(t.dir, { '.gitignore': '/vendor\n', 'a.py': '', 'vendor/lib/x.py': '', 'vendor/lib/.gitignore': 'y.py\n', 'vendor/lib/y.py': '' });
      execFileSync('git', ['init', '-q'], { cwd: t.dir });
      assert.deepEqual(rel(t.dir, (await listFiles(t.dir)).files), ['a.py']);
      assert.deepEqual(rel(t.dir, (await listFiles(path.join(t.dir, 'vendor'))).files), ['vendor/lib/x.py']);
    } finally {
      t.remove();
    }
  });

  it('lists links to files (not into linked directories) and FIFOs outside git, keeps names that are not valid UTF-8, reports refused .gitignore lines', async () => {
    const t = tempDir();
    try {
      writeTree(t.dir, { 'a.py': '', 'sub/b.py': '', '.gitignore': `x.py\n${'y'.repeat(5000)}\n` });
      fs.symlinkSync('a.py', path.join(t.dir, 'link.py'));
      fs.symlinkSync('sub', path.join(t.dir, 'linkdir'));
      // A FIFO is listed outside git (reading refuses it, MLS012); git lists no FIFO.
      execFileSync('mkfifo', [path.join(t.dir, 'pipe.py')]);
      let odd = false;
      try {
        fs.writeFileSync(Buffer.concat([Buffer.from(`${t.dir}/n`), Buffer.from([0xff]), Buffer.from('.py')]), '');
        odd = true;
      } catch {
        // a file system that only takes UTF-8 names
      }
      for (const useGit of [false, true]) {
        if (useGit) execFileSync('git', ['init', '-q'], { cwd: t.dir });
        const r = await listFiles(t.dir, { useGit });
        assert.deepEqual(rel(t.dir, r.files), ['a.py', 'link.py', ...(odd ? ['n\udcff.py'] : []), ...(useGit ? [] : ['pipe.py']), 'sub/b.py'], `git: ${useGit}`);
        if (!useGit) assert.deepEqual(r.warnings, [`${t.dir}/.gitignore:2: a pattern of 5000 characters is longer than the limit of 4096; the line is ignored.`]);
      }
    } finally {
      t.remove();
    }
  });
});
