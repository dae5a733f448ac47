import assert from 'node:assert/strict';
import { RedactingOutput } from '../../../client/src/jobs/redactingOutput';
import { seededRandom, testSeed } from '../../util/random';

describe('job output redaction', () => {
  const value = 'sup3r-s3cret-ü"-value';

  it('hides a value, its base64 and its JSON-escaped form, however the output is chunked', () => {
    const random = seededRandom(testSeed('redacting output'));
    const text = `start ${value} middle ${Buffer.from(value).toString('base64')} json "${JSON.stringify(value).slice(1, -1)}" end\nsecond line ${value}\n`;
    const expected = 'start [value hidden] middle [value hidden] json "[value hidden]" end\nsecond line [value hidden]\n';
    for (let round = 0; round < 200; round++) {
      let out = '';
      const r = new RedactingOutput([value], t => (out += t), 10_000);
      let i = 0;
      while (i < text.length) {
        const n = 1 + Math.floor(random() * 12);
        r.push(text.slice(i, i + n));
        assert.ok(!out.includes(value.slice(0, 12)), `no prefix of the value is written early (round ${round})`);
        i += n;
      }
      r.flush();
      assert.equal(out, expected, `round ${round}`);
    }
  });

  it('passes output through unchanged when there is nothing to hide, and holds back at most the longest value', () => {
    let out = '';
    const none = new RedactingOutput([], t => (out += t));
    none.push('abc');
    assert.equal(out, 'abc');
    out = '';
    const r = new RedactingOutput(['abcd'], t => (out += t), 10_000);
    const text = 'hello world '.repeat(20);
    r.push(text.slice(0, 100));
    assert.equal(out, '', 'nothing is written before twice the hold-back has arrived');
    r.push(text.slice(100));
    // The longest form of "abcd" is its base64 "YWJjZA==" (8 characters): ten times that and 16 are held back.
    assert.equal(r.holdBack, 96);
    assert.equal(out, text.slice(0, text.length - 96));
    r.flush();
    assert.equal(out, text);
  });

  it('flushes held-back output after it has been idle', async () => {
    let out = '';
    const r = new RedactingOutput(['abcdef'], t => (out += t), 20);
    r.push('prompt> ');
    const deadline = Date.now() + 2000;
    while (out !== 'prompt> ' && Date.now() < deadline) await new Promise(res => setTimeout(res, 5));
    assert.equal(out, 'prompt> ');
  });

  it('hides the lines of a multi-line value printed line by line, and ignores values too short to search for', () => {
    let out = '';
    const r = new RedactingOutput(['first-line-of-it\nsecond-line-of-it', 'abc'], t => (out += t));
    r.push('> first-line-of-it\n> second-line-of-it\nabc\n');
    r.flush();
    assert.equal(out, '> [value hidden]\n> [value hidden]\nabc\n');
  });
});
