// The `$feature_flag_called` builder writes its properties' JSON as it sets them; the text must be
// exactly what JSON.stringify makes of the properties, for every shape a resolution can take.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flagCalledEvent, flagCalledPropertiesText } from '../../src/flags/flag-called-event.js';
import type { Resolution } from '../../src/flags/resolution.js';

const base: Resolution = { key: 'flag', value: true, payload: undefined, reason: undefined, locallyEvaluated: true, minimalEvents: false, errors: [] };

const shapes: Array<[string, Partial<Resolution>]> = [
  ['a local boolean', { id: 7, reason: { code: 'condition_match', description: 'Matched condition set 1' }, evaluatedAt: 1796181798141, definitionsLoadedAt: 1796181798139 }],
  ['a local variant with an experiment', { value: 'test-b', id: 10036, hasExperiment: true, evaluatedAt: 1, definitionsLoadedAt: 0 }],
  ['false, no metadata', { value: false }],
  ['no value, with errors', { value: undefined, errors: ['errors_while_computing_flags', 'flag_missing'] }],
  ['a remote answer', { locallyEvaluated: false, id: 3, version: 12, requestId: 'req-"1"', evaluatedAt: 1796181798000, hasExperiment: false }],
  ['minimal (gate on, no experiment)', { minimalEvents: true, hasExperiment: false, value: 'v', definitionsLoadedAt: 5, id: 2 }],
  ['minimal gate with an experiment', { minimalEvents: true, hasExperiment: true, value: 'v', definitionsLoadedAt: 5 }],
  ['keys and texts that need escapes', { key: 'a"b\\c\u2028d\u0001é😀', value: 'x"\n\ty', reason: { code: 'x', description: 'line\nbreak "quoted" \ud800 lone' } }],
  ['numbers of every form', { id: -0, version: 1e21, evaluatedAt: 0.5, definitionsLoadedAt: Number.NaN }],
  ['an empty key and value', { key: '', value: '' }],
];

describe('flagCalledEvent', () => {
  for (const [name, shape] of shapes) {
    it(`${name}: the written text, closed with its brace, is JSON.stringify of the properties`, () => {
      const r = { ...base, ...shape };
      const { message } = flagCalledEvent('user-1', r, { company: 'c' }, undefined);
      assert.equal(`${flagCalledPropertiesText(r)}}`, JSON.stringify(message.properties));
    });
  }

  it('minimal events drop $feature/<key> and the definitions time, in the text too', () => {
    const r = { ...base, minimalEvents: true, hasExperiment: false, definitionsLoadedAt: 5 };
    const { message, minimal } = flagCalledEvent('u', r, undefined, undefined);
    const openPropertiesJson = flagCalledPropertiesText(r);
    assert.equal(minimal, true);
    assert.equal('$feature/flag' in (message.properties ?? {}), false);
    assert.equal(openPropertiesJson.includes('definitions_loaded_at'), false);
  });

  it('groups and disableGeoip go on the message, not in the properties', () => {
    const { message } = flagCalledEvent('u', base, { company: 'c' }, true);
    const openPropertiesJson = flagCalledPropertiesText(base);
    assert.deepEqual(message.groups, { company: 'c' });
    assert.equal(message.disableGeoip, true);
    assert.equal(openPropertiesJson.includes('company'), false);
    assert.equal(flagCalledEvent('u', base, {}, undefined).message.groups, undefined, 'an empty map is no groups');
  });
});

describe('flagCalledPropertiesText, kept per flag and outcome', () => {
  it('stays JSON.stringify of the properties as outcomes of one flag repeat, change, and outnumber what is kept', () => {
    const reasons = [undefined, { code: 'condition_match', description: 'Matched condition set 1' }, { code: 'out_of_rollout', description: 'out' }];
    const values: Array<Resolution['value']> = [true, false, 'a', 'b', 'c', 'd', 'e', undefined];
    let checked = 0;
    for (let round = 0; round < 3; round++) {
      for (const value of values) {
        for (const reason of reasons) {
          for (const shape of [{}, { hasExperiment: true }, { hasExperiment: false }, { id: 9, version: 2 }, { definitionsLoadedAt: Number.NaN }, { minimalEvents: true, hasExperiment: false }, { locallyEvaluated: false }]) {
            const r: Resolution = { ...base, key: 'one-flag', value, reason, evaluatedAt: 1000 + (checked % 3), definitionsLoadedAt: 5, ...shape };
            const { message } = flagCalledEvent('u', r, undefined, undefined);
            assert.equal(`${flagCalledPropertiesText(r)}}`, JSON.stringify(message.properties));
            checked++;
          }
        }
      }
    }
    assert.equal(checked, 3 * 8 * 3 * 7);
  });

  it('a flag key is its own: two flags with the same outcome get their own texts', () => {
    const a = flagCalledPropertiesText({ ...base, key: 'a' });
    const b = flagCalledPropertiesText({ ...base, key: 'b' });
    assert.ok(a.includes('"$feature/a":true') && b.includes('"$feature/b":true'));
  });
});
