/**
 * Every fixture under fixtures/ states its expected findings in place: `# expect: MLS001 MLS003` on the line where
 * each finding starts (`# expect-next: …` for the line below). Lines without it must have no finding — that is how
 * the tricky negatives (comments, docstrings, strings, definitions, look-alikes, Markdown cells, other fences,
 * suppressed lines, unparseable code) are checked.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileFact } from '../../../shared/src/protocol';
import { analyzeText, documentKind } from '../../../server/src/analysis/analyzeFile';
import { LineIndex } from '../../../server/src/analysis/lineIndex';
import { initPython } from '../../../server/src/analysis/parser';
import { repoPath } from '../../util/paths';

const FIXTURES = repoPath('test', 'unit', 'analysis', 'fixtures');

export const FIXTURE_PROJECT = { project: 'demo', backend: 'kubernetes', keys: new Set(['DB_PASSWORD', 'API_TOKEN', 'S3_KEY']) };

/** Facts by file name: *.tracked.env tracked, *.ignored.env ignored, *.untracked.env present, anything else absent. */
export function fixtureFact(p: string): FileFact {
  if (p.includes('.tracked.')) return { exists: true, trackedByGit: true, ignoredByGit: false };
  if (p.includes('.ignored.')) return { exists: true, trackedByGit: false, ignoredByGit: true };
  if (p.includes('.untracked.')) return { exists: true, trackedByGit: false, ignoredByGit: false };
  return { exists: false, trackedByGit: false, ignoredByGit: false };
}

/** The suffix of fixtures whose real name the repository must not hold (env files). */
const FIXTURE_SUFFIX = '.fixture';

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)])).sort();
}

function expectations(text: string): string[] {
  const out: string[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    for (const m of line.matchAll(/#\s*expect(-next)?:\s*((?:MLS\d{3}\s*)+)/g)) {
      for (const rule of m[2].trim().split(/\s+/)) out.push(`${i + 1 + (m[1] ? 1 : 0)}:${rule}`);
    }
  });
  return out.sort();
}

describe('analyzer fixtures', () => {
  before(() => initPython());

  for (const file of walk(FIXTURES)) {
    const rel = path.relative(FIXTURES, file);
    // Env-file fixtures are stored as `<name>.env.fixture`, so the repository itself holds no committed env file;
    // they are analysed under their real name.
    const name = file.endsWith(FIXTURE_SUFFIX) ? file.slice(0, -FIXTURE_SUFFIX.length) : file;
    const kind = documentKind(name);
    if (!kind) continue;
    it(`${rel}: findings exactly where the fixture expects them`, () => {
      const text = fs.readFileSync(file, 'utf8');
      const analysis = analyzeText(kind, text, { project: FIXTURE_PROJECT, fileFact: fixtureFact, fileName: path.basename(name) });
      const units = analysis.units.map(u => ({ ...u, index: new LineIndex(u.text) }));
      const got = analysis.findings.map(f => `${f.module}/${units[f.module].index.positionAt(f.span.s).line + 1}:${f.rule}`).sort();
      const want = units.flatMap((u, i) => expectations(u.text).map(e => `${i}/${e}`)).sort();
      assert.deepEqual(got, want);
    });
  }
});
