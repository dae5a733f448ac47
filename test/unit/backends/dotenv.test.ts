import assert from 'node:assert/strict';
import { dotenvValues, parseDotenv, readDotenvFile } from '../../../client/src/backends/mlrunApi/dotenv';
import { planImport } from '../../../client/src/commands/support/importPlan';
import { own } from '../../util/own';

describe('dotenv parser (python-dotenv 1.2.2 rules, docs/mlrun-facts.md §6.1)', () => {
  it('comments, export, spaces around =, quotes, inline comments', () => {
    const text = [
      '# a comment',
      'export A=1',
      'B = two  ',
      "C='single # not a comment'",
      'D="double"',
      'E=value # inline comment',
      'F=value#not-a-comment',
      'G=',
      'H=a=b',
      '   ',
      "'I'=quoted key",
    ].join('\n');
    assert.deepEqual(dotenvValues(text), own({
      A: '1', B: 'two', C: 'single # not a comment', D: 'double', E: 'value', F: 'value#not-a-comment', G: '', H: 'a=b', I: 'quoted key',
    }));
  });

  it('escapes: decoded in double quotes, only \\\\ and \\\' in single quotes', () => {
    const text = 'A="line1\\nline2\\t\\"q\\" \\\\"\nB=\'raw\\nstays \\\' q\'\nC=unquoted\\nstays';
    assert.deepEqual(dotenvValues(text), own({ A: 'line1\nline2\t"q" \\', B: "raw\\nstays ' q", C: 'unquoted\\nstays' }));
  });

  it('quoted values may span lines', () => {
    assert.deepEqual(dotenvValues('A="one\ntwo"\nB=3'), own({ A: 'one\ntwo', B: '3' }));
  });

  it('${VAR} expanded everywhere (single quotes too), from the file first, then the environment; $X left alone', () => {
    const text = "BASE=root\nA=${BASE}/x\nB='${BASE}/y'\nC=\"${HOME_DIR}\"\nD=${UNSET}\nE=${UNSET:-fallback}\nF=$BASE\nBASE=later";
    const env = { HOME_DIR: '/home/u', BASE: 'from-env' };
    assert.deepEqual(dotenvValues(text, env), own({ BASE: 'later', A: 'root/x', B: 'root/y', C: '/home/u', D: '', E: 'fallback', F: '$BASE' }));
  });

  it('a key without = has a null value; unparsable lines are reported and skipped', () => {
    const r = parseDotenv('A=1\nLONELY\nB="unterminated\nC=3');
    assert.deepEqual(r.entries.map(e => [e.key, e.value, e.line]), [['A', '1', 1], ['LONELY', null, 2], ['C', '3', 4]]);
    assert.deepEqual(r.invalidLines, [3]);
  });

  it('a repeated key keeps its first position and its last value; CRLF line ends', () => {
    const r = parseDotenv('A=1\r\nB=2\r\nA=3\r\n');
    assert.deepEqual(r.entries.map(e => [e.key, e.value]), [['A', '3'], ['B', '2']]);
  });

  it('reads files as Python does: universal newlines, a leading BOM kept in the first key, strict UTF-8', () => {
    const bytes = Buffer.from('\ufeffA=1\rB="x\r\ny"\r\nC=3', 'utf8');
    const text = readDotenvFile(bytes)!;
    assert.equal(text, '\ufeffA=1\nB="x\ny"\nC=3');
    assert.deepEqual(dotenvValues(text), own({ '\ufeffA': '1', B: 'x\ny', C: '3' }));
    assert.equal(readDotenvFile(Buffer.from([0x41, 0x3d, 0xff])), undefined);
    const plan = planImport(text, 'kubernetes', {});
    assert.match(plan.errors[0]!, /key "\\ufeffA" cannot be stored: .*byte-order mark, which python-dotenv \(and so MLRun\) keeps in the first key/);
  });

  it('uses Python\'s whitespace: \\x1c-\\x1f, \\x85 and U+2028 are whitespace, U+FEFF and U+200B are not', () => {
    assert.deepEqual(dotenvValues('A\x1c=\x85one\u2028\nB=two\x1f # c\n\u2028C=3'), own({ A: 'one', B: 'two', C: '3' }));
    assert.deepEqual(dotenvValues('D\ufeff=4\nE=5\u200b'), own({ 'D\ufeff': '4', E: '5\u200b' }));
  });

  it('after an unparsable statement goes on from where parsing stopped, as python-dotenv does', () => {
    // A quoted value spanning lines, then junk: the rest of the junk's line is skipped, not the value's first line.
    const r = parseDotenv('A="one\ntwo" junk\nB=2\nC="open\nD=4');
    assert.deepEqual(r.entries.map(e => [e.key, e.value]), [['B', '2'], ['D', '4']]);
    assert.deepEqual(r.invalidLines, [1, 4]);
  });
});
