/**
 * The typed ids of shared/src/ids.ts against the manifest and the code: every contributed command has exactly one
 * registration and every registration is contributed; `when` clauses name only context keys the code sets, and
 * the code sets them only through the table. (The extension-host suite checks VS Code's list of registered
 * commands against the same table.)
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Commands, ContextKeys, Views } from '../../../shared/src/ids';
import { Commands as ProtocolCommands } from '../../../shared/src/protocol';

const root = path.resolve(__dirname, '../../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const commandIds = new Set<string>(Object.values(Commands));

function sources(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (e.name.endsWith('.ts')) out.push({ file: path.relative(root, p), text: fs.readFileSync(p, 'utf8') });
  }
  return out;
}

/** Every `when` clause of the manifest. */
function whenClauses(): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'when' && typeof x === 'string') out.push(x);
        else walk(x);
      }
    }
  };
  walk(pkg.contributes);
  return out;
}

describe('command ids and context keys (shared/src/ids.ts)', () => {
  it('the table holds exactly the contributed commands', () => {
    const contributed = (pkg.contributes.commands as { command: string }[]).map(c => c.command).sort();
    assert.deepEqual([...commandIds].sort(), contributed);
    for (const id of Object.values(ProtocolCommands)) assert.ok(commandIds.has(id), `protocol command ${id}`);
  });

  it('every command has exactly one registration among the command modules, and nothing else is registered', () => {
    const files = sources(path.join(root, 'client/src/commands'));
    const registered = new Map<string, string[]>();
    for (const { file, text } of files) {
      for (const m of text.matchAll(/^\s+id: (?:Commands\.(\w+)|'(mlrunSecrets\.\w+)'),$/gm)) {
        const id = m[1] ? (Commands as Record<string, string>)[m[1]] : m[2]!;
        assert.ok(id, `${file}: unknown Commands.${m[1]}`);
        registered.set(id, [...(registered.get(id) ?? []), file]);
      }
    }
    for (const id of commandIds) assert.equal(registered.get(id)?.length, 1, `${id}: registered in ${registered.get(id)?.join(', ') ?? 'no module'}`);
    for (const id of registered.keys()) assert.ok(commandIds.has(id), `${id} is registered but not contributed`);
    // And index.ts registers every factory module that declares one.
    const index = fs.readFileSync(path.join(root, 'client/src/commands/index.ts'), 'utf8');
    for (const files of registered.values()) {
      const name = path.basename(files[0]!, '.ts');
      assert.match(index, new RegExp(`^  ${name},$`, 'm'), `${name} is not in FACTORIES`);
    }
  });

  it('command links and completion events of the manifest name contributed commands', () => {
    const text = JSON.stringify(pkg.contributes);
    for (const m of text.matchAll(/(?:command:|onCommand:)(mlrunSecrets\.\w+)/g)) assert.ok(commandIds.has(m[1]!), m[0]);
  });

  it('when clauses name only context keys the code sets, and each key is used', () => {
    const keys = new Set<string>(Object.values(ContextKeys));
    const used = new Set<string>();
    for (const clause of whenClauses()) {
      // viewItem patterns (=~ /…/) and `view == id` name tree items and views, not context keys.
      const bare = clause.replace(/=~\s*\/(?:\\\/|[^/])*\//g, '').replace(/\b(?:view|viewItem|focusedView)\s*==\s*[\w.]+/g, '');
      for (const m of bare.matchAll(/mlrunSecrets\.\w+/g)) {
        assert.ok(keys.has(m[0]), `"${clause}" names ${m[0]}, which the code never sets`);
        used.add(m[0]);
      }
    }
    assert.deepEqual([...keys].filter(k => !used.has(k)), [], 'context keys no when clause reads');
    assert.equal(pkg.contributes.views[Views.container][0].id, Views.secrets);
  });

  it('the client sets context keys and runs its commands through the table, never by literal', () => {
    for (const { file, text } of sources(path.join(root, 'client/src'))) {
      assert.doesNotMatch(text, /'setContext',\s*'/, `${file}: setContext with a literal key`);
      assert.doesNotMatch(text, /executeCommand(?:<[^>]*>)?\('mlrunSecrets\./, `${file}: executeCommand with a literal id`);
    }
  });
});
