import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { RULE_IDS, RULES, ruleDocUrl } from '../../../shared/src/rules';
import { repoPath } from '../../util/paths';

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to dashes. */
function anchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');
}

describe('analyzer documentation', () => {
  const md = fs.readFileSync(repoPath('docs', 'readme', 'analyzer.md'), 'utf8');

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
