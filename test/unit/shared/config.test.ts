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

  it('settings override rules per rule and add excludes', () => {
    const merged = mergeConfig({ rules: { MLS001: 'error', MLS005: 'off' }, exclude: ['a'] }, { rules: { MLS005: 'hint' }, exclude: ['b'] });
    assert.deepEqual(merged, { rules: { MLS001: 'error', MLS005: 'hint' }, exclude: ['a', 'b'] });
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
