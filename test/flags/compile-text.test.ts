import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileDefinitionsText } from '../../src/flags/definitions/compile-text.js';
import type { DefinitionsPayload } from '../../src/flags/definitions/payload.js';
import { compileFlagSet } from '../../src/flags/local/flag-set.js';
import { NOW, subject } from './helpers.js';

const payload: DefinitionsPayload = {
  flags: [
    { id: 1, key: 'half', active: true, filters: { groups: [{ properties: [], rollout_percentage: 50 }] } },
    { id: 2, key: 'pro', active: true, filters: { groups: [{ properties: [{ key: 'plan', value: ['pro'], operator: 'exact', type: 'person' }], rollout_percentage: 100 }] } },
    { id: 3, key: 'variant', active: true, filters: { groups: [{ rollout_percentage: 100 }], multivariate: { variants: [{ key: 'a', rollout_percentage: 50 }, { key: 'b', rollout_percentage: 50 }] }, payloads: { a: '{"x":1}' } } },
    { id: 4, key: 'in-cohort', active: true, filters: { groups: [{ properties: [{ key: 'id', value: 7, type: 'cohort' }], rollout_percentage: 100 }] } },
  ],
  group_type_mapping: { '0': 'company' },
  cohorts: { '7': { type: 'AND', values: [{ type: 'AND', values: [{ key: 'plan', value: 'pro', operator: 'exact', type: 'person' }] }] } },
  minimal_flag_called_events: true,
};
describe('compiling definitions text', () => {
  it('the compiled text answers every flag as the parsed payload does, with the payload fields', () => {
    const text = JSON.stringify(payload);
    const fromText = compileDefinitionsText(text, { loadedAt: NOW });
    const parsed = compileFlagSet(JSON.parse(text) as DefinitionsPayload, { loadedAt: NOW });
    assert.ok(fromText);
    assert.deepEqual(fromText.keys, ['half', 'pro', 'variant', 'in-cohort']);
    assert.equal(fromText.minimalFlagCalledEvents, true);
    for (let i = 0; i < 40; i++) {
      const who = subject(`user-${i}`, { personProperties: { plan: i % 2 ? 'pro' : 'free' } });
      assert.deepEqual(fromText.evaluateAll(who, undefined, NOW), parsed.evaluateAll(who, undefined, NOW));
    }
    assert.equal(fromText.evaluate('in-cohort', subject('u', { personProperties: { plan: 'pro' } }), NOW).kind, 'decided');
  });

  it('a text with one malformed flag keeps the others', () => {
    const text = '{"flags":[{"key":"broken","filters":{"groups":[}]},{"key":"fine","active":true,"filters":{"groups":[{"rollout_percentage":100}]}}]}';
    const set = compileDefinitionsText(text, { loadedAt: NOW });
    assert.ok(set);
    assert.deepEqual(set.evaluateValues(subject('u'), undefined, NOW), { values: { fine: true }, undecided: ['broken'] });
  });

  for (const [why, text] of [
    ['not an object', '[{"key":"a"}]'],
    ['without a flags list', '{"flags":{"key":"a"}}'],
    ['null', 'null'],
    ['truncated', JSON.stringify(payload).slice(0, -5)],
  ] as const) {
    it(`refuses a text that is ${why}`, () => {
      assert.equal(compileDefinitionsText(text, { loadedAt: NOW }), undefined);
    });
  }
});
