import assert from 'node:assert/strict';
import { parseSuppressions } from '../../../server/src/analysis/suppression';

const at = { s: 0, e: 0 };

describe('suppression comments', () => {
  it('reads ignore and ignore-next-line with ids and a reason', () => {
    assert.deepEqual(parseSuppressions('# mlrun-secrets: ignore[MLS001] test fixture', at, 0), [{ kind: 'line', rules: ['MLS001'], span: at, module: 0, reason: true }]);
    assert.deepEqual(parseSuppressions('# mlrun-secrets: ignore-next-line[MLS001, mls003] reviewed', at, 0)[0].rules, ['MLS001', 'MLS003']);
    assert.equal(parseSuppressions('# mlrun-secrets: ignore-next-line[MLS001]', at, 0)[0].kind, 'next-line');
  });

  it('treats a missing reason and the placeholder as no reason', () => {
    assert.equal(parseSuppressions('# mlrun-secrets: ignore[MLS001]', at, 0)[0].reason, false);
    assert.equal(parseSuppressions('# mlrun-secrets: ignore[MLS001] <reason>', at, 0)[0].reason, false);
    assert.equal(parseSuppressions('# mlrun-secrets: ignore[MLS001]   # noqa', at, 0)[0].reason, false);
  });

  it('ignores unknown ids and malformed directives', () => {
    assert.deepEqual(parseSuppressions('# mlrun-secrets: ignore[XYZ123, MLS002] r', at, 0)[0].rules, ['MLS002']);
    assert.deepEqual(parseSuppressions('# mlrun-secrets: ignore MLS001 no brackets', at, 0), []);
    assert.deepEqual(parseSuppressions('# mlrun-secrets is great', at, 0), []);
  });

  it('nosec alone silences MLS001–MLS003; with ids only ours among them', () => {
    assert.deepEqual(parseSuppressions('# nosec', at, 0)[0].rules, ['MLS001', 'MLS002', 'MLS003']);
    assert.deepEqual(parseSuppressions('# nosec B105', at, 0)[0].rules, []);
    assert.deepEqual(parseSuppressions('# nosec: B105, MLS003', at, 0)[0].rules, ['MLS003']);
    assert.deepEqual(parseSuppressions('# type: ignore # nosec MLS007', at, 0)[0].rules, ['MLS007']);
    assert.deepEqual(parseSuppressions('# nosecurity', at, 0), []);
  });
});
