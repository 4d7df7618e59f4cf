// Local evaluation answers as PostHog's flags service does (issue 11). Each test names the server
// function it follows, in the Rust service `rust/feature-flags/src/` of PostHog/posthog unless said
// otherwise; where the server's answer cannot be known locally, the flag is inconclusive and the
// server is asked.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DefinitionsPayload, FlagDefinition } from '../../src/flags/definitions/payload.js';
import { compileFlagSet } from '../../src/flags/local/flag-set.js';
import { sha1Fraction } from '../../src/flags/local/sha1.js';
import type { Recorder } from '../../src/testing/index.js';
import { testClient } from '../helpers/client.js';
import { useRecorder } from '../helpers/recorder.js';
import { NOW, evaluate, subject } from './helpers.js';

const COMPANY = { '0': 'company' };

/** A flag with these condition sets. */
const flag = (groups: unknown[], extra: Partial<FlagDefinition> = {}, filters: Record<string, unknown> = {}): FlagDefinition =>
  ({ key: 'f', active: true, ...extra, filters: { groups, ...filters } }) as FlagDefinition;

/** The first id for which `test(hash)` holds, where hash = sha1Fraction(`${prefix}${id}${salt}`). */
function idWhere(prefix: string, test: (hash: number) => boolean, salt = ''): string {
  for (let i = 0; ; i++) if (test(sha1Fraction(`${prefix}id-${i}${salt}`))) return `id-${i}`;
}

let recorder: Recorder;
useRecorder((r) => (recorder = r));

describe('issue 11, items 1–4: where posthog-ts answered differently from the server', () => {
  // flags/flag_matching.rs `get_match` + flags/flag_property_group.rs `effective_aggregation`: a
  // condition aggregates by its own index (absent: the flag's; null: persons); a rollout-only group
  // condition needs the group key, not its properties, and hashes "<flag key>.<group key>".
  it('1. a condition-level aggregation_group_type_index hashes the group key; a missing group skips the condition', () => {
    const payload: DefinitionsPayload = { flags: [flag([{ aggregation_group_type_index: 0, rollout_percentage: 15 }])], group_type_mapping: COMPANY };
    const outside = idWhere('f.', (h) => h > 0.15);
    const inside = idWhere('f.', (h) => h <= 0.15);
    assert.equal(evaluate(payload, 'f', subject('u', { groups: { company: outside } })), false);
    assert.equal(evaluate(payload, 'f', subject('u', { groups: { company: inside } })), true);
    const mixed: DefinitionsPayload = {
      flags: [flag([{ aggregation_group_type_index: 0, rollout_percentage: 100, variant: null }, { aggregation_group_type_index: null, properties: [{ key: 'plan', value: 'pro', type: 'person' }], rollout_percentage: 100 }], {}, { aggregation_group_type_index: 0 })],
      group_type_mapping: COMPANY,
    };
    assert.equal(evaluate(mixed, 'f', subject('u', { personProperties: { plan: 'pro' } })), true, 'group missing: skipped, the person condition decides');
    assert.equal(evaluate(mixed, 'f', subject('u', { personProperties: { plan: 'free' } })), false);
  });

  // flags/flag_matching.rs `get_match`: `has_group_key` is false when the mapping lacks the index,
  // so the condition is skipped and the flag can end false.
  it('2. a condition whose aggregation index is not in group_type_mapping is skipped', () => {
    const payload: DefinitionsPayload = {
      flags: [flag([{ aggregation_group_type_index: 5, properties: [{ key: 'plan', value: 'pro', type: 'person' }], rollout_percentage: 100 }])],
      group_type_mapping: COMPANY,
    };
    assert.equal(evaluate(payload, 'f', subject('u')), false);
    const thenPerson: DefinitionsPayload = { flags: [flag([{ aggregation_group_type_index: 5, rollout_percentage: 100 }, { rollout_percentage: 100 }])], group_type_mapping: COMPANY };
    assert.equal(evaluate(thenPerson, 'f', subject('u')), true);
  });

  // flags/flag_request.rs `extract_distinct_id` (test `empty_distinct_id_is_accepted`): "" is an id.
  // flags/flag_matching.rs `check_rollout`: 100% admits without hashing. `get_hash` turns an empty
  // identifier into 0.0, which passes every rollout below 100% too (its comment says it meant "false",
  // and the v2 evaluator misses instead): posthog-ts does not copy either and asks the server.
  it('3. an empty distinct id is evaluated: 100% is true; below 100% the server decides', async () => {
    const flagDefinitions: DefinitionsPayload = { flags: [flag([{ rollout_percentage: 100 }], { key: 'full' }), flag([{ rollout_percentage: 30 }], { key: 'part' })] };
    recorder.serveFlags({ part: true });
    const { client } = testClient(recorder.url, { flagDefinitions, sendFeatureFlagEvent: false });
    assert.equal(await client.getFeatureFlag('full', undefined as never), undefined, 'no id at all: no value');
    assert.equal(await client.getFeatureFlag('full', '', { onlyEvaluateLocally: true }), true);
    assert.deepEqual(await client.getAllFlags('', { onlyEvaluateLocally: true }), { full: true });
    assert.equal(recorder.requestsTo('flags').length, 0);
    assert.equal(await client.getFeatureFlag('part', ''), true);
    const asked = recorder.requestsTo('flags').map((r) => r.body as { distinct_id: string; flag_keys_to_evaluate: string[] });
    assert.deepEqual(asked.map((b) => [b.distinct_id, b.flag_keys_to_evaluate]), [['', ['part']]]);
    await client.shutdown();
  });

  // flags/flag_matching.rs `evaluate_flags_in_level`: inactive flags are not evaluated and answer false.
  it('4. an inactive flag is false for the empty distinct id', async () => {
    const { client } = testClient(recorder.url, { flagDefinitions: { flags: [flag([{ rollout_percentage: 100 }], { active: false })] }, sendFeatureFlagEvent: false });
    assert.equal(await client.getFeatureFlag('f', '', { onlyEvaluateLocally: true }), false);
    assert.equal(await client.isFeatureEnabled('f', ''), false);
    assert.equal(recorder.requestsTo('flags').length, 0);
    await client.shutdown();
  });
});

