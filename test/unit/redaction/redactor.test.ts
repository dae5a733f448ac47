import { strict as assert } from 'node:assert';
import { HIDDEN, MIN_PIECE_LENGTH, Redactor } from '../../../shared/src/redact';
import { ECHO_ENCODINGS, encodeEcho } from '../../doubles/echo';
import { Random, testSeed } from '../../util/random';
import { echoFragments, leaks, randomSecret } from '../../util/secretValues';

describe('the redactor (shared/src/redact.ts)', () => {
  it('hides random values in every encoding a server or a job writes (property)', () => {
    const random = new Random(testSeed('redactor × encodings'));
    const failures: string[] = [];
    for (let i = 0; i < 150; i++) {
      const value = randomSecret(random, { max: i % 3 === 0 ? 80 : 30 });
      const other = randomSecret(random);
      for (const encoding of ECHO_ENCODINGS) {
        // A client that sends basic auth knows the pair it encoded, and feeds it too.
        const redactor = new Redactor(encoding === 'basicPair' ? [value, other, `someone:${value}`] : [value, other]);
        const text = `Error: secret ${encodeEcho(value, encoding)} is invalid (trace 42)`;
        for (const out of [redactor.redact(text), redactor.clean(text, { oneLine: true }) ?? '']) {
          if (leaks(out, echoFragments(value, encoding))) failures.push(`case ${i} ${encoding}`);
        }
      }
    }
    assert.deepEqual(failures, []);
  });

  it('keeps the text around a hidden value and merges neighbouring hits', () => {
    const r = new Redactor(['hunter2-secret']);
    assert.equal(r.redact('a hunter2-secret b'), `a ${HIDDEN} b`);
    assert.equal(r.redact('"hunter2-secret", "HUNTER2-SECRET"'), `"${HIDDEN}", "${HIDDEN}"`);
    assert.equal(r.redact('nothing here'), 'nothing here');
  });

  it('hides a truncated echo from MIN_PIECE_LENGTH characters on, not shorter pieces', () => {
    const value = 'Zq8#mW2!pL5vXr9@tK3';
    const r = new Redactor([value]);
    const long = value.slice(0, MIN_PIECE_LENGTH);
    const short = value.slice(0, MIN_PIECE_LENGTH - 1);
    assert.equal(r.redact(`got '${long}...'`), `got '${HIDDEN}...'`);
    assert.equal(r.redact(`got '${short}...'`).includes(short), true, 'a shorter piece is ordinary text');
    assert.equal(r.redact(`got '...${value.slice(-MIN_PIECE_LENGTH)}'`), `got '...${HIDDEN}'`);
  });

  it('hides each line of a multi-line value, and the value split across a cut', () => {
    const r = new Redactor(['first-line-of-it\nsecond-line-of-it']);
    assert.equal(r.redact('x first-line-of-it y'), `x ${HIDDEN} y`);
    assert.equal(r.redact('x second-line-of-it'), `x ${HIDDEN}`);
  });

  it('finds base64 at any alignment inside a longer base64 text (Basic user:password)', () => {
    const password = 'correct-horse-battery';
    const r = new Redactor([password]);
    for (const user of ['a', 'ab', 'abc', 'someone']) {
      const header = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
      const out = r.redact(`sent ${header}`);
      assert.ok(out.includes(HIDDEN) && !out.includes(header.slice(-12)), `user of ${user.length} characters`);
    }
  });

  it('cannot clean server text that mentions a value too short to hide, or text too long to check', () => {
    const r = new Redactor(['xy', 'long-enough-value']);
    assert.equal(r.clean('value xy rejected'), undefined);
    assert.equal(r.clean('value XY rejected'), undefined);
    assert.equal(r.clean('nothing to see'), 'nothing to see');
    assert.equal(r.clean('a'.repeat(300 * 1024)), undefined);
  });

  it('clean joins lines and redacts again (collapsing whitespace can join a value)', () => {
    const r = new Redactor(['alpha beta gamma']);
    const out = r.clean('bad: alpha\n  beta   gamma!', { oneLine: true });
    assert.equal(out, `bad: ${HIDDEN}!`);
  });

  it('leaves ordinary messages alone', () => {
    const random = new Random(testSeed('redactor false positives'));
    const sentences = [
      'Kubernetes denied writing Secret "mlrun-project-secrets-demo" (403): secrets is forbidden: User "bob" cannot patch resource "secrets" in API group "" in the namespace "mlrun".',
      'The MLRun API at https://mlrun.example.com failed (500) while storing key "DB_PASSWORD" in project "demo".',
      "Key Vault denied your Microsoft account the right to set secrets in vault 'team-vault' (HTTP 403, AccessDenied).",
    ];
    for (let i = 0; i < 200; i++) {
      const r = new Redactor([randomSecret(random), randomSecret(random)]);
      for (const s of sentences) assert.equal(r.redact(s), s, `case ${i}`);
    }
  });
});
