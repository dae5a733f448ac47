import assert from 'node:assert/strict';
import {
  envSourceNames, list2dict, parseFileProvider, pyExpandvars, pySplitlines, pyStrip, resolveEnvSource,
} from '../../../shared/src/mlrunFileProvider';

const enc = (s: string): Uint8Array => Buffer.from(s, 'utf8');

function entries(text: string, env: Record<string, string> = {}): [string, string][] {
  const r = parseFileProvider(enc(text), env);
  assert.ok(r.ok, 'parses');
  return [...r.entries];
}

describe('MLRun file provider (list2dict over splitlines, §3.2 and E9)', () => {
  it('splits at the first "=", strips both sides and skips lines without "="', () => {
    assert.deepEqual(entries('A=1\n  B =  two words  \nno equals here\n\nC=x=y\n'), [['A', '1'], ['B', 'two words'], ['C', 'x=y']]);
  });

  it('has no comments, quotes or export: "#A=1" is key "#A", quotes stay, "export A" is a key', () => {
    assert.deepEqual(entries('#A=1\nB="x"\nC=\'y\'\nexport D=4\nE=1 # not a comment\n'), [
      ['#A', '1'], ['B', '"x"'], ['C', "'y'"], ['export D', '4'], ['E', '1 # not a comment'],
    ]);
  });

  it('"=x" yields the key "" and "K=" an empty value', () => {
    assert.deepEqual(entries('=x\nK=\n'), [['', 'x'], ['K', '']]);
  });

  it('splits lines on every boundary Python splitlines() knows, CRLF counting once', () => {
    const seps = ['\n', '\r', '\r\n', '\v', '\f', '\x1c', '\x1d', '\x1e', '\x85', '\u2028', '\u2029'];
    const text = seps.map((s, i) => `K${i}=${i}${s}`).join('');
    assert.deepEqual(entries(text), seps.map((_, i) => [`K${i}`, String(i)]));
    assert.deepEqual(pySplitlines('a\r\nb\n\nc'), ['a', 'b', '', 'c']);
    assert.deepEqual(pySplitlines('a\n'), ['a']);
    assert.deepEqual(pySplitlines('a\n\n'), ['a', '']);
    assert.deepEqual(pySplitlines(''), []);
    // \x1f is whitespace for strip() but not a line boundary.
    assert.deepEqual(pySplitlines('a\x1fb'), ['a\x1fb']);
  });

  it('strips all Unicode whitespace str.strip() removes, and nothing else', () => {
    assert.equal(pyStrip('\u00a0\u3000\u2003\x1f\t key \u205f\u202f'), 'key');
    assert.equal(pyStrip('\u200bkey\ufeff'), '\u200bkey\ufeff', 'zero-width space and BOM are not whitespace in Python');
    assert.deepEqual(entries('\u00a0A\u3000=\u2002value\u00a0\n'), [['A', 'value']]);
  });

  it('expands $NAME and ${NAME} from the environment and leaves unknown ones untouched', () => {
    const env = { HOME: '/home/u', USER_1: 'bob', EMPTY: '' };
    assert.deepEqual(entries('P=$HOME/x\nQ=${USER_1}-$USER_1\nR=$NOPE/${NOPE}\nS=${}\nT=$\nU=$EMPTY|\n', env), [
      ['P', '/home/u/x'], ['Q', 'bob-bob'], ['R', '$NOPE/${NOPE}'], ['S', '${}'], ['T', '$'], ['U', '|'],
    ]);
  });

  it('expands only ASCII word names after a bare $, and never re-expands a substituted value', () => {
    assert.equal(pyExpandvars('$A-b', { A: '1' }), '1-b');
    assert.equal(pyExpandvars('$Ä', { Ä: 'x' }), '$Ä');
    assert.equal(pyExpandvars('$A', { A: '$B', B: 'no' }), '$B');
    assert.equal(pyExpandvars('$$A', { A: '1' }), '$1');
    assert.equal(pyExpandvars('${A-B}', { 'A-B': 'dash' }), 'dash', '${...} takes any name up to "}"');
  });

  it('expands in values only, after stripping (keys keep their $)', () => {
    assert.deepEqual(entries('$K = $V \n', { K: 'k', V: ' padded ' }), [['$K', ' padded ']]);
  });

  it('keeps the first position of a duplicate key with the last value (a Python dict)', () => {
    assert.deepEqual(entries('A=1\nB=2\nA=3\n'), [['A', '3'], ['B', '2']]);
  });

  it('keeps a UTF-8 byte-order mark as part of the first key, as Python\'s utf-8 codec does', () => {
    assert.deepEqual(entries('\ufeffA=1\nB=2'), [['\ufeffA', '1'], ['B', '2']]);
  });

  it('refuses bytes that are not UTF-8, with a clear message', () => {
    const r = parseFileProvider(new Uint8Array([0x41, 0x3d, 0xff, 0xfe]), {});
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.message : '', /not valid UTF-8/);
  });

  it('counts the lines it skipped', () => {
    const r = parseFileProvider(enc('A=1\n\n# comment\nB=2\n'), {});
    assert.ok(r.ok);
    assert.equal(r.skippedLines, 2);
  });

  it('list2dict works on lines directly', () => {
    assert.deepEqual([...list2dict(['a = 1', 'b'], {})], [['a', '1']]);
  });
});

describe('MLRun env provider', () => {
  it('splits on "," and strips each name; "A,,B" yields the key ""', () => {
    assert.deepEqual(envSourceNames('A, B ,\tC'), ['A', 'B', 'C']);
    assert.deepEqual(envSourceNames('A,,B'), ['A', '', 'B']);
  });

  it('gives null for unset variables (MLRun stores None) and keeps empty ones', () => {
    assert.deepEqual([...resolveEnvSource('SET,UNSET,EMPTY', { SET: 'v', EMPTY: '' })], [['SET', 'v'], ['UNSET', null], ['EMPTY', '']]);
  });
});
