import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { findRepoRoot, gitFacts } from '../../../shared/src/gitFacts';
import { tempDir, writeTree } from '../../util/paths';

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], { cwd, stdio: 'ignore' });
}

describe('gitFacts', () => {
  let tmp: ReturnType<typeof tempDir>;
  before(() => {
    tmp = tempDir();
    writeTree(tmp.dir, {
      '.gitignore': '*.ignored.env\nlisted.env\n',
      'tracked.env': 'A=1\n', 'listed.env': 'A=1\n', 'x.ignored.env': 'A=1\n', 'untracked.env': 'A=1\n', 'sub/dir/deep.env': 'A=1\n',
      'name with spaces & $ign.env': 'A=1\n',
    });
    git(tmp.dir, 'init', '-q');
    git(tmp.dir, 'add', 'tracked.env', '.gitignore', 'sub/dir/deep.env', 'name with spaces & $ign.env');
    git(tmp.dir, 'add', '-f', 'listed.env');
    git(tmp.dir, 'commit', '-q', '-m', 'init');
  });
  after(() => tmp.remove());

  it('answers exists / tracked / ignored for many paths in one call', async () => {
    const p = (r: string): string => path.join(tmp.dir, r);
    const facts = await gitFacts([p('tracked.env'), p('listed.env'), p('x.ignored.env'), p('untracked.env'), p('missing.env'), p('sub/dir/deep.env'), p('name with spaces & $ign.env')]);
    assert.deepEqual(Object.fromEntries([...facts].map(([k, v]) => [path.relative(tmp.dir, k), v])), {
      'tracked.env': { exists: true, trackedByGit: true, ignoredByGit: false },
      'listed.env': { exists: true, trackedByGit: true, ignoredByGit: true },
      'x.ignored.env': { exists: true, trackedByGit: false, ignoredByGit: true },
      'untracked.env': { exists: true, trackedByGit: false, ignoredByGit: false },
      'missing.env': { exists: false, trackedByGit: false, ignoredByGit: false },
      'sub/dir/deep.env': { exists: true, trackedByGit: true, ignoredByGit: false },
      'name with spaces & $ign.env': { exists: true, trackedByGit: true, ignoredByGit: false },
    });
  });

  it('outside a repository nothing is tracked or ignored', async () => {
    const other = tempDir();
    try {
      writeTree(other.dir, { 'a.env': 'x' });
      if (findRepoRoot(other.dir)) return; // the temp dir happens to be inside a repository
      const facts = await gitFacts([path.join(other.dir, 'a.env')]);
      assert.deepEqual([...facts.values()], [{ exists: true, trackedByGit: false, ignoredByGit: false }]);
    } finally {
      other.remove();
    }
  });

  it('finds the repository root from a nested path', () => {
    assert.equal(findRepoRoot(path.join(tmp.dir, 'sub', 'dir', 'deep.env')), tmp.dir);
  });
});
