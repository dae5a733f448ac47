import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EMPTY_CONFIG } from '../../../shared/src/config';
import { DEFAULT_MAX_FILE_BYTES } from '../../../shared/src/limits';
import { scanHistory } from '../../../server/src/history/scanHistory';
import { commit, initRepo } from '../../util/gitRepo';
import { tempDir } from '../../util/paths';
import { runCli } from '../cli/runCli';

const CANARY = 'CANARY-h1st-7c2a-never-printed';
const SETUP = `import mlrun\n\nproject = mlrun.get_or_create_project("demo")\nproject.set_secrets({"DB_PASSWORD": "${CANARY}"})\n`;
const CLEAN = 'import mlrun\n\nproject = mlrun.get_or_create_project("demo")\n';

function scan(cwd: string, revs: string[] = []) {
  return scanHistory({ cwd, revs, config: EMPTY_CONFIG, maxBytes: DEFAULT_MAX_FILE_BYTES, minSeverity: 'warning' });
}

describe('history scan (--history)', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof tempDir>;
  let added: string;
  let removed: string;
  beforeEach(() => {
    tmp = tempDir();
    initRepo(tmp.dir);
    commit(tmp.dir, { 'README.md': '# demo\n', 'src/setup.py': CLEAN }, 'start', '2024-01-02T10:00:00+02:00');
    added = commit(tmp.dir, { 'src/setup.py': SETUP }, 'set up secrets', '2024-02-03T11:30:00+01:00');
    removed = commit(tmp.dir, { 'src/setup.py': CLEAN }, 'remove the literal', '2024-03-04T12:00:00Z');
  });
  afterEach(() => tmp.remove());

  it('finds a literal that one commit added and a later one removed, with its commit, date, path, line and key', async () => {
    const r = await scan(tmp.dir);
    assert.equal(r.commits, 3);
    assert.equal(r.findings.length, 1, JSON.stringify(r.findings));
    const f = r.findings[0];
    assert.equal(f.rule, 'MLS003');
    assert.equal(f.commit, added);
    assert.equal(f.authorDate, '2024-02-03T11:30:00+01:00');
    assert.equal(f.path, 'src/setup.py');
    assert.equal(f.line, 4);
    assert.equal(f.key, 'DB_PASSWORD');
    assert.match(f.message, /does not un-leak it/);
    assert.match(f.message, /[Rr]otate/);
    assert.match(f.message, /rewrite history/);
    assert.ok(!JSON.stringify(r).includes(CANARY));
    // The working tree no longer has it: the plain lint finds nothing.
    assert.equal(runCli(['--format', 'json'], tmp.dir).code, 0);
  });

  it('reads a blob held by many commits once, and analyses it once', async () => {
    for (let i = 0; i < 30; i++) commit(tmp.dir, { 'notes.md': `note ${i}\n`, 'keep.py': SETUP }, `note ${i}`, `2024-04-${String(i % 28 + 1).padStart(2, '0')}T00:00:00Z`);
    const r = await scan(tmp.dir);
    assert.equal(r.commits, 33);
    // Blobs: README, 2 of setup.py (CLEAN twice is one blob; keep.py holds SETUP, the same blob), 30 notes.
    assert.equal(r.blobs, 1 + 2 + 30);
    // Only the blob with the keywords is parsed, once, though 31 commits hold it under two paths.
    assert.equal(r.parsedBlobs, 1);
    assert.equal(r.findings.length, 1);
    assert.equal(r.findings[0].path, 'src/setup.py');
  });

  it('scans only the range given', async () => {
    const r = await scan(tmp.dir, [`${removed}~1..HEAD`]);
    assert.equal(r.commits, 1);
    assert.equal(r.findings.length, 0);
    const all = await scan(tmp.dir, [`${added}~1..${added}`]);
    assert.equal(all.findings.length, 1);
  });

  it('prints text, JSON and SARIF without the value; exit 1', () => {
    for (const format of ['text', 'json', 'sarif']) {
      const r = runCli(['--history', '--format', format], tmp.dir);
      assert.equal(r.code, 1, r.stderr);
      assert.ok(!r.stdout.includes(CANARY) && !r.stderr.includes(CANARY), format);
      assert.ok(r.stdout.includes(added.slice(0, 12)), format);
    }
    const json = JSON.parse(runCli(['--history', '--format', 'json'], tmp.dir).stdout);
    assert.deepEqual(json.history, { root: fs.realpathSync(tmp.dir), revisions: ['HEAD'], commits: 3 });
    assert.equal(json.findings[0].commit, added);
    assert.equal(json.findings[0].key, 'DB_PASSWORD');
    assert.equal(json.findings[0].path, 'src/setup.py');
    const sarif = JSON.parse(runCli(['--history', '--format', 'sarif'], path.join(tmp.dir, 'src')).stdout);
    const result = sarif.runs[0].results[0];
    assert.equal(result.ruleId, 'MLS003');
    assert.deepEqual(result.properties, { commit: added, authorDate: '2024-02-03T11:30:00+01:00', key: 'DB_PASSWORD' });
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'src/setup.py');
  });

  it('says what is wrong with a bad range, a folder outside a repository or a missing git (exit 2)', () => {
    const bad = runCli(['--history', 'no-such-branch..HEAD'], tmp.dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /"no-such-branch\.\.HEAD" is not a revision range git knows here/);
    const option = runCli(['--history', '--', '--output=x'], tmp.dir);
    assert.equal(option.code, 2);
    assert.match(option.stderr, /is not a revision or range/);
    const outside = tempDir();
    try {
      const r = runCli(['--history'], outside.dir, { GIT_CEILING_DIRECTORIES: path.dirname(outside.dir) });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /is not inside a git repository/);
    } finally {
      outside.remove();
    }
    const noGit = runCli(['--history'], tmp.dir, { PATH: '/nonexistent' });
    assert.equal(noGit.code, 2);
    assert.match(noGit.stderr, /git is not installed or not on PATH/);
  });

  it('stops when cancelled, the cat-file process killed, with a cancelled error', async () => {
    for (let i = 0; i < 60; i++) commit(tmp.dir, { [`m${i}.py`]: `x = ${i}\n` }, `m${i}`, '2024-06-01T00:00:00Z');
    const abort = new AbortController();
    let calls = 0;
    const run = scanHistory({ cwd: tmp.dir, revs: [], config: EMPTY_CONFIG, maxBytes: DEFAULT_MAX_FILE_BYTES, minSeverity: 'warning', signal: abort.signal, onProgress: () => { if (++calls === 1) abort.abort(); } });
    await assert.rejects(run, (e: Error & { kind?: string }) => e.kind === 'cancelled');
    assert.equal(calls, 1, 'no progress after the cancel');
  });

  it('reports a repository without commits as no findings', async () => {
    const empty = tempDir();
    try {
      initRepo(empty.dir);
      const r = runCli(['--history'], empty.dir);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /No committed secret values in 0 commits/);
    } finally {
      empty.remove();
    }
  });

  it('reads blobs larger than a pipe chunk whole (the literal after 300 KB is found at its line)', async () => {
    const filler = '# filler line of a long module\n'.repeat(10_000);
    commit(tmp.dir, { 'long.py': `${filler}${SETUP}`, 'after.py': SETUP.replace('DB_PASSWORD', 'OTHER_KEY') }, 'long', '2024-05-01T00:00:00Z');
    const r = await scan(tmp.dir);
    const long = r.findings.find(f => f.path === 'long.py');
    assert.deepEqual([long?.key, long?.line], ['DB_PASSWORD', 10_004]);
    // The blob read after it comes through intact too.
    const other = r.findings.find(f => f.path === 'after.py');
    assert.equal(other?.key, 'OTHER_KEY');
    assert.equal(other?.line, 4);
  });

  it('names a blob over the size limit on stderr and goes on', () => {
    commit(tmp.dir, { 'big.py': `# secret\n${'x = 1\n'.repeat(400)}` }, 'big', '2024-05-01T00:00:00Z');
    const r = runCli(['--history', '--max-file-size', '1K'], tmp.dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /big\.py \(commit [0-9a-f]{12}\): Not analysed: 2,409 bytes, over the limit of 1,024 bytes/);
  });
});
