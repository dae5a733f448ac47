/**
 * Broken code whose parse leaves a reference empty (a dict entry without its value) must not stop the analyzer: the
 * empty name once made the module's binder search loop for ever, silencing every later document.
 */
import assert from 'node:assert/strict';
import { initPython } from '../../../server/src/analysis/parser';
import { analyzePythonSources } from '../../../server/src/analysis/python/analyzePython';
import { PythonSource } from '../../../server/src/analysis/python/source';

describe('analysis of a dict entry without its value', () => {
  before(() => initPython());

  it('finishes and still reports the rest of the call (found by the incremental property test, seed 1135361355)', () => {
    const src = new PythonSource('project.set_secrets({"A":, "B": "y"})\n');
    try {
      const rules = analyzePythonSources([src], {}).findings.map(f => f.rule);
      assert.ok(rules.includes('MLS002'), `MLS002 is still reported (got ${rules.join(', ')})`);
    } finally {
      src.dispose();
    }
  });
});
