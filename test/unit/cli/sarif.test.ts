/**
 * SARIF output validated by Microsoft's SARIF Multitool (`validate --rule-kind "Sarif;Gh"`, GitHub code-scanning
 * rules included). The .NET binary is spawned directly with an argument array (node_modules/.bin's wrapper runs it
 * through a shell, which would split "Sarif;Gh").
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir, writeTree } from '../../util/paths';
import { runCli } from './runCli';
import { RULE_IDS } from '../../../shared/src/rules';

interface SarifLog {
  runs: {
    tool: { driver: { name: string; rules: { id: string; helpUri: string }[] } };
    results: { ruleId: string; level?: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[]; properties?: Record<string, unknown> }[];
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; associatedRule: { id: string } }[] }[];
  }[];
}

function multitool(): string {
  return require('@microsoft/sarif-multitool') as string;
}

describe('SARIF output', function () {
  this.timeout(120_000);
  let tmp: ReturnType<typeof tempDir>;
  before(() => {
    tmp = tempDir();
    writeTree(tmp.dir, {
      'job.py': 'task.with_secrets("inline", {"PW": "x"})\nproject.set_secrets(file_path="s.env")\ndef h(context):\n    context.get_secret("K")\nfn.run(local=True)\ntask.with_secrets("azure_vault", {"name": "v"})\n',
      'my dir/nb.ipynb': JSON.stringify({ cells: [{ cell_type: 'code', metadata: {}, source: ['import mlrun\n', 'task.with_secrets("env", "A")\n'] }], metadata: {} }),
      'suppressed.py': 'task.with_secrets("env", "A")  # mlrun-secrets: ignore[MLS001]\n',
    });
    // A file that is not analysed: an MLS012 result and a tool execution notification.
    fs.symlinkSync('/dev/zero', path.join(tmp.dir, 'zero.py'));
  });
  after(() => tmp.remove());

  it('is SARIF 2.1.0 with every rule, and results for files and notebook cells', () => {
    const r = runCli(['--format', 'sarif', '--min-severity', 'hint'], tmp.dir);
    assert.equal(r.code, 1, r.stderr);
    const log = JSON.parse(r.stdout) as SarifLog;
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'mlrun-secrets-lint');
    assert.deepEqual(run.tool.driver.rules.map(x => x.id), RULE_IDS);
    assert.ok(run.results.some(x => x.ruleId === 'MLS000' && x.level === 'note'));
    const nb = run.results.find(x => x.locations[0].physicalLocation.artifactLocation.uri === 'my%20dir/nb.ipynb')!;
    assert.deepEqual(nb.properties, { cell: 0, cellLine: 2 });
    assert.ok(nb.locations[0].physicalLocation.region.startLine > 0 && !('startColumn' in nb.locations[0].physicalLocation.region));
    assert.ok(run.results.some(x => x.ruleId === 'MLS012' && x.locations[0].physicalLocation.artifactLocation.uri === 'zero.py'));
    // Notifications name skipped files even when --min-severity filters their MLS012 results out.
    const quiet = (JSON.parse(runCli(['--format', 'sarif'], tmp.dir).stdout) as SarifLog).runs[0];
    assert.ok(!quiet.results.some(x => x.ruleId === 'MLS012'));
    assert.deepEqual(quiet.invocations[0].toolExecutionNotifications.map(n => [n.level, n.message.text, n.locations[0].physicalLocation.artifactLocation.uri, n.associatedRule.id]),
      [['warning', `Not analysed: a symbolic link to /dev/zero, outside ${tmp.dir} (not followed).`, 'zero.py', 'MLS012']]);
  });

  it('validates with @microsoft/sarif-multitool (Sarif;Gh rules): no errors', function () {
    const bin = multitool();
    if (!fs.existsSync(bin)) this.skip();
    const sarif = path.join(tmp.dir, 'out.sarif');
    const validation = path.join(tmp.dir, 'validation.sarif');
    const r = runCli(['--format', 'sarif', '--min-severity', 'hint', '--output', sarif], tmp.dir);
    assert.equal(r.code, 1, r.stderr);
    const v = spawnSync(bin, ['validate', '--rule-kind', 'Sarif;Gh', '--output', validation, sarif], { encoding: 'utf8' });
    assert.equal(v.status, 0, `${v.stdout}\n${v.stderr}`);
    const out = JSON.parse(fs.readFileSync(validation, 'utf8')) as SarifLog;
    // SARIF's default level is "warning": a result without one counts as a warning.
    const problems = out.runs.flatMap(run => run.results ?? []).filter(x => (x.level ?? 'warning') === 'error' || (x.level ?? 'warning') === 'warning');
    assert.deepEqual(problems.map(p => `${p.level} ${p.ruleId}: ${p.message.text}`), []);
  });
});
