import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { DefinitionsPayload } from '../../src/flags/definitions/payload.js';
import { type ScannedDefinitions, flagText, scanDefinitions } from '../../src/flags/definitions/scan.js';
import { compileFlagSet, compileFlagSetFromJson } from '../../src/flags/local/flag-set.js';
import { NOW, subject } from './helpers.js';

/** Flags whose strings hold everything a naive scan would trip on. */
const tricky: DefinitionsPayload = {
  flags: [
    { id: 1, key: 'quote"inside', active: true, filters: { groups: [{ properties: [], rollout_percentage: 40 }] } },
    { id: 2, key: 'back\\slash\\', active: true, filters: { groups: [{ properties: [{ key: 'key', value: '{"key":"decoy"}', operator: 'exact', type: 'person' }], rollout_percentage: 100 }] } },
    { key: 'ünïcødé ✓', active: true, filters: { groups: [{ rollout_percentage: 100 }], payloads: { true: '{"a":"[}{]"}' } } },
    { id: 4, key: 'nested-key-member', active: true, filters: { groups: [{ properties: [{ key: 'id', value: 99, operator: 'gt', type: 'person' }], rollout_percentage: 100, variant: null }] } },
  ],
  group_type_mapping: { '0': 'company' },
  cohorts: { '7': { type: 'AND', values: [] } },
  minimal_flag_called_events: true,
};

function vectorsPayload(): DefinitionsPayload {
  const vectors = JSON.parse(readFileSync(join(process.cwd(), 'test', 'fixtures', 'consistency-vectors.json'), 'utf8')) as { cases: Array<{ flag: DefinitionsPayload['flags'][number] }> };
  return { flags: vectors.cases.map((c) => c.flag) };
}

/** Each scanned flag's key and id. */
const pairs = (scanned: ScannedDefinitions | undefined) => scanned?.keys.map((key, i) => [key, scanned.ids[i]]);
/** Each scanned flag's JSON text, parsed. */
const texts = (scanned: ScannedDefinitions | undefined) => scanned?.keys.map((_, i) => JSON.parse(flagText(scanned, i)) as unknown);

