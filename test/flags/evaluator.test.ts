// Local evaluation of whole flags: conditions, variants, groups, cohorts, dependencies, holdouts,
// device bucketing, malformed definitions (reference: flag-evaluation.md §2-§5).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DefinitionsPayload, FlagDefinition } from '../../src/flags/definitions/payload.js';
import { compileFlagSet } from '../../src/flags/local/flag-set.js';
import { sha1Fraction } from '../../src/flags/local/sha1.js';
import { NOW, evaluate, flagWith, subject } from './helpers.js';

const rollout = (key: string, percent: number, extra: Partial<FlagDefinition> = {}): FlagDefinition => ({
  key,
  active: true,
  filters: { groups: [{ properties: [], rollout_percentage: percent }] },
  ...extra,
});

/** First ids inside and outside a rollout, found with the hash rather than hard-coded. */
function idsAround(key: string, percent: number): { inside: string; outside: string } {
  let inside: string | undefined;
  let outside: string | undefined;
  for (let i = 0; inside === undefined || outside === undefined; i++) {
    const id = `user-${i}`;
    if (sha1Fraction(`${key}.${id}`) <= percent / 100) inside ??= id;
    else outside ??= id;
  }
  return { inside, outside };
}

describe('flag basics', () => {
  it('inactive and deleted flags are false', () => {
    assert.equal(evaluate({ flags: [rollout('f', 100, { active: false })] }, 'f', subject('u')), false);
    assert.equal(evaluate({ flags: [rollout('f', 100, { deleted: true })] }, 'f', subject('u')), false);
  });

  it('rollout admits ids whose hash is within the percentage', () => {
    const { inside, outside } = idsAround('f', 30);
    const payload = { flags: [rollout('f', 30)] };
    assert.equal(evaluate(payload, 'f', subject(inside)), true);
    assert.equal(evaluate(payload, 'f', subject(outside)), false);
  });

  it('a null rollout means everyone; no conditions means nobody', () => {
    assert.equal(evaluate({ flags: [{ key: 'f', active: true, filters: { groups: [{ properties: [], rollout_percentage: null }] } }] }, 'f', subject('u')), true);
    assert.equal(evaluate({ flags: [{ key: 'f', active: true, filters: { groups: [] } }] }, 'f', subject('u')), false);
  });

  it('experience continuity is undecided locally when the hash decides (the server may hash a stored id)', () => {
    assert.equal(evaluate({ flags: [rollout('f', 50, { ensure_experience_continuity: true })] }, 'f', subject('u')), 'inconclusive');
    assert.equal(evaluate({ flags: [rollout('f', 100, { ensure_experience_continuity: true })] }, 'f', subject('u')), true);
  });

  it('an unknown key is missing', () => {
    assert.equal(evaluate({ flags: [] }, 'nope', subject('u')), 'missing');
  });

  it('distinct_id is a property the filters can read, unless the caller gives one', () => {
    const payload = { flags: [flagWith([{ key: 'distinct_id', operator: 'exact', value: 'vip' }])] };
    assert.equal(evaluate(payload, 'f', subject('vip')), true);
    assert.equal(evaluate(payload, 'f', subject('other')), false);
    assert.equal(evaluate(payload, 'f', subject('vip', { personProperties: { distinct_id: 'x' } })), false);
  });

  it('the first matching condition decides; one definite non-match beats an undecided filter', () => {
    const flag: FlagDefinition = {
      key: 'f',
      active: true,
      filters: {
        groups: [
          { properties: [{ key: 'missing', value: 'x' }, { key: 'plan', value: 'free' }], rollout_percentage: 100 },
          { properties: [{ key: 'plan', value: 'pro' }], rollout_percentage: 100 },
        ],
      },
    };
    assert.equal(evaluate({ flags: [flag] }, 'f', subject('u', { personProperties: { plan: 'pro' } })), true);
    assert.equal(evaluate({ flags: [flag] }, 'f', subject('u', { personProperties: { plan: 'basic' } })), false);
  });

  it('an undecided condition with no later match leaves the flag undecided', () => {
    const payload = { flags: [flagWith([{ key: 'plan', value: 'pro' }])] };
    assert.equal(evaluate(payload, 'f', subject('u')), 'inconclusive');
  });
});

