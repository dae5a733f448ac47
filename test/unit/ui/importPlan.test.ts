import assert from 'node:assert/strict';
import { isDroppedByMlrun, planImport } from '../../../client/src/commands/support/importPlan';

describe('Import Secrets plan (set_secrets(file_path=…) rules, docs/mlrun-facts.md §6.1)', () => {
  it('keeps file order, drops MLRUN_DBPATH and V3IO_*, skips empty values, expands ${VAR}', () => {
    const text = [
      '# comment',
      'export A=1',
      'MLRUN_DBPATH=https://x',
      'V3IO_ACCESS_KEY=k',
      'v3io_lower=kept',
      'B="${A}-x"',
      "C='${A}'",
      'D=${UNDEFINED:-fallback}',
      'E=',
      'A=2',
    ].join('\n');
    const plan = planImport(text, 'kubernetes', { HOME: '/root' });
    assert.deepEqual(plan.errors, []);
    assert.deepEqual([...plan.values], [['A', '2'], ['v3io_lower', 'kept'], ['B', '1-x'], ['C', '1'], ['D', 'fallback']]);
    assert.deepEqual(plan.dropped, ['MLRUN_DBPATH', 'V3IO_ACCESS_KEY']);
    assert.deepEqual(plan.empty, ['E']);
  });

  it('falls back to the environment for ${VAR}, as python-dotenv does', () => {
    assert.equal(planImport('TOKEN=${FROM_ENV}', 'local', { FROM_ENV: 'env-value' }).values.get('TOKEN'), 'env-value');
  });

  it('refuses a file with a line without "=" (MLRun refuses it), naming the line', () => {
    const plan = planImport('A=1\nLONELY\n', 'local', {});
    assert.equal(plan.errors.length, 1);
    assert.match(plan.errors[0]!, /^Line 2: "LONELY" has no "="/);
  });

  it('refuses keys the target cannot hold, and Key Vault names for a vault', () => {
    assert.match(planImport('mlrun.internal=1', 'local', {}).errors[0]!, /reserved for MLRun/);
    assert.match(planImport('DB_PASSWORD=1', 'azure', {}).errors[0]!, /a vault cannot hold it/);
    assert.deepEqual([...planImport('DB-PASSWORD=1', 'azure', {}).values.keys()], ['DB-PASSWORD']);
  });

  it('says when nothing would be imported', () => {
    assert.match(planImport('MLRUN_DBPATH=x\nE=\n', 'local', {}).errors[0]!, /no key to import/);
    assert.match(planImport('# only a comment\n', 'local', {}).errors[0]!, /no KEY=value line/);
  });

  it('the drop rule is case-sensitive, like MLRun\'s', () => {
    assert.equal(isDroppedByMlrun('V3IO_USERNAME'), true);
    assert.equal(isDroppedByMlrun('MLRUN_DBPATH'), true);
    assert.equal(isDroppedByMlrun('v3io_username'), false);
    assert.equal(isDroppedByMlrun('MLRUN_DBPATH2'), false);
  });

  it('keeps values out of errors', () => {
    const plan = planImport('OK=1\nmlrun.internal=canary-value-123\nEMPTYISH\n', 'local', {});
    assert.equal(plan.errors.length, 2);
    assert.ok(!plan.errors.join(' ').includes('canary-value-123'));
  });
});