describe('scanning definitions without parsing the flags', () => {
  for (const [name, text] of [
    ['compact', JSON.stringify(tricky)],
    ['indented', JSON.stringify(tricky, null, 2)],
    ['CRLF and tabs', JSON.stringify(tricky, null, '\t').replace(/\n/g, '\r\n')],
  ] as const) {
    it(`finds every key, id and the rest of the payload (${name})`, () => {
      const scanned = scanDefinitions(text);
      assert.ok(scanned);
      assert.deepEqual(pairs(scanned), tricky.flags.map((f) => [f.key, f.id]));
      assert.deepEqual(texts(scanned), tricky.flags);
      assert.deepEqual(scanned.rest, { group_type_mapping: tricky.group_type_mapping, cohorts: tricky.cohorts, minimal_flag_called_events: true });
    });
  }

  it('leaves out entries a full parse would ignore, keeps the last of duplicate members', () => {
    const scanned = scanDefinitions('{"flags":[null,1,"x",{"id":3},{"key":""},{"key":"a","id":null},{"key":"b","key":"c","id":5,"id":6}]}');
    assert.deepEqual(pairs(scanned), [['a', undefined], ['c', 6]]);
  });

  it('reads flags of every shape alike: id before or after the key, no id, a non-number id, nesting deeper than the one-match path takes', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 12; i++) deep = i % 2 ? { inner: deep } : [deep];
    const flags = [
      { id: 1, key: 'id-first', filters: { groups: [] } },
      { key: 'id-after', filters: { groups: [] }, id: 2.5 },
      { key: 'no-id', active: true },
      { key: 'null-id', id: null },
      { key: 'string-id', id: '7' },
      { id: -3e2, filters: { deep }, key: 'deep' },
      { filters: { decoy: { key: 'not-this', id: 9 } }, key: 'nested-decoys', id: 4 },
      { key: 'k\u00e9y\n', id: 5 },
    ];
    const text = JSON.stringify({ flags });
    const scanned = scanDefinitions(text);
    assert.deepEqual(pairs(scanned), [
      ['id-first', 1],
      ['id-after', 2.5],
      ['no-id', undefined],
      ['null-id', undefined],
      ['string-id', undefined],
      ['deep', -300],
      ['nested-decoys', 4],
      ['k\u00e9y\n', 5],
    ]);
    assert.deepEqual(texts(scanned), JSON.parse(text).flags);
  });

  it('reads an escaped member name', () => {
    assert.deepEqual(pairs(scanDefinitions('{"flags":[{"\\u006bey":"k","\\u0069d":2}]}')), [['k', 2]]);
  });

  for (const [why, text] of [
    ['truncated', JSON.stringify(tricky).slice(0, -10)],
    ['trailing garbage', `${JSON.stringify(tricky)} x`],
    ['not an object', '[{"key":"a"}]'],
    ['no flags list', '{"flags":{"key":"a"}}'],
    ['an unterminated string', '{"flags":[{"key":"a}]}'],
    ['empty', ''],
    ['a malformed member after the flags', '{"flags":[],"cohorts":{bad}}'],
  ] as const) {
    it(`rejects a payload that is ${why}`, () => {
      assert.equal(scanDefinitions(text), undefined);
      assert.equal(compileFlagSetFromJson(text, { loadedAt: NOW }), undefined);
    });
  }

  it('a flag whose JSON is malformed inside is undecided; the others still evaluate', () => {
    const text = '{"flags":[{"key":"broken","filters":{"groups":[}]},{"key":"fine","active":true,"filters":{"groups":[{"rollout_percentage":100}]}}]}';
    const set = compileFlagSetFromJson(text, { loadedAt: NOW });
    assert.ok(set);
    assert.deepEqual(set.keys, ['broken', 'fine']);
    assert.equal(set.evaluate('broken', subject('u'), NOW).kind, 'inconclusive');
    assert.deepEqual(set.evaluateValues(subject('u'), undefined, NOW), { values: { fine: true }, undecided: ['broken'] });
  });

  it('a repeated "flags" member replaces the first, as a parse keeps the last', () => {
    assert.deepEqual(pairs(scanDefinitions('{"flags":[{"key":"a","id":1}],"flags":[{"key":"b","id":2}]}')), [['b', 2]]);
  });

  it('a key given twice is one flag, in the place of the first, with the last definition, both ways', () => {
    const on = (key: string, id: number, rollout: number) => ({ id, key, active: true, filters: { groups: [{ properties: [], rollout_percentage: rollout }] } });
    const payload = { flags: [on('a', 1, 100), on('b', 2, 100), on('a', 3, 0)] };
    const text = JSON.stringify(payload);
    for (const set of [compileFlagSetFromJson(text, { loadedAt: NOW }), compileFlagSet(payload as DefinitionsPayload, { loadedAt: NOW })]) {
      assert.ok(set);
      assert.deepEqual(set.keys, ['a', 'b']);
      assert.equal(set.size, 2);
      assert.deepEqual(set.evaluateValues(subject('u'), undefined, NOW), { values: { a: false, b: true }, undecided: [] });
      assert.equal(set.flag('a')?.id, 3);
      assert.equal(set.definition('a')?.id, 3);
    }
  });

  it('evaluation contexts leave out the flags tagged for others, both ways; a dependency on one sees false', () => {
    const payload = {
      flags: [
        { id: 1, key: 'web', active: true, evaluation_contexts: ['web'], filters: { groups: [{ rollout_percentage: 100 }] } },
        { id: 2, key: 'server', active: true, evaluation_tags: ['server'], filters: { groups: [{ rollout_percentage: 100 }] } },
        { id: 3, key: 'untagged', active: true, filters: { groups: [{ rollout_percentage: 100 }] } },
        { id: 4, key: 'needs-web', active: true, filters: { groups: [{ properties: [{ key: 'web', type: 'flag', value: true, operator: 'flag_evaluates_to', dependency_chain: ['web'] }], rollout_percentage: 100 }] } },
      ],
    };
    const text = JSON.stringify(payload);
    const options = { loadedAt: NOW, evaluationContexts: ['server'] };
    for (const set of [compileFlagSetFromJson(text, options), compileFlagSet(payload as DefinitionsPayload, options)]) {
      assert.ok(set);
      assert.deepEqual(set.keys, ['server', 'untagged', 'needs-web']);
      assert.equal(set.has('web'), false);
      assert.deepEqual(set.evaluateValues(subject('u'), undefined, NOW), { values: { server: true, untagged: true, 'needs-web': false }, undecided: [] });
    }
  });

  it('evaluates exactly like a full parse, flag by flag, on the consistency vectors and the tricky set', () => {
    for (const payload of [vectorsPayload(), tricky]) {
      const text = JSON.stringify(payload);
      const lazy = compileFlagSetFromJson(text, { loadedAt: NOW });
      const eager = compileFlagSet(JSON.parse(text) as DefinitionsPayload, { loadedAt: NOW });
      assert.ok(lazy);
      assert.deepEqual(lazy.keys, eager.keys);
      for (let i = 0; i < 50; i++) {
        const who = subject(`user-${i}`, { personProperties: { key: 'x', id: i * 3 } });
        assert.deepEqual(lazy.evaluateAll(who, undefined, NOW), eager.evaluateAll(who, undefined, NOW));
      }
    }
  });
});
