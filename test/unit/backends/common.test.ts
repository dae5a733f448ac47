import assert from 'node:assert/strict';
import { describeNetworkError } from '../../../client/src/backends/common/network';
import { inFlight, Redactor, redactingChannel } from '../../../client/src/backends/common/redact';
import { checkKeys, checkProject, checkSize, checkValues } from '../../../client/src/backends/common/validate';
import { capturingLogger } from '../../integration/backends/support/fixtures';

describe('validation before any call', () => {
  it('keys: MLRun regex anchored, Kubernetes extras, internal prefix, control characters (named, never the value)', () => {
    for (const ok of ['A', 'a.b-c_D9', 'x'.repeat(253), '.hidden', 'datastore-profiles.p.q']) assert.equal(checkKeys([ok]), undefined, ok);
    for (const bad of ['', 'a b', 'a/b', 'x'.repeat(254), '.', '..', '..x', 'mlrun.x', 'abc\n', 'tab\tkey', 'ü']) {
      assert.equal(checkKeys([bad])?.kind, 'invalid', JSON.stringify(bad));
    }
    assert.match(checkKeys(['abc\n'])!.message, /^Key "abc\\u000a" cannot be used: A key cannot contain control characters/);
  });

  it('values: non-empty, well-formed UTF-16; project names: DNS-1123 labels', () => {
    assert.equal(checkValues(new Map([['K', 'v']])), undefined);
    assert.match(checkValues(new Map([['K', '']]))!.message, /^The value of key "K" cannot be stored: A value cannot be empty/);
    assert.match(checkValues(new Map([['K', 'bad \ud800 surrogate']]))!.message, /unpaired surrogate/);
    assert.doesNotMatch(checkValues(new Map([['K', 'bad \ud800 surrogate']]))!.message, /surrogate"/);
    assert.equal(checkProject('my-proj-1'), undefined);
    for (const bad of ['', 'My', 'a_b', '-a', 'a-', 'x'.repeat(64)]) assert.equal(checkProject(bad)?.kind, 'invalid', bad);
  });

  it('the 1 MiB limit counts keys and UTF-8 bytes', () => {
    assert.equal(checkSize([['K', 'x'.repeat(1024 * 1024 - 1)]], 'It'), undefined);
    assert.match(checkSize([['K', 'é'.repeat(524289)]], 'It')!.message, /^It would hold 1,048,579 bytes, more than the 1 MiB/);
  });
});

describe('redaction and network errors', () => {
  it('redacts values in plain, base64 and JSON-escaped form; ignores tiny values', () => {
    const v = 'pa"ss\nword';
    const text = `a ${v} b ${Buffer.from(v).toString('base64')} c ${JSON.stringify(v)}`;
    assert.equal(new Redactor([v, 'ab']).redact(text), 'a [value hidden] b [value hidden] c "[value hidden]"');
    const logger = capturingLogger();
    const channel = redactingChannel(logger);
    const release = inFlight.hold(['topsecret']);
    channel.warn('saw topsecret');
    release();
    channel.warn('saw topsecret');
    assert.deepEqual(logger.lines, ['warn saw [value hidden]', 'warn saw topsecret'], 'values are hidden while they are in flight');
  });

  it('network errors become sentences; resets are transient, refusals and TLS are not', () => {
    const what = 'the API at https://x';
    assert.deepEqual(describeNetworkError(Object.assign(new Error('x'), { code: 'ECONNRESET' }), what), { message: 'The connection to the API at https://x was reset before it answered.', transient: true, tls: false });
    assert.equal(describeNetworkError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), what)?.transient, false);
    assert.deepEqual(describeNetworkError(Object.assign(new Error('x'), { code: 'CERT_HAS_EXPIRED' }), what), { message: 'Cannot trust the API at https://x: its certificate has expired (CERT_HAS_EXPIRED).', transient: false, tls: true });
    assert.match(describeNetworkError(new Error('wrapped', { cause: Object.assign(new Error('y'), { code: 'ENOTFOUND' }) }), what)!.message, /Cannot resolve the host name/);
    assert.equal(describeNetworkError(new Error('something else'), what), undefined);
  });
});