describe('multivariate', () => {
  const variants = [
    { key: 'control', rollout_percentage: 50 },
    { key: 'test', rollout_percentage: 50 },
  ];
  const flag = (override?: string): FlagDefinition => ({
    key: 'mv',
    active: true,
    filters: { groups: [{ properties: [], rollout_percentage: 100, variant: override ?? null }], multivariate: { variants } },
  });

  it('picks the variant whose range holds hash(key, id, "variant")', () => {
    for (let i = 0; i < 50; i++) {
      const id = `id-${i}`;
      const expected = sha1Fraction(`mv.${id}variant`) < 0.5 ? 'control' : 'test';
      assert.equal(evaluate({ flags: [flag()] }, 'mv', subject(id)), expected);
    }
  });

  it('a condition-level override wins; an override naming no variant falls back to the hash', () => {
    assert.equal(evaluate({ flags: [flag('test')] }, 'mv', subject('id-1')), 'test');
    const hashed = evaluate({ flags: [flag()] }, 'mv', subject('id-1'));
    assert.equal(evaluate({ flags: [flag('nope')] }, 'mv', subject('id-1')), hashed);
  });

  it('percentages summing below 100 leave some ids with plain true', () => {
    const partial: FlagDefinition = { key: 'mv', active: true, filters: { groups: [{ properties: [], rollout_percentage: 100 }], multivariate: { variants: [{ key: 'a', rollout_percentage: 10 }] } } };
    const values = new Set(Array.from({ length: 60 }, (_, i) => evaluate({ flags: [partial] }, 'mv', subject(`id-${i}`))));
    assert.deepEqual([...values].sort(), [true, 'a'].sort());
  });

  it('payloads follow the value; invalid JSON is kept as text', () => {
    const set = compileFlagSet(
      { flags: [{ ...flag('test'), filters: { ...flag('test').filters, payloads: { test: '{"color":"blue"}', control: 'not json' } } }] },
      { loadedAt: NOW },
    );
    const outcome = set.evaluate('mv', subject('u'), NOW);
    assert.equal(outcome.kind, 'decided');
    assert.deepEqual(outcome.kind === 'decided' && outcome.payload, { color: 'blue' });
  });
});

describe('group flags', () => {
  const groupFlag: FlagDefinition = {
    key: 'g',
    active: true,
    filters: { aggregation_group_type_index: 0, groups: [{ properties: [{ key: 'size', operator: 'gt', value: 10, type: 'group', group_type_index: 0 }], rollout_percentage: 100 }] },
  };
  const payload: DefinitionsPayload = { flags: [groupFlag], group_type_mapping: { '0': 'company' } };

  it('filters on the group properties and buckets on the group key', () => {
    assert.equal(evaluate(payload, 'g', subject('u', { groups: { company: 'acme' }, groupProperties: { company: { size: 50 } } })), true);
    assert.equal(evaluate(payload, 'g', subject('u', { groups: { company: 'acme' }, groupProperties: { company: { size: 5 } } })), false);
  });

  it('is false when the caller did not pass the group', () => {
    assert.equal(evaluate(payload, 'g', subject('u')), false);
  });

  it('is undecided without group properties or without a group type mapping', () => {
    assert.equal(evaluate(payload, 'g', subject('u', { groups: { company: 'acme' } })), 'inconclusive');
    assert.equal(evaluate({ flags: [groupFlag] }, 'g', subject('u', { groups: { company: 'acme' } })), 'inconclusive');
  });

  it('$group_key is readable by filters', () => {
    const byKey: FlagDefinition = { ...groupFlag, filters: { aggregation_group_type_index: 0, groups: [{ properties: [{ key: '$group_key', value: 'acme' }], rollout_percentage: 100 }] } };
    assert.equal(evaluate({ flags: [byKey], group_type_mapping: { '0': 'company' } }, 'g', subject('u', { groups: { company: 'acme' } })), true);
  });

  it('rolls out by group key, not by distinct id', () => {
    const half: FlagDefinition = { key: 'g', active: true, filters: { aggregation_group_type_index: 0, groups: [{ properties: [], rollout_percentage: 50 }] } };
    const { inside, outside } = idsAround('g', 50);
    const p = { flags: [half], group_type_mapping: { '0': 'company' } };
    assert.equal(evaluate(p, 'g', subject(outside, { groups: { company: inside } })), true);
    assert.equal(evaluate(p, 'g', subject(inside, { groups: { company: outside } })), false);
  });
});

