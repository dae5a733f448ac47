/** package.json's contributes.configuration must match shared/src/settings.ts (the typed settings table). */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SECTION, SETTINGS } from '../../../shared/src/settings';

const root = path.resolve(__dirname, '../../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const contributed: Record<string, { scope?: string; default?: unknown }> = pkg.contributes.configuration.properties;

describe('settings table vs package.json', () => {
  it('declares exactly the settings of shared/src/settings.ts', () => {
    const fromTable = Object.keys(SETTINGS).map(k => `${SECTION}.${k}`).sort();
    assert.deepEqual(Object.keys(contributed).sort(), fromTable);
  });

  for (const [key, meta] of Object.entries(SETTINGS)) {
    it(`${key}: same scope and default`, () => {
      const c = contributed[`${SECTION}.${key}`];
      assert.ok(c, `missing ${SECTION}.${key}`);
      assert.equal(c.scope, meta.scope);
      assert.deepEqual(c.default, meta.default);
    });
  }

  it('never lets a workspace set what names an endpoint, kubeconfig, context, namespace, interpreter, image or command', () => {
    const sensitive = /endpoint|kubeconfig|context|namespace|python|image|command|caFile|vault|authority|credential|backend|projectSecretName/i;
    for (const [key, c] of Object.entries(contributed)) {
      if (sensitive.test(key)) assert.ok(c.scope === 'machine' || c.scope === 'application', `${key} has scope ${c.scope}`);
    }
  });

  it('lists every machine-scoped setting in untrustedWorkspaces.restrictedConfigurations', () => {
    const restricted: string[] = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;
    for (const [key, c] of Object.entries(contributed)) {
      if (c.scope === 'machine' && !/ttlSeconds/.test(key)) assert.ok(restricted.includes(key), `${key} is not restricted`);
    }
  });
});

describe('manifest', () => {
  const commands: { command: string; title: string; category?: string }[] = pkg.contributes.commands;

  it('puts every command in the "MLRun Secrets" category with an id mlrunSecrets.<verb><Object>', () => {
    for (const c of commands) {
      assert.equal(c.category, 'MLRun Secrets', c.command);
      assert.match(c.command, /^mlrunSecrets\.[a-z][A-Za-z]*$/);
    }
  });

  it('menus only name contributed commands', () => {
    const ids = new Set(commands.map(c => c.command));
    for (const [menu, items] of Object.entries(pkg.contributes.menus as Record<string, { command: string }[]>)) {
      for (const item of items) assert.ok(ids.has(item.command) || item.command.startsWith('workbench.'), `${menu}: ${item.command}`);
    }
  });

  it('has the view container and view the README names, a walkthrough whose media exist, and limited untrusted support', () => {
    assert.equal(pkg.contributes.viewsContainers.activitybar[0].id, 'mlrunSecrets');
    assert.ok(fs.existsSync(path.join(root, pkg.contributes.viewsContainers.activitybar[0].icon)));
    assert.equal(pkg.contributes.views.mlrunSecrets[0].id, 'mlrunSecrets.secrets');
    for (const step of pkg.contributes.walkthroughs[0].steps) {
      assert.ok(fs.existsSync(path.join(root, step.media.markdown)), step.media.markdown);
    }
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.equal(pkg.main, './dist/extension.js');
    assert.equal(pkg.bin['mlrun-secrets-lint'], 'dist/cli.js');
  });

  it('pins every dependency to an exact version', () => {
    for (const [name, v] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies } as Record<string, string>)) {
      assert.match(v, /^\d+\.\d+\.\d+$/, `${name}@${v}`);
    }
  });
});
