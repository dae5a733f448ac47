import assert from 'node:assert/strict';
import { EMPTY_CONFIG } from '../../../shared/src/config';
import { analyzeText } from '../../../server/src/analysis/analyzeFile';
import { applyConfig } from '../../../server/src/analysis/configure';
import type { Finding, Fix } from '../../../server/src/analysis/findings';
import { initPython } from '../../../server/src/analysis/parser';

const CANARY = 'CANARY-7f1e2d-do-not-print';

function py(text: string, keys?: string[]): Finding[] {
  return analyzeText('python', text, keys ? { project: { project: 'demo', backend: 'kubernetes', keys: new Set(keys) } } : {}).findings;
}

function slice(text: string, f: { span: { s: number; e: number } }): string {
  return text.slice(f.span.s, f.span.e);
}

function apply(text: string, edits: { span: { s: number; e: number }; text: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.s - a.span.s)) out = out.slice(0, e.span.s) + e.text + out.slice(e.span.e);
  return out;
}

describe('rules: positions, messages, severities and fixes', () => {
  before(() => initPython());

  it('puts MLS001/MLS002 on the method name, MLS003 on the literal with the call as related', () => {
    const text = `import mlrun\nproject.set_secrets({"TOKEN": "${CANARY}"})\ntask.with_secrets("inline", {"PW": "${CANARY}"})\n`;
    const fs = py(text);
    assert.deepEqual(fs.map(f => [f.rule, slice(text, f)]), [
      ['MLS002', 'set_secrets'], ['MLS003', `"${CANARY}"`], ['MLS001', 'with_secrets'], ['MLS003', `"${CANARY}"`],
    ]);
    assert.equal(fs[0].severity, 'error');
    assert.deepEqual(fs[1].related.map(r => slice(text, r)), ['set_secrets']);
    assert.deepEqual(fs[3].related.map(r => slice(text, r)), ['with_secrets']);
  });

  it('never puts a secret value into a message, related message or fix title', () => {
    const text = [
      'import mlrun',
      `project.set_secrets({"TOKEN": "${CANARY}"})`,
      `task.with_secrets("inline", {"PW": "${CANARY}"})`,
      `task.with_secrets("inline", "{'PW': '${CANARY}'}")`,
      `pw = "${CANARY}"`,
      'project.set_secrets({"PW": pw})',
      `task.with_secrets("azure_vault", {"name": "${CANARY}", "secrets": "x"})`,
    ].join('\n');
    const fs = py(text);
    assert.ok(fs.length >= 8);
    const words = JSON.stringify(fs.map(f => [f.message, f.related.map(r => r.message), f.fixes.map(x => x.title), f.fixes.map(x => x.kind === 'storeLiterals' ? x.literals.map(l => l.key) : [])]));
    assert.ok(!words.includes(CANARY), words);
  });

  it('MLS001 inline with a literal dict: store the literals (ranges only) and rewrite to kubernetes', () => {
    const text = `task.with_secrets('inline', {'DB_PASSWORD': '${CANARY}', 'API_TOKEN': 'x'})\n`;
    const f = py(text).find(x => x.rule === 'MLS001')!;
    const fix = f.fixes[0] as Extract<Fix, { kind: 'storeLiterals' }>;
    assert.equal(fix.kind, 'storeLiterals');
    assert.deepEqual(fix.literals.map(l => [l.key, slice(text, l)]), [['DB_PASSWORD', `'${CANARY}'`], ['API_TOKEN', "'x'"]]);
    assert.equal(apply(text, fix.rewrite), "task.with_secrets('kubernetes', ['DB_PASSWORD', 'API_TOKEN'])\n");
  });

  it('MLS001 offers no store fix when a value is not a literal or a key is invalid', () => {
    assert.deepEqual(py('task.with_secrets("inline", {"A": "x", "B": os.environ["B"]})\n').find(x => x.rule === 'MLS001')!.fixes, []);
    assert.deepEqual(py('task.with_secrets("inline", {"not valid": "x"})\n').find(x => x.rule === 'MLS001')!.fixes, []);
    assert.deepEqual(py('src = {"A": "x"}\ntask.with_secrets("inline", src)\n').find(x => x.rule === 'MLS001')!.fixes, []);
  });

  it('MLS001 env and file: switch to the kubernetes provider', () => {
    const env = 'task.with_secrets("env", "DB_PASSWORD, API_TOKEN")\n';
    const fe = py(env)[0].fixes[0] as Extract<Fix, { kind: 'edit' }>;
    assert.match(fe.title, /DB_PASSWORD, API_TOKEN/);
    assert.equal(apply(env, fe.edits), 'task.with_secrets("kubernetes", ["DB_PASSWORD", "API_TOKEN"])\n');
    const file = 'task.with_secrets(kind="file", source="secrets.env")\n';
    const ff = py(file)[0].fixes[0] as Extract<Fix, { kind: 'edit' }>;
    assert.equal(apply(file, ff.edits), 'task.with_secrets("kubernetes", [])\n');
  });

  it('MLS002: store the literals and remove the call (whole lines; pass when alone in a block)', () => {
    const text = `import mlrun\ndef setup(project):\n    project.set_secrets({"A": "${CANARY}"})  # once\n\n\nproject.set_secrets(\n    {"B": "y"},\n)\nx = 1\n`;
    const [inFn, top] = py(text).filter(f => f.rule === 'MLS002');
    const a = inFn.fixes[0] as Extract<Fix, { kind: 'storeLiterals' }>;
    assert.equal(apply(text, a.rewrite), 'import mlrun\ndef setup(project):\n    pass  # once\n\n\nproject.set_secrets(\n    {"B": "y"},\n)\nx = 1\n');
    const b = top.fixes[0] as Extract<Fix, { kind: 'storeLiterals' }>;
    assert.equal(apply(text, b.rewrite), `import mlrun\ndef setup(project):\n    project.set_secrets({"A": "${CANARY}"})  # once\n\n\nx = 1\n`);
    assert.deepEqual(b.literals.map(l => l.key), ['B']);
    const shared = 'import mlrun\nx = 1; project.set_secrets({"A": "v"}); y = 2\n';
    const c = py(shared).find(f => f.rule === 'MLS002')!.fixes[0] as Extract<Fix, { kind: 'storeLiterals' }>;
    assert.equal(apply(shared, c.rewrite), 'import mlrun\nx = 1; y = 2\n');
  });

  it('MLS002 is a warning without literal values and offers no store fix then', () => {
    const f = py('import mlrun\nproject.set_secrets(secrets={"A": os.environ["A"]})\n')[0];
    assert.equal(f.rule, 'MLS002');
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.fixes, []);
  });

  it('MLS004 names the project and suggests a key that differs only in case', () => {
    const f = py('context.get_secret("db_password")\n', ['DB_PASSWORD'])[0];
    assert.equal(f.rule, 'MLS004');
    assert.match(f.message, /"db_password" is not a secret of project "demo" \(kubernetes\)\. Did you mean "DB_PASSWORD"\?/);
    assert.deepEqual(py('context.get_secret("X")\n'), [], 'silent while keys are unknown');
  });

  it('MLS005 sits on local=True and points at the read that relies on project secrets', () => {
    const text = 'def h(context):\n    context.get_secret("DB_PASSWORD")\nfn.run(local=True)\n';
    const f = py(text).find(x => x.rule === 'MLS005')!;
    assert.equal(slice(text, f), 'local=True');
    assert.equal(f.severity, 'information');
    assert.deepEqual(f.related.map(r => slice(text, r)), ['get_secret']);
    assert.match(f.message, /get_secret_or_env\("DB_PASSWORD"\)/);
  });

  it('MLS006: error for the structure, information for a missing k8s_secret, on the source argument', () => {
    const text = 'task.with_secrets("azure_vault", {"name": "v", "secrets": "A"})\n';
    const fs = py(text);
    assert.deepEqual(fs.map(f => [f.rule, f.severity, slice(text, f)]), [
      ['MLS006', 'error', '{"name": "v", "secrets": "A"}'], ['MLS006', 'information', '{"name": "v", "secrets": "A"}'],
    ]);
    assert.match(fs[0].message, /"secrets" is a string/);
  });

  it('MLS007 asks about the paths it needs and reports tracked and not-ignored files', () => {
    const text = 'import mlrun\ntask.with_secrets("file", "a.env")\nproject.set_secrets(file_path="b.env")\n';
    const asked: string[] = [];
    const r = analyzeText('python', text, { fileFact: p => { asked.push(p); return p === 'a.env' ? { exists: true, trackedByGit: true, ignoredByGit: true } : { exists: true, trackedByGit: false, ignoredByGit: false }; } });
    assert.deepEqual(r.askedPaths.sort(), ['a.env', 'b.env']);
    const m7 = r.findings.filter(f => f.rule === 'MLS007');
    assert.equal(m7.length, 2);
    assert.match(m7[0].message, /tracked by git even though \.gitignore lists it/);
    assert.match(m7[1].message, /not ignored by git/);
  });

  it('applies configured severities and "off"', () => {
    const fs = py('import mlrun\ntask.with_secrets("env", "A")\nproject.set_secrets({"A": "x"})\n');
    const out = applyConfig(fs, { rules: { MLS001: 'error', MLS003: 'off' }, exclude: [] });
    assert.deepEqual(out.map(f => [f.rule, f.severity]), [['MLS001', 'error'], ['MLS002', 'error']]);
    assert.deepEqual(applyConfig(fs, EMPTY_CONFIG), fs);
  });

  it('resolves module-level names across top-level statements, with later updates', () => {
    const text = 'CREDS = {}\nimport os, mlrun\nCREDS["A"] = "x"\nCREDS.update(B="y")\ndef f():\n    pass\nproject.set_secrets(CREDS)\nCREDS["C"] = "after"\n';
    const m3 = py(text).filter(f => f.rule === 'MLS003').map(f => slice(text, f));
    assert.deepEqual(m3, ['"x"', '"y"']);
  });

  it('functions read module-level names they do not assign', () => {
    const text = 'import mlrun\nTOKEN = "abc"\ndef f(project):\n    project.set_secrets({"T": TOKEN})\n';
    assert.deepEqual(py(text).filter(f => f.rule === 'MLS003').map(f => slice(text, f)), ['"abc"']);
  });

  it('reports a literal once even when it reaches several calls, with each call as related', () => {
    const text = 'import mlrun\ncreds = {"A": "x"}\ntask.with_secrets("inline", creds)\nproject.set_secrets(creds)\n';
    const m3 = py(text).filter(f => f.rule === 'MLS003');
    assert.equal(m3.length, 1);
    assert.deepEqual(m3[0].related.map(r => slice(text, r)), ['with_secrets', 'set_secrets']);
  });
});