describe('cohorts', () => {
  const inCohort = (id: string, operator = 'in') => flagWith([{ key: 'id', type: 'cohort', value: id, operator }]);
  const cohorts = {
    '1': { type: 'OR', values: [{ type: 'AND', values: [{ key: 'plan', value: 'pro', type: 'person' }, { key: 'country', value: 'FR', type: 'person' }] }] },
    '2': { type: 'AND', values: [{ key: 'id', type: 'cohort', value: 1 }, { key: 'banned', value: 'true', type: 'person', negation: true }] },
    '3': { type: 'OR', values: [{ key: 'id', type: 'cohort', value: 3 }] },
  };

  it('matches nested AND / OR groups', () => {
    const p = { flags: [inCohort('1')], cohorts };
    assert.equal(evaluate(p, 'f', subject('u', { personProperties: { plan: 'pro', country: 'fr' } })), true);
    assert.equal(evaluate(p, 'f', subject('u', { personProperties: { plan: 'pro', country: 'DE' } })), false);
  });

  it('follows cohorts referring to cohorts, with negated leaves', () => {
    const p = { flags: [inCohort('2')], cohorts };
    assert.equal(evaluate(p, 'f', subject('u', { personProperties: { plan: 'pro', country: 'FR', banned: false } })), true);
    assert.equal(evaluate(p, 'f', subject('u', { personProperties: { plan: 'pro', country: 'FR', banned: true } })), false);
  });

  it('not_in inverts the cohort', () => {
    const p = { flags: [inCohort('1', 'not_in')], cohorts };
    assert.equal(evaluate(p, 'f', subject('u', { personProperties: { plan: 'free', country: 'FR' } })), true);
  });

  it('unknown (static) cohorts and self-referring cohorts are undecided, never a crash', () => {
    assert.equal(evaluate({ flags: [inCohort('99')], cohorts }, 'f', subject('u')), 'inconclusive');
    assert.equal(evaluate({ flags: [inCohort('3')], cohorts }, 'f', subject('u')), 'inconclusive');
  });

  it('an OR cohort decides on a matching leaf even when another leaf is undecided', () => {
    const p = { flags: [inCohort('4')], cohorts: { '4': { type: 'OR', values: [{ key: 'missing', value: 'x' }, { key: 'plan', value: 'pro' }] } } };
    assert.equal(evaluate(p, 'f', subject('u', { personProperties: { plan: 'pro' } })), true);
    assert.equal(evaluate(p, 'f', subject('u', { personProperties: { plan: 'free' } })), 'inconclusive');
  });
});

describe('flag dependencies', () => {
  const dependsOn = (key: string, target: string, value: unknown, chain: string[]): FlagDefinition =>
    flagWith([{ key: target, type: 'flag', operator: 'flag_evaluates_to', value, dependency_chain: chain }], { key });

  it('compares the dependency value: true means any truthy value, a string means that variant', () => {
    const base: FlagDefinition = { key: 'base', active: true, filters: { groups: [{ properties: [], rollout_percentage: 100, variant: 'blue' }], multivariate: { variants: [{ key: 'blue', rollout_percentage: 100 }] } } };
    const flags = [base, dependsOn('a', 'base', true, ['base']), dependsOn('b', 'base', 'blue', ['base']), dependsOn('c', 'base', 'red', ['base']), dependsOn('d', 'base', false, ['base'])];
    const set = compileFlagSet({ flags }, { loadedAt: NOW });
    const values = set.evaluateAll(subject('u'), undefined, NOW).map((o) => (o.kind === 'decided' ? o.value : o.kind));
    assert.deepEqual(values, ['blue', true, true, false, false]);
  });

  it('follows chains', () => {
    const flags = [rollout('x', 100), dependsOn('y', 'x', true, ['x']), dependsOn('z', 'y', true, ['x', 'y'])];
    assert.equal(evaluate({ flags }, 'z', subject('u')), true);
    assert.equal(evaluate({ flags: [rollout('x', 0), ...flags.slice(1)] }, 'z', subject('u')), false);
  });

  it('cycles, missing flags and missing chains are undecided', () => {
    assert.equal(evaluate({ flags: [dependsOn('p', 'q', true, ['q', 'p']), dependsOn('q', 'p', true, ['p', 'q'])] }, 'p', subject('u')), 'inconclusive');
    assert.equal(evaluate({ flags: [dependsOn('p', 'ghost', true, ['ghost'])] }, 'p', subject('u')), 'inconclusive');
    assert.equal(evaluate({ flags: [dependsOn('p', 'q', true, [])] }, 'p', subject('u')), 'inconclusive');
    assert.equal(evaluate({ flags: [flagWith([{ key: 'q', type: 'flag', value: true }], { key: 'p' })] }, 'p', subject('u')), 'inconclusive');
  });
});

