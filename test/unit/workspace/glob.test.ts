/**
 * The gitignore matcher (shared/src/glob.ts): git's own semantics (compared with `git check-ignore` on random
 * patterns and paths), and time linear in the input on patterns that make regular expressions backtrack.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileIgnore, compileLine, ignores, MAX_PATTERN_LENGTH, MAX_PATTERNS } from '../../../shared/src/glob';
import { OUT, tempDir } from '../../util/paths';
import { Random, testSeed } from '../../util/random';

function ig(text: string): (rel: string, isDir?: boolean) => boolean {
  const { rules } = compileIgnore(text, '.gitignore', false);
  return (rel, isDir = false) => ignores(rules, rel, isDir);
}

describe('gitignore patterns (shared/src/glob.ts)', function () {
  this.timeout(60_000);

  it('follows git: slashes anchor, a trailing slash means directories, ** and negation', () => {
    const cases: [string, string, boolean, boolean][] = [
      // pattern, path, isDir, ignored
      ['build/', 'build', true, true], ['build/', 'build', false, false], ['build/', 'a/build/x.py', false, true],
      ['*.py', 'a/b/c.py', false, true], ['*.py', 'a.pyc', false, false], ['/a.py', 'a.py', false, true], ['/a.py', 'b/a.py', false, false],
      ['a/b', 'a/b', false, true], ['a/b', 'x/a/b', false, false], ['**/b', 'x/y/b', false, true], ['**/b', 'b', false, true],
      ['a/**/b', 'a/b', false, true], ['a/**/b', 'a/x/y/b', false, true], ['a/**/b', 'ab', false, false], ['a/**', 'a/x/y', false, true], ['a/**', 'a', true, false],
      ['a**b', 'axxb', false, true], ['a**b', 'ax/xb', false, false], ['a?c', 'abc', false, true], ['a?c', 'a/c', false, false],
      ['[ab]x', 'bx', false, true], ['[!ab]x', 'bx', false, false], ['[!ab]x', 'cx', false, true], ['[a-c]', 'b', false, true], ['[[:digit:]]x', '7x', false, true],
      ['[]]', ']', false, true], ['\\*', '*', false, true], ['\\*', 'a', false, false], ['\\#a', '#a', false, true], ['#a', '#a', false, false],
      ['\\!a', '!a', false, true], ['a\\ ', 'a ', false, true], ['a  ', 'a', false, true], ['[ab', '[ab', false, false], ['abc\\', 'abc\\', false, false],
      ['Foo', 'foo', false, false], ['é*', 'été', false, true], ['?', '🔑', false, true],
    ];
    for (const [pattern, rel, isDir, expected] of cases) {
      assert.equal(ig(pattern)(rel, isDir), expected, `${JSON.stringify(pattern)} vs ${rel}${isDir ? '/' : ''}`);
    }
    const neg = ig('*.py\n!keep.py\nlogs/\n!logs/x.py\n');
    assert.equal(neg('a/keep.py'), false);
    assert.equal(neg('a/drop.py'), true);
    assert.equal(neg('logs/x.py'), true, 'no re-include below an excluded directory');
    const crlf = ig('\ufeffa.py\r\nb/\r\n');
    assert.equal(crlf('a.py'), true);
    assert.equal(crlf('b', true), true);
  });

  it('case-insensitive when asked (git core.ignorecase)', () => {
    const { rules } = compileIgnore(['*.PY', 'Build/', '[A-C]x'], 'x', true);
    assert.equal(ignores(rules, 'a.py', false), true);
    assert.equal(ignores(rules, 'build/x', false), true);
    assert.equal(ignores(rules, 'bX', false), true);
  });

  it('matches what git check-ignore says on random patterns and paths', () => {
    const seed = testSeed('gitignore vs git');
    const rnd = new Random(seed);
    const t = tempDir();
    try {
      execFileSync('git', ['init', '-q'], { cwd: t.dir });
      // A fixed tree of files and directories (check-ignore looks at the disk for directory-only patterns).
      const names = ['a', 'b', 'ab', 'a.py', 'b.md', '.x', 'a b', 'x*'];
      const files: string[] = [];
      const dirs: string[] = [];
      for (const d1 of ['a', 'b', 'ab']) {
        dirs.push(d1);
        for (const d2 of ['a', 'b']) {
          dirs.push(`${d1}/${d2}`);
          for (const n of names) files.push(`${d1}/${d2}/${n}.f`, `${d1}/${n}`);
        }
      }
      for (const n of names) files.push(n === 'a' || n === 'b' || n === 'ab' ? `${n}.top` : n);
      for (const d of dirs) fs.mkdirSync(path.join(t.dir, d), { recursive: true });
      const uniq = [...new Set(files)].filter(f => !dirs.includes(f));
      for (const f of uniq) fs.writeFileSync(path.join(t.dir, f), '');
      const atoms = ['a', 'b', '*', '?', '/', '**', '**/', '/**', '[ab]', '[!a]', '.', 'py', '\\*', ' ', '.f', '[a-b]'];
      for (let round = 0; round < 40; round++) {
        const lines: string[] = [];
        const n = 1 + rnd.int(4);
        for (let i = 0; i < n; i++) {
          let p = rnd.chance(0.25) ? '!' : '';
          const len = 1 + rnd.int(5);
          for (let k = 0; k < len; k++) p += rnd.pick(atoms);
          if (rnd.chance(0.2)) p += '/';
          lines.push(p);
        }
        const text = lines.join('\n') + '\n';
        fs.writeFileSync(path.join(t.dir, '.gitignore'), text);
        const paths = [...uniq, ...dirs];
        // Exit status 1 means "nothing ignored"; the verbose lines say it either way.
        const out = spawnSync('git', ['check-ignore', '--no-index', '-v', '-n', '--stdin'], { cwd: t.dir, input: paths.join('\n') + '\n', encoding: 'utf8' }).stdout;
        const gitSays = new Map<string, boolean>();
        for (const line of out.split('\n').filter(Boolean)) {
          const [source, p] = line.split('\t');
          const pattern = source.split(':').slice(2).join(':');
          gitSays.set(p, source !== '::' && !pattern.startsWith('!'));
        }
        const mine = ig(text);
        for (const p of paths) {
          assert.equal(mine(p, dirs.includes(p)), gitSays.get(p), `seed ${seed}, .gitignore ${JSON.stringify(text)}, path ${p}`);
        }
      }
    } finally {
      t.remove();
    }
  });

  it('refuses a line over the length limit with the file and line, and keeps the others', () => {
    const long = 'a'.repeat(MAX_PATTERN_LENGTH + 1);
    const r = compileIgnore(`x.py\n${long}\ny.py\n`, 'sub/.gitignore', false);
    assert.equal(r.rules.length, 2);
    assert.deepEqual(r.problems, [`sub/.gitignore:2: a pattern of ${MAX_PATTERN_LENGTH + 1} characters is longer than the limit of ${MAX_PATTERN_LENGTH}; the line is ignored.`]);
    assert.equal(compileLine('a'.repeat(MAX_PATTERN_LENGTH)).rule !== null, true);
  });

  it('keeps at most MAX_PATTERNS patterns per file (named with the line where it stops); a repeated line counts once', () => {
    const lines = Array.from({ length: MAX_PATTERNS + 5 }, (_, i) => `p${i}`);
    const r = compileIgnore(['dup', ...lines.slice(0, 10), 'dup', ...lines.slice(10)], '.gitignore', false);
    assert.equal(r.rules.length, MAX_PATTERNS);
    assert.deepEqual(r.problems, [`.gitignore:${MAX_PATTERNS + 2}: more than ${MAX_PATTERNS} patterns; this line and the ones after it are ignored.`]);
    assert.equal(ignores(r.rules, 'x/dup', false), true);
    const neg = compileIgnore(['a', '!a', 'a'], 'x', false);
    assert.equal(neg.rules.length, 2);
    assert.equal(ignores(neg.rules, 'a', false), true, 'the last copy decides');
  });

  it('runs in linear time on patterns that make a backtracking matcher hang (bounded child process)', () => {
    // Each of these takes a RegExp-based glob (like the `ignore` package's) exponential or cubic time.
    const script = `
      const { compileIgnore, ignores } = require(${JSON.stringify(path.join(OUT, 'shared', 'src', 'glob.js'))});
      const hostile = ['*a'.repeat(40) + 'b', '**/'.repeat(300) + 'x', 'a*'.repeat(2000), '[a]*'.repeat(1000) + '!', '?*'.repeat(2000) + 'z', '*'.repeat(4000) + 'b'];
      const path = 'a'.repeat(4000);
      const started = Date.now();
      for (const h of hostile) {
        const { rules } = compileIgnore([h], 'x', false);
        for (let i = 0; i < 50; i++) ignores(rules, path + '/' + path.slice(0, 200) + i, false);
      }
      // The most a hostile .gitignore may hold, all patterns that no fast path takes, against many paths.
      const many = Array.from({ length: 20000 }, (_, i) => '*a*a' + i + '*a*b');
      const { rules } = compileIgnore(many, 'x', false);
      for (let i = 0; i < 50; i++) ignores(rules, 'src/pkg/module_' + i + '_aaaaaaaaaa.py', false);
      process.stdout.write(String(Date.now() - started));
    `;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, `the matcher did not finish within 30 s (signal ${r.signal}): ${r.stderr}`);
  });
});
