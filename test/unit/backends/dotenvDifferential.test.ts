/**
 * Differential test of the dotenv parser against python-dotenv itself (what MLRun's `set_secrets(file_path=)` and
 * its env-file loading use): thousands of generated files, each parsed by `readDotenvFile` + `parseDotenv` and by
 * `dotenv_values` (plus the count of statements `parse_stream` could not parse), in the same environment. Zero
 * differences allowed. Seeded (test/util/random.ts; replay with MLRUN_SECRETS_SEED). Needs python-dotenv: on Debian
 * `apt-get install -y python3-dotenv`; the test fails (never skips) without it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDotenv, readDotenvFile } from '../../../client/src/backends/mlrunApi/dotenv';
import { Random, testSeed } from '../../util/random';

const FILES = 3000;

/** Reads each file (paths on stdin, JSON) as python-dotenv does; prints one JSON result per file. */
const PYTHON = String.raw`import json, sys
import dotenv
from dotenv.parser import parse_stream
out = []
for path in json.load(sys.stdin):
    values = dotenv.dotenv_values(path)
    with open(path, encoding="utf-8") as stream:
        errors = sum(1 for b in parse_stream(stream) if b.error)
    out.append({"items": [[k, v] for k, v in values.items()], "errors": errors})
json.dump({"version": getattr(dotenv, "__version__", None) or __import__("dotenv.version").version.__version__, "results": out}, sys.stdout)
`;

/** The interpreter with python-dotenv: MLRUN_SECRETS_DOTENV_PYTHON, python3, else Debian's /usr/bin/python3. */
function pythonWithDotenv(): string | undefined {
  for (const python of [process.env.MLRUN_SECRETS_DOTENV_PYTHON, 'python3', '/usr/bin/python3']) {
    if (!python) continue;
    const r = spawnSync(python, ['-c', 'import dotenv'], { encoding: 'utf8' });
    if (r.status === 0) return python;
  }
  return undefined;
}

const WS = [' ', ' ', '\t', '\v', '\f', '\x1c', '\x1f', '\x85', '\u00a0', '\u2028', '\u3000', '\ufeff', '\u200b'];
const NEWLINES = ['\n', '\n', '\n', '\r\n', '\r'];
const KEY_CHARS = 'abcXYZ_019.-';
const VALUE_CHARS = ['a', 'B', '1', ' ', '#', '=', '$', '{', '}', ':', '-', "'", '"', '\\', 'é', '😀', '\t', 'x'];

function pick<T>(r: Random, items: readonly T[]): T {
  return r.pick(items);
}

function word(r: Random, chars: string | readonly string[], max: number): string {
  const n = 1 + r.int(max);
  let s = '';
  for (let i = 0; i < n; i++) s += pick(r, typeof chars === 'string' ? [...chars] : chars);
  return s;
}

function ws(r: Random): string {
  return r.chance(0.6) ? '' : word(r, WS, 2);
}

function key(r: Random): string {
  const k = r.chance(0.15) ? pick(r, ['DIFF_A', 'DIFF_EMPTY', 'K1', 'k1', 'PATH_X']) : word(r, KEY_CHARS, 6);
  if (r.chance(0.08)) return `'${k}${r.chance(0.5) ? ' sp' : ''}'`;
  if (r.chance(0.05)) return `'${k}`;
  return k;
}

function value(r: Random): string {
  switch (r.int(9)) {
    case 0: return '';
    case 1: return word(r, VALUE_CHARS, 12);
    case 2: return `'${word(r, VALUE_CHARS.filter(c => c !== "'"), 8)}${r.chance(0.3) ? "\\'" : ''}${r.chance(0.85) ? "'" : ''}`;
    case 3: return `"${word(r, [...VALUE_CHARS.filter(c => c !== '"'), '\\n', '\\t', '\\"', '\\\\', '\\a', '\\x41'], 8)}${r.chance(0.85) ? '"' : ''}`;
    case 4: return `${pick(r, ['"', "'"])}line1${pick(r, NEWLINES)}line2${pick(r, ['"', "'", ''])}${r.chance(0.3) ? ` junk${word(r, VALUE_CHARS, 3)}` : ''}`;
    case 5: return `pre\${${pick(r, ['DIFF_A', 'DIFF_EMPTY', 'UNDEFINED_X', 'K1', 'k1', ''])}${r.chance(0.4) ? `:-${word(r, 'dv ', 3)}` : ''}}post`;
    case 6: return `$DIFF_A ${r.chance(0.5) ? '#' : ''}${word(r, VALUE_CHARS, 4)}`;
    case 7: return `${word(r, 'ab ', 4)}${ws(r)} # comment ${word(r, VALUE_CHARS, 3)}`;
    default: return `${word(r, VALUE_CHARS, 5)}${ws(r)}`;
  }
}

