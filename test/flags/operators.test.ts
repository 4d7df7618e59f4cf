// Local evaluation, operator by operator (reference: flag-evaluation.md §4).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NOW, matches } from './helpers.js';

type Case = [operator: string, filterValue: unknown, property: unknown, expected: boolean | 'inconclusive'];

function table(cases: Case[]): void {
  for (const [operator, value, property, expected] of cases) {
    it(`${operator} ${JSON.stringify(value)} on ${property instanceof Date ? property.toISOString() : JSON.stringify(property)} → ${expected}`, () => {
      assert.equal(matches({ key: 'p', operator, value, type: 'person' }, { p: property }), expected);
    });
  }
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('operator: exact / is_not', () => {
  table([
    ['exact', 'Pro', 'pro', true],
    ['exact', 'pro', 'basic', false],
    ['exact', ['a', 'b'], 'B', true],
    ['exact', ['a', 'b'], 'c', false],
    ['exact', 'true', true, true],
    ['exact', true, 'TRUE', true],
    ['exact', 'false', true, false],
    ['exact', 1.5, 1.5, true],
    ['exact', '30', 30, 'inconclusive'],
    ['exact', 30, 30, 'inconclusive'],
    ['exact', 'null', null, true],
    ['exact', { b: 1.5, a: 'x' }, { a: 'x', b: 1.5 }, true],
    ['is_not', 'pro', 'basic', true],
    ['is_not', 'pro', 'PRO', false],
    ['is_not', ['a', 'b'], 'c', true],
    ['is_not', 30, 30, 'inconclusive'],
  ]);
  it('missing operator means exact', () => {
    assert.equal(matches({ key: 'p', value: 'x' }, { p: 'X' }), true);
  });
  it('property_matching_version 2 compares booleans as text, numbers never equal them', () => {
    assert.equal(matches({ key: 'p', operator: 'exact', value: 'true' }, { p: 'true' }, { property_matching_version: 2 }), true);
    assert.equal(matches({ key: 'p', operator: 'exact', value: 'true' }, { p: 1.5 }, { property_matching_version: 2 }), false);
    assert.equal(matches({ key: 'p', operator: 'exact', value: ['true'] }, { p: 'yes' }, { property_matching_version: 2 }), false);
  });
});

describe('operator: is_set / is_not_set', () => {
  table([
    ['is_set', 'is_set', 'anything', true],
    ['is_set', 'is_set', null, true],
    ['is_not_set', 'is_not_set', 'anything', false],
  ]);
  it('an absent property is undecided locally for both (the server may know it)', () => {
    assert.equal(matches({ key: 'p', operator: 'is_set', value: 'is_set' }, {}), 'inconclusive');
    assert.equal(matches({ key: 'p', operator: 'is_not_set', value: 'is_not_set' }, {}), 'inconclusive');
  });
});

describe('operator: string tests', () => {
  table([
    ['icontains', 'OST', 'posthog', true],
    ['icontains', 'xyz', 'posthog', false],
    ['icontains', 'null', null, true],
    ['not_icontains', 'xyz', 'posthog', true],
    ['not_icontains', 'HOG', 'posthog', false],
    ['starts_with', 'Post', 'posthog.com', true],
    ['starts_with', 'hog', 'posthog.com', false],
    ['not_starts_with', 'hog', 'posthog.com', true],
    ['ends_with', '.COM', 'posthog.com', true],
    ['ends_with', '.io', 'posthog.com', false],
    ['not_ends_with', '.io', 'posthog.com', true],
    ['icontains', 'É', 'é', false],
    ['icontains', '12', 123, true],
  ]);
});

describe('operator: regex / not_regex', () => {
  table([
    ['regex', '^user-\\d+$', 'user-42', true],
    ['regex', '^user-\\d+$', 'admin', false],
    ['regex', '', 'anything', true],
    ['not_regex', '', 'anything', false],
    ['not_regex', '^a', 'bcd', true],
    ['regex', '(?:ab)+', 'abab', true],
    ['regex', '(?=a)', 'a', 'inconclusive'],
    ['regex', '\\bword', 'word', true],
    ['regex', 'a', 'ä', false],
    ['regex', '(', 'x', false],
    ['not_regex', '(', 'x', false],
    ['regex', 'null', null, true],
  ]);
});

describe('operator: numeric comparisons', () => {
  table([
    ['gt', 10, 11, true],
    ['gt', '10', '9', false],
    ['gt', 10, 10, false],
    ['gte', 10, 10, true],
    ['lt', '2.5', 2, true],
    ['lte', 2, 3, false],
    ['gt', 'b', 'c', true],
    ['lt', 'b', 'a', true],
    ['gt', 10, null, false],
    ['gt', 5, '10abc', true],
  ]);
});

describe('operator: dates', () => {
  table([
    ['is_date_before', '2026-01-10', '2026-01-01', true],
    ['is_date_before', '2026-01-10', '2026-02-01', false],
    ['is_date_after', '2026-01-10T00:00:00Z', new Date('2026-01-11T00:00:00Z'), true],
    ['is_date_after', '-7d', iso(NOW - 3 * DAY), true],
    ['is_date_after', '-7d', iso(NOW - 8 * DAY), false],
    ['is_date_before', '-1h', iso(NOW - 2 * 3_600_000), true],
    ['is_date_before', '-2w', iso(NOW - 15 * DAY), true],
    ['is_date_after', '-1m', '2025-12-20T00:00:00Z', true],
    ['is_date_after', '-1y', '2025-01-16T00:00:00Z', true],
    ['is_date_after', '-1y', '2025-01-14T00:00:00Z', false],
    ['is_date_before', '2026-01-10', NOW - 30 * DAY, true],
    ['is_date_before', '2026-01-10', 'not a date', 'inconclusive'],
    ['is_date_before', '2026-01-10', true, 'inconclusive'],
    ['is_date_before', 'garbage', '2026-01-01', 'inconclusive'],
    ['is_date_before', true, '2026-01-01', 'inconclusive'],
    ['is_date_before', '2026-01-10', null, false],
  ]);
});

describe('operator: semver', () => {
  table([
    ['semver_eq', '1.2.3', 'v1.2.3', true],
    ['semver_eq', '1.2', '1.2.0', true],
    ['semver_eq', '1.2.3', '1.2.4', false],
    ['semver_neq', '1.2.3', '1.2.4', true],
    ['semver_gt', '1.2.3', '1.10.0', true],
    ['semver_gte', '1.2.3', '1.2.3-beta', true],
    ['semver_lt', '2.0.0', '1.99.99', true],
    ['semver_lte', '2.0.0', '2.0.1', false],
    ['semver_tilde', '1.2.3', '1.2.9', true],
    ['semver_tilde', '1.2.3', '1.3.0', false],
    ['semver_caret', '1.2.3', '1.9.0', true],
    ['semver_caret', '1.2.3', '2.0.0', false],
    ['semver_caret', '0.2.3', '0.3.0', false],
    ['semver_caret', '0.0.3', '0.0.3', true],
    ['semver_wildcard', '1.*', '1.9.9', true],
    ['semver_wildcard', '1.2.*', '1.3.0', false],
    ['semver_eq', '1.2.3', '01.2.3', 'inconclusive'],
    ['semver_eq', '1.2.3', 'banana', 'inconclusive'],
    ['semver_eq', 'banana', '1.2.3', 'inconclusive'],
    ['semver_gt', '1.0.0', null, false],
  ]);
});

describe('parseVersion, which keeps the last text it parsed', () => {
  it('answers each text by itself whatever came before: repeated, alternating, invalid, and numbers', async () => {
    const { parseVersion } = await import('../../src/flags/local/semver.js');
    const expected: Array<[unknown, readonly number[] | undefined]> = [
      ['1.2.3', [1, 2, 3]],
      ['1.2.3', [1, 2, 3]],
      ['v2.0', [2, 0, 0]],
      ['1.2.3', [1, 2, 3]],
      ['01.2.3', undefined],
      ['01.2.3', undefined],
      ['1.2.3', [1, 2, 3]],
      [3, [3, 0, 0]],
      ['1.2.3-beta+build', [1, 2, 3]],
      ['banana', undefined],
      [' 4.5.6 ', [4, 5, 6]],
    ];
    for (const [text, version] of expected) assert.deepEqual(parseVersion(text), version, String(text));
  });
});

describe('operator: unknown and null handling', () => {
  table([
    ['no_such_operator', 'x', 'x', 'inconclusive'],
    ['exact', 'x', undefined, 'inconclusive'],
  ]);
  it('an unknown operator only affects its own flag', async () => {
    const { compileFlagSet } = await import('../../src/flags/local/flag-set.js');
    const set = compileFlagSet(
      {
        flags: [
          { key: 'bad', active: true, filters: { groups: [{ properties: [{ key: 'p', operator: 'wat', value: 1 }], rollout_percentage: 100 }] } },
          { key: 'good', active: true, filters: { groups: [{ properties: [], rollout_percentage: 100 }] } },
        ],
      },
      { loadedAt: NOW },
    );
    const [bad, good] = set.evaluateAll({ distinctId: 'u', groups: {}, personProperties: { p: 1 }, groupProperties: {} }, undefined, NOW);
    assert.equal(bad.kind, 'inconclusive');
    assert.equal(good.kind === 'decided' && good.value, true);
  });
});