describe('issue 11: the behaviours where SDKs commonly part from the server', () => {
  const variants = { multivariate: { variants: [{ key: 'a', rollout_percentage: 50 }, { key: 'b', rollout_percentage: 50 }] } };

  // flags/flag_matching.rs `get_match`: conditions run in definition order (`get_conditions().iter()`),
  // the first match decides, even when a later one has a variant override.
  it('conditions run in definition order', () => {
    const id = idWhere('f.', (h) => h < 0.5, 'variant');
    const payload = { flags: [flag([{ rollout_percentage: 100 }, { rollout_percentage: 100, variant: 'b' }], {}, variants)] };
    assert.equal(evaluate(payload, 'f', subject(id)), 'a');
  });

  // flags/v1_bucketing.rs `is_in_rollout` (100% never hashes, else `hash <= pct / 100`) and
  // `select_variant` (`hash < cumulative`); flags/flag_matching.rs `get_match`: an override naming no
  // variant falls back to the computed one.
  it('rollout edges: 100% without a hash, inclusive rollout bound, exclusive variant bound, invalid override', () => {
    let id = '';
    let percent = 0;
    for (let i = 0; ; i++) {
      const h = sha1Fraction(`f.id-${i}`);
      if ((h * 100) / 100 === h) {
        id = `id-${i}`;
        percent = h * 100;
        break;
      }
    }
    assert.equal(evaluate({ flags: [flag([{ rollout_percentage: percent }])] }, 'f', subject(id)), true, 'hash == pct/100 is inside');
    const continuity = { ensure_experience_continuity: true };
    assert.equal(evaluate({ flags: [flag([{ rollout_percentage: 100 }], continuity)] }, 'f', subject('u')), true, '100% needs no identifier');

    let vid = '';
    let share = 0;
    for (let i = 0; ; i++) {
      const h = sha1Fraction(`f.id-${i}variant`);
      if ((h * 100) / 100 === h) {
        vid = `id-${i}`;
        share = h * 100;
        break;
      }
    }
    const edge = { multivariate: { variants: [{ key: 'a', rollout_percentage: share }, { key: 'b', rollout_percentage: 100 - share }] } };
    assert.equal(evaluate({ flags: [flag([{ rollout_percentage: 100 }], {}, edge)] }, 'f', subject(vid)), 'b', 'hash == cumulative is past the variant');
    const hashed = evaluate({ flags: [flag([{ rollout_percentage: 100 }], {}, variants)] }, 'f', subject('u'));
    assert.equal(evaluate({ flags: [flag([{ rollout_percentage: 100, variant: 'nope' }], {}, variants)] }, 'f', subject('u')), hashed);
  });

  // flags/flag_matching.rs `get_match` (`has_group_key`: a non-empty string or a number) and
  // `prepare_group_data`: an empty, boolean or null group key skips the condition; it is not hashed as "".
  it('group keys that are empty, boolean or null skip the condition', async () => {
    const flagDefinitions: DefinitionsPayload = {
      flags: [flag([{ rollout_percentage: 100 }, { aggregation_group_type_index: null, properties: [{ key: 'plan', value: 'pro', type: 'person' }] }], {}, { aggregation_group_type_index: 0 })],
      group_type_mapping: COMPANY,
    };
    const { client } = testClient(recorder.url, { flagDefinitions, sendFeatureFlagEvent: false });
    for (const key of ['', true, null, false]) {
      const options = { groups: { company: key as never }, personProperties: { plan: 'free' }, onlyEvaluateLocally: true };
      assert.equal(await client.getFeatureFlag('f', 'u', options), false, `group key ${JSON.stringify(key)}`);
    }
    assert.equal(await client.getFeatureFlag('f', 'u', { groups: { company: 42 }, onlyEvaluateLocally: true }), true);
    await client.shutdown();
  });

  // flags/flag_matching.rs `is_holdout_condition_match` / `get_holdout_hash`: SHA-1 of
  // "holdout-<identifier>" on the flag-level aggregation, before the conditions; a missing group key
  // hashes as "" (`hashed_identifier`).
  it('holdouts hash "holdout-" + the flag-level identifier', () => {
    const holdout = { holdout: { id: 7, exclusion_percentage: 30 } };
    const inside = idWhere('holdout-', (h) => h <= 0.3);
    const outside = idWhere('holdout-', (h) => h > 0.3);
    assert.equal(evaluate({ flags: [flag([{ rollout_percentage: 100 }], {}, holdout)] }, 'f', subject(inside)), 'holdout-7');
    assert.equal(evaluate({ flags: [flag([{ rollout_percentage: 100 }], {}, holdout)] }, 'f', subject(outside)), true);
    const groupFlag = { flags: [flag([{ rollout_percentage: 100 }], {}, { ...holdout, aggregation_group_type_index: 0 })], group_type_mapping: COMPANY };
    assert.equal(evaluate(groupFlag, 'f', subject(outside, { groups: { company: inside } })), 'holdout-7');
    assert.equal(evaluate(groupFlag, 'f', subject(inside, { groups: { company: outside } })), true);
    const noGroup = sha1Fraction('holdout-') * 100;
    const noGroupFlag = { flags: [flag([{ rollout_percentage: 100 }], {}, { holdout: { id: 7, exclusion_percentage: noGroup + 1 }, aggregation_group_type_index: 0 })], group_type_mapping: COMPANY };
    assert.equal(evaluate(noGroupFlag, 'f', subject('u')), 'holdout-7');
  });

  // flags/flag_request.rs `extract_device_id` (top-level device_id, else a string $device_id in the
  // person properties); flags/flag_matching.rs `get_match`: without one, a person condition whose
  // outcome needs the hash is skipped (docs/internal/feature-flags/flag-evaluation-engine.md,
  // "Identifier resolution priority").
  it('bucketing_identifier device_id: top-level device id, else $device_id; without one hashed conditions are skipped', () => {
    const byDevice = { bucketing_identifier: 'device_id' };
    const payload = { flags: [flag([{ rollout_percentage: 50 }], byDevice)] };
    const inside = idWhere('f.', (h) => h <= 0.5);
    const outside = idWhere('f.', (h) => h > 0.5);
    assert.equal(evaluate(payload, 'f', subject('u', { deviceId: inside, personProperties: { $device_id: outside } })), true);
    assert.equal(evaluate(payload, 'f', subject('u', { personProperties: { $device_id: inside } })), true);
    assert.equal(evaluate(payload, 'f', subject('u', { deviceId: '', personProperties: { $device_id: outside } })), false);
    assert.equal(evaluate(payload, 'f', subject(inside, { personProperties: { $device_id: 42 } })), false, 'no device id: skipped, not the distinct id');
    assert.equal(evaluate({ flags: [flag([{ rollout_percentage: 100 }], byDevice)] }, 'f', subject('u')), true, '100% needs no device id');
  });

  // flags/flag_matching.rs `hashed_identifier`: a continuity flag hashes a stored override first, which
  // only the server knows; docs/internal/feature-flags/experience-continuity.md: a flag whose hash
  // changes nothing needs no override.
  it('experience continuity: local when the hash changes nothing, the server when it decides', () => {
    const continuity = { ensure_experience_continuity: true };
    assert.equal(evaluate({ flags: [flag([{ rollout_percentage: 100 }], continuity)] }, 'f', subject('u')), true);
    assert.equal(evaluate({ flags: [flag([{ properties: [{ key: 'plan', value: 'pro', type: 'person' }], rollout_percentage: 20 }], continuity)] }, 'f', subject('u', { personProperties: { plan: 'free' } })), false);
    assert.equal(evaluate({ flags: [flag([{ rollout_percentage: 20 }], continuity)] }, 'f', subject('u')), 'inconclusive');
    assert.equal(evaluate({ flags: [flag([{ rollout_percentage: 100 }], continuity, variants)] }, 'f', subject('u')), 'inconclusive');
    assert.equal(evaluate({ flags: [flag([{ rollout_percentage: 100, variant: 'b' }], continuity, variants)] }, 'f', subject('u')), 'b');
  });

  // flags/flag_matching_utils.rs `populate_missing_initial_properties`, called by
  // flags/flag_matching.rs `get_person_properties`: an absent $initial_x reads x.
  it('$initial_* person properties are filled from their counterparts', () => {
    const payload = { flags: [flag([{ properties: [{ key: '$initial_browser', value: 'Chrome', type: 'person' }], rollout_percentage: 100 }])] };
    assert.equal(evaluate(payload, 'f', subject('u', { personProperties: { $browser: 'Chrome' } })), true);
    assert.equal(evaluate(payload, 'f', subject('u', { personProperties: { $browser: 'Chrome', $initial_browser: 'Firefox' } })), false);
    const utm = { flags: [flag([{ properties: [{ key: '$initial_utm_source', value: 'ads', type: 'person' }], rollout_percentage: 100 }])] };
    assert.equal(evaluate(utm, 'f', subject('u', { personProperties: { utm_source: 'ads' } })), true);
  });

  // flags/flag_matching.rs `is_condition_match` (cohort filters read `person_properties`) and
  // `PropertyContext::resolve_for_filter` (person filters read the person, group filters their group).
  it('cohorts and person filters read the person even inside group conditions', () => {
    const payload: DefinitionsPayload = {
      flags: [
        flag(
          [{ properties: [{ key: 'id', type: 'cohort', value: 1 }, { key: 'size', value: 'big', type: 'group', group_type_index: 0 }, { key: 'role', value: 'admin', type: 'person' }], rollout_percentage: 100 }],
          {},
          { aggregation_group_type_index: 0 },
        ),
      ],
      group_type_mapping: COMPANY,
      cohorts: { '1': { type: 'AND', values: [{ key: 'plan', value: 'pro', type: 'person' }] } },
    };
    const who = (plan: string) =>
      subject('u', { groups: { company: 'acme' }, personProperties: { plan, role: 'admin' }, groupProperties: { company: { plan: 'free', size: 'big', role: 'viewer' } } });
    assert.equal(evaluate(payload, 'f', who('pro')), true);
    assert.equal(evaluate(payload, 'f', who('free')), false);
  });

  // flags/flag_matching.rs `get_match`: with `feature_enrollment: true` the person property
  // `$feature_enrollment/<key>` decides when present (`true` or "true" is enrolled); the server also
  // reads stored person properties, so without it in the call the server decides. Legacy
  // `super_groups` (`is_super_condition_match`) decide when the person has one of their properties.
  it('early-access enrollment decides first', () => {
    const payload = { flags: [flag([{ rollout_percentage: 0 }], {}, { feature_enrollment: true })] };
    const enrolled = (value: unknown) => subject('u', { personProperties: { '$feature_enrollment/f': value } });
    assert.equal(evaluate(payload, 'f', enrolled(true)), true);
    assert.equal(evaluate(payload, 'f', enrolled('true')), true);
    assert.equal(evaluate(payload, 'f', enrolled(false)), false);
    assert.equal(evaluate(payload, 'f', enrolled('yes')), false);
    assert.equal(evaluate(payload, 'f', subject('u')), 'inconclusive');
    const legacy = {
      flags: [flag([{ rollout_percentage: 0 }], {}, { super_groups: [{ properties: [{ key: '$feature_enrollment/f', value: ['true'], operator: 'exact', type: 'person' }], rollout_percentage: 100 }] })],
    };
    assert.equal(evaluate(legacy, 'f', enrolled(true)), true);
    assert.equal(evaluate(legacy, 'f', enrolled(false)), false);
    assert.equal(evaluate(legacy, 'f', subject('u')), 'inconclusive');
  });

  // posthog/models/feature_flag/local_evaluation.py `_get_flags_for_local_evaluation` filters
  // `deleted=False`, and flags/flag_matching.rs `evaluate_flags_in_level` skips `flag.deleted`: a deleted
  // flag is never on. posthog-ts already answered so (posthog-node evaluates it): kept.
  it('a deleted flag is false, decided locally', () => {
    const set = compileFlagSet({ flags: [flag([{ rollout_percentage: 100 }], { deleted: true })] }, { loadedAt: NOW });
    const outcome = set.evaluate('f', subject('u'), NOW);
    assert.equal(outcome.kind === 'decided' && outcome.value, false);
  });
});