function line(r: Random): string {
  switch (r.int(12)) {
    case 0: return '';
    case 1: return `${ws(r)}# ${word(r, VALUE_CHARS, 8)}`;
    case 2: return `${ws(r)}${key(r)}${ws(r)}`;
    case 3: return `${ws(r)}=${value(r)}`;
    case 4: return `export${pick(r, [' ', '\t', '\u2028', ''])}${key(r)}=${value(r)}`;
    case 5: return word(r, VALUE_CHARS, 10);
    default: return `${ws(r)}${key(r)}${ws(r)}=${ws(r)}${value(r)}${r.chance(0.2) ? `${ws(r)}#${word(r, VALUE_CHARS, 4)}` : ''}`;
  }
}

function file(r: Random): string {
  let text = r.chance(0.1) ? '\ufeff' : '';
  const lines = r.int(8);
  for (let i = 0; i < lines; i++) text += line(r) + (i < lines - 1 || r.chance(0.7) ? pick(r, NEWLINES) : '');
  return text;
}

describe('dotenv parser: differential test against python-dotenv', function () {
  this.timeout(120_000);

  it(`parses ${FILES} generated files exactly as python-dotenv does (values, order, unparsable statements)`, () => {
    const python = pythonWithDotenv();
    assert.ok(python, 'python-dotenv is not installed for python3 or /usr/bin/python3: apt-get install -y python3-dotenv (or set MLRUN_SECRETS_DOTENV_PYTHON to an interpreter that has it)');
    const seed = testSeed('dotenv differential');
    const r = new Random(seed);
    const dir = mkdtempSync(join(tmpdir(), 'dotenv-diff-'));
    // The environment ${VAR} falls back to, the same for both sides.
    const environment: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', DIFF_A: 'alpha', DIFF_EMPTY: '', K1: 'env-k1', LANG: 'C.UTF-8' };
    try {
      const texts: string[] = [];
      const paths: string[] = [];
      for (let i = 0; i < FILES; i++) {
        const text = file(r);
        const path = join(dir, `f${i}.env`);
        writeFileSync(path, text, 'utf8');
        texts.push(text);
        paths.push(path);
      }
      const run = spawnSync(python, ['-c', PYTHON], { input: JSON.stringify(paths), encoding: 'utf8', env: environment, maxBuffer: 256 * 1024 * 1024 });
      assert.equal(run.status, 0, run.stderr);
      const out = JSON.parse(run.stdout) as { version: string; results: { items: [string, string | null][]; errors: number }[] };
      const differences: string[] = [];
      out.results.forEach((expected, i) => {
        const text = readDotenvFile(Buffer.from(texts[i]!, 'utf8'))!;
        const ours = parseDotenv(text, environment);
        const got = { items: ours.entries.map(e => [e.key, e.value]), errors: ours.invalidLines.length };
        try {
          assert.deepEqual(got, expected);
        } catch {
          if (differences.length < 5) differences.push(`file ${i} ${JSON.stringify(texts[i])}:\n  python-dotenv ${JSON.stringify(expected)}\n  ours          ${JSON.stringify(got)}`);
          else differences.push('');
        }
      });
      assert.equal(out.results.length, FILES);
      assert.deepEqual(differences, [], `python-dotenv ${out.version}, seed ${seed}: ${differences.length} of ${FILES} files differ:\n${differences.filter(Boolean).join('\n')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
