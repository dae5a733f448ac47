/**
 * MLS008 and MLS009 (Python): where they sit, that no value reaches a message, and their quick fixes (ranges of
 * plain literals only; the rewrite reads the value from project secrets).
 */
import assert from 'node:assert/strict';
import { analyzeText } from '../../../server/src/analysis/analyzeFile';
import type { Finding, Fix } from '../../../server/src/analysis/findings';
import { initPython } from '../../../server/src/analysis/parser';

const CANARY = 'CANARY-8d2e-credential';
const PROJECT = { project: 'fraud-demo', backend: 'kubernetes', keys: null };

function py(text: string, withProject = false): Finding[] {
  return analyzeText('python', text, withProject ? { project: PROJECT } : {}).findings;
}

function apply(text: string, edits: { span: { s: number; e: number }; text: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.s - a.span.s)) out = out.slice(0, e.span.s) + e.text + out.slice(e.span.e);
  return out;
}

describe('MLS008 and MLS009: credentials given as literals', () => {
  before(() => initPython());

  it('MLS008 sits on the literal, names the field and the profile, never the value', () => {
    const text = `from mlrun.datastore.datastore_profile import DatastoreProfilePostgreSQL\np = DatastoreProfilePostgreSQL(name="tsdb", user="app", password="${CANARY}")\n`;
    const [f] = py(text);
    assert.equal(f.rule, 'MLS008');
    assert.equal(f.severity, 'error');
    assert.equal(text.slice(f.span.s, f.span.e), `"${CANARY}"`);
    assert.match(f.message, /The password of this DatastoreProfilePostgreSQL is a literal/);
    assert.ok(!f.message.includes(CANARY) && !f.related.some(r => r.message.includes(CANARY)));
  });

  it('MLS008 fix: store the value under a key named after the profile and read it with get_secret_or_env', () => {
    const text = `"""Doc."""\nfrom __future__ import annotations\nfrom mlrun.datastore.datastore_profile import DatastoreProfileRedis\np = DatastoreProfileRedis(name="cache-1", endpoint_url="redis://r", password='${CANARY}')\n`;
    const fix = py(text)[0].fixes[0] as Extract<Fix, { kind: 'storeLiterals' }>;
    assert.equal(fix.kind, 'storeLiterals');
    assert.deepEqual(fix.literals.map(l => [l.key, text.slice(l.span.s, l.span.e)]), [['CACHE_1_PASSWORD', `'${CANARY}'`]]);
    assert.ok(!fix.title.includes(CANARY));
    assert.equal(apply(text, fix.rewrite), `"""Doc."""\nfrom __future__ import annotations\nimport mlrun\nfrom mlrun.datastore.datastore_profile import DatastoreProfileRedis\np = DatastoreProfileRedis(name="cache-1", endpoint_url="redis://r", password=mlrun.get_secret_or_env("CACHE_1_PASSWORD"))\n`);
    const imported = 'import mlrun\np = mlrun.datastore.DatastoreProfileS3(name="s3", secret_key="abc")\n';
    const f2 = py(imported)[0].fixes[0] as Extract<Fix, { kind: 'storeLiterals' }>;
    assert.equal(apply(imported, f2.rewrite), 'import mlrun\np = mlrun.datastore.DatastoreProfileS3(name="s3", secret_key=mlrun.get_secret_or_env("S3_SECRET_KEY"))\n');
    const concatenated = 'import mlrun\np = mlrun.datastore.DatastoreProfileS3(name="s3", secret_key="ab" "cd")\n';
    assert.deepEqual(py(concatenated)[0].fixes, [], 'only a plain literal can be read back by the store command');
  });

  it('MLS009 fix (with a selected project): store the value and inject it with set_env_from_secret', () => {
    const text = `import mlrun\nfn = mlrun.new_function("f", kind="job")\nfn.set_env("DB_PASSWORD", "${CANARY}")\n`;
    const [f] = py(text, true);
    assert.equal(f.rule, 'MLS009');
    assert.ok(!f.message.includes(CANARY));
    const fix = f.fixes[0] as Extract<Fix, { kind: 'storeLiterals' }>;
    assert.deepEqual(fix.literals.map(l => l.key), ['DB_PASSWORD']);
    assert.equal(apply(text, fix.rewrite), 'import mlrun\nfn = mlrun.new_function("f", kind="job")\nfn.set_env_from_secret("DB_PASSWORD", secret="mlrun-project-secrets-fraud-demo", secret_key="DB_PASSWORD")\n');
    assert.deepEqual(py(text)[0].fixes, [], 'no fix while the project is unknown');
  });

  it('MLS009 needs MLRun: a function from mlrun, or a document that imports it', () => {
    assert.deepEqual(py('fn.set_env("DB_PASSWORD", "hunter2")\n'), []);
    assert.deepEqual(py('import mlrun\nfn.set_env("DB_PASSWORD", "hunter2")\n').map(f => f.rule), ['MLS009']);
    assert.deepEqual(py('import os\nclass F:\n    def set_env(self, k, v): pass\nF().set_env("DB_PASSWORD", "hunter2")\nimport mlrun\n'), []);
  });
});
