/**
 * client/src has no import cycle (type-only imports included): the context, the tree and the services sit in
 * layers — services.ts below both ctx.ts and tree/*, which do not import each other's way back.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../../..');
const client = path.join(root, 'client/src');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)[^;]*?from '(\.[^']+)'/gms)) {
    const target = path.resolve(path.dirname(file), m[1]!);
    const hit = [`${target}.ts`, path.join(target, 'index.ts')].find(f => fs.existsSync(f));
    if (hit && hit.startsWith(client)) out.push(hit);
  }
  return out;
}

describe('client import graph', () => {
  it('has no cycle', () => {
    const graph = new Map(files(client).map(f => [f, importsOf(f)]));
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string): void => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        const cycle = stack.slice(stack.indexOf(f)).concat(f).map(p => path.relative(client, p));
        assert.fail(`import cycle: ${cycle.join(' → ')}`);
      }
      state.set(f, 'open');
      stack.push(f);
      for (const d of graph.get(f) ?? []) visit(d);
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of graph.keys()) visit(f);
    assert.ok(graph.size > 100, `${graph.size} modules read`);
  });
});
