import assert from 'node:assert/strict';
import { gitOrigin, withoutCredentials, type RunGit } from '../../../client/src/jobs/gitOrigin';
import { splitTimestamp, timestampKey } from '../../../client/src/jobs/kubernetes/podLogs';

function fakeGit(answers: Record<string, string | undefined>): RunGit & { calls: string[][] } {
  const calls: string[][] = [];
  const run = (async (args: string[]) => {
    calls.push(args);
    return answers[args[0]!];
  }) as unknown as RunGit & { calls: string[][] };
  run.calls = calls;
  return run;
}

describe('code_origin from git (add_code_metadata)', () => {
  const sha = '0123456789abcdef0123456789abcdef01234567';

  it('is "<first remote in config order>#<HEAD sha>"', async () => {
    const git = fakeGit({ config: 'remote.upstream.url https://example.invalid/up.git\nremote.origin.url git@example.invalid:me/fork.git\n', 'rev-parse': `${sha}\n` });
    assert.equal(await gitOrigin('/repo/src/a.py', git), `https://example.invalid/up.git#${sha}`);
    assert.deepEqual(git.calls[0], ['config', '--get-regexp', '^remote\\..*\\.url$']);
  });

  it('is nothing without a remote, without a commit, or outside a repository', async () => {
    assert.equal(await gitOrigin('/r/a.py', fakeGit({ config: '', 'rev-parse': sha })), undefined);
    assert.equal(await gitOrigin('/r/a.py', fakeGit({ config: 'remote.o.url u', 'rev-parse': undefined })), undefined);
    assert.equal(await gitOrigin('/r/a.py', fakeGit({})), undefined);
  });

  it('removes credentials from http(s) remotes and leaves scp-like remotes alone', () => {
    assert.equal(withoutCredentials('https://user:tok3n@example.invalid/r.git'), 'https://example.invalid/r.git');
    assert.equal(withoutCredentials('https://ghp_token@example.invalid/r.git'), 'https://example.invalid/r.git');
    assert.equal(withoutCredentials('git@example.invalid:me/r.git'), 'git@example.invalid:me/r.git');
    assert.equal(withoutCredentials('https://example.invalid/r.git'), 'https://example.invalid/r.git');
  });
});

describe('pod log timestamps', () => {
  it('orders RFC3339Nano timestamps whose fractions have their trailing zeros trimmed', () => {
    assert.ok(timestampKey('2024-06-01T10:00:00.1Z') < timestampKey('2024-06-01T10:00:00.123Z'));
    assert.ok(timestampKey('2024-06-01T10:00:00Z') < timestampKey('2024-06-01T10:00:00.000000001Z'));
  });

  it('splits "<timestamp> text" and leaves other lines whole', () => {
    assert.deepEqual(splitTimestamp('2024-06-01T10:00:00.5Z hello world'), { ts: '2024-06-01T10:00:00.5Z', text: 'hello world' });
    assert.deepEqual(splitTimestamp('no timestamp here'), { text: 'no timestamp here' });
  });
});
