import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { configFromValue, effectiveSeverity, mergeConfig, parseConfig } from '../../../shared/src/config';
import { RULE_IDS } from '../../../shared/src/rules';
import { repoPath } from '../../util/paths';

describe('.mlrun-secrets.json', () => {
  it('reads rules and excludes', () => {
    const r = parseConfig('{"$schema": "x", "rules": {"MLS005": "off", "mls001": "error"}, "exclude": ["tests/**"]}');
    assert.deepEqual(r, { config: { rules: { MLS005: 'off', MLS001: 'error' }, exclude: ['tests/**'] }, errors: [] });
  });

  it('explains every problem and keeps the valid entries', () => {
    const r = parseConfig('{"rules": {"MLS999": "error", "MLS002": "loud", "MLS003": "hint"}, "exclude": ["ok", 3], "extra": 1}', 'cfg.json');
    assert.deepEqual(r.config, { rules: { MLS003: 'hint' }, exclude: ['ok'] });
    assert.equal(r.errors.length, 4);
    assert.match(r.errors.join('\n'), /cfg\.json: unknown rule "MLS999"/);
    assert.match(r.errors.join('\n'), /rule MLS002 has severity "loud"/);
    assert.match(r.errors.join('\n'), /"exclude"\[1\] must be a non-empty string/);
    assert.match(r.errors.join('\n'), /unknown setting "extra"/);
    assert.match(parseConfig('{oops').errors[0], /not valid JSON/);
    assert.match(configFromValue([]).errors[0], /expected a JSON object/);
  });

  it('reads maxFileSize, refuses bad values and over-long excludes, and never quotes the file in a JSON error', () => {
    assert.deepEqual(parseConfig('{"maxFileSize": 1048576}').config, { rules: {}, exclude: [], maxFileSize: 1048576 });
    for (const bad of ['0', '1.5', '"8M"', String(512 * 1024 * 1024)]) {
      assert.match(parseConfig(`{"maxFileSize": ${bad}}`, 'c.json').errors[0], /^c\.json: "maxFileSize" must be a whole number of bytes from 1 to 268435456/);
    }
    assert.match(parseConfig(JSON.stringify({ exclude: ['x'.repeat(5000)] })).errors[0], /"exclude"\[0\] is a pattern of 5000 characters, longer than the limit of 4096\./);
    const canary = 'CANARY-cfg-3c1f';
    for (const text of [`{"a": ${canary}}`, `{"a":\n  1,}${canary}`, `{"${canary}": tru`]) {
      const [e] = parseConfig(text, 'c.json').errors;
      assert.match(e, /^c\.json: not valid JSON/);
      assert.ok(!e.includes(canary) && !e.includes('CANARY'), e);
    }
    assert.equal(parseConfig('{\n  "a": 1,\n}', 'c.json').errors[0], 'c.json: not valid JSON: expected double-quoted property name at line 3, column 1.');
  });

  it('settings override rules per rule and add excludes', () => {
    const merged = mergeConfig({ rules: { MLS001: 'error', MLS005: 'off' }, exclude: ['a'] }, { rules: { MLS005: 'hint' }, exclude: ['b'] });
    assert.deepEqual(merged, { rules: { MLS001: 'error', MLS005: 'hint' }, exclude: ['a', 'b'] });
    assert.equal(mergeConfig({ ...merged, maxFileSize: 10 }, { maxFileSize: 20 }).maxFileSize, 20);
    assert.equal(mergeConfig({ ...merged, maxFileSize: 10 }, {}).maxFileSize, 10);
    assert.equal(effectiveSeverity('MLS002', 'error', merged), 'error');
    assert.equal(effectiveSeverity('MLS005', 'information', merged), 'hint');
  });

  it('the JSON schema names every rule and the same severities', () => {
    const schema = JSON.parse(fs.readFileSync(repoPath('media', 'mlrun-secrets.schema.json'), 'utf8'));
    assert.deepEqual(Object.keys(schema.properties.rules.properties).sort(), [...RULE_IDS].sort());
    assert.equal(schema.additionalProperties, false);
    for (const id of RULE_IDS) assert.deepEqual(schema.properties.rules.properties[id].enum, ['error', 'warning', 'information', 'hint', 'off']);
  });
});
