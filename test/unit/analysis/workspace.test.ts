/**
 * The workspace module index: names imported from the workspace's own modules are resolved and folded there,
 * cached per module stamp, dropped with their importers when a module changes; other libraries are not MLRun.
 */
import assert from 'node:assert/strict';
import { analyzeText } from '../../../server/src/analysis/analyzeFile';
import type { Finding } from '../../../server/src/analysis/findings';
import { initPython } from '../../../server/src/analysis/parser';
import { ModuleIndex } from '../../../server/src/analysis/workspace/moduleIndex';

const CANARY = 'CANARY-5c1d-imported';

function workspace(files: Record<string, string>): { index: ModuleIndex; reads: string[]; files: Record<string, string>; stamps: Record<string, number> } {
  const reads: string[] = [];
  const stamps: Record<string, number> = {};
  const index = new ModuleIndex(p => {
    reads.push(p);
    return files[p] === undefined ? undefined : { text: files[p], stamp: String(stamps[p] ?? 0) };
  });
  return { index, reads, files, stamps };
}

function analyse(index: ModuleIndex, path: string, text: string): Finding[] {
  return analyzeText('python', text, { imports: index.hookFor(path, ['/w']) }).findings;
}

function summary(text: string, fs: Finding[]): string[] {
  return fs.map(f => `${f.rule}:${text.slice(f.span.s, f.span.e)}`);
}

describe('workspace module index', () => {
  before(() => initPython());

  it('follows relative, absolute and package imports, folding in the other module, and names it', () => {
    const ws = workspace({
      '/w/pkg/__init__.py': '',
      '/w/pkg/settings.py': `PREFIX = "in"\nKIND = PREFIX + "line"\nSOURCE = {"DB_PASSWORD": "${CANARY}"}\nclass Config:\n    KIND = "env"\n`,
      '/w/pkg/more.py': 'from .settings import KIND as INLINE\n',
    });
    const text = [
      'import mlrun',
      'from .settings import KIND, SOURCE',
      'from . import settings',
      'from pkg.more import INLINE',
      'from pkg.settings import Config',
      'task = mlrun.new_task()',
      'task.with_secrets(KIND, SOURCE)',
      'task.with_secrets(settings.KIND, {})',
      'task.with_secrets(INLINE, {})',
      'task.with_secrets(Config.KIND, "A")',
    ].join('\n');
    const fs = analyse(ws.index, '/w/pkg/job.py', text);
    assert.deepEqual(summary(text, fs), ['MLS001:with_secrets', 'MLS003:SOURCE', 'MLS001:with_secrets', 'MLS001:with_secrets', 'MLS001:with_secrets']);
    assert.match(fs[1].message, /written in the code of settings\.py/);
    assert.ok(!JSON.stringify(fs).includes(CANARY), 'no value in findings');
  });

  it('knows that objects from other modules and libraries are not MLRun\'s', () => {
    const ws = workspace({
      '/w/streams.py': 'class EventStream:\n    def set_secrets(self, s):\n        pass\nstream = EventStream()\n',
      '/w/projects.py': 'import mlrun\nproject = mlrun.get_or_create_project("demo")\n',
    });
    const text = 'import mlrun\nfrom streams import stream\nfrom projects import project as handle\nfrom kafka import KafkaAdmin\nstream.set_secrets({"A": "x"})\nKafkaAdmin().set_secrets({"A": "x"})\nhandle.set_secrets(file_path="s.env")\n';
    assert.deepEqual(summary(text, analyse(ws.index, '/w/job.py', text)), ['MLS002:set_secrets']);
  });

  it('keeps answers until a module changes, then drops them with every importer', () => {
    const ws = workspace({ '/w/a.py': 'KIND = "env"\n', '/w/b.py': 'from a import KIND\n' });
    const text = 'import mlrun\nfrom b import KIND\nmlrun.new_task().with_secrets(KIND, "A")\n';
    assert.equal(analyse(ws.index, '/w/job.py', text).length, 1);
    const reads = ws.reads.length;
    assert.equal(analyse(ws.index, '/w/job.py', text).length, 1);
    assert.ok(ws.reads.length - reads <= 2, 'cached answers: the modules are only checked for changes');
    ws.files['/w/a.py'] = 'KIND = "kubernetes"\n';
    ws.stamps['/w/a.py'] = 1;
    const changed: string[] = [];
    ws.index.hookFor('/w/a.py', ['/w'], '1', p => changed.push(...p));
    ws.index.hookFor('/w/a.py', ['/w'], '2', p => changed.push(...p));
    assert.deepEqual(changed.sort(), ['/w/b.py', '/w/job.py']);
    assert.equal(analyse(ws.index, '/w/job.py', text).length, 0);
  });

  it('stops at import cycles and at modules it cannot find', () => {
    const ws = workspace({ '/w/a.py': 'from b import X\n', '/w/b.py': 'from a import X\n' });
    const text = 'import mlrun\nfrom a import X\nfrom .missing import KIND\nmlrun.new_task().with_secrets(X, "A")\nmlrun.new_task().with_secrets(KIND, "A")\nmlrun.new_task().with_secrets("env", "A")\n';
    assert.deepEqual(summary(text, analyse(ws.index, '/w/job.py', text)), ['MLS001:with_secrets']);
  });
});
