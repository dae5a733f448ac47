import assert from 'node:assert/strict';
import { pythonStringValue } from '../../../client/src/commands/support/pythonLiteral';

function value(src: string): string {
  const r = pythonStringValue(src);
  assert.ok(r.ok, r.ok ? '' : `${src}: ${r.reason}`);
  return r.value;
}

function reason(src: string): string {
  const r = pythonStringValue(src);
  assert.ok(!r.ok, `${src} should be refused`);
  return r.reason;
}

describe('Python string literal values (storeLiterals reads values from the document)', () => {
  it('plain single- and double-quoted literals', () => {
    assert.equal(value('"s3cr3t-demo-value"'), 's3cr3t-demo-value');
    assert.equal(value("'tok-demo-123'"), 'tok-demo-123');
    assert.equal(value('""""""'), '');
  });

  it('escapes as Python decodes them', () => {
    assert.equal(value(String.raw`"a\nb\tc\\d\"e\'f"`), 'a\nb\tc\\d"e\'f');
    assert.equal(value(String.raw`"\x41\101\u00e9\U0001F600"`), 'AAé😀');
    assert.equal(value(String.raw`"\a\b\f\v\r"`), '\x07\b\f\v\r');
    assert.equal(value(String.raw`"\0"`), '\0');
    assert.equal(value(String.raw`"\q"`), '\\q', 'unknown escapes stay as written');
    assert.equal(value('"line\\\ncontinued"'), 'linecontinued', 'backslash-newline is removed');
  });

  it('raw strings keep backslashes; u prefixes are plain strings', () => {
    assert.equal(value(String.raw`r"C:\path\n"`), String.raw`C:\path\n`);
    assert.equal(value(String.raw`R'\d+\"'`), String.raw`\d+\"`);
    assert.equal(value('u"x"'), 'x');
  });

  it('triple-quoted strings span lines; CRLF reads as \\n (universal newlines)', () => {
    assert.equal(value('"""a\r\nb"""'), 'a\nb');
    assert.equal(value("'''it's'''"), "it's");
  });

  it('joins implicitly concatenated literals across whitespace, lines and comments', () => {
    assert.equal(value('"abc" \'def\''), 'abcdef');
    assert.equal(value('"abc"  # first part\n    "def"'), 'abcdef');
    assert.equal(value('r"\\d" "\\n"'), '\\d\n');
  });

  it('refuses what is not a constant text literal, saying why', () => {
    assert.match(reason('f"{x}"'), /f-string/);
    assert.match(reason('b"bytes"'), /bytes/);
    assert.match(reason(String.raw`"\N{BULLET}"`), /\\N\{…\}/);
    assert.match(reason(String.raw`"\x4"`), /truncated \\x escape/);
    assert.match(reason('"open'), /no closing quote/);
    assert.match(reason('"a\nb"'), /no closing quote on its line/);
    assert.match(reason('password'), /not a string literal/);
    assert.match(reason('"a" + "b"'), /not a string literal/);
    assert.match(reason('   '), /empty/);
  });
});