describe('holdouts and device bucketing', () => {
  it('a 100% holdout answers holdout-<id>; 0% never does', () => {
    assert.equal(evaluate({ flags: [rollout('f', 100, { filters: { groups: [{ properties: [], rollout_percentage: 100 }], holdout: { id: 7, exclusion_percentage: 100 } } })] }, 'f', subject('u')), 'holdout-7');
    assert.equal(evaluate({ flags: [rollout('f', 100, { filters: { groups: [{ properties: [], rollout_percentage: 100 }], holdout: { id: 7, exclusion_percentage: 0 } } })] }, 'f', subject('u')), true);
  });

  it('device-bucketed flags hash the device id; without one a hashed condition is skipped, as the server does', () => {
    const flag = rollout('f', 50, { bucketing_identifier: 'device_id' });
    const { inside, outside } = idsAround('f', 50);
    assert.equal(evaluate({ flags: [flag] }, 'f', subject(outside, { deviceId: inside })), true);
    assert.equal(evaluate({ flags: [flag] }, 'f', subject(inside, { personProperties: { $device_id: outside } })), false);
    assert.equal(evaluate({ flags: [flag] }, 'f', subject(inside)), false);
  });
});

describe('malformed definitions', () => {
  it('never throw and never break the other flags', () => {
    const payload = {
      flags: [
        null,
        { key: 'no-filters', active: true },
        { key: 'bad-groups', active: true, filters: { groups: 'nope' } },
        { key: 'bad-filter', active: true, filters: { groups: [{ properties: [null, 42], rollout_percentage: 100 }] } },
        { key: 'bad-variants', active: true, filters: { groups: [{ properties: [] }], multivariate: { variants: 'x' } } },
        { key: 'weird-rollout', active: true, filters: { groups: [{ properties: [], rollout_percentage: 'abc' }] } },
        rollout('fine', 100),
      ],
      cohorts: { '1': 'not a group' },
    } as unknown as DefinitionsPayload;
    const set = compileFlagSet(payload, { loadedAt: NOW });
    const out = Object.fromEntries(set.evaluateAll(subject('u'), undefined, NOW).map((o) => [o.key, o.kind === 'decided' ? o.value : o.kind]));
    assert.equal(out.fine, true);
    assert.equal(out['no-filters'], false);
    assert.equal(out['bad-groups'], false);
    assert.equal(out['bad-filter'], 'inconclusive');
    assert.equal(out['bad-variants'], true);
  });

  it('a payload without flags compiles to an empty set', () => {
    assert.equal(compileFlagSet({} as DefinitionsPayload, { loadedAt: NOW }).size, 0);
  });
});

describe('reasons', () => {
  it('say which condition matched, that the rollout excluded, or which property did not match', () => {
    const { outside } = idsAround('f', 10);
    const set = compileFlagSet(
      {
        flags: [
          { key: 'f', active: true, filters: { groups: [{ properties: [{ key: 'plan', value: 'pro' }], rollout_percentage: 100 }, { properties: [], rollout_percentage: 10 }] } },
        ],
      },
      { loadedAt: NOW },
    );
    const matched = set.evaluate('f', subject('u', { personProperties: { plan: 'pro' } }), NOW);
    assert.equal(matched.kind === 'decided' && matched.reason.description, 'Matched condition set 1');
    const out = set.evaluate('f', subject(outside, { personProperties: { plan: 'free' } }), NOW);
    assert.equal(out.kind === 'decided' && out.reason.code, 'out_of_rollout');
    const undecided = set.evaluate('f', subject(outside), NOW);
    assert.match(undecided.kind === 'inconclusive' ? undecided.reason.description : '', /property "plan" was not given/);
  });

  it('number the matching set from 1 however many sets come before it, with its index, every time', () => {
    const never = { properties: [{ key: 'plan', value: 'never' }], rollout_percentage: 100 };
    const always = { properties: [], rollout_percentage: 100 };
    const set = compileFlagSet(
      {
        flags: [
          { key: 'two', active: true, filters: { groups: [never, always] } },
          { key: 'many', active: true, filters: { groups: [...Array.from({ length: 69 }, () => never), always] } },
        ],
      },
      { loadedAt: NOW },
    );
    for (let pass = 0; pass < 2; pass++) {
      for (const [key, index] of [['two', 1], ['many', 69]] as const) {
        const result = set.evaluate(key, subject('u', { personProperties: { plan: 'pro' } }), NOW);
        assert.equal(result.kind === 'decided' && result.reason.description, `Matched condition set ${index + 1}`, key);
        assert.equal(result.kind === 'decided' && result.reason.conditionIndex, index, key);
      }
    }
  });
});
