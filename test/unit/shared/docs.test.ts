import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { RULE_IDS, RULES, ruleDocUrl } from '../../../shared/src/rules';
import { repoPath } from '../../util/paths';

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to dashes. */
function anchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');
}

describe('analyzer documentation', () => {
  const md = fs.readFileSync(repoPath('README.md'), 'utf8');

  it('has one section per rule whose anchor is the diagnostics link', () => {
    const headings = [...md.matchAll(/^### (MLS\d{3} .+)$/gm)].map(m => m[1]);
    assert.deepEqual(headings, RULE_IDS.map(id => `${id} ${RULES[id].name}`));
    for (const h of headings) {
      const id = h.slice(0, 6) as (typeof RULE_IDS)[number];
      assert.equal(ruleDocUrl(id).split('#')[1], anchor(h));
    }
  });

  it('shows an example and a fix for every rule', () => {
    const sections = md.split(/^### /m).filter(s => /^MLS\d{3} /.test(s));
    for (const s of sections) {
      assert.ok((s.match(/```/g) ?? []).length >= 2, `example in ${s.slice(0, 6)}`);
      assert.match(s, /Fix/, `fix in ${s.slice(0, 6)}`);
    }
  });
});

describe('README', () => {
  const readme = fs.readFileSync(repoPath('README.md'), 'utf8');

  it('has the settings and commands tables of package.json (run `node scripts/readme-tables.mjs`)', async () => {
    const { render } = await import(repoPath('scripts', 'readme-tables.mjs')) as { render(readme: string, pkg: unknown): string };
    const pkg = JSON.parse(fs.readFileSync(repoPath('package.json'), 'utf8'));
    assert.equal(readme, render(readme, pkg));
  });

  it('shows the two commands of a fresh machine and every image it links exists', () => {
    assert.ok(readme.includes('npm ci && npm start'));
    assert.ok(readme.includes('npm ci && npm test'));
    for (const m of readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) assert.ok(fs.existsSync(repoPath(m[1]!)), m[1]);
  });
});
