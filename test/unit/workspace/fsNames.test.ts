/** File names as bytes (server/src/workspace/fsNames.ts): lossless round trips and unambiguous printing. */
import assert from 'node:assert/strict';
import { decodeName, displayPath, fsPath, hasEscapes, uriPath } from '../../../server/src/workspace/fsNames';
import { Random, testSeed } from '../../util/random';

function bytesOf(p: string): Buffer {
  const b = fsPath(p);
  return typeof b === 'string' ? Buffer.from(b, 'utf8') : b;
}

function fromUri(u: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < u.length; i++) {
    if (u[i] === '%') { out.push(parseInt(u.slice(i + 1, i + 3), 16)); i += 2; } else out.push(u.charCodeAt(i));
  }
  return Buffer.from(out);
}

describe('file names that are not valid UTF-8 (fsNames)', () => {
  it('keeps valid names as they are', () => {
    for (const name of ['a.py', 'é/ü.py', '🔑.py', 'a b/"q".py']) {
      assert.equal(decodeName(Buffer.from(name)), name);
      assert.equal(fsPath(name), name);
      assert.equal(hasEscapes(name), false);
    }
    assert.equal(displayPath('dir/caf\udce9.py'), '"dir/caf\\351.py"');
    assert.equal(displayPath('a\nb.py'), '"a\\nb.py"');
    assert.equal(displayPath('"x".py'), '"\\"x\\".py"');
    assert.equal(displayPath('a"b\\c.py'), 'a"b\\c.py', 'only a leading quote, a control character or an escaped byte quotes');
    assert.equal(uriPath('my dir/caf\udce9#1.py'), 'my%20dir/caf%E9%231.py');
  });

  it('round-trips random bytes: decode → fs bytes, URI bytes; printing never confuses two names', () => {
    const seed = testSeed('fsNames');
    const rnd = new Random(seed);
    const printed = new Map<string, string>();
    for (let n = 0; n < 3000; n++) {
      const len = 1 + rnd.int(12);
      const pool = [0x61, 0x2e, 0x22, 0x5c, 0x0a, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x94, 0x91, 0xed, 0xa0, 0x80, 0xff, 0xc0, 0x20];
      const bytes = Buffer.from(Array.from({ length: len }, () => (rnd.chance(0.8) ? rnd.pick(pool) : rnd.int(256))).filter(b => b !== 0 && b !== 0x2f));
      const name = decodeName(bytes);
      assert.ok(bytesOf(name).equals(bytes), `seed ${seed}: ${bytes.toString('hex')}`);
      assert.ok(fromUri(uriPath(name)).equals(bytes), `seed ${seed}: uri of ${bytes.toString('hex')}`);
      const shown = displayPath(name);
      const before = printed.get(shown);
      assert.ok(before === undefined || before === bytes.toString('hex'), `seed ${seed}: ${shown} for ${before} and ${bytes.toString('hex')}`);
      printed.set(shown, bytes.toString('hex'));
    }
  });
});
